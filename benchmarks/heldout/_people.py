"""People (IAM Identity Center), legacy IAM users, Terraform CI and AWS services."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout import _ct as ct
from benchmarks.heldout._background import H, call, mint, pick, poisson
from benchmarks.heldout._cast import PERSON_APIS
from benchmarks.heldout._org import (
    BUILD_NEW,
    BUILD_OLD,
    DEV,
    MGMT,
    PROD,
    SSO_PATH,
    SSO_PROVIDER,
    Ctx,
    LegacyUser,
    Person,
    sso_role,
)

CONSOLE_AGENTS = ["console.amazonaws.com", "console.ec2.amazonaws.com", "AWS Internal"]


def person_ip(ctx: Ctx, p: Person, rng: random.Random, day: int, t: dt.datetime) -> str:
    change = ctx.plan.get("isp_change")
    if change and change[0] == p.email and t >= change[1]:
        return str(change[2])
    if rng.random() < p.office_days and t.weekday() < 5:
        return str(ctx.plan["office_ips"][rng.randrange(len(ctx.plan["office_ips"]))])
    leases: dict[str, list[str]] = ctx.plan.setdefault("leases", {})
    lease = leases.setdefault(p.email, [ctx.pool.isp(p.home)])
    # a home line's DHCP lease moves within the ISP's block every couple of weeks
    while len(lease) <= day // 11:
        lease.append(ctx.pool.isp(p.home, near=lease[-1]))
    return lease[day // 11]


def session(
    ctx: Ctx,
    rng: random.Random,
    p: Person,
    account: str,
    lo: dt.datetime,
    hours: float,
    ip: str,
    *,
    console: bool,
    apis: list[tuple[str, str, float]] | None = None,
    calls: int | None = None,
    region: str = "us-east-1",
) -> str:
    """One sign-in of ``p`` to ``account`` and what follows; returns the session key."""
    permission_set = p.permission_sets[account]
    role = sso_role(permission_set)
    key = ct.new_key(rng)
    if console:
        ctx.out.append(
            ct.record(
                rng,
                lo,
                account,
                "us-east-1",
                "sts",
                "AssumeRoleWithSAML",
                ct.saml_user(account, p.email, SSO_PROVIDER),
                ip,
                ct.BROWSER,
                request={
                    "roleArn": ct.role_arn(account, role, SSO_PATH),
                    "roleSessionName": p.email,
                    "principalArn": f"arn:aws:iam::{account}:saml-provider/{SSO_PROVIDER}",
                    "durationSeconds": 43200,
                },
                response=ct.minted(rng, key, role, account, p.email, lo, 12),
                read_only=True,
            )
        )
        ident = ct.assumed_role(account, role, p.email, key, lo, path=SSO_PATH)
        # federated console sign-in: MFA happened at the identity provider, so AWS says "No"
        ctx.out.append(
            ct.record(
                rng,
                lo + dt.timedelta(seconds=3),
                account,
                "us-east-1",
                "signin",
                "ConsoleLogin",
                {k: v for k, v in ident.items() if k != "accessKeyId"},
                ip,
                ct.BROWSER,
                response={"ConsoleLogin": "Success"},
                read_only=False,
                extra={
                    "additionalEventData": {"MobileVersion": "No", "MFAUsed": "No"},
                    "eventType": "AwsConsoleSignIn",
                },
            )
        )
    else:
        ctx.out.append(
            ct.record(
                rng,
                lo,
                MGMT,
                "us-east-1",
                "sso",
                "GetRoleCredentials",
                ct.sso_user(MGMT, p.email),
                ip,
                ct.cli_v2(p.cli_os, "sso.login"),
                request={"roleName": permission_set, "accountId": account},
                read_only=True,
            )
        )
        ident = ct.assumed_role(account, role, p.email, key, lo, path=SSO_PATH)
    ctx.keys.setdefault(f"person:{p.email}", []).append((lo, lo + 12 * H, key, account, ip))
    apis = apis or PERSON_APIS[permission_set]
    n = calls if calls is not None else max(1, poisson(rng, 45 * ctx.scale * hours))
    for _ in range(n):
        at = lo + dt.timedelta(seconds=10 + rng.random() * hours * 3600)
        api = pick(rng, apis)
        if console:
            agent = rng.choice(CONSOLE_AGENTS)
            call(
                ctx,
                rng,
                at,
                account,
                api,
                ident,
                "AWS Internal" if agent == "AWS Internal" else ip,
                agent,
                region=region,
                error_rate=0.02,
                console=True,
            )
        else:
            agent = ct.cli_v2(p.cli_os, f"{api[0]}.{api[1].lower()}")
            call(ctx, rng, at, account, api, ident, ip, agent, region=region, error_rate=0.02)
    return key


def person_day(ctx: Ctx, p: Person, day: int) -> None:
    rng = ctx.rng("person", p.email, day)
    first = ctx.first_scored if p.first_day < 0 else p.first_day
    start = ctx.day_start(day)
    if day < first or (start.weekday() >= 5 and rng.random() > p.weekend):
        return
    for _ in range(1 + (rng.random() < 0.4)):
        local = rng.uniform(8.5, 17.5)
        lo = start + dt.timedelta(hours=local - p.utc_offset)
        ip = person_ip(ctx, p, rng, day, lo)
        account = rng.choice(sorted(p.permission_sets))
        session(
            ctx,
            rng,
            p,
            account,
            lo,
            rng.uniform(0.3, 2.5),
            ip,
            console=rng.random() < p.console_share,
        )
    if (
        DEV in p.permission_sets
        and p.permission_sets[DEV] == "PowerUserAccess"
        and rng.random() < 0.12
    ):
        lo = start + dt.timedelta(hours=rng.uniform(10, 16) - p.utc_offset)
        stack_update(ctx, rng, p, DEV, lo, person_ip(ctx, p, rng, day, lo))


def stack_update(
    ctx: Ctx, rng: random.Random, p: Person, account: str, t: dt.datetime, ip: str
) -> None:
    """A console CloudFormation update: the person's change set, then CloudFormation acting
    with the person's own session (``invokedBy``, calls from the service's hostname)."""
    key = session(
        ctx,
        rng,
        p,
        account,
        t,
        0.3,
        ip,
        console=True,
        calls=4,
        apis=[
            ("cloudformation", "CreateChangeSet", 1),
            ("cloudformation", "DescribeChangeSet", 2),
            ("cloudformation", "ExecuteChangeSet", 1),
        ],
    )
    role = sso_role(p.permission_sets[account])
    host = "cloudformation.amazonaws.com"
    ident = ct.assumed_role(account, role, p.email, key, t, path=SSO_PATH, invoked_by=host)
    at = t + dt.timedelta(minutes=6)
    for api in [
        ("sqs", "CreateQueue"),
        ("sqs", "SetQueueAttributes"),
        ("lambda", "UpdateFunctionConfiguration"),
        ("lambda", "GetFunction"),
        ("iam", "PassRole"),
        ("logs", "PutRetentionPolicy"),
        ("cloudwatch", "PutMetricAlarm"),
    ]:
        at += dt.timedelta(seconds=rng.uniform(1, 20))
        call(ctx, rng, at, account, api, ident, host, host)


def legacy_day(ctx: Ctx, u: LegacyUser, day: int) -> None:
    rng = ctx.rng("legacy", u.name, day)
    start = ctx.day_start(day)
    if f"user:{u.name}" not in ctx.keys:
        home = ctx.pool.isp(u.operator)
        key = ct.new_key(ctx.rng("akia", u.name), "AKIA")
        ctx.keys[f"user:{u.name}"] = [
            (start - 400 * 24 * H, start + 999 * 24 * H, key, u.name, home)
        ]
    _, _, key, _, home = ctx.keys[f"user:{u.name}"][0]
    if u.weekdays_only and start.weekday() >= 5:
        return
    ident = ct.iam_user(u.account, u.name, key)
    for _ in range(poisson(rng, u.runs_per_day)):
        lo = start + dt.timedelta(hours=rng.uniform(*u.hours))
        ip = home if u.operator != "microsoft" else ctx.pool.isp("microsoft")
        for i in range(max(1, poisson(rng, u.calls_per_run * ctx.scale))):
            api = pick(rng, u.apis) if i else u.apis[0][:2]
            call(
                ctx,
                rng,
                lo + dt.timedelta(seconds=4 * i + rng.random()),
                u.account,
                api,
                ident,
                ip,
                u.agent,
            )


TF_READS = [
    ("sts", "GetCallerIdentity", 0.5),
    ("iam", "GetRole", 4),
    ("iam", "GetPolicy", 2),
    ("iam", "GetPolicyVersion", 2),
    ("iam", "ListAttachedRolePolicies", 2),
    ("ec2", "DescribeVpcs", 2),
    ("ec2", "DescribeSecurityGroups", 3),
    ("ec2", "DescribeSubnets", 2),
    ("s3", "GetBucketPolicy", 2),
    ("s3", "GetBucketVersioning", 2),
    ("lambda", "GetFunction", 3),
    ("ecs", "DescribeServices", 2),
    ("kms", "DescribeKey", 2),
    ("logs", "DescribeLogGroups", 1),
]
TF_WRITES = [
    ("lambda", "UpdateFunctionCode", 2),
    ("ecs", "UpdateService", 2),
    ("ecs", "RegisterTaskDefinition", 2),
    ("ssm", "PutParameter", 1),
    ("s3", "PutBucketTagging", 0.5),
]


def ci_run(
    ctx: Ctx,
    rng: random.Random,
    account: str,
    lo: dt.datetime,
    *,
    apply: bool,
    extra: list[tuple[str, str]] | None = None,
) -> tuple[str, str, str]:
    """A Terraform plan (or apply) from the build account; returns (key, session, address)."""
    migrated = ctx.plan.get("ci_migration_at")
    new = migrated is not None and lo >= migrated
    build, region = (BUILD_NEW, "us-east-2") if new else (BUILD_OLD, "us-east-1")
    session = (
        f"gha-{rng.randrange(10**9, 10**10)}" if new else f"terraform-{rng.randrange(1000, 99999)}"
    )
    caller = "github-actions-runner" if new else "codebuild-terraform"
    ip = ctx.pool.aws(region) if new else ctx.pool.aws(region, "CODEBUILD")
    key = ct.new_key(rng)
    role = "terraform-deployer"
    ctx.out.append(
        ct.record(
            rng,
            lo,
            account,
            "us-east-1",
            "sts",
            "AssumeRole",
            ct.aws_account(build, caller, session),
            ip,
            ct.TERRAFORM.format(api="sts"),
            request={
                "roleArn": ct.role_arn(account, role),
                "roleSessionName": session,
                "externalId": "northwind-ci",
            },
            response=ct.minted(rng, key, role, account, session, lo, 1),
            read_only=True,
            extra={"sharedEventID": ct.new_uuid(rng)},
        )
    )
    ctx.keys.setdefault(f"ci:{account}", []).append((lo, lo + H, key, session, ip))
    ident = ct.assumed_role(account, role, session, key, lo)
    t = lo + dt.timedelta(seconds=2)
    calls = [pick(rng, TF_READS) for _ in range(max(3, poisson(rng, 60 * ctx.scale)))]
    calls = [("sts", "GetCallerIdentity"), *calls]
    if apply:
        calls += [pick(rng, TF_WRITES) for _ in range(rng.randint(1, 4))]
    calls += extra or []
    for api in calls:
        t += dt.timedelta(seconds=rng.uniform(0.05, 1.5))
        call(ctx, rng, t, account, api, ident, ip, ct.TERRAFORM.format(api=api[0]), error_rate=0.01)
    return key, session, ip


def ci_day(ctx: Ctx, account: str, day: int) -> None:
    rng = ctx.rng("ci", account, day)
    start = ctx.day_start(day)
    if start.weekday() >= 5:
        return
    for _ in range(poisson(rng, 5 if account == PROD else 3)):
        lo = start + dt.timedelta(hours=rng.uniform(13, 23))
        ci_run(ctx, rng, account, lo, apply=rng.random() < 0.4)


SLR = {
    "config": (
        "AWSServiceRoleForConfig",
        "AWSConfig-Describe",
        [
            ("ec2", "DescribeInstances", 3),
            ("ec2", "DescribeSecurityGroups", 3),
            ("iam", "GetRole", 2),
            ("iam", "ListRolePolicies", 2),
            ("s3", "GetBucketAcl", 2),
            ("lambda", "GetFunction", 1),
            ("config", "PutEvaluations", 1),
        ],
        120,
    ),
    "securityhub": (
        "AWSServiceRoleForSecurityHub",
        "securityhub",
        [
            ("config", "DescribeConfigRules", 2),
            ("iam", "GetAccountPasswordPolicy", 1),
            ("cloudtrail", "DescribeTrails", 1),
            ("ec2", "DescribeFlowLogs", 1),
        ],
        30,
    ),
    "access-analyzer": (
        "AWSServiceRoleForAccessAnalyzer",
        "access-analyzer",
        [
            ("iam", "GetRole", 3),
            ("s3", "GetBucketPolicy", 2),
            ("kms", "GetKeyPolicy", 1),
            ("iam", "ListRoles", 1),
        ],
        40,
    ),
    "trustedadvisor": (
        "AWSServiceRoleForTrustedAdvisor",
        "TrustedAdvisor",
        [
            ("ec2", "DescribeVolumes", 2),
            ("s3", "GetBucketAcl", 1),
            ("iam", "GetAccountSummary", 1),
            ("rds", "DescribeDBInstances", 1),
        ],
        25,
    ),
}


def services_day(ctx: Ctx, account: str, day: int, kinds: tuple[str, ...]) -> None:
    """Service-linked roles acting for AWS Config, Security Hub, Access Analyzer and
    Trusted Advisor: calls from the service's own hostname, with bursts that get throttled."""
    for kind in kinds:
        rng = ctx.rng("slr", account, kind, day)
        role, session, apis, per_day = SLR[kind]
        host = f"{kind}.amazonaws.com"
        path = f"/aws-service-role/{host}/"
        for burst in range(4):
            lo = ctx.day_start(day) + dt.timedelta(hours=6 * burst + rng.uniform(0, 5))
            key = mint(
                ctx,
                rng,
                lo,
                account,
                host,
                role,
                session,
                1,
                f"slr:{account}:{kind}",
                host,
                path=path,
            )
            ident = ct.assumed_role(account, role, session, key, lo, path=path, invoked_by=host)
            for _ in range(poisson(rng, per_day * ctx.scale / 4)):
                call(
                    ctx,
                    rng,
                    lo + dt.timedelta(seconds=rng.uniform(1, 600)),
                    account,
                    pick(rng, apis),
                    ident,
                    host,
                    host,
                    error_rate=0.03,
                )


__all__ = [
    "ci_day",
    "ci_run",
    "legacy_day",
    "person_day",
    "services_day",
    "session",
    "stack_update",
]
