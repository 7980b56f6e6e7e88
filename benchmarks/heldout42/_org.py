"""Sendero Boletos, a live-event ticketing platform in Mexico City: its accounts, people, user
agents and what each kind of caller calls. Pure data; ``_normal`` makes it act."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

ORG_ID = "o-7sdr2xq4nb"
MGMT, PROD, DATA, SEC, FEST = (
    "380112557410",
    "512938640271",
    "604417285936",
    "725560194813",
    "839201746652",
)
ACCOUNTS = (MGMT, PROD, DATA, SEC, FEST)
MX = "mx-central-1"
USE1 = "us-east-1"
LOCAL = dt.timedelta(hours=-6)  # America/Mexico_City, no daylight saving since 2022
DOMAIN = "senderoboletos.mx"
EKS_OIDC = "oidc.eks.mx-central-1.amazonaws.com/id/5E1B0C4A7F3D9E2B8A61C0D4F7E2A9B3"
GITLAB = "gitlab.com"
DATADOG_ACCOUNT, PAGONAUTA_ACCOUNT, SNOWFLAKE_ACCOUNT, UMBRAL_ACCOUNT = (
    "417141415827",
    "908172635401",
    "762041851739",
    "551893027146",
)
BUCKETS = {
    "tickets": "sendero-prod-ticket-pdfs",
    "seatmaps": "sendero-prod-seatmaps",
    "media": "sendero-prod-promoter-media",
    "settlement": "sendero-prod-pagonauta-settlement",
    "reports": "sendero-prod-reventa-reports",
    "exports": "sendero-data-exports",
    "athena": "sendero-data-athena-results",
    "lake": "sendero-data-lake",
    "fest": "festival-cenote-attendees",
}

UA = {
    "go_pod": "aws-sdk-go-v2/1.30.3 ua/2.1 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.34.4",
    "lambda_py": "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.224-233.832.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145",
    "lambda_node": "aws-sdk-js/3.620.0 ua/2.1 os/linux#5.10.224-233.832.amzn2.x86_64 lang/js md/nodejs#20.15.1 exec-env/AWS_Lambda_nodejs20.x api/s3#3.620.0",
    "seatmap": "Boto3/1.34.110 md/Botocore#1.34.110 ua/2.0 os/linux#6.1.94-99.176.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.110",
    "seatmap_new": "Boto3/1.38.22 md/Botocore#1.38.22 ua/2.1 os/linux#6.1.134-150.224.amzn2023.x86_64 md/arch#x86_64 lang/python#3.13.3 md/pyimpl#CPython m/Z,b cfg/retry-mode#standard Botocore/1.38.22",
    "ssm": "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.859.0",
    "gitlab": "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.15.154+ md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exe/x86_64.debian.12 cfg/retry-mode#standard md/installer#exe prompt/off",
    "terraform": "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.68.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.5 ua/2.1 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64",
    "datadog": "Datadog/1.0 aws-sdk-go/1.44.327 (go1.21.6; linux; amd64)",
    "pagonauta": "aws-sdk-java/2.25.60 Linux/5.10.223-211.872.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/standard",
    "snowflake": "snowflake/8.44.1 aws-sdk-java/1.12.734 Linux/5.10.225-213.878.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 vendor/Amazon.com_Inc.",
    "glue": "aws-sdk-java/1.12.720 Linux/5.10.225-213.878.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b08 java/1.8.0_412 scala/2.12.18 vendor/Amazon.com_Inc. AWSGlueETL/4.0",
    "kiosk": "aws-sdk-dotnet-coreclr/3.7.300.2 aws-sdk-dotnet-core/3.7.300.2 .NET_Core/8.0.4 OS/Microsoft_Windows_10.0.19045 ClientAsync",
    "scanner": "Boto3/1.28.57 Python/3.10.11 Windows/10 Botocore/1.31.57",
    "mailer": "aws-sdk-php/3.300.4 OS/Linux/5.15.0-105-generic lang/php#8.2.18 GuzzleHttp/7",
    "media": "Cyberduck/9.0.2.42108 (Windows 10/10.0.19045.4291) (x86_64)",
    "metabase": "AthenaJDBC/3.2.0 aws-sdk-java/2.25.49 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3",
    "umbral": "umbral-botdefense/2.4 aws-sdk-go-v2/1.30.1 ua/2.1 os/linux lang/go#1.22.4",
    "cloudshell": "aws-cli/2.22.8 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/CloudShell exe/x86_64.amzn.2023 prompt/off",
}
BROWSERS = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0",
)


def cli_ua(os_tag: str, version: str = "2.22.4") -> str:
    return f"aws-cli/{version} md/awscrt#0.22.0 ua/2.0 os/{os_tag} md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source sid/{{sid}} md/prompt#off md/command#{{cmd}}"


@dataclass(frozen=True)
class Person:
    """An Identity Center user: where they work from, which permission set in which account,
    console or CLI, and their menu of calls."""

    user: str
    home: str
    grants: tuple[tuple[str, str], ...]  # (account, permission set)
    menu: str
    console: bool = True
    cli: str | None = None  # the CLI's os token when they also use the CLI
    browser: int = 0
    core: bool = False  # an incident's principal: kept at every scale

    @property
    def email(self) -> str:
        return f"{self.user}@{DOMAIN}"


PEOPLE = (
    Person("lucia.ramos", "home_izzi", ((PROD, "PlatformAdmin"), (MGMT, "PlatformAdmin")), "platform", cli="macos#24.1.0", core=True),
    Person("diego.fuentes", "home_telmex", ((PROD, "SREOperator"),), "sre", console=False, cli="macos#23.6.0", core=True),
    Person("mariana.ochoa", "home_mega", ((PROD, "SREOperator"),), "sre", cli="linux#6.8.0-49-generic", browser=2),
    Person("andres.villalobos", "hq", ((PROD, "ReadOnly"), (MGMT, "ReadOnly")), "readonly", cli="macos#24.1.0", core=True),
    Person("valeria.ortiz", "home_izzi", ((PROD, "PlatformAdmin"), (SEC, "PlatformAdmin"), (MGMT, "PlatformAdmin")), "platform", core=True),
    Person("paola.cruz", "home_telmex", ((PROD, "Developer"),), "developer", cli="macos#24.0.0"),
    Person("jorge.salinas", "home_izzi", ((PROD, "Developer"),), "developer", browser=1),
    Person("sofia.mendez", "home_mega", ((PROD, "Developer"),), "developer", cli="linux#6.8.0-49-generic", browser=2),
    Person("emilio.navarro", "home_telmex", ((PROD, "Developer"),), "developer"),
    Person("karla.jimenez", "hq", ((PROD, "SupportRead"),), "support", browser=1),
    Person("rafael.torres", "hq", ((PROD, "SupportRead"),), "support", browser=1),
    Person("ximena.luna", "home_izzi", ((PROD, "SupportRead"),), "support"),
    Person("daniela.rios", "home_telmex", ((DATA, "DataAnalyst"),), "analyst", core=True),
    Person("hector.mora", "hq", ((DATA, "DataAnalyst"),), "analyst", core=True, browser=1),
    Person("ana.beltran", "home_mega", ((DATA, "DataAnalyst"),), "analyst", core=True, browser=2),
    Person("renata.aguilar", "home_izzi", ((DATA, "DataEngineer"),), "dataeng", cli="macos#24.1.0"),
    Person("claudia.vega", "hq", ((MGMT, "Billing"),), "billing", browser=1),
    Person("manuel.herrera", "hq", ((MGMT, "OrgAdmin"),), "orgadmin", core=True),
    Person("tomas.ibarra", "hq", ((SEC, "SecurityOps"), (PROD, "SecurityAudit")), "soc", cli="macos#24.1.0", core=True),
    Person("elena.castro", "home_telmex", ((SEC, "SecurityOps"),), "soc", browser=2),
)  # fmt: skip

Menu = list[tuple[str, str, int, str | None]]  # (source, name, weight, bucket or table)
MENUS: dict[str, Menu] = {
    "platform": [
        ("eks", "DescribeCluster", 6, None), ("ec2", "DescribeInstances", 6, None),
        ("iam", "GetRole", 3, None), ("cloudformation", "DescribeStacks", 2, None),
        ("logs", "FilterLogEvents", 4, None), ("ec2", "DescribeSecurityGroups", 3, None),
        ("s3", "ListBuckets", 2, None), ("dynamodb", "DescribeTable", 2, None),
        ("cloudwatch", "GetMetricData", 4, None), ("ssm", "GetParameter", 2, None),
    ],
    "sre": [
        ("cloudwatch", "GetMetricData", 8, None), ("cloudwatch", "DescribeAlarms", 5, None),
        ("logs", "StartQuery", 4, None), ("logs", "GetQueryResults", 6, None),
        ("eks", "DescribeCluster", 3, None), ("dynamodb", "DescribeTable", 3, None),
        ("ec2", "DescribeInstances", 3, None), ("autoscaling", "DescribeAutoScalingGroups", 2, None),
        ("elasticloadbalancing", "DescribeTargetHealth", 2, None),
    ],
    "readonly": [
        ("ce", "GetCostAndUsage", 3, None), ("cloudwatch", "GetDashboard", 4, None),
        ("eks", "ListClusters", 1, None), ("s3", "ListBuckets", 1, None),
    ],
    "developer": [
        ("logs", "FilterLogEvents", 8, None), ("lambda", "GetFunction", 3, None),
        ("dynamodb", "DescribeTable", 2, None), ("sqs", "GetQueueAttributes", 2, None),
        ("xray", "GetTraceSummaries", 3, None), ("ecr", "DescribeImages", 2, None),
    ],
    "support": [
        ("dynamodb", "GetItem", 6, "sendero-orders"), ("logs", "FilterLogEvents", 4, None),
        ("s3", "GetObject", 3, BUCKETS["tickets"]), ("cloudwatch", "GetMetricData", 1, None),
    ],
    "analyst": [
        ("athena", "StartQueryExecution", 6, None), ("athena", "GetQueryExecution", 10, None),
        ("athena", "GetQueryResults", 6, None), ("glue", "GetTables", 2, None),
        ("s3", "GetObject", 3, BUCKETS["athena"]),
    ],
    "dataeng": [
        ("glue", "GetJobRuns", 4, None), ("glue", "StartJobRun", 1, None),
        ("athena", "StartQueryExecution", 3, None), ("s3", "ListObjectsV2", 3, BUCKETS["lake"]),
        ("glue", "GetTable", 3, None),
    ],
    "billing": [
        ("ce", "GetCostAndUsage", 6, None), ("ce", "GetCostForecast", 2, None),
        ("billingconsole", "GetBillingData", 2, None), ("budgets", "DescribeBudgets", 1, None),
    ],
    "orgadmin": [
        ("organizations", "ListAccounts", 4, None), ("sso", "ListPermissionSets", 3, None),
        ("organizations", "DescribeOrganization", 2, None), ("iam", "GetAccountSummary", 1, None),
    ],
    "soc": [
        ("guardduty", "ListFindings", 6, None), ("guardduty", "GetFindings", 6, None),
        ("securityhub", "GetFindings", 5, None), ("cloudtrail", "LookupEvents", 3, None),
        ("access-analyzer", "ListFindings", 2, None),
    ],
    "checkout": [
        ("dynamodb", "GetItem", 10, "sendero-orders"), ("dynamodb", "PutItem", 5, "sendero-orders"),
        ("dynamodb", "UpdateItem", 6, "sendero-inventory"), ("dynamodb", "Query", 6, "sendero-inventory"),
        ("sqs", "SendMessage", 4, "checkout-events"),
    ],
    "inventory": [
        ("dynamodb", "BatchWriteItem", 5, "sendero-inventory"), ("s3", "GetObject", 3, BUCKETS["seatmaps"]),
        ("events", "PutEvents", 2, None),
    ],
    "seatmap": [
        ("s3", "GetObject", 6, BUCKETS["seatmaps"]), ("s3", "PutObject", 3, BUCKETS["seatmaps"]),
        ("cloudwatch", "PutMetricData", 3, None),
    ],
    "kiosk": [
        ("dynamodb", "GetItem", 6, "sendero-tickets"), ("dynamodb", "PutItem", 2, "sendero-tickets"),
        ("s3", "GetObject", 4, BUCKETS["tickets"]),
    ],
    "datadog": [
        ("cloudwatch", "ListMetrics", 3, None), ("cloudwatch", "GetMetricData", 6, None),
        ("tag", "GetResources", 2, None), ("ec2", "DescribeInstances", 1, None),
        ("lambda", "ListFunctions", 1, None), ("dynamodb", "ListTables", 1, None),
    ],
    "config": [
        ("ec2", "DescribeInstances", 3, None), ("ec2", "DescribeSecurityGroups", 2, None),
        ("iam", "GetRole", 2, None), ("s3", "GetBucketPolicy", 1, None),
        ("lambda", "ListFunctions", 1, None),
    ],
}  # fmt: skip


def params(source: str, name: str, target: str | None, rng: random.Random) -> dict[str, Any] | None:
    """requestParameters for a call on ``target`` (a bucket or table)."""
    if target is None:
        return None
    if source == "s3":
        key = f"{rng.choice(('2026', 'eventos', 'mapas'))}/{rng.randrange(10**6):06d}.{rng.choice(('pdf', 'json', 'png'))}"
        return {"bucketName": target, "key": key, "Host": f"{target}.s3.amazonaws.com"}
    if source == "dynamodb":
        return {
            "tableName": target,
            "key": {"pk": f"ORD#{rng.randrange(10**8)}"} if name != "Query" else None,
        }
    if source == "sqs":
        return {"queueUrl": f"https://sqs.mx-central-1.amazonaws.com/{PROD}/{target}"}
    return None


def resources(source: str, account: str, target: str | None) -> list[dict[str, Any]] | None:
    if target is None:
        return None
    if source == "s3":
        return [
            {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{target}/"},
            {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{target}"},
        ]
    if source == "dynamodb":
        return [
            {
                "accountId": account,
                "type": "AWS::DynamoDB::Table",
                "ARN": f"arn:aws:dynamodb:{MX}:{account}:table/{target}",
            }
        ]
    return None  # fmt: skip
