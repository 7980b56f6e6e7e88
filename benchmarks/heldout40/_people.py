"""The people of Dalbit Webtoon and their keys: Identity Center sessions through Okta
(platform, content operations, analysts), the freelance translators' IAM users, the office NAS,
the machine-translation evaluation script, the CMS plugin's CDN key and the marketing agency's
console user; one function per kind of day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout40._model import (
    Session,
    console_user,
    credentials,
    role_session,
    user,
)
from benchmarks.heldout40._org import (
    BROWSER,
    BROWSER_WIN,
    CLI,
    CONTENT,
    GLOBAL,
    HOME,
    JDBC,
    KST,
    MASTER_ART,
    MGMT,
    NAS,
    PROD,
    SSO_PROVIDER,
    UNRELEASED,
    US,
    Person,
    Translator,
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
    provider = f"arn:aws:iam::{account}:saml-provider/{SSO_PROVIDER}"
    ident = {
        "type": "SAMLUser",
        "principalId": f"FmN2cVxPSn0yUqS0hv0wLQ==:{person.login}",
        "userName": person.login,
        "identityProvider": "FmN2cVxPSn0yUqS0hv0wLQ==",
    }
    trail.emit(
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


def translator_day(
    world: World, tr: Translator, day: dt.date, *, src: str | None = None, busy: float = 1.0
) -> None:
    """A freelancer's working day: list the series' new raw pages, download them, upload the
    translated ones (rclone, S3 Browser or Cyberduck with their own IAM user's key)."""
    rng = world.rng
    if src is None and ((day.weekday() == 6 and busy <= 1.0) or rng.random() < 0.15):
        return
    s = iam_user(world, CONTENT, tr.name)
    where = src or world.net.public(tr.home)
    lang = tr.name[3:5]
    series = SERIES[hash_index(tr.name, len(SERIES))]
    episode = 40 + (day.toordinal() % 60)
    start = rng.uniform(8.5, 14.0)
    times = world.spread(day, int(rng.randint(12, 30) * busy), start, start + 5, tr.tz)
    base = f"series/{series}/ep{episode:03d}"
    s3_object(
        world,
        times[0] - dt.timedelta(seconds=30),
        s,
        CONTENT,
        where,
        tr.tool,
        "ListObjects",
        UNRELEASED,
        base + "/raw/",
    )
    for i, t in enumerate(times):
        page = f"{i % 60 + 1:02d}"
        if i < len(times) // 2:
            s3_object(
                world,
                t,
                s,
                CONTENT,
                where,
                tr.tool,
                "GetObject",
                UNRELEASED,
                f"{base}/raw/{page}.psd",
            )
        else:
            s3_object(
                world,
                t,
                s,
                CONTENT,
                where,
                tr.tool,
                "PutObject",
                UNRELEASED,
                f"{base}/{lang}/{page}.png",
            )


def hash_index(text: str, n: int) -> int:
    return sum(text.encode()) % n


def nas_night(world: World, day: dt.date) -> None:
    """The Seoul office NAS backs the master art up every night (02:00-04:00 KST)."""
    s = iam_user(world, CONTENT, "backup-sync")
    src = world.net.public("seoul_office")
    times = world.spread(day, world.count(60, 10), 2.0, 4.0, KST)
    s3_object(world, times[0], s, CONTENT, src, NAS, "ListObjects", MASTER_ART, "masters/")
    for t in times[1:]:
        key = f"masters/{world.rng.choice(SERIES)}/ep{world.rng.randint(1, 99):03d}/layer{world.rng.randint(1, 40)}.clip"
        s3_object(world, t, s, CONTENT, src, NAS, "PutObject", MASTER_ART, key)


MT_EVAL = (
    "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 "
    "lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
)
CLAUDE = "anthropic.claude-3-5-sonnet-20241022-v2:0"


def mt_eval_night(world: World, day: dt.date) -> None:
    """The nightly machine-translation evaluation script on an office server: Bedrock and
    Translate with the ``mt-eval-runner`` user's key."""
    s = iam_user(world, CONTENT, "mt-eval-runner")
    src = world.net.public("seoul_office")
    for t in world.spread(day, world.count(30, 6), 23.0, 24.5, KST):
        if world.rng.random() < 0.6:
            world.trail.emit(
                t,
                CONTENT,
                US,
                s.identity,
                src,
                MT_EVAL,
                "bedrock",
                "InvokeModel",
                read_only=True,
                params={"modelId": CLAUDE},
                host=f"bedrock-runtime.{US}.amazonaws.com",
            )
        else:
            world.trail.emit(
                t,
                CONTENT,
                HOME,
                s.identity,
                src,
                MT_EVAL,
                "translate",
                "TranslateText",
                read_only=True,
                params={"sourceLanguageCode": "ko", "targetLanguageCode": "vi"},
            )


CMS_PLUGIN = "aws-sdk-php/3.324.2 OS/Linux/5.15.0-126-generic lang/php/8.2.24 GuzzleHttp/7"


def cdn_purges(world: World, day: dt.date) -> None:
    """The CMS plugin purges CloudFront paths from the office with a legacy user's key."""
    s = iam_user(world, PROD, "cdn-purge-bot")
    src = world.net.public("seoul_office")
    for t in world.spread(day, world.rng.randint(2, 6), 9.0, 20.0, KST):
        world.trail.emit(
            t,
            PROD,
            GLOBAL,
            s.identity,
            src,
            CMS_PLUGIN,
            "cloudfront",
            "CreateInvalidation",
            read_only=False,
            params={"distributionId": "E2K7QZ4V1XW9RB"},
            host="cloudfront.amazonaws.com",
        )


def console_sign_in(
    world: World, t: dt.datetime, base: Session, src: str, ua: str, *, mfa: bool
) -> Session:
    """An IAM user's ConsoleLogin (us-east-1 sign-in) and the console session it opens."""
    ident = {k: v for k, v in base.identity.items() if k != "accessKeyId"}
    world.trail.emit(
        t,
        base.identity["accountId"],
        GLOBAL,
        ident,
        src,
        ua,
        "signin",
        "ConsoleLogin",
        read_only=False,
        event_type="AwsConsoleSignIn",
        response={"ConsoleLogin": "Success"},
        extra={
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
                "MobileVersion": "No",
                "MFAUsed": "Yes" if mfa else "No",
            }
        },
        host="signin.aws.amazon.com",
    )
    return console_user(base, world.trail.key(), t, mfa=mfa)


def ads_report_day(world: World, day: dt.date) -> None:
    """The marketing agency's console user reads CloudFront reports on weekdays (password
    only: the agency shares it and never set MFA up)."""
    if day.weekday() >= 5:
        return
    base = iam_user(world, PROD, "ads.report")
    src = world.net.public("seoul_office")
    times = world.spread(day, world.rng.randint(4, 10), 10.0, 17.0, KST)
    s = console_sign_in(
        world, times[0] - dt.timedelta(minutes=1), base, src, BROWSER_WIN, mfa=False
    )
    for t in times:
        name = world.rng.choice(("ListDistributions", "GetDistribution", "ListDistributions"))
        world.trail.emit(
            t,
            PROD,
            GLOBAL,
            s.identity,
            src,
            BROWSER_WIN,
            "cloudfront",
            name,
            read_only=True,
            console=True,
            host="cloudfront.amazonaws.com",
        )
