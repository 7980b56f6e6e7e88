"""The people and partners of a normal day: the reservations call centre, head-office staff
through Identity Center, GitLab CI, the revenue-management vendor, AWS Config, the old Jenkins
server, and the portal's web instance once its account exists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout24._org import (
    ACCOUNTS,
    CLI,
    HOME,
    LEDGER,
    RUNNER_UA,
    VENDOR_ACCOUNT,
    VENDOR_UA,
    World,
    sso_role,
)
from benchmarks.heldout24._routine import pick, poisson
from benchmarks.heldout24._trail import other_account


def callcentre(world: World, day: dt.date) -> None:
    """Reservations agents in Mexico City on shifts, Monday to Saturday: the loyalty ledger in
    the DynamoDB console (look-ups, a few goodwill adjustments), signed in through Identity
    Center from the centre's office lines."""
    if day.weekday() == 6:
        return
    account = ACCOUNTS["loyalty"]
    for n, p in enumerate(x for x in world.people if x.team == "callcentre"):
        if world.rng.random() < 0.12:  # a day off
            continue
        start = world.at(day, (8 if n % 2 else 12) - p.offset + world.rng.random() * 0.5)
        who = sso(world, p, account, start)
        for _ in range(world.rng.randrange(12, 28)):
            t = start + dt.timedelta(seconds=world.rng.randrange(60, 7 * 3600))
            name = world.rng.choices(("GetItem", "Query", "UpdateItem"), weights=(6, 3, 1))[0]
            world.trail.call(
                who, t, "dynamodb", name, HOME, p.office, p.browser, params={"tableName": LEDGER}
            )


def sso(
    world: World, p: Any, account: str, t: dt.datetime, ip: str | None = None
) -> dict[str, Any]:
    """A person's Identity Center session in ``account`` (permission set role, session named by
    the person's e-mail, MFA at the IdP), minted at the first call of the day."""
    role = sso_role(world, p.sets[account])
    return world.session(
        account,
        role,
        p.email,
        t,
        by="saml",
        hours=8,
        ip=ip or p.office,
        ua=p.browser,
        mfa=True,
        path="/aws-reserved/sso.amazonaws.com/",
    )


# what each team does in the accounts it has a permission set in: (service, call, weight)
TEAM_CALLS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "platform": (
        ("ecs", "DescribeServices", 4),
        ("logs", "FilterLogEvents", 4),
        ("cloudwatch", "GetMetricData", 3),
        ("ecs", "ListTasks", 2),
        ("ec2", "DescribeInstances", 1),
        ("iam", "GetRole", 1),
    ),
    "developer": (
        ("logs", "FilterLogEvents", 5),
        ("logs", "GetLogEvents", 3),
        ("dynamodb", "DescribeTable", 1),
        ("lambda", "GetFunction", 1),
        ("xray", "GetTraceSummaries", 1),
    ),
    "analyst": (
        ("athena", "StartQueryExecution", 3),
        ("athena", "GetQueryResults", 3),
        ("glue", "GetTable", 2),
        ("s3", "GetObject", 2),
    ),
    "finance": (
        ("ce", "GetCostAndUsage", 4),
        ("budgets", "DescribeBudgets", 1),
        ("ce", "GetCostForecast", 1),
    ),
    "security": (
        ("guardduty", "ListFindings", 3),
        ("guardduty", "GetFindings", 3),
        ("securityhub", "GetFindings", 2),
        ("iam", "GetAccountAuthorizationDetails", 0),
        ("config", "DescribeComplianceByConfigRule", 1),
    ),
    "integrations": (
        ("iam", "GetUser", 2),
        ("iam", "ListAccessKeys", 2),
        ("s3", "ListObjects", 2),
        ("iam", "GetAccessKeyLastUsed", 1),
    ),
}


def staff(world: World, day: dt.date) -> None:
    """Head-office staff on weekdays: from home (their ISP's address re-leased now and then) or
    the office on Tuesdays to Thursdays, the console and, for engineers, the CLI."""
    if day.weekday() >= 5:
        return
    for p in (x for x in world.people if x.team != "callcentre"):
        if world.rng.random() < 0.1 or p.email in world.state.get("away", {}).get(day, ()):
            continue
        if world.rng.random() < 0.08:
            p.ip = world.net.isp(p.home)
        where = world.state.get("travel", {}).get((p.email, day)) or (
            p.office if day.weekday() in (1, 2, 3) else p.ip
        )
        start = world.at(day, 8.5 - p.offset + world.rng.random())
        for account in p.sets:
            who = sso(
                world,
                p,
                account,
                start + dt.timedelta(minutes=world.rng.randrange(0, 120)),
                ip=where,
            )
            for _ in range(world.rng.randrange(3, 12)):
                t = start + dt.timedelta(seconds=world.rng.randrange(600, 8 * 3600))
                svc, name = pick(world, TEAM_CALLS[p.team])
                ua = CLI if p.cli and world.rng.random() < 0.6 else p.browser
                world.trail.call(who, t, svc, name, HOME, where, ua)


def ci(world: World, day: dt.date) -> None:
    """GitLab CI on three EC2 runners in the corporate IT account: each job reads the runner's
    instance credentials (hourly keys from ``ec2.amazonaws.com``), checks them, assumes the
    target account's ``gitlab-deployer`` role and deploys, all through the runners' NAT gateway."""
    corpit = ACCOUNTS["corpit"]
    jobs = world.rng.randrange(8, 15) if day.weekday() < 5 else world.rng.randrange(0, 3)
    targets = (("booking", 5), ("loyalty", 3), ("integrations", 1), ("data", 1))
    for _ in range(jobs):
        t = world.at(day, 13 + world.rng.random() * 10)
        runner = world.rng.choice(world.state["runners"])
        nat = world.state["runner_nat"]
        instance = world.session(
            corpit, "gitlab-runner", runner, t, by="ec2.amazonaws.com", hours=1
        )
        world.trail.call(
            instance,
            t,
            "s3",
            "GetObject",
            HOME,
            nat,
            RUNNER_UA,
            params={"bucketName": "mhh-gitlab-cache", "key": f"cache/{runner}.zip"},
        )
        world.trail.call(
            instance, t + dt.timedelta(seconds=30), "sts", "GetCallerIdentity", HOME, nat, RUNNER_UA
        )
        target = world.rng.choices([a for a, _ in targets], weights=[w for _, w in targets])[0]
        job = f"gitlab-{world.rng.randrange(10**6, 10**7)}"
        t += dt.timedelta(seconds=45)
        deployer = world.session(
            ACCOUNTS[target],
            "gitlab-deployer",
            job,
            t,
            by="assume",
            hours=1,
            caller=instance,
            ip=nat,
            ua=RUNNER_UA,
        )
        for n, (svc, name) in enumerate(DEPLOY[target]):
            world.trail.call(
                deployer, t + dt.timedelta(seconds=20 * n + 10), svc, name, HOME, nat, RUNNER_UA
            )


DEPLOY = {
    "booking": (
        ("ecs", "RegisterTaskDefinition"),
        ("ecs", "UpdateService"),
        ("ecs", "DescribeServices"),
        ("ecs", "DescribeServices"),
        ("cloudfront", "CreateInvalidation"),
    ),
    "loyalty": (
        ("lambda", "GetFunction"),
        ("lambda", "UpdateFunctionCode20150331v2"),
        ("lambda", "PublishVersion20150331"),
        ("lambda", "UpdateAlias20150331"),
    ),
    "integrations": (("s3", "PutObject"), ("lambda", "UpdateFunctionCode20150331v2")),
    "data": (("s3", "PutObject"), ("glue", "UpdateJob"), ("glue", "GetJob")),
}


def vendor(world: World, day: dt.date) -> None:
    """YieldPilot, the revenue-management vendor, twice a day: AssumeRole into the data account
    with its external ID from its own AWS account, read the revenue exports, write rates back."""
    account = ACCOUNTS["data"]
    caller = other_account(VENDOR_ACCOUNT, world.state["vendor_principal"])
    for hour in (5, 17):
        t = world.at(day, hour + world.rng.random() / 3)
        ip = world.rng.choice(world.state["vendor_ips"])
        who = world.session(
            account,
            "yieldpilot-revenue",
            f"yieldpilot-{t:%Y%m%d%H}",
            t,
            by="assume",
            hours=1,
            caller=caller,
            ip=ip,
            ua=VENDOR_UA,
            params={"externalId": "yp-7f3a91c2-mhh"},
        )
        world.trail.call(
            who,
            t + dt.timedelta(seconds=5),
            "s3",
            "ListObjects",
            HOME,
            ip,
            VENDOR_UA,
            params={"bucketName": "mhh-revenue-exports", "prefix": f"daily/{day}"},
        )
        for n in range(world.rng.randrange(10, 18)):
            world.trail.call(
                who,
                t + dt.timedelta(seconds=10 + 3 * n),
                "s3",
                "GetObject",
                HOME,
                ip,
                VENDOR_UA,
                params={
                    "bucketName": "mhh-revenue-exports",
                    "key": f"daily/{day}/part-{n:04d}.parquet",
                },
            )
        for n in range(3):
            world.trail.call(
                who,
                t + dt.timedelta(seconds=200 + n),
                "s3",
                "PutObject",
                HOME,
                ip,
                VENDOR_UA,
                params={
                    "bucketName": "mhh-revenue-exports",
                    "key": f"recommendations/{day}/{n}.json",
                },
            )


def config(world: World, day: dt.date) -> None:
    """AWS Config's service-linked role describing resources in every account every few hours."""
    calls = (
        "DescribeInstances",
        "DescribeSecurityGroups",
        "DescribeVpcs",
        "DescribeNetworkInterfaces",
    )
    for name, account in ACCOUNTS.items():
        if world.state.get("joins", {}).get(name, day) > day:
            continue
        for hour in range(1, 24, 4):
            t = world.at(day, hour + world.rng.random())
            who = world.session(
                account,
                "AWSServiceRoleForConfig",
                "AWSConfig-Describe",
                t,
                by="config.amazonaws.com",
                hours=4,
                path="/aws-service-role/config.amazonaws.com/",
            )
            for call in calls:
                world.trail.call(
                    who, t, "ec2", call, HOME, "config.amazonaws.com", "config.amazonaws.com"
                )


LEGACY_UA = "aws-sdk-java/1.12.261 Linux/4.18.0-513.el8.x86_64 OpenJDK_64-Bit_Server_VM/11.0.21+9-LTS java/11.0.21 vendor/Red_Hat,_Inc. cfg/retry-mode/standard"


def legacy(world: World, day: dt.date) -> None:
    """The old Jenkins server in the Atlanta office still invalidates the booking site's cache
    with an IAM user's long-lived key after content changes, on weekdays."""
    if day.weekday() >= 5:
        return
    who, ip = world.state["legacy"], world.state["offices"]["atlanta"][0]
    for _ in range(world.rng.randrange(1, 4)):
        t = world.at(day, 14 + world.rng.random() * 8)
        world.trail.call(
            who,
            t,
            "cloudfront",
            "CreateInvalidation",
            HOME,
            ip,
            LEGACY_UA,
            params={"distributionId": "E2MHHBOOKING7Q"},
        )
        world.trail.call(
            who, t + dt.timedelta(seconds=90), "cloudfront", "GetInvalidation", HOME, ip, LEGACY_UA
        )


PORTAL_UA = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"


def portal_day(world: World, day: dt.date) -> None:
    """The portal's web instance from the afternoon it was launched: hourly instance keys, its
    assets and parameters, from its own public address."""
    instance, public = world.state["portal"]
    first = 15 if day == world.state["joins"]["portal"] else 0
    for hour in range(first, 24):
        for _ in range(poisson(world, 4)):
            t = world.at(day, hour + world.rng.random())
            who = world.session(
                ACCOUNTS["portal"], "portal-web", instance, t, by="ec2.amazonaws.com", hours=1
            )
            if world.rng.random() < 0.7:
                world.trail.call(
                    who,
                    t,
                    "s3",
                    "GetObject",
                    HOME,
                    public,
                    PORTAL_UA,
                    params={"bucketName": "mhh-portal-assets"},
                )
            else:
                world.trail.call(
                    who,
                    t,
                    "ssm",
                    "GetParameter",
                    HOME,
                    public,
                    PORTAL_UA,
                    params={"name": "/portal/config"},
                )
