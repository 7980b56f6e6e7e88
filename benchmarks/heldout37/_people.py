"""PMCT's people and pipelines: the platform team through Identity Center (Entra ID), the
24/7 operations centre on WorkSpaces, the finance user's console, Terraform plans from GitHub
Actions, AWS Config's service-linked role, and the Shinonome terminal's account once it joins."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._background import _poisson, workspaces_ip
from benchmarks.heldout37._plan import ON_CALL_BALI, TOKYO_JOINS, Plan, at
from benchmarks.heldout37._records import Key, Trail, place
from benchmarks.heldout37._world import World

HOME = org.HOME
ENGINEER_CALLS = (
    ("eks", "DescribeCluster"),
    ("eks", "ListNodegroups"),
    ("eks", "DescribeNodegroup"),
    ("logs", "FilterLogEvents"),
    ("logs", "DescribeLogGroups"),
    ("monitoring", "GetMetricData"),
    ("s3", "ListBuckets"),
    ("ec2", "DescribeInstances"),
    ("ecr", "DescribeImages"),
    ("dynamodb", "DescribeTable"),
    ("kinesis", "DescribeStreamSummary"),
    ("cloudformation", "DescribeStacks"),
    ("iam", "GetRole"),
    ("transfer", "ListUsers"),
    ("transfer", "DescribeServer"),
    ("kms", "ListAliases"),
    ("sts", "GetCallerIdentity"),
    ("greengrass", "ListCoreDevices"),
)
OPERATOR_CALLS = (
    ("monitoring", "DescribeAlarms"),
    ("monitoring", "GetMetricData"),
    ("monitoring", "GetMetricData"),
    ("kinesis", "DescribeStreamSummary"),
    ("iot", "ListThings"),
    ("greengrass", "ListCoreDevices"),
    ("logs", "FilterLogEvents"),
    ("dynamodb", "DescribeTable"),
)
TERRAFORM_CALLS = (
    ("iam", "GetRole"),
    ("iam", "ListRolePolicies"),
    ("iam", "ListAttachedRolePolicies"),
    ("eks", "DescribeCluster"),
    ("eks", "DescribeNodegroup"),
    ("ec2", "DescribeVpcs"),
    ("ec2", "DescribeSubnets"),
    ("ec2", "DescribeSecurityGroups"),
    ("s3", "GetBucketPolicy"),
    ("s3", "GetBucketVersioning"),
    ("dynamodb", "DescribeTable"),
    ("kinesis", "DescribeStream"),
    ("transfer", "DescribeServer"),
    ("transfer", "DescribeUser"),
    ("kms", "DescribeKey"),
    ("kms", "GetKeyPolicy"),
    ("iot", "GetPolicy"),
    ("lambda", "GetFunction"),
)
GLOBAL_SERVICES = {"iam", "sts_global"}


def region_of(service: str) -> str:
    return org.GLOBAL if service in GLOBAL_SERVICES else HOME


def session_calls(
    t: Trail,
    key: Key,
    account: str,
    start: dt.datetime,
    n: int,
    calls: tuple[tuple[str, str], ...],
    *,
    ip: str,
    agent: str,
    gap: float = 2.0,
) -> dt.datetime:
    when = start
    for _ in range(n):
        service, name = t.rng.choice(calls)
        when += dt.timedelta(minutes=t.rng.expovariate(1 / gap))
        error = (
            (
                "AccessDenied",
                f"User: {key.identity['arn']} is not authorized to perform: {service}:{name}",
            )
            if t.rng.random() < 0.01
            else None
        )
        t.call(
            key,
            when,
            service,
            name,
            region=region_of(service),
            account=account,
            ip=ip,
            agent=agent,
            error=error,
        )
    return when


def engineer_place(plan: Plan, day: dt.date, user: str, home: str, hour: float) -> str:
    if user == "wei.lim" and day == plan.slot(ON_CALL_BALI):
        return place("bali")
    weekday = day.weekday() < 5
    return place("office") if weekday and 1 <= hour < 10 and user != "farid.rahman" else place(home)


def platform_team(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    weekday = day.weekday() < 5
    for user, home, cli, browser in org.PLATFORM_TEAM:
        sessions = (
            t.rng.randint(1, 3)
            if weekday
            else (1 if t.rng.random() < 0.3 or user == "wei.lim" else 0)
        )
        if user == "wei.lim" and day == plan.slot(ON_CALL_BALI):
            sessions = 2
        for _ in range(sessions):
            hour = t.rng.uniform(1, 10) if weekday else t.rng.uniform(2, 12)
            ip = engineer_place(plan, day, user, home, hour)
            console = t.rng.random() < 0.4
            account = org.TOS if t.rng.random() < 0.7 else org.EDI
            key = t.sso(
                account,
                user,
                "PlatformAdmin",
                at(day, hour),
                ip=ip,
                agent=browser if console else cli,
                console=console,
            )
            session_calls(
                t,
                key,
                account,
                at(day, hour, 0, 20),
                t.rng.randint(12, 35),
                ENGINEER_CALLS,
                ip=ip,
                agent=org.UA_CONSOLE if console else cli,
            )


def operators(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    staff = org.OPERATORS[: plan.count(8, 2)]
    ip = workspaces_ip(plan, day)
    for shift in range(3):
        on = [
            staff[(day.toordinal() + shift * 3 + i) % len(staff)]
            for i in range(max(1, len(staff) // 3))
        ]
        for user in sorted(set(on)):
            start = at(day, shift * 8, t.rng.uniform(2, 25))
            key = t.sso(
                org.TOS, user, "OpsCentreOperator", start, ip=ip, agent=org.EDGE_WIN, console=True
            )
            session_calls(
                t,
                key,
                org.TOS,
                start,
                t.rng.randint(10, 22),
                OPERATOR_CALLS,
                ip=ip,
                agent=org.UA_CONSOLE,
                gap=20,
            )


def billing(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    if day.weekday() not in (1, 3):
        return
    when = at(day, t.rng.uniform(1.5, 8))
    console_login(
        t, org.MGMT, "finance.ops", when, ip=place("office"), agent=org.CHROME_WIN, mfa=True
    )
    key = t.iam_user(org.MGMT, "finance.ops", t.key_id("ASIA"))
    key.console = True
    calls = (
        ("ce", "GetCostAndUsage"),
        ("ce", "GetCostForecast"),
        ("budgets", "DescribeBudgets"),
        ("organizations", "ListAccounts"),
        ("billingconsole", "GetBillingData"),
    )
    session_calls(
        t,
        key,
        org.MGMT,
        when,
        t.rng.randint(6, 14),
        calls,
        ip=place("office"),
        agent=org.UA_CONSOLE,
        gap=3,
    )


def auditor(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    """The external auditor's password-only IAM user: a few sign-ins a month from the office."""
    if day.toordinal() % 9 != 4 or day in plan.scored:
        return
    when = at(day, t.rng.uniform(2, 7))
    console_login(
        t, org.MGMT, "auditor.ext", when, ip=place("office"), agent=org.CHROME_WIN, mfa=False
    )
    key = t.iam_user(org.MGMT, "auditor.ext", t.key_id("ASIA"))
    key.console = True
    calls = (
        ("iam", "GetAccountSummary"),
        ("iam", "ListUsers"),
        ("iam", "GetCredentialReport"),
        ("organizations", "ListAccounts"),
        ("cloudtrail", "DescribeTrails"),
        ("iam", "ListPolicies"),
    )
    session_calls(
        t,
        key,
        org.MGMT,
        when,
        t.rng.randint(8, 16),
        calls,
        ip=place("office"),
        agent=org.UA_CONSOLE,
        gap=4,
    )


def console_login(
    t: Trail, account: str, user: str, when: dt.datetime, *, ip: str, agent: str, mfa: bool
) -> dict[str, object]:
    identity = {
        "type": "IAMUser",
        "principalId": "AIDA" + user.upper().replace(".", "")[:10] + "Q7X2ZP",
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "userName": user,
    }
    extra: dict[str, object] = {
        "additionalEventData": {
            "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
            "MobileVersion": "No",
            "MFAUsed": "Yes" if mfa else "No",
            **({"MFAIdentifier": f"arn:aws:iam::{account}:mfa/{user}-yubikey"} if mfa else {}),
        }
    }
    return t.call(
        identity,
        when,
        "signin",
        "ConsoleLogin",
        region=org.GLOBAL,
        account=account,
        ip=ip,
        agent=agent,
        response={"ConsoleLogin": "Success"},
        kind="AwsConsoleSignIn",
        extra=extra,
    )


def terraform(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    runs = t.rng.randint(2, 5) if day.weekday() < 5 else 0
    for _ in range(runs):
        start = at(day, t.rng.uniform(1, 11))
        ip = place(t.rng.choice(("gh_runner_1", "gh_runner_2", "gh_runner_3")))
        key = t.web_identity(
            org.TOS,
            "gha-terraform-plan",
            "GitHubActions",
            start,
            provider=org.GITHUB_OIDC,
            subject=org.GITHUB_SUB,
            audience="sts.amazonaws.com",
            region=HOME,
            ip=ip,
            agent=org.UA_GHA_STS,
        )
        end = session_calls(
            t,
            key,
            org.TOS,
            start,
            t.rng.randint(20, 40),
            TERRAFORM_CALLS,
            ip=ip,
            agent=org.UA_TERRAFORM,
            gap=0.05,
        )
        if t.rng.random() < 0.3:
            apply = t.web_identity(
                org.TOS,
                "gha-terraform-apply",
                "GitHubActions",
                end + dt.timedelta(minutes=4),
                provider=org.GITHUB_OIDC,
                subject=org.GITHUB_SUB,
                audience="sts.amazonaws.com",
                region=HOME,
                ip=ip,
                agent=org.UA_GHA_STS,
            )
            calls = (
                *TERRAFORM_CALLS,
                ("iam", "TagRole"),
                ("lambda", "UpdateFunctionConfiguration"),
                ("ec2", "CreateTags"),
            )
            session_calls(
                t,
                apply,
                org.TOS,
                end + dt.timedelta(minutes=4),
                t.rng.randint(15, 30),
                calls,
                ip=ip,
                agent=org.UA_TERRAFORM,
                gap=0.05,
            )


def aws_config(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    accounts = [org.MGMT, org.TOS, org.EDI] + ([org.TOKYO] if plan.since(TOKYO_JOINS, day) else [])
    for account in accounts:
        regions = (org.JP,) if account == org.TOKYO else (HOME, org.DR)
        for region in regions:
            key = t.role_session(
                account,
                "AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                at(day, 0),
                path="/aws-service-role/config.amazonaws.com/",
            )
            key.identity["invokedBy"] = "config.amazonaws.com"
            for hour in range(0, 24, 3 if region == org.DR else 1):
                name = t.rng.choice(
                    (
                        "DescribeInstances",
                        "DescribeSecurityGroups",
                        "DescribeVpcs",
                        "DescribeNetworkInterfaces",
                    )
                )
                t.call(
                    key,
                    at(day, hour, t.rng.uniform(0, 59)),
                    "ec2",
                    name,
                    region=region,
                    account=account,
                    ip="config.amazonaws.com",
                    agent="config.amazonaws.com",
                )


def tokyo(t: Trail, plan: Plan, w: World, day: dt.date) -> None:
    """The Shinonome terminal's account: its gate servers and its two administrators."""
    first = plan.slot(TOKYO_JOINS)
    if day < first:
        return
    start_hour = 3.0 if day == first else 0.0
    for instance in w.tokyo_instances:
        key = None
        hour = start_hour
        while hour < 24:
            if key is None or hour % 6 == 0:
                key = t.mint(
                    org.TOKYO,
                    "shinonome-gate-server",
                    instance,
                    at(day, hour, 0, 40),
                    by="ec2.amazonaws.com",
                    region=org.JP,
                    ec2=True,
                )
            for _ in range(_poisson(t, 4)):
                when = at(day, hour, t.rng.uniform(1, 59))
                obj = f"lane{t.rng.randint(1, 6)}/{when:%Y%m%dT%H%M%S}.jpg"
                t.call(
                    key,
                    when,
                    "s3",
                    "PutObject",
                    region=org.JP,
                    account=org.TOKYO,
                    ip=place("nat_tokyo"),
                    agent=org.UA_PY_POD.replace("amzn2023", "amzn2"),
                    params={"bucketName": "shinonome-gate-images", "key": obj},
                    resources=[
                        {
                            "type": "AWS::S3::Object",
                            "ARN": f"arn:aws:s3:::shinonome-gate-images/{obj}",
                        },
                        {
                            "accountId": org.TOKYO,
                            "type": "AWS::S3::Bucket",
                            "ARN": "arn:aws:s3:::shinonome-gate-images",
                        },
                    ],
                )
            hour += 1
    for user in ("k.sato", "y.mori"):
        hour = t.rng.uniform(start_hour + 0.5, 9)
        key = t.sso(
            org.TOKYO,
            user,
            "PlatformAdmin",
            at(day, hour),
            ip=place("tokyo_office"),
            agent=org.CHROME_WIN,
            console=True,
        )
        calls = (
            ("ec2", "DescribeInstances"),
            ("s3", "ListBuckets"),
            ("monitoring", "GetMetricData"),
            ("logs", "FilterLogEvents"),
        )
        for n in range(t.rng.randint(6, 14)):
            service, name = t.rng.choice(calls)
            t.call(
                key,
                at(day, hour, 1 + 2 * n),
                service,
                name,
                region=org.JP,
                account=org.TOKYO,
                ip=place("tokyo_office"),
                agent=org.UA_CONSOLE,
            )


__all__ = [
    "auditor",
    "aws_config",
    "billing",
    "console_login",
    "operators",
    "platform_team",
    "session_calls",
    "terraform",
    "tokyo",
]
