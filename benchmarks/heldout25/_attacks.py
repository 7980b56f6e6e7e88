"""The ten attacks of the scored days, each from a public pattern: a Cognito identity pool's
guest role abused with the pool id from the app (Rhino Security Labs, NotSoSecure), a device
certificate's credentials used away from the device, LLMjacking with a leaked developer key and
with a stolen CLI session that turns model-invocation logging off (Sysdig, Permiso), SSRF to
ECS task credentials, an ex-contractor with the ERP export key, an AiTM-phished Google session
creating an IAM user, a vendor's leaked key guessing the external ID, an instance key used from
another AWS account, and a new account's instance key stolen on its first day."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout25._app import GUEST_ROLE, cognito_session
from benchmarks.heldout25._ctx import APP, FIELD, Ctx, at
from benchmarks.heldout25._field import ROLES
from benchmarks.heldout25._net import NETS
from benchmarks.heldout25._people import STAFF, saml_session
from benchmarks.heldout25._records import UA, assumed, credentials, iam_user
from benchmarks.heldout25._thefts import DENIED, Actor, data_thefts
from benchmarks.heldout25._truth import Truth


def attacks(ctx: Ctx, truth: Truth, pool: str, role_ids: dict[str, str], erp_key: str) -> None:
    rng, trail = ctx.rng, ctx.trail

    # A1: the identity pool id taken from the app; the guest role reads every grower's files
    ip = NETS["m247"].host(93)
    when = at(ctx.slot(0), 2 + rng.random())
    identity = f"sa-east-1:{trail.uid()}"
    key, ident, ids = cognito_session(
        ctx, pool, role_ids, identity, False, when, ip, UA["boto_linux"], get_id=True
    )
    a = Actor(ctx, APP, ident, ip, UA["boto_linux"], when)
    a.events += ids
    a.call("sts", "GetCallerIdentity", "sa-east-1")
    a.call("s3", "ListBuckets", "sa-east-1", error=DENIED)
    a.obj("ListObjectsV2", "ipe-grower-uploads", "private/")
    for i in range(40):
        a.obj(
            "GetObject",
            "ipe-grower-uploads",
            f"private/sa-east-1:{trail.uid()}/maps/talhao-{i % 3 + 1}.tif",
            gap=4,
        )
    a.row(
        truth,
        "A1",
        "Cognito guest role abused from a VPS with the app's pool id",
        "medium",
        principal=f"arn:aws:iam::{APP}:role/{GUEST_ROLE}",
        key=key,
    )

    # A2: a resold telematics unit's certificate: its credentials used from a VPS at dawn
    thing = sorted(k for k in ctx.keys if k.startswith("tr-0"))[1]
    when = at(ctx.slot(0), 8 + rng.random() / 2)
    cert = ctx.keys[thing][0][3]["principalId"].split(":", 1)[1]
    key = trail.key()
    role = ROLES["tractor"]
    mint = trail.add(
        FIELD,
        "sa-east-1",
        when,
        {"type": "AWSService", "invokedBy": "credentials.iot.amazonaws.com"},
        "sts.amazonaws.com",
        "AssumeRole",
        ip="credentials.iot.amazonaws.com",
        ua="credentials.iot.amazonaws.com",
        params={
            "roleArn": f"arn:aws:iam::{FIELD}:role/{role}",
            "roleSessionName": cert,
            "durationSeconds": 3600,
        },
        response={"credentials": credentials(key, rng, when + dt.timedelta(hours=1))},
        read_only=True,
    )
    ident = assumed(FIELD, role, cert, key, role_ids["tractor"], when)
    a = Actor(ctx, FIELD, ident, NETS["hetzner"].host(41), UA["boto_linux"], when)
    a.events.append(mint)
    a.obj("ListObjectsV2", "ipe-field-prescriptions", "maps/", error=DENIED)
    for farm in range(25):
        a.obj(
            "GetObject",
            "ipe-field-prescriptions",
            f"maps/farm-{farm:03d}/{ctx.slot(0):%Y-%m-%d}.shp.zip",
            gap=30,
        )
    a.row(
        truth,
        "A2",
        "tractor certificate's role credentials used from a Hetzner VPS",
        "medium",
        principal=f"arn:aws:iam::{FIELD}:role/{role}",
        key=key,
    )

    # A3: LLMjacking with the developer's leaked proof-of-concept key
    dev_key, dev_id = (
        ctx.keys["dev-bedrock-poc"][0][2],
        ctx.keys["dev-bedrock-poc"][0][3]["principalId"],
    )
    when = at(ctx.slot(1), 3 + rng.random())
    a = Actor(
        ctx,
        APP,
        iam_user(APP, "dev-bedrock-poc", dev_key, dev_id),
        NETS["ovh"].host(12),
        UA["js_probe"],
        when,
    )
    a.call("sts", "GetCallerIdentity")
    a.call("bedrock", "GetModelInvocationLoggingConfiguration")
    a.call("bedrock", "ListFoundationModels")
    probe = ("ValidationException", "max_tokens_to_sample: range: 1..1,000,000")
    for region in ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"):
        a.call(
            "bedrock",
            "InvokeModel",
            region,
            {"modelId": "anthropic.claude-3-opus-20240229-v1:0"},
            gap=3,
            error=probe,
        )
    for name in (
        "GetFoundationModelAvailability",
        "PutUseCaseForModelAccess",
        "CreateFoundationModelAgreement",
        "PutFoundationModelEntitlement",
    ):
        a.call(
            "bedrock",
            name,
            "us-west-2",
            {"modelId": "anthropic.claude-3-opus-20240229-v1:0"},
            read_only=name.startswith("Get"),
        )
    for i in range(60):
        a.call(
            "bedrock",
            "InvokeModel",
            ("us-west-2", "eu-central-1")[i % 2],
            {"modelId": "anthropic.claude-3-opus-20240229-v1:0"},
            gap=25,
        )
    a.row(
        truth,
        "A3",
        "LLMjacking: leaked developer key enables models and invokes them cross-region",
        "high",
        principal=f"arn:aws:iam::{APP}:user/dev-bedrock-poc",
        key=dev_key,
    )

    # A4: an infostealer's copy of a platform engineer's saml2aws session turns logging off
    diego = next(p for p in STAFF if p.email.startswith("diego"))
    day = ctx.slot(2)
    home = NETS[diego.home].host(len(diego.email) * 11 + day.toordinal() // 8)
    key, ident, _ = saml_session(ctx, diego, APP, at(day, 12.3), home, role_ids)
    for i, name in enumerate(("DescribeServices", "ListTasks")):
        trail.add(
            APP,
            "sa-east-1",
            at(day, 12.4 + i / 20),
            ident,
            "ecs.amazonaws.com",
            name,
            ip=home,
            ua=UA["cli_mac"],
            params={"cluster": "grower-api"},
        )
    a = Actor(ctx, APP, ident, NETS["m247"].host(180), UA["boto_linux"], at(day, 22.5))
    a.call("sts", "GetCallerIdentity")
    a.call("bedrock", "GetModelInvocationLoggingConfiguration")
    a.call("bedrock", "DeleteModelInvocationLoggingConfiguration", read_only=False)
    for i in range(40):
        a.call(
            "bedrock",
            "InvokeModelWithResponseStream",
            ("us-east-1", "us-west-2")[i % 2],
            {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0"},
            gap=30,
        )
    a.row(
        truth,
        "A4",
        "stolen saml2aws session deletes Bedrock invocation logging, then invokes",
        "high",
        principal=f"arn:aws:iam::{APP}:role/GoogleWorkspace-PlatformAdmin",
        key=key,
    )

    # A5: SSRF in the grower API: the task's credentials used from a VPS
    when = at(ctx.slot(2), 15.2)
    key, ident = ctx.live_key("grower-api-0", when)
    a = Actor(ctx, APP, ident, NETS["vultr"].host(66), UA["boto_linux"], when)
    a.call("sts", "GetCallerIdentity", "sa-east-1")
    a.call("secretsmanager", "ListSecrets", "sa-east-1", error=DENIED)
    a.call("secretsmanager", "GetSecretValue", "sa-east-1", {"secretId": "grower-api/db"})
    a.call(
        "secretsmanager",
        "GetSecretValue",
        "sa-east-1",
        {"secretId": "grower-api/payments"},
        error=DENIED,
    )
    a.call(
        "kms", "Decrypt", "sa-east-1", {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}, read_only=True
    )
    a.row(
        truth,
        "A5",
        "grower API task credentials taken by SSRF and used from Vultr",
        "medium",
        principal=f"arn:aws:iam::{APP}:role/grower-api-task",
        key=key,
    )
    data_thefts(ctx, truth, role_ids, erp_key)
