"""Workloads: ECS on Fargate services, Lambda functions and EC2 Spot game-server fleets, each
worker holding keys its AWS service mints (``ecs-tasks``, ``lambda``, ``ec2``), calling from
its own AWS address (or a VPC endpoint), with a players' evening peak and weekend lift."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout5._world import ACCOUNTS, World

S = "amazonaws.com"
GO = "aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 exec-env/AWS_ECS_FARGATE api/{api}#1.34.4"
JAVA = "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy"
PY_LAMBDA = "Boto3/1.34.113 md/Botocore#1.34.113 ua/2.0 os/linux#5.10.219-229.866.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.113"
NODE_LAMBDA = "aws-sdk-js/3.583.0 ua/2.1 os/linux#5.10.219-229.866.amzn2.x86_64 lang/js md/nodejs#20.13.1 api/{api}#3.583.0 exec-env/AWS_Lambda_nodejs20.x"
CPP_EC2 = "aws-sdk-cpp/1.11.285 Linux/6.1.91-99.172.amzn2023.x86_64 x86_64 GCC/11.4.1"
SSM_AGENT = "aws-sdk-go/1.44.260 (go1.21.9; linux; amd64) amazon-ssm-agent/3.3.418.0"
Api = tuple[str, str, int, dict[str, Any] | None]


@dataclass
class Work:
    name: str
    account: str  # account name
    role: str
    kind: str  # ecs | lambda | ec2
    regions: tuple[str, ...]
    count: int  # workers per region
    ua: str
    apis: list[Api]
    per_hour: float  # calls per worker per hour at the daily mean
    vpce: str | None = None  # DynamoDB and S3 calls go through this gateway endpoint
    peak: bool = True  # follows the players' evening peak
    life: tuple[float, float] = (20.0, 30.0)  # hours a worker lives
    workers: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _ddb(table: str) -> dict[str, Any]:
    return {"tableName": table}


def make_works() -> list[Work]:
    """Fresh workloads (each holds its live workers while a trail is written)."""
    return [
        Work(
            "matchmaking-api",
            "game_prod",
            "matchmaking-task",
            "ecs",
            ("eu-west-1",),
            3,
            GO,
            [
                (f"dynamodb.{S}", "Query", 8, _ddb("match-tickets")),
                (f"dynamodb.{S}", "PutItem", 6, _ddb("match-tickets")),
                (f"dynamodb.{S}", "UpdateItem", 4, _ddb("game-servers")),
                (f"kinesis.{S}", "PutRecords", 3, {"streamName": "telemetry"}),
                (f"ssm.{S}", "GetParameters", 1, {"names": ["/game/matchmaking/rules"]}),
            ],
            6,
        ),
        Work(
            "player-profile",
            "game_prod",
            "player-profile-task",
            "ecs",
            ("eu-west-1",),
            2,
            GO,
            [
                (f"dynamodb.{S}", "GetItem", 10, _ddb("players")),
                (f"dynamodb.{S}", "PutItem", 4, _ddb("players")),
                (
                    f"s3.{S}",
                    "GetObject",
                    2,
                    {"bucketName": "bm-player-avatars", "key": "avatars/a.png"},
                ),
                (f"kms.{S}", "Decrypt", 1, {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
            ],
            8,
            vpce="vpce-0a41c9e27d35b8f10",
        ),
        Work(
            "store-api",
            "game_prod",
            "store-api-task",
            "ecs",
            ("eu-west-1",),
            2,
            JAVA,
            [
                (f"dynamodb.{S}", "PutItem", 4, _ddb("purchases")),
                (f"dynamodb.{S}", "GetItem", 6, _ddb("catalog")),
                (
                    f"secretsmanager.{S}",
                    "GetSecretValue",
                    1,
                    {"secretId": "prod/store/payment-provider"},
                ),
                (
                    f"s3.{S}",
                    "GetObject",
                    2,
                    {"bucketName": "bm-store-catalog", "key": "images/bundle.webp"},
                ),
            ],
            5,
        ),
        Work(
            "leaderboard-compactor",
            "game_prod",
            "leaderboard-compactor-role",
            "lambda",
            ("eu-west-1",),
            1,
            PY_LAMBDA,
            [
                (f"dynamodb.{S}", "Query", 4, _ddb("leaderboards")),
                (f"dynamodb.{S}", "BatchWriteItem", 4, _ddb("leaderboards")),
            ],
            8,
            peak=False,
            life=(2.0, 5.0),
        ),
        Work(
            "receipt-validator",
            "game_prod",
            "receipt-validator-role",
            "lambda",
            ("eu-west-1",),
            1,
            NODE_LAMBDA,
            [
                (
                    f"secretsmanager.{S}",
                    "GetSecretValue",
                    1,
                    {"secretId": "prod/store/receipt-keys"},
                ),
                (f"dynamodb.{S}", "PutItem", 4, _ddb("receipts")),
            ],
            4,
            life=(1.0, 4.0),
        ),
        Work(
            "fleet-scaler",
            "game_prod",
            "fleet-scaler-role",
            "lambda",
            ("eu-west-1",),
            1,
            PY_LAMBDA,
            [
                (f"ec2.{S}", "DescribeSpotFleetRequests", 6, None),
                (f"ec2.{S}", "ModifySpotFleetRequest", 1, None),
                (f"ec2.{S}", "DescribeSpotFleetInstances", 3, None),
            ],
            6,
            peak=False,
            life=(3.0, 6.0),
        ),
        Work(
            "telemetry-ingest",
            "game_prod",
            "telemetry-ingest-role",
            "lambda",
            ("eu-west-1",),
            1,
            PY_LAMBDA,
            [
                (f"kinesis.{S}", "GetRecords", 6, {"streamName": "telemetry"}),
                (
                    f"s3.{S}",
                    "PutObject",
                    3,
                    {"bucketName": "bm-telemetry-lake", "key": "raw/part.parquet"},
                ),
            ],
            6,
            life=(2.0, 6.0),
        ),
        Work(
            "gameserver",
            "game_prod",
            "gameserver-fleet",
            "ec2",
            ("eu-west-1", "eu-central-1", "ap-southeast-1", "us-east-1"),
            2,
            CPP_EC2,
            [
                (f"dynamodb.{S}", "UpdateItem", 6, _ddb("game-servers")),
                (f"kinesis.{S}", "PutRecords", 2, {"streamName": "match-results"}),
            ],
            3,
            life=(1.0, 3.0),
        ),
        Work(
            "matchmaking-api-stg",
            "game_staging",
            "matchmaking-task",
            "ecs",
            ("eu-west-1",),
            1,
            GO,
            [
                (f"dynamodb.{S}", "Query", 4, _ddb("match-tickets-stg")),
                (f"dynamodb.{S}", "PutItem", 3, _ddb("match-tickets-stg")),
            ],
            3,
            peak=False,
        ),
        Work(
            "store-api-stg",
            "game_staging",
            "store-api-task",
            "ecs",
            ("eu-west-1",),
            1,
            JAVA,
            [
                (f"dynamodb.{S}", "GetItem", 3, _ddb("catalog-stg")),
                (
                    f"secretsmanager.{S}",
                    "GetSecretValue",
                    1,
                    {"secretId": "stg/store/payment-provider"},
                ),
            ],
            2,
            peak=False,
        ),
        Work(
            "media-thumbnailer",
            "media_prod",
            "media-thumbnailer-role",
            "lambda",
            ("eu-central-1",),
            1,
            PY_LAMBDA,
            [
                (
                    f"s3.{S}",
                    "GetObject",
                    4,
                    {"bucketName": "bm-media-masters", "key": "trailers/t.mov"},
                ),
                (f"s3.{S}", "PutObject", 4, {"bucketName": "bm-media-thumbs", "key": "t/t.jpg"}),
            ],
            4,
            peak=False,
            life=(2.0, 5.0),
        ),
        Work(
            "cms-publisher",
            "media_prod",
            "cms-publisher-task",
            "ecs",
            ("eu-central-1",),
            1,
            JAVA,
            [
                (f"cloudfront.{S}", "CreateInvalidation", 1, {"distributionId": "E2QWRUHAPOMQZL"}),
                (
                    f"s3.{S}",
                    "PutObject",
                    3,
                    {"bucketName": "bm-web-content", "key": "news/index.html"},
                ),
                (f"dynamodb.{S}", "GetItem", 3, _ddb("articles")),
            ],
            3,
            peak=False,
        ),
        Work(
            "findings-router",
            "security",
            "findings-router-role",
            "lambda",
            ("eu-west-1",),
            1,
            PY_LAMBDA,
            [
                (f"securityhub.{S}", "GetFindings", 3, None),
                (f"securityhub.{S}", "BatchUpdateFindings", 1, None),
            ],
            3,
            peak=False,
            life=(3.0, 8.0),
        ),
        Work(
            "nova-api",
            "nova",
            "nova-api-task",
            "ecs",
            ("eu-west-1",),
            1,
            GO,
            [
                (f"dynamodb.{S}", "GetItem", 4, _ddb("nova-players")),
                (f"dynamodb.{S}", "PutItem", 2, _ddb("nova-players")),
                (f"ssm.{S}", "GetParameters", 1, {"names": ["/nova/config"]}),
            ],
            4,
            peak=False,
        ),
    ]


HOST = {
    "ecs": "ecs-tasks.amazonaws.com",
    "lambda": "lambda.amazonaws.com",
    "ec2": "ec2.amazonaws.com",
}
KEY_HOURS = {"ecs": 6, "lambda": 12, "ec2": 1}


def peak(hour: int, day: dt.date) -> float:
    """Players: low at 04:00 UTC, high 18:00-22:00 UTC; weekends 30% busier."""
    base = 0.45 + 0.95 * max(0.0, 1 - abs(hour - 20) / 10)
    return base * (1.3 if day.weekday() >= 5 else 1.0)


def _new_worker(w: World, wk: Work, region: str, t: dt.datetime) -> dict[str, Any]:
    session = {"ecs": w.ids.hexid(32), "lambda": wk.name, "ec2": w.ids.instance()}[wk.kind]
    ip = w.addr.aws(region)
    worker = {
        "session": session,
        "ip": ip,
        "end": t + dt.timedelta(hours=w.rng.uniform(*wk.life)),
        "key_at": None,
    }
    if wk.kind == "ec2":  # Spot fleet launches it through its service-linked role
        fleet = {
            "type": "AssumedRole",
            "arn": f"arn:aws:sts::{ACCOUNTS[wk.account]}:assumed-role/AWSServiceRoleForEC2Fleet/EC2Fleet",
            "accountId": ACCOUNTS[wk.account],
            "principalId": "AROAFLEET:EC2Fleet",
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "userName": "AWSServiceRoleForEC2Fleet",
                    "arn": f"arn:aws:iam::{ACCOUNTS[wk.account]}:role/aws-service-role/ec2fleet.amazonaws.com/AWSServiceRoleForEC2Fleet",
                }
            },
        }
        w.trail.call(
            t - dt.timedelta(seconds=40),
            ACCOUNTS[wk.account],
            region,
            f"ec2.{S}",
            "RunInstances",
            fleet,
            "ec2fleet.amazonaws.com",
            "ec2fleet.amazonaws.com",
            invoked_by="ec2fleet.amazonaws.com",
            response={"instancesSet": {"items": [{"instanceId": session}]}},
        )
    return worker


def _mint(w: World, wk: Work, region: str, worker: dict[str, Any], t: dt.datetime) -> None:
    key, ident = w.mint_for_service(
        t,
        ACCOUNTS[wk.account],
        region,
        wk.role,
        worker["session"],
        HOST[wk.kind],
        ec2=wk.kind == "ec2",
    )
    worker["key"], worker["ident"], worker["key_at"] = key, ident, t


def work_day(
    w: World,
    wk: Work,
    day: dt.date,
    *,
    factor: float = 1.0,
    regions: tuple[str, ...] | None = None,
    apis: list[Api] | None = None,
    from_hour: int = 0,
    to_hour: int = 24,
) -> list[str]:
    """One day of a workload; ``factor`` multiplies workers and calls (launch, evacuation)."""
    rng, acct = w.rng, ACCOUNTS[wk.account]
    eids: list[str] = []
    for region in regions or wk.regions:
        pool = wk.workers.setdefault(region, [])
        for hour in range(from_hour, to_hour):
            load = (peak(hour, day) if wk.peak else 1.0) * factor
            want = max(1, round(wk.count * (load if wk.kind == "ec2" else factor)))
            t0 = w.at(day, hour)
            pool[:] = [x for x in pool if x["end"] > t0][:want]
            while len(pool) < want:
                pool.append(
                    _new_worker(w, wk, region, t0 + dt.timedelta(seconds=rng.uniform(0, 600)))
                )
            for worker in pool:
                due = worker["key_at"] is None or t0 - worker["key_at"] >= dt.timedelta(
                    hours=KEY_HOURS[wk.kind]
                )
                if due:
                    _mint(w, wk, region, worker, t0 + dt.timedelta(seconds=rng.uniform(0, 120)))
                    if wk.kind == "ec2" and "booted" not in worker:
                        worker["booted"] = True
                        eids += _boot(w, wk, region, worker)
                calls = w.n(wk.per_hour * (load if wk.kind != "ec2" else 1.0))
                chosen = rng.choices(apis or wk.apis, [a[2] for a in apis or wk.apis], k=calls)
                for source, name, _weight, request in chosen:
                    when = max(worker["key_at"], t0) + dt.timedelta(
                        seconds=rng.uniform(130, 3599 - 1)
                    )
                    # each region's VPC has its own CIDR and gateway endpoint
                    home = region == wk.regions[0]
                    via = None
                    if wk.vpce and source in (f"dynamodb.{S}", f"s3.{S}"):
                        via = wk.vpce if home else "vpce-07d2e0b9c41f6a3e5"
                    net = 40 if home else 41
                    ip = (
                        f"10.{net}.{rng.randint(16, 31)}.{rng.randint(4, 250)}"
                        if via
                        else worker["ip"]
                    )
                    r = rng.random()
                    err = "throttled" if r < 0.002 else ("denied" if r < 0.004 else None)
                    ua = wk.ua.format(api=source.split(".")[0])
                    eids.append(
                        w.trail.call(
                            when,
                            acct,
                            region,
                            source,
                            name,
                            worker["ident"],
                            ip,
                            ua,
                            request=request,
                            error=err,
                            vpce=via,
                        )
                    )
                if wk.kind == "ec2" and rng.random() < 0.5:  # the SSM agent's heartbeat
                    w.trail.call(
                        t0 + dt.timedelta(seconds=rng.uniform(130, 3500)),
                        acct,
                        region,
                        f"ssm.{S}",
                        "UpdateInstanceInformation",
                        worker["ident"],
                        worker["ip"],
                        SSM_AGENT,
                        request={"instanceId": worker["session"], "agentVersion": "3.3.418.0"},
                    )
    return eids


def _boot(w: World, wk: Work, region: str, worker: dict[str, Any]) -> list[str]:
    t, acct = worker["key_at"] + dt.timedelta(seconds=20), ACCOUNTS[wk.account]
    out = []
    for i, (source, name, request) in enumerate(
        [
            (f"ec2.{S}", "DescribeTags", {"filterSet": {"items": [{"name": "resource-id"}]}}),
            (
                f"s3.{S}",
                "GetObject",
                {"bucketName": "bm-gameserver-builds", "key": "builds/server-2026.05.tar.zst"},
            ),
            (
                f"logs.{S}",
                "CreateLogStream",
                {"logGroupName": "/gameserver", "logStreamName": worker["session"]},
            ),
        ]
    ):
        out.append(
            w.trail.call(
                t + dt.timedelta(seconds=3 * i),
                acct,
                region,
                source,
                name,
                worker["ident"],
                worker["ip"],
                wk.ua,
                request=request,
            )
        )
    return out


def by_name(works: list[Work], name: str) -> Work:
    return next(wk for wk in works if wk.name == name)
