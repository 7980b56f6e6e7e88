"""The routine of Kawah Lestari Energi's workloads, day by day: the historian ingest fleet on
EC2, the forecast API's Fargate tasks, the alarm and compaction Lambda functions, the plants'
Greengrass gateways (credentials from the IoT credential provider), GitHub Actions through OIDC,
the OT vendor's and the CSPM's cross-account roles with external IDs, service-linked roles, the
IAM users' long-term keys. The routine follows the benign changes of ``_org.CHANGES``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout43._net import NETS
from benchmarks.heldout43._org import (
    GG,
    PLANT,
    PROD,
    REGION,
    Org,
    boto,
)
from benchmarks.heldout43._trail import Trail, role_ident, stamp

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
SSM_UA = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0"
LAMBDA_UA = (
    "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.145"
)
VPCE = {"s3": "vpce-0a1b2c3d4e5f60718", "secretsmanager": "vpce-07f6e5d4c3b2a1908"}


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": f"{name}.amazonaws.com"}


def nat(org: Org, t: dt.datetime) -> str:
    """Prod's NAT gateway address at ``t`` (B5 replaces it)."""
    plan = org.plan
    return NETS["nat_new"].fixed(9) if t >= plan.when("nat") else NETS["nat_prod"].fixed(17)


def via(org: Org, t: dt.datetime, svc: str, rng: Any) -> tuple[str, str | None]:
    """(source address, endpoint) of a prod call to ``svc``: private through an endpoint after B4."""
    if svc in VPCE and t >= org.plan.when("vpce"):
        return f"10.40.{rng.randint(16, 47)}.{rng.randint(4, 250)}", VPCE[svc]
    return nat(org, t), None


def minute(rng: Any, hour_start: dt.datetime) -> dt.datetime:
    return hour_start + dt.timedelta(seconds=rng.randint(0, 3599))


def historian(trail: Trail, org: Org, day: dt.date, instance: str, account: str = PROD) -> None:
    """One instance of the historian ingest fleet: hourly instance credentials from EC2, batches
    to S3 (S3 asks KMS for data keys on its behalf), the SSM agent, the release's reads."""
    rng, plan = trail.rng, org.plan
    role = "kle-historian-ingest" if account == PROD else "lhd-historian-ingest"
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    # the plant's instance runs from two hours after its account joins
    first = plan.when("join").hour + 2 if account == PLANT and day == plan.joined() else 0
    for h in range(first, 24):
        t0 = start + h * H + dt.timedelta(minutes=rng.randint(0, 9), seconds=rng.randint(0, 59))
        key = trail.key()
        trail.mint(
            t0,
            account,
            REGION,
            service("ec2"),
            "ec2.amazonaws.com",
            "ec2.amazonaws.com",
            role,
            instance,
            key,
            hours=6,
        )
        plan.hold(f"{account}:historian:{instance}", t0, t0 + 70 * M, key, instance)
        ident = role_ident(account, role, instance, key, t0, ec2=True)
        ua = boto("1.34.162", "3.11.9")
        for _ in range(2):
            t = t0 + dt.timedelta(seconds=rng.randint(60, 3500))
            ip, vpce = (
                via(org, t, "s3", rng) if account == PROD else (NETS["nat_plant"].fixed(5), None)
            )
            bucket = "kle-historian-raw" if account == PROD else "lhd-historian-raw"
            trail.add(
                t,
                account,
                REGION,
                ident,
                "s3",
                "PutObject",
                ip,
                ua,
                data=True,
                vpce=vpce,
                params={"bucketName": bucket, "key": f"{instance}/{stamp(t)}.parquet"},
                error="SlowDown" if rng.random() < 0.002 else None,
            )
        kms = dict(ident, invokedBy="s3.amazonaws.com")
        trail.add(
            minute(rng, t0),
            account,
            REGION,
            kms,
            "kms",
            "GenerateDataKey",
            "s3.amazonaws.com",
            "s3.amazonaws.com",
            read_only=True,
        )
        ip = nat(org, t0) if account == PROD else NETS["nat_plant"].fixed(5)
        trail.add(
            minute(rng, t0),
            account,
            REGION,
            ident,
            "ssm",
            "UpdateInstanceInformation",
            ip,
            SSM_UA,
            params={"instanceId": instance, "agentVersion": "3.3.987.0"},
        )
        if account == PROD and t0 >= plan.when("release"):
            t = minute(rng, t0)
            ip, vpce = via(org, t, "secretsmanager", rng)
            trail.add(
                t,
                account,
                REGION,
                ident,
                "secretsmanager",
                "GetSecretValue",
                ip,
                ua,
                vpce=vpce,
                params={"secretId": "kle/historian/pi-server"},
            )
            trail.add(
                minute(rng, t0),
                account,
                REGION,
                ident,
                "ssm",
                "GetParameter",
                nat(org, t0),
                ua,
                params={"name": "/kle/historian/tag-map", "withDecryption": True},
            )


def forecast(trail: Trail, org: Org, day: dt.date) -> None:
    """The forecast API's Fargate tasks: new tasks each day at midnight UTC, task credentials
    minted by ECS every three hours, DynamoDB and S3 reads; B3 upgrades the SDK."""
    rng, plan = trail.rng, org.plan
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    tasks = [trail.hexid(32) for _ in range(org.tasks)]
    for i, task in enumerate(tasks):
        for block in range(8):
            t0 = start + dt.timedelta(hours=3 * block, minutes=i, seconds=rng.randint(0, 59))
            key = trail.key()
            trail.mint(
                t0,
                PROD,
                REGION,
                service("ecs-tasks"),
                "ecs-tasks.amazonaws.com",
                "ecs-tasks.amazonaws.com",
                "kle-forecast-task",
                task,
                key,
                hours=6,
            )
            plan.hold(f"{PROD}:forecast:{i}", t0, t0 + 3 * H, key, task)
            ident = role_ident(PROD, "kle-forecast-task", task, key, t0)
            sdk = t0 >= plan.when("sdk")
            ua = boto("1.35.71", "3.12.7") if sdk else boto("1.34.162", "3.11.9")
            if block == 0:
                ip, vpce = via(org, t0, "secretsmanager", rng)
                trail.add(
                    t0 + dt.timedelta(seconds=20),
                    PROD,
                    REGION,
                    ident,
                    "secretsmanager",
                    "GetSecretValue",
                    ip,
                    ua,
                    vpce=vpce,
                    params={"secretId": "kle/forecast/api-key"},
                )
            for h in range(3):
                for name in ("Query", "Query", "GetItem"):
                    t = minute(rng, t0 + h * H)
                    err = "ProvisionedThroughputExceededException" if rng.random() < 0.004 else None
                    trail.add(
                        t,
                        PROD,
                        REGION,
                        ident,
                        "dynamodb",
                        name,
                        nat(org, t),
                        ua,
                        data=True,
                        params={"tableName": "kle-plant-output"},
                        error=err,
                    )
                t = minute(rng, t0 + h * H)
                ip, vpce = via(org, t, "s3", rng)
                trail.add(
                    t,
                    PROD,
                    REGION,
                    ident,
                    "s3",
                    "GetObject",
                    ip,
                    ua,
                    data=True,
                    vpce=vpce,
                    params={"bucketName": "kle-forecast-models", "key": "latest/model.bin"},
                )


def lambdas(trail: Trail, org: Org, day: dt.date) -> None:
    """The alarm notifier (a cold start every few hours) and the nightly compactor."""
    rng, plan = trail.rng, org.plan
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    fn = "kle-alarm-notifier"
    for block in range(6):
        t0 = start + dt.timedelta(hours=4 * block, minutes=rng.randint(0, 50))
        key = trail.key()
        trail.mint(
            t0,
            PROD,
            REGION,
            service("lambda"),
            "lambda.amazonaws.com",
            "lambda.amazonaws.com",
            "kle-alarm-notifier-role",
            fn,
            key,
            hours=12,
        )
        plan.hold(f"{PROD}:lambda:{fn}", t0, t0 + 4 * H, key, fn)
        ident = role_ident(PROD, "kle-alarm-notifier-role", fn, key, t0)
        ip = NETS["lambda"].host(rng)
        for _ in range(rng.randint(2, 6)):
            t = t0 + dt.timedelta(seconds=rng.randint(30, 4 * 3600 - 60))
            trail.add(
                t,
                PROD,
                REGION,
                ident,
                "sns",
                "Publish",
                ip,
                LAMBDA_UA,
                params={"topicArn": f"arn:aws:sns:{REGION}:{PROD}:kle-plant-alarms"},
            )
            trail.add(
                t + dt.timedelta(seconds=1),
                PROD,
                REGION,
                ident,
                "dynamodb",
                "PutItem",
                ip,
                LAMBDA_UA,
                data=True,
                params={"tableName": "kle-alarm-log"},
            )
    fn = "kle-historian-compactor"
    t0 = start + dt.timedelta(hours=18, minutes=rng.randint(0, 5))
    key = trail.key()
    trail.mint(
        t0,
        PROD,
        REGION,
        service("lambda"),
        "lambda.amazonaws.com",
        "lambda.amazonaws.com",
        "kle-compactor-role",
        fn,
        key,
        hours=12,
    )
    ident = role_ident(PROD, "kle-compactor-role", fn, key, t0)
    ip = NETS["lambda"].host(rng)
    for name in (
        "ListObjectsV2",
        "GetObject",
        "GetObject",
        "GetObject",
        "PutObject",
        "DeleteObjects",
    ):
        t0 += dt.timedelta(seconds=rng.randint(5, 90))
        trail.add(
            t0,
            PROD,
            REGION,
            ident,
            "s3",
            name,
            ip,
            LAMBDA_UA,
            data=True,
            params={"bucketName": "kle-historian-raw"},
        )


def gateways(trail: Trail, org: Org, day: dt.date) -> None:
    """The plants' Greengrass gateways: hourly credentials from the IoT credential provider,
    telemetry to S3 over each plant's VSAT link (Kamojang's on LTE during B10)."""
    rng, plan = trail.rng, org.plan
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    fleets = [(PROD, plant, i) for plant, n in org.gateways.items() for i in range(n)]
    if day >= plan.joined():
        fleets.append((PLANT, "lahendong", 0))
    down, up = plan.when("uplink_down"), plan.when("uplink_up")
    for account, plant, i in fleets:
        thing = f"{plant[:3]}-gg-core-{i + 1:02d}"
        role = "kle-greengrass-token-exchange"
        first = plan.when("join").hour + 4 if account == PLANT and day == plan.joined() else 0
        for h in range(first, 24):
            t0 = start + h * H + dt.timedelta(minutes=7 + i, seconds=rng.randint(0, 59))
            key = trail.key()
            trail.mint(
                t0,
                account,
                REGION,
                service("credentials.iot"),
                "credentials.iot.amazonaws.com",
                "credentials.iot.amazonaws.com",
                role,
                thing,
                key,
            )
            plan.hold(f"{account}:gateway:{thing}", t0, t0 + H, key, thing)
            ident = role_ident(account, role, thing, key, t0)
            if plant == "kamojang" and down <= t0 < up:
                ip = NETS["lte_kamojang"].host(rng)
            elif account == PLANT:
                ip = NETS["plant_lahendong"].fixed(12)
            else:
                ip = NETS[f"vsat_{plant}"].fixed(21 + i)
            for _ in range(3):
                t = t0 + dt.timedelta(seconds=rng.randint(30, 3500))
                trail.add(
                    t,
                    account,
                    REGION,
                    ident,
                    "s3",
                    "PutObject",
                    ip,
                    GG,
                    data=True,
                    params={"bucketName": f"kle-{plant}-telemetry"},
                )
            if h % 6 == 0:
                trail.add(
                    minute(rng, t0),
                    account,
                    REGION,
                    ident,
                    "logs",
                    "CreateLogStream",
                    ip,
                    GG,
                    params={"logGroupName": f"/aws/greengrass/{thing}"},
                )
