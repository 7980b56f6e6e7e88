"""The benign changes of the scored days: how each alters the background (a ``Change`` to an
actor from a moment on) or adds the calls a person makes, and its truth rows (expected at most
low)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from benchmarks.heldout17._activity import World, run
from benchmarks.heldout17._clients import CHROME_MAC, INFERENCE_SDK_NEW, RESEARCHER, cli
from benchmarks.heldout17._net import NETS
from benchmarks.heldout17._org import ACCOUNTS, SANDBOX, SECURITY, WEST, Actor, sso_role
from benchmarks.heldout17._plan import Change, at, principal, row, steps
from benchmarks.heldout17._trail import Role, key_id


def benign(
    world: World, actors: dict[str, Actor], scored: list[int], scale: float
) -> tuple[list[Change], list[dict[str, Any]]]:
    """Every benign change: the changes to the background, and their truth rows."""
    s = scored
    changes: list[Change] = []
    truth: list[dict[str, Any]] = []
    end = at(world, s[-1], 24)
    admin, sre_lee, secops = actors["ml-admin"], actors["sre-lee"], actors["secops"]

    # B1 a new foundation model family enabled by the ML platform admin, console from the office
    t = at(world, s[1], 17.2)
    families = (
        "deepseek.r1-v1:0",
        "meta.llama3-3-70b-instruct-v1:0",
        "mistral.mistral-large-2407-v1:0",
    )
    apis: list[tuple[str, dict[str, Any] | None]] = [("bedrock:ListFoundationModels", None)]
    for model in families:
        apis += [
            ("bedrock:GetFoundationModelAvailability", {"modelId": model}),
            ("bedrock:ListFoundationModelAgreementOffers", {"modelId": model}),
        ]
    apis.append(("bedrock:PutUseCaseForModelAccess", {"formData": "<use case>"}))
    for model in families:
        apis += [
            ("bedrock:CreateFoundationModelAgreement", {"modelId": model, "offerToken": "<offer>"}),
            ("bedrock:PutFoundationModelEntitlement", {"modelId": model}),
        ]
    steps(world, admin, t, apis)
    truth.append(
        row(
            "B1",
            "new model family enabled (model access agreements, entitlements)",
            "benign",
            t - dt.timedelta(minutes=5),
            t + dt.timedelta(hours=1),
            principal_arn=principal(admin),
        )
    )

    # B2 GPU capacity bought (EC2 Capacity Blocks, a SageMaker training plan), then a large run
    t = at(world, s[1], 19.0)
    steps(
        world,
        admin,
        t,
        [
            (
                "ec2:DescribeCapacityBlockOfferings",
                {"instanceType": "p5.48xlarge", "instanceCount": 16},
            ),
            (
                "ec2:DescribeCapacityBlockOfferings",
                {"instanceType": "p5.48xlarge", "instanceCount": 8},
            ),
            (
                "ec2:PurchaseCapacityBlock",
                {
                    "capacityBlockOfferingId": "cb-0e1f5a2d7c8b94613",
                    "instancePlatform": "Linux/UNIX",
                },
            ),
            (
                "sagemaker:SearchTrainingPlanOfferings",
                {"InstanceType": "ml.p5.48xlarge", "InstanceCount": 8},
            ),
            ("sagemaker:CreateTrainingPlan", {"TrainingPlanName": "q1-foundation-run"}),
            ("ec2:DescribeCapacityReservations", None),
        ],
        region=WEST,
    )
    truth.append(
        row(
            "B2",
            "GPU capacity purchase and a large training run",
            "benign",
            t - dt.timedelta(minutes=5),
            t + dt.timedelta(hours=1),
            principal_arn=principal(admin),
        )
    )
    launch = at(world, s[2], 2)
    scheduler = actors["capacity-scheduler"]
    rng = world.rng("B2-launch")
    for i in range(4):
        run(
            world,
            dataclasses.replace(
                scheduler,
                mix=(("ec2:RunInstances", 3), ("ec2:CreateTags", 3), ("ec2:DescribeInstances", 4)),
            ),
            s[2],
            launch + dt.timedelta(minutes=10 * i),
            launch + dt.timedelta(minutes=10 * i + 9),
            scale=1.0,
            n=6 + rng.randrange(3),
            tag="",
            minted=True,
        )
    changes.append(
        Change(
            "training-node",
            launch,
            end,
            lambda a: dataclasses.replace(a, units=16, per_day=a.per_day * 6),
            tag="cb-run",
        )
    )
    for who in ("capacity-scheduler", "training-node"):
        truth.append(
            row(
                "B2",
                "GPU capacity purchase and a large training run",
                "benign",
                launch - dt.timedelta(minutes=10),
                end,
                principal_arn=principal(actors[who]),
            )
        )

    # B3 launch-day load test: the inference API at ten times its volume for four hours
    t = at(world, s[3], 16)
    changes.append(
        Change(
            "inference-api",
            t,
            t + dt.timedelta(hours=4),
            lambda a: dataclasses.replace(a, per_day=a.per_day * 10, units=12),
        )
    )
    truth.append(
        row(
            "B3",
            "launch-day load test, inference x10",
            "benign",
            t,
            t + dt.timedelta(hours=4),
            principal_arn=principal(actors["inference-api"]),
        )
    )

    # B4 cross-region inference profiles: a share of the inference calls now reach us-west-2
    t = at(world, s[2], 15)
    profiles = tuple("us." + m for m in actors["inference-api"].resources)
    changes.append(
        Change("inference-api", t, end, lambda a: dataclasses.replace(a, resources=profiles))
    )
    # the same pods' keys (same name), calling the second region's endpoint from the same hour
    actors["inference-api-west"] = dataclasses.replace(
        actors["inference-api"],
        region=WEST,
        resources=profiles,
        per_day=actors["inference-api"].per_day * 0.3,
        first_day=s[2],
        shadow=True,
    )
    changes.append(
        Change(
            "inference-api-west", at(world, s[2], 0), t, lambda a: dataclasses.replace(a, per_day=0)
        )
    )
    truth.append(
        row(
            "B4",
            "cross-region inference profiles enabled (calls reach us-west-2)",
            "benign",
            t,
            end,
            principal_arn=principal(actors["inference-api"]),
        )
    )

    # B5 service-quota increase requests for the GPU run, by an SRE in the console
    t = at(world, s[0], 18)
    steps(
        world,
        sre_lee,
        t,
        [
            ("servicequotas:ListServiceQuotas", {"ServiceCode": "ec2"}),
            ("servicequotas:GetServiceQuota", {"ServiceCode": "ec2", "QuotaCode": "L-417A185B"}),
            (
                "servicequotas:RequestServiceQuotaIncrease",
                {"ServiceCode": "ec2", "QuotaCode": "L-417A185B", "DesiredValue": 1536},
            ),
            (
                "servicequotas:GetServiceQuota",
                {"ServiceCode": "sagemaker", "QuotaCode": "L-E2B2A0F8"},
            ),
            (
                "servicequotas:RequestServiceQuotaIncrease",
                {"ServiceCode": "sagemaker", "QuotaCode": "L-E2B2A0F8", "DesiredValue": 16},
            ),
            ("servicequotas:ListRequestedServiceQuotaChangeHistory", None),
            ("support:DescribeCases", None),
        ],
        region=WEST,
    )
    truth.append(
        row(
            "B5",
            "service-quota increase requests",
            "benign",
            t - dt.timedelta(minutes=5),
            t + dt.timedelta(hours=1),
            principal_arn=principal(sre_lee),
        )
    )

    # B6 research offsite in Lisbon: two researchers, console and CLI as usual, two days
    t0, t1 = at(world, s[1], 0), at(world, s[2], 24)
    for who in ("sci-maya", "sci-luis"):
        changes.append(
            Change(who, t0, t1, lambda a: dataclasses.replace(a, nets=("lisbon",), hours=(8, 19)))
        )
        truth.append(
            row(
                "B6",
                "research offsite in Lisbon",
                "benign",
                t0,
                t1,
                principal_arn=principal(actors[who]),
            )
        )

    # B7 the retrieval service moves from IRSA to EKS Pod Identity (new credential shape)
    t = at(world, s[0], 10)
    changes.append(
        Change("retrieval-svc", t, end, lambda a: dataclasses.replace(a, kind="pod"), tag="podid")
    )
    truth.append(
        row(
            "B7",
            "IRSA to EKS Pod Identity migration",
            "benign",
            t,
            end,
            principal_arn=principal(actors["retrieval-svc"]),
        )
    )

    # B8 an SDK upgrade across the inference fleet (new pods)
    t = at(world, s[4], 14)
    for who in ("inference-api", "retrieval-svc", "inference-api-west"):
        changes.append(
            Change(
                who,
                t,
                end,
                lambda a: dataclasses.replace(a, agents=(INFERENCE_SDK_NEW,)),
                tag="sdk",
            )
        )
    for who in ("inference-api", "retrieval-svc"):
        truth.append(
            row(
                "B8",
                "boto3 upgrade across the inference fleet",
                "benign",
                t,
                end,
                principal_arn=principal(actors[who]),
            )
        )

    # B9 the security team's quarterly access review, a role in every account it never used
    t = at(world, s[3], 15)
    review = [
        ("iam:GetAccountSummary", None),
        ("iam:GenerateCredentialReport", None),
        ("iam:GetCredentialReport", None),
        (
            "iam:GetAccountAuthorizationDetails",
            {"filter": ["User", "Role", "Group", "LocalManagedPolicy"]},
        ),
        ("iam:ListUsers", None),
        ("iam:ListRoles", None),
        ("iam:ListPolicies", {"scope": "Local"}),
        ("iam:ListAccessKeys", None),
        ("iam:ListMFADevices", None),
        ("access-analyzer:ListAnalyzers", None),
    ]
    for i, account in enumerate(a for a in ACCOUNTS if a != SECURITY):
        role = Role(account, "security-access-review")
        reviewer = dataclasses.replace(secops, account=account, role=role, kind="review")
        ip = NETS["office"].nth(1)
        key = key_id("ASIA", world.seed, "review", account)
        when = t + dt.timedelta(minutes=12 * i)
        identity = role.identity(secops.person, key, when)
        world.trail.call(
            when,
            secops.role.identity(
                secops.person, key_id("ASIA", world.seed, "secops-cli", s[3]), when
            )
            if secops.role
            else {},
            ip,
            secops.agents[0],
            reviewer.region,
            "sts:AssumeRole",
            account=account,
            params={"roleArn": role.arn, "roleSessionName": secops.person},
            response={"credentials": {"accessKeyId": key}},
        )
        for j, (api, request) in enumerate(review):
            world.trail.call(
                when + dt.timedelta(seconds=20 + 9 * j),
                identity,
                ip,
                secops.agents[0],
                reviewer.region,
                api,
                account=account,
                params=request,
            )
        truth.append(
            row(
                "B9",
                "quarterly access review across accounts",
                "benign",
                when,
                when + dt.timedelta(minutes=30),
                principal_arn=role.arn,
            )
        )

    # B10 a new researcher's first week: Identity Center, console, Studio, Bedrock
    nadia = Actor(
        "sci-nadia",
        SANDBOX,
        "sso",
        RESEARCHER,
        (cli("2.22.4", "macos#24.1.0"), CHROME_MAC),
        ("comcast",),
        45,
        hours=(15, 24),
        weekend=0.1,
        role=sso_role(SANDBOX, "ResearchScientist", "7c3d9e1f5a2b4d08"),
        person="nadia.volkova@tessellate.ai",
        console=0.7,
        errors=0.04,
        first_day=s[2],
    )
    actors[nadia.name] = nadia
    truth.append(
        row(
            "B10",
            "a new researcher's first week",
            "benign",
            at(world, s[2], 0),
            end,
            principal_arn=principal(nadia),
        )
    )
    return changes, truth
