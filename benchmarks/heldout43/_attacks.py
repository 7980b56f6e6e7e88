"""The twelve attacks and their truth rows: each names the keys it used, the attacker's addresses,
its window and the least severity it must reach; the attacker's own sign-ins and ``AssumeRole*``
calls are named by event ID."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout43._net import NETS
from benchmarks.heldout43._org import (
    DATA,
    GG,
    GLOBAL,
    MGMT,
    PROD,
    REGION,
    Org,
)
from benchmarks.heldout43._people import console_user
from benchmarks.heldout43._trail import Trail, role_ident, truth_row, user_ident

Row = dict[str, str]
S = dt.timedelta(seconds=1)
KALI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/{c}"
UBUNTU = "aws-cli/2.13.0 Python/3.11.4 Linux/5.15.0-91-generic exe/x86_64.ubuntu.22 prompt/off command/{c}"
ATTACKER_ACCOUNT = "774411009922"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def run(
    trail: Trail,
    t: dt.datetime,
    account: str,
    ident: dict[str, Any],
    steps: list[tuple[str, str]] | tuple[tuple[str, str], ...],
    ip: str,
    ua: str,
    *,
    gap: tuple[int, int] = (2, 40),
    denied: tuple[str, ...] = (),
    console: bool = False,
    data: tuple[str, ...] = ("GetObject", "ListObjectsV2", "Scan", "PutObject"),
) -> dt.datetime:
    """The attacker's calls one after another; the last one's time."""
    for svc, name in steps:
        t += dt.timedelta(seconds=trail.rng.randint(*gap))
        region = GLOBAL if svc in ("iam", "organizations", "ce", "account", "billing") else REGION
        trail.add(
            t,
            account,
            region,
            ident,
            svc,
            name,
            ip,
            ua,
            console=console,
            error="AccessDenied" if name in denied else None,
            data=svc in ("s3", "dynamodb") and name in data,
        )
    return t


def thefts(trail: Trail, org: Org) -> list[Row]:
    """A1-A6: stolen workload credentials and keys, a console sign-in, slow recon."""
    rng, plan = trail.rng, org.plan
    rows: list[Row] = []

    def row(
        i: str, name: str, start: dt.datetime, end: dt.datetime, severity: str, **kw: Any
    ) -> None:
        rows.append(truth_row(i, name, "attack", start - S, end + S, severity=severity, **kw))

    # A1: a historian instance's credentials taken through an SSRF (IMDSv1), used from M247
    t0 = plan.at(0, 14, 10, 7)
    inst = sorted(k for k in plan.keys if k.startswith(f"{PROD}:historian:"))[0]
    key, session, issued = plan.held(inst, t0)
    ident = role_ident(PROD, "kle-historian-ingest", session, key, issued, ec2=True)
    ip = NETS["m247"].host(rng)
    steps = [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("s3", "ListObjectsV2")]
    steps += [("s3", "GetObject")] * 15 + [
        ("secretsmanager", "ListSecrets"),
        ("iam", "ListAttachedRolePolicies"),
        ("ec2", "DescribeInstances"),
    ]
    end = run(
        trail,
        t0,
        PROD,
        ident,
        steps,
        ip,
        KALI.format(c="s3.cp"),
        denied=("ListSecrets", "ListAttachedRolePolicies"),
    )
    row(
        "A1",
        "historian instance credentials (SSRF) used from M247 Bucharest",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
    )
    # A2: a forecast task's credentials used from another AWS account's EC2 in us-west-2
    t0 = plan.at(1, 16, 5, 31)
    key, session, issued = plan.held(f"{PROD}:forecast:0", t0)
    ident = role_ident(PROD, "kle-forecast-task", session, key, issued)
    ip = NETS["attacker_ec2"].host(rng)
    ua = (
        "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.1.0-13-cloud-amd64 md/arch#x86_64 "
        "lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57"
    )
    steps = [
        ("sts", "GetCallerIdentity"),
        ("dynamodb", "ListTables"),
        ("dynamodb", "DescribeTable"),
    ]
    steps += [("dynamodb", "Scan")] * 8 + [("s3", "ListBuckets"), ("s3", "GetObject")]
    end = run(trail, t0, PROD, ident, steps, ip, ua, denied=("ListBuckets",))
    row(
        "A2",
        "forecast task credentials used from another AWS account's EC2",
        t0,
        end,
        "medium",
        key=key,
        ips=ip,
    )
    # A3: the backup appliance's long-term key leaked in a public repository; persistence
    t0 = plan.at(0, 20, 31, 2)
    key = org.plan.user_keys["veeam"]
    ident = user_ident(PROD, "svc-backup-veeam", key)
    ip = NETS["vultr_sg"].host(rng)
    steps = [
        ("sts", "GetCallerIdentity"),
        ("iam", "GetUser"),
        ("iam", "ListUsers"),
        ("s3", "ListBuckets"),
        ("ec2", "DescribeRegions"),
        ("ec2", "DescribeInstances"),
        ("iam", "ListAttachedUserPolicies"),
        ("iam", "CreateUser"),
        ("iam", "CreateAccessKey"),
        ("iam", "AttachUserPolicy"),
    ]
    end = run(
        trail,
        t0,
        PROD,
        ident,
        steps,
        ip,
        UBUNTU.format(c="iam"),
        denied=("GetUser", "ListUsers"),
        gap=(5, 90),
    )
    row(
        "A3",
        "backup appliance's leaked key from Vultr Singapore, a new admin user",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
    )
    made = trail.key("AKIA")
    t0 = end + dt.timedelta(minutes=22)
    ident = user_ident(PROD, "veeam-sync", made)
    steps = [
        ("sts", "GetCallerIdentity"),
        ("iam", "ListUsers"),
        ("ec2", "DescribeInstanceTypeOfferings"),
        ("ec2", "RunInstances"),
        ("ec2", "RunInstances"),
        ("ec2", "DescribeInstances"),
    ]
    end = run(trail, t0, PROD, ident, steps, ip, UBUNTU.format(c="ec2.run-instances"), gap=(5, 60))
    row(
        "A3",
        "the created user's key running instances",
        t0,
        end,
        "high",
        key=made,
        ips=ip,
        principal=f"arn:aws:iam::{PROD}:user/veeam-sync",
    )
    # A4: the finance team's console user without MFA from Hanoi at 02:00 WIB
    t0 = plan.at(3, 19, 4, 12)
    ip = NETS["vnpt"].host(rng)
    key, login, ident = console_user(trail, MGMT, "finance-ops", t0, ip, FIREFOX, mfa=False)
    steps = [
        ("organizations", "DescribeOrganization"),
        ("organizations", "ListAccounts"),
        ("ce", "GetCostAndUsage"),
        ("iam", "ListUsers"),
        ("iam", "GetAccountSummary"),
        ("account", "GetAlternateContact"),
        ("account", "PutAlternateContact"),
        ("billing", "GetBillingData"),
    ]
    end = run(
        trail,
        t0,
        MGMT,
        ident,
        steps,
        ip,
        FIREFOX,
        console=True,
        denied=("ListUsers",),
        gap=(10, 120),
    )
    row(
        "A4",
        "finance console user without MFA from Hanoi at night",
        t0,
        end,
        "medium",
        key=key,
        ips=ip,
        events=login,
    )
    # A5: the BI connector's Athena key from a Tor exit on the threat list
    t0 = plan.at(4, 17, 2, 40)
    key = org.plan.user_keys["tableau"]
    ident = user_ident(DATA, "svc-tableau-athena", key)
    ip = NETS["tor"].fixed(rng.randint(10, 60))
    steps = [
        ("athena", "ListWorkGroups"),
        ("athena", "ListDatabases"),
        ("athena", "ListTableMetadata"),
    ]
    steps += [("athena", "StartQueryExecution"), ("athena", "GetQueryResults")] * 3 + [
        ("s3", "ListBuckets")
    ]
    end = run(trail, t0, DATA, ident, steps, ip, KALI.format(c="athena.start-query-execution"))
    row(
        "A5",
        "BI connector's Athena key from a Tor exit (threat list)",
        t0,
        end,
        "high",
        key=key,
        ips=ip,
    )
    # A6: a Kamojang gateway's certificate copied; keys from the credential provider, slow recon
    # over two nights from a residential proxy with the gateway's own SDK
    thing = "kam-gg-core-01"
    recon = [
        ("sts", "GetCallerIdentity"),
        ("iam", "ListRoles"),
        ("iam", "ListAttachedRolePolicies"),
        ("s3", "ListBuckets"),
        ("ec2", "DescribeInstances"),
        ("iot", "ListThings"),
        ("secretsmanager", "ListSecrets"),
        ("kms", "ListKeys"),
        ("dynamodb", "ListTables"),
        ("lambda", "ListFunctions"),
        ("iot", "ListRoleAliases"),
        ("ssm", "DescribeParameters"),
    ]
    for k in (1, 2):
        for h in range(15, 21):
            t0 = plan.at(k, h, rng.randint(20, 50), rng.randint(0, 59))
            key = trail.key()
            minted = trail.mint(
                t0,
                PROD,
                REGION,
                {"type": "AWSService", "invokedBy": "credentials.iot.amazonaws.com"},
                "credentials.iot.amazonaws.com",
                "credentials.iot.amazonaws.com",
                "kle-greengrass-token-exchange",
                thing,
                key,
            )
            ident = role_ident(PROD, "kle-greengrass-token-exchange", thing, key, t0)
            ip = NETS["resi_proxy"].host(rng)
            steps = rng.sample(recon, rng.randint(2, 4))
            end = run(
                trail,
                t0,
                PROD,
                ident,
                steps,
                ip,
                GG,
                gap=(60, 600),
                denied=(
                    "ListRoles",
                    "ListAttachedRolePolicies",
                    "ListSecrets",
                    "ListFunctions",
                    "ListKeys",
                ),
            )
            row(
                "A6",
                "a gateway's copied certificate: slow night recon with its own SDK via a residential proxy",
                t0,
                end,
                "medium",
                key=key,
                ips=ip,
                events=minted,
            )
    return rows
