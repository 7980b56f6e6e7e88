"""People: Identity Center sessions (console and aws-cli), Athena acting for its callers, the
finance user's password-only console."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._records import Record, Trail
from benchmarks.heldout36._routine import World, at

MENU: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "SREAdmin": (
        ("ecs", "DescribeServices", True),
        ("ecs", "ListTasks", True),
        ("ecs", "DescribeTasks", True),
        ("logs", "DescribeLogStreams", True),
        ("monitoring", "DescribeAlarms", True),
        ("iot", "ListThings", True),
        ("iot", "DescribeThing", True),
        ("iot", "ListJobs", True),
        ("ec2", "DescribeInstances", True),
        ("ssm", "StartSession", False),
        ("ecs", "UpdateService", False),
    ),
    "Developer": (
        ("ecs", "DescribeServices", True),
        ("logs", "DescribeLogStreams", True),
        ("codepipeline", "GetPipelineState", True),
        ("codepipeline", "ListPipelineExecutions", True),
        ("codebuild", "BatchGetBuilds", True),
        ("dynamodb", "DescribeTable", True),
        ("lambda", "GetFunction", True),
        ("iot", "DescribeThing", True),
    ),
    "DataAnalyst": (
        ("glue", "GetTables", True),
        ("glue", "GetDatabases", True),
        ("redshift-serverless", "GetWorkgroup", True),
        ("athena", "ListWorkGroups", True),
    ),
}


def saml_session(
    tr: Trail, t: dt.datetime, account: str, pset: tuple[str, str], user: str, ip: str
) -> Record:
    """Identity Center signing a person into a member account (AssumeRoleWithSAML through the
    ``AWSSSO_..._DO_NOT_DELETE`` provider), and that session's identity block."""
    key = tr.key()
    role = f"AWSReservedSSO_{pset[0]}_{pset[1]}"
    provider = f"arn:aws:iam::{account}:saml-provider/{org.SAML_PROVIDER}"
    tr.add(
        t,
        account,
        "us-east-1",
        {
            "type": "SAMLUser",
            "principalId": f"X5pBd2Zr4hQ0N8kV1yWmT7cA3sU=:{user}",
            "userName": user,
            "identityProvider": provider,
        },
        ip,
        org.SSO_FEDERATION_AGENT,
        "sts",
        "AssumeRoleWithSAML",
        read_only=True,
        request={
            "sAMLAssertionID": "_" + tr.uuid(),
            "roleSessionName": user,
            "principalTags": {},
            "roleArn": f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{org.SSO_REGION}/{role}",
            "principalArn": provider,
            "durationSeconds": 43200,
        },
        response={
            "credentials": {"accessKeyId": key, "expiration": ""},
            "subject": user,
            "subjectType": "persistent",
            "issuer": f"https://portal.sso.{org.SSO_REGION}.amazonaws.com/saml/assertion/NjA0MTE4MjcwMDE5X2lucy01YjFl",
            "audience": "https://signin.aws.amazon.com/saml",
            "nameQualifier": "pX0c4PqK2pGkDDm0JtBO1LhzGRs=",
        },
    )
    return tr.sso(account, pset, user, key, t)


def person_day(
    tr: Trail,
    world: World,
    day: dt.date,
    p: org.Person,
    *,
    ip: str | None = None,
    calls: int | None = None,
    start: float | None = None,
) -> list[Record]:
    """A person's working day in each account they use: one session, console or aws-cli."""
    out = []
    for account in p.accounts:
        begin = start if start is not None else 8 - p.tz + tr.rng.uniform(0, 1.5)
        where = ip or org.ip_of(p.home, p.ip_index)
        if (
            ip is None
            and p.home == "dublin_home"
            and day.weekday() in (1, 2)
            and tr.rng.random() < 0.6
        ):
            where = org.ip_of("dublin_office", p.ip_index)
        t0 = at(day, begin)
        ident = saml_session(tr, t0, account, p.pset, p.user, where)
        out.append(ident)
        n = calls if calls is not None else tr.rng.randint(8, 30)
        for _ in range(n):
            t = t0 + dt.timedelta(hours=tr.rng.uniform(0.02, 8.5))
            if p.pset == org.DATA_SET and tr.rng.random() < 0.5:
                athena_query(tr, t, account, ident, where, org.CHROME, console=True)
                continue
            service, name, ro = tr.rng.choice(MENU[p.pset[0]])
            console = p.console if tr.rng.random() < 0.85 else not p.console
            agent = (
                (org.CHROME if p.tz == 0 else org.FIREFOX)
                if console
                else (org.CLI_MAC if p.home != "stockholm_home" else org.CLI_LINUX).format(
                    cmd=f"{service}.{name.lower()}"
                )
            )
            region = tr.rng.choice(("eu-west-1", "eu-west-1", "eu-central-1"))
            tr.add(
                t,
                account,
                region,
                ident,
                where,
                agent,
                service,
                name,
                read_only=ro,
                request={},
                extra={"sessionCredentialFromConsole": "true"} if console else None,
            )
    return out


def athena_query(
    tr: Trail,
    t: dt.datetime,
    account: str,
    ident: Record,
    ip: str,
    agent: str,
    *,
    console: bool,
    output: str = "s3://voltaro-athena-results/analysts/",
    table: str = "sessions_daily",
    reads: int = 3,
) -> str:
    """A query through Athena: the caller's calls, then Athena's own reads for the caller (glue
    and S3 with ``athena.amazonaws.com`` as the source) and its write of the results."""
    qid = tr.uuid()
    extra = {"sessionCredentialFromConsole": "true"} if console else None
    tr.add(
        t,
        account,
        org.HOME,
        ident,
        ip,
        agent,
        "athena",
        "StartQueryExecution",
        read_only=False,
        request={
            "queryString": f"SELECT ... FROM lake.{table} WHERE ...",
            "workGroup": "analysts",
            "resultConfiguration": {"outputLocation": output},
        },
        response={"queryExecutionId": qid},
        extra=extra,
    )
    via = dict(ident, invokedBy="athena.amazonaws.com")
    s = t + dt.timedelta(seconds=1)
    tr.add(
        s,
        account,
        org.HOME,
        via,
        "athena.amazonaws.com",
        "athena.amazonaws.com",
        "glue",
        "GetTable",
        read_only=True,
        request={"databaseName": "lake", "name": table},
    )
    for i in range(reads):
        obj = f"lake/{table}/dt={t:%Y-%m-%d}/part-{i:05d}.parquet"
        tr.add(
            s + dt.timedelta(seconds=2 + i),
            account,
            org.HOME,
            via,
            "athena.amazonaws.com",
            "athena.amazonaws.com",
            "s3",
            "GetObject",
            read_only=True,
            data=True,
            request={"bucketName": "voltaro-datalake", "key": obj},
            resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::voltaro-datalake/{obj}"}],
        )
    for k in range(2):
        tr.add(
            t + dt.timedelta(seconds=3 + 3 * k),
            account,
            org.HOME,
            ident,
            ip,
            agent,
            "athena",
            "GetQueryExecution",
            read_only=True,
            request={"queryExecutionId": qid},
            extra=extra,
        )
    tr.add(
        t + dt.timedelta(seconds=10),
        account,
        org.HOME,
        ident,
        ip,
        agent,
        "athena",
        "GetQueryResults",
        read_only=True,
        request={"queryExecutionId": qid, "maxResults": 1000},
        extra=extra,
    )
    return qid


def finance(
    tr: Trail, world: World, day: dt.date, *, ip: str | None = None, hour: float = 9
) -> Record:
    """The finance user's password-only console sign-in and Cost Explorer reads."""
    t = at(day, hour + (tr.rng.uniform(0, 1) if ip is None else 0))
    where = ip or org.ip_of("dublin_office", 0)
    user = {
        "type": "IAMUser",
        "principalId": "AIDAYV4F3TQH2PZ6RKM7X",
        "arn": f"arn:aws:iam::{org.MGMT}:user/finance-billing",
        "accountId": org.MGMT,
        "userName": "finance-billing",
    }
    tr.add(
        t,
        org.MGMT,
        "us-east-1",
        user,
        where,
        org.CHROME,
        "signin",
        "ConsoleLogin",
        read_only=False,
        response={"ConsoleLogin": "Success"},
        event_type="AwsConsoleSignIn",
        extra={
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
                "MobileVersion": "No",
                "MFAUsed": "No",
            }
        },
    )
    key = tr.key()
    ident = dict(
        user,
        accessKeyId=key,
        sessionContext={
            "sessionIssuer": {},
            "attributes": {"creationDate": org_stamp(t), "mfaAuthenticated": "false"},
        },
    )
    for i in range(tr.rng.randint(3, 8)):
        tr.add(
            t + dt.timedelta(minutes=1 + 2 * i),
            org.MGMT,
            "us-east-1",
            ident,
            where,
            org.CHROME,
            "ce",
            "GetCostAndUsage",
            read_only=True,
            request={"granularity": "DAILY"},
            extra={"sessionCredentialFromConsole": "true"},
        )
    return ident


def org_stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")
