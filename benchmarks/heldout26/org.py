"""Skellig Cloudworks: who is in the organisation, where they call from and with what client.

A managed service provider with offices in Galway and Kraków runs about thirty customers' AWS
accounts from two accounts of its own: ``identity`` (its AWS Organizations management account,
where IAM Identity Center signs its engineers in) and ``automation`` (the runbook Lambda
functions, SSM Automation's administration role and the patching fleet's maintenance windows).
Every customer account holds two roles the MSP assumes with an external ID
(``SkelligAutomation`` for the runbooks, ``SkelligOperator`` for engineers), the customer's own
workloads (EC2 fleets, Lambda, ECS tasks) and its own staff (IAM users' keys, SAML console).

Everything here is plain data drawn from one ``random.Random``: the generator imports nothing
from ``ueba``.
"""

from __future__ import annotations

import ipaddress
import random
import string
from dataclasses import dataclass, field

HOME, CENTRAL, GLOBAL = "eu-west-1", "eu-central-1", "us-east-1"
REGIONS = (HOME, CENTRAL, GLOBAL)

IDENTITY_ACCOUNT = "318274659021"
AUTOMATION_ACCOUNT = "527381946032"

# (name, asn, as_org, country, city, lat, lon, network)
NETWORKS: dict[str, tuple[int, str, str, str, float, float, str]] = {
    "galway_office": (5466, "Eircom Limited", "IE", "Galway", 53.27, -9.05, "86.43.112.0/24"),
    "krakow_office": (
        5617,
        "Orange Polska Spolka Akcyjna",
        "PL",
        "Krakow",
        50.06,
        19.94,
        "83.24.96.0/24",
    ),
    "ie_home": (6830, "Liberty Global B.V.", "IE", "Galway", 53.27, -9.05, "89.101.0.0/16"),
    "pl_home": (12741, "Netia SA", "PL", "Krakow", 50.06, 19.94, "83.238.0.0/16"),
    "pl_home_play": (39603, "P4 Sp. z o.o.", "PL", "Krakow", 50.06, 19.94, "5.184.0.0/16"),
    "dublin_customer": (5466, "Eircom Limited", "IE", "Dublin", 53.35, -6.26, "86.44.0.0/16"),
    "cork_customer": (
        15502,
        "Vodafone Ireland Limited",
        "IE",
        "Cork",
        51.9,
        -8.47,
        "109.76.0.0/16",
    ),
    "munich_customer": (3320, "Deutsche Telekom AG", "DE", "Munich", 48.14, 11.58, "79.200.0.0/16"),
    "warsaw_customer": (
        5617,
        "Orange Polska Spolka Akcyjna",
        "PL",
        "Warsaw",
        52.23,
        21.01,
        "83.10.0.0/16",
    ),
    "wroclaw_customer": (12741, "Netia SA", "PL", "Wroclaw", 51.11, 17.03, "83.238.128.0/17"),
    "london_customer": (
        2856,
        "British Telecommunications PLC",
        "GB",
        "London",
        51.51,
        -0.13,
        "81.132.0.0/16",
    ),
    "vegas_hotel": (
        22773,
        "Cox Communications Inc.",
        "US",
        "Las Vegas",
        36.17,
        -115.14,
        "68.108.0.0/16",
    ),
    "audit_saas": (16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17, "51.68.0.0/16"),
    # the attackers' networks
    "vps_nl": (9009, "M247 Europe SRL", "NL", "Amsterdam", 52.37, 4.9, "185.107.56.0/24"),
    "vps_de": (24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37, "88.198.40.0/24"),
    "vps_us": (14061, "DIGITALOCEAN-ASN", "US", "Clifton", 40.86, -74.16, "164.90.128.0/18"),
    "residential_proxy_ie": (
        15502,
        "Vodafone Ireland Limited",
        "IE",
        "Limerick",
        52.66,
        -8.63,
        "109.78.0.0/16",
    ),
    "tor_exit": (
        60729,
        "Stiftung Erneuerbare Freiheit",
        "DE",
        "Berlin",
        52.52,
        13.4,
        "185.220.101.0/24",
    ),
    "vps_sg": (14061, "DIGITALOCEAN-ASN", "SG", "Singapore", 1.29, 103.85, "128.199.96.0/20"),
}
# addresses inside the bundled ip-ranges.json EC2 prefixes of each region
AWS_EC2 = {
    HOME: ("54.74.0.0/15", "63.32.0.0/14"),
    CENTRAL: ("18.192.0.0/15", "63.176.0.0/14"),
    GLOBAL: ("52.4.0.0/14", "50.16.0.0/15"),
}
AMAZON = (16509, "AMAZON-02")
AWS_CITY = {
    HOME: ("IE", "Dublin", 53.34, -6.26),
    CENTRAL: ("DE", "Frankfurt am Main", 50.11, 8.68),
    GLOBAL: ("US", "Ashburn", 39.04, -77.49),
}
THREAT_NETWORKS = ("185.220.101.0/24",)  # the Tor exit range the MSP's SOC feed lists

CUSTOMER_NAMES = (
    "ballyhale-dairies",
    "corrib-credit-union",
    "lisnagry-logistics",
    "wawel-insurance",
    "bavaria-pumpen",
    "shannon-medtech",
    "vistula-retail",
    "liffey-legal",
    "odra-energia",
    "burren-travel",
    "tatra-games",
    "clare-council-housing",
    "mazury-foods",
    "kinsale-marine",
    "slask-steel",
    "achill-analytics",
    "gdansk-port-services",
    "wicklow-media",
)
CUSTOMER_OFFICES = (
    "dublin_customer",
    "cork_customer",
    "munich_customer",
    "warsaw_customer",
    "wroclaw_customer",
    "london_customer",
)


def key(rng: random.Random, prefix: str = "ASIA") -> str:
    return prefix + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))


def uid(rng: random.Random, prefix: str, n: int = 17) -> str:
    return prefix + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def account_id(rng: random.Random) -> str:
    return str(rng.randint(100000000000, 999999999999))


def host(rng: random.Random, network: str) -> str:
    net = ipaddress.ip_network(NETWORKS[network][6])
    return str(net[rng.randint(2, net.num_addresses - 3)])


def aws_ip(rng: random.Random, region: str) -> str:
    net = ipaddress.ip_network(rng.choice(AWS_EC2[region]))
    return str(net[rng.randint(256, net.num_addresses - 257)])


# user agents as the SDKs and consoles write them
CLI = "aws-cli/{v} md/awscrt#0.22.0 ua/2.0 os/{os} md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CONSOLE_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
MAC_CONSOLE_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
LAMBDA_PY39 = "Boto3/1.26.90 md/Botocore#1.29.90 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython exec-env/AWS_Lambda_python3.9 cfg/retry-mode#legacy Botocore/1.29.90"
LAMBDA_PY312 = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.36"
LAMBDA_NODE = "aws-sdk-js/3.645.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/{svc}#3.645.0 exec-env/AWS_Lambda_nodejs20.x"
SSM_AGENT = "aws-sdk-go/1.44.334 (go1.22.5; linux; amd64) amazon-ssm-agent/3.3.987.0"
CW_AGENT = "aws-sdk-go/1.48.6 (go1.22.8; linux; amd64) CWAgent/1.300044.0 (go1.22.8; linux; amd64)"
APP_JAVA = "aws-sdk-java/2.25.60 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS Java/17.0.12 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy"
APP_PY = "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144"
APP_PY_NEW = "Boto3/1.35.71 md/Botocore#1.35.71 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.13.0 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.71"
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.75.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/{svc}#1.0"
PROWLER = "APN/1.0 Prowler/4.5.0 Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#6.8.0-1017-aws md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.40"
KALI_CLI = "aws-cli/2.17.40 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython md/distrib#kali.2024 cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
PACU = "Boto3/1.34.150 md/Botocore#1.34.150 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.150"
S3_BROWSER = "S3 Browser/11.5.7 https://s3browser.com"
RCLONE = "rclone/v1.68.1"

OS_WIN, OS_MAC, OS_LINUX = "windows#10", "macos#23.6.0", "linux#6.8.0-49-generic"


# what engineers do in a customer account through SkelligOperator
OPERATOR_CALLS = (
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("cloudwatch.amazonaws.com", "DescribeAlarms"),
    ("logs.amazonaws.com", "FilterLogEvents"),
    ("ssm.amazonaws.com", "DescribeInstanceInformation"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
    ("backup.amazonaws.com", "ListBackupJobs"),
    ("ssm.amazonaws.com", "GetCommandInvocation"),
    ("ec2.amazonaws.com", "DescribeVolumes"),
    ("elasticloadbalancing.amazonaws.com", "DescribeTargetHealth"),
)
OPERATOR_WRITES = (
    ("ssm.amazonaws.com", "StartSession"),
    ("ec2.amazonaws.com", "RebootInstances"),
    ("cloudwatch.amazonaws.com", "PutMetricAlarm"),
    ("ec2.amazonaws.com", "CreateTags"),
)


@dataclass
class Engineer:
    name: str  # the Identity Center user name
    office: str
    home: str
    os: str
    cli: str
    sso_role_id: str
    customers: list[str] = field(default_factory=list)  # the accounts they mostly work on
    ips: dict[str, str] = field(default_factory=dict)


@dataclass
class Instance:
    instance_id: str
    ip: str
    region: str


@dataclass
class Customer:
    name: str
    account: str
    region: str
    office: str
    office_ips: list[str]
    role_ids: dict[str, str]
    external_id: str
    instances: list[Instance]
    fleet_role: str
    nat_ips: list[str]
    functions: list[str]
    tasks: int
    users: list[tuple[str, str, str]]  # (user name, key, agent)
    console_people: list[str]
    joins: int = (
        0  # index of the day the account joins the organisation's trail (0: from the start)
    )
    offboarded: int | None = None  # index of the day the MSP's roles were deleted


def engineers(rng: random.Random, n: int) -> list[Engineer]:
    galway = (
        "aoife.brennan",
        "cian.mcgrath",
        "niamh.fahy",
        "eoin.kelly",
        "saoirse.hynes",
        "declan.walsh",
    )
    krakow = (
        "kasia.nowak",
        "piotr.zielinski",
        "magda.wojcik",
        "tomasz.lis",
        "ola.kaminska",
        "bartek.mazur",
    )
    out = []
    for i in range(n):
        pl = i % 2 == 1
        name = (krakow if pl else galway)[i // 2 % 6]
        os_ = rng.choice((OS_WIN, OS_MAC, OS_LINUX))
        version = rng.choice(("2.22.4", "2.22.10", "2.21.3"))
        e = Engineer(
            name=f"{name}@skellig.cloud",
            office="krakow_office" if pl else "galway_office",
            home=rng.choice(("pl_home", "pl_home_play")) if pl else "ie_home",
            os=os_,
            cli=CLI.replace("{v}", version).replace("{os}", os_),
            sso_role_id=uid(rng, "AROA"),
        )
        e.ips = {"office": host(rng, e.office), "home": host(rng, e.home)}
        out.append(e)
    return out


def customer(rng: random.Random, name: str, *, joins: int = 0) -> Customer:
    region = rng.choice((HOME, HOME, CENTRAL))
    office = rng.choice(CUSTOMER_OFFICES)
    n = rng.randint(3, 6)
    nat = [aws_ip(rng, region)]
    instances = [
        Instance(uid(rng, "i-0", 16).lower(), rng.choice((aws_ip(rng, region), nat[0])), region)
        for _ in range(n)
    ]
    users = []
    for u in rng.sample(
        ("deploy-ci", "backup-sync", "finance-export", "dev-jan", "dev-marta", "ops-liam"),
        rng.randint(1, 3),
    ):
        agent = rng.choice(
            (CLI.replace("{v}", "2.19.1").replace("{os}", OS_WIN), TERRAFORM, APP_PY)
        )
        users.append((u, key(rng, "AKIA"), agent))
    return Customer(
        name=name,
        account=account_id(rng),
        region=region,
        office=office,
        office_ips=[host(rng, office) for _ in range(2)],
        role_ids={
            r: uid(rng, "AROA")
            for r in (
                "SkelligAutomation",
                "SkelligOperator",
                "fleet",
                "lambda",
                "ecs",
                "saml",
                "config",
                "autoscaling",
                "ssm-exec",
                "legacy",
            )
        },
        external_id=f"skellig-{rng.randint(10**7, 10**8 - 1)}",
        instances=instances,
        fleet_role=f"{name.split('-')[0]}-app-ec2",
        nat_ips=nat,
        functions=[
            f"{name.split('-')[0]}-{f}"
            for f in rng.sample(
                ("invoice-render", "s3-thumbnail", "nightly-report", "webhook-relay"), 2
            )
        ],
        tasks=rng.randint(1, 3),
        users=users,
        console_people=[
            f"{p}@{name}.example"
            for p in rng.sample(("mary", "sean", "agata", "klaus", "ewa", "ronan"), 2)
        ],
        joins=joins,
    )
