"""People and the long-term keys: staff sign in through Google Workspace SAML (the console, or
``saml2aws`` for the CLI), a developer's Bedrock proof-of-concept IAM user, the ERP export's IAM
user on the head office's Windows server, and the satellite-imagery vendor's cross-account role
with an external ID."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout25._ctx import APP, DATA, FIELD, VENDOR, Ctx, at
from benchmarks.heldout25._field import s3
from benchmarks.heldout25._net import AWS_NETS, NETS
from benchmarks.heldout25._records import UA, assumed, credentials, iam_user

GLOBAL = "us-east-1"
ISSUER = "https://accounts.google.com/o/saml2?idpid=C03k8ipe1"
QUALIFIER = "Kq8u7nB2fZ0xLw4pIpEagro3sHc="
SAML2AWS = "aws-sdk-go/1.44.298 (go1.21.6; darwin; arm64)"


@dataclass(frozen=True)
class Person:
    email: str
    role: str  # the permission role in each account, GoogleWorkspace-<role>
    accounts: tuple[str, ...]
    console: bool  # console, or the CLI through saml2aws
    home: str  # network name
    office_days: int  # weekdays at the Ribeirão Preto office, of 5


STAFF = (
    Person("ana.souza@ipeagro.com.br", "DataAnalyst", (DATA,), True, "claro_rp", 4),
    Person("bruno.lima@ipeagro.com.br", "DataAnalyst", (DATA,), True, "vivo_campinas", 2),
    Person("carla.mendes@ipeagro.com.br", "DataAnalyst", (DATA,), False, "algar_udi", 0),
    Person("diego.rocha@ipeagro.com.br", "PlatformAdmin", (APP, FIELD, DATA), False, "claro_sp", 1),
    Person("elisa.prado@ipeagro.com.br", "PlatformAdmin", (FIELD, APP), False, "vivo_sp", 2),
    Person("fabio.nunes@ipeagro.com.br", "PlatformAdmin", (DATA, APP), True, "claro_rp", 5),
    Person("gabriela.teles@ipeagro.com.br", "Agronomist", (APP,), True, "vivo_campinas", 3),
    Person("henrique.alves@ipeagro.com.br", "Agronomist", (APP,), True, "claro_rp", 4),
)


def person_ip(person: Person, day: dt.date) -> str:
    office = (
        day.weekday() < 5 and (day.toordinal() * 7 + len(person.email)) % 5 < person.office_days
    )
    net = NETS["hq"] if office else NETS[person.home]
    # home cable and DSL leases last a week or so
    return net.host(len(person.email) * 11 + (0 if office else day.toordinal() // 8))


def saml_session(
    ctx: Ctx,
    person: Person,
    account: str,
    when: dt.datetime,
    ip: str,
    role_ids: dict[str, str],
    *,
    browser: str | None = None,
) -> tuple[str, dict[str, Any], str]:
    """``AssumeRoleWithSAML`` (and ``ConsoleLogin`` for the console): key, identity, user agent."""
    trail = ctx.trail
    role = f"GoogleWorkspace-{person.role}"
    rid = role_ids[f"{account}:{role}"]
    key = trail.key()
    ua = (
        UA["console_mac" if person.home == "algar_udi" else "console"]
        if person.console
        else SAML2AWS
    )
    ua = browser or ua  # someone else's browser signing in as the person
    trail.add(
        account,
        GLOBAL,
        when,
        {
            "type": "SAMLUser",
            "principalId": f"{QUALIFIER}:{person.email}",
            "userName": person.email,
            "identityProvider": QUALIFIER,
        },
        "sts.amazonaws.com",
        "AssumeRoleWithSAML",
        ip=ip,
        ua=ua,
        params={
            "sAMLAssertionID": "_" + trail.uid().replace("-", ""),
            "roleSessionName": person.email,
            "roleArn": f"arn:aws:iam::{account}:role/{role}",
            "principalArn": f"arn:aws:iam::{account}:saml-provider/GoogleWorkspace",
            "durationSeconds": 43200,
        },
        response={
            "credentials": credentials(key, ctx.rng, when + dt.timedelta(hours=12)),
            "assumedRoleUser": {
                "assumedRoleId": f"{rid}:{person.email}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{person.email}",
            },
            "subject": person.email,
            "subjectType": "persistent",
            "issuer": ISSUER,
            "audience": "https://signin.aws.amazon.com/saml",
            "nameQualifier": QUALIFIER,
        },
        read_only=True,
    )
    ident = assumed(account, role, person.email, key, rid, when)
    if person.console:
        login = {k: v for k, v in ident.items() if k != "accessKeyId"}
        trail.add(
            account,
            GLOBAL,
            when + dt.timedelta(seconds=2),
            login,
            "signin.amazonaws.com",
            "ConsoleLogin",
            ip=ip,
            ua=ua,
            response={"ConsoleLogin": "Success"},
            read_only=False,
            extra={
                "eventType": "AwsConsoleSignIn",
                "additionalEventData": {
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                    "SamlProviderArn": f"arn:aws:iam::{account}:saml-provider/GoogleWorkspace",
                },
            },
        )
    ctx.remember(person.email, when, 12, key, ident)
    return key, ident, ua


# what each role does in a session: (service, API, region, params)
WORK: dict[str, list[tuple[str, str, str, dict[str, Any] | None]]] = {
    "PlatformAdmin": [
        ("ecs", "DescribeServices", "sa-east-1", {"cluster": "grower-api"}),
        ("ecs", "ListTasks", "sa-east-1", {"cluster": "grower-api"}),
        ("logs", "FilterLogEvents", "sa-east-1", {"logGroupName": "/ecs/grower-api"}),
        ("iot", "ListThings", "sa-east-1", None),
        ("iot", "DescribeThing", "sa-east-1", None),
        ("cloudformation", "DescribeStacks", "sa-east-1", None),
        ("lambda", "GetFunction", "us-east-1", {"functionName": "agronomy-assistant"}),
        ("sts", "GetCallerIdentity", "sa-east-1", None),
        ("s3", "ListBuckets", "us-east-1", None),
        ("glue", "GetJobRuns", "sa-east-1", {"jobName": "telemetry-curate"}),
    ],
    "Agronomist": [
        ("bedrock", "ListFoundationModels", "us-east-1", None),
        (
            "bedrock",
            "InvokeModel",
            "us-east-1",
            {"modelId": "anthropic.claude-3-haiku-20240307-v1:0"},
        ),
        ("bedrock", "ListKnowledgeBases", "us-east-1", None),
        ("s3", "ListBuckets", "us-east-1", None),
        (
            "bedrock",
            "InvokeModel",
            "us-east-1",
            {"modelId": "anthropic.claude-3-haiku-20240307-v1:0"},
        ),
    ],
}


def athena(
    ctx: Ctx, ident: dict[str, Any], when: dt.datetime, ip: str, ua: str, *, group: str = "analysts"
) -> dt.datetime:
    """One query, as the console or the CLI runs it, Athena reading Glue for the caller."""
    trail, region = ctx.trail, "sa-east-1"
    qid = trail.uid()
    trail.add(
        DATA,
        region,
        when,
        ident,
        "athena.amazonaws.com",
        "StartQueryExecution",
        ip=ip,
        ua=ua,
        params={
            "queryString": "SELECT talhao, avg(yield_kg_ha) FROM yield_daily GROUP BY 1",
            "workGroup": group,
            "queryExecutionContext": {"database": "lake"},
        },
        response={"queryExecutionId": qid},
        read_only=False,
        console="console" in ua or "Mozilla" in ua,
    )
    acting = {**ident, "invokedBy": "athena.amazonaws.com"}
    for i, name in enumerate(("GetTable", "GetPartitions")):
        trail.add(
            DATA,
            region,
            when + dt.timedelta(seconds=1 + i),
            acting,
            "glue.amazonaws.com",
            name,
            ip="athena.amazonaws.com",
            ua="athena.amazonaws.com",
            params={"databaseName": "lake", "tableName": "yield_daily"},
        )
    t = when
    for name in ("GetQueryExecution", "GetQueryExecution", "GetQueryResults"):
        t += dt.timedelta(seconds=ctx.rng.uniform(2, 9))
        trail.add(
            DATA,
            region,
            t,
            ident,
            "athena.amazonaws.com",
            name,
            ip=ip,
            ua=ua,
            params={"queryExecutionId": qid},
            console="Mozilla" in ua,
        )
    return t


def staff_day(ctx: Ctx, day: dt.date, role_ids: dict[str, str]) -> None:
    rng, trail = ctx.rng, ctx.trail
    for person in STAFF:
        if rng.random() > (0.88 if day.weekday() < 5 else 0.12):
            continue
        ip = person_ip(person, day)
        # B6: an agronomist works from the Expodireto Cotrijal fair in Rio Grande do Sul
        if person.email.startswith("henrique") and ctx.slot(3) <= day < ctx.slot(3) + dt.timedelta(
            days=2
        ):
            ip = NETS["vtal_rs"].host(77)
        account = person.accounts[rng.randrange(len(person.accounts))]
        when = at(day, rng.uniform(11.5, 14.0))
        _, ident, ua = saml_session(ctx, person, account, when, ip, role_ids)
        t = when + dt.timedelta(seconds=30)
        if person.role == "DataAnalyst":
            # B8: the harvest yield report, sixty queries in a new workgroup
            report = person.email.startswith("ana") and day == ctx.slot(4)
            for _ in range(60 if report else rng.randint(3, 9)):
                t = athena(
                    ctx,
                    ident,
                    t + dt.timedelta(minutes=rng.uniform(1, 6 if report else 25)),
                    ip,
                    ua if person.console else UA["cli_mac"],
                    group="harvest-report" if report else "analysts",
                )
            continue
        for _ in range(rng.randint(4, 12)):
            svc, name, region, params = rng.choice(WORK[person.role])
            t += dt.timedelta(minutes=rng.uniform(0.5, 20))
            trail.add(
                account,
                region,
                t,
                ident,
                f"{svc}.amazonaws.com",
                name,
                ip=ip,
                ua=ua if person.console else UA["cli_mac"],
                params=params,
                console=person.console,
            )


# the long-term keys
DEV_USER, ERP_USER = "dev-bedrock-poc", "svc-erp-sync"


def dev_day(ctx: Ctx, day: dt.date, key: str, user_id: str) -> None:
    """The assistant's developer still tries models with his proof-of-concept user's key."""
    rng = ctx.rng
    if day.weekday() >= 5 or rng.random() > 0.45:
        return
    ident = iam_user(APP, DEV_USER, key, user_id)
    ip = NETS["claro_sp"].host(201 + day.toordinal() // 9)
    t = at(day, rng.uniform(14, 22))
    region = "us-west-2" if rng.random() < 0.3 else "us-east-1"
    ctx.trail.add(
        APP,
        region,
        t,
        ident,
        "bedrock.amazonaws.com",
        "ListFoundationModels",
        ip=ip,
        ua=UA["boto_dev"],
        params={"byOutputModality": "TEXT"},
    )
    for _ in range(rng.randint(3, 10)):
        t += dt.timedelta(seconds=rng.uniform(5, 120))
        ctx.trail.add(
            APP,
            region,
            t,
            ident,
            "bedrock.amazonaws.com",
            "InvokeModel",
            ip=ip,
            ua=UA["boto_dev"],
            params={"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
        )


def erp_day(ctx: Ctx, day: dt.date, key: str, user_id: str) -> None:
    """The nightly TOTVS export at 02:00 local from the head office's Windows server."""
    rng = ctx.rng
    ident = iam_user(DATA, ERP_USER, key, user_id)
    t = at(day, 5 + rng.random() / 4)
    for name in ("ledger", "contratos", "estoque", "notas", "colheita")[: rng.randint(3, 5)]:
        t += dt.timedelta(seconds=rng.uniform(20, 90))
        s3(
            ctx,
            DATA,
            "sa-east-1",
            t,
            ident,
            "PutObject",
            "ipe-finance-exports",
            f"totvs/{day:%Y/%m/%d}/{name}.csv.gz",
            ip=NETS["hq"].host(9),
            ua=UA["cli_win"],
        )


def vendor_day(ctx: Ctx, day: dt.date, role_id: str, *, where: str = "us-west-2") -> None:
    """OrbitaSat delivers NDVI tiles twice a day through a role with an external ID."""
    rng, trail = ctx.rng, ctx.trail
    role = "orbitasat-imagery-writer"
    for hour in (5.2, 17.2):
        # B9: the vendor moves its processing to eu-west-1 on the last scored day
        region_net = "eu-west-1" if day >= ctx.slot(4) else where
        ip = AWS_NETS[region_net].host(3000 + (hour > 12))
        when = at(day, hour + rng.random() / 10)
        key = trail.key()
        trail.add(
            DATA,
            GLOBAL,
            when,
            {
                "type": "AWSAccount",
                "principalId": "AROAYVND7SAT3ORBITA2Q:orbitasat-pipeline",
                "accountId": VENDOR,
            },
            "sts.amazonaws.com",
            "AssumeRole",
            ip=ip,
            ua=UA["vendor"],
            params={
                "roleArn": f"arn:aws:iam::{DATA}:role/{role}",
                "roleSessionName": "orbitasat-delivery",
                "externalId": "ipe-7f3c2a91",
                "durationSeconds": 3600,
            },
            response={"credentials": credentials(key, rng, when + dt.timedelta(hours=1))},
            read_only=True,
        )
        ident = assumed(DATA, role, "orbitasat-delivery", key, role_id, when)
        ctx.remember("orbitasat", when, 1, key, ident)
        for i in range(rng.randint(3, 8)):
            s3(
                ctx,
                DATA,
                GLOBAL,
                when + dt.timedelta(seconds=20 + 11 * i),
                ident,
                "PutObject",
                "ipe-imagery",
                f"ndvi/{day:%Y-%m-%d}/{int(hour)}/tile-{i:03d}.tif",
                ip=ip,
                ua=UA["vendor"],
            )
