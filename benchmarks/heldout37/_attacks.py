"""The twelve attacks, each from a public incident pattern, with their truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._incident import Row, row, spread
from benchmarks.heldout37._people import console_login
from benchmarks.heldout37._plan import KEY_ROTATION, Plan, at
from benchmarks.heldout37._records import Key, Trail, place
from benchmarks.heldout37._world import World

HOME = org.HOME
KALI_CLI = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython md/distrib#kali.2024 cfg/retry-mode#standard md/installer#exe md/prompt#off"
VPS_CLI = "aws-cli/1.36.2 Python/3.12.3 Linux/6.8.0-48-generic botocore/1.35.62"
VPS_BOTO = "Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/linux#5.15.0-125-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.70"
EC2_BOTO = "Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.70"
DENIED = "AccessDenied"


def burst(
    t: Trail,
    key: Key | dict[str, object],
    account: str,
    start: dt.datetime,
    calls: list[tuple[str, str, str | None]],
    *,
    ip: str,
    agent: str,
    minutes: float,
    region: str = HOME,
) -> list[str]:
    """``calls`` (service, name, error code or None) spread over ``minutes``; their event IDs."""
    ids = []
    for when, (service, name, error) in zip(spread(start, len(calls), minutes), calls, strict=True):
        where = org.GLOBAL if service == "iam" else region
        arn = key.identity.get("arn") if isinstance(key, Key) else "unknown"
        err = (
            (error, f"User: {arn} is not authorized to perform: {service}:{name}")
            if error
            else None
        )
        ids.append(
            t.call(
                key,
                when,
                service,
                name,
                region=where,
                account=account,
                ip=ip,
                agent=agent,
                error=err,
            )["eventID"]
        )
    return ids


def a1_sftp_key(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(0), place("vpn_m247_sg")
    start = at(day, 14, 10)
    admin = t.iam_user(org.EDI, "edi-sftp-admin", w.edi_admin_key)
    burst(
        t,
        admin,
        org.EDI,
        start,
        [
            ("sts", "GetCallerIdentity", None),
            ("transfer", "ListServers", None),
            ("transfer", "ListUsers", None),
            ("transfer", "DescribeUser", None),
        ],
        ip=ip,
        agent=KALI_CLI,
        minutes=6,
    )
    t.call(
        admin,
        start + dt.timedelta(minutes=9),
        "transfer",
        "ImportSshPublicKey",
        region=HOME,
        account=org.EDI,
        ip=ip,
        agent=KALI_CLI,
        params={
            "serverId": "s-4b1f7c2e9a0d63851",
            "userName": "kaiyo-kisen-edi",
            "sshPublicKeyBody": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + t.alnum(43),
        },
        response={
            "serverId": "s-4b1f7c2e9a0d63851",
            "sshPublicKeyId": "key-" + t.hexid(17),
            "userName": "kaiyo-kisen-edi",
        },
    )
    # the new key's SFTP logins: Transfer Family's own calls, the same as the line's
    when = start + dt.timedelta(minutes=31)
    key = t.mint(
        org.EDI,
        "pmct-sftp-partner-access",
        "kaiyo-kisen-edi",
        when,
        by="transfer.amazonaws.com",
        region=HOME,
    )
    key.identity["invokedBy"] = "transfer.amazonaws.com"
    ids = []
    for n, moment in enumerate(spread(when + dt.timedelta(seconds=5), 24, 18)):
        obj = f"outbound/kaiyo-kisen-edi/archive/BAPLIE_{n:03d}.edi"
        ids.append(
            t.call(
                key,
                moment,
                "s3",
                "GetObject",
                region=HOME,
                account=org.EDI,
                ip="transfer.amazonaws.com",
                agent="AWSTransfer",
                params={"bucketName": org.EDI_BUCKET, "key": obj},
            )["eventID"]
        )
    end = when + dt.timedelta(minutes=20)
    return [
        row(
            "A1",
            "edi-sftp-admin key leaked: SSH key added to a shipping line's SFTP user",
            "attack",
            start,
            end,
            key=w.edi_admin_key,
            ips=(ip,),
            severity="medium",
        ),
        row(
            "A1",
            "the planted SSH key's SFTP downloads",
            "attack",
            when,
            end,
            events=tuple(ids),
            severity="medium",
        ),
    ]


def a4_kms_ransom(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(3), place("vpn_m247_nl")
    start = at(day, 17, 20)
    key = t.sso(
        org.TOS, "priya.nair", "PlatformAdmin", start, ip=ip, agent=org.CLI_MAC, console=False
    )
    calls: list[tuple[str, str, str | None]] = [
        ("sts", "GetCallerIdentity", None),
        ("kms", "ListKeys", None),
        ("kms", "ListAliases", None),
        *[("kms", "DescribeKey", None)] * 5,
        ("kms", "GetKeyPolicy", None),
        ("kms", "PutKeyPolicy", None),
        *[("kms", "ScheduleKeyDeletion", None)] * 4,
        ("kms", "DisableKey", None),
    ]
    burst(
        t,
        key,
        org.TOS,
        start + dt.timedelta(seconds=30),
        calls,
        ip=ip,
        agent=org.CLI_MAC,
        minutes=14,
    )
    end = start + dt.timedelta(minutes=15)
    return [
        row(
            "A4",
            "platform engineer's Identity Center token stolen: KMS keys scheduled for deletion (ransom)",
            "attack",
            start,
            end,
            key=key.key,
            ips=(ip,),
            severity="high",
        )
    ]


def a5_console(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(4), place("beeline_ru")
    start = at(day, 20, 5)
    console_login(t, org.MGMT, "auditor.ext", start, ip=ip, agent=org.CHROME_WIN, mfa=False)
    key = t.iam_user(org.MGMT, "auditor.ext", t.key_id("ASIA"))
    key.console = True
    calls: list[tuple[str, str, str | None]] = [
        ("iam", "ListUsers", None),
        ("iam", "GetAccountAuthorizationDetails", None),
        ("organizations", "ListAccounts", None),
        ("iam", "CreateAccessKey", DENIED),
        ("iam", "CreateLoginProfile", DENIED),
        ("s3", "ListBuckets", None),
        ("iam", "ListRoles", None),
        ("sts", "GetCallerIdentity", None),
    ]
    burst(
        t,
        key,
        org.MGMT,
        start + dt.timedelta(minutes=1),
        calls,
        ip=ip,
        agent=org.UA_CONSOLE,
        minutes=12,
    )
    end = start + dt.timedelta(minutes=14)
    return [
        row(
            "A5",
            "auditor's password-only console sign-in from Russia, trying to make itself a key",
            "attack",
            start,
            end,
            principal=f"arn:aws:iam::{org.MGMT}:user/auditor.ext",
            ips=(ip,),
            severity="medium",
        )
    ]


def a6_quiet_recon(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(1), place("resi_proxy_sg")
    start = at(day, 3, 12)
    key = t.sso(
        org.TOS, "farid.rahman", "PlatformAdmin", start, ip=ip, agent=org.CLI_WIN, console=False
    )
    names: list[tuple[str, str, str | None]] = [
        ("iam", "ListUsers", None),
        ("iam", "ListRoles", None),
        ("iam", "ListPolicies", None),
        ("s3", "ListBuckets", None),
        ("s3", "GetBucketPolicy", None),
        ("kms", "ListKeys", None),
        ("secretsmanager", "ListSecrets", None),
        ("transfer", "ListUsers", None),
        ("ec2", "DescribeInstances", None),
        ("ec2", "DescribeSnapshots", None),
        ("rds", "DescribeDBInstances", None),
        ("iam", "ListAccessKeys", None),
        ("organizations", "DescribeOrganization", None),
        ("dynamodb", "ListTables", None),
        ("lambda", "ListFunctions", None),
    ]
    burst(
        t,
        key,
        org.TOS,
        start + dt.timedelta(minutes=2),
        names * 3,
        ip=ip,
        agent=org.CLI_WIN,
        minutes=330,
    )
    end = start + dt.timedelta(minutes=335)
    return [
        row(
            "A6",
            "engineer's Identity Center session: quiet recon with his own CLI through a Singapore residential proxy",
            "attack",
            start,
            end,
            key=key.key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a9_oidc(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(4), place("gh_runner_attack")
    start = at(day, 8, 15)
    subject = "repo:pmct-platform/yard-dashboard:pull_request"
    key = t.web_identity(
        org.TOS,
        "gha-terraform-apply",
        "GitHubActions",
        start,
        provider=org.GITHUB_OIDC,
        subject=subject,
        audience="sts.amazonaws.com",
        region=HOME,
        ip=ip,
        agent=org.UA_GHA_STS,
    )
    new_key = t.key_id("AKIA")
    burst(
        t,
        key,
        org.TOS,
        start + dt.timedelta(seconds=20),
        [("sts", "GetCallerIdentity", None), ("iam", "ListUsers", None)],
        ip=ip,
        agent=VPS_BOTO,
        minutes=1,
    )
    t.call(
        key,
        start + dt.timedelta(minutes=2),
        "iam",
        "CreateUser",
        region=org.GLOBAL,
        account=org.TOS,
        ip=ip,
        agent=VPS_BOTO,
        params={"userName": "svc-backup-sync"},
    )
    t.call(
        key,
        start + dt.timedelta(minutes=2, seconds=20),
        "iam",
        "AttachUserPolicy",
        region=org.GLOBAL,
        account=org.TOS,
        ip=ip,
        agent=VPS_BOTO,
        params={
            "userName": "svc-backup-sync",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
    )
    t.call(
        key,
        start + dt.timedelta(minutes=2, seconds=40),
        "iam",
        "CreateAccessKey",
        region=org.GLOBAL,
        account=org.TOS,
        ip=ip,
        agent=VPS_BOTO,
        params={"userName": "svc-backup-sync"},
        response={
            "accessKey": {"accessKeyId": new_key, "status": "Active", "userName": "svc-backup-sync"}
        },
    )
    user = t.iam_user(org.TOS, "svc-backup-sync", new_key)
    later = start + dt.timedelta(minutes=50)
    burst(
        t,
        user,
        org.TOS,
        later,
        [
            ("sts", "GetCallerIdentity", None),
            ("s3", "ListBuckets", None),
            ("iam", "ListRoles", None),
        ],
        ip=place("ovh_sg"),
        agent=VPS_CLI,
        minutes=3,
    )
    return [
        row(
            "A9",
            "GitHub OIDC trust too wide: a pull request's workflow assumes the apply role and makes an admin user",
            "attack",
            start,
            start + dt.timedelta(minutes=4),
            key=key.key,
            ips=(ip,),
            severity="high",
        ),
        row(
            "A9",
            "the planted user's key used from OVH",
            "attack",
            later,
            later + dt.timedelta(minutes=4),
            key=new_key,
            severity="high",
        ),
    ]


def a12_tamper(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(3), place("tor_exit")
    start = at(day, 15, 0)
    assert plan.slot(KEY_ROTATION) <= day
    key = t.iam_user(org.EDI, "customs-edi-bridge", w.bridge_key_new)
    calls: list[tuple[str, str, str | None]] = [
        ("sts", "GetCallerIdentity", None),
        ("cloudtrail", "DescribeTrails", DENIED),
        ("cloudtrail", "StopLogging", DENIED),
        ("cloudtrail", "DeleteTrail", DENIED),
        ("guardduty", "ListDetectors", DENIED),
        ("guardduty", "DeleteDetector", DENIED),
        ("s3", "ListBuckets", DENIED),
        ("s3", "ListObjects", None),
    ]
    burst(t, key, org.EDI, start, calls, ip=ip, agent=VPS_BOTO, minutes=9)
    end = start + dt.timedelta(minutes=10)
    return [
        row(
            "A12",
            "customs bridge's key stolen from the on-premises server: tries StopLogging and DeleteDetector from Tor",
            "attack",
            start,
            end,
            key=w.bridge_key_new,
            ips=(ip,),
            severity="high",
        )
    ]
