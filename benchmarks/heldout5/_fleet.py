"""What runs in Brightmoor's accounts: each ECS service, Lambda function and EC2 fleet, its role,
regions, client and the calls it makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
