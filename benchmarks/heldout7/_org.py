"""Wattle Pay: a Sydney payments company on AWS Control Tower, as this suite imagines it.

Everything here is a constant: accounts, networks (blocks the bundled IP-to-ASN table gives to
real operators, outside AWS's published ranges unless named ``aws_*``), clients and actors. The
calendar ends on 2026-10-07 (UTC) and Sydney's daylight saving starts on Sunday 2026-10-04 at
02:00 AEST (16:00 UTC on the 3rd), inside the five scored days.
"""

from __future__ import annotations

import datetime as dt

END = dt.date(2026, 10, 7)  # last day of the trail (UTC)
SCORED = 5  # the last five days carry the incidents and are scored
DST_START = dt.datetime(2026, 10, 3, 16, 0, tzinfo=dt.UTC)  # AEST (+10) -> AEDT (+11)
NEW_ACCOUNT_DAY = dt.date(2026, 10, 5)  # Account Factory vends the data account

HOME = "ap-southeast-2"
DR = "ap-southeast-4"
GLOBAL = "us-east-1"

ACCOUNTS = {
    "management": "418205730011",
    "audit": "418205730022",
    "log-archive": "418205730033",
    "shared": "418205730044",
    "prod": "418205730055",
    "staging": "418205730066",
    "sandbox": "418205730077",
    "data": "418205730088",  # joins on NEW_ACCOUNT_DAY
}
MEMBERS_BEFORE = [a for a in ACCOUNTS if a != "data"]
MSP_ACCOUNT = "604311829377"  # the managed service provider's own account
VENDOR_ACCOUNT = "464622532012"  # the monitoring vendor's account (a Datadog-like integration)
OUTSIDE_ACCOUNT = "739153046618"  # an account nobody at Wattle Pay owns (attack: sharing)
ORG_ID = "o-w4tt1ep4y9"
SSO_REGION = HOME

# name -> (base /24 or /16 prefix, usable host count, asn, as_org, country, city, lat, lon)
NETWORKS: dict[str, tuple[str, int, int, str, str, str, float, float]] = {
    "office": ("1.120.1.", 4, 1221, "Telstra Limited", "AU", "Sydney", -33.8688, 151.2093),
    "home_telstra": ("58.160.1.", 200, 1221, "Telstra Limited", "AU", "Sydney", -33.87, 151.21),
    "home_optus": ("1.40.1.", 200, 4804, "SingTel Optus Pty Ltd", "AU", "Sydney", -33.80, 151.0),
    "home_tpg": ("14.200.1.", 200, 7545, "TPG Internet Pty Ltd", "AU", "Sydney", -33.92, 151.1),
    "home_abb": (
        "43.247.65.",
        200,
        4764,
        "Wideband Networks Pty Ltd",
        "AU",
        "Melbourne",
        -37.81,
        144.96,
    ),
    "msp_brisbane": ("27.106.201.", 6, 4826, "VOCUS PTY LTD", "AU", "Brisbane", -27.47, 153.02),
    "msp_manila": (
        "112.199.1.",
        6,
        9658,
        "Eastern Telecommunications Philippines, Inc.",
        "PH",
        "Manila",
        14.5995,
        120.9842,
    ),
    "auditor": ("60.224.1.", 8, 1221, "Telstra Limited", "AU", "Melbourne", -37.8136, 144.9631),
    "github": ("20.37.1.", 250, 8075, "Microsoft Corporation", "US", "San Antonio", 29.42, -98.49),
    # attackers
    "do_vps": ("24.144.65.", 250, 14061, "DigitalOcean, LLC", "US", "Santa Clara", 37.35, -121.95),
    "vultr_vps": (
        "5.102.113.",
        250,
        20473,
        "The Constant Company, LLC",
        "SG",
        "Singapore",
        1.29,
        103.85,
    ),
    "ovh_vps": ("5.39.1.", 250, 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
    "m247": ("2.57.69.", 250, 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    "hetzner": ("5.9.1.", 250, 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37),
    "viettel": ("27.64.1.", 250, 7552, "Viettel Group", "VN", "Hanoi", 21.03, 105.85),
    "frantech": (
        "104.244.73.",
        250,
        53667,
        "FranTech Solutions",
        "LU",
        "Luxembourg",
        49.61,
        6.13,
    ),
    # AWS addresses (inside the published EC2 ranges on purpose)
    "aws_syd": ("13.236.", 65000, 16509, "Amazon.com, Inc.", "AU", "Sydney", -33.87, 151.2),
    "aws_syd2": ("3.104.", 65000, 16509, "Amazon.com, Inc.", "AU", "Sydney", -33.87, 151.2),
    "aws_mel": ("16.50.", 65000, 16509, "Amazon.com, Inc.", "AU", "Melbourne", -37.81, 144.96),
    "aws_use1": ("52.4.", 65000, 16509, "Amazon.com, Inc.", "US", "Ashburn", 39.04, -77.49),
}
OUTSIDE_AWS = [n for n in NETWORKS if not n.startswith("aws_")]
# the NAT gateways' Elastic IPs of prod and staging (functions in a VPC leave through them)
NAT = {"prod": ("13.236.41.17", "13.236.77.203"), "staging": ("3.104.12.88",)}

# clients
CLI_MAC = "aws-cli/2.17.{v} md/awscrt#0.20.11 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CLI_WIN = "aws-cli/2.18.{v} md/awscrt#0.21.2 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CLI_LINUX = "aws-cli/2.15.{v} Python/3.11.8 Linux/6.5.0-1025-azure exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
TF = "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.68.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.5 ua/2.1 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/{svc}#1.{v}.0"
GHA_STS = "aws-sdk-js/3.654.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.17.0 api/sts#3.654.0 configure-aws-credentials-for-github-actions"
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36"
BROWSER_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0"
LAMBDA_NODE = "aws-sdk-js/3.621.0 ua/2.0 os/linux#5.10.224-233.876.amzn2.x86_64 lang/js md/nodejs#18.20.4 api/{svc}#3.621.0 exec-env/AWS_Lambda_nodejs18.x"
LAMBDA_NODE20 = "aws-sdk-js/3.662.0 ua/2.1 os/linux#5.10.226-234.878.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/{svc}#3.662.0 exec-env/AWS_Lambda_nodejs20.x"
LAMBDA_PY = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.224-233.876.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
GLUE = "aws-sdk-java/1.12.733 Linux/5.10.225-213.878.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/25.422-b05 java/1.8.0_422 scala/2.12.18 vendor/Red_Hat,_Inc. cfg/retry-mode/legacy exec-env/AWS_Glue"
VENDOR = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)"
LEGACY_JAVA = "aws-sdk-java/1.11.1034 Linux/3.10.0-1160.119.1.el7.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b08 java/1.8.0_412 vendor/Red_Hat,_Inc. cfg/retry-mode/legacy"
BOTO_MAC = "Boto3/1.35.30 md/Botocore#1.35.30 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.30"

# attackers' clients
ATK_BOTO = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
ATK_CLI_KALI = (
    "aws-cli/2.13.25 Python/3.11.5 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/{cmd}"
)
ATK_CLI_UBU = "aws-cli/1.34.20 md/Botocore#1.35.20 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.35.20"
ATK_GO = "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.30.3"

# people in IAM Identity Center: (user, permission set, home network, accounts they work in,
# client mix "cli"/"console"/"both", team)
PEOPLE: list[tuple[str, str, str, tuple[str, ...], str, str]] = [
    (
        "mia.tran",
        "PlatformAdmin",
        "home_telstra",
        ("prod", "staging", "shared", "data"),
        "both",
        "platform",
    ),
    (
        "oliver.kaur",
        "PlatformAdmin",
        "home_optus",
        ("prod", "staging", "shared", "management"),
        "cli",
        "platform",
    ),
    (
        "isla.nguyen",
        "PlatformAdmin",
        "home_tpg",
        ("staging", "shared", "log-archive"),
        "both",
        "platform",
    ),
    ("jack.williams", "Developer", "home_abb", ("staging", "sandbox"), "cli", "payments"),
    ("ava.chen", "Developer", "home_telstra", ("staging", "sandbox", "prod"), "both", "payments"),
    ("noah.smith", "Developer", "home_optus", ("staging", "sandbox"), "console", "payments"),
    ("zoe.patel", "Developer", "home_tpg", ("staging", "sandbox"), "both", "insights"),
    ("leo.brown", "Developer", "home_abb", ("sandbox", "staging"), "cli", "insights"),
    ("ruby.jones", "DataAnalyst", "home_telstra", ("prod",), "console", "data"),
    ("henry.martin", "DataAnalyst", "home_optus", ("prod", "data"), "both", "data"),
    (
        "grace.lee",
        "SecurityAudit",
        "home_tpg",
        ("audit", "log-archive", "prod"),
        "console",
        "security",
    ),
    ("ethan.wilson", "SecurityAudit", "home_telstra", ("audit", "management"), "both", "security"),
    ("chloe.taylor", "BillingViewer", "home_abb", ("management",), "console", "finance"),
    (
        "sam.roberts",
        "PlatformAdmin",
        "home_telstra",
        ("prod", "staging", "audit"),
        "cli",
        "platform",
    ),
]
MSP_ENGINEERS = [
    ("kwalker", "msp_brisbane"),
    ("rdelacruz", "msp_manila"),
    ("jsantos", "msp_manila"),
    ("tmoore", "msp_brisbane"),
]
MSP_NEW_ENGINEER = ("pbautista", "msp_manila")
MSP_ROLE = "SCCO-ManagedOps"  # the MSP's role in prod, staging and shared
AUDITOR = ("harriet.kemp@assure-partners.com.au", "ExternalAuditReadOnly", "auditor")

# Lambda functions: account -> [(function, role, runtime "node"/"py", in VPC, services)]
FUNCTIONS: dict[str, list[tuple[str, str, str, bool, tuple[str, ...]]]] = {
    "prod": [
        (
            "payments-authorise",
            "payments-api-lambda",
            "node",
            True,
            ("dynamodb", "kms", "secretsmanager", "sqs"),
        ),
        ("payments-capture", "payments-api-lambda", "node", True, ("dynamodb", "kms", "sqs")),
        (
            "payments-webhook",
            "payments-webhook-lambda",
            "node",
            False,
            ("dynamodb", "secretsmanager", "events"),
        ),
        (
            "merchant-onboarding",
            "merchant-lambda",
            "node",
            False,
            ("dynamodb", "s3", "ses", "stepfunctions"),
        ),
        ("settlement-batch", "settlement-lambda", "py", True, ("dynamodb", "s3", "kms")),
        ("fx-rates-refresh", "fx-rates-lambda", "py", False, ("ssm", "dynamodb")),
        ("chargeback-intake", "chargeback-lambda", "node", False, ("dynamodb", "sqs", "s3")),
        ("ledger-projector", "ledger-lambda", "node", True, ("dynamodb", "kms")),
        ("notify-dispatch", "notify-lambda", "py", False, ("sqs", "secretsmanager")),
        ("insights-summarise", "insights-lambda", "py", False, ("dynamodb", "s3")),
    ],
    "staging": [
        (
            "payments-authorise",
            "payments-api-lambda",
            "node",
            True,
            ("dynamodb", "kms", "secretsmanager", "sqs"),
        ),
        (
            "payments-webhook",
            "payments-webhook-lambda",
            "node",
            False,
            ("dynamodb", "secretsmanager"),
        ),
        (
            "merchant-onboarding",
            "merchant-lambda",
            "node",
            False,
            ("dynamodb", "s3", "stepfunctions"),
        ),
        ("settlement-batch", "settlement-lambda", "py", True, ("dynamodb", "s3", "kms")),
        ("insights-summarise", "insights-lambda", "py", False, ("dynamodb", "s3")),
        ("fx-rates-refresh", "fx-rates-lambda", "py", False, ("ssm", "dynamodb")),
    ],
}

# per service: (eventSource, [(eventName, weight, data event?)])
CALLS: dict[str, tuple[str, list[tuple[str, int, bool]]]] = {
    "dynamodb": (
        "dynamodb.amazonaws.com",
        [
            ("GetItem", 6, True),
            ("PutItem", 3, True),
            ("Query", 4, True),
            ("UpdateItem", 2, True),
            ("DescribeTable", 1, False),
        ],
    ),
    "kms": ("kms.amazonaws.com", [("Decrypt", 4, False), ("GenerateDataKey", 2, False)]),
    "secretsmanager": ("secretsmanager.amazonaws.com", [("GetSecretValue", 1, False)]),
    "sqs": (
        "sqs.amazonaws.com",
        [("SendMessage", 3, True), ("ReceiveMessage", 2, True), ("DeleteMessage", 2, True)],
    ),
    "events": ("events.amazonaws.com", [("PutEvents", 2, False)]),
    "s3": ("s3.amazonaws.com", [("GetObject", 3, True), ("PutObject", 2, True)]),
    "ses": ("ses.amazonaws.com", [("GetSendQuota", 1, False)]),
    "stepfunctions": ("states.amazonaws.com", [("StartExecution", 1, False)]),
    "ssm": ("ssm.amazonaws.com", [("GetParameter", 3, False), ("GetParameters", 1, False)]),
}
