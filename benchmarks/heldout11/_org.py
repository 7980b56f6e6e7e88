"""Sitara Pay, a payments company in Mumbai: its accounts, microservices, people, partners and
the clients they call with. Plain data; the actors that use it are in ``_actors``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PROD, PLAT, DATA, LEND = "482913067215", "482913067390", "482913068021", "482913069537"
ACCOUNTS = {PROD: "payments-prod", PLAT: "platform", DATA: "data", LEND: "lending"}
OBSERVABILITY, FRAUD_VENDOR = "464622532012", "734819205566"  # vendors' own accounts
OUTSIDER, OUTSIDER2 = "939406213370", "215803994417"  # accounts the attackers own

IST = dt.timedelta(hours=5, minutes=30)
PHT = dt.timedelta(hours=8)

CLUSTERS = {
    ("ap-south-1", PROD): "sitara-prod-aps1",
    ("ap-south-2", PROD): "sitara-prod-aps2",
    ("ap-southeast-1", PROD): "sitara-dr-apse1",
    ("ap-south-1", LEND): "lending-aps1",
}


def hash_text(text: str) -> int:
    """A stable hash (Python's ``hash`` is salted per process)."""
    out = 0
    for ch in text:
        out = (out * 131 + ord(ch)) % (1 << 61)
    return out


def oidc(cluster: str, region: str) -> str:
    return f"oidc.eks.{region}.amazonaws.com/id/{hash_text(cluster):016X}{hash_text(cluster[::-1]):016X}"


# SDKs the services are written with (user agents as the SDKs send them)
UA = {
    "go": "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64",
    "java": "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard",
    "py": "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#5.10.219-208.866.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144",
    "node": "aws-sdk-js/3.614.0 ua/2.1 os/linux#5.10.219-208.866.amzn2.x86_64 lang/js md/nodejs#20.15.1",
    "kubelet": "aws-sdk-go/1.44.328 (go1.21.9; linux; amd64)",
    "cni": "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.21.9 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.155.1 amazon-vpc-cni-k8s/v1.18.1",
    "autoscaler": "aws-sdk-go/1.48.7 (go1.21.6; linux; amd64) cluster-autoscaler/v1.29.2",
    "cli_mac": "aws-cli/2.15.57 md/awscrt#0.19.19 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}",
    "cli_linux": "aws-cli/2.15.57 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-41-generic md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}",
    "browser_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "browser_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "legacy_cli": "aws-cli/1.18.69 Python/3.6.8 Linux/3.10.0-1160.el7.x86_64 botocore/1.17.20",
    "reporting": "aws-sdk-java/1.12.261 Windows_Server_2019/10.0 Java_HotSpot(TM)_64-Bit_Server_VM/25.341-b10 java/1.8.0_341 vendor/Oracle_Corporation cfg/retry-mode/standard",
    "recon": "aws-sdk-dotnet-coreclr/3.7.300.52 aws-sdk-dotnet-core/3.7.303.8 .NET_Core/6.0.26 OS/Microsoft_Windows_10.0.17763 ClientAsync",
    "vendor_obs": "aws-sdk-go/1.51.21 (go1.22.2; linux; amd64) nimbuswatch-collector/7.52.0",
    "vendor_fraud": "aws-sdk-java/2.21.46 Linux/6.1.72-96.166.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.2+13-LTS Java/21.0.2 vendor/Amazon.com_Inc. sentra-risk/4.3",
    "gha": "aws-sdk-js/3.637.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.13.1 api/sts#3.637.0 configure-aws-credentials-for-github-actions",
    "gha_cli": "aws-cli/2.17.56 md/awscrt#0.21.5 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/GitHubActions cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}",
    "lambda_py": "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.225-234.878.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145",
}


@dataclass(frozen=True)
class Service:
    """A microservice on EKS: its IAM role (IRSA unless ``pod_identity``), SDK and calls."""

    name: str
    ns: str
    sdk: str
    calls: tuple[tuple[str, str], ...]  # (event source, event name), weighted by repetition
    rate: float  # calls per pod and hour at the daily peak
    pods: int = 2
    pod_identity: bool = False
    sale: bool = False  # grows with transaction volume (the Diwali sale)
    hyd: bool = False  # also runs in Hyderabad (ap-south-2)


_DDB_RW = (
    ("dynamodb", "GetItem"),
    ("dynamodb", "PutItem"),
    ("dynamodb", "Query"),
    ("dynamodb", "UpdateItem"),
)
_KMS = (("kms", "Decrypt"), ("kms", "GenerateDataKey"))

SERVICES = (
    Service(
        "payments-api",
        "payments",
        "java",
        _DDB_RW + _KMS + (("kinesis", "PutRecords"),),
        9,
        3,
        sale=True,
        hyd=True,
    ),
    Service(
        "upi-switch",
        "upi",
        "go",
        (*_DDB_RW, ("kinesis", "PutRecords"), ("kms", "Sign")),
        10,
        3,
        sale=True,
        hyd=True,
    ),
    Service(
        "ledger",
        "ledger",
        "java",
        _DDB_RW + _DDB_RW + (("dynamodb", "TransactWriteItems"),),
        8,
        2,
        sale=True,
    ),
    Service(
        "risk-engine",
        "risk",
        "py",
        (("dynamodb", "GetItem"), ("sagemaker", "InvokeEndpoint"), ("s3", "GetObject")),
        6,
        2,
        sale=True,
    ),
    Service(
        "settlement",
        "settlement",
        "java",
        (("s3", "PutObject"), ("s3", "GetObject"), ("dynamodb", "Query"), ("sqs", "SendMessage")),
        3,
    ),
    Service("refunds", "payments", "go", (*_DDB_RW, ("sqs", "SendMessage")), 3),
    Service(
        "payouts",
        "payouts",
        "go",
        (*_DDB_RW, ("secretsmanager", "GetSecretValue"), ("sqs", "ReceiveMessage")),
        3,
        hyd=True,
    ),
    Service(
        "merchant-onboarding",
        "merchants",
        "node",
        (
            ("s3", "PutObject"),
            ("dynamodb", "PutItem"),
            ("textract", "AnalyzeDocument"),
            ("ses", "SendEmail"),
        ),
        2,
    ),
    Service(
        "kyc",
        "merchants",
        "py",
        (("s3", "GetObject"), ("rekognition", "CompareFaces"), ("dynamodb", "GetItem")),
        2,
    ),
    Service(
        "notifications",
        "comms",
        "node",
        (("sns", "Publish"), ("ses", "SendEmail"), ("sqs", "ReceiveMessage")),
        5,
        sale=True,
    ),
    Service(
        "webhooks",
        "comms",
        "go",
        (("sqs", "ReceiveMessage"), ("sqs", "DeleteMessage"), ("dynamodb", "GetItem")),
        5,
        sale=True,
    ),
    Service(
        "reconciler",
        "settlement",
        "py",
        (
            ("s3", "ListObjectsV2"),
            ("s3", "GetObject"),
            ("dynamodb", "Query"),
            ("athena", "StartQueryExecution"),
        ),
        2,
    ),
    Service(
        "disputes",
        "payments",
        "java",
        (("dynamodb", "Query"), ("s3", "GetObject"), ("sqs", "SendMessage")),
        2,
    ),
    Service(
        "merchant-dashboard-api",
        "merchants",
        "node",
        (("dynamodb", "Query"), ("dynamodb", "GetItem"), ("cognito-idp", "GetUser")),
        4,
        pod_identity=True,
    ),
    Service(
        "reports-export",
        "merchants",
        "py",
        (("s3", "PutObject"), ("athena", "GetQueryResults"), ("athena", "StartQueryExecution")),
        2,
        pod_identity=True,
    ),
    Service(
        "fx-rates",
        "payments",
        "go",
        (("dynamodb", "PutItem"), ("secretsmanager", "GetSecretValue")),
        1,
        1,
        pod_identity=True,
    ),
    Service(
        "external-secrets",
        "platform",
        "go",
        (
            ("secretsmanager", "GetSecretValue"),
            ("secretsmanager", "DescribeSecret"),
            ("ssm", "GetParameter"),
        ),
        2,
        1,
    ),
    Service(
        "aws-load-balancer-controller",
        "kube-system",
        "go",
        (
            ("elasticloadbalancing", "DescribeTargetGroups"),
            ("elasticloadbalancing", "DescribeTargetHealth"),
            ("ec2", "DescribeSecurityGroups"),
        ),
        2,
        1,
    ),
)
LENDING_SERVICES = (
    Service("loan-origination", "lending", "java", (*_DDB_RW, ("s3", "PutObject")), 3),
    Service(
        "credit-bureau-gateway",
        "lending",
        "py",
        (("secretsmanager", "GetSecretValue"), ("dynamodb", "PutItem")),
        2,
    ),
    Service("collections", "lending", "node", (("sqs", "ReceiveMessage"), ("sns", "Publish")), 2),
)

# Which calls are data events: the trail logs S3 data events on every bucket, DynamoDB and
# Kinesis data events on the payment tables and streams.
DATA_NAMES = {
    "s3": {"GetObject", "PutObject", "ListObjectsV2", "DeleteObject", "HeadObject"},
    "dynamodb": {
        "GetItem",
        "PutItem",
        "Query",
        "UpdateItem",
        "TransactWriteItems",
        "Scan",
        "BatchGetItem",
    },
    "kinesis": {"PutRecords", "GetRecords"},
}


def is_data(source: str, name: str) -> bool:
    return name in DATA_NAMES.get(source, ())


@dataclass(frozen=True)
class Person:
    """An engineer in Identity Center: name, permission set, home network, laptop."""

    name: str
    perm: str
    home: str  # key of _net.OUTSIDE
    cli: str  # cli_mac | cli_linux
    browser: str
    office_days: tuple[int, ...] = (1, 3)  # weekdays at the Bengaluru office
    home_town: str = ""  # the festival-week network (benign change B9)


ENGINEERS = (
    Person(
        "aditi.rao", "PlatformEngineer", "act_blr", "cli_mac", "browser_mac", home_town="bsnl_kochi"
    ),
    Person(
        "rohan.kulkarni",
        "PlatformEngineer",
        "hathway_pune",
        "cli_linux",
        "browser_mac",
        (),
        home_town="mtnl_delhi",
    ),
    Person("meera.iyer", "DBAdmin", "airtel_blr", "cli_mac", "browser_mac", (0, 2)),
    Person(
        "sanjay.verma",
        "BackendDeveloper",
        "jio_pune",
        "cli_linux",
        "browser_win",
        (),
        home_town="excitel_delhi",
    ),
    Person("kavya.nair", "BackendDeveloper", "act_blr", "cli_mac", "browser_mac", (1, 2, 3)),
    Person(
        "arjun.shah",
        "BackendDeveloper",
        "airtel_blr",
        "cli_mac",
        "browser_mac",
        (0, 3),
        home_town="gtpl_ahd",
    ),
    Person("nikhil.joshi", "SecurityAdmin", "hathway_pune", "cli_linux", "browser_mac", ()),
    Person("priya.menon", "BackendDeveloper", "jio_pune", "cli_mac", "browser_win", ()),
    Person(
        "farhan.qureshi", "PlatformEngineer", "act_blr", "cli_linux", "browser_mac", (0, 1, 2, 3, 4)
    ),
    Person("divya.pillai", "DataEngineer", "airtel_blr", "cli_mac", "browser_mac", (2, 4)),
)
SUPPORT = tuple(
    f"{n}@support.sitarapay.in"
    for n in (
        "jm.delacruz",
        "ra.santos",
        "kc.reyes",
        "mb.garcia",
        "jp.mendoza",
        "ac.bautista",
        "lt.ramos",
        "ej.aquino",
    )
)
SUPPORT_NEW = (
    "cm.villanueva@support.sitarapay.in",
    "rd.castillo@support.sitarapay.in",
    "ns.flores@support.sitarapay.in",
)

PERM_CALLS = {
    "PlatformEngineer": (
        ("eks", "DescribeCluster"),
        ("eks", "ListNodegroups"),
        ("ec2", "DescribeInstances"),
        ("cloudformation", "DescribeStacks"),
        ("logs", "FilterLogEvents"),
        ("iam", "GetRole"),
        ("ecr", "DescribeImages"),
        ("autoscaling", "DescribeAutoScalingGroups"),
    ),
    "DBAdmin": (
        ("rds", "DescribeDBClusters"),
        ("rds", "DescribeDBClusterSnapshots"),
        ("rds", "DescribeDBInstances"),
        ("cloudwatch", "GetMetricData"),
        ("dynamodb", "DescribeTable"),
        ("pi", "GetResourceMetrics"),
        ("rds", "DescribeEvents"),
    ),
    "BackendDeveloper": (
        ("logs", "FilterLogEvents"),
        ("logs", "GetLogEvents"),
        ("dynamodb", "DescribeTable"),
        ("sqs", "GetQueueAttributes"),
        ("cloudwatch", "GetMetricData"),
        ("eks", "DescribeCluster"),
        ("xray", "GetTraceSummaries"),
    ),
    "SecurityAdmin": (
        ("guardduty", "ListFindings"),
        ("guardduty", "GetFindings"),
        ("securityhub", "GetFindings"),
        ("iam", "ListRoles"),
        ("access-analyzer", "ListFindings"),
        ("cloudtrail", "LookupEvents"),
        ("iam", "ListAccessKeys"),
    ),
    "DataEngineer": (
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryResults"),
        ("glue", "GetTables"),
        ("kinesis", "DescribeStreamSummary"),
        ("kafka", "DescribeClusterV2"),
        ("s3", "ListBuckets"),
    ),
    "SupportReadOnly": (
        ("logs", "FilterLogEvents"),
        ("logs", "GetLogEvents"),
        ("cloudwatch", "DescribeAlarms"),
        ("cloudwatch", "GetMetricData"),
        ("dynamodb", "DescribeTable"),
        ("sqs", "GetQueueAttributes"),
        ("eks", "DescribeCluster"),
    ),
    "AuditorReadOnly": (
        ("iam", "GetAccountAuthorizationDetails"),
        ("iam", "ListUsers"),
        ("iam", "GetAccountPasswordPolicy"),
        ("kms", "ListKeys"),
        ("kms", "GetKeyRotationStatus"),
        ("cloudtrail", "DescribeTrails"),
        ("config", "DescribeConfigRules"),
        ("s3", "GetBucketEncryption"),
        ("s3", "GetBucketPolicy"),
        ("ec2", "DescribeSecurityGroups"),
        ("rds", "DescribeDBClusters"),
        ("secretsmanager", "ListSecrets"),
        ("iam", "ListRoles"),
    ),
}
PERM_HASH = {p: f"{hash_text(p):016x}" for p in PERM_CALLS}


def sso_role(perm: str) -> str:
    return f"AWSReservedSSO_{perm}_{PERM_HASH[perm]}"


SSO_PATH = "aws-reserved/sso.amazonaws.com/ap-south-1/"
