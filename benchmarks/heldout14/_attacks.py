"""The attacks of the scored days (A1-A10), from public write-ups, and their truth rows."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout14._benign import row
from benchmarks.heldout14._context import Ctx
from benchmarks.heldout14._org import PEOPLE
from benchmarks.heldout14._people import sign_in, user_cred
from benchmarks.heldout14._plan import (
    ACCOUNTS,
    EDGE,
    HOME,
    at,
    hexid,
)
from benchmarks.heldout14._records import Cred

PROD, PIX, DATA, SEC, STAGING = (
    ACCOUNTS[n] for n in ("prod", "pix", "data", "security", "staging")
)
KALI = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython md/distrib#kali.2024 md/prompt#off md/command#{cmd}"
BOTO_VPS = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1.0-25-amd64 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.0"
UBUNTU_CLI = "aws-cli/2.15.10 md/awscrt#0.19.19 ua/2.0 os/linux#6.2.0-39-generic md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}"
Step = tuple[str, str, dict[str, Any] | None]


def spree(
    ctx: Ctx,
    rng: random.Random,
    cred: Cred,
    start: dt.datetime,
    ip: str,
    agent: str,
    steps: Sequence[Step],
    gap: tuple[float, float] = (2, 30),
) -> tuple[list[str], dt.datetime]:
    """One call per step, a few seconds apart: (event IDs, the last call's time)."""
    out, t = [], start
    for service, name, request in steps:
        t += dt.timedelta(seconds=rng.uniform(*gap))
        region = (
            EDGE
            if service in ("iam", "route53")
            else (request or {}).pop("_region", HOME)
            if request
            else HOME
        )
        ua = agent.format(cmd=f"{service}.{name.lower()}") if "{cmd}" in agent else agent
        out.append(
            ctx.trail.event(cred, t, service, name, ip, ua, region=region, request=request or None)
        )
    return out, t


def current(ctx: Ctx, account: str, role: str, when: dt.datetime) -> Any:
    """A key of ``role`` that is live at ``when`` (the attacker's stolen one)."""
    live = [i for i in ctx.issued[(account, role)] if i.start <= when < i.end]
    return live[0] if live else ctx.issued[(account, role)][-1]


def leaked_bitbucket(ctx: Ctx) -> list[dict[str, str]]:
    """A1: the Bitbucket pipeline's key, leaked in a repository variable dump, tried from a VPS:
    GetCallerIdentity, then the usual recon (Permiso, Datadog)."""
    rng = ctx.plan.sub("a1")
    cred = user_cred(ctx, PROD, "ci-bitbucket-backoffice")
    ip, when = ctx.plan.ip("vultr", rng), at(ctx.scored[2], 4.1)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("iam", "ListAttachedUserPolicies", {"userName": "ci-bitbucket-backoffice"}),
        ("iam", "ListUsers", None),
        ("iam", "ListRoles", None),
        ("s3", "ListBuckets", None),
        ("secretsmanager", "ListSecrets", None),
        ("ecr", "DescribeRepositories", None),
    ]
    steps += [
        ("ec2", "DescribeInstances", {"_region": r})
        for r in ("us-east-1", "us-east-2", "us-west-2", "eu-west-1", HOME)
    ]
    ids, end = spree(ctx, rng, cred, when, ip, KALI, steps)
    return [
        row(
            "A1",
            "leaked Bitbucket key used from a VPS (recon)",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            ips=[ip],
            events=ids,
            severity="high",
        )
    ]


def ssec_ransom(ctx: Ctx) -> list[dict[str, str]]:
    """A2: Codefinger (Halcyon, 2025): the ERP user's key re-encrypts the exchange bucket's
    objects with SSE-C and sets a seven-day expiry, then leaves a note."""
    rng = ctx.plan.sub("a2")
    cred = user_cred(ctx, PROD, "svc-erp-totvs")
    ip, when = ctx.plan.ip("contabo", rng), at(ctx.scored[3], 5.3)
    bucket = {"bucketName": "jabuti-erp-exchange"}
    steps: list[Step] = [
        ("s3", "ListBuckets", None),
        ("s3", "GetBucketLocation", dict(bucket)),
        ("s3", "ListObjects", dict(bucket)),
        ("s3", "GetBucketVersioning", dict(bucket)),
    ]
    steps += [
        (
            "s3",
            "CopyObject",
            {
                **bucket,
                "key": f"orders/{hexid(rng, 10)}.xml",
                "x-amz-server-side-encryption-customer-algorithm": "AES256",
                "x-amz-copy-source": "jabuti-erp-exchange/orders",
            },
        )
        for _ in range(rng.randint(40, 70))
    ]
    steps += [
        (
            "s3",
            "PutBucketLifecycleConfiguration",
            {
                **bucket,
                "LifecycleConfiguration": {
                    "Rule": {"Status": "Enabled", "Expiration": {"Days": 7}}
                },
            },
        ),
        ("s3", "PutObject", {**bucket, "key": "README_RECOVER_FILES.txt"}),
    ]
    ids, end = spree(ctx, rng, cred, when, ip, BOTO_VPS, steps, gap=(0.3, 3))
    return [
        row(
            "A2",
            "S3 ransom with SSE-C and a lifecycle expiry (Codefinger)",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            ips=[ip],
            events=ids,
            severity="high",
        )
    ]


def sms_pumping(ctx: Ctx) -> list[dict[str, str]]:
    """A3: the CRM's SES key, stolen, checked for quota then used to pump SMS through SNS to
    premium numbers (Permiso's SES/SNS abuse write-ups)."""
    rng = ctx.plan.sub("a3")
    cred = user_cred(ctx, PROD, "svc-crm-ses")
    ip, when = ctx.plan.ip("digitalocean", rng), at(ctx.scored[2], 14.2)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("ses", "GetSendQuota", {"_region": EDGE}),
        ("ses", "GetAccountSendingEnabled", {"_region": EDGE}),
        ("ses", "ListIdentities", {"_region": EDGE}),
        ("sns", "GetSMSAttributes", {"_region": EDGE}),
        ("sns", "GetSMSSandboxAccountStatus", {"_region": EDGE}),
    ]
    steps += [
        (
            "sns",
            "Publish",
            {
                "_region": EDGE,
                "phoneNumber": f"+{rng.choice(['88216', '23480', '99890', '37369'])}{rng.randrange(10**6, 10**7)}",
            },
        )
        for _ in range(rng.randint(60, 100))
    ]
    ids, end = spree(
        ctx,
        rng,
        cred,
        when,
        ip,
        "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.15.0-91-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython Botocore/1.34.0",
        steps,
        gap=(0.5, 4),
    )
    return [
        row(
            "A3",
            "SMS pumping through SNS with the CRM's SES key",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            ips=[ip],
            events=ids,
            severity="medium",
        )
    ]


def function_url(ctx: Ctx) -> list[dict[str, str]]:
    """A4: a developer's saml2aws session key, copied off a laptop by an infostealer, opens a
    Lambda function URL to the world (Stratus Red Team's lambda-backdoor-function)."""
    rng = ctx.plan.sub("a4")
    dev = next(p for p in PEOPLE if p.email.startswith("thiago"))
    day = ctx.scored[0]
    home = ctx.plan.ip(dev.home, ctx.plan.sub("a4-home"))
    cred, _signed = sign_in(
        ctx,
        rng,
        dev.email,
        dev.role,
        dev.account,
        at(day, 15.0),
        home,
        "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)",
        console=False,
    )
    ctx.trail.event(
        cred,
        at(day, 15.02),
        "logs",
        "FilterLogEvents",
        home,
        (dev.cli or "").format(cmd="logs.filter-log-events"),
    )
    ip, when = ctx.plan.ip("hetzner", rng), at(day, 15.4)
    fn = {"functionName": "connect-order-lookup"}
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("lambda", "ListFunctions", None),
        ("lambda", "GetFunction", dict(fn)),
        ("lambda", "CreateFunctionUrlConfig", {**fn, "authType": "NONE"}),
        (
            "lambda",
            "AddPermission",
            {
                **fn,
                "statementId": "FunctionURLAllowPublicAccess",
                "action": "lambda:InvokeFunctionUrl",
                "principal": "*",
                "functionUrlAuthType": "NONE",
            },
        ),
        ("lambda", "GetFunctionUrlConfig", dict(fn)),
    ]
    ids, end = spree(ctx, rng, cred, when, ip, UBUNTU_CLI, steps)
    return [
        row(
            "A4",
            "stolen saml2aws session opens a Lambda function URL to the world",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            ips=[ip],
            events=ids,
            severity="high",
        )
    ]
