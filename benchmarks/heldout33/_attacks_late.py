"""The attacks of the later slots (A7-A11) and the registry of every attack by slot; the
helpers and A1-A6 are in ``_attacks``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._attacks import (
    UA_HZ,
    UA_KALI,
    Row,
    a1_oidc_any_repo,
    a2_poisoned_image,
    a3_access_point,
    a4_night_secrets,
    a5_slow_recon,
    at,
    calls,
    row,
)
from benchmarks.heldout33._net import NETS, pick
from benchmarks.heldout33._trail import Trail
from benchmarks.heldout33._workloads import (
    CONTRACTOR_KEY,
    CONTRACTOR_UID,
    EDGE_INSTANCE,
    PRESIGN_KEY,
    PRESIGN_UID,
)


def a6_tasking_elsewhere(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The tasking API's Lambda credentials, leaked in a verbose error page, used from an EC2
    instance in another account in Tokyo to cancel contacts and reserve one for a stranger."""
    start = at(day, 11 + rng.uniform(0, 1))
    lam = pick(rng, "aws-use2")
    c = o.service_creds(
        trail,
        start,
        o.GROUND,
        "us-east-2",
        "tasking-api-role",
        "tasking-api",
        "lambda.amazonaws.com",
        hours=6,
    )
    trail.ev(
        start + dt.timedelta(seconds=2),
        o.GROUND,
        "us-east-2",
        "groundstation.amazonaws.com",
        "ListContacts",
        c.ident,
        lam,
        o.UA_LAMBDA,
    )
    ip = pick(rng, "aws-apne1")
    ua = "aws-cli/2.18.0 md/awscrt#0.21.5 ua/2.0 os/linux#6.1.109-118.189.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/EC2 cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#{cmd}"
    t = calls(
        trail,
        start + dt.timedelta(minutes=40),
        o.GROUND,
        "us-east-2",
        c.ident,
        ip,
        ua,
        [
            ("sts", "GetCallerIdentity", False),
            ("groundstation", "ListContacts", False),
            ("groundstation", "CancelContact", False),
            ("groundstation", "CancelContact", False),
            ("groundstation", "CancelContact", False),
            ("groundstation", "ReserveContact", False),
        ],
        rng=rng,
    )
    return [
        row(
            "A6",
            "satellite-tasking Lambda credentials used from another AWS account",
            key=c.key,
            principal=o.role_arn(o.GROUND, "tasking-api-role"),
            ip=ip,
            start=start + dt.timedelta(minutes=35),
            end=t + dt.timedelta(minutes=2),
        )
    ]


def a7_edge_first_day(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """On the edge account's first day, an SSRF in the inference service hands the instance's
    credentials to a Linode box: no history anywhere for this role or account."""
    start = at(day, 19 + rng.uniform(0, 1))
    c = o.service_creds(
        trail,
        start,
        o.EDGE,
        "us-east-2",
        "edge-inference-role",
        EDGE_INSTANCE,
        "ec2.amazonaws.com",
        hours=6,
        ec2=True,
    )
    own = NETS["aws-use2"].host(31337)
    trail.ev(
        start + dt.timedelta(seconds=30),
        o.EDGE,
        "us-east-2",
        "ssm.amazonaws.com",
        "UpdateInstanceInformation",
        c.ident,
        own,
        o.UA_SSM,
        readonly=False,
    )
    ip = pick(rng, "linode")
    ua = "Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#5.15.0-91-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.11"
    t = calls(
        trail,
        start + dt.timedelta(minutes=25),
        o.EDGE,
        "us-east-2",
        c.ident,
        ip,
        ua,
        [
            ("sts", "GetCallerIdentity", False),
            ("s3", "ListBuckets", False),
            ("iam", "ListRoles", True),
            ("ec2", "DescribeInstances", False),
        ],
        rng=rng,
    )
    for k in range(15):
        trail.s3(
            t + dt.timedelta(seconds=8 * k),
            o.EDGE,
            "us-east-2",
            "GetObject",
            c.ident,
            ip,
            ua,
            "tern-edge-cache-use2",
            f"l1c/2026/11/{trail.hexid(10)}/tile-00.tif",
        )
    return [
        row(
            "A7",
            "edge account's instance credentials taken through SSRF on its first day, used from Linode",
            key=c.key,
            principal=o.role_arn(o.EDGE, "edge-inference-role"),
            ip=ip,
            start=start + dt.timedelta(minutes=20),
            end=t + dt.timedelta(minutes=5),
        )
    ]


def a8_vendor_evasion(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The vendor's CI was breached: its config (role and external ID) used from Hetzner to
    try to stop logging and delete GuardDuty, then to plant a flight-software build."""
    ip = pick(rng, "vps-hz")
    start = at(day, 2 + rng.uniform(0, 1))
    c = o.partner_creds(
        trail,
        start,
        o.GROUND,
        "AldebaranFswSupport",
        o.VENDOR,
        "AIDAYALDEBARANCI7Q2",
        ip,
        UA_HZ,
        "ci-release",
        "ald-7f3c91e2-tern",
    )
    assert not isinstance(c, str)
    t = calls(
        trail,
        start,
        o.GROUND,
        "us-east-2",
        c.ident,
        ip,
        UA_HZ,
        [
            ("cloudtrail", "DescribeTrails", False),
            ("cloudtrail", "StopLogging", True),
            ("guardduty", "ListDetectors", False),
            ("guardduty", "DeleteDetector", True),
            ("s3", "ListBuckets", False),
        ],
        rng=rng,
    )
    trail.s3(
        t + dt.timedelta(minutes=1),
        o.GROUND,
        "us-east-2",
        "PutObject",
        c.ident,
        ip,
        UA_HZ,
        "tern-fsw-builds",
        "fsw/tt-c/rel-5.4.1/fsw.bin",
    )
    return [
        row(
            "A8",
            "vendor's breached CI assumes its support role from Hetzner, tries StopLogging and DeleteDetector",
            key=c.key,
            principal=o.role_arn(o.GROUND, "AldebaranFswSupport"),
            ip=ip,
            start=start,
            end=t + dt.timedelta(minutes=3),
            severity="high",
        )
    ]


def a9_root_no_mfa(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The delivery account's root password (reused, from a breach dump) signs in without MFA
    from Vietnam and opens the delivery bucket to everyone."""
    ip = pick(rng, "vn")
    start = at(day, 14 + rng.uniform(0, 2))
    ident = Trail.root(o.DELIV)
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"
    login = trail.ev(
        start,
        o.DELIV,
        "us-east-1",
        "signin.amazonaws.com",
        "ConsoleLogin",
        ident,
        ip,
        ua,
        resp={"ConsoleLogin": "Success"},
        kind="AwsConsoleSignIn",
        readonly=False,
        extra={
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs",
                "MobileVersion": "No",
                "MFAUsed": "No",
            }
        },
    )
    ident = {**ident, "accessKeyId": trail.token("ASIA")}
    t = start
    for svc, name in (
        ("s3", "ListBuckets"),
        ("iam", "ListUsers"),
        ("iam", "GetAccountSummary"),
        ("s3", "GetBucketPolicy"),
        ("s3", "PutBucketPolicy"),
        ("s3", "PutBucketPublicAccessBlock"),
    ):
        t += dt.timedelta(seconds=rng.uniform(20, 120))
        trail.ev(
            t,
            o.DELIV,
            "us-east-2",
            f"{svc}.amazonaws.com",
            name,
            ident,
            ip,
            ua,
            console=True,
            params={"bucketName": "tern-delivery-use2"}
            if svc == "s3" and name != "ListBuckets"
            else None,
        )
    return [
        row(
            "A9",
            "root console sign-in without MFA from Vietnam opens the delivery bucket",
            principal=f"arn:aws:iam::{o.DELIV}:root",
            ip=ip,
            start=start,
            end=t + dt.timedelta(minutes=2),
            severity="high",
            events=[login],
        )
    ]


def a10_presigner_tor(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The presigning key, leaked in a public mobile-app bundle, used from Tor exits."""
    ident = Trail.user(o.DELIV, "delivery-presigner", PRESIGN_UID, PRESIGN_KEY)
    start = at(day, 21 + rng.uniform(0, 1))
    ips = [NETS["tor"].host(rng.randrange(2, 250)) for _ in range(2)]
    t = start
    for k in range(18):
        t += dt.timedelta(seconds=rng.uniform(10, 40))
        ip = ips[k % 2]
        if k < 2:
            trail.ev(
                t,
                o.DELIV,
                "us-east-2",
                "s3.amazonaws.com",
                "ListBuckets",
                ident,
                ip,
                UA_KALI.format(cmd="s3.ls"),
            )
        else:
            trail.s3(
                t,
                o.DELIV,
                "us-east-2",
                "GetObject",
                ident,
                ip,
                UA_KALI.format(cmd="s3.cp"),
                "tern-delivery-use2",
                f"orders/{trail.hexid(8)}/scene.tif",
            )
    return [
        row(
            "A10",
            "presigning IAM key leaked in an app bundle, used from Tor",
            key=PRESIGN_KEY,
            principal=f"arn:aws:iam::{o.DELIV}:user/delivery-presigner",
            ip=" ".join(ips),
            start=start,
            end=t + dt.timedelta(minutes=1),
            severity="high",
        )
    ]


def a11_contractor_hoard(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """A contractor whose engagement ended last week (key never deactivated) downloads every
    flight-software build and the raw downlinks from his usual home line and laptop."""
    ident = Trail.user(o.GROUND, "jdoe-fsw-contractor", CONTRACTOR_UID, CONTRACTOR_KEY)
    ip = NETS["home-us2"].host(777)
    start = at(day, 23 + rng.uniform(0, 0.5))
    trail.ev(
        start,
        o.GROUND,
        "us-east-2",
        "s3.amazonaws.com",
        "ListBuckets",
        ident,
        ip,
        o.UA_CLI_WIN.format(cmd="s3#ls"),
    )
    t = start
    for k in range(120):
        t += dt.timedelta(seconds=rng.uniform(2, 6))
        bucket = "tern-fsw-builds" if k < 70 else "tern-downlink-us-east-2"
        trail.s3(
            t,
            o.GROUND,
            "us-east-2",
            "GetObject",
            ident,
            ip,
            o.UA_CLI_WIN.format(cmd="s3#sync"),
            bucket,
            f"{'fsw/tt-c' if k < 70 else 'raw'}/{trail.hexid(7)}/{k:03d}.bin",
        )
    return [
        row(
            "A11",
            "off-boarded contractor's live key downloads all flight-software builds from home",
            key=CONTRACTOR_KEY,
            principal=f"arn:aws:iam::{o.GROUND}:user/jdoe-fsw-contractor",
            ip=ip,
            start=start,
            end=t + dt.timedelta(minutes=1),
        )
    ]


ATTACKS: dict[str, tuple[int, Callable[[Trail, random.Random, dt.date], list[Row]]]] = {
    "A1": (1, a1_oidc_any_repo),
    "A2": (0, a2_poisoned_image),
    "A3": (3, a3_access_point),
    "A4": (1, a4_night_secrets),
    "A5": (0, a5_slow_recon),
    "A6": (3, a6_tasking_elsewhere),
    "A7": (2, a7_edge_first_day),
    "A8": (4, a8_vendor_evasion),
    "A9": (4, a9_root_no_mfa),
    "A10": (2, a10_presigner_tor),
    "A11": (4, a11_contractor_hoard),
}
