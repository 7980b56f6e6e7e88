"""The attacks, each drawn from a public incident pattern, written into the trail on its day;
each returns its truth rows (``expected_min_severity``: what a person must see today)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._background import SECRETS, at
from benchmarks.heldout33._net import NETS, pick
from benchmarks.heldout33._trail import Trail
from benchmarks.heldout33._workloads import CONTRACTOR_KEY, CONTRACTOR_UID, EDGE_INSTANCE, MOC_KEY, MOC_UID, PRESIGN_KEY, PRESIGN_UID

Row = dict[str, Any]
UA_KALI = "aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
UA_HZ = "Boto3/1.35.2 md/Botocore#1.35.2 ua/2.0 os/linux#6.1.0-25-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.2"
UA_GHA_CLI = "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}"
DENIED = ("AccessDenied", "User: {arn} is not authorized to perform: {action}")


def row(i: str, name: str, *, key: str = "", principal: str = "", ip: str = "", start: dt.datetime, end: dt.datetime, severity: str = "medium", events: list[str] | None = None) -> Row:
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


def calls(trail: Trail, t: dt.datetime, acct: str, region: str, ident: dict[str, Any], ip: str, ua: str, names: list[tuple[str, str, bool]], *, gap: float = 0.5, rng: random.Random) -> dt.datetime:
    """``names``: (service, call, denied) made one after another ``gap`` minutes apart; the end."""
    arn = ident.get("arn", "")
    for svc, name, denied in names:
        t += dt.timedelta(minutes=gap * rng.uniform(0.5, 1.5))
        error = (DENIED[0], DENIED[1].format(arn=arn, action=f"{svc}:{name}")) if denied else None
        trail.ev(t, acct, region, f"{svc}.amazonaws.com", name, ident, ip, ua.format(cmd=f"{svc}#{name.lower()}"), error=error)
    return t


def a1_oidc_any_repo(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The deploy role's trust (``sub`` StringLike ``repo:*``) lets a stranger's workflow in:
    from a GitHub-hosted runner, with the same action, it reads the mission secrets and state."""
    ip = pick(rng, "gha")
    start = at(day, 4.2 + rng.uniform(0, 1))
    c = o.github_creds(trail, start, o.GROUND, "gh-sandbox-4412/ci-playground", ip)
    t = calls(trail, c.issued, o.GROUND, "us-east-2", c.ident, ip, UA_GHA_CLI, [("sts", "GetCallerIdentity", False), ("s3", "ListBuckets", False), ("secretsmanager", "ListSecrets", False), ("iam", "ListAttachedRolePolicies", True)], rng=rng)
    for region in ("us-east-2", "eu-north-1"):
        t += dt.timedelta(seconds=20)
        trail.ev(t, o.GROUND, region, "secretsmanager.amazonaws.com", "GetSecretValue", c.ident, ip, UA_GHA_CLI.format(cmd="secretsmanager#get-secret-value"), params={"secretId": SECRETS[region]})
    trail.s3(t + dt.timedelta(seconds=30), o.GROUND, "us-east-2", "GetObject", c.ident, ip, UA_GHA_CLI.format(cmd="s3#cp"), "tern-terraform-state", "mission-planner/terraform.tfstate", owner=o.MGMT)
    return [row("A1", "GitHub OIDC trust open to any repository: a stranger's workflow reads mission secrets", key=c.key, principal=o.role_arn(o.GROUND, "github-actions-deploy"), ip=ip, start=start, end=t + dt.timedelta(minutes=5))]


def a2_poisoned_image(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """A poisoned base image in a Batch job posts the task's credentials (from the container
    credentials endpoint) to a VPS, which lists and copies imagery with them."""
    start = at(day, 6 + rng.uniform(0, 2))
    task = trail.hexid(32)
    c = o.service_creds(trail, start, o.PROC, "us-east-2", "imagery-l1-job", task, "ecs-tasks.amazonaws.com", hours=6)
    private = f"10.20.{rng.randrange(16, 63)}.{rng.randrange(2, 250)}"
    for k in range(4):
        trail.s3(start + dt.timedelta(seconds=60 + 20 * k), o.PROC, "us-east-2", "GetObject", c.ident, private, o.UA_BATCH_X86, "tern-raw-downlink-use2", f"raw/{day:%Y/%m/%d}/{trail.hexid(10)}/band-{k:02d}.tif", vpce="vpce-0b5e3f1a9c7d24e86")
    ip = pick(rng, "vps-do")
    t = calls(trail, start + dt.timedelta(minutes=9), o.PROC, "us-east-2", c.ident, ip, UA_KALI, [("sts", "GetCallerIdentity", False), ("s3", "ListBuckets", False), ("ec2", "DescribeInstances", True), ("iam", "ListRoles", True)], rng=rng)
    for k in range(25):
        trail.s3(t + dt.timedelta(seconds=15 * k), o.PROC, "us-east-2", "GetObject", c.ident, ip, UA_KALI.format(cmd="s3.cp"), "tern-products-use2", f"l1c/2026/11/{rng.randint(1, 20):02d}/{trail.hexid(10)}/tile-00.tif")
    return [row("A2", "Batch job role credentials stolen by a poisoned container image, used from a VPS", key=c.key, principal=o.role_arn(o.PROC, "imagery-l1-job"), ip=ip, start=t - dt.timedelta(minutes=5), end=t + dt.timedelta(minutes=10), severity="high")]


def a3_access_point(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """An infostealer took a delivery engineer's Identity Center CLI cache; at night, through a
    residential proxy, the session creates an access point for another account, which copies
    the products bucket out through it."""
    p = o.BY_USER["ben.carter"]
    from benchmarks.heldout33._background import o_host

    home = o_host(p, p.home)
    c = o.sso_creds(trail, at(day, 0.5), p, home, p.cli.format(cmd="sso#login"))
    calls(trail, c.issued, o.DELIV, "us-east-2", c.ident, home, p.cli, [("s3", "ListAccessPoints", False), ("logs", "FilterLogEvents", False)], rng=rng)
    ip = NETS["proxy-us"].host(rng.randrange(10, 2000))
    start = at(day, 8 + rng.uniform(0, 1))
    ap = "partner-eu-mirror"
    thief = "918273645501"
    t = calls(trail, start, o.DELIV, "us-east-2", c.ident, ip, p.cli, [("s3", "ListAccessPoints", False), ("s3", "GetBucketPolicy", False)], rng=rng)
    trail.ev(t + dt.timedelta(minutes=1), o.DELIV, "us-east-2", "s3.amazonaws.com", "CreateAccessPoint", c.ident, ip, p.cli.format(cmd="s3control#create-access-point"), params={"name": ap, "bucket": "tern-products-use2", "accountId": o.DELIV})
    trail.ev(t + dt.timedelta(minutes=2), o.DELIV, "us-east-2", "s3.amazonaws.com", "PutAccessPointPolicy", c.ident, ip, p.cli.format(cmd="s3control#put-access-point-policy"), params={"name": ap, "policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{thief}:root"}, "Action": "s3:GetObject"}]}})
    out = pick(rng, "aws-euc1")
    ident = Trail.account(thief, "AROAZZ4THIEF0ROLE77:mirror")
    t2 = t + dt.timedelta(minutes=20)
    for k in range(60):
        trail.s3(t2 + dt.timedelta(seconds=10 * k), o.DELIV, "us-east-2", "GetObject", ident, out, "aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2 ft/s3-transfer", "tern-products-use2", f"l2a/{trail.hexid(8)}/cog.tif", access_point=f"arn:aws:s3:us-east-2:{o.DELIV}:accesspoint/{ap}")
    end = t2 + dt.timedelta(minutes=12)
    return [
        row("A3", "stolen SSO CLI session creates an access point for another account", key=c.key, principal=o.sso_arn(o.DELIV, "Delivery", p.user), ip=ip, start=start, end=t + dt.timedelta(minutes=5)),
        row("A3", "the other account copies the products bucket through the new access point", principal=f"aws_account:{thief}", ip=out, start=t2, end=end),
    ]


def a4_night_secrets(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """An on-call engineer's console session cookie replayed at 02:30 her time from Romania,
    with her browser's user agent: the mission uplink secrets of three regions are read."""
    p = o.BY_USER["tahlia.reid"]
    from benchmarks.heldout33._background import o_host

    home = o_host(p, p.home)
    c = o.sso_creds(trail, at(day, 9.5), p, home, p.browser)
    calls(trail, c.issued, o.GROUND, "us-east-2", c.ident, home, p.browser, [("groundstation", "ListContacts", False), ("monitoring", "GetMetricData", False)], rng=rng)
    ip = pick(rng, "night-ro")
    start = at(day, 16 + rng.uniform(0, 0.5))
    t = start
    for region in ("us-east-2", "eu-north-1", "ap-southeast-2"):
        for name in ("ListSecrets", "DescribeSecret", "GetSecretValue"):
            t += dt.timedelta(seconds=rng.uniform(20, 90))
            trail.ev(t, o.GROUND, region, "secretsmanager.amazonaws.com", name, c.ident, ip, p.browser, console=True, params={"secretId": SECRETS[region]} if name != "ListSecrets" else None)
    return [row("A4", "stolen console session reads the mission uplink secrets at night", key=c.key, principal=o.sso_arn(o.GROUND, "MissionOps", p.user), ip=ip, start=start, end=t + dt.timedelta(minutes=2))]


def a5_slow_recon(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The mission control bridge's key, copied from its config, walks the account with the
    bridge's own SDK user agent from a VPN exit: one call every half hour or so, all day."""
    ident = Trail.user(o.GROUND, "moc-telemetry-bridge", MOC_UID, MOC_KEY)
    ip = pick(rng, "vpn-m247")
    plan = [("sts", "GetCallerIdentity", False), ("s3", "ListBuckets", False), ("iam", "ListUsers", True), ("iam", "GetAccountAuthorizationDetails", True), ("groundstation", "ListSatellites", False), ("groundstation", "ListMissionProfiles", False), ("groundstation", "ListConfigs", False), ("ec2", "DescribeInstances", True), ("secretsmanager", "ListSecrets", True), ("lambda", "ListFunctions", True), ("s3", "GetBucketPolicy", True), ("groundstation", "ListDataflowEndpointGroups", False), ("kms", "ListKeys", True), ("sns", "ListTopics", True), ("ssm", "DescribeParameters", True)]
    start = at(day, 1 + rng.uniform(0, 1))
    t = start
    for svc, name, denied in plan:
        t += dt.timedelta(minutes=rng.uniform(35, 75))
        error = (DENIED[0], DENIED[1].format(arn=ident["arn"], action=f"{svc}:{name}")) if denied else None
        trail.ev(t, o.GROUND, "ap-southeast-2" if svc == "groundstation" else "us-east-2", f"{svc}.amazonaws.com", name, ident, ip, o.UA_MOC, error=error)
    return [row("A5", "mission control bridge key: slow recon with its own SDK from a VPN exit", key=MOC_KEY, principal=f"arn:aws:iam::{o.GROUND}:user/moc-telemetry-bridge", ip=ip, start=start, end=t + dt.timedelta(minutes=1))]


def a6_tasking_elsewhere(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The tasking API's Lambda credentials, leaked in a verbose error page, used from an EC2
    instance in another account in Tokyo to cancel contacts and reserve one for a stranger."""
    start = at(day, 11 + rng.uniform(0, 1))
    lam = pick(rng, "aws-use2")
    c = o.service_creds(trail, start, o.GROUND, "us-east-2", "tasking-api-role", "tasking-api", "lambda.amazonaws.com", hours=6)
    trail.ev(start + dt.timedelta(seconds=2), o.GROUND, "us-east-2", "groundstation.amazonaws.com", "ListContacts", c.ident, lam, o.UA_LAMBDA)
    ip = pick(rng, "aws-apne1")
    ua = "aws-cli/2.18.0 md/awscrt#0.21.5 ua/2.0 os/linux#6.1.109-118.189.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/EC2 cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#{cmd}"
    t = calls(trail, start + dt.timedelta(minutes=40), o.GROUND, "us-east-2", c.ident, ip, ua, [("sts", "GetCallerIdentity", False), ("groundstation", "ListContacts", False), ("groundstation", "CancelContact", False), ("groundstation", "CancelContact", False), ("groundstation", "CancelContact", False), ("groundstation", "ReserveContact", False)], rng=rng)
    return [row("A6", "satellite-tasking Lambda credentials used from another AWS account", key=c.key, principal=o.role_arn(o.GROUND, "tasking-api-role"), ip=ip, start=start + dt.timedelta(minutes=35), end=t + dt.timedelta(minutes=2))]


def a7_edge_first_day(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """On the edge account's first day, an SSRF in the inference service hands the instance's
    credentials to a Linode box: no history anywhere for this role or account."""
    start = at(day, 19 + rng.uniform(0, 1))
    c = o.service_creds(trail, start, o.EDGE, "us-east-2", "edge-inference-role", EDGE_INSTANCE, "ec2.amazonaws.com", hours=6, ec2=True)
    own = NETS["aws-use2"].host(31337)
    trail.ev(start + dt.timedelta(seconds=30), o.EDGE, "us-east-2", "ssm.amazonaws.com", "UpdateInstanceInformation", c.ident, own, o.UA_SSM, readonly=False)
    ip = pick(rng, "linode")
    ua = "python-requests/2.31.0" if rng.random() < 0 else "Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#5.15.0-91-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.11"
    t = calls(trail, start + dt.timedelta(minutes=25), o.EDGE, "us-east-2", c.ident, ip, ua, [("sts", "GetCallerIdentity", False), ("s3", "ListBuckets", False), ("iam", "ListRoles", True), ("ec2", "DescribeInstances", False)], rng=rng)
    for k in range(15):
        trail.s3(t + dt.timedelta(seconds=8 * k), o.EDGE, "us-east-2", "GetObject", c.ident, ip, ua, "tern-edge-cache-use2", f"l1c/2026/11/{trail.hexid(10)}/tile-00.tif")
    return [row("A7", "edge account's instance credentials taken through SSRF on its first day, used from Linode", key=c.key, principal=o.role_arn(o.EDGE, "edge-inference-role"), ip=ip, start=start + dt.timedelta(minutes=20), end=t + dt.timedelta(minutes=5))]


def a8_vendor_evasion(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The vendor's CI was breached: its config (role and external ID) used from Hetzner to
    try to stop logging and delete GuardDuty, then to plant a flight-software build."""
    ip = pick(rng, "vps-hz")
    start = at(day, 2 + rng.uniform(0, 1))
    c = o.partner_creds(trail, start, o.GROUND, "AldebaranFswSupport", o.VENDOR, "AIDAYALDEBARANCI7Q2", ip, UA_HZ, "ci-release", "ald-7f3c91e2-tern")
    assert not isinstance(c, str)
    t = calls(trail, start, o.GROUND, "us-east-2", c.ident, ip, UA_HZ, [("cloudtrail", "DescribeTrails", False), ("cloudtrail", "StopLogging", True), ("guardduty", "ListDetectors", False), ("guardduty", "DeleteDetector", True), ("s3", "ListBuckets", False)], rng=rng)
    trail.s3(t + dt.timedelta(minutes=1), o.GROUND, "us-east-2", "PutObject", c.ident, ip, UA_HZ, "tern-fsw-builds", "fsw/tt-c/rel-5.4.1/fsw.bin")
    return [row("A8", "vendor's breached CI assumes its support role from Hetzner, tries StopLogging and DeleteDetector", key=c.key, principal=o.role_arn(o.GROUND, "AldebaranFswSupport"), ip=ip, start=start, end=t + dt.timedelta(minutes=3), severity="high")]


def a9_root_no_mfa(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """The delivery account's root password (reused, from a breach dump) signs in without MFA
    from Vietnam and opens the delivery bucket to everyone."""
    ip = pick(rng, "vn")
    start = at(day, 14 + rng.uniform(0, 2))
    ident = Trail.root(o.DELIV)
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"
    login = trail.ev(start, o.DELIV, "us-east-1", "signin.amazonaws.com", "ConsoleLogin", ident, ip, ua, resp={"ConsoleLogin": "Success"}, kind="AwsConsoleSignIn", readonly=False, extra={"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs", "MobileVersion": "No", "MFAUsed": "No"}})
    ident = {**ident, "accessKeyId": trail.token("ASIA")}
    t = start
    for svc, name in (("s3", "ListBuckets"), ("iam", "ListUsers"), ("iam", "GetAccountSummary"), ("s3", "GetBucketPolicy"), ("s3", "PutBucketPolicy"), ("s3", "PutBucketPublicAccessBlock")):
        t += dt.timedelta(seconds=rng.uniform(20, 120))
        trail.ev(t, o.DELIV, "us-east-2", f"{svc}.amazonaws.com", name, ident, ip, ua, console=True, params={"bucketName": "tern-delivery-use2"} if svc == "s3" and name != "ListBuckets" else None)
    return [row("A9", "root console sign-in without MFA from Vietnam opens the delivery bucket", principal=f"arn:aws:iam::{o.DELIV}:root", ip=ip, start=start, end=t + dt.timedelta(minutes=2), severity="high", events=[login])]


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
            trail.ev(t, o.DELIV, "us-east-2", "s3.amazonaws.com", "ListBuckets", ident, ip, UA_KALI.format(cmd="s3.ls"))
        else:
            trail.s3(t, o.DELIV, "us-east-2", "GetObject", ident, ip, UA_KALI.format(cmd="s3.cp"), "tern-delivery-use2", f"orders/{trail.hexid(8)}/scene.tif")
    return [row("A10", "presigning IAM key leaked in an app bundle, used from Tor", key=PRESIGN_KEY, principal=f"arn:aws:iam::{o.DELIV}:user/delivery-presigner", ip=" ".join(ips), start=start, end=t + dt.timedelta(minutes=1), severity="high")]


def a11_contractor_hoard(trail: Trail, rng: random.Random, day: dt.date) -> list[Row]:
    """A contractor whose engagement ended last week (key never deactivated) downloads every
    flight-software build and the raw downlinks from his usual home line and laptop."""
    ident = Trail.user(o.GROUND, "jdoe-fsw-contractor", CONTRACTOR_UID, CONTRACTOR_KEY)
    ip = NETS["home-us2"].host(777)
    start = at(day, 23 + rng.uniform(0, 0.5))
    trail.ev(start, o.GROUND, "us-east-2", "s3.amazonaws.com", "ListBuckets", ident, ip, o.UA_CLI_WIN.format(cmd="s3#ls"))
    t = start
    for k in range(120):
        t += dt.timedelta(seconds=rng.uniform(2, 6))
        bucket = "tern-fsw-builds" if k < 70 else "tern-downlink-us-east-2"
        trail.s3(t, o.GROUND, "us-east-2", "GetObject", ident, ip, o.UA_CLI_WIN.format(cmd="s3#sync"), bucket, f"{'fsw/tt-c' if k < 70 else 'raw'}/{trail.hexid(7)}/{k:03d}.bin")
    return [row("A11", "off-boarded contractor's live key downloads all flight-software builds from home", key=CONTRACTOR_KEY, principal=f"arn:aws:iam::{o.GROUND}:user/jdoe-fsw-contractor", ip=ip, start=start, end=t + dt.timedelta(minutes=1))]


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
