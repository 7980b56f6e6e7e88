"""Fjällmark Mutual (Fjällmark Ömsesidig Försäkring & Pension): a Nordic mutual insurance and
pension company on AWS Control Tower in Stockholm (eu-north-1), Dublin (eu-west-1) for disaster
recovery, IAM in us-east-1. Who calls what, from where, with which client, how often."""

from __future__ import annotations

from dataclasses import dataclass, field

from benchmarks.heldout18._record import ident

ACCOUNTS = {
    "management": "338610259412",
    "log_archive": "338610259547",
    "audit": "338610259663",
    "backup": "338610259781",
    "claims": "338610259905",
    "policy": "338610260027",
    "data": "338610260154",
    "tooling": "338610260278",
    # vended by Account Factory on the first scored day
    "pension_digital": "338610261390",
}
NEW_ACCOUNT = "pension_digital"
SOC_VENDOR_ACCOUNT = "771946205318"  # the outsourced SOC's own AWS account
OUTSIDE_ACCOUNT = "590184736201"  # an account nobody in the organisation owns

BOTO = (
    "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/{env} cfg/retry-mode#legacy "
    "Botocore/1.35.36"
)
NODE = (
    "aws-sdk-js/3.654.0 ua/2.1 os/linux#5.10.225-234.876.amzn2.x86_64 lang/js md/nodejs#20.17.0 "
    "api/{api}#3.654.0 exec-env/AWS_Lambda_nodejs20.x"
)
JAVA = (
    "aws-sdk-java/2.25.60 Linux/4.18.0-513.24.1.el8_9.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7 "
    "Java/17.0.10 vendor/Red_Hat_Inc. md/io#sync md/http#Apache ua/2.0"
)
SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0"
CDK = (
    "aws-cdk/2.160.0 aws-sdk-js/3.654.0 ua/2.1 os/linux#5.10.226 lang/js md/nodejs#20.17.0 "
    "exec-env/CodeBuild"
)
GHA_CLI = (
    "aws-cli/2.17.50 md/awscrt#0.21.2 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 "
    "lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.22 md/prompt#off md/command#s3.sync"
)
SOC_AGENT = (
    "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#6.1.0-23-cloud-amd64 md/arch#x86_64 "
    "lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144 soc-collector/4.2"
)


@dataclass(frozen=True)
class Workload:
    """A role used by machines: ``kind`` says who mints its keys (``ec2``, ``ecs``, ``lambda``,
    ``codebuild`` via ``AssumeRole`` by that service; ``service``: the service calls itself from
    its host name; ``user``: an IAM user's long-term key)."""

    name: str
    account: str
    kind: str
    role: str
    apis: tuple[str, ...]  # "service:EventName", the first ones the most frequent
    rate: float  # events per hour at the busiest hour, at scale 1
    rhythm: str  # "office" | "always" | "night" | "deploys"
    agent: str
    fleet: int = 1
    key_hours: int = 1
    egress: str = "nat"  # "nat" | "own" (instance's EC2 address) | "private" | "service" | "gha"
    bucket: str | None = None  # the S3 bucket its object calls touch (data events are logged)
    region: str = "eu-north-1"
    from_day: int = 0  # index of the first day it runs; negative: the first scored day


A = ACCOUNTS
# fmt: off
WORKLOADS: tuple[Workload, ...] = (
    Workload(
        "claims-intake", A["claims"], "ecs", "claims-intake-task",
        ("textract:GetDocumentAnalysis", "s3:GetObject", "sqs:ReceiveMessage", "sqs:DeleteMessage",
         "textract:StartDocumentAnalysis", "s3:PutObject", "kms:Decrypt", "dynamodb:PutItem",
         "states:StartExecution", "kms:GenerateDataKey"),
        110, "office", BOTO.format(env="AWS_ECS_FARGATE"), fleet=4, key_hours=6,
        bucket="fjallmark-claims-documents",
    ),
    Workload(
        "claims-notify", A["claims"], "lambda", "claims-notify-fn",
        ("dynamodb:GetItem", "sns:Publish", "ses:SendEmail", "kms:Decrypt"),
        25, "office", NODE.format(api="sns"), fleet=2, key_hours=3,
    ),
    Workload(
        "claims-orchestrator", A["claims"], "service", "claims-orchestrator-sfn",
        ("dynamodb:UpdateItem", "sqs:SendMessage", "ecs:RunTask", "textract:StartDocumentAnalysis"),
        35, "office", "states.amazonaws.com", egress="service",
    ),
    Workload(
        "mainframe-integration", A["policy"], "ec2", "policy-mainframe-integration",
        ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage", "s3:PutObject",
         "secretsmanager:GetSecretValue", "kms:Decrypt"),
        45, "night", JAVA, fleet=2, egress="private", bucket="fjallmark-policy-exchange",
    ),
    Workload(
        "policy-batch", A["policy"], "ec2", "policy-batch",
        ("s3:GetObject", "s3:PutObject", "ssm:GetParameter", "secretsmanager:GetSecretValue",
         "cloudwatch:PutMetricData", "rds:DescribeDBInstances"),
        30, "night", BOTO.format(env="EC2"), fleet=2, bucket="fjallmark-policy-exchange",
    ),
    Workload(
        "broker-portal", A["policy"], "lambda", "broker-portal-api",
        ("dynamodb:Query", "dynamodb:GetItem", "cognito-idp:AdminGetUser",
         "secretsmanager:GetSecretValue", "dynamodb:PutItem"),
        40, "office", NODE.format(api="dynamodb"), fleet=3, key_hours=2,
    ),
    Workload(
        "quicksight", A["data"], "service", "aws-quicksight-service-role-v0",
        ("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
         "glue:GetTable"),
        12, "office", "quicksight.amazonaws.com", egress="service",
    ),
    Workload(
        "glue-etl", A["data"], "service", "glue-etl-nightly",
        ("glue:GetTable", "glue:GetPartitions", "s3:GetObject", "s3:PutObject",
         "glue:BatchCreatePartition"),
        35, "night", "glue.amazonaws.com", egress="service", bucket="fjallmark-datalake-curated",
    ),
    Workload(
        "security-automation", A["audit"], "lambda", "securityhub-triage-fn",
        ("securityhub:GetFindings", "securityhub:BatchUpdateFindings", "sns:Publish"),
        8, "always", BOTO.format(env="AWS_Lambda_python3.12"), key_hours=4,
    ),
    Workload(
        "backup-reporting", A["backup"], "lambda", "backup-compliance-report-fn",
        ("backup:ListBackupJobs", "backup:ListRecoveryPointsByBackupVault",
         "backup:DescribeBackupVault", "s3:PutObject"),
        6, "night", BOTO.format(env="AWS_Lambda_python3.12"),
    ),
    Workload(
        "docs-publisher", A["tooling"], "user", "gha-docs-publisher",
        ("s3:PutObject", "s3:ListObjects", "cloudfront:CreateInvalidation", "s3:DeleteObject"),
        20, "deploys", GHA_CLI, egress="gha", bucket="fjallmark-docs-site",
    ),
    Workload(
        "mainframe-bridge", A["policy"], "user", "mainframe-mq-bridge",
        ("sqs:SendMessage", "s3:PutObject", "sqs:GetQueueAttributes"),
        25, "night", JAVA, egress="private", bucket="fjallmark-policy-exchange",
    ),
    Workload(
        "pension-calculator", A["pension_digital"], "ec2", "pension-calculator",
        ("dynamodb:GetItem", "dynamodb:PutItem", "s3:GetObject", "sqs:ReceiveMessage",
         "ssm:GetParameter"),
        40, "office", BOTO.format(env="EC2"), fleet=2, egress="own", from_day=-5,
    ),
)

# fmt: on

# AWS services acting in every account (their service-linked roles, from the service's host)
SERVICES = (
    (
        "config.amazonaws.com",
        ("ec2:DescribeInstances", "iam:GetRole", "s3:GetBucketAcl", "config:PutEvaluations"),
        1.2,
    ),
    ("securityhub.amazonaws.com", ("config:DescribeConfigRules", "iam:GetAccountSummary"), 0.5),
)


@dataclass(frozen=True)
class Person:
    """Someone signing in through Entra ID to IAM Identity Center (``AWSReservedSSO_<set>_*``)."""

    user: str
    permission_set: str
    accounts: tuple[str, ...]
    office: str  # "hq" (Stockholm) or "helsinki_office"
    home: str  # a key of NETS
    apis: tuple[str, ...]
    rate: float  # calls per working hour
    console: float  # share of days with a console session
    os: str = "macos"
    start_day: int = 0  # index of the first working day; negative: the first scored day
    tz: int = 1  # hours ahead of UTC in winter


# fmt: off
PLATFORM = ("ec2:DescribeInstances", "ecs:DescribeServices", "cloudformation:DescribeStacks",
            "backup:ListBackupJobs", "iam:GetRole", "logs:FilterLogEvents", "ssm:StartSession",
            "organizations:ListAccounts", "backup:ListRecoveryPointsByBackupVault")
CLAIMS_DEV = ("ecs:DescribeTasks", "logs:FilterLogEvents", "states:DescribeExecution",
              "textract:GetDocumentAnalysis", "ecs:ListServices", "logs:GetLogEvents")
DBA = ("rds:DescribeDBInstances", "pi:GetResourceMetrics", "secretsmanager:DescribeSecret",
       "rds:DescribeDBClusterSnapshots", "logs:FilterLogEvents", "cloudwatch:GetMetricData")
ACTUARY = ("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
           "glue:GetTable", "glue:GetDatabases", "athena:ListWorkGroups")
DATA_ENG = ("glue:GetJobRuns", "athena:StartQueryExecution", "s3:ListBuckets",
            "glue:GetTable", "s3:GetBucketLifecycleConfiguration", "lakeformation:GetDataAccess")
SECURITY = ("securityhub:GetFindings", "macie2:ListFindings", "guardduty:ListFindings",
            "cloudtrail:LookupEvents", "config:DescribeComplianceByConfigRule")

M, BK, T, C, P, D, AU = (A["management"], A["backup"], A["tooling"], A["claims"], A["policy"],
                         A["data"], A["audit"])
PEOPLE: tuple[Person, ...] = (
    Person("erik.nordin", "PlatformAdmin", (M, BK, T, C), "hq", "home_tele2", PLATFORM, 9, 0.6),
    Person("sara.holm", "PlatformAdmin", (BK, T, P, D), "hq", "home_bahnhof", PLATFORM, 8, 0.5,
           os="linux"),
    Person("mikko.virtanen", "PlatformAdmin", (M, C, P), "helsinki_office", "home_telia_fi",
           PLATFORM, 7, 0.4, tz=2),
    Person("johanna.berg", "ClaimsDeveloper", (C,), "hq", "home_bredband2", CLAIMS_DEV, 10, 0.5),
    Person("oskar.lund", "ClaimsDeveloper", (C,), "hq", "home_tele2", CLAIMS_DEV, 8, 0.3,
           os="windows"),
    Person("aino.laine", "ClaimsDeveloper", (C,), "helsinki_office", "home_telia_fi", CLAIMS_DEV,
           9, 0.4, tz=2),
    Person("lars.dahl", "PolicyDBA", (P,), "hq", "home_bahnhof", DBA, 7, 0.7, os="windows"),
    Person("maria.ek", "PolicyDBA", (P,), "hq", "home_tele2", DBA, 6, 0.6),
    Person("ingrid.solberg", "Actuary", (D,), "hq", "home_telenor", ACTUARY, 6, 0.9,
           os="windows"),
    Person("per.wallin", "Actuary", (D,), "hq", "home_bredband2", ACTUARY, 5, 0.9, os="windows"),
    Person("kaisa.niemi", "Actuary", (D,), "helsinki_office", "home_telia_fi", ACTUARY, 5, 0.8,
           os="windows", tz=2),
    Person("anders.sjoberg", "Actuary", (D,), "hq", "home_tele2", ACTUARY, 4, 1.0, os="windows"),
    Person("linnea.falk", "DataEngineer", (D,), "hq", "home_bahnhof", DATA_ENG, 8, 0.4,
           os="linux"),
    Person("jonas.strand", "DataEngineer", (D, T), "hq", "home_tele2", DATA_ENG, 7, 0.3),
    Person("helena.rask", "SecurityAudit", (AU, M), "hq", "home_bredband2", SECURITY, 6, 0.7),
    # the new hire (B9): an actuary whose first day is the first scored day
    Person("elin.karlsson", "Actuary", (D,), "hq", "home_bahnhof", ACTUARY, 4, 1.0,
           os="windows", start_day=-5),
)
# fmt: on
NEW_HIRE = "elin.karlsson"
DOMAIN = "fjallmark.se"

BROWSERS = {
    "macos": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/18.1 Safari/605.1.15",
    "windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "linux": "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
}
CLIS = {
    "macos": "aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.0.0 md/arch#arm64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source "
    "md/prompt#off md/command#{cmd}",
    "windows": "aws-cli/2.17.61 md/awscrt#0.21.5 ua/2.0 os/windows#10 md/arch#amd64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/prompt#off md/command#{cmd}",
    "linux": "aws-cli/2.18.0 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}",
}


def sso_role(permission_set: str) -> str:
    """The permission set's role in every account, with Identity Center's random suffix."""
    return f"AWSReservedSSO_{permission_set}_{ident('ps', permission_set, n=16).lower()}"


SSO_PATH = "/aws-reserved/sso.amazonaws.com/eu-north-1/"
SAML_PROVIDER = "AWSSSO_7c31f0e2a9d4b856_DO_NOT_DELETE"
SOC_ROLE = "FjallmarkSOCReadOnly"
SOC_EXTERNAL_ID = "fjm-soc-5d2e9a71"


@dataclass
class Plan:
    """The scenario's dates and switches (indices into the days of the trail)."""

    days: list = field(default_factory=list)  # datetime.date of every day
    scored_from: int = 0
    holiday: tuple[int, int] = (0, 0)  # first and last index of the quiet week
    quarter_close: tuple[int, int] = (0, 0)  # the Solvency II quarterly reporting days
    isp_move: int = 0  # the morning the head office moves to GlobalConnect
    soc_new_range: int = 0  # the day the SOC vendor's new egress range is used
    textract_feature: int = 0  # the day claims-intake adopts Textract adapters and AnalyzeID
    dr_test: int = 0  # the disaster-recovery test day in eu-west-1
