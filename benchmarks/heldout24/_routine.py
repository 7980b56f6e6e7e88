"""A normal day at Meridian Harbour Hotels: hotels' night audits and rate pulls, the booking
engine, the loyalty ledger, the call centre, staff through Identity Center, GitLab CI, the
revenue-management vendor, the onboarding pipeline and AWS Config."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from benchmarks.heldout24._org import (
    ACCOUNTS, CLI, ECS_UA, HOME, LAMBDA_UA, LEDGER, NIGHT_AUDIT, RUNNER_UA, VENDOR_ACCOUNT,
    VENDOR_UA, World, sso_role,
)  # fmt: skip
from benchmarks.heldout24._trail import other_account, user

# bookings by hour of the day (UTC, the Americas-heavy mix): quiet small hours, evening peak
BOOKING_CURVE = [0.5, 0.4, 0.35, 0.3, 0.3, 0.35, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95,
                 1.0, 1.1, 1.2, 1.3, 1.35, 1.4, 1.45, 1.5, 1.4, 1.2, 0.9, 0.7]  # fmt: skip
# (service, task role, regions, calls per hour at 1.0, weighted calls)
SERVICES: tuple[tuple[str, tuple[str, ...], float, tuple[tuple[str, str, int], ...]], ...] = (
    ("booking-api", ("us-east-1", "eu-central-1", "ap-southeast-1"), 14.0,
     (("dynamodb", "Query", 6), ("dynamodb", "GetItem", 5), ("dynamodb", "PutItem", 2),
      ("sqs", "SendMessage", 2), ("kms", "Decrypt", 1))),
    ("availability", ("us-east-1", "eu-central-1"), 10.0,
     (("dynamodb", "Query", 5), ("dynamodb", "BatchGetItem", 2), ("elasticache", "DescribeCacheClusters", 0))),
    ("payments-gw", ("us-east-1",), 5.0,
     (("secretsmanager", "GetSecretValue", 1), ("kms", "Sign", 3), ("sqs", "ReceiveMessage", 3), ("sqs", "DeleteMessage", 2))),
    ("confirmation-mailer", ("us-east-1",), 3.0,
     (("ses", "SendEmail", 4), ("sqs", "ReceiveMessage", 3), ("s3", "GetObject", 1))),
)  # fmt: skip


def poisson(world: World, mean: float) -> int:
    """A Poisson draw (Knuth for small means, normal above)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(world.rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= world.rng.random()
        if p <= limit:
            return k
        k += 1


def pick(world: World, weighted: tuple[tuple[str, str, int], ...]) -> tuple[str, str]:
    service, name, _ = world.rng.choices(weighted, weights=[w for *_, w in weighted])[0]
    return service, name


def hotels(world: World, day: dt.date, index: int) -> None:
    """Each franchised hotel's PMS: the night audit uploaded between 02:00 and 04:30 local time,
    the rate file pulled four times a day, with the hotel's IAM user key from its ISP."""
    account = ACCOUNTS["integrations"]
    for h in world.hotels:
        if h.code in world.state.get("silent_hotels", set()) or world.state.get("joins", {}).get(h.code, day) > day:
            continue
        if h.dynamic and index >= h.renumber:
            h.ip, h.renumber = world.net.isp(h.operator), index + world.rng.randrange(5, 18)
        who = user(account, h.user, h.key, h.principal_id, "/franchise/")
        if world.rng.random() < 0.03:  # the PMS was down last night: the audit comes tomorrow
            continue
        start = world.at(day, (2.2 - h.offset) % 24 + world.rng.random() * 2)
        prefix = f"hotels/{h.code}/{(day - dt.timedelta(days=1)).isoformat()}/"
        world.trail.call(who, start, "s3", "ListObjects", HOME, h.ip, h.ua,
                         params={"bucketName": NIGHT_AUDIT, "prefix": prefix})  # fmt: skip
        for n, name in enumerate(("night-audit.xml", "folio-summary.csv", "revenue.csv")):
            world.trail.call(who, start + dt.timedelta(seconds=20 + 25 * n + world.rng.randrange(20)), "s3",
                             "PutObject", HOME, h.ip, h.ua, params={"bucketName": NIGHT_AUDIT, "key": prefix + name})  # fmt: skip
        for local in (6, 12, 18, 23):
            t = world.at(day, (local - h.offset) % 24 + world.rng.random() * 0.3)
            world.trail.call(who, t, "s3", "GetObject", HOME, h.ip, h.ua,
                             params={"bucketName": NIGHT_AUDIT, "key": f"rates/{h.code}/current.json"})  # fmt: skip


def booking(world: World, day: dt.date) -> None:
    """The booking engine's ECS Fargate services: two tasks per service and region, replaced
    by the morning deploy, keys from ``ecs-tasks.amazonaws.com`` every six hours, egress through
    the account's NAT gateways."""
    account = ACCOUNTS["booking"]
    peak = world.state.get("peak", {}).get(day, 1.0) * world.state.get("volume", 1.0)
    for service, regions, rate, calls in SERVICES:
        for region in regions:
            tasks = [f"{world.rng.getrandbits(128):032x}" for _ in range(2 if peak < 3 else 6)]
            for hour in range(24):
                for _ in range(poisson(world, rate * BOOKING_CURVE[hour] * peak)):
                    t = world.at(day, hour + world.rng.random())
                    task = world.rng.choice(tasks)
                    who = world.session(account, f"{service}-task", task, t, by="ecs-tasks.amazonaws.com",
                                        hours=6, region=region)  # fmt: skip
                    svc, name = pick(world, calls)
                    world.trail.call(who, t, svc, name, region, world.nat_ip(account, region), ECS_UA,
                                     params=_params(svc, name, service))  # fmt: skip


def _params(svc: str, name: str, owner: str) -> dict[str, Any]:
    if svc == "dynamodb":
        return {"tableName": "reservations" if owner != "loyalty" else LEDGER}
    if svc == "s3":
        return {"bucketName": "mhh-booking-templates", "key": "email/confirmation.html"}
    if svc == "sqs":
        return {"queueUrl": f"https://sqs.us-east-1.amazonaws.com/{ACCOUNTS['booking']}/{owner}"}
    if svc == "secretsmanager":
        return {"secretId": f"prod/{owner}/processor"}
    return {}


def lambdas(world: World, day: dt.date) -> None:
    """The loyalty ledger's functions (accrual on every stay, redemption), and the integrations
    account's onboarding pipeline auditing hotels' keys each morning; a new execution
    environment (new AWS address, new key) every few hours."""
    loyalty, integrations = ACCOUNTS["loyalty"], ACCOUNTS["integrations"]
    peak = world.state.get("peak", {}).get(day, 1.0) * world.state.get("volume", 1.0)
    plan = (
        (loyalty, "points-accrual", 6.0 * math.sqrt(peak), (("dynamodb", "UpdateItem", 5), ("dynamodb", "GetItem", 3))),
        (loyalty, "points-redeem", 2.0, (("dynamodb", "TransactWriteItems", 2), ("dynamodb", "GetItem", 3), ("sns", "Publish", 1))),
    )  # fmt: skip
    for account, function, rate, calls in plan:
        for hour in range(24):
            for _ in range(poisson(world, rate * BOOKING_CURVE[hour])):
                t = world.at(day, hour + world.rng.random())
                who = lambda_session(world, account, function, t)
                svc, name = pick(world, calls)
                world.trail.call(who, t, svc, name, HOME, world.state[("env", who["accessKeyId"])], LAMBDA_UA,
                                 params=_params(svc, name, "loyalty"))  # fmt: skip
    t = world.at(day, 7 + world.rng.random() / 2)
    who = lambda_session(world, integrations, "hotel-onboarding", t)
    ip = world.state[("env", who["accessKeyId"])]
    world.trail.call(who, t, "iam", "ListUsers", HOME, ip, LAMBDA_UA, params={"pathPrefix": "/franchise/"})
    for h in world.rng.sample(world.hotels, 6):
        world.trail.call(who, t + dt.timedelta(seconds=world.rng.randrange(5, 60)), "iam", "ListAccessKeys",
                         HOME, ip, LAMBDA_UA, params={"userName": h.user})  # fmt: skip


def lambda_session(world: World, account: str, function: str, t: dt.datetime) -> dict[str, Any]:
    who = world.session(account, f"{function}-role", function, t, by="lambda.amazonaws.com", hours=4)
    world.state.setdefault(("env", who["accessKeyId"]), world.net.ec2(HOME))
    return who


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
            world.trail.call(who, t, "dynamodb", name, HOME, p.office, p.browser, params={"tableName": LEDGER})


def sso(world: World, p: Any, account: str, t: dt.datetime, ip: str | None = None) -> dict[str, Any]:
    """A person's Identity Center session in ``account`` (permission set role, session named by
    the person's e-mail, MFA at the IdP), minted at the first call of the day."""
    role = sso_role(world, p.sets[account])
    return world.session(account, role, p.email, t, by="saml", hours=8, ip=ip or p.office, ua=p.browser,
                         mfa=True, path="/aws-reserved/sso.amazonaws.com/")  # fmt: skip


# what each team does in the accounts it has a permission set in: (service, call, weight)
TEAM_CALLS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "platform": (("ecs", "DescribeServices", 4), ("logs", "FilterLogEvents", 4), ("cloudwatch", "GetMetricData", 3),
                 ("ecs", "ListTasks", 2), ("ec2", "DescribeInstances", 1), ("iam", "GetRole", 1)),
    "developer": (("logs", "FilterLogEvents", 5), ("logs", "GetLogEvents", 3), ("dynamodb", "DescribeTable", 1),
                  ("lambda", "GetFunction", 1), ("xray", "GetTraceSummaries", 1)),
    "analyst": (("athena", "StartQueryExecution", 3), ("athena", "GetQueryResults", 3), ("glue", "GetTable", 2),
                ("s3", "GetObject", 2)),
    "finance": (("ce", "GetCostAndUsage", 4), ("budgets", "DescribeBudgets", 1), ("ce", "GetCostForecast", 1)),
    "security": (("guardduty", "ListFindings", 3), ("guardduty", "GetFindings", 3), ("securityhub", "GetFindings", 2),
                 ("iam", "GetAccountAuthorizationDetails", 0), ("config", "DescribeComplianceByConfigRule", 1)),
    "integrations": (("iam", "GetUser", 2), ("iam", "ListAccessKeys", 2), ("s3", "ListObjects", 2),
                     ("iam", "GetAccessKeyLastUsed", 1)),
}  # fmt: skip


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
        where = world.state.get("travel", {}).get((p.email, day)) or (p.office if day.weekday() in (1, 2, 3) else p.ip)
        start = world.at(day, 8.5 - p.offset + world.rng.random())
        for account in p.sets:
            who = sso(world, p, account, start + dt.timedelta(minutes=world.rng.randrange(0, 120)), ip=where)
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
        instance = world.session(corpit, "gitlab-runner", runner, t, by="ec2.amazonaws.com", hours=1)
        world.trail.call(instance, t, "s3", "GetObject", HOME, nat, RUNNER_UA,
                         params={"bucketName": "mhh-gitlab-cache", "key": f"cache/{runner}.zip"})  # fmt: skip
        world.trail.call(instance, t + dt.timedelta(seconds=30), "sts", "GetCallerIdentity", HOME, nat, RUNNER_UA)
        target = world.rng.choices([a for a, _ in targets], weights=[w for _, w in targets])[0]
        job = f"gitlab-{world.rng.randrange(10**6, 10**7)}"
        t += dt.timedelta(seconds=45)
        deployer = world.session(ACCOUNTS[target], "gitlab-deployer", job, t, by="assume", hours=1,
                                 caller=instance, ip=nat, ua=RUNNER_UA)  # fmt: skip
        for n, (svc, name) in enumerate(DEPLOY[target]):
            world.trail.call(deployer, t + dt.timedelta(seconds=20 * n + 10), svc, name, HOME, nat, RUNNER_UA)


DEPLOY = {
    "booking": (("ecs", "RegisterTaskDefinition"), ("ecs", "UpdateService"), ("ecs", "DescribeServices"),
                ("ecs", "DescribeServices"), ("cloudfront", "CreateInvalidation")),
    "loyalty": (("lambda", "GetFunction"), ("lambda", "UpdateFunctionCode20150331v2"),
                ("lambda", "PublishVersion20150331"), ("lambda", "UpdateAlias20150331")),
    "integrations": (("s3", "PutObject"), ("lambda", "UpdateFunctionCode20150331v2")),
    "data": (("s3", "PutObject"), ("glue", "UpdateJob"), ("glue", "GetJob")),
}  # fmt: skip


def vendor(world: World, day: dt.date) -> None:
    """YieldPilot, the revenue-management vendor, twice a day: AssumeRole into the data account
    with its external ID from its own AWS account, read the revenue exports, write rates back."""
    account = ACCOUNTS["data"]
    caller = other_account(VENDOR_ACCOUNT, world.state["vendor_principal"])
    for hour in (5, 17):
        t = world.at(day, hour + world.rng.random() / 3)
        ip = world.rng.choice(world.state["vendor_ips"])
        who = world.session(account, "yieldpilot-revenue", f"yieldpilot-{t:%Y%m%d%H}", t, by="assume", hours=1,
                            caller=caller, ip=ip, ua=VENDOR_UA, params={"externalId": "yp-7f3a91c2-mhh"})  # fmt: skip
        world.trail.call(who, t + dt.timedelta(seconds=5), "s3", "ListObjects", HOME, ip, VENDOR_UA,
                         params={"bucketName": "mhh-revenue-exports", "prefix": f"daily/{day}"})  # fmt: skip
        for n in range(world.rng.randrange(10, 18)):
            world.trail.call(who, t + dt.timedelta(seconds=10 + 3 * n), "s3", "GetObject", HOME, ip, VENDOR_UA,
                             params={"bucketName": "mhh-revenue-exports", "key": f"daily/{day}/part-{n:04d}.parquet"})  # fmt: skip
        for n in range(3):
            world.trail.call(who, t + dt.timedelta(seconds=200 + n), "s3", "PutObject", HOME, ip, VENDOR_UA,
                             params={"bucketName": "mhh-revenue-exports", "key": f"recommendations/{day}/{n}.json"})  # fmt: skip


def config(world: World, day: dt.date) -> None:
    """AWS Config's service-linked role describing resources in every account every few hours."""
    calls = ("DescribeInstances", "DescribeSecurityGroups", "DescribeVpcs", "DescribeNetworkInterfaces")
    for name, account in ACCOUNTS.items():
        if world.state.get("joins", {}).get(name, day) > day:
            continue
        for hour in range(1, 24, 4):
            t = world.at(day, hour + world.rng.random())
            who = world.session(account, "AWSServiceRoleForConfig", "AWSConfig-Describe", t,
                                by="config.amazonaws.com", hours=4, path="/aws-service-role/config.amazonaws.com/")  # fmt: skip
            for call in calls:
                world.trail.call(who, t, "ec2", call, HOME, "config.amazonaws.com", "config.amazonaws.com")


LEGACY_UA = "aws-sdk-java/1.12.261 Linux/4.18.0-513.el8.x86_64 OpenJDK_64-Bit_Server_VM/11.0.21+9-LTS java/11.0.21 vendor/Red_Hat,_Inc. cfg/retry-mode/standard"


def legacy(world: World, day: dt.date) -> None:
    """The old Jenkins server in the Atlanta office still invalidates the booking site's cache
    with an IAM user's long-lived key after content changes, on weekdays."""
    if day.weekday() >= 5:
        return
    who, ip = world.state["legacy"], world.state["offices"]["atlanta"][0]
    for _ in range(world.rng.randrange(1, 4)):
        t = world.at(day, 14 + world.rng.random() * 8)
        world.trail.call(who, t, "cloudfront", "CreateInvalidation", HOME, ip, LEGACY_UA,
                         params={"distributionId": "E2MHHBOOKING7Q"})  # fmt: skip
        world.trail.call(who, t + dt.timedelta(seconds=90), "cloudfront", "GetInvalidation", HOME, ip, LEGACY_UA)
