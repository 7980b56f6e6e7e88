"""The people of Dalbit Webtoon who sign in through Okta and Identity Center (platform, content
operations, analysts): their SAML sign-ins and working days, Athena acting for the analysts,
and the S3 data events every actor shares (``s3_object``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout40._model import (
    Session,
    credentials,
    role_session,
    user,
)
from benchmarks.heldout40._org import (
    BROWSER,
    CLI,
    GLOBAL,
    HOME,
    JDBC,
    KST,
    MGMT,
    SSO_PROVIDER,
    Person,
    World,
    sso_role,
    user_id,
)

SERIES = ("moonlit-alchemist", "iron-hanbok", "second-life-chef", "sky-courier", "ghost-cafe")
# (service, call, read-only, CLI command) per permission set
PLATFORM_CALLS = (
    ("ecs", "DescribeServices", True, "ecs.describe-services"),
    ("ecs", "ListTasks", True, "ecs.list-tasks"),
    ("logs", "FilterLogEvents", True, "logs.filter-log-events"),
    ("monitoring", "GetMetricData", True, "cloudwatch.get-metric-data"),
    ("ec2", "DescribeInstances", True, "ec2.describe-instances"),
    ("ssm", "GetParameter", True, "ssm.get-parameter"),
    ("cloudformation", "DescribeStacks", True, "cloudformation.describe-stacks"),
    ("dynamodb", "DescribeTable", True, "dynamodb.describe-table"),
    ("sts", "GetCallerIdentity", True, "sts.get-caller-identity"),
    ("ecs", "UpdateService", False, "ecs.update-service"),
    ("ssm", "PutParameter", False, "ssm.put-parameter"),
)
MGMT_CALLS = (
    ("organizations", "ListAccounts", True, "organizations.list-accounts"),
    ("sso", "ListPermissionSets", True, "sso-admin.list-permission-sets"),
    ("ce", "GetCostAndUsage", True, "ce.get-cost-and-usage"),
)
CONTENT_CALLS = (
    ("mediaconvert", "ListJobs", True, ""),
    ("mediaconvert", "GetJob", True, ""),
    ("s3", "ListBuckets", True, ""),
    ("translate", "ListTerminologies", True, ""),
    ("bedrock", "ListFoundationModels", True, ""),
    ("cloudfront", "ListDistributions", True, ""),
)
GLOBAL_SERVICES = {"iam", "organizations", "ce", "cloudfront", "sso_global"}


def saml(world: World, t: dt.datetime, person: Person, account: str, src: str, ua: str) -> Session:
    """An Identity Center sign-in to ``account``: AssumeRoleWithSAML through the
    ``AWSSSO_..._DO_NOT_DELETE`` provider, then the permission set's role session."""
    r = sso_role(account, person.permission_set)
    trail = world.trail
    s = role_session(account, r.name, r.role_id, person.login, trail.key(), t, path=r.path, hours=8)
    s.arn = s.identity["arn"]  # ueba names an Identity Center session by its person
    provider = f"arn:aws:iam::{account}:saml-provider/{SSO_PROVIDER}"
    ident = {
        "type": "SAMLUser",
        "principalId": f"FmN2cVxPSn0yUqS0hv0wLQ==:{person.login}",
        "userName": person.login,
        "identityProvider": "FmN2cVxPSn0yUqS0hv0wLQ==",
    }
    s.signed_in = trail.emit(
        t,
        account,
        HOME,
        ident,
        src,
        ua,
        "sts",
        "AssumeRoleWithSAML",
        read_only=True,
        params={
            "sAMLAssertionID": "_" + trail.hexid(32),
            "roleSessionName": person.login,
            "principalTags": {"Department": person.permission_set},
            "roleArn": r.arn,
            "principalArn": provider,
            "durationSeconds": 28800,
        },
        response={
            **credentials(s, trail),
            "subject": person.login,
            "subjectType": "persistent",
            "issuer": "https://portal.sso.ap-northeast-2.amazonaws.com/saml/assertion/ODIwMjA",
            "audience": "https://signin.aws.amazon.com/saml",
        },
    )
    return s


def person_day(
    world: World,
    person: Person,
    day: dt.date,
    *,
    src: str | None = None,
    local: dt.timedelta = KST,
    hours: tuple[float, float] = (9.5, 19.0),
    busy: float = 1.0,
) -> None:
    """A working day of one Identity Center user in each of their accounts."""
    rng = world.rng
    if day.weekday() >= 5 and busy <= 1.0 and rng.random() < 0.85:
        return
    where = src or world.net.public(person.home)
    for account in person.accounts:
        if account != person.accounts[0] and rng.random() < 0.5:
            continue
        n = int(rng.randint(15, 45) * busy)
        times = world.spread(day, n, *hours, local)
        ua = BROWSER if person.console else CLI
        s = saml(
            world,
            times[0] - dt.timedelta(seconds=20),
            person,
            account,
            where,
            ua.format(cmd="sso.login"),
        )
        if person.permission_set == "DataAnalyst":
            analyst_calls(world, s, times, account, where, person)
            continue
        calls = {"PlatformAdmin": PLATFORM_CALLS, "ContentOps": CONTENT_CALLS}[
            person.permission_set
        ]
        if account == MGMT:
            calls = MGMT_CALLS
        for t in times:
            service, name, ro, cmd = calls[min(int(rng.expovariate(0.35)), len(calls) - 1)]
            region = GLOBAL if service in ("organizations", "ce", "cloudfront") else HOME
            agent = BROWSER if person.console or not cmd else CLI.format(cmd=cmd)
            world.trail.emit(
                t,
                account,
                region,
                s.identity,
                where,
                agent,
                service,
                name,
                read_only=ro,
                console=person.console or not cmd,
            )


def analyst_calls(
    world: World, s: Session, times: list[dt.datetime], account: str, src: str, person: Person
) -> None:
    """Athena queries: the analyst's calls, and Glue's catalogue reads that Athena makes for
    her with her credentials (``invokedBy`` athena.amazonaws.com)."""
    trail, rng = world.trail, world.rng
    ua = BROWSER if person.console else JDBC
    for t in times:
        qid = trail.uuid()
        table = rng.choice(
            ("episode_views", "coin_purchases", "reader_retention", "ad_impressions")
        )
        trail.emit(
            t,
            account,
            HOME,
            s.identity,
            src,
            ua,
            "athena",
            "StartQueryExecution",
            read_only=False,
            console=person.console,
            params={"queryString": f"SELECT ... FROM webtoon.{table} ...", "workGroup": "analysts"},
            response={"queryExecutionId": qid},
        )
        for k in range(2):
            trail.emit(
                t + dt.timedelta(seconds=1 + k),
                account,
                HOME,
                {**s.identity, "invokedBy": "athena.amazonaws.com"},
                "athena.amazonaws.com",
                "athena.amazonaws.com",
                "glue",
                ("GetTable", "GetPartitions")[k],
                read_only=True,
                params={"databaseName": "webtoon", "name" if k == 0 else "tableName": table},
            )
        for k in range(rng.randint(2, 4)):
            trail.emit(
                t + dt.timedelta(seconds=3 + 2 * k),
                account,
                HOME,
                s.identity,
                src,
                ua,
                "athena",
                "GetQueryExecution",
                read_only=True,
                console=person.console,
                params={"queryExecutionId": qid},
            )
        trail.emit(
            t + dt.timedelta(seconds=12),
            account,
            HOME,
            s.identity,
            src,
            ua,
            "athena",
            "GetQueryResults",
            read_only=True,
            console=person.console,
            params={"queryExecutionId": qid},
        )


def iam_user(world: World, account: str, name: str) -> Session:
    if name not in world.users:
        world.users[name] = user(account, name, world.trail.key("AKIA"), user_id(account, name))
    return world.users[name]


def s3_object(
    world: World,
    t: dt.datetime,
    s: Session | dict[str, Any],
    account: str,
    src: str,
    ua: str,
    name: str,
    bucket: str,
    key: str,
    *,
    error: tuple[str, str] | None = None,
) -> str:
    """An S3 data event on one of the buckets whose data events the trail records."""
    ident = s.identity if isinstance(s, Session) else s
    read = name in ("GetObject", "ListObjects", "HeadObject")
    params: dict[str, Any] = {"bucketName": bucket, "Host": f"{bucket}.s3.{HOME}.amazonaws.com"}
    resources = [{"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
    if name == "ListObjects":
        params.update({"list-type": "2", "prefix": key, "delimiter": "/"})
    else:
        params["key"] = key
        resources.insert(0, {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"})
    size = world.rng.randint(180_000, 2_400_000)
    return world.trail.emit(
        t,
        account,
        HOME,
        ident,
        src,
        ua,
        "s3",
        name,
        read_only=read,
        params=params,
        response=None,
        resources=resources,
        data=True,
        error=error,
        host=f"{bucket}.s3.{HOME}.amazonaws.com",
        extra={
            "additionalEventData": {
                "SignatureVersion": "SigV4",
                "CipherSuite": "TLS_AES_128_GCM_SHA256",
                "bytesTransferredIn": size if name == "PutObject" else 0,
                "bytesTransferredOut": size if name == "GetObject" else 0,
                "AuthenticationMethod": "AuthHeader",
            }
        },
    )
