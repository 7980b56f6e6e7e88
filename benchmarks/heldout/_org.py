"""The held-out organisation: who exists, and the shared generation context.

Three accounts in one AWS Organization (a management account holding IAM Identity Center, a
production and a development account), CloudTrail as an organisation trail, Terraform run by a
CI account outside the trail. The actors and their habits are data here; ``_background`` makes
their days and ``_incidents`` the changes and attacks.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout._ct import Record
from benchmarks.heldout._net import Pool

ORG_ID = "o-7k2xq9m4ab"
MGMT, PROD, DEV = "390184551720", "581726394015", "662503917448"
BUILD_OLD, BUILD_NEW = "248916302775", "973015284466"  # CI accounts, outside the org trail
HOME = "us-east-1"
SSO_PATH = "/aws-reserved/sso.amazonaws.com/"
SSO_PROVIDER = "AWSSSO_5f3a0c9d1e2b4a67_DO_NOT_DELETE"


def sso_role(permission_set: str) -> str:
    return f"AWSReservedSSO_{permission_set}_{zlib.crc32(permission_set.encode()):08x}a1c3e5f7"


@dataclass
class Person:
    email: str
    permission_sets: dict[str, str]  # account -> permission set
    utc_offset: int  # hours; office hours are local
    home: str  # operator of the home line
    office_days: float  # share of weekdays in the office (corporate egress)
    cli_os: str  # os part of the aws-cli v2 agent
    console_share: float
    weekend: float = 0.05
    first_day: int = 0


@dataclass
class Fleet:
    """An Auto Scaling group: instances whose instance-profile keys ec2 mints every hour."""

    account: str
    role: str
    size: int
    apis: list[tuple[str, str, float]]  # (service, API, weight)
    agent: str
    nat: bool  # egress through the account's NAT gateways, else own public address
    per_hour: float
    peak_extra: int = 0  # instances added in US business hours on weekdays
    region: str = HOME


@dataclass
class Function:
    account: str
    name: str
    runtime: str  # python | node
    apis: list[tuple[str, str, float]]
    per_day: float
    vpc: bool = False
    nightly: bool = False


@dataclass
class Service:
    """An ECS service (Fargate tasks) or an EKS service account (IRSA)."""

    account: str
    name: str
    kind: str  # ecs | eks
    apis: list[tuple[str, str, float]]
    agent: str
    per_hour: float
    tasks: int = 1


@dataclass
class LegacyUser:
    account: str
    name: str
    operator: str
    agent: str
    apis: list[tuple[str, str, float]]
    hours: tuple[int, int]  # UTC
    runs_per_day: float
    calls_per_run: int
    weekdays_only: bool = True


@dataclass
class Ctx:
    seed: int
    start: dt.date
    days: int
    scored_days: int
    scale: float
    pool: Pool
    out: list[Record] = field(default_factory=list)
    # actor -> [(minted at, expires, key, session or instance id, address)]
    keys: dict[str, list[tuple[dt.datetime, dt.datetime, str, str, str]]] = field(
        default_factory=dict
    )
    nat: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    truth: list[dict[str, Any]] = field(default_factory=list)
    plan: dict[str, Any] = field(default_factory=dict)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(zlib.crc32(repr((self.seed, *parts)).encode()))

    def day_start(self, day: int) -> dt.datetime:
        d = self.start + dt.timedelta(days=day)
        return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)

    @property
    def first_scored(self) -> int:
        return self.days - self.scored_days

    def at(self, offset: int, hour: float) -> dt.datetime:
        """``hour`` (UTC, fractional) of the ``offset``-th scored day."""
        return self.day_start(self.first_scored + offset) + dt.timedelta(hours=hour)

    def nat_ip(self, account: str, rng: random.Random, region: str = HOME) -> str:
        """One of the account's two NAT gateway addresses (one per availability zone)."""
        if (account, region) not in self.nat:
            self.nat[(account, region)] = [self.pool.aws(region) for _ in range(2)]
        return rng.choice(self.nat[(account, region)])

    def key_at(self, actor: str, t: dt.datetime) -> tuple[dt.datetime, dt.datetime, str, str, str]:
        """The newest key of ``actor`` minted at or before ``t`` and still valid."""
        live = [k for k in self.keys.get(actor, []) if k[0] <= t < k[1]]
        if not live:
            raise LookupError(f"{actor} holds no key at {t}")
        return max(live, key=lambda k: k[0])


PEOPLE = [
    Person("maria.gonzalez@northwind.io", {PROD: "AdministratorAccess", DEV: "AdministratorAccess", MGMT: "AdministratorAccess"}, -5, "comcast", 0.6, "macos#23.4.0", 0.4),
    Person("dev.patel@northwind.io", {PROD: "AdministratorAccess", DEV: "AdministratorAccess"}, -5, "verizon", 0.3, "linux#6.8.0-31-generic", 0.2, 0.1),
    Person("tomasz.kowalski@northwind.io", {PROD: "AdministratorAccess", DEV: "AdministratorAccess"}, 2, "orange_pl", 0.0, "linux#6.5.0-35-generic", 0.3),
    Person("aisha.bello@northwind.io", {PROD: "PowerUserAccess", DEV: "PowerUserAccess"}, -5, "comcast", 0.7, "macos#23.5.0", 0.3),
    Person("li.wei@northwind.io", {PROD: "PowerUserAccess", DEV: "PowerUserAccess"}, -8, "att", 0.0, "macos#22.6.0", 0.2),
    Person("jonas.schmidt@northwind.io", {DEV: "PowerUserAccess"}, 2, "telekom", 0.0, "linux#6.1.0-21-amd64", 0.1),
    Person("sam.oconnor@northwind.io", {PROD: "PowerUserAccess", DEV: "PowerUserAccess"}, -6, "charter", 0.2, "windows#10", 0.5),
    Person("priya.raman@northwind.io", {DEV: "PowerUserAccess"}, -5, "verizon", 0.8, "macos#23.4.0", 0.3),
    Person("ben.carter@northwind.io", {PROD: "DataEngineer", DEV: "DataEngineer"}, -5, "comcast", 0.5, "macos#23.3.0", 0.3),
    Person("fatima.haddad@northwind.io", {PROD: "DataEngineer"}, -6, "att", 0.4, "linux#6.8.0-35-generic", 0.2),
    Person("olga.ivanova@northwind.io", {PROD: "ReadOnlyAccess", DEV: "ReadOnlyAccess"}, -5, "verizon", 0.9, "windows#10", 0.9),
    Person("marcus.lee@northwind.io", {PROD: "ReadOnlyAccess"}, -8, "comcast", 0.0, "macos#23.4.0", 0.8),
    Person("nina.petrova@northwind.io", {PROD: "SecurityAudit", DEV: "SecurityAudit", MGMT: "SecurityAudit"}, -5, "verizon", 0.5, "macos#23.5.0", 0.5),
    Person("raj.malhotra@northwind.io", {PROD: "PowerUserAccess", DEV: "PowerUserAccess"}, -5, "charter", 0.6, "macos#23.4.0", 0.3, first_day=-1),
]

PERSON_APIS: dict[str, list[tuple[str, str, float]]] = {
    "AdministratorAccess": [("ec2", "DescribeInstances", 6), ("ecs", "DescribeServices", 4), ("logs", "FilterLogEvents", 5), ("cloudwatch", "GetMetricData", 4), ("iam", "GetRole", 2), ("autoscaling", "DescribeAutoScalingGroups", 2), ("eks", "DescribeCluster", 2), ("s3", "ListBuckets", 2), ("sts", "GetCallerIdentity", 1), ("ssm", "GetParameter", 1)],
    "PowerUserAccess": [("logs", "FilterLogEvents", 6), ("lambda", "GetFunction", 3), ("lambda", "ListFunctions", 2), ("cloudwatch", "GetMetricData", 3), ("ecs", "DescribeTasks", 3), ("dynamodb", "DescribeTable", 2), ("sqs", "GetQueueAttributes", 2), ("s3", "ListBuckets", 1), ("sts", "GetCallerIdentity", 1), ("logs", "DescribeLogGroups", 2)],
    "DataEngineer": [("athena", "StartQueryExecution", 5), ("athena", "GetQueryExecution", 8), ("athena", "GetQueryResults", 5), ("glue", "GetTable", 3), ("glue", "GetPartitions", 2), ("s3", "ListBuckets", 1), ("s3", "GetObject", 4)],
    "ReadOnlyAccess": [("cloudwatch", "GetMetricData", 5), ("cloudwatch", "DescribeAlarms", 3), ("ce", "GetCostAndUsage", 2), ("ec2", "DescribeInstances", 2), ("logs", "DescribeLogGroups", 1)],
    "SecurityAudit": [("securityhub", "GetFindings", 5), ("guardduty", "ListFindings", 3), ("access-analyzer", "ListFindings", 2), ("iam", "GetAccountSummary", 1), ("config", "DescribeComplianceByConfigRule", 2), ("cloudtrail", "LookupEvents", 2)],
}

APP = [("secretsmanager", "GetSecretValue", 1.0), ("kms", "Decrypt", 4.0), ("ssm", "GetParameter", 2.0), ("sqs", "SendMessage", 6.0), ("s3", "GetObject", 5.0), ("logs", "CreateLogStream", 0.5), ("sts", "GetCallerIdentity", 0.2)]
WORKER = [("sqs", "ReceiveMessage", 8.0), ("sqs", "DeleteMessage", 6.0), ("kms", "GenerateDataKey", 2.0), ("s3", "PutObject", 3.0), ("dynamodb", "DescribeTable", 0.3), ("secretsmanager", "GetSecretValue", 0.3)]

FLEETS = [
    Fleet(PROD, "prod-web-instance", 3, APP, "python", nat=False, per_hour=9, peak_extra=2),
    Fleet(PROD, "prod-worker-instance", 3, WORKER, "java", nat=True, per_hour=12),
    Fleet(DEV, "dev-web-instance", 2, APP, "python", nat=False, per_hour=4),
]

FUNCTIONS = [
    Function(PROD, "orders-api", "python", [("dynamodb", "DescribeTable", 0.2), ("secretsmanager", "GetSecretValue", 1), ("kms", "Decrypt", 3), ("sqs", "SendMessage", 4)], 160, vpc=True),
    Function(PROD, "thumbnailer", "node", [("s3", "GetObject", 3), ("s3", "PutObject", 3), ("kms", "GenerateDataKey", 1)], 120),
    Function(PROD, "webhook-relay", "node", [("sqs", "SendMessage", 4), ("ssm", "GetParameter", 1)], 90),
    Function(PROD, "invoice-mailer", "node", [("ses", "SendEmail", 3), ("s3", "GetObject", 2), ("kms", "Decrypt", 1)], 50),
    Function(PROD, "nightly-report", "python", [("athena", "StartQueryExecution", 2), ("athena", "GetQueryExecution", 6), ("s3", "PutObject", 1)], 40, nightly=True),
    Function(DEV, "orders-api", "python", [("secretsmanager", "GetSecretValue", 1), ("kms", "Decrypt", 3), ("sqs", "SendMessage", 2)], 30),
    Function(DEV, "thumbnailer", "node", [("s3", "GetObject", 3), ("s3", "PutObject", 3)], 25),
]

SERVICES = [
    Service(PROD, "checkout", "ecs", [("dynamodb", "DescribeTable", 0.2), ("secretsmanager", "GetSecretValue", 0.5), ("sqs", "SendMessage", 5), ("kms", "Decrypt", 3)], "go", 14, tasks=2),
    Service(PROD, "search-indexer", "ecs", [("sqs", "ReceiveMessage", 6), ("es", "DescribeDomain", 0.3), ("s3", "GetObject", 2)], "java", 8),
    Service(PROD, "payments/ledger-api", "eks", [("kms", "Sign", 3), ("secretsmanager", "GetSecretValue", 0.5), ("sqs", "SendMessage", 3)], "java", 10, tasks=2),
    Service(PROD, "kube-system/aws-load-balancer-controller", "eks", [("elasticloadbalancing", "DescribeTargetGroups", 3), ("elasticloadbalancing", "DescribeTargetHealth", 4), ("ec2", "DescribeSecurityGroups", 1)], "go", 6),
    Service(PROD, "kube-system/external-dns", "eks", [("route53", "ListResourceRecordSets", 3), ("route53", "ListHostedZones", 1)], "go", 4),
]

LEGACY = [
    LegacyUser(PROD, "svc-jenkins", "att", "aws-cli/1.29.62 Python/3.8.10 Linux/5.4.0-182-generic botocore/1.31.62", [("ecr", "GetAuthorizationToken", 1), ("ecs", "DescribeServices", 2), ("ecs", "RegisterTaskDefinition", 0.5), ("ecs", "UpdateService", 0.5)], (13, 23), 6, 6),
    LegacyUser(PROD, "svc-reporting", "att", "aws-sdk-java/1.12.720 Linux/4.18.0-513.24.1.el8_9.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS java/17.0.11 vendor/Red_Hat,_Inc. cfg/retry-mode/standard", [("athena", "StartQueryExecution", 1), ("athena", "GetQueryExecution", 4), ("athena", "GetQueryResults", 1), ("s3", "GetObject", 3)], (6, 7), 1, 40, weekdays_only=False),
    LegacyUser(PROD, "svc-nas-backup", "verizon", "rclone/v1.66.0", [("s3", "ListBuckets", 1), ("s3", "GetBucketLocation", 1)], (3, 4), 1, 4, weekdays_only=False),
    LegacyUser(PROD, "svc-site-publisher", "microsoft", "aws-cli/2.15.57 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-1021-azure md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#cloudfront.create-invalidation", [("sts", "GetCallerIdentity", 1), ("cloudfront", "CreateInvalidation", 1), ("cloudfront", "GetInvalidation", 1)], (14, 22), 2, 3),
]

# operator of the corporate egress (a cloud proxy), and the data-event-logged bucket
OFFICE = "zscaler"
DATA_BUCKET = "northwind-prod-customer-exports"
