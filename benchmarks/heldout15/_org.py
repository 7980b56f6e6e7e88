"""Corvid Digital Custody: a digital-asset custodian and exchange in Singapore (ap-southeast-1)
and Frankfurt (eu-central-1). Accounts, workloads, people and partners, as data; the actors
in ``_actors`` turn them into records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

END = dt.date(2026, 12, 4)  # a Friday; the last five days are scored
MGMT, TRADING, CUSTODY, DATA, SECURITY, STAKING = (
    "731204560011",
    "731204560022",
    "731204560033",
    "731204560044",
    "731204560055",
    "731204560066",
)
ACCOUNTS = (MGMT, TRADING, CUSTODY, DATA, SECURITY)
MM_PARTNER, MM_PARTNER2, AUDITOR = "509876123401", "612345098702", "398765432109"
ATTACKER_ACCOUNTS = ("884422661133", "990011223344")
SG, FRA = "ap-southeast-1", "eu-central-1"
SIGNING_KEY = f"arn:aws:kms:{SG}:{CUSTODY}:key/mrk-5c1e0f3a9b7d4e21a6c8f0b2d4e6a8c0"

GO = "aws-sdk-go-v2/1.30.3 ua/2.1 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{svc}#1.35.3"
BOTO = "Boto3/1.34.{p} md/Botocore#1.34.{p} ua/2.0 os/linux#6.1.102-111.182.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.{p}"
BOTO_NEW = "Boto3/1.35.{p} md/Botocore#1.35.{p} ua/2.0 os/linux#6.1.102-111.182.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.{p}"
NODE = "aws-sdk-js/3.637.0 ua/2.1 os/linux#5.10.226-235.879.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/{svc}#3.637.0 exec-env/AWS_Lambda_nodejs20.x"
JAVA = "aws-sdk-java/2.28.6 Linux/6.1.109-118.189.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS Java/21.0.4 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard"
CONSOLE = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
CONSOLE_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CLI_MAC = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off command/{cmd}"
CLI_LINUX = "aws-cli/2.21.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off command/{cmd}"
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.78.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/{svc}#1.40.0"


@dataclass(frozen=True)
class Workload:
    """A fleet of EC2 instances (``kind`` ec2) or a Lambda function's execution environments."""

    name: str
    account: str
    region: str
    kind: str
    count: int
    rate: float  # calls per instance (or environment) and hour at scale 1
    apis: tuple[tuple[str, float], ...]
    ua: str
    subnet: int = 0  # which EC2 prefix of the region


WORKLOADS = (
    Workload(
        "matching-engine",
        TRADING,
        SG,
        "ec2",
        4,
        13.0,
        (
            ("kms:GenerateDataKey", 5),
            ("kms:Decrypt", 6),
            ("ssm:GetParameters", 1),
            ("ec2:DescribeInstances", 2),
            ("elb:DescribeTargetHealth", 1),
        ),
        GO,
    ),
    Workload(
        "market-data-fanout",
        TRADING,
        SG,
        "ec2",
        3,
        8.0,
        (
            ("kms:Decrypt", 4),
            ("ssm:GetParameters", 1),
            ("ec2:DescribeInstances", 1),
            ("ec2:DescribeNetworkInterfaces", 1),
        ),
        GO,
        1,
    ),
    Workload(
        "matching-engine-eu",
        TRADING,
        FRA,
        "ec2",
        2,
        7.0,
        (
            ("kms:GenerateDataKey", 4),
            ("kms:Decrypt", 5),
            ("ssm:GetParameters", 1),
            ("ec2:DescribeInstances", 2),
        ),
        GO,
    ),
    Workload(
        "hot-wallet-signer",
        CUSTODY,
        SG,
        "ec2",
        3,
        8.0,
        (
            ("kms:Sign", 8),
            ("kms:GetPublicKey", 1),
            ("secretsmanager:GetSecretValue", 2),
            ("kms:Decrypt", 2),
        ),
        BOTO,
        1,
    ),
    Workload(
        "hsm-gateway",
        CUSTODY,
        SG,
        "ec2",
        2,
        4.0,
        (
            ("cloudhsm:DescribeClusters", 2),
            ("secretsmanager:GetSecretValue", 1),
            ("ssm:GetParameter", 1),
        ),
        JAVA,
        2,
    ),
    Workload(
        "orderbook-exporter",
        DATA,
        SG,
        "ec2",
        2,
        5.0,
        (
            ("s3:PutObject", 6),
            ("kms:GenerateDataKey", 3),
            ("glue:GetTable", 1),
            ("athena:StartQueryExecution", 1),
        ),
        BOTO,
        2,
    ),
    Workload(
        "withdrawals-approve",
        TRADING,
        SG,
        "lambda",
        1,
        9.0,
        (("secretsmanager:GetSecretValue", 1), ("kms:Decrypt", 2), ("states:SendTaskSuccess", 3)),
        NODE,
    ),
    Workload(
        "withdrawals-broadcast",
        TRADING,
        SG,
        "lambda",
        1,
        6.0,
        (("kms:Decrypt", 2), ("secretsmanager:GetSecretValue", 1), ("states:SendTaskSuccess", 2)),
        NODE,
    ),
    Workload(
        "withdrawals-api",
        TRADING,
        SG,
        "lambda",
        1,
        8.0,
        (("states:StartExecution", 3), ("kms:Decrypt", 1)),
        NODE,
    ),
    Workload(
        "chain-screening",
        TRADING,
        SG,
        "lambda",
        1,
        7.0,
        (("secretsmanager:GetSecretValue", 1), ("kms:Decrypt", 3)),
        NODE,
    ),
    Workload(
        "sign-request",
        CUSTODY,
        SG,
        "lambda",
        1,
        7.0,
        (("kms:Sign", 3), ("kms:Verify", 1), ("secretsmanager:GetSecretValue", 1)),
        BOTO,
    ),
    Workload(
        "soc-triage",
        SECURITY,
        SG,
        "lambda",
        1,
        5.0,
        (
            ("guardduty:ListFindings", 2),
            ("guardduty:GetFindings", 2),
            ("securityhub:GetFindings", 2),
        ),
        BOTO,
    ),
)
# the new account's own workloads, from its first day
STAKING_WORKLOADS = (
    Workload(
        "staking-validator",
        STAKING,
        FRA,
        "ec2",
        2,
        5.0,
        (("kms:Sign", 4), ("secretsmanager:GetSecretValue", 1), ("ssm:GetParameters", 1)),
        GO,
    ),
    Workload(
        "rewards-reporter",
        STAKING,
        FRA,
        "lambda",
        1,
        4.0,
        (("s3:PutObject", 2), ("kms:GenerateDataKey", 1)),
        NODE,
    ),
)


@dataclass(frozen=True)
class Person:
    """An engineer on IAM Identity Center with a hardware key; ``tz`` hours from UTC."""

    user: str
    city: str  # sg, pt, ca
    tz: int
    sets: tuple[tuple[str, str], ...]  # (permission set, account)
    apis: tuple[str, ...]
    console: float  # share of sessions in the console
    weekend: float = 0.25  # chance of an on-call weekend day
    windows: bool = False


SRE = (
    "ec2:DescribeInstances",
    "autoscaling:DescribeAutoScalingGroups",
    "logs:FilterLogEvents",
    "monitoring:GetMetricData",
    "ssm:StartSession",
    "elb:DescribeTargetHealth",
    "ssm:DescribeInstanceInformation",
    "logs:DescribeLogGroups",
    "ec2:DescribeSecurityGroups",
)
CUSTODY_OPS = (
    "kms:DescribeKey",
    "kms:ListAliases",
    "cloudhsm:DescribeClusters",
    "kms:GetKeyRotationStatus",
    "secretsmanager:DescribeSecret",
    "logs:FilterLogEvents",
    "ec2:DescribeInstances",
)
ANALYST = (
    "athena:StartQueryExecution",
    "athena:GetQueryExecution",
    "athena:GetQueryResults",
    "glue:GetTables",
    "glue:GetDatabases",
)
SECOPS = (
    "guardduty:ListFindings",
    "guardduty:GetFindings",
    "securityhub:GetFindings",
    "cloudtrail:LookupEvents",
    "access-analyzer:ListFindings",
)

PEOPLE = (
    Person(
        "wei.lim@corvid.io",
        "sg",
        8,
        (("SREOnCall", TRADING), ("SREOnCall", CUSTODY), ("PlatformAdmin", MGMT)),
        SRE,
        0.4,
    ),
    Person(
        "nurul.aziz@corvid.io", "sg", 8, (("SREOnCall", TRADING), ("ReadOnly", CUSTODY)), SRE, 0.6
    ),
    Person(
        "daniel.tan@corvid.io",
        "sg",
        8,
        (("SecurityAdmin", SECURITY), ("ReadOnly", TRADING)),
        SECOPS,
        0.7,
        0.1,
    ),
    Person(
        "joao.ferreira@corvid.io",
        "pt",
        0,
        (("SREOnCall", TRADING), ("SREOnCall", CUSTODY)),
        SRE,
        0.3,
    ),
    Person(
        "ines.carvalho@corvid.io",
        "pt",
        0,
        (("CustodyOps", CUSTODY), ("ReadOnly", TRADING)),
        CUSTODY_OPS,
        0.5,
        0.2,
        True,
    ),
    Person("rui.santos@corvid.io", "pt", 0, (("DataAnalyst", DATA),), ANALYST, 0.2, 0.05),
    Person(
        "megan.chow@corvid.io", "ca", -8, (("SREOnCall", TRADING), ("SREOnCall", DATA)), SRE, 0.35
    ),
    Person(
        "liam.oconnor@corvid.io",
        "ca",
        -8,
        (("CustodyOps", CUSTODY), ("SREOnCall", TRADING)),
        CUSTODY_OPS,
        0.5,
        0.15,
    ),
    Person(
        "priya.nair@corvid.io",
        "ca",
        -8,
        (("SecurityAdmin", SECURITY), ("ReadOnly", CUSTODY)),
        SECOPS,
        0.6,
        0.1,
        True,
    ),
)
SSO_SUFFIX = {
    "SREOnCall": "3f9a1c2b7d4e5a60",
    "ReadOnly": "a1b2c3d4e5f60718",
    "CustodyOps": "0c9d8e7f6a5b4c3d",
    "DataAnalyst": "5e6f7a8b9c0d1e2f",
    "SecurityAdmin": "7d6c5b4a39281706",
    "PlatformAdmin": "9a8b7c6d5e4f3a2b",
}


def sso_role(permission_set: str) -> str:
    return f"AWSReservedSSO_{permission_set}_{SSO_SUFFIX[permission_set]}"


@dataclass
class Clock:
    """The days of the trail and which of them are scored."""

    days: list[dt.date]
    scored: list[dt.date] = field(default_factory=list)

    @classmethod
    def of(cls, n: int, scored: int = 5) -> Clock:
        days = [END - dt.timedelta(days=n - 1 - i) for i in range(n)]
        return cls(days, days[-scored:])

    @staticmethod
    def at(day: dt.date, hour: float = 0.0) -> float:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() + hour * 3600
