"""The parties that reach into Koorak's accounts from outside its machines: the SAP partner
through a cross-account role with an external ID, Terraform from Bitbucket Pipelines through
OIDC, and AWS Config in every account."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from benchmarks.heldout21 import _org as o
from benchmarks.heldout21._net import aws_address
from benchmarks.heldout21._trail import Session, Trail, credentials

Call = tuple[str, str]  # (service, event name)

# -- the SAP partner ------------------------------------------------------------------------------
PARTNER_CALLS: tuple[Call, ...] = (
    ("ec2", "DescribeInstances"),
    ("ec2", "DescribeInstanceStatus"),
    ("ssm", "DescribeInstanceInformation"),
    ("monitoring", "GetMetricData"),
    ("ec2", "DescribeSnapshots"),
    ("ssm", "StartSession"),
    ("ssm", "TerminateSession"),
    ("ec2", "DescribeVolumes"),
)
PARTNER_UA = "aws-cli/2.13.25 Python/3.11.5 Linux/5.15.0-91-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
PARTNER_PEOPLE = ("tangent-akumar", "tangent-lchen")


def partner_assume(trail: Trail, seed: int, who: str, t: object, ip: str) -> tuple[Session, str]:
    """Tangent's consultant assumes the SAP role with the agreed external ID."""
    erp = o.ACCOUNTS["corporate-erp"]
    session = trail.role_session(erp, "TangentSAPOps", who, t)  # type: ignore[arg-type]
    event = trail.call(
        {
            "type": "AWSAccount",
            "principalId": "AIDA" + "TANGENT" + who[-6:].upper().ljust(10, "X"),
            "accountId": o.PARTNER_ACCOUNT,
        },
        t,
        "sts",
        "AssumeRole",
        ip=ip,
        ua=PARTNER_UA.format(cmd="sts.assume-role"),
        account=erp,  # type: ignore[arg-type]
        params={
            "roleArn": f"arn:aws:iam::{erp}:role/TangentSAPOps",
            "roleSessionName": who,
            "externalId": "tangent-koorak-8831",
            "durationSeconds": 3600,
        },
        response=credentials(session, t, 1),  # type: ignore[arg-type]
    )
    return session, event


def draw_partner(trail: Trail, seed: int, cal: o.Calendar) -> None:
    for day in cal.drawn:
        rng = o.rng_for(seed, "partner", day)
        volume = 15 if cal.patch_weekend(day) else 1
        if not o.workday(day) and volume == 1 and day.weekday() != 6:
            continue
        sessions = 3 if day.weekday() < 5 else 1  # a weekly snapshot check on Sundays
        for i in range(sessions * (2 if volume > 1 else 1)):
            who = PARTNER_PEOPLE[i % 2]
            t = o.at(day, 7 + rng.random() * 9, rng)  # Melbourne 10:00-19:00
            ip = o.BLOCKS["partner_office"].address(o.rng_for(seed, "partner-ip", who, day))
            session, _ = partner_assume(trail, seed, who, t, ip)
            calls = list(PARTNER_CALLS) * volume
            if volume > 1:
                calls += [
                    ("ssm", "SendCommand"),
                    ("ec2", "RebootInstances"),
                    ("ec2", "CreateImage"),
                    ("ssm", "DescribePatchBaselines"),
                    ("ssm", "RegisterPatchBaselineForPatchGroup"),
                    ("ssm", "GetCommandInvocation"),
                    ("ec2", "CreateSnapshot"),
                ] * 4
            elif day.weekday() == 6:
                calls = [
                    ("ec2", "DescribeVolumes"),
                    ("ec2", "CreateSnapshot"),
                    ("ec2", "DescribeSnapshots"),
                ]
            for k, (svc, api) in enumerate(rng.sample(calls, min(len(calls), 6 * volume))):
                tt = t + dt.timedelta(seconds=20 + k * rng.randrange(15, 90))
                trail.call(
                    session,
                    tt,
                    svc,
                    api,
                    ip=ip,
                    ua=PARTNER_UA.format(cmd=f"{svc}.{api.lower()}"),
                    region="ap-southeast-2",
                )


# -- Terraform from Bitbucket Pipelines (OIDC) ----------------------------------------------------
BB_PROVIDER = "api.bitbucket.org/2.0/workspaces/koorak/pipelines-config/identity/oidc"
BB_AUDIENCE = "ari:cloud:bitbucket::workspace/5f1c2d3e-8a9b-4c7d-9e0f-1a2b3c4d5e6f"
BB_REPO = "{7d3e9c1a-2b4f-4e6a-8c1d-0f9e8d7c6b5a}"
TF_READS: tuple[Call, ...] = (
    ("ec2", "DescribeVpcs"),
    ("ec2", "DescribeSubnets"),
    ("ec2", "DescribeSecurityGroups"),
    ("iam", "GetRole"),
    ("iam", "ListAttachedRolePolicies"),
    ("s3", "GetBucketPolicy"),
    ("iot", "DescribeThing"),
    ("iotsitewise", "DescribeAssetModel"),
    ("kms", "DescribeKey"),
    ("logs", "DescribeLogGroups"),
    ("ec2", "DescribeRouteTables"),
    ("iam", "GetPolicyVersion"),
)


def pipeline_run(
    trail: Trail,
    seed: int,
    t: dt.datetime,
    repo: str,
    ip: str,
    accounts: Sequence[str],
    rng: random.Random,
    writes: Sequence[tuple[str, Call]] = (),
) -> list[str]:
    """One Terraform step: the web-identity exchange in shared-network, then the deployer role
    of each account; its event IDs."""
    net = o.ACCOUNTS["shared-network"]
    step = "{" + str(random.Random(rng.random()).getrandbits(64)) + "}"
    subject = f"{repo}:{step}"
    session = trail.role_session(net, "bitbucket-terraform", f"bitbucket-{step[1:9]}", t)
    ids = [
        trail.call(
            {
                "type": "WebIdentityUser",
                "principalId": f"{BB_PROVIDER}:{BB_AUDIENCE}:{subject}",
                "userName": subject,
                "identityProvider": f"arn:aws:iam::{net}:oidc-provider/{BB_PROVIDER}",
            },
            t,
            "sts",
            "AssumeRoleWithWebIdentity",
            ip=ip,
            ua="aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6",
            account=net,
            params={
                "roleArn": f"arn:aws:iam::{net}:role/bitbucket-terraform",
                "roleSessionName": session.identity["arn"].split("/")[-1],
            },
            response=credentials(session, t, 1),
        )
    ]
    for k, account in enumerate(accounts):
        tt = t + dt.timedelta(seconds=30 + 40 * k)
        deployer = trail.role_session(
            account, "terraform-deployer", session.identity["arn"].split("/")[-1], tt
        )
        ids.append(
            trail.call(
                session,
                tt,
                "sts",
                "AssumeRole",
                ip=ip,
                ua=o.UA_TERRAFORM,
                params={"roleArn": f"arn:aws:iam::{account}:role/terraform-deployer"},
                response=credentials(deployer, tt, 1),
                account=net,
            )
        )
        for j in range(rng.randint(10, 18)):
            svc, api = rng.choice(TF_READS)
            ids.append(
                trail.call(
                    deployer,
                    tt + dt.timedelta(seconds=2 + j * 3),
                    svc,
                    api,
                    ip=ip,
                    ua=o.UA_TERRAFORM,
                )
            )
        for j, (_account, (svc, api)) in enumerate(
            w for w in writes if o.ACCOUNTS[w[0]] == account
        ):
            ids.append(
                trail.call(
                    deployer,
                    tt + dt.timedelta(seconds=60 + j * 4),
                    svc,
                    api,
                    ip=ip,
                    ua=o.UA_TERRAFORM,
                    params={"thingName": f"mtmagnet-gg-core-{j // 5 + 1:02d}"}
                    if svc == "iot"
                    else None,
                )
            )
    return ids


def draw_pipelines(trail: Trail, seed: int, cal: o.Calendar) -> None:
    main = [o.ACCOUNTS[a] for a in ("mine-operations", "ot-data", "corporate-erp", "analytics")]
    for day in cal.drawn:
        if not o.workday(day):
            continue
        rng = o.rng_for(seed, "pipelines", day)
        for _ in range(rng.randint(2, 4)):
            t = o.at(day, 8 + rng.random() * 9, rng)
            ip = aws_address("us-west-2", rng)
            pipeline_run(trail, seed, t, BB_REPO, ip, rng.sample(main, 2), rng)


# -- AWS Config in every account ------------------------------------------------------------------
def draw_config(trail: Trail, seed: int, cal: o.Calendar) -> None:
    host = "config.amazonaws.com"
    for name, account in o.ACCOUNTS.items():
        for day in cal.drawn:
            rng = o.rng_for(seed, "config", account, day)
            for hour in range(0, 24, 3):
                t = o.at(day, hour + rng.random())
                if name == "lithium-project" and t < cal.utc_start(cal.s(1)):
                    continue
                s = trail.role_session(
                    account,
                    "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                    "AWSConfig-Describe",
                    t,
                )
                for api in ("DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes"):
                    trail.call(
                        s,
                        t + dt.timedelta(seconds=rng.randrange(60)),
                        "ec2",
                        api,
                        ip=host,
                        ua=host,
                        extra={"userIdentity": {**s.identity, "invokedBy": host}},
                    )
