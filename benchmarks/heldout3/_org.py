"""Halvard Freight: a European logistics enterprise on AWS Organizations and Control Tower.

The people (platform, developers, data, security, finance) sign in only through IAM Identity
Center; workloads run on EKS (Karpenter nodes, IRSA and Pod Identity), ECS Fargate and
Lambda; Terraform Cloud deploys through OIDC; a monitoring vendor and a CSPM scanner assume
roles with an ExternalId from their own AWS accounts; an on-prem warehouse system reaches AWS
over the site-to-site VPN through interface endpoints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

ORG_ID = "o-h4lv7rd9f2"
HOME = "eu-central-1"
ACCOUNTS = {
    "management": "318746205519",
    "log-archive": "604712983310",
    "audit": "771293480624",
    "shared": "245019837764",
    "prod": "583910274466",
    "staging": "149027365318",
    "sandbox": "902746153387",
    "data": "467182930551",  # vended by Account Factory during the trail (B7)
}
VENDED = "data"
MONITOR_ACCOUNT = "417141415827"  # the monitoring vendor's AWS account
CSPM_ACCOUNT = "298703115672"  # the CSPM scanner's AWS account
ATTACKER_ACCOUNTS = ("791852460335", "652718093344")
IDSTORE = "d-99677a1b2c"
EKS_OIDC = {
    "prod": "oidc.eks.eu-central-1.amazonaws.com/id/5C1F3E7B9A2D4C6E8F0A1B2C3D4E5F60",
    "staging": "oidc.eks.eu-central-1.amazonaws.com/id/0B9E8D7C6B5A49382716F5E4D3C2B1A0",
}
TFC_ORG = "halvard"

# client versions in use before the fleet-wide SDK upgrade (B1) and after it
BOTO = ("1.35.36", "1.36.2")
PY_LAMBDA = (
    "Boto3/{v} md/Botocore#{v} ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/{v}"
)
PY_POD = (
    "Boto3/{v} md/Botocore#{v} ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 "
    "lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard Botocore/{v}"
)
GO_V2 = (
    "aws-sdk-go-v2/{v} ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.{v}"
)
GO_SDK = ("1.32.2", "1.36.0")
JAVA_ECS = (
    "aws-sdk-java/{v} ua/2.1 os/Linux#5.10.226-214.880.amzn2.x86_64 lang/java#21.0.4 "
    "md/OpenJDK_64-Bit_Server_VM#21.0.4+7-LTS md/vendor#Amazon.com_Inc. exec-env/AWS_ECS_FARGATE "
    "md/internal io/sync http/Apache cfg/retry-mode#legacy"
)
JAVA = ("2.28.16", "2.29.6")
CNI = "amazon-vpc-cni-k8s/v1.18.5 aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)"
KARPENTER = "karpenter.sh-1.0.6 aws-sdk-go-v2/1.30.4 ua/2.1 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64"
ECR_HELPER = "aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ecr#1.32.1 ecr-credential-provider"
SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.8; linux; amd64) amazon-ssm-agent/3.3.987.0"
ONPREM_JAVA = (
    "aws-sdk-java/1.12.772 Linux/4.18.0-553.16.1.el8_10.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS "
    "java/17.0.12 vendor/Red_Hat,_Inc. cfg/retry-mode/standard"
)
TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.72.1 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux "
    "lang/go#1.23.1 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.32.2"
)
MONITOR_UA = "Monitorly-AWS-Crawler/7.4 aws-sdk-go/1.50.29 (go1.21.9; linux; amd64)"
CSPM_UA = "Botocore/1.34.162 ua/2.0 os/linux#5.15.0-1068-aws md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#adaptive scanwise-cspm/3.18.1"
CLI = (
    "aws-cli/{v} md/awscrt#0.22.0 ua/2.0 os/{os} md/arch#{arch} lang/python#3.12.6 "
    "md/pyimpl#CPython exec-env/{shell} cfg/retry-mode#standard md/installer#exe md/prompt#off "
    "md/command#{command}"
)
BROWSER = {
    "mac_chrome": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "win_edge": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "win_firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
    "linux_firefox": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
}


@dataclass(frozen=True)
class Person:
    user: str  # Identity Center user name
    team: str
    home: str  # network name in _net.NETWORKS
    city_tz: str
    browser: str
    os: str  # the CLI's os token
    cli: str  # aws-cli version
    assignments: tuple[tuple[str, str], ...]  # (account name, permission set)
    weekend: float = 0.05


def _person(user: str, team: str, home: str, tz: str, browser: str, os: str, cli: str) -> Person:
    sets = {
        "platform": (
            ("prod", "PlatformAdmin"),
            ("staging", "PlatformAdmin"),
            ("shared", "PlatformAdmin"),
            ("management", "OrgAdmin"),
            ("sandbox", "PlatformAdmin"),
        ),
        "developer": (
            ("staging", "DeveloperAccess"),
            ("sandbox", "DeveloperAccess"),
            ("prod", "ReadOnlyAccess"),
        ),
        "data": (("prod", "DataEngineer"), ("staging", "DataEngineer")),
        "security": (
            ("audit", "SecurityOperations"),
            ("log-archive", "SecurityAudit"),
            ("prod", "SecurityAudit"),
            ("management", "SecurityAudit"),
        ),
        "finance": (("management", "BillingReadOnly"),),
    }
    return Person(user, team, home, tz, browser, os, cli, sets[team])


MAC, WIN, LINUX = "macos#24.1.0", "windows#10", "linux#6.8.0-48-generic"
PEOPLE = (
    _person("j.brandt", "platform", "dtag", "Europe/Berlin", "mac_chrome", MAC, "2.18.14"),
    _person("m.nowak", "platform", "orange_pl", "Europe/Warsaw", "linux_firefox", LINUX, "2.17.52"),
    _person("s.lindqvist", "platform", "office", "Europe/Berlin", "mac_chrome", MAC, "2.18.14"),
    _person("a.kowalczyk", "platform", "orange_pl", "Europe/Warsaw", "win_edge", WIN, "2.18.10"),
    _person("t.meyer", "developer", "vodafone", "Europe/Berlin", "mac_chrome", MAC, "2.18.14"),
    _person("l.schulz", "developer", "dtag", "Europe/Berlin", "win_firefox", WIN, "2.17.40"),
    _person(
        "k.zielinski", "developer", "orange_pl", "Europe/Warsaw", "linux_firefox", LINUX, "2.18.2"
    ),
    _person("p.wagner", "developer", "office", "Europe/Berlin", "mac_chrome", MAC, "2.18.14"),
    _person("h.fischer", "developer", "dtag", "Europe/Berlin", "win_edge", WIN, "2.16.12"),
    _person("e.wojcik", "developer", "orange_pl", "Europe/Warsaw", "mac_chrome", MAC, "2.18.6"),
    _person(
        "n.becker", "developer", "vodafone", "Europe/Berlin", "linux_firefox", LINUX, "2.18.14"
    ),
    _person("o.krause", "developer", "office", "Europe/Berlin", "mac_chrome", MAC, "2.17.61"),
    _person("r.hoffmann", "data", "dtag", "Europe/Berlin", "mac_chrome", MAC, "2.18.14"),
    _person("d.mazur", "data", "orange_pl", "Europe/Warsaw", "win_edge", WIN, "2.18.0"),
    _person("f.richter", "security", "office", "Europe/Berlin", "mac_chrome", MAC, "2.18.14"),
    _person(
        "g.lewandowska", "security", "orange_pl", "Europe/Warsaw", "linux_firefox", LINUX, "2.18.12"
    ),
    _person("c.vogel", "security", "dtag", "Europe/Berlin", "mac_chrome", MAC, "2.18.14"),
    _person("b.neumann", "finance", "office", "Europe/Berlin", "win_edge", WIN, "2.15.58"),
)

# what each permission set does in a session, as (api, weight); console or CLI decided per person
WORK = {
    "PlatformAdmin": [
        ("ec2:DescribeInstances", 6),
        ("eks:DescribeCluster", 3),
        ("eks:ListNodegroups", 1),
        ("iam:GetRole", 2),
        ("iam:ListRoles", 1),
        ("logs:FilterLogEvents", 3),
        ("cloudformation:DescribeStacks", 2),
        ("ec2:DescribeSecurityGroups", 2),
        ("ssm:GetParameter", 2),
        ("s3:ListBuckets", 1),
        ("sts:GetCallerIdentity", 2),
        ("elb:DescribeTargetHealth", 2),
        ("ec2:DescribeSubnets", 1),
    ],
    "OrgAdmin": [
        ("organizations:ListAccounts", 3),
        ("organizations:DescribeAccount", 2),
        ("sso:ListPermissionSets", 2),
        ("sso:DescribePermissionSet", 1),
        ("controltower:ListEnabledControls", 1),
        ("organizations:ListPolicies", 1),
    ],
    "DeveloperAccess": [
        ("lambda:GetFunction", 3),
        ("lambda:ListFunctions", 2),
        ("logs:FilterLogEvents", 5),
        ("logs:GetLogEvents", 4),
        ("ecs:DescribeServices", 2),
        ("ecs:ListTasks", 2),
        ("sqs:GetQueueAttributes", 2),
        ("dynamodb:DescribeTable", 2),
        ("s3:ListBuckets", 1),
        ("s3:GetObject", 2),
        ("sts:GetCallerIdentity", 2),
        ("cloudwatch:GetMetricData", 2),
        ("lambda:UpdateFunctionConfiguration20150331v2", 1),
    ],
    "ReadOnlyAccess": [
        ("logs:FilterLogEvents", 4),
        ("ecs:DescribeServices", 2),
        ("cloudwatch:GetMetricData", 3),
        ("lambda:GetFunction", 1),
        ("eks:DescribeCluster", 1),
    ],
    "DataEngineer": [
        ("athena:StartQueryExecution", 4),
        ("athena:GetQueryResults", 5),
        ("glue:GetTable", 3),
        ("glue:GetDatabases", 1),
        ("s3:GetObject", 4),
        ("s3:ListBuckets", 1),
        ("sts:GetCallerIdentity", 1),
    ],
    "SecurityOperations": [
        ("securityhub:GetFindings", 6),
        ("guardduty:ListFindings", 3),
        ("guardduty:GetFindings", 3),
        ("cloudtrail:LookupEvents", 2),
        ("config:DescribeComplianceByConfigRule", 2),
        ("access-analyzer:ListFindings", 1),
    ],
    "SecurityAudit": [
        ("cloudtrail:DescribeTrails", 1),
        ("iam:GetAccountAuthorizationDetails", 1),
        ("ec2:DescribeSecurityGroups", 2),
        ("s3:GetBucketPolicy", 2),
        ("logs:FilterLogEvents", 2),
    ],
    "BillingReadOnly": [
        ("ce:GetCostAndUsage", 5),
        ("ce:GetCostForecast", 2),
        ("budgets:ViewBudget", 2),
        ("organizations:ListAccounts", 1),
    ],
}
CLI_PEOPLE = {"platform", "developer", "data", "security"}


@dataclass
class Instance:
    id: str
    start: dt.datetime
    end: dt.datetime
    private_ip: str


@dataclass
class Workload:
    """A role used by code: its minting service, clients, APIs and the addresses it calls from."""

    name: str
    account: str  # account name
    region: str
    kind: str  # node | irsa | pod_identity | lambda | ecs | onprem
    role: str
    apis: Sequence[tuple[str, float]]
    agent: str  # a format string with {v} (SDK version) and {api}
    sdk: tuple[str, str]
    per_hour: float
    holders: int = 1
    namespace: str = ""
    instances: list[Instance] = field(default_factory=list)
