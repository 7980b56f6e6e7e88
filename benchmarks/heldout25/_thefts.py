"""The attacks on the data lake and the new account (A6-A10), and the attacker's calls with
one key that every attack is written with (``Actor``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout25._ctx import COOP, DATA, VENDOR, Ctx, at
from benchmarks.heldout25._field import s3
from benchmarks.heldout25._net import AWS_NETS, NETS
from benchmarks.heldout25._people import ERP_USER, STAFF, saml_session
from benchmarks.heldout25._records import UA, assumed, credentials, iam_user
from benchmarks.heldout25._truth import Truth
from benchmarks.heldout25._workers import BROKER, INGEST

DENIED = ("AccessDenied", "User is not authorized to perform this action")


class Actor:
    """One attacker's calls with one key: their event IDs and the span they cover."""

    def __init__(
        self, ctx: Ctx, account: str, ident: dict[str, Any], ip: str, ua: str, when: dt.datetime
    ) -> None:
        self.ctx, self.account, self.ident, self.ip, self.ua = ctx, account, ident, ip, ua
        self.t, self.start, self.events = when, when, list[str]()

    def call(
        self,
        svc: str,
        name: str,
        region: str = "us-east-1",
        params: dict[str, Any] | None = None,
        *,
        gap: float = 20,
        error: tuple[str, str] | None = None,
        **kw: Any,
    ) -> None:
        self.t += dt.timedelta(seconds=self.ctx.rng.uniform(gap / 2, gap * 1.5))
        self.events.append(
            self.ctx.trail.add(
                self.account,
                region,
                self.t,
                self.ident,
                f"{svc}.amazonaws.com",
                name,
                ip=self.ip,
                ua=self.ua,
                params=params,
                error=error,
                **kw,
            )
        )

    def obj(
        self,
        name: str,
        bucket: str,
        key: str,
        region: str = "sa-east-1",
        *,
        gap: float = 15,
        error: tuple[str, str] | None = None,
    ) -> None:
        self.t += dt.timedelta(seconds=self.ctx.rng.uniform(gap / 2, gap * 1.5))
        self.events.append(
            s3(
                self.ctx,
                self.account,
                region,
                self.t,
                self.ident,
                name,
                bucket,
                key,
                ip=self.ip,
                ua=self.ua,
                error=error,
            )
        )

    def row(
        self, truth: Truth, ident: str, name: str, severity: str, *, principal: str, key: str
    ) -> None:
        truth.add(
            ident,
            name,
            self.start,
            self.t + dt.timedelta(minutes=1),
            key=key,
            principal=principal,
            ips=[self.ip],
            events=self.events,
            severity=severity,
        )


def data_thefts(ctx: Ctx, truth: Truth, role_ids: dict[str, str], erp_key: str) -> None:
    rng, trail = ctx.rng, ctx.trail

    # A6: the ERP export key, copied by a former IT contractor, reads the finance exports at night
    when = at(ctx.slot(3), 1.5 + rng.random() / 2)
    user_id = ctx.keys[ERP_USER][0][3]["principalId"]
    a = Actor(
        ctx,
        DATA,
        iam_user(DATA, ERP_USER, erp_key, user_id),
        NETS["claro_recife"].host(57),
        "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.sync",
        when,
    )
    a.obj("ListObjectsV2", "ipe-finance-exports", "totvs/")
    for i in range(30):
        a.obj(
            "GetObject",
            "ipe-finance-exports",
            f"totvs/{ctx.days[i % len(ctx.days)]:%Y/%m/%d}/{('ledger', 'contratos', 'colheita')[i % 3]}.csv.gz",
            gap=6,
        )
    a.row(
        truth,
        "A6",
        "ERP export key used from a home connection in Recife to download the ledgers",
        "medium",
        principal=f"arn:aws:iam::{DATA}:user/{ERP_USER}",
        key=erp_key,
    )

    # A7: an AiTM-phished Google session signs in to AWS from a threat-listed exit and persists
    bruno = next(p for p in STAFF if p.email.startswith("bruno"))
    ip = NETS["m247_tor"].host(23)
    ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    key, ident, _ = saml_session(ctx, bruno, DATA, at(ctx.slot(3), 16.1), ip, role_ids, browser=ua)
    a = Actor(ctx, DATA, ident, ip, ua, at(ctx.slot(3), 16.1))
    a.events += ctx.trail.records[-2][3]["eventID"], ctx.trail.records[-1][3]["eventID"]
    a.call("iam", "ListUsers", console=True)
    a.call(
        "iam", "CreateUser", params={"userName": "svc-glue-backup"}, read_only=False, console=True
    )
    a.call(
        "iam",
        "CreateAccessKey",
        params={"userName": "svc-glue-backup"},
        read_only=False,
        console=True,
    )
    a.call(
        "iam",
        "AttachUserPolicy",
        params={
            "userName": "svc-glue-backup",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
        error=DENIED,
        read_only=False,
        console=True,
    )
    a.call(
        "iam",
        "PutUserPolicy",
        params={"userName": "svc-glue-backup", "policyName": "s3-backup"},
        read_only=False,
        console=True,
    )
    a.row(
        truth,
        "A7",
        "phished Google session from a threat-listed exit creates an IAM user and key",
        "high",
        principal=f"arn:aws:iam::{DATA}:role/GoogleWorkspace-DataAnalyst",
        key=key,
    )
    new_key = trail.key("AKIA")
    b = Actor(
        ctx,
        DATA,
        iam_user(DATA, "svc-glue-backup", new_key, "AIDA" + new_key[4:] + "QX"),
        ip,
        UA["boto_linux"],
        a.t + dt.timedelta(minutes=20),
    )
    b.call("s3", "ListBuckets")
    for i in range(12):
        b.obj(
            "GetObject",
            "ipe-finance-exports",
            f"totvs/{ctx.days[-1 - i % len(ctx.days)]:%Y/%m/%d}/ledger.csv.gz",
            gap=5,
        )
    b.row(
        truth,
        "A7",
        "the created user's key reads the finance exports",
        "high",
        principal=f"arn:aws:iam::{DATA}:user/svc-glue-backup",
        key=new_key,
    )

    # A8: the vendor's leaked pipeline key guesses the external ID, then reads the imagery
    when = at(ctx.slot(4), 9 + rng.random())
    caller = {"type": "AWSAccount", "principalId": "AIDAYVNDLEAKED7PIPE2X", "accountId": VENDOR}
    a = Actor(ctx, DATA, caller, NETS["digitalocean"].host(140), UA["boto_linux"], when)
    arn = f"arn:aws:iam::{DATA}:role/orbitasat-imagery-writer"
    for guess in ("orbitasat", "ipe", "ipeagro"):
        a.call(
            "sts",
            "AssumeRole",
            params={"roleArn": arn, "roleSessionName": "s", "externalId": guess},
            error=DENIED,
            gap=8,
            read_only=True,
        )
    key = trail.key()
    a.call(
        "sts",
        "AssumeRole",
        params={"roleArn": arn, "roleSessionName": "s", "externalId": "ipe-7f3c2a91"},
        response={"credentials": credentials(key, rng, a.t + dt.timedelta(hours=1))},
        read_only=True,
    )
    a.ident = assumed(DATA, "orbitasat-imagery-writer", "s", key, role_ids["vendor"], a.t)
    a.obj("ListObjectsV2", "ipe-imagery", "ndvi/", "us-east-1")
    for i in range(20):
        a.obj(
            "GetObject",
            "ipe-imagery",
            f"ndvi/{ctx.days[i % len(ctx.days)]:%Y-%m-%d}/5/tile-000.tif",
            "us-east-1",
            gap=5,
        )
    a.row(
        truth,
        "A8",
        "vendor role assumed from DigitalOcean after external-ID guesses",
        "medium",
        principal=arn,
        key=key,
    )

    # A9: an ingest worker's instance credentials used from an EC2 instance in another account
    when = at(ctx.slot(4), 19 + rng.random())
    key, ident = ctx.live_key(INGEST[1], when)
    a = Actor(ctx, DATA, ident, AWS_NETS["us-west-2"].host(7777), UA["boto_linux"], when)
    a.call("sts", "GetCallerIdentity", "sa-east-1")
    a.call("s3", "ListBuckets", "sa-east-1")
    a.call("glue", "GetDatabases", "sa-east-1")
    a.call("glue", "GetTables", "sa-east-1", {"databaseName": "lake"})
    a.obj("ListObjectsV2", "ipe-lake-curated", "telemetry/")
    for i in range(15):
        a.obj(
            "GetObject",
            "ipe-lake-curated",
            f"telemetry/dt={ctx.days[i % len(ctx.days)]}/hour=12/{INGEST[0]}.parquet",
            gap=4,
        )
    a.row(
        truth,
        "A9",
        "ingest worker's instance credentials used from another AWS account",
        "medium",
        principal=f"arn:aws:iam::{DATA}:role/ipe-ingest-worker",
        key=key,
    )

    # A10: the new account's broker key, on its first day, from a VPS
    when = at(ctx.joined, 17.5 + rng.random() / 2)
    key, ident = ctx.live_key(BROKER, when)
    a = Actor(ctx, COOP, ident, NETS["digitalocean"].host(9), UA["kali_cli"], when)
    a.call("sts", "GetCallerIdentity", "sa-east-1")
    a.call("s3", "ListBuckets", "sa-east-1")
    a.call("ec2", "DescribeInstances", "sa-east-1")
    a.call("iam", "ListRoles", error=DENIED)
    for i in range(10):
        a.obj(
            "GetObject",
            "ipe-coop-exchange",
            f"entregas/{ctx.joined:%Y-%m-%d}/{12 + i % 5:02d}-0.xml",
            gap=5,
        )
    a.row(
        truth,
        "A10",
        "new account's broker instance key used from DigitalOcean on day one",
        "medium",
        principal=f"arn:aws:iam::{COOP}:role/coop-exchange-broker",
        key=key,
    )
