"""Frostvik's machines on a day: the app on phones (Cognito identity pool credentials), the API's
Lambda functions, the provisioning service on Fargate, the factory's key, OTA downloads through
IoT's presigned URLs, CodeBuild and Signer, Terraform from GitHub Actions, Datadog's role,
Superset on EC2, the Glue crawler and AWS Config's service-linked role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout29 import _org as o
from benchmarks.heldout29._records import Record, Trail

POOL = "eu-north-1:7b1f0c3e-52a4-4d8e-9a61-0c2f5e3d8b17"
USER_POOL = "eu-north-1_Fr0stv1kH"
MEDIA, ASSETS, FIRMWARE = (
    "frostvik-home-media",
    "frostvik-app-assets-prod",
    "frostvik-firmware-prod",
)


def at(day: dt.date, hour: float) -> dt.datetime:
    """Local time in Sweden (UTC+1 in November and December) as UTC."""
    base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return base + dt.timedelta(hours=hour - 1)


@dataclass
class Phone:
    identity: str
    ios: bool
    net: str
    home: str
    updated: dt.date | None = None  # B1: the day the app's new SDK reached it


@dataclass
class Fleet:
    """What stays from day to day: phones, instance and task ids, fixed addresses."""

    phones: list[Phone]
    nat_prod: str
    superset_ip: str
    superset_id: str
    factory_ip: str
    datadog_ips: list[str]
    tasks: list[str] = field(default_factory=list)
    codebuild_ua: str = o.CODEBUILD_CLI
    keys: dict[str, str] = field(default_factory=dict)  # long-term keys by user


def make_fleet(tr: Trail, scale: float) -> Fleet:
    phones = []
    for _ in range(max(40, int(900 * scale))):
        net = tr.rng.choice(o.PHONE_NETS)
        phones.append(Phone(f"eu-north-1:{tr.uuid()}", tr.rng.random() < 0.55, net, tr.ip(net)))
    fleet = Fleet(
        phones=phones,
        nat_prod=tr.aws_ip("ec2", o.HOME),
        superset_ip=tr.aws_ip("ec2", o.HOME),
        superset_id="i-0" + "".join(tr.rng.choice("0123456789abcdef") for _ in range(16)),
        factory_ip=tr.ip("factory"),
        datadog_ips=[tr.aws_ip("ec2", "us-east-1") for _ in range(4)],
    )
    fleet.tasks = [tr.uuid().replace("-", "")[:32] for _ in range(2)]
    fleet.keys = {"factory-line-tallinn": tr.key("AKIA"), "e2e-test-runner": tr.key("AKIA")}
    return fleet


def hour_weighted(tr: Trail, peaks: tuple[tuple[float, float], ...]) -> float:
    """A local hour drawn around ``peaks`` ((centre, spread), ...)."""
    centre, spread = tr.rng.choice(peaks)
    return min(23.99, max(0.0, tr.rng.gauss(centre, spread)))


def s3_object(bucket: str, key: str, account: str = o.PROD) -> list[Record]:
    return [
        {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
        {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
    ]


def s3_data(
    tr: Trail,
    t: dt.datetime,
    ident: Record,
    ip: str,
    ua: str,
    name: str,
    bucket: str,
    key: str,
    *,
    account: str = o.PROD,
    region: str = o.HOME,
    error: str | None = None,
    size: int = 48_000,
) -> Record:
    put = name.startswith("Put")
    return tr.event(
        t,
        account,
        region,
        "s3",
        name,
        ident,
        ip,
        ua,
        req={"bucketName": bucket, "Host": f"{bucket}.s3.{region}.amazonaws.com", "key": key},
        resp=None,
        data=True,
        error=error,
        read_only=not put,
        resources=s3_object(bucket, key, account),
        additional={
            "bytesTransferredIn": size if put else 0,
            "bytesTransferredOut": 0 if put else size,
            "SignatureVersion": "SigV4",
            "AuthenticationMethod": "AuthHeader",
        },
    )


def web_data(identity: str, authenticated: bool) -> dict[str, Any]:
    amr = (
        f'["authenticated","cognito-idp.eu-north-1.amazonaws.com/{USER_POOL}",'
        f'"cognito-idp.eu-north-1.amazonaws.com/{USER_POOL}:CognitoSignIn:{identity[11:]}"]'
        if authenticated
        else '["unauthenticated"]'
    )
    return {
        "federatedProvider": "cognito-identity.amazonaws.com",
        "attributes": {
            "cognito-identity.amazonaws.com:amr": amr,
            "cognito-identity.amazonaws.com:aud": POOL,
            "cognito-identity.amazonaws.com:sub": identity,
        },
    }


def cognito_credentials(
    tr: Trail,
    t: dt.datetime,
    identity: str,
    ip: str,
    ua: str,
    *,
    authenticated: bool,
    account: str = o.PROD,
) -> tuple[str, Record]:
    """GetCredentialsForIdentity (unsigned: its userIdentity is Unknown), the key it hands out
    and the identity the phone's calls carry."""
    key = tr.key()
    role = "frostvik-app-auth" if authenticated else "frostvik-app-unauth"
    req: Record = {"identityId": identity}
    if authenticated:
        req["logins"] = {
            f"cognito-idp.eu-north-1.amazonaws.com/{USER_POOL}": "HIDDEN_DUE_TO_SECURITY_REASONS"
        }
    tr.event(
        t,
        account,
        o.HOME,
        "cognito-identity",
        "GetCredentialsForIdentity",
        {"type": "Unknown", "principalId": "Unknown", "accountId": account},
        ip,
        ua,
        req=req,
        resp={
            "identityId": identity,
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "HIDDEN_DUE_TO_SECURITY_REASONS",
                "expiration": (t + dt.timedelta(hours=1)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
        },
        read_only=True,
    )
    ident = tr.role(
        account, role, "CognitoIdentityCredentials", key, t, web=web_data(identity, authenticated)
    )
    return key, ident


def phone_ua(phone: Phone, day: dt.date) -> str:
    new = phone.updated is not None and day >= phone.updated
    if phone.ios:
        return o.IOS_NEW if new else o.IOS_OLD
    return o.ANDROID_NEW if new else o.ANDROID_OLD


def phones(tr: Trail, fl: Fleet, day: dt.date) -> None:
    peaks = ((7.3, 0.8), (12.0, 2.0), (18.5, 1.5), (21.5, 1.2))
    for phone in fl.phones:
        if tr.rng.random() > 0.62:
            continue
        ua = phone_ua(phone, day)
        for _ in range(tr.rng.choice((1, 1, 1, 2, 2, 3))):
            t = at(day, hour_weighted(tr, peaks)) + dt.timedelta(seconds=tr.rng.randrange(3600))
            mobile = phone.net.startswith("m_") and tr.rng.random() < 0.6
            ip = tr.ip(phone.net) if mobile else phone.home
            _, ident = cognito_credentials(tr, t, phone.identity, ip, ua, authenticated=True)
            for n in range(tr.rng.choice((0, 1, 1, 2, 3))):
                what = tr.rng.choice(
                    ("floorplan.webp", "rooms.json", "avatar.jpg", "lock-log.json")
                )
                name = (
                    "PutObject" if what == "rooms.json" and tr.rng.random() < 0.3 else "GetObject"
                )
                s3_data(
                    tr,
                    t + dt.timedelta(seconds=4 + 9 * n),
                    ident,
                    ip,
                    ua,
                    name,
                    MEDIA,
                    f"private/{phone.identity}/{what}",
                    size=tr.rng.randrange(900, 400_000),
                )
    # the onboarding screens before sign-in: the unauthenticated role, public assets only
    for _ in range(max(3, len(fl.phones) // 60)):
        net = tr.rng.choice(o.PHONE_NETS)
        ip, t = tr.ip(net), at(day, hour_weighted(tr, peaks))
        ident_id = f"eu-north-1:{tr.uuid()}"
        ua = o.IOS_OLD if tr.rng.random() < 0.5 else o.ANDROID_OLD
        tr.event(
            t,
            o.PROD,
            o.HOME,
            "cognito-identity",
            "GetId",
            {"type": "Unknown", "principalId": "Unknown", "accountId": o.PROD},
            ip,
            ua,
            req={"identityPoolId": POOL, "accountId": o.PROD},
            resp={"identityId": ident_id},
            read_only=True,
        )
        _, ident = cognito_credentials(
            tr, t + dt.timedelta(seconds=1), ident_id, ip, ua, authenticated=False
        )
        for n, asset in enumerate(("welcome.webp", "pair-thermostat.webp", "pair-lock.webp")):
            s3_data(
                tr,
                t + dt.timedelta(seconds=3 + 20 * n),
                ident,
                ip,
                ua,
                "GetObject",
                ASSETS,
                f"public/onboarding/{asset}",
                size=210_000,
            )


def lambdas(tr: Trail, fl: Fleet, day: dt.date, *, region: str = o.HOME) -> None:
    calls = {
        "api-devices": (("iot", "DescribeThing"), ("iot", "ListThingGroupsForThing")),
        "api-claim": (
            ("iot", "AttachPolicy"),
            ("iot", "ListThingPrincipals"),
            ("iot", "DescribeThing"),
        ),
        "api-schedules": (
            ("scheduler", "CreateSchedule"),
            ("scheduler", "UpdateSchedule"),
            ("scheduler", "GetSchedule"),
        ),
        "ota-orchestrator": (
            ("iot", "ListJobs"),
            ("iot", "DescribeJob"),
            ("iot", "ListJobExecutionsForJob"),
        ),
    }
    for fn, runtime in o.LAMBDAS:
        role = f"lambda-{fn}"
        for _ in range(tr.rng.randint(5, 9) if fn != "ota-orchestrator" else 1):
            t = at(day, 2.1) if fn == "ota-orchestrator" else at(day, tr.rng.uniform(0, 23.9))
            key = tr.mint(t, o.PROD, region, "lambda", role, fn)
            ident = tr.role(o.PROD, role, fn, key, t)
            ip = tr.aws_ip("ec2", region)
            ua_of = (
                (lambda api: o.BOTO_LAMBDA)
                if runtime.startswith("python")
                else (lambda api: o.SDK_JS.format(api=api))
            )
            tr.event(
                t + dt.timedelta(seconds=1),
                o.PROD,
                region,
                "secretsmanager",
                "GetSecretValue",
                ident,
                ip,
                ua_of("secrets-manager"),
                req={
                    "secretId": f"arn:aws:secretsmanager:{region}:{o.PROD}:secret:prod/api/{fn}-Qx1f9a"
                },
            )
            for n in range(tr.rng.randint(2, 9)):
                source, name = tr.rng.choice(calls[fn])
                req: Record = {"thingName": f"fv-{tr.rng.randrange(10**7, 10**8)}"}
                if name == "AttachPolicy":
                    req = {
                        "policyName": "frostvik-app-user",
                        "target": tr.rng.choice(fl.phones).identity,
                    }
                tr.event(
                    t + dt.timedelta(seconds=5 + 60 * n + tr.rng.random() * 50),
                    o.PROD,
                    region,
                    source,
                    name,
                    ident,
                    ip,
                    ua_of(source),
                    req=req,
                )


def provisioning(tr: Trail, fl: Fleet, day: dt.date, scale: float) -> None:
    """The device-provisioning service (Fargate): one certificate and thing per activation."""
    if day.toordinal() % 3 == 0:  # a deploy every third day: new task ids
        fl.tasks = [tr.uuid().replace("-", "")[:32] for _ in range(2)]
    role = "ecs-device-provisioning"
    idents = []
    for task in fl.tasks:
        for h in (0.2, 6.2, 12.2, 18.2):
            t = at(day, h) + dt.timedelta(seconds=tr.rng.randrange(300))
            key = tr.mint(t, o.PROD, o.HOME, "ecs-tasks", role, task, hours=6)
            idents.append((t, tr.role(o.PROD, role, task, key, t)))
    for _ in range(max(4, int(45 * scale))):
        h = hour_weighted(tr, ((10.0, 2.5), (19.0, 2.0)))
        t = at(day, h)
        ident = (
            [i for s, i in idents if s <= t][-1] if any(s <= t for s, _ in idents) else idents[0][1]
        )
        thing = f"fv-{tr.rng.randrange(10**7, 10**8)}"
        for n, name in enumerate(
            (
                "CreateCertificateFromCsr",
                "CreateThing",
                "AttachThingPrincipal",
                "AttachPolicy",
                "AddThingToThingGroup",
            )
        ):
            req: Record = (
                {"thingName": thing}
                if "Thing" in name
                else {"policyName": "frostvik-device-policy"}
            )
            tr.event(
                t + dt.timedelta(seconds=n),
                o.PROD,
                o.HOME,
                "iot",
                name,
                ident,
                fl.nat_prod,
                o.GO_ECS.format(api="iot"),
                req=req,
                read_only=False,
            )
