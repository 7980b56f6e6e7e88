"""Karabatak Reklam Teknolojileri A.S. (Istanbul): a programmatic advertising exchange. Its
accounts, the networks its people, workloads, vendors and attackers call from (every one of
them written into the suite's GeoIP test databases), and the names its principals carry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ORG_ID = "o-k4r4b4t4k1"
DOMAIN = "karabatak.com.tr"

MANAGEMENT = "481920374615"
BIDDER = "592031847260"  # the real-time bidder: ECS on EC2, Lambda, GitLab deploys
DATA = "603142958371"  # the data lake: EMR, Athena, Glue, the reporting bucket
SECURITY = "714253069482"  # GuardDuty delegated admin, Config aggregator, log archive
GULF = "825364170593"  # the Gulf bidder, created on the third scored slot in me-central-1
ACCOUNTS = (MANAGEMENT, BIDDER, DATA, SECURITY, GULF)
ACCOUNT_NAMES = {
    MANAGEMENT: "karabatak-management",
    BIDDER: "karabatak-bidder-prod",
    DATA: "karabatak-data",
    SECURITY: "karabatak-security",
    GULF: "karabatak-gulf-bidder",
}
HOME = "eu-central-1"
GULF_REGION = "me-central-1"
GLOBAL = "us-east-1"  # IAM, STS global endpoint, Organizations, sign-in, Cost Explorer

DATADOG_ACCOUNT = "464622532012"  # the monitoring vendor's integration account
VERIFY_ACCOUNT = "309471862253"  # Tallis Verify, the ad-verification partner
LUMORA_ACCOUNT = "518802447316"  # Lumora Brand Safety, onboarded during the scored days
ATTACKER_ACCOUNT = "937265110482"  # another AWS account (A2's EC2, A8's backdoor)

# Turkey is UTC+3 all year: office hours 09:00-19:00 local are 06:00-16:00 UTC
LOCAL_OFFSET = dt.timedelta(hours=3)
END = dt.date(2026, 12, 6)  # a Sunday


@dataclass(frozen=True)
class Net:
    cidr: str
    asn: int
    org: str
    country: str
    city: str


NETS: dict[str, Net] = {
    # AWS: the bidder's NAT gateways and Lambda's egress (eu-central-1), the Gulf NATs
    "nat_a": Net("18.192.40.0/24", 16509, "AMAZON-02", "DE", "Frankfurt am Main"),
    "nat_b": Net("18.194.77.0/24", 16509, "AMAZON-02", "DE", "Frankfurt am Main"),
    "nat_c": Net("35.156.20.0/24", 16509, "AMAZON-02", "DE", "Frankfurt am Main"),
    "nat_new": Net("52.28.10.0/24", 16509, "AMAZON-02", "DE", "Frankfurt am Main"),
    "lambda": Net("3.121.6.0/24", 16509, "AMAZON-02", "DE", "Frankfurt am Main"),
    "emr": Net("18.195.200.0/24", 16509, "AMAZON-02", "DE", "Frankfurt am Main"),
    "gulf_nat": Net("51.112.14.0/24", 16509, "AMAZON-02", "AE", "Abu Dhabi"),
    "gulf_other": Net("51.112.90.0/24", 16509, "AMAZON-02", "AE", "Abu Dhabi"),
    # vendors on AWS (us-east-1) and another account's EC2 (A2)
    "datadog": Net("52.4.180.0/24", 16509, "AMAZON-AES", "US", "Ashburn"),
    "verify": Net("54.208.100.0/24", 16509, "AMAZON-AES", "US", "Ashburn"),
    "lumora": Net("44.192.10.0/24", 16509, "AMAZON-AES", "US", "Ashburn"),
    "other_ec2": Net("52.5.33.0/24", 16509, "AMAZON-AES", "US", "Ashburn"),
    # GitLab.com SaaS runners on Google Cloud
    "gitlab": Net("34.74.90.0/24", 396982, "GOOGLE-CLOUD-PLATFORM", "US", "Moncks Corner"),
    # people: the Maslak office, homes and phones in Istanbul and Ankara
    "office": Net(
        "212.156.70.0/24", 34984, "Superonline Iletisim Hizmetleri A.S.", "TR", "Istanbul"
    ),
    "tt_home": Net("78.180.0.0/16", 9121, "Turk Telekomunikasyon Anonim Sirketi", "TR", "Istanbul"),
    "tt_ankara": Net("85.102.0.0/16", 9121, "Turk Telekomunikasyon Anonim Sirketi", "TR", "Ankara"),
    "vodafone": Net(
        "31.223.0.0/16", 15897, "Vodafone Net Iletisim Hizmetleri A.S.", "TR", "Istanbul"
    ),
    "turkcell": Net("188.119.0.0/17", 16135, "Turkcell Iletisim Hizmetleri A.S.", "TR", "Izmir"),
    # benign newcomers: Dubai hotel, the IR firm, the ISO auditor, the BI server's new host
    "dubai_hotel": Net(
        "94.200.0.0/16", 15802, "Emirates Integrated Telecommunications", "AE", "Dubai"
    ),
    "ir_firm": Net("145.131.0.0/16", 1136, "KPN B.V.", "NL", "Amsterdam"),
    "auditor": Net(
        "176.240.0.0/16", 34984, "Superonline Iletisim Hizmetleri A.S.", "TR", "Istanbul"
    ),
    "oncall_home": Net(
        "88.230.0.0/16", 9121, "Turk Telekomunikasyon Anonim Sirketi", "TR", "Kocaeli"
    ),
    # attackers
    "digitalocean": Net("167.99.0.0/16", 14061, "DIGITALOCEAN-ASN", "DE", "Frankfurt am Main"),
    "vultr": Net("45.77.0.0/16", 20473, "AS-CHOOPA", "NL", "Amsterdam"),
    "m247": Net("185.213.154.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest"),
    "tor": Net("185.220.101.0/24", 60729, "Stiftung Erneuerbare Freiheit", "DE", "Berlin"),
    "hetzner": Net("95.217.0.0/16", 24940, "Hetzner Online GmbH", "FI", "Helsinki"),
    "viettel": Net("171.224.0.0/12", 7552, "Viettel Group", "VN", "Hanoi"),
    "alibaba": Net("47.91.64.0/19", 45102, "Alibaba US Technology Co., Ltd.", "AE", "Dubai"),
    "contabo": Net("161.97.0.0/16", 51167, "Contabo GmbH", "DE", "Nuremberg"),
    "tt_proxy": Net("78.190.0.0/16", 9121, "Turk Telekomunikasyon Anonim Sirketi", "TR", "Bursa"),
    "ovh": Net("51.195.0.0/16", 16276, "OVH SAS", "FR", "Gravelines"),
}

# the threat list the run is configured with: Tor exits and a known SES-abuse host range
THREAT = ("185.220.101.0/24", "185.220.100.0/24", "193.189.100.0/24")

SSO_IDP = "arn:aws:iam::{account}:saml-provider/AWSSSO_5c1e2f0a9b7d3e41_DO_NOT_DELETE"
GITLAB_IDP = "gitlab.com"

# user agents
UA = {
    "cli_mac": "aws-cli/2.18.4 md/awscrt#0.21.5 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off",
    "cli_linux": "aws-cli/2.18.4 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0-1015-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe",
    "cli_new": "aws-cli/2.22.12 md/awscrt#0.23.4 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off",
    "console": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "console_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "go_bidder": "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 exec-env/AWS_ECS_EC2",
    "go_bidder_new": "aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#amd64 exec-env/AWS_ECS_EC2",
    "ecs_agent": "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) ecs-agent/1.88.0",
    "ssm_agent": "aws-sdk-go/1.55.5 (go1.22.6; linux; amd64) amazon-ssm-agent/3.3.1142.0",
    "lambda_py311": "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.226-236.875.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/AWS_Lambda_python3.11 cfg/retry-mode#legacy Botocore/1.34.84",
    "lambda_py313": "Boto3/1.35.74 md/Botocore#1.35.74 ua/2.0 os/linux#5.10.228-239.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.13.0 md/pyimpl#CPython exec-env/AWS_Lambda_python3.13 cfg/retry-mode#legacy Botocore/1.35.74",
    "emr": "aws-sdk-java/1.12.772 Linux/6.1.112-124.190.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS java/17.0.13 scala/2.12.18 vendor/Amazon.com_Inc. exec-env/AWS_EMR",
    "gitlab_cli": "aws-cli/2.18.4 md/awscrt#0.21.5 ua/2.0 os/linux#5.15.154+ md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/gitlab-ci cfg/retry-mode#standard md/installer#docker",
    "datadog": "aws-sdk-go/1.54.19 (go1.22.5; linux; amd64) datadog-aws-integration",
    "verify": "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache",
    "lumora": "Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/linux#6.1.115 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.70 lumora-scanner/4.2",
    "tableau": "aws-sdk-java/1.12.640 Windows_Server_2022/10.0 Java_HotSpot(TM)_64-Bit_Server_VM/25.401-b10 java/1.8.0_401 vendor/Oracle_Corporation AthenaJDBC/2.1.5 cfg/retry-mode/standard",
    "mailer": "Boto3/1.34.150 md/Botocore#1.34.150 ua/2.0 os/linux#5.15.0-118-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.150",
    "prowler": "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.76 prowler/5.0.2",
    "python_requests": "python-requests/2.32.3",
    "s3browser": "S3 Browser/12.1.5 https://s3browser.com",
    "boto_kali": "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54",
    "pacu": "aws-cli/1.36.9 Python/3.12.7 Linux/6.11.2-amd64 botocore/1.35.68",
}

PEOPLE = (  # (user, permission set, home network, hour offset, weekend worker)
    ("deniz.aksoy", "PlatformAdmin", "tt_home", 0, False),
    ("emre.yildiz", "PlatformAdmin", "vodafone", 1, True),
    ("selin.kaya", "DataAnalyst", "office", 0, False),
    ("burak.celik", "DataAnalyst", "tt_ankara", -1, False),
    ("zeynep.arslan", "DataAnalyst", "office", 1, False),
    ("mert.ozturk", "Developer", "office", 0, False),
    ("ayse.demir", "Developer", "turkcell", 2, False),
    ("can.sahin", "Developer", "tt_home", 0, True),
    ("elif.koc", "Finance", "office", 0, False),
    ("onur.aydin", "Security", "office", -1, False),
    ("gizem.polat", "DataAnalyst", "vodafone", 0, False),
    ("kerem.yilmaz", "Developer", "office", 1, False),
    ("tuba.erdem", "Developer", "tt_home", 0, False),
    ("baris.kurt", "PlatformAdmin", "office", -1, False),
    ("nazli.tan", "DataAnalyst", "office", 2, False),
    ("omer.aksu", "Developer", "turkcell", 0, False),
)
SETS = {  # permission set -> its role's suffix and where it is used
    "PlatformAdmin": ("7c2d9e1a4b3f5a60", (BIDDER, DATA, MANAGEMENT)),
    "DataAnalyst": ("1f8e3c5a7d2b9e04", (DATA,)),
    "Developer": ("9a4b6c2e8d1f3a75", (BIDDER,)),
    "Finance": ("3e5f7a9b1c2d4e86", (MANAGEMENT,)),
    "Security": ("5b7d9f1a3c5e7a92", (SECURITY, BIDDER, DATA)),
    "AnalyticsEngineer": ("6d8f0a2c4e6a8b13", (DATA,)),
    "IncidentResponse": ("8f0a2c4e6b8d0f24", (BIDDER, DATA, SECURITY)),
    "ReadOnlyAudit": ("0a2c4e6f8a0c2e35", (BIDDER, DATA, MANAGEMENT, SECURITY)),
}


def sso_role(account: str, pset: str) -> tuple[str, str]:
    """(role name, role ARN) of an Identity Center permission set in an account."""
    name = f"AWSReservedSSO_{pset}_{SETS[pset][0]}"
    return name, f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{HOME}/{name}"


def sso_principal(account: str, pset: str, user: str) -> str:
    """The principal a person's Identity Center session is learnt as."""
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(account, pset)[0]}/{user}@{DOMAIN}"


def role_arn(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def user_arn(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:user/{name}"
