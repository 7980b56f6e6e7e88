"""The benign background of one day: staff in Identity Center sessions, volunteers running
Athena, the registration app (field tablets through Cognito, Lambda functions writing
DynamoDB), the Kobo servers, the Geneva NAS backup, the donor CRM's hourly sync, the nightly
donor report on Fargate, AWS Config, and the services that act for their callers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail, s3_extra, s3_resources
from benchmarks.heldout34.identity import Session, cross_assume, service_mint, sso_mint
from benchmarks.heldout34.org import (
    DATA,
    EXTERNAL_ID,
    MGMT,
    OFFICES,
    OPS,
    PROVIDER,
    REG,
    VENDOR,
    VENDOR_ROLE_ID,
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
MENU = {
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


def lambdas(trail: Trail, org: Org, day: dt.date, rng: random.Random, runtime: str) -> Session:
    """The registration functions' day; returns the submit function's midday session in
    af-south-1."""
    midday: Session | None = None
    for region, fn_ip, lookup_ip, offices in (
        ("af-south-1", "submit_af", "lookup_af", ("nbo",)),
        ("me-south-1", "submit_me", "lookup_me", ("amm", "cxb")),
    ):
        busy = sum(workday(day, o) for o in offices) / len(offices)
        n = int(org.scale * (430 if region == "af-south-1" else 360) * (0.15 + 0.85 * busy))
        times = sorted(at(day, 4 + rng.random() * 12) for _ in range(max(n, 3)))
        sessions: dict[tuple[str, int], Session] = {}
        for t in times:
            for fn, ua, ip in (
                ("reg-submit", UA[runtime], org.ips[fn_ip]),
                ("reg-lookup", UA["lambda_node"], org.ips[lookup_ip]),
            ):
                block = (fn, t.hour // 3)
                if block not in sessions:
                    sessions[block] = service_mint(
                        trail,
                        t - dt.timedelta(seconds=2),
                        org.roles[fn.split("-")[1]],
                        fn,
                        "lambda.amazonaws.com",
                        region,
                    )
                s = sessions[block]
                if midday is None and fn == "reg-submit" and region == "af-south-1" and t.hour >= 9:
                    midday = s
                if fn == "reg-submit":
                    trail.call(
                        t,
                        REG,
                        s.ident(),
                        "dynamodb.amazonaws.com",
                        "Query",
                        region,
                        ip,
                        ua,
                        read=True,
                        data=True,
                        req={"tableName": "beneficiaries", "indexName": "household-index"},
                        resources=[
                            {
                                "accountId": REG,
                                "type": "AWS::DynamoDB::Table",
                                "ARN": f"arn:aws:dynamodb:{region}:{REG}:table/beneficiaries",
                            }
                        ],
                    )
                    trail.call(
                        t + dt.timedelta(seconds=1),
                        REG,
                        s.ident(),
                        "dynamodb.amazonaws.com",
                        "PutItem",
                        region,
                        ip,
                        ua,
                        read=False,
                        data=True,
                        req={"tableName": "beneficiaries", "key": {"case_id": "*"}},
                        resources=[
                            {
                                "accountId": REG,
                                "type": "AWS::DynamoDB::Table",
                                "ARN": f"arn:aws:dynamodb:{region}:{REG}:table/beneficiaries",
                            }
                        ],
                    )
                elif rng.random() < 0.5:
                    trail.call(
                        t + dt.timedelta(seconds=30),
                        REG,
                        s.ident(),
                        "dynamodb.amazonaws.com",
                        "GetItem",
                        region,
                        ip,
                        ua,
                        read=True,
                        data=True,
                        req={"tableName": "beneficiaries", "key": {"case_id": "*"}},
                        resources=[
                            {
                                "accountId": REG,
                                "type": "AWS::DynamoDB::Table",
                                "ARN": f"arn:aws:dynamodb:{region}:{REG}:table/beneficiaries",
                            }
                        ],
                    )
    assert midday is not None
    return midday


def tablets(
    trail: Trail, org: Org, day: dt.date, rng: random.Random, moved: dict[str, str]
) -> None:
    role = org.roles["cognito_auth"]
    for office, n in (("nbo", 9), ("amm", 7), ("cxb", 9)):
        if not workday(day, office):
            continue
        region = REGION[office]
        for _ in range(max(1, round(n * org.scale))):
            ip = org.addr.pick(
                {"nbo": "nbo_mobile", "amm": "amm_mobile", "cxb": "cxb_mobile"}[office]
            )
            t = at(day, 9 - OFFICES[office][0] + rng.random() * 6)
            identity = f"{region}:{trail.uid()}"
            s = Session(
                role,
                "CognitoIdentityCredentials",
                trail.ident("ASIA"),
                t,
                web_identity="authenticated",
            )
            ua = "aws-sdk-android/2.77.0 Linux/4.19.191-g5c3e2f1 Dalvik/2.1.0/0 en_US"
            trail.call(
                t,
                REG,
                {
                    "type": "WebIdentityUser",
                    "principalId": f"cognito-identity.amazonaws.com:{region}:5b2f0e1c:{identity}",
                    "userName": identity,
                    "identityProvider": "cognito-identity.amazonaws.com",
                },
                "sts.amazonaws.com",
                "AssumeRoleWithWebIdentity",
                region,
                ip,
                ua,
                read=True,
                req={"roleArn": role.arn, "roleSessionName": "CognitoIdentityCredentials"},
                resp={
                    "credentials": {"accessKeyId": s.key},
                    "subjectFromWebIdentityToken": identity,
                    "assumedRoleUser": {
                        "arn": s.arn,
                        "assumedRoleId": f"{role.role_id}:CognitoIdentityCredentials",
                    },
                },
            )
            for k in range(rng.randint(3, 9)):
                key = f"cases/{trail.hexid(12)}/id-photo.jpg"
                trail.call(
                    t + dt.timedelta(minutes=5 + 11 * k),
                    REG,
                    s.ident(),
                    "s3.amazonaws.com",
                    "PutObject",
                    region,
                    ip,
                    ua,
                    read=False,
                    data=True,
                    req={"bucketName": f"lumen-reg-docs-{region}", "key": key},
                    resources=s3_resources(REG, f"lumen-reg-docs-{region}", key),
                    extra=s3_extra(trail, in_bytes=rng.randrange(200_000, 2_000_000)),
                )


def machines(
    trail: Trail, org: Org, day: dt.date, rng: random.Random, kobo_key: Callable[[int], str]
) -> None:
    """The Kobo server's IAM key (Nairobi office), the Kobo EC2 instance, the NAS backup."""
    kobo = org.users["svc-kobo-sync"]
    for h in range(24):
        t = at(day, h + rng.random() * 0.2)
        ident = kobo.ident(kobo_key(h))
        for name, read, src in (
            ("ListObjects", True, "s3"),
            ("PutObject", False, "s3"),
            ("BatchWriteItem", False, "dynamodb"),
        ):
            if src == "s3":
                bucket, key = (
                    "lumen-kobo-raw",
                    (None if read else f"submissions/{day}/{trail.hexid(10)}.json"),
                )
                trail.call(
                    t,
                    REG,
                    ident,
                    "s3.amazonaws.com",
                    name,
                    "af-south-1",
                    org.ips["kobo_nbo"],
                    UA["kobo"],
                    read=read,
                    data=True,
                    req={
                        "bucketName": bucket,
                        **({"key": key} if key else {"prefix": "submissions/", "list-type": "2"}),
                    },
                    resources=s3_resources(REG, bucket, key),
                    extra=s3_extra(trail),
                )
            else:
                trail.call(
                    t + dt.timedelta(seconds=3),
                    REG,
                    ident,
                    "dynamodb.amazonaws.com",
                    name,
                    "af-south-1",
                    org.ips["kobo_nbo"],
                    UA["kobo"],
                    read=False,
                    data=True,
                    req={"requestItems": {"kobo_submissions": "*"}},
                )
    instance = "i-0c4a7e19b2d35f806"
    s = None
    for h in range(24):
        t = at(day, h + 0.05)
        if h % 6 == 0:
            s = service_mint(
                trail,
                t - dt.timedelta(minutes=10),
                org.roles["kobo_ec2"],
                instance,
                "ec2.amazonaws.com",
                "af-south-1",
                ec2="2.0",
            )
        assert s is not None
        trail.call(
            t,
            OPS,
            s.ident(),
            "ssm.amazonaws.com",
            "UpdateInstanceInformation",
            "af-south-1",
            org.ips["kobo_ec2"],
            "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0",
            read=False,
            req={"instanceId": instance, "agentStatus": "Active"},
        )
        key = f"kobo/db/{day}/{h:02d}.sql.gz"
        trail.call(
            t + dt.timedelta(minutes=2),
            OPS,
            s.ident(),
            "s3.amazonaws.com",
            "PutObject",
            "af-south-1",
            f"10.40.{h % 4}.{17 + h % 3}",
            UA["kobo_ec2"],
            read=False,
            data=True,
            req={"bucketName": "lumen-ops-kobo-backup", "key": key},
            resources=s3_resources(OPS, "lumen-ops-kobo-backup", key),
            extra=s3_extra(trail, in_bytes=rng.randrange(10**6, 10**8)),
            vpce="vpce-0a7f3c19d2b4e5f60",
        )
    backup = org.users["svc-backup-geneva"]
    t = at(day, 0.1 + rng.random() * 0.3)
    for _ in range(max(20, int(180 * org.scale))):
        t += dt.timedelta(seconds=rng.randint(5, 40))
        key = (
            f"nas/shares/{rng.choice(['finance', 'hr', 'programmes', 'grants'])}/{trail.hexid(10)}"
        )
        name, read = rng.choice([("PutObject", False), ("HeadObject", True), ("PutObject", False)])
        trail.call(
            t,
            OPS,
            backup.ident(backup.keys[0]),
            "s3.amazonaws.com",
            name,
            "eu-central-1",
            org.ips["backup_gva"],
            UA["rclone"],
            read=read,
            data=True,
            req={"bucketName": "lumen-gva-nas-backup", "key": key},
            resources=s3_resources(OPS, "lumen-gva-nas-backup", key),
            extra=s3_extra(trail),
        )


def partners(trail: Trail, org: Org, day: dt.date, rng: random.Random, vendor_net: str) -> Session:
    """The donor CRM's hourly sync from its own AWS account, the nightly donor report task."""
    role = org.roles["vendor"]
    for h in range(24):
        t = at(day, h + 0.03 + rng.random() * 0.05)
        ip = (
            org.ips["vendor"]
            if vendor_net == "aws_iad"
            else org.ips.setdefault("vendor_dub", org.addr.pick("aws_dub"))
        )
        s = cross_assume(
            trail,
            t,
            role,
            VENDOR,
            VENDOR_ROLE_ID,
            "givestack-sync-worker",
            ip,
            UA["vendor"],
            external_id=EXTERNAL_ID,
        )
        assert s is not None
        trail.call(
            t + dt.timedelta(seconds=2),
            DATA,
            s.ident(),
            "s3.amazonaws.com",
            "ListObjects",
            "eu-central-1",
            ip,
            UA["vendor"],
            read=True,
            data=True,
            req={"bucketName": "lumen-donor-exchange", "prefix": "outbound/", "list-type": "2"},
            resources=s3_resources(DATA, "lumen-donor-exchange", None),
            extra=s3_extra(trail),
        )
        if h % 6 == 2:
            key = f"outbound/gifts-{day}.csv"
            trail.call(
                t + dt.timedelta(seconds=4),
                DATA,
                s.ident(),
                "s3.amazonaws.com",
                "GetObject",
                "eu-central-1",
                ip,
                UA["vendor"],
                read=True,
                data=True,
                req={"bucketName": "lumen-donor-exchange", "key": key},
                resources=s3_resources(DATA, "lumen-donor-exchange", key),
                extra=s3_extra(trail, out_bytes=rng.randrange(10**4, 10**6)),
            )
        key = f"inbound/donors-{day}-{h:02d}.json"
        trail.call(
            t + dt.timedelta(seconds=6),
            DATA,
            s.ident(),
            "s3.amazonaws.com",
            "PutObject",
            "eu-central-1",
            ip,
            UA["vendor"],
            read=False,
            data=True,
            req={"bucketName": "lumen-donor-exchange", "key": key},
            resources=s3_resources(DATA, "lumen-donor-exchange", key),
            extra=s3_extra(trail, in_bytes=rng.randrange(10**3, 10**5)),
        )
    t = at(day, 2 + rng.random() * 0.1)
    s = service_mint(
        trail, t, org.roles["report"], trail.hexid(32), "ecs-tasks.amazonaws.com", "eu-central-1"
    )
    for _ in range(3):
        t = athena_query(
            trail,
            t + dt.timedelta(seconds=20),
            s,
            org.ips["report"],
            UA["ecs_report"],
            "eu-central-1",
            "donations",
            "lumen-programme-lake",
        )
    key = f"outbound/gifts-{day}.csv"
    trail.call(
        t,
        DATA,
        s.ident(),
        "s3.amazonaws.com",
        "PutObject",
        "eu-central-1",
        org.ips["report"],
        UA["ecs_report"],
        read=False,
        data=True,
        req={"bucketName": "lumen-donor-exchange", "key": key},
        resources=s3_resources(DATA, "lumen-donor-exchange", key),
        extra=s3_extra(trail),
    )
    return s


def config(
    trail: Trail, org: Org, day: dt.date, rng: random.Random, accounts: list[tuple[str, str, str]]
) -> None:
    for key, account, region in accounts:
        t = at(day, rng.random() * 2)
        s = service_mint(
            trail, t, org.roles[key], "AWSConfig-Describe", "config.amazonaws.com", region
        )
        for name, source in (
            ("DescribeInstances", "ec2"),
            ("DescribeSecurityGroups", "ec2"),
            ("ListBuckets", "s3"),
            ("GetBucketAcl", "s3"),
            ("ListRoles", "iam"),
            ("DescribeVpcs", "ec2"),
            ("ListFunctions20150331", "lambda"),
            ("DescribeTable", "dynamodb"),
        ):
            t += dt.timedelta(seconds=rng.randint(1, 600))
            trail.call(
                t,
                account,
                s.ident("config.amazonaws.com"),
                f"{source}.amazonaws.com",
                name,
                GLOBAL if source == "iam" else region,
                "config.amazonaws.com",
                "config.amazonaws.com",
                read=True,
            )


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
