"""The people of one day: staff in Identity Center sessions (console or aws-cli), volunteers
running Athena (and what Athena does for them), the volunteers' shared notebook key, the
grants team's old console user and the IT lead's old IAM key. The workloads are in
``workloads``."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail, s3_extra, s3_resources
from benchmarks.heldout34.identity import Session, sso_mint
from benchmarks.heldout34.org import (
    DATA,
    MGMT,
    OFFICES,
    OPS,
    PROVIDER,
    REG,
    Org,
    Person,
    cli,
)

OFFICE_NET = {"gva": "gva_office", "nbo": "nbo_office", "amm": "amm_office", "cxb": "cxb_office"}
REGION = {
    "gva": "af-south-1",
    "nbo": "af-south-1",
    "amm": "me-south-1",
    "cxb": "me-south-1",
    "remote": "eu-central-1",
}
MENU: dict[str, list[tuple[str, str, dict[str, str] | None]]] = {
    "ProgramOfficer": [
        ("dynamodb.amazonaws.com", "DescribeTable", {"tableName": "beneficiaries"}),
        ("dynamodb.amazonaws.com", "ListTables", None),
        ("cloudwatch.amazonaws.com", "GetMetricData", None),
        ("cloudwatch.amazonaws.com", "DescribeAlarms", None),
        ("cognito-idp.amazonaws.com", "ListUsers", {"userPoolId": "{region}_Lr7Kq2Xd1"}),
        ("lambda.amazonaws.com", "ListFunctions20150331", None),
    ],
    "RegistrationDev": [
        ("lambda.amazonaws.com", "GetFunction20150331v2", {"functionName": "reg-submit"}),
        ("lambda.amazonaws.com", "ListFunctions20150331", None),
        ("logs.amazonaws.com", "DescribeLogGroups", None),
        ("logs.amazonaws.com", "FilterLogEvents", {"logGroupName": "/aws/lambda/reg-submit"}),
        ("cloudformation.amazonaws.com", "DescribeStacks", None),
        ("dynamodb.amazonaws.com", "DescribeTable", {"tableName": "beneficiaries"}),
        ("apigateway.amazonaws.com", "GetRestApis", None),
    ],
    "ITAdmin": [
        ("ec2.amazonaws.com", "DescribeInstances", None),
        ("ec2.amazonaws.com", "DescribeSecurityGroups", None),
        ("iam.amazonaws.com", "ListRoles", None),
        ("iam.amazonaws.com", "GetRole", {"roleName": "kobo-sync-ec2"}),
        ("s3.amazonaws.com", "ListBuckets", None),
        ("cloudtrail.amazonaws.com", "LookupEvents", None),
        ("ssm.amazonaws.com", "DescribeInstanceInformation", None),
    ],
    "FinanceReader": [
        ("ce.amazonaws.com", "GetCostAndUsage", None),
        ("budgets.amazonaws.com", "DescribeBudgets", None),
        ("organizations.amazonaws.com", "ListAccounts", None),
        ("billingconsole.amazonaws.com", "GetBillingPreferences", None),
    ],
}
GLOBAL_SOURCES = {
    "iam.amazonaws.com",
    "ce.amazonaws.com",
    "budgets.amazonaws.com",
    "organizations.amazonaws.com",
    "billingconsole.amazonaws.com",
}


def at(day: dt.date, hour: float) -> dt.datetime:
    base = dt.datetime(day.year, day.month, day.day)
    return base + dt.timedelta(seconds=int(hour * 3600))


def workday(day: dt.date, office: str) -> bool:
    return day.weekday() not in OFFICES.get(office, (1, (5, 6)))[1]


def where(org: Org, person: Person, day: dt.date, rng: random.Random, moved: dict[str, str]) -> str:
    if day in person.travel:
        return org.addr.pick(person.travel[day])
    if person.office == "remote" or rng.random() < 0.3:
        key = f"home:{person.email}:{day.isocalendar()[1]}"  # a new lease about weekly
        if key not in org.ips:
            org.ips[key] = org.addr.pick(person.home)
        return org.ips[key]
    net = moved.get(person.office, OFFICE_NET[person.office])
    key = f"office:{net}"
    if key not in org.ips:
        org.ips[key] = org.addr.pick(net)
    return org.ips[key]


def athena_query(
    trail: Trail, t: dt.datetime, s: Session, ip: str, ua: str, region: str, table: str, bucket: str
) -> dt.datetime:
    """A query and what Athena does for its caller (Glue and S3 calls invoked by Athena)."""
    qid = trail.uid()
    trail.call(
        t,
        s.role.account,
        s.ident(),
        "athena.amazonaws.com",
        "StartQueryExecution",
        region,
        ip,
        ua,
        read=False,
        req={
            "queryString": f"SELECT * FROM {table} WHERE ...",
            "workGroup": "volunteers" if "vol" in ua else "primary",
        },
        resp={"queryExecutionId": qid},
    )
    t += dt.timedelta(seconds=1)
    trail.call(
        t,
        s.role.account,
        s.ident("athena.amazonaws.com"),
        "glue.amazonaws.com",
        "GetTable",
        region,
        "athena.amazonaws.com",
        "athena.amazonaws.com",
        read=True,
        req={"databaseName": "programme", "name": table},
    )
    for part in range(2):
        key = f"{table}/year=2026/part-{trail.hexid(8)}.parquet"
        trail.call(
            t + dt.timedelta(seconds=2 + part),
            s.role.account,
            s.ident("athena.amazonaws.com"),
            "s3.amazonaws.com",
            "GetObject",
            region,
            "athena.amazonaws.com",
            "athena.amazonaws.com",
            read=True,
            data=True,
            req={"bucketName": bucket, "key": key},
            resources=s3_resources(s.role.account, bucket, key),
            extra=s3_extra(trail, out_bytes=trail.rng.randrange(10**5, 10**7)),
        )
    for k in range(2):
        trail.call(
            t + dt.timedelta(seconds=4 + 2 * k),
            s.role.account,
            s.ident(),
            "athena.amazonaws.com",
            "GetQueryExecution",
            region,
            ip,
            ua,
            read=True,
            req={"queryExecutionId": qid},
        )
    trail.call(
        t + dt.timedelta(seconds=9),
        s.role.account,
        s.ident(),
        "athena.amazonaws.com",
        "GetQueryResults",
        region,
        ip,
        ua,
        read=True,
        req={"queryExecutionId": qid},
    )
    return t + dt.timedelta(seconds=10)


def person_day(
    trail: Trail,
    org: Org,
    person: Person,
    day: dt.date,
    rng: random.Random,
    moved: dict[str, str],
    *,
    calls: int | None = None,
    ip: str | None = None,
    hours: tuple[float, float] | None = None,
) -> Session | None:
    offset = OFFICES.get(person.office, (1, (5, 6)))[0]
    if calls is None:
        if not workday(day, person.office) and rng.random() > 0.08:
            return None
        if rng.random() < 0.15:  # leave, field visits, meetings all day
            return None
        calls = rng.randint(14, 70)
    ip = ip or where(org, person, day, rng, moved)
    start, end = hours or (8.5 - offset + rng.random() * 1.5, 17 - offset)
    t = at(day, start)
    account = (
        DATA
        if person.pset == "DataAnalyst"
        else {"ProgramOfficer": REG, "RegistrationDev": REG, "ITAdmin": OPS, "FinanceReader": MGMT}[
            person.pset
        ]
    )
    ua_name = "cli_mac" if person.browser != "chrome" else "cli_win"
    ua = UA[person.browser] if person.tool == "console" else cli(ua_name, "sso.login")
    session = sso_mint(
        trail,
        t,
        org.sso(account, person.pset),
        person.email,
        ip,
        ua,
        PROVIDER,
        console=person.tool == "console",
    )
    trail.call(
        t - dt.timedelta(seconds=3),
        MGMT,
        {
            "type": "Unknown",
            "principalId": person.email,
            "accountId": MGMT,
            "userName": person.email,
        },
        "sso.amazonaws.com",
        "Federate" if person.tool == "console" else "GetRoleCredentials",
        "eu-central-1",
        ip,
        ua,
        read=True,
        req={"accountId": account, "roleName": person.pset},
    )
    region = REGION[person.office] if account == REG else "eu-central-1"
    step = max((end - start) * 3600 / max(calls, 1), 20)
    if person.pset == "DataAnalyst":
        for _ in range(max(1, calls // 8)):
            t = athena_query(
                trail,
                t + dt.timedelta(seconds=rng.expovariate(1 / (step * 6))),
                session,
                ip,
                UA[person.browser] if person.tool == "console" else UA["wrangler"],
                region,
                rng.choice(["registrations", "distributions", "needs_assessments"]),
                "lumen-programme-lake",
            )
        return session
    menu = MENU[person.pset]
    for _ in range(calls):
        t += dt.timedelta(seconds=rng.expovariate(1 / step))
        source, name, req = rng.choice(menu)
        if req:
            req = {k: v.format(region=region) for k, v in req.items()}
        ua_call = UA[person.browser] if person.tool == "console" else cli(ua_name, name.lower())
        trail.call(
            t,
            account,
            session.ident(),
            source,
            name,
            GLOBAL if source in GLOBAL_SOURCES else region,
            ip,
            ua_call,
            read=True,
            req=req,
        )
    return session


def people(
    trail: Trail,
    org: Org,
    day: dt.date,
    rng: random.Random,
    moved: dict[str, str],
    *,
    skip_staff: bool = False,
) -> None:
    if not skip_staff:
        for person in org.people + org.volunteers:
            person_day(trail, org, person, day, rng, moved)
    # the volunteers' shared notebook key, some evenings from Colab
    if rng.random() < 0.6:
        user = org.users["volunteer-athena"]
        ip = org.addr.pick("colab")
        t = at(day, 17 + rng.random() * 4)
        for _ in range(rng.randint(2, 6)):
            fake = Session(org.sso(DATA, "DataAnalyst"), "x", user.keys[0], t)
            qid = trail.uid()
            trail.call(
                t,
                DATA,
                user.ident(user.keys[0]),
                "athena.amazonaws.com",
                "StartQueryExecution",
                "eu-central-1",
                ip,
                UA["wrangler"],
                read=False,
                req={"workGroup": "volunteers"},
                resp={"queryExecutionId": qid},
            )
            trail.call(
                t + dt.timedelta(seconds=6),
                DATA,
                user.ident(user.keys[0]),
                "athena.amazonaws.com",
                "GetQueryResults",
                "eu-central-1",
                ip,
                UA["wrangler"],
                read=True,
                req={"queryExecutionId": qid},
            )
            del fake
            t += dt.timedelta(minutes=rng.randint(2, 15))
    # the grants team's old console user, twice a week from Nairobi
    if day.weekday() in (1, 3):
        grants_console(trail, org, day, org.ips["grants"], rng, UA["chrome"])
    # the IT lead's old IAM key
    if workday(day, "gva") and rng.random() < 0.6:
        marc = org.users["marc.favre-admin"]
        t = at(day, 8 + rng.random() * 6)
        for name, source in rng.sample(
            [
                ("DescribeInstances", "ec2"),
                ("ListUsers", "iam"),
                ("ListBuckets", "s3"),
                ("DescribeSnapshots", "ec2"),
                ("GetCallerIdentity", "sts"),
            ],
            3,
        ):
            t += dt.timedelta(seconds=rng.randint(5, 900))
            trail.call(
                t,
                OPS,
                marc.ident(marc.keys[0]),
                f"{source}.amazonaws.com",
                name,
                GLOBAL if source in ("iam", "sts") else "eu-central-1",
                org.ips["marc_office"],
                cli("cli_mac", f"{source}.{name.lower()}"),
                read=True,
            )


def grants_console(
    trail: Trail, org: Org, day: dt.date, ip: str, rng: random.Random, ua: str, mfa: str = "No"
) -> dt.datetime:
    user = org.users["grants-reporting"]
    t = at(day, 6 + rng.random() * 3)
    trail.call(
        t,
        DATA,
        {
            "type": "IAMUser",
            "principalId": user.uid,
            "arn": user.arn,
            "accountId": DATA,
            "userName": user.name,
        },
        "signin.amazonaws.com",
        "ConsoleLogin",
        GLOBAL,
        ip,
        ua,
        read=False,
        resp={"ConsoleLogin": "Success"},
        extra={
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": mfa,
        },
        etype="AwsConsoleSignIn",
    )
    key = trail.ident("ASIA")  # a console session's own key
    for k in range(rng.randint(3, 6)):
        obj = f"reports/grants/{day.year}/q4-{trail.hexid(6)}.xlsx"
        trail.call(
            t + dt.timedelta(minutes=2 + 3 * k),
            DATA,
            user.ident(key, console_since=t),
            "s3.amazonaws.com",
            "GetObject",
            "eu-central-1",
            ip,
            ua,
            read=True,
            data=True,
            req={"bucketName": "lumen-programme-reports", "key": obj},
            resources=s3_resources(DATA, "lumen-programme-reports", obj),
            extra=s3_extra(trail, out_bytes=rng.randrange(10**4, 10**6)),
        )
    return t
