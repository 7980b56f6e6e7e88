"""Frostvik's people and their tools on a day: Identity Center sessions (console and CLI),
Terraform from GitHub Actions, Datadog's cross-account role, Superset's instance profile, the
Glue crawler, Athena acting for the analysts and AWS Config's service-linked role."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout29 import _org as o
from benchmarks.heldout29._fleet import Fleet, at
from benchmarks.heldout29._records import Record, Trail

MENUS: dict[str, tuple[tuple[str, str], ...]] = {
    "AdministratorAccess": (
        ("organizations", "ListAccounts"),
        ("organizations", "DescribeOrganization"),
        ("iam", "ListRoles"),
        ("sso", "ListPermissionSets"),
        ("cloudtrail", "DescribeTrails"),
        ("iot", "ListThings"),
        ("lambda", "ListFunctions20150331"),
        ("cloudformation", "DescribeStacks"),
    ),
    "PowerUserAccess": (
        ("iot", "ListThings"),
        ("iot", "DescribeThing"),
        ("iot", "ListJobs"),
        ("iot", "DescribeJob"),
        ("lambda", "GetFunction20150331v2"),
        ("lambda", "ListFunctions20150331"),
        ("logs", "FilterLogEvents"),
        ("logs", "DescribeLogGroups"),
        ("dynamodb", "DescribeTable"),
        ("codebuild", "BatchGetBuilds"),
        ("codebuild", "ListBuildsForProject"),
        ("cloudformation", "DescribeStacks"),
        ("signer", "ListSigningJobs"),
        ("lambda", "UpdateFunctionConfiguration20150331v2"),
    ),
    "DataAnalyst": (
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryExecution"),
        ("athena", "GetQueryResults"),
        ("glue", "GetTables"),
        ("glue", "GetDatabases"),
        ("athena", "ListWorkGroups"),
    ),
    "ReadOnlyAccess": (
        ("iot", "ListThings"),
        ("cloudwatch", "DescribeAlarms"),
        ("athena", "ListQueryExecutions"),
        ("lambda", "ListFunctions20150331"),
    ),
    "SupportReadOnly": (
        ("iot", "DescribeThing"),
        ("iot", "ListThingPrincipals"),
        ("iot", "GetThingShadow"),
        ("iot", "ListJobExecutionsForThing"),
        ("iot", "DescribeCertificate"),
        ("logs", "FilterLogEvents"),
    ),
}


def person_session(
    tr: Trail,
    person: o.Person,
    day: dt.date,
    start: float,
    *,
    account: str | None = None,
    ip: str | None = None,
    ua: str | None = None,
    console: bool | None = None,
    calls: int | None = None,
    region: str = o.HOME,
) -> tuple[str, list[Record]]:
    """One Identity Center session of ``person``: its sign-in, then calls a few minutes apart."""
    account = account or tr.rng.choice(person.accounts)
    console = (tr.rng.random() > person.cli_share) if console is None else console
    ip = ip or tr.ip(person.home)
    ua = ua or (person.browser if console else person.ua)
    t = at(day, start)
    key = tr.sso_signin(t, account, person.pset, person.user, ip, ua, console=console)
    ident = tr.sso(account, person.pset, person.user, key, t)
    out = []
    for _ in range(calls if calls is not None else tr.rng.randint(8, 40)):
        t += dt.timedelta(seconds=tr.rng.randint(5, 420))
        source, name = tr.rng.choice(MENUS[person.pset])
        if source in ("organizations", "sso", "iam") and account != o.MGMT and source != "iam":
            source, name = "iot", "ListThings"
        region_here = "us-east-1" if source in ("iam", "organizations") else region
        out.append(
            tr.event(
                t, account, region_here, source, name, ident, ip, ua, console=console, req=None
            )
        )
        if name == "StartQueryExecution":  # Athena reads the catalogue for the analyst
            out.append(
                tr.event(
                    t + dt.timedelta(seconds=1),
                    account,
                    region,
                    "glue",
                    "GetTable",
                    {**ident, "invokedBy": "athena.amazonaws.com"},
                    "athena.amazonaws.com",
                    "athena.amazonaws.com",
                    req={"databaseName": "telemetry", "name": "device_readings"},
                )
            )
    return key, out


def people(tr: Trail, day: dt.date, skip: tuple[str, ...] = ()) -> None:
    for person in o.PEOPLE:
        if person.user in skip:
            continue
        if day.weekday() >= 5 and not (person.weekend and tr.rng.random() < 0.5):
            continue
        if tr.rng.random() < 0.12:  # leave, meetings all day
            continue
        for _ in range(tr.rng.choice((1, 1, 2))):
            person_session(tr, person, day, tr.rng.uniform(8.0, 16.5))


def terraform(tr: Trail, day: dt.date, fl: Fleet) -> None:
    if day.weekday() >= 5:
        return
    provider = f"arn:aws:iam::{o.BUILD}:oidc-provider/token.actions.githubusercontent.com"
    for _ in range(tr.rng.randint(1, 4)):
        t = at(day, tr.rng.uniform(9, 17))
        ip = tr.ip("gh_runners")
        ref = tr.rng.choice(("ref:refs/heads/main", "pull_request"))
        sub = f"repo:frostvik/platform-infra:{ref}"
        key = tr.key()
        tr.event(
            t,
            o.BUILD,
            "us-east-1",
            "sts",
            "AssumeRoleWithWebIdentity",
            {
                "type": "WebIdentityUser",
                "principalId": f"{provider}:sts.amazonaws.com:{sub}",
                "userName": sub,
                "identityProvider": provider,
            },
            ip,
            "aws-sdk-js/3.637.0 ua/2.0 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.13.1 api/sts#3.637.0 configure-aws-credentials-for-github-actions",
            req={
                "roleArn": f"arn:aws:iam::{o.BUILD}:role/github-terraform",
                "roleSessionName": "GitHubActions",
            },
            resp={
                "credentials": {
                    "accessKeyId": key,
                    "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                    "expiration": (t + dt.timedelta(hours=1)).strftime("%b %d, %Y, %I:%M:%S %p"),
                },
                "subjectFromWebIdentityToken": sub,
                "provider": provider,
                "audience": "sts.amazonaws.com",
                "assumedRoleUser": {
                    "arn": f"arn:aws:sts::{o.BUILD}:assumed-role/github-terraform/GitHubActions",
                    "assumedRoleId": "AROAGHTF:GitHubActions",
                },
            },
            read_only=True,
        )
        ident = tr.role(o.BUILD, "github-terraform", "GitHubActions", key, t)
        reads = (
            ("codebuild", "BatchGetProjects"),
            ("iam", "GetRole"),
            ("iam", "ListRolePolicies"),
            ("signer", "GetSigningProfile"),
            ("s3", "GetBucketPolicy"),
            ("ecr", "DescribeRepositories"),
            ("codepipeline", "GetPipeline"),
            ("iam", "GetPolicyVersion"),
        )
        for n in range(tr.rng.randint(15, 30)):
            source, name = tr.rng.choice(reads)
            region = "us-east-1" if source == "iam" else o.HOME
            tr.event(
                t + dt.timedelta(seconds=10 + 2 * n),
                o.BUILD,
                region,
                source,
                name,
                ident,
                ip,
                o.GH_TF.format(api=source),
            )


def datadog(tr: Trail, day: dt.date, fl: Fleet, extra: tuple[tuple[str, str], ...] = ()) -> None:
    caller_key = tr.key()
    caller = tr.role(
        o.DATADOG_ACCOUNT,
        "DatadogAWSIntegrationRole",
        "i-0d1f5e8a3c2b7d940",
        caller_key,
        at(day, 0),
    )
    for h in range(0, 24, 1):
        t = at(day, h + tr.rng.random() * 0.9)
        ip = tr.rng.choice(fl.datadog_ips)
        key = tr.assume(
            t,
            caller,
            ip,
            o.DATADOG_UA,
            o.PROD,
            "DatadogIntegrationRole",
            "DatadogAWSIntegration",
            region="us-east-1",
            external_id="5e9c1d7a0b3f4e62a8c9d1f07b4e2a63",
        )
        ident = tr.role(o.PROD, "DatadogIntegrationRole", "DatadogAWSIntegration", key, t)
        menu = (
            ("tag", "GetResources"),
            ("lambda", "ListFunctions20150331"),
            ("cloudwatch", "ListMetrics"),
            ("dynamodb", "ListTables"),
            ("apigateway", "GetRestApis"),
            *extra,
        )
        for n, (source, name) in enumerate(menu):
            tr.event(
                t + dt.timedelta(seconds=3 + n),
                o.PROD,
                o.HOME,
                source,
                name,
                ident,
                ip,
                o.DATADOG_UA,
            )


def superset(tr: Trail, day: dt.date, fl: Fleet) -> None:
    role = "superset-instance"
    for h in (0.5, 6.5, 12.5, 18.5):
        t = at(day, h)
        key = tr.mint(t, o.DATA, o.HOME, "ec2", role, fl.superset_id, hours=6)
        ident = tr.role(o.DATA, role, fl.superset_id, key, t, ec2=True)
        slot = t
        while slot < t + dt.timedelta(hours=6):
            slot += dt.timedelta(minutes=tr.rng.choice((20, 30, 40)))
            local = (slot.hour + 1) % 24
            if not 6 <= local <= 21:
                continue
            qid = tr.uuid()
            seq = (
                "StartQueryExecution",
                "GetQueryExecution",
                "GetQueryExecution",
                "GetQueryResults",
            )
            for n, name in enumerate(seq):
                tr.event(
                    slot + dt.timedelta(seconds=2 * n),
                    o.DATA,
                    o.HOME,
                    "athena",
                    name,
                    ident,
                    fl.superset_ip,
                    o.BOTO_EC2,
                    req={"queryExecutionId": qid} if n else {"workGroup": "superset"},
                )
            tr.event(
                slot + dt.timedelta(seconds=1),
                o.DATA,
                o.HOME,
                "glue",
                "GetTable",
                {**ident, "invokedBy": "athena.amazonaws.com"},
                "athena.amazonaws.com",
                "athena.amazonaws.com",
                req={"databaseName": "telemetry", "name": "device_readings"},
            )


def glue_crawler(tr: Trail, day: dt.date, *, tables: int = 3) -> None:
    t = at(day, 1.5)
    role = "AWSGlueServiceRole-telemetry"
    key = tr.mint(t, o.DATA, o.HOME, "glue", role, "GlueJobRunnerSession")
    ident = tr.role(o.DATA, role, "GlueJobRunnerSession", key, t)
    for n in range(tables * 4):
        name = ("GetTable", "BatchGetPartition", "BatchCreatePartition", "UpdateTable")[n % 4]
        tr.event(
            t + dt.timedelta(seconds=30 * n),
            o.DATA,
            o.HOME,
            "glue",
            name,
            ident,
            "glue.amazonaws.com",
            "aws-internal/3 aws-sdk-java/1.12.720 Linux/5.10.225 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412",
            req={"databaseName": "telemetry", "tableName": f"readings_{n // 4}"},
        )


def config_recorder(tr: Trail, day: dt.date, accounts: tuple[str, ...]) -> None:
    role, path = "AWSServiceRoleForConfig", "aws-service-role/config.amazonaws.com/"
    for account in accounts:
        t = at(day, tr.rng.uniform(0, 2))
        key = tr.key()
        ident = tr.role(account, role, "AWSConfig-Describe", key, t, path=path)
        for n in range(tr.rng.randint(25, 45)):
            source, name = tr.rng.choice(
                (
                    ("ec2", "DescribeSecurityGroups"),
                    ("iam", "GetRole"),
                    ("s3", "GetBucketPolicy"),
                    ("lambda", "GetFunction20150331v2"),
                    ("kms", "DescribeKey"),
                    ("ec2", "DescribeVpcs"),
                )
            )
            region = "us-east-1" if source == "iam" else tr.rng.choice(o.REGIONS[:2])
            tr.event(
                t + dt.timedelta(seconds=37 * n),
                account,
                region,
                source,
                name,
                ident,
                "config.amazonaws.com",
                "config.amazonaws.com",
            )
