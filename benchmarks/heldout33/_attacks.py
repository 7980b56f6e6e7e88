"""The attacks, each drawn from a public incident pattern, written into the trail on its day;
each returns its truth rows (``expected_min_severity``: what a person must see today)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._background import SECRETS, at, o_host
from benchmarks.heldout33._net import NETS, pick
from benchmarks.heldout33._trail import Trail
from benchmarks.heldout33._workloads import (
    MOC_KEY,
    MOC_UID,
)

Row = dict[str, Any]
UA_KALI = "aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
UA_HZ = "Boto3/1.35.2 md/Botocore#1.35.2 ua/2.0 os/linux#6.1.0-25-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.2"
UA_GHA_CLI = "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}"
DENIED = ("AccessDenied", "User: {arn} is not authorized to perform: {action}")


def row(
    i: str,
    name: str,
    *,
    key: str = "",
    principal: str = "",
    ip: str = "",
    start: dt.datetime,
    end: dt.datetime,
    severity: str = "medium",
    events: list[str] | None = None,
) -> Row:
    return {
        "id": i,
        "name": name,
        "label": "attack",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ip,
        "event_ids": " ".join(events or []),
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expected_min_severity": severity,
        "expected_max_severity": "",
    }


def calls(
    trail: Trail,
    t: dt.datetime,
    acct: str,
    region: str,
    ident: dict[str, Any],
    ip: str,
    ua: str,
    names: list[tuple[str, str, bool]],
    *,
    gap: float = 0.5,
    rng: random.Random,
) -> dt.datetime:
    """``names``: (service, call, denied) made one after another ``gap`` minutes apart; the end."""
    arn = ident.get("arn", "")
    for svc, name, denied in names:
        t += dt.timedelta(minutes=gap * rng.uniform(0.5, 1.5))
        error = (DENIED[0], DENIED[1].format(arn=arn, action=f"{svc}:{name}")) if denied else None
        trail.ev(
            t,
            acct,
            region,
            f"{svc}.amazonaws.com",
            name,
            ident,
            ip,
            ua.format(cmd=f"{svc}#{name.lower()}"),
            error=error,
        )
    return t


def a1_oidc_any_repo(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The deploy role's trust (``sub`` StringLike ``repo:*``) lets a stranger's workflow in:
    from a GitHub-hosted runner, with the same action, it reads the mission secrets and state."""
    ip = pick(rng, "gha")
    start = at(day, 4.2 + rng.uniform(0, 1))
    c = o.github_creds(trail, start, o.GROUND, "gh-sandbox-4412/ci-playground", ip)
    t = calls(
        trail,
        c.issued,
        o.GROUND,
        "us-east-2",
        c.ident,
        ip,
        UA_GHA_CLI,
        [
            ("sts", "GetCallerIdentity", False),
            ("s3", "ListBuckets", False),
            ("secretsmanager", "ListSecrets", False),
            ("iam", "ListAttachedRolePolicies", True),
        ],
        rng=rng,
    )
    for region in ("us-east-2", "eu-north-1"):
        t += dt.timedelta(seconds=20)
        trail.ev(
            t,
            o.GROUND,
            region,
            "secretsmanager.amazonaws.com",
            "GetSecretValue",
            c.ident,
            ip,
            UA_GHA_CLI.format(cmd="secretsmanager#get-secret-value"),
            params={"secretId": SECRETS[region]},
        )
    trail.s3(
        t + dt.timedelta(seconds=30),
        o.GROUND,
        "us-east-2",
        "GetObject",
        c.ident,
        ip,
        UA_GHA_CLI.format(cmd="s3#cp"),
        "tern-terraform-state",
        "mission-planner/terraform.tfstate",
        owner=o.MGMT,
    )
    return [
        row(
            "A1",
            "GitHub OIDC trust open to any repository: a stranger's workflow reads mission secrets",
            key=c.key,
            principal=o.role_arn(o.GROUND, "github-actions-deploy"),
            ip=ip,
            start=start,
            end=t + dt.timedelta(minutes=5),
        )
    ]


def a2_poisoned_image(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """A poisoned base image in a Batch job posts the task's credentials (from the container
    credentials endpoint) to a VPS, which lists and copies imagery with them."""
    start = at(day, 6 + rng.uniform(0, 2))
    task = trail.hexid(32)
    c = o.service_creds(
        trail,
        start,
        o.PROC,
        "us-east-2",
        "imagery-l1-job",
        task,
        "ecs-tasks.amazonaws.com",
        hours=6,
    )
    private = f"10.20.{rng.randrange(16, 63)}.{rng.randrange(2, 250)}"
    for k in range(4):
        trail.s3(
            start + dt.timedelta(seconds=60 + 20 * k),
            o.PROC,
            "us-east-2",
            "GetObject",
            c.ident,
            private,
            o.UA_BATCH_X86,
            "tern-raw-downlink-use2",
            f"raw/{day:%Y/%m/%d}/{trail.hexid(10)}/band-{k:02d}.tif",
            vpce="vpce-0b5e3f1a9c7d24e86",
        )
    ip = pick(rng, "vps-do")
    t = calls(
        trail,
        start + dt.timedelta(minutes=9),
        o.PROC,
        "us-east-2",
        c.ident,
        ip,
        UA_KALI,
        [
            ("sts", "GetCallerIdentity", False),
            ("s3", "ListBuckets", False),
            ("ec2", "DescribeInstances", True),
            ("iam", "ListRoles", True),
        ],
        rng=rng,
    )
    for k in range(25):
        trail.s3(
            t + dt.timedelta(seconds=15 * k),
            o.PROC,
            "us-east-2",
            "GetObject",
            c.ident,
            ip,
            UA_KALI.format(cmd="s3.cp"),
            "tern-products-use2",
            f"l1c/2026/11/{rng.randint(1, 20):02d}/{trail.hexid(10)}/tile-00.tif",
        )
    return [
        row(
            "A2",
            "Batch job role credentials stolen by a poisoned container image, used from a VPS",
            key=c.key,
            principal=o.role_arn(o.PROC, "imagery-l1-job"),
            ip=ip,
            start=t - dt.timedelta(minutes=5),
            end=t + dt.timedelta(minutes=10),
            severity="high",
        )
    ]


def a3_access_point(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """An infostealer took a delivery engineer's Identity Center CLI cache; at night, through a
    residential proxy, the session creates an access point for another account, which copies
    the products bucket out through it."""
    p = o.BY_USER["ben.carter"]
    home = o_host(p, p.home)
    c = o.sso_creds(trail, at(day, 0.5), p, home, p.cli.format(cmd="sso#login"))
    calls(
        trail,
        c.issued,
        o.DELIV,
        "us-east-2",
        c.ident,
        home,
        p.cli,
        [("s3", "ListAccessPoints", False), ("logs", "FilterLogEvents", False)],
        rng=rng,
    )
    ip = NETS["proxy-us"].host(rng.randrange(10, 2000))
    start = at(day, 8 + rng.uniform(0, 1))
    ap = "partner-eu-mirror"
    thief = "918273645501"
    t = calls(
        trail,
        start,
        o.DELIV,
        "us-east-2",
        c.ident,
        ip,
        p.cli,
        [("s3", "ListAccessPoints", False), ("s3", "GetBucketPolicy", False)],
        rng=rng,
    )
    trail.ev(
        t + dt.timedelta(minutes=1),
        o.DELIV,
        "us-east-2",
        "s3.amazonaws.com",
        "CreateAccessPoint",
        c.ident,
        ip,
        p.cli.format(cmd="s3control#create-access-point"),
        params={"name": ap, "bucket": "tern-products-use2", "accountId": o.DELIV},
    )
    trail.ev(
        t + dt.timedelta(minutes=2),
        o.DELIV,
        "us-east-2",
        "s3.amazonaws.com",
        "PutAccessPointPolicy",
        c.ident,
        ip,
        p.cli.format(cmd="s3control#put-access-point-policy"),
        params={
            "name": ap,
            "policy": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": f"arn:aws:iam::{thief}:root"},
                        "Action": "s3:GetObject",
                    }
                ]
            },
        },
    )
    out = pick(rng, "aws-euc1")
    ident = Trail.account(thief, "AROAZZ4THIEF0ROLE77:mirror")
    t2 = t + dt.timedelta(minutes=20)
    for k in range(60):
        trail.s3(
            t2 + dt.timedelta(seconds=10 * k),
            o.DELIV,
            "us-east-2",
            "GetObject",
            ident,
            out,
            "aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2 ft/s3-transfer",
            "tern-products-use2",
            f"l2a/{trail.hexid(8)}/cog.tif",
            access_point=f"arn:aws:s3:us-east-2:{o.DELIV}:accesspoint/{ap}",
        )
    end = t2 + dt.timedelta(minutes=12)
    return [
        row(
            "A3",
            "stolen SSO CLI session creates an access point for another account",
            key=c.key,
            principal=o.sso_arn(o.DELIV, "Delivery", p.user),
            ip=ip,
            start=start,
            end=t + dt.timedelta(minutes=5),
        ),
        row(
            "A3",
            "the other account copies the products bucket through the new access point",
            principal=f"aws_account:{thief}",
            ip=out,
            start=t2,
            end=end,
        ),
    ]


def a4_night_secrets(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """An on-call engineer's console session cookie replayed at 02:30 her time from Romania,
    with her browser's user agent: the mission uplink secrets of three regions are read."""
    p = o.BY_USER["tahlia.reid"]
    home = o_host(p, p.home)
    c = o.sso_creds(trail, at(day, 9.5), p, home, p.browser)
    calls(
        trail,
        c.issued,
        o.GROUND,
        "us-east-2",
        c.ident,
        home,
        p.browser,
        [("groundstation", "ListContacts", False), ("monitoring", "GetMetricData", False)],
        rng=rng,
    )
    ip = pick(rng, "night-ro")
    start = at(day, 16 + rng.uniform(0, 0.5))
    t = start
    for region in ("us-east-2", "eu-north-1", "ap-southeast-2"):
        for name in ("ListSecrets", "DescribeSecret", "GetSecretValue"):
            t += dt.timedelta(seconds=rng.uniform(20, 90))
            trail.ev(
                t,
                o.GROUND,
                region,
                "secretsmanager.amazonaws.com",
                name,
                c.ident,
                ip,
                p.browser,
                console=True,
                params={"secretId": SECRETS[region]} if name != "ListSecrets" else None,
            )
    return [
        row(
            "A4",
            "stolen console session reads the mission uplink secrets at night",
            key=c.key,
            principal=o.sso_arn(o.GROUND, "MissionOps", p.user),
            ip=ip,
            start=start,
            end=t + dt.timedelta(minutes=2),
        )
    ]


def a5_slow_recon(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The mission control bridge's key, copied from its config, walks the account with the
    bridge's own SDK user agent from a VPN exit: one call every half hour or so, all day."""
    ident = Trail.user(o.GROUND, "moc-telemetry-bridge", MOC_UID, MOC_KEY)
    ip = pick(rng, "vpn-m247")
    plan = [
        ("sts", "GetCallerIdentity", False),
        ("s3", "ListBuckets", False),
        ("iam", "ListUsers", True),
        ("iam", "GetAccountAuthorizationDetails", True),
        ("groundstation", "ListSatellites", False),
        ("groundstation", "ListMissionProfiles", False),
        ("groundstation", "ListConfigs", False),
        ("ec2", "DescribeInstances", True),
        ("secretsmanager", "ListSecrets", True),
        ("lambda", "ListFunctions", True),
        ("s3", "GetBucketPolicy", True),
        ("groundstation", "ListDataflowEndpointGroups", False),
        ("kms", "ListKeys", True),
        ("sns", "ListTopics", True),
        ("ssm", "DescribeParameters", True),
    ]
    start = at(day, 1 + rng.uniform(0, 1))
    t = start
    for svc, name, denied in plan:
        t += dt.timedelta(minutes=rng.uniform(35, 75))
        error = (
            (DENIED[0], DENIED[1].format(arn=ident["arn"], action=f"{svc}:{name}"))
            if denied
            else None
        )
        trail.ev(
            t,
            o.GROUND,
            "ap-southeast-2" if svc == "groundstation" else "us-east-2",
            f"{svc}.amazonaws.com",
            name,
            ident,
            ip,
            o.UA_MOC,
            error=error,
        )
    return [
        row(
            "A5",
            "mission control bridge key: slow recon with its own SDK from a VPN exit",
            key=MOC_KEY,
            principal=f"arn:aws:iam::{o.GROUND}:user/moc-telemetry-bridge",
            ip=ip,
            start=start,
            end=t + dt.timedelta(minutes=1),
        )
    ]
