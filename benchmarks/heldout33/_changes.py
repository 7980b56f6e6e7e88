"""The benign changes that make detectors cry wolf at an Earth-observation operator. A lasting
change sets its flag in ``State`` from its day on (the background then behaves the new way);
each function writes the change's own events and returns its truth rows
(``expected_max_severity``: the most it may be raised to)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._background import State, at, o_host, src
from benchmarks.heldout33._net import NETS, pick
from benchmarks.heldout33._partners import vendor
from benchmarks.heldout33._trail import Trail
from benchmarks.heldout33._workloads import EDGE_INSTANCE, PRESIGN_KEY, sagemaker

Row = dict[str, Any]


def row(
    i: str,
    name: str,
    *,
    principal: str = "",
    key: str = "",
    ip: str = "",
    start: dt.datetime,
    end: dt.datetime,
    severity: str = "low",
) -> Row:
    return {
        "id": i,
        "name": name,
        "label": "benign",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ip,
        "event_ids": "",
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expected_min_severity": "",
        "expected_max_severity": severity,
    }


def b1_new_ground_region(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """The contact schedule adds the Cape Town ground station: the planner Lambda, its secret
    and a dataflow endpoint in af-south-1, deployed by the mission-planner workflow."""
    start = at(day, 0.5)
    c = o.github_creds(trail, start, o.GROUND, "mission-planner", pick(rng, "gha"))
    ip = pick(rng, "gha")
    for name, svc in (
        ("CreateFunction", "lambda"),
        ("CreateSecret", "secretsmanager"),
        ("RunInstances", "ec2"),
        ("CreateDataflowEndpointGroup", "groundstation"),
        ("CreateMissionProfile", "groundstation"),
    ):
        trail.ev(
            start + dt.timedelta(seconds=rng.uniform(10, 300)),
            o.GROUND,
            "af-south-1",
            f"{svc}.amazonaws.com",
            name,
            c.ident,
            ip,
            o.UA_TF.format(api=f"{svc}#1.56.3"),
        )
    st.gs_regions.append("af-south-1")
    return [
        row(
            "B1",
            "new ground station region af-south-1: planner Lambda",
            principal=o.role_arn(o.GROUND, "contact-planner-role"),
            start=start,
            end=end,
        ),
        row(
            "B1",
            "new ground station region af-south-1: dataflow endpoint",
            principal=o.role_arn(o.GROUND, "DataflowEndpointInstanceRole"),
            start=start,
            end=end,
        ),
        row(
            "B1",
            "new ground station region af-south-1: the deploy",
            key=c.key,
            principal=o.role_arn(o.GROUND, "github-actions-deploy"),
            start=start,
            end=start + dt.timedelta(hours=1),
        ),
    ]


def b2_disaster_downloads(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """A cyclone: the emergency charter's relief agencies download twenty times the usual
    imagery through presigned URLs, from networks never seen before."""
    ident = Trail.user(o.DELIV, "delivery-presigner", "AIDAXTRN7PRESIGN0D5X", PRESIGN_KEY)
    start = at(day, 3)
    scale = trail.scale
    ips = [NETS[f"relief-{1 + k % 4}"].host(rng.randrange(2, 4000)) for k in range(24)]
    for _ in range(max(40, round(400 * scale))):
        trail.s3(
            start + dt.timedelta(hours=rng.uniform(0, 18)),
            o.DELIV,
            "us-east-2",
            "GetObject",
            ident,
            rng.choice(ips),
            rng.choice(o.UA_CUSTOMER),
            "tern-delivery-use2",
            f"charter/act-991/{trail.hexid(8)}/scene.tif",
            presigned=True,
        )
    return [
        row(
            "B2",
            "disaster charter activation: a burst of presigned downloads from relief agencies",
            principal=f"arn:aws:iam::{o.DELIV}:user/delivery-presigner",
            start=start,
            end=at(day, 24),
        )
    ]


def b3_hotel(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """An on-call engineer at a conference in Tokyo: console with MFA and his usual CLI from
    the hotel's network."""
    st.away["oskar.nilsson"] = "hotel-jp"
    return [
        row(
            "B3",
            "on-call engineer working from a Tokyo hotel",
            principal=o.sso_arn(o.GROUND, "MissionOps", "oskar.nilsson"),
            start=at(day, 0),
            end=at(day, 24),
        )
    ]


def b4_graviton(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """The Batch compute environment moves to Graviton: c7g spot instances, a new AMI, arm64
    agents and job images (new user agents) for every instance and job at once."""
    p = o.BY_USER["jonas.ek"]
    ip = o_host(p, p.office)
    c = o.sso_creds(trail, at(day, 0.2), p, ip, p.browser)
    trail.ev(
        at(day, 0.3),
        o.PROC,
        "us-east-2",
        "batch.amazonaws.com",
        "UpdateComputeEnvironment",
        c.ident,
        ip,
        p.browser,
        console=True,
        params={
            "computeEnvironment": "imagery-spot",
            "computeResources": {"instanceTypes": ["c7g"]},
        },
    )
    st.graviton = True
    return [
        row(
            "B4",
            "Batch moved to Graviton: instances",
            principal=o.role_arn(o.PROC, "ecsInstanceRole"),
            start=at(day, 0.3),
            end=end,
        ),
        row(
            "B4",
            "Batch moved to Graviton: jobs",
            principal=o.role_arn(o.PROC, "imagery-l1-job"),
            start=at(day, 0.3),
            end=end,
        ),
    ]


def b5_new_access_point(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """A national mapping agency signs: a delivery engineer creates its access point from the
    office, and the agency's account starts pulling through it."""
    p = o.BY_USER["grace.tan"]
    ip = o_host(p, p.office)
    start = at(day, 0.6)
    c = o.sso_creds(trail, start, p, ip, p.browser)
    for name in ("CreateAccessPoint", "PutAccessPointPolicy", "GetAccessPointPolicy"):
        trail.ev(
            start + dt.timedelta(minutes=3),
            o.DELIV,
            "us-east-2",
            "s3.amazonaws.com",
            name,
            c.ident,
            ip,
            p.browser,
            console=True,
            params={"name": "new-imagery", "accountId": o.DELIV},
        )
    st.new_customer = True
    return [
        row(
            "B5",
            "new customer access point: created",
            principal=o.sso_arn(o.DELIV, "Delivery", p.user),
            start=start,
            end=at(day, 24),
        ),
        row(
            "B5",
            "new customer access point: the customer's pulls",
            principal=f"aws_account:{o.NEW_CUSTOMER}",
            start=start,
            end=end,
        ),
    ]


def b6_big_training(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """A SageMaker training run ten times the usual: 16 ml.p4d instances over the whole archive."""
    sagemaker(trail, rng, day, size=10, who="kai.nakamura")
    return [
        row(
            "B6",
            "SageMaker training ten times the usual",
            principal=o.role_arn(o.PROC, "SageMakerExecution-imagery"),
            start=at(day, 0),
            end=at(day, 24),
        ),
        row(
            "B6",
            "SageMaker training ten times the usual: started by",
            principal=o.sso_arn(o.PROC, "MLEngineer", "kai.nakamura"),
            start=at(day, 0),
            end=at(day, 24),
        ),
    ]


def b7_new_repo(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """A new repository (ground-seg-infra) is added to the deploy role's trust; its workflows
    deploy into the ground account from then on."""
    st.gha_repos.append("ground-seg-infra")
    return [
        row(
            "B7",
            "new repository deploying through the GitHub OIDC role",
            principal=o.role_arn(o.GROUND, "github-actions-deploy"),
            start=at(day, 0),
            end=end,
        )
    ]


def b8_edge_account(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """The edge-analytics account is created under Organizations and stood up by a platform
    admin through OrganizationAccountAccessRole; its inference instance starts."""
    p = o.BY_USER["ingrid.holm"]
    ip = o_host(p, p.office)
    start = at(day, 8.2)
    c = o.sso_creds(trail, start, p, ip, p.browser)
    trail.ev(
        start + dt.timedelta(minutes=2),
        o.MGMT,
        "us-east-1",
        "organizations.amazonaws.com",
        "CreateAccount",
        c.ident,
        ip,
        p.browser,
        console=True,
        params={"accountName": "tern-edge-analytics", "email": "aws-edge@ternorbital.space"},
    )
    t = start + dt.timedelta(minutes=15)
    key = trail.token("ASIA")
    trail.ev(
        t,
        o.EDGE,
        "us-east-2",
        "sts.amazonaws.com",
        "AssumeRole",
        c.ident,
        ip,
        p.cli.format(cmd="sts#assume-role"),
        params={
            "roleArn": o.role_arn(o.EDGE, "OrganizationAccountAccessRole"),
            "roleSessionName": p.user,
        },
        resp={
            "credentials": {
                "accessKeyId": key,
                "expiration": (t + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        },
        readonly=True,
    )
    admin = Trail.role(
        o.EDGE,
        "OrganizationAccountAccessRole",
        o.role_id("OrganizationAccountAccessRole"),
        p.user,
        key,
        t,
    )
    for name, svc in (
        ("CreateOpenIDConnectProvider", "iam"),
        ("CreateRole", "iam"),
        ("CreateRole", "iam"),
        ("PutRolePolicy", "iam"),
        ("CreateInstanceProfile", "iam"),
        ("CreateBucket", "s3"),
        ("RunInstances", "ec2"),
        ("DescribeInstances", "ec2"),
    ):
        t += dt.timedelta(minutes=rng.uniform(0.5, 3))
        trail.ev(
            t,
            o.EDGE,
            "us-east-2",
            src(svc),
            name,
            admin,
            ip,
            p.cli.format(cmd=f"{svc}#{name.lower()}"),
            resp={"instancesSet": {"items": [{"instanceId": EDGE_INSTANCE}]}}
            if name == "RunInstances"
            else None,
        )
    st.edge = True
    return [
        row(
            "B8",
            "edge-analytics account created and stood up",
            principal=o.role_arn(o.EDGE, "OrganizationAccountAccessRole"),
            start=start,
            end=at(day, 24),
        ),
        row(
            "B8",
            "edge-analytics account: created by",
            principal=o.sso_arn(o.MGMT, "PlatformAdmin", p.user),
            start=start,
            end=at(day, 24),
        ),
        row(
            "B8",
            "edge-analytics account: its inference instance",
            principal=o.role_arn(o.EDGE, "edge-inference-role"),
            start=start,
            end=end,
        ),
    ]


def b9_launch_campaign(
    trail: Trail, rng: random.Random, day: dt.date, st: State, end: dt.datetime
) -> list[Row]:
    """A new satellite's launch and early orbit phase: the vendor's engineers use their
    support role around the clock from Toulouse."""
    vendor(trail, rng, day, sessions=12, hours=(0, 23.5))
    return [
        row(
            "B9",
            "launch campaign: the vendor's role used around the clock",
            principal=o.role_arn(o.GROUND, "AldebaranFswSupport"),
            start=at(day, 0),
            end=at(day, 24),
        )
    ]
