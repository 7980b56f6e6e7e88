"""The ten attacks of the scored days, each from a public pattern: a Cognito identity pool's
guest role abused with the pool id from the app (Rhino Security Labs, NotSoSecure), a device
certificate's credentials used away from the device, LLMjacking with a leaked developer key and
with a stolen CLI session that turns model-invocation logging off (Sysdig, Permiso), SSRF to
ECS task credentials, an ex-contractor with the ERP export key, an AiTM-phished Google session
creating an IAM user, a vendor's leaked key guessing the external ID, an instance key used from
another AWS account, and a new account's instance key stolen on its first day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout25._app import GUEST_ROLE, cognito_session
from benchmarks.heldout25._ctx import APP, COOP, DATA, FIELD, VENDOR, Ctx, at
from benchmarks.heldout25._field import ROLES, s3
from benchmarks.heldout25._net import AWS_NETS, NETS
from benchmarks.heldout25._people import ERP_USER, STAFF, saml_session
from benchmarks.heldout25._records import UA, assumed, credentials, iam_user
from benchmarks.heldout25._truth import Truth
from benchmarks.heldout25._workers import BROKER, INGEST

DENIED = ("AccessDenied", "User is not authorized to perform this action")


class Actor:
    """One attacker's calls with one key: their event IDs and the span they cover."""

    def __init__(self, ctx: Ctx, account: str, ident: dict[str, Any], ip: str, ua: str,
                 when: dt.datetime) -> None:
        self.ctx, self.account, self.ident, self.ip, self.ua = ctx, account, ident, ip, ua
        self.t, self.start, self.events = when, when, list[str]()

    def call(self, svc: str, name: str, region: str = "us-east-1", params: dict[str, Any] | None = None,
             *, gap: float = 20, error: tuple[str, str] | None = None, **kw: Any) -> None:
        self.t += dt.timedelta(seconds=self.ctx.rng.uniform(gap / 2, gap * 1.5))
        self.events.append(self.ctx.trail.add(
            self.account, region, self.t, self.ident, f"{svc}.amazonaws.com", name, ip=self.ip,
            ua=self.ua, params=params, error=error, **kw))

    def obj(self, name: str, bucket: str, key: str, region: str = "sa-east-1", *, gap: float = 15,
            error: tuple[str, str] | None = None) -> None:
        self.t += dt.timedelta(seconds=self.ctx.rng.uniform(gap / 2, gap * 1.5))
        self.events.append(s3(self.ctx, self.account, region, self.t, self.ident, name, bucket, key,
                              ip=self.ip, ua=self.ua, error=error))

    def row(self, truth: Truth, ident: str, name: str, severity: str, *, principal: str,
            key: str) -> None:
        truth.add(ident, name, self.start, self.t + dt.timedelta(minutes=1), key=key,
                  principal=principal, ips=[self.ip], events=self.events, severity=severity)


def attacks(ctx: Ctx, truth: Truth, pool: str, role_ids: dict[str, str], erp_key: str) -> None:
    rng, trail = ctx.rng, ctx.trail

    # A1: the identity pool id taken from the app; the guest role reads every grower's files
    ip = NETS["m247"].host(93)
    when = at(ctx.slot(0), 2 + rng.random())
    identity = f"sa-east-1:{trail.uid()}"
    key, ident, ids = cognito_session(ctx, pool, role_ids, identity, False, when, ip,
                                      UA["boto_linux"], get_id=True)
    a = Actor(ctx, APP, ident, ip, UA["boto_linux"], when)
    a.events += ids
    a.call("sts", "GetCallerIdentity", "sa-east-1")
    a.call("s3", "ListBuckets", "sa-east-1", error=DENIED)
    a.obj("ListObjectsV2", "ipe-grower-uploads", "private/")
    for i in range(40):
        a.obj("GetObject", "ipe-grower-uploads", f"private/sa-east-1:{trail.uid()}/maps/talhao-{i % 3 + 1}.tif", gap=4)
    a.row(truth, "A1", "Cognito guest role abused from a VPS with the app's pool id", "medium",
          principal=f"arn:aws:iam::{APP}:role/{GUEST_ROLE}", key=key)

    # A2: a resold telematics unit's certificate: its credentials used from a VPS at dawn
    thing = sorted(k for k in ctx.keys if k.startswith("tr-0"))[1]
    when = at(ctx.slot(0), 8 + rng.random() / 2)
    cert = ctx.keys[thing][0][3]["principalId"].split(":", 1)[1]
    key = trail.key()
    role = ROLES["tractor"]
    mint = trail.add(FIELD, "sa-east-1", when, {"type": "AWSService", "invokedBy": "credentials.iot.amazonaws.com"},
                     "sts.amazonaws.com", "AssumeRole", ip="credentials.iot.amazonaws.com",
                     ua="credentials.iot.amazonaws.com",
                     params={"roleArn": f"arn:aws:iam::{FIELD}:role/{role}", "roleSessionName": cert,
                             "durationSeconds": 3600},
                     response={"credentials": credentials(key, rng, when + dt.timedelta(hours=1))},
                     read_only=True)
    ident = assumed(FIELD, role, cert, key, role_ids["tractor"], when)
    a = Actor(ctx, FIELD, ident, NETS["hetzner"].host(41), UA["boto_linux"], when)
    a.events.append(mint)
    a.obj("ListObjectsV2", "ipe-field-prescriptions", "maps/", error=DENIED)
    for farm in range(25):
        a.obj("GetObject", "ipe-field-prescriptions", f"maps/farm-{farm:03d}/{ctx.slot(0):%Y-%m-%d}.shp.zip", gap=30)
    a.row(truth, "A2", "tractor certificate's role credentials used from a Hetzner VPS", "medium",
          principal=f"arn:aws:iam::{FIELD}:role/{role}", key=key)

    # A3: LLMjacking with the developer's leaked proof-of-concept key
    dev_key, dev_id = ctx.keys["dev-bedrock-poc"][0][2], ctx.keys["dev-bedrock-poc"][0][3]["principalId"]
    when = at(ctx.slot(1), 3 + rng.random())
    a = Actor(ctx, APP, iam_user(APP, "dev-bedrock-poc", dev_key, dev_id), NETS["ovh"].host(12),
              UA["js_probe"], when)
    a.call("sts", "GetCallerIdentity")
    a.call("bedrock", "GetModelInvocationLoggingConfiguration")
    a.call("bedrock", "ListFoundationModels")
    probe = ("ValidationException", "max_tokens_to_sample: range: 1..1,000,000")
    for region in ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"):
        a.call("bedrock", "InvokeModel", region, {"modelId": "anthropic.claude-3-opus-20240229-v1:0"},
               gap=3, error=probe)
    for name in ("GetFoundationModelAvailability", "PutUseCaseForModelAccess",
                 "CreateFoundationModelAgreement", "PutFoundationModelEntitlement"):
        a.call("bedrock", name, "us-west-2", {"modelId": "anthropic.claude-3-opus-20240229-v1:0"},
               read_only=name.startswith("Get"))
    for i in range(60):
        a.call("bedrock", "InvokeModel", ("us-west-2", "eu-central-1")[i % 2],
               {"modelId": "anthropic.claude-3-opus-20240229-v1:0"}, gap=25)
    a.row(truth, "A3", "LLMjacking: leaked developer key enables models and invokes them cross-region",
          "high", principal=f"arn:aws:iam::{APP}:user/dev-bedrock-poc", key=dev_key)

    # A4: an infostealer's copy of a platform engineer's saml2aws session turns logging off
    diego = next(p for p in STAFF if p.email.startswith("diego"))
    day = ctx.slot(2)
    home = NETS[diego.home].host(len(diego.email) * 11 + day.toordinal() // 8)
    key, ident, ua = saml_session(ctx, diego, APP, at(day, 12.3), home, role_ids)
    for i, name in enumerate(("DescribeServices", "ListTasks")):
        trail.add(APP, "sa-east-1", at(day, 12.4 + i / 20), ident, "ecs.amazonaws.com", name, ip=home,
                  ua=UA["cli_mac"], params={"cluster": "grower-api"})
    a = Actor(ctx, APP, ident, NETS["m247"].host(180), UA["boto_linux"], at(day, 22.5))
    a.call("sts", "GetCallerIdentity")
    a.call("bedrock", "GetModelInvocationLoggingConfiguration")
    a.call("bedrock", "DeleteModelInvocationLoggingConfiguration", read_only=False)
    for i in range(40):
        a.call("bedrock", "InvokeModelWithResponseStream", ("us-east-1", "us-west-2")[i % 2],
               {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"}, gap=30)
    a.row(truth, "A4", "stolen saml2aws session deletes Bedrock invocation logging, then invokes",
          "high", principal=f"arn:aws:iam::{APP}:role/GoogleWorkspace-PlatformAdmin", key=key)

    # A5: SSRF in the grower API: the task's credentials used from a VPS
    when = at(ctx.slot(2), 15.2)
    key, ident = ctx.live_key("grower-api-0", when)
    a = Actor(ctx, APP, ident, NETS["vultr"].host(66), UA["boto_linux"], when)
    a.call("sts", "GetCallerIdentity", "sa-east-1")
    a.call("secretsmanager", "ListSecrets", "sa-east-1", error=DENIED)
    a.call("secretsmanager", "GetSecretValue", "sa-east-1", {"secretId": "grower-api/db"})
    a.call("secretsmanager", "GetSecretValue", "sa-east-1", {"secretId": "grower-api/payments"}, error=DENIED)
    a.call("kms", "Decrypt", "sa-east-1", {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}, read_only=True)
    a.row(truth, "A5", "grower API task credentials taken by SSRF and used from Vultr", "medium",
          principal=f"arn:aws:iam::{APP}:role/grower-api-task", key=key)

    # A6: the ERP export key, copied by a former IT contractor, reads the finance exports at night
    when = at(ctx.slot(3), 1.5 + rng.random() / 2)
    user_id = ctx.keys[ERP_USER][0][3]["principalId"]
    a = Actor(ctx, DATA, iam_user(DATA, ERP_USER, erp_key, user_id), NETS["claro_recife"].host(57),
              "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.sync",
              when)
    a.obj("ListObjectsV2", "ipe-finance-exports", "totvs/")
    for i in range(30):
        a.obj("GetObject", "ipe-finance-exports",
              f"totvs/{ctx.days[i % len(ctx.days)]:%Y/%m/%d}/{('ledger', 'contratos', 'colheita')[i % 3]}.csv.gz", gap=6)
    a.row(truth, "A6", "ERP export key used from a home connection in Recife to download the ledgers",
          "medium", principal=f"arn:aws:iam::{DATA}:user/{ERP_USER}", key=erp_key)

    # A7: an AiTM-phished Google session signs in to AWS from a threat-listed exit and persists
    bruno = next(p for p in STAFF if p.email.startswith("bruno"))
    ip = NETS["m247_tor"].host(23)
    key, ident, _ = saml_session(ctx, bruno, DATA, at(ctx.slot(3), 16.1), ip, role_ids)
    ua = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    a = Actor(ctx, DATA, ident, ip, ua, at(ctx.slot(3), 16.1))
    a.events += ctx.trail.records[-2][3]["eventID"], ctx.trail.records[-1][3]["eventID"]
    a.call("iam", "ListUsers", console=True)
    a.call("iam", "CreateUser", params={"userName": "svc-glue-backup"}, read_only=False, console=True)
    a.call("iam", "CreateAccessKey", params={"userName": "svc-glue-backup"}, read_only=False, console=True)
    a.call("iam", "AttachUserPolicy", params={"userName": "svc-glue-backup",
                                               "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
           error=DENIED, read_only=False, console=True)
    a.call("iam", "PutUserPolicy", params={"userName": "svc-glue-backup", "policyName": "s3-backup"},
           read_only=False, console=True)
    a.row(truth, "A7", "phished Google session from a threat-listed exit creates an IAM user and key",
          "high", principal=f"arn:aws:iam::{DATA}:role/GoogleWorkspace-DataAnalyst", key=key)
    new_key = trail.key("AKIA")
    b = Actor(ctx, DATA, iam_user(DATA, "svc-glue-backup", new_key, "AIDA" + new_key[4:] + "QX"), ip,
              UA["boto_linux"], a.t + dt.timedelta(minutes=20))
    b.call("s3", "ListBuckets")
    for i in range(12):
        b.obj("GetObject", "ipe-finance-exports", f"totvs/{ctx.days[-i - 2]:%Y/%m/%d}/ledger.csv.gz", gap=5)
    b.row(truth, "A7", "the created user's key reads the finance exports", "high",
          principal=f"arn:aws:iam::{DATA}:user/svc-glue-backup", key=new_key)

    # A8: the vendor's leaked pipeline key guesses the external ID, then reads the imagery
    when = at(ctx.slot(4), 9 + rng.random())
    caller = {"type": "AWSAccount", "principalId": "AIDAYVNDLEAKED7PIPE2X", "accountId": VENDOR}
    a = Actor(ctx, DATA, caller, NETS["digitalocean"].host(140), UA["boto_linux"], when)
    arn = f"arn:aws:iam::{DATA}:role/orbitasat-imagery-writer"
    for guess in ("orbitasat", "ipe", "ipeagro"):
        a.call("sts", "AssumeRole", params={"roleArn": arn, "roleSessionName": "s", "externalId": guess},
               error=DENIED, gap=8, read_only=True)
    key = trail.key()
    a.call("sts", "AssumeRole", params={"roleArn": arn, "roleSessionName": "s", "externalId": "ipe-7f3c2a91"},
           response={"credentials": credentials(key, rng, a.t + dt.timedelta(hours=1))}, read_only=True)
    a.ident = assumed(DATA, "orbitasat-imagery-writer", "s", key, role_ids["vendor"], a.t)
    a.obj("ListObjectsV2", "ipe-imagery", "ndvi/", "us-east-1")
    for i in range(20):
        a.obj("GetObject", "ipe-imagery", f"ndvi/{ctx.days[i]:%Y-%m-%d}/5/tile-000.tif", "us-east-1", gap=5)
    a.row(truth, "A8", "vendor role assumed from DigitalOcean after external-ID guesses", "medium",
          principal=arn, key=key)

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
        a.obj("GetObject", "ipe-lake-curated", f"telemetry/dt={ctx.days[i]}/hour=12/{INGEST[0]}.parquet", gap=4)
    a.row(truth, "A9", "ingest worker's instance credentials used from another AWS account", "medium",
          principal=f"arn:aws:iam::{DATA}:role/ipe-ingest-worker", key=key)

    # A10: the new account's broker key, on its first day, from a VPS
    when = at(ctx.joined, 17.5 + rng.random() / 2)
    key, ident = ctx.live_key(BROKER, when)
    a = Actor(ctx, COOP, ident, NETS["digitalocean"].host(9), UA["kali_cli"], when)
    a.call("sts", "GetCallerIdentity", "sa-east-1")
    a.call("s3", "ListBuckets", "sa-east-1")
    a.call("ec2", "DescribeInstances", "sa-east-1")
    a.call("iam", "ListRoles", error=DENIED)
    for i in range(10):
        a.obj("GetObject", "ipe-coop-exchange", f"entregas/{ctx.joined:%Y-%m-%d}/{12 + i % 5:02d}-0.xml", gap=5)
    a.row(truth, "A10", "new account's broker instance key used from DigitalOcean on day one", "medium",
          principal=f"arn:aws:iam::{COOP}:role/coop-exchange-broker", key=key)
