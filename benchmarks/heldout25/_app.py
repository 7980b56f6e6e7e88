"""The growers' app account: a mobile app whose users get credentials from an Amazon Cognito
identity pool (``GetId`` / ``GetCredentialsForIdentity``, unauthenticated guests and signed-in
growers, the ``CognitoIdentityCredentials`` role sessions with ``webIdFederationData``), the
agronomy assistant (a Lambda function in ``us-east-1`` calling Amazon Bedrock) and the app's
API on ECS Fargate (task keys every six hours, through a NAT gateway)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout25._ctx import APP, Ctx, at, jitter
from benchmarks.heldout25._field import s3
from benchmarks.heldout25._net import AWS_NETS, NETS
from benchmarks.heldout25._records import UA, anonymous, assumed, credentials, service

REGION, AI_REGION = "sa-east-1", "us-east-1"
USER_POOL = "cognito-idp.sa-east-1.amazonaws.com/sa-east-1_Qm4Tz8IpE"
AUTH_ROLE, GUEST_ROLE = "Cognito_IpeGrowersAuth_Role", "Cognito_IpeGrowersUnauth_Role"
ASSISTANT, ASSISTANT_ROLE = "agronomy-assistant", "agronomy-assistant-role"
OLD_MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
NEW_MODEL = "us.anthropic.claude-3-5-haiku-20241022-v1:0"  # B7: a cross-region inference profile
KB = "KBIPE7AGRO1"
NAT = AWS_NETS["sa-east-1"].host(48213)  # the API's NAT gateway


@dataclass
class Phone:
    identity: str  # the Cognito identity id
    ios: bool
    carrier: str
    signed_in: bool


def phones(ctx: Ctx, pool: str) -> list[Phone]:
    rng = ctx.rng
    out = []
    for i in range(max(6, round(90 * ctx.scale)) + max(3, round(20 * ctx.scale))):
        out.append(
            Phone(
                f"sa-east-1:{ctx.trail.uid()}",
                rng.random() < 0.25,
                rng.choice(("claro_mobile", "vivo_mobile", "tim_mobile")),
                i < max(6, round(90 * ctx.scale)),
            )
        )
    return out


def web(pool: str, identity: str, signed_in: bool) -> dict[str, Any]:
    amr = ["authenticated", USER_POOL] if signed_in else ["unauthenticated"]
    return {
        "federatedProvider": "cognito-identity.amazonaws.com",
        "attributes": {
            "cognito-identity.amazonaws.com:amr": json.dumps(amr, separators=(",", ":")),
            "cognito-identity.amazonaws.com:aud": pool,
            "cognito-identity.amazonaws.com:sub": identity,
        },
    }


def cognito_session(
    ctx: Ctx,
    pool: str,
    role_ids: dict[str, str],
    identity: str,
    signed_in: bool,
    when: dt.datetime,
    ip: str,
    ua: str,
    *,
    get_id: bool = False,
) -> tuple[str, dict[str, Any], list[str]]:
    """``GetId`` (a new identity), ``GetCredentialsForIdentity``: the key, its identity, the
    event IDs."""
    trail, ids = ctx.trail, []
    logins = {USER_POOL: "HIDDEN_DUE_TO_SECURITY_REASONS"} if signed_in else None
    if get_id:
        ids.append(
            trail.add(
                APP,
                REGION,
                when,
                anonymous(),
                "cognito-identity.amazonaws.com",
                "GetId",
                ip=ip,
                ua=ua,
                params={"identityPoolId": pool, "logins": logins},
                response={"identityId": identity},
                read_only=False,
            )
        )
    key = trail.key()
    ids.append(
        trail.add(
            APP,
            REGION,
            when + dt.timedelta(seconds=1),
            anonymous(),
            "cognito-identity.amazonaws.com",
            "GetCredentialsForIdentity",
            ip=ip,
            ua=ua,
            params={"identityId": identity, "logins": logins},
            response={
                "identityId": identity,
                "credentials": {
                    "accessKeyId": key,
                    "sessionToken": "HIDDEN_DUE_TO_SECURITY_REASONS",
                    "expiration": (when + dt.timedelta(hours=1)).strftime("%b %d, %Y, %I:%M:%S %p"),
                },
            },
            read_only=False,
        )
    )
    role = AUTH_ROLE if signed_in else GUEST_ROLE
    ident = assumed(
        APP,
        role,
        "CognitoIdentityCredentials",
        key,
        role_ids[role],
        when,
        web=web(pool, identity, signed_in),
    )
    return key, ident, ids


class Assistant:
    """The assistant's execution environments: a key per environment, recycled every few hours."""

    def __init__(self, ctx: Ctx, role_id: str) -> None:
        self.ctx, self.role_id = ctx, role_id
        self.until = dt.datetime.min
        self.key, self.ip = "", ""
        self.ident: dict[str, Any] = {}

    def env(self, when: dt.datetime) -> None:
        if when < self.until:
            return
        ctx = self.ctx
        start = when - dt.timedelta(seconds=1)
        self.key = ctx.trail.key()
        arn = f"arn:aws:iam::{APP}:role/{ASSISTANT_ROLE}"
        ctx.trail.add(
            APP,
            AI_REGION,
            start,
            service("lambda.amazonaws.com"),
            "sts.amazonaws.com",
            "AssumeRole",
            ip="lambda.amazonaws.com",
            ua="lambda.amazonaws.com",
            params={"roleArn": arn, "roleSessionName": ASSISTANT},
            response={
                "credentials": credentials(self.key, ctx.rng, start + dt.timedelta(hours=12))
            },
            read_only=True,
        )
        self.ident = assumed(APP, ASSISTANT_ROLE, ASSISTANT, self.key, self.role_id, start)
        self.ip = AWS_NETS["us-east-1"].pick(ctx.rng)
        self.until = start + dt.timedelta(hours=ctx.rng.uniform(2, 5))
        ctx.remember(ASSISTANT, start, 12, self.key, self.ident)

    def answer(self, when: dt.datetime) -> None:
        ctx = self.ctx
        self.env(when)
        t = when + dt.timedelta(milliseconds=300)
        ctx.trail.add(
            APP,
            AI_REGION,
            t,
            self.ident,
            "bedrock.amazonaws.com",
            "Retrieve",
            ip=self.ip,
            ua=UA["lambda"],
            params={"knowledgeBaseId": KB},
            read_only=True,
        )
        new = when.date() >= ctx.slot(2)
        ctx.trail.add(
            APP,
            AI_REGION,
            t + dt.timedelta(seconds=1),
            self.ident,
            "bedrock.amazonaws.com",
            "Converse" if new else "InvokeModel",
            ip=self.ip,
            ua=UA["lambda"],
            params={"modelId": NEW_MODEL if new else OLD_MODEL},
            read_only=True,
        )


def app_day(
    ctx: Ctx,
    day: dt.date,
    pool: str,
    fleet: list[Phone],
    role_ids: dict[str, str],
    assistant: Assistant,
) -> None:
    rng = ctx.rng
    peak = ctx.peak(day)
    for n, phone in enumerate(fleet):
        sessions = rng.choices((0, 1, 2, 3), (0.35, 0.4, 0.2, 0.05))[0] + (
            1 if peak and rng.random() < 0.3 else 0
        )
        for _ in range(sessions):
            when = at(day, rng.choice((10.5, 11, 14, 15, 17, 20, 21, 22, 23)) + rng.random())
            if day == ctx.days[-1] and when.date() > day:
                continue
            # B4: the app's release on the fourth scored day (a newer SDK, a new function)
            release = day >= ctx.slot(3) and (day > ctx.slot(3) or n % 5 < 3)
            ua = UA[("ios" if phone.ios else "android") + ("_new" if release else "")]
            ip = NETS[phone.carrier].pick(rng)
            _key, ident, _ = cognito_session(
                ctx,
                pool,
                role_ids,
                phone.identity,
                phone.signed_in,
                when,
                ip,
                ua,
                get_id=day == ctx.days[0] and not phone.signed_in,
            )
            t = when + dt.timedelta(seconds=4)
            if not phone.signed_in:
                s3(
                    ctx,
                    APP,
                    REGION,
                    t,
                    ident,
                    "GetObject",
                    "ipe-public-content",
                    f"precos/soja-{day:%Y-%m-%d}.json",
                    ip=ip,
                    ua=ua,
                )
                continue
            for i in range(rng.randint(1, 3)):
                s3(
                    ctx,
                    APP,
                    REGION,
                    t + dt.timedelta(seconds=7 * i),
                    ident,
                    "GetObject",
                    "ipe-grower-uploads",
                    f"private/{phone.identity}/maps/talhao-{i + 1}.tif",
                    ip=ip,
                    ua=ua,
                )
            if rng.random() < 0.3:
                s3(
                    ctx,
                    APP,
                    REGION,
                    t + dt.timedelta(seconds=40),
                    ident,
                    "PutObject",
                    "ipe-grower-uploads",
                    f"private/{phone.identity}/photos/{ctx.trail.uid()}.jpg",
                    ip=ip,
                    ua=ua,
                )
            if rng.random() < 0.45:
                function = "pest-id" if release and rng.random() < 0.5 else ASSISTANT
                ctx.trail.add(
                    APP,
                    AI_REGION,
                    t + dt.timedelta(seconds=60),
                    ident,
                    "lambda.amazonaws.com",
                    "Invoke",
                    ip=ip,
                    ua=ua,
                    data=True,
                    params={
                        "functionName": f"arn:aws:lambda:{AI_REGION}:{APP}:function:{function}"
                    },
                    resources=[
                        {
                            "accountId": APP,
                            "type": "AWS::Lambda::Function",
                            "ARN": f"arn:aws:lambda:{AI_REGION}:{APP}:function:{function}",
                        }
                    ],
                    read_only=False,
                )
                if function == ASSISTANT:
                    assistant.answer(t + dt.timedelta(seconds=61))


def api_day(ctx: Ctx, day: dt.date, role_id: str) -> None:
    """The grower API's two Fargate tasks, replaced by the daily deployment at 13:00 UTC."""
    rng, trail = ctx.rng, ctx.trail
    for task in range(2):
        for start, stop in ((0, 13), (13, 24)):
            task_id = f"{rng.getrandbits(128):032x}"
            for hour in range(start, stop):
                when = jitter(rng, at(day, hour), 600)
                if (hour - start) % 6 == 0:
                    key = trail.key()
                    arn = f"arn:aws:iam::{APP}:role/grower-api-task"
                    trail.add(
                        APP,
                        REGION,
                        when - dt.timedelta(seconds=30),
                        service("ecs-tasks.amazonaws.com"),
                        "sts.amazonaws.com",
                        "AssumeRole",
                        ip="ecs-tasks.amazonaws.com",
                        ua="ecs-tasks.amazonaws.com",
                        params={"roleArn": arn, "roleSessionName": task_id},
                        response={
                            "credentials": credentials(key, rng, when + dt.timedelta(hours=6))
                        },
                        read_only=True,
                    )
                    ident = assumed(
                        APP,
                        "grower-api-task",
                        task_id,
                        key,
                        role_id,
                        when - dt.timedelta(seconds=30),
                    )
                    ctx.remember(
                        f"grower-api-{task}", when - dt.timedelta(seconds=30), 6, key, ident
                    )
                trail.add(
                    APP,
                    REGION,
                    when,
                    ident,
                    "secretsmanager.amazonaws.com",
                    "GetSecretValue",
                    ip=NAT,
                    ua=UA["ecs"],
                    params={"secretId": "grower-api/db"},
                )
                for i in range(rng.randint(1, 2)):
                    trail.add(
                        APP,
                        REGION,
                        when + dt.timedelta(seconds=2 + i),
                        ident,
                        "kms.amazonaws.com",
                        "Decrypt",
                        ip=NAT,
                        ua=UA["ecs"],
                        params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
                        read_only=True,
                    )
                s3(
                    ctx,
                    APP,
                    REGION,
                    when + dt.timedelta(seconds=9),
                    ident,
                    "GetObject",
                    "ipe-app-assets",
                    f"crops/{rng.choice(('soja', 'milho', 'algodao'))}.json",
                    ip=NAT,
                    ua=UA["ecs"],
                )
