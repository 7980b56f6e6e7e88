"""Benign changes and attacks on the scored days, and the truth rows that label them.

Offsets are scored days (0 = the first). Each incident writes its own truth rows:
``id, name, label, access_key_id, principal_arn, source_ip, start, end`` (``ueba.evaluation``'s
format) plus ``expected_min_severity`` for attacks, which the harness checks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout import _ct as ct
from benchmarks.heldout._cast import FUNCTIONS, PEOPLE, SERVICES
from benchmarks.heldout._org import DEV, MGMT, PROD, Ctx
from benchmarks.heldout._people import ci_run, session

M = dt.timedelta(minutes=1)
KALI_CLI = (
    "aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 "
    "lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#kali.2024 md/prompt#off md/command#{cmd}"
)
ENUM_BOTO = (
    "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 "
    "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84"
)
MAC_CLI = "aws-cli/2.13.25 md/awscrt#0.16.26 ua/2.0 os/macos#23.1.0 md/arch#arm64 lang/python#3.11.5 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
WIN_CLI = "aws-cli/2.16.1 md/awscrt#0.19.19 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"


def truth(
    ctx: Ctx,
    iid: str,
    name: str,
    label: str,
    *,
    key: str | None = None,
    principal: str | None = None,
    ips: list[str] | None = None,
    start: dt.datetime,
    end: dt.datetime | None = None,
    severity: str = "",
) -> None:
    ctx.truth.append(
        {
            "id": iid,
            "name": name,
            "label": label,
            "access_key_id": key or "",
            "principal_arn": principal or "",
            "source_ip": " ".join(ips or []),
            "event_ids": "",
            "start": ct.iso(start),
            "end": ct.iso(end) if end else "",
            "expected_min_severity": severity,
        }
    )


def person(email: str) -> Any:
    return next(p for p in PEOPLE if p.email.startswith(email))


def console_logins(
    ctx: Ctx, iid: str, name: str, email: str, since: dt.datetime, until: dt.datetime | None = None
) -> None:
    """A federated ``ConsoleLogin`` carries no access key: label the person's by event ID."""
    for r in ctx.out:
        if r["eventName"] != "ConsoleLogin" or not r["userIdentity"].get("arn", "").endswith(email):
            continue
        t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        if t >= since and (until is None or t < until):
            ctx.truth.append(
                {
                    "id": iid,
                    "name": name,
                    "label": "benign",
                    "access_key_id": "",
                    "principal_arn": "",
                    "source_ip": "",
                    "event_ids": r["eventID"],
                    "start": ct.iso(t),
                    "end": ct.iso(t + dt.timedelta(minutes=1)),
                    "expected_min_severity": "",
                }
            )


def person_keys(
    ctx: Ctx, iid: str, name: str, email: str, since: dt.datetime, until: dt.datetime | None = None
) -> None:
    for t, _, key, _, _ in ctx.keys.get(f"person:{person(email).email}", []):
        if t >= since and (until is None or t < until):
            truth(ctx, iid, name, "benign", key=key, start=t, end=t + dt.timedelta(hours=12))
    console_logins(ctx, iid, name, person(email).email, since, until)


def burst(
    ctx: Ctx,
    t: dt.datetime,
    account: str,
    ident: ct.Record,
    ip: str,
    agent: str,
    calls: list[tuple[str, str]],
    *,
    gap: float = 2.0,
    denied: frozenset[int] = frozenset(),
    region: str = "us-east-1",
    request: dict[str, Any] | None = None,
) -> dt.datetime:
    rng = ctx.rng("burst", ct.iso(t), ip)
    for i, (source, name) in enumerate(calls):
        t += dt.timedelta(seconds=rng.uniform(0.2, gap))
        err = (
            ("AccessDenied", f"User is not authorized to perform: {source}:{name}")
            if i in denied
            else None
        )
        data = source == "s3" and name in ("GetObject", "PutObject")
        req = (
            request
            if request
            and name
            in ("PutBucketPolicy", "DeleteBucketPublicAccessBlock", "GetObject", "GetBucketPolicy")
            else None
        )
        ctx.out.append(
            ct.record(
                rng,
                t,
                account,
                region,
                source,
                name,
                ident,
                ip,
                agent.format(cmd=f"{source}.{name.lower()}"),
                error=err,
                request=req,
                data_event=data,
            )
        )
    return t


# --- benign changes, run on their day after the background --------------------------------


def benign(ctx: Ctx, day: int) -> None:
    s = day - ctx.first_scored
    if s == 0:  # a Terraform apply in dev creates IAM roles and an instance profile
        rng = ctx.rng("B6")
        lo = ctx.at(0, 15.2)
        extra = [
            ("iam", "CreateRole"),
            ("iam", "TagRole"),
            ("iam", "AttachRolePolicy"),
            ("iam", "PutRolePolicy"),
        ] * 3
        extra += [
            ("iam", "CreateInstanceProfile"),
            ("iam", "AddRoleToInstanceProfile"),
            ("iam", "CreatePolicy"),
        ]
        key, _, _ = ci_run(ctx, rng, DEV, lo, apply=True, extra=extra)
        truth(
            ctx,
            "B6",
            "terraform apply creates IAM roles (dev)",
            "benign",
            key=key,
            start=lo,
            end=lo + dt.timedelta(minutes=30),
        )
    if s == 1:  # on-call at 3am from home, and the quarterly access review in the afternoon
        rng = ctx.rng("B1")
        p = person("maria")
        ip = ctx.plan["leases"].get(p.email, [ctx.pool.isp(p.home)])[-1]
        oncall = [
            ("ec2", "DescribeInstances", 4),
            ("autoscaling", "SetDesiredCapacity", 1),
            ("ec2", "RebootInstances", 1),
            ("ecs", "UpdateService", 1),
            ("rds", "DescribeDBInstances", 2),
            ("logs", "StartQuery", 2),
            ("logs", "GetQueryResults", 3),
            ("cloudwatch", "GetMetricData", 4),
            ("elasticloadbalancing", "DescribeTargetHealth", 3),
        ]
        k1 = session(
            ctx, rng, p, PROD, ctx.at(1, 8.0), 2.0, ip, console=False, apis=oncall, calls=90
        )
        k2 = session(
            ctx, rng, p, PROD, ctx.at(1, 8.3), 1.5, ip, console=True, apis=oncall, calls=60
        )
        for k in (k1, k2):
            truth(
                ctx,
                "B1",
                "on-call at 3am from home during an incident",
                "benign",
                key=k,
                start=ctx.at(1, 8.0),
                end=ctx.at(1, 10.5),
            )
        console_logins(
            ctx,
            "B1",
            "on-call at 3am from home during an incident",
            p.email,
            ctx.at(1, 8.0),
            ctx.at(1, 10.5),
        )
        rng = ctx.rng("B8")
        p = person("nina")
        review = [
            ("iam", n, 1.0)
            for n in (
                "ListUsers",
                "ListRoles",
                "ListPolicies",
                "GetAccountAuthorizationDetails",
                "GenerateCredentialReport",
                "GetCredentialReport",
                "ListAccessKeys",
                "GetAccessKeyLastUsed",
                "ListMFADevices",
                "ListAttachedUserPolicies",
                "ListGroupsForUser",
                "GetLoginProfile",
                "ListUserPolicies",
            )
        ]
        review += [
            ("access-analyzer", "ListAnalyzers", 0.3),
            ("access-analyzer", "ListFindings", 0.5),
        ]
        ip = str(ctx.plan["office_ips"][0])
        for n, account in enumerate((MGMT, PROD, DEV)):
            extra = [("organizations", "ListAccounts", 0.5)] if account == MGMT else []
            k = session(
                ctx,
                rng,
                p,
                account,
                ctx.at(1, 14.0 + 0.8 * n),
                0.7,
                ip,
                console=False,
                apis=review + extra,
                calls=160,
            )
            truth(
                ctx,
                "B8",
                "quarterly access review (IAM List/Get across the org)",
                "benign",
                key=k,
                start=ctx.at(1, 14.0),
                end=ctx.at(1, 17.0),
            )
    if s == 2:  # Security Hub enabled in dev: a person's call, then a new service-linked role
        rng = ctx.rng("B9")
        p = person("maria")
        t = ctx.at(2, 16.0)
        k = session(
            ctx,
            rng,
            p,
            DEV,
            t,
            0.2,
            str(ctx.plan["office_ips"][1]),
            console=True,
            apis=[
                ("securityhub", "EnableSecurityHub", 1),
                ("securityhub", "DescribeHub", 1),
                ("securityhub", "BatchEnableStandards", 1),
            ],
            calls=6,
        )
        truth(
            ctx,
            "B9",
            "Security Hub enabled in dev: a new service-linked role",
            "benign",
            key=k,
            start=t,
            end=t + dt.timedelta(hours=1),
        )
        console_logins(
            ctx,
            "B9",
            "Security Hub enabled in dev: a new service-linked role",
            p.email,
            t,
            t + dt.timedelta(minutes=5),
        )
        truth(
            ctx,
            "B9",
            "Security Hub enabled in dev: a new service-linked role",
            "benign",
            principal=ct.role_arn(
                DEV, "AWSServiceRoleForSecurityHub", "/aws-service-role/securityhub.amazonaws.com/"
            ),
            start=t,
            end=None,
        )


def plan_changes(ctx: Ctx) -> None:
    """Benign changes that alter the background from a moment on; truth written after."""
    ctx.plan["sdk_v3_at"] = ctx.at(1, 11.0)
    ctx.plan["ci_migration_at"] = ctx.at(2, 10.0)
    ctx.plan["rollout_at"] = ctx.at(2, 14.0)
    ctx.plan["securityhub_dev_at"] = ctx.at(2, 16.5)
    ctx.plan["eks_upgrade_at"] = ctx.at(4, 6.0)
    ctx.plan["eks_new_nat"] = [ctx.pool.aws("us-east-1") for _ in range(2)]
    ctx.plan["isp_change"] = ("dev.patel@northwind.io", ctx.at(0, 0.0), ctx.pool.isp("comcast"))


def changes_truth(ctx: Ctx) -> None:

    end = ctx.day_start(ctx.days)
    for fn in FUNCTIONS:
        if fn.runtime == "node":
            truth(
                ctx,
                "B4",
                "SDK major upgrade across Node.js Lambdas (v2 -> v3)",
                "benign",
                principal=ct.role_arn(fn.account, f"{fn.name}-lambda-role"),
                start=ctx.plan["sdk_v3_at"],
                end=end,
            )
    for account in (PROD, DEV):
        truth(
            ctx,
            "B3",
            "CI migration to a new build account (CodeBuild -> GitHub runners)",
            "benign",
            principal=ct.role_arn(account, "terraform-deployer"),
            start=ctx.plan["ci_migration_at"],
            end=end,
        )
    actors = [
        f"ec2:{PROD}:{i}"
        for i in sorted(ctx.plan["instances"].get(("prod-web-instance", "eu-central-1"), ()))
    ]
    for actor in [*actors, f"lambda:{PROD}:eu-central-1:orders-api"]:
        for t, until, key, _, _ in ctx.keys.get(actor, []):
            truth(
                ctx,
                "B2",
                "new region rollout (eu-central-1)",
                "benign",
                key=key,
                start=t,
                end=until,
            )
    for svc in SERVICES:
        if svc.kind == "eks":
            truth(
                ctx,
                "B10",
                "EKS node group upgrade: pods move to new nodes and NAT",
                "benign",
                principal=ct.role_arn(svc.account, f"eks-{svc.name.split('/')[-1]}"),
                start=ctx.plan["eks_upgrade_at"],
                end=end,
            )
    person_keys(
        ctx,
        "B5",
        "a person changes ISP (Verizon -> Comcast)",
        "dev.patel",
        ctx.plan["isp_change"][1],
    )
    person_keys(ctx, "B7", "a new employee starts", "raj", ctx.at(0, 0.0))
