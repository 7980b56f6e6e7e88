"""Fjordlaks Havbruk AS: who is in the organisation, where they call from and with what.

A salmon farmer and seafood exporter on the Norwegian coast (head office in Bergen, farm sites
off Hitra and Frøya, a sales office in Tokyo). Everything here is a constant or derived from the
seed's random generator by the caller: accounts, regions, the address blocks each operator owns
(taken from the bundled IP-to-ASN table and AWS's ip-ranges.json when this suite was written),
the people and the user agents their tools write.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass

ORG_ID = "o-f7kq2lzx9m"
MGMT = "310742958163"  # management: Identity Center, Organizations
PROD = "508913276440"  # production: IoT, Timestream, SageMaker, export documents, booking API
ERP = "622481907315"  # SAP ERP on EC2
JAPAN = "794130568826"  # Fjordlaks Japan KK, created on the third scored day
SAP_PARTNER = "187455320961"  # the SAP partner's own account
MATTILSYNET = "455102873390"  # the Norwegian Food Safety Authority's account
LOGISTICS = "903311874520"  # the air-freight forwarder's account (not used directly)

HOME = "eu-north-1"
REGIONS = {
    MGMT: ("us-east-1", "eu-north-1"),
    PROD: ("eu-north-1", "eu-west-1", "us-east-1"),
    ERP: ("eu-north-1", "us-east-1"),
    JAPAN: ("ap-northeast-1", "us-east-1"),
}
GLOBAL = "us-east-1"  # IAM, STS global endpoint, Organizations, sign-in

# the Identity Center instance lives in eu-north-1; its SAML provider in every member account
SSO_PROVIDER = "AWSSSO_4be1c7a2f0d39e61_DO_NOT_DELETE"
PERMISSION_SETS = {
    "AdministratorAccess": "5a1f0c9e2b7d4e13",
    "PowerUserAccess": "c83e20d1f94a6b72",
    "DataScience": "0e9b7f3a1c62d854",
    "ReadOnlyAccess": "b47d19e6a03c5f28",
    "SalesReporting": "71c3ad58e29f0b46",
}

TRAIL_BUCKET = "fjordlaks-org-cloudtrail"
DOCS_BUCKET = "fjordlaks-export-docs"  # health certificates: S3 data events on
IMAGES_BUCKET = "fjordlaks-pen-images"  # lice-count images from the pen cameras: data events on
TRAINING_BUCKET = "fjordlaks-feedopt-training"  # data events on

# (first address, last address, ASN, organisation, country, city, latitude, longitude)
Block = tuple[str, str, int, str, str, str, float, float]
BLOCKS: dict[str, Block] = {
    "telenor_bergen": (
        "84.53.0.0",
        "84.53.63.255",
        2119,
        "Telenor Norge AS",
        "NO",
        "Bergen",
        60.39,
        5.32,
    ),
    "telenor_hitra": (
        "148.118.0.0",
        "148.118.255.255",
        2119,
        "Telenor Norge AS",
        "NO",
        "Hitra",
        63.6,
        8.97,
    ),
    "telenor_senja": (
        "148.121.0.0",
        "148.121.255.255",
        2119,
        "Telenor Norge AS",
        "NO",
        "Finnsnes",
        69.23,
        17.98,
    ),
    "telia_trondheim": (
        "89.254.64.0",
        "89.254.127.255",
        25400,
        "Telia Norge AS",
        "NO",
        "Trondheim",
        63.43,
        10.39,
    ),
    "globalconnect_bergen": (
        "87.238.64.0",
        "87.238.71.255",
        2116,
        "GLOBALCONNECT AS",
        "NO",
        "Bergen",
        60.39,
        5.32,
    ),
    "lyse_stavanger": (
        "84.234.128.0",
        "84.234.255.255",
        29695,
        "Lyse Tele AS",
        "NO",
        "Stavanger",
        58.97,
        5.73,
    ),
    "starlink": (
        "148.222.192.0",
        "148.222.195.255",
        14593,
        "Space Exploration Technologies Corporation",
        "NO",
        "Oslo",
        59.91,
        10.75,
    ),
    "kddi_tokyo": (
        "113.144.0.0",
        "113.154.255.255",
        2516,
        "KDDI CORPORATION",
        "JP",
        "Tokyo",
        35.69,
        139.69,
    ),
    "ntt_tokyo": (
        "165.108.0.0",
        "165.108.255.255",
        4713,
        "NTT Communications Corporation",
        "JP",
        "Tokyo",
        35.69,
        139.69,
    ),
    "dtag_walldorf": (
        "168.222.64.0",
        "168.222.64.255",
        3320,
        "Deutsche Telekom AG",
        "DE",
        "Walldorf",
        49.31,
        8.64,
    ),
    "digitalocean": (
        "104.248.0.0",
        "104.248.255.255",
        14061,
        "DigitalOcean, LLC",
        "NL",
        "Amsterdam",
        52.37,
        4.9,
    ),
    "digitalocean_fra": (
        "146.185.128.0",
        "146.185.191.255",
        14061,
        "DigitalOcean, LLC",
        "DE",
        "Frankfurt am Main",
        50.11,
        8.68,
    ),
    "hetzner": (
        "159.69.0.0",
        "159.69.255.255",
        24940,
        "Hetzner Online GmbH",
        "DE",
        "Nuremberg",
        49.45,
        11.08,
    ),
    "ovh": ("80.87.206.0", "80.87.206.255", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
    "m247": (
        "84.32.228.0",
        "84.32.229.255",
        9009,
        "M247 Europe SRL",
        "NL",
        "Amsterdam",
        52.37,
        4.9,
    ),
    "frantech": (
        "45.61.191.0",
        "45.61.191.255",
        53667,
        "FranTech Solutions",
        "LU",
        "Luxembourg",
        49.61,
        6.13,
    ),
    "chinanet": (
        "61.166.152.0",
        "61.166.154.255",
        4134,
        "Chinanet",
        "CN",
        "Kunming",
        25.04,
        102.71,
    ),
    "linode": (
        "85.159.208.0",
        "85.159.215.255",
        63949,
        "Akamai Technologies, Inc.",
        "GB",
        "London",
        51.51,
        -0.13,
    ),
    "azure_github": (
        "20.0.0.0",
        "20.31.255.255",
        8075,
        "Microsoft Corporation",
        "US",
        "San Antonio",
        29.42,
        -98.49,
    ),
    "telia_oslo_proxy": (
        "89.254.96.0",
        "89.254.127.255",
        25400,
        "Telia Norge AS",
        "NO",
        "Oslo",
        59.91,
        10.75,
    ),
}
# AWS addresses: EC2 prefixes of ip-ranges.json in each region (MaxMind names them Amazon)
AWS_BLOCKS: dict[str, tuple[str, str, str, float, float]] = {
    "eu-north-1": ("13.48.0.0/15", "SE", "Stockholm", 59.33, 18.07),
    "eu-west-1": ("34.240.0.0/13", "IE", "Dublin", 53.34, -6.27),
    "ap-northeast-1": ("43.206.0.0/15", "JP", "Tokyo", 35.69, 139.69),
    "eu-central-1": ("18.196.0.0/15", "DE", "Frankfurt am Main", 50.11, 8.68),
    "us-east-1": ("44.192.0.0/11", "US", "Ashburn", 39.04, -77.49),
    "sa-east-1": ("54.233.0.0/16", "BR", "São Paulo", -23.55, -46.63),
}
AMAZON = (16509, "AMAZON-02")


class Addresses:
    """Addresses drawn (without repeats) from the blocks, remembered for the GeoIP files."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[str, tuple[int, str, str, str, float, float]] = {}

    def take(self, block: str) -> str:
        if block.startswith("aws:"):
            net, country, city, lat, lon = AWS_BLOCKS[block[4:]]
            network = ipaddress.ip_network(net)
            first, last = int(network.network_address) + 1, int(network.broadcast_address) - 1
            geo = (AMAZON[0], AMAZON[1], country, city, lat, lon)
        else:
            lo, hi, asn, org, country, city, lat, lon = BLOCKS[block]
            first, last = int(ipaddress.ip_address(lo)) + 1, int(ipaddress.ip_address(hi)) - 1
            geo = (asn, org, country, city, lat, lon)
        while True:
            address = str(ipaddress.ip_address(self.rng.randint(first, last)))
            if address not in self.used and not address.endswith((".0", ".255")):
                self.used[address] = geo
                return address


@dataclass(frozen=True)
class Person:
    """Someone who signs in through Identity Center (Google Workspace is the identity source)."""

    email: str
    permission_set: str
    account: str  # the account they work in
    office: str  # address block of their usual network
    region: str
    role: str  # what they do: it, data, ops, sales, finance
    cli: bool  # also uses the CLI / SDK through `aws sso login`
    hours: tuple[int, int]  # local working hours (UTC+1 in Norway, UTC+9 in Tokyo)


PEOPLE = (
    Person(
        "kari.nordhus@fjordlaks.no",
        "AdministratorAccess",
        PROD,
        "telenor_bergen",
        HOME,
        "it",
        True,
        (7, 16),
    ),
    Person(
        "ole.brekke@fjordlaks.no",
        "AdministratorAccess",
        ERP,
        "telenor_bergen",
        HOME,
        "it",
        True,
        (7, 16),
    ),
    Person(
        "sindre.vik@fjordlaks.no",
        "PowerUserAccess",
        PROD,
        "telia_trondheim",
        HOME,
        "it",
        True,
        (8, 17),
    ),
    Person(
        "ingrid.solberg@fjordlaks.no",
        "DataScience",
        PROD,
        "lyse_stavanger",
        "eu-west-1",
        "data",
        True,
        (8, 17),
    ),
    Person(
        "magnus.haugen@fjordlaks.no",
        "DataScience",
        PROD,
        "telenor_bergen",
        "eu-west-1",
        "data",
        True,
        (9, 18),
    ),
    Person(
        "liv.aasen@fjordlaks.no",
        "ReadOnlyAccess",
        PROD,
        "telenor_hitra",
        HOME,
        "ops",
        False,
        (6, 15),
    ),
    Person(
        "trond.moe@fjordlaks.no",
        "ReadOnlyAccess",
        PROD,
        "telenor_hitra",
        HOME,
        "ops",
        False,
        (6, 14),
    ),
    Person(
        "hanne.lund@fjordlaks.no",
        "ReadOnlyAccess",
        ERP,
        "telenor_bergen",
        HOME,
        "finance",
        False,
        (8, 16),
    ),
    Person(
        "yuki.tanaka@fjordlaks.jp",
        "SalesReporting",
        PROD,
        "kddi_tokyo",
        HOME,
        "sales",
        False,
        (0, 9),
    ),
    Person(
        "kenji.sato@fjordlaks.jp", "SalesReporting", PROD, "ntt_tokyo", HOME, "sales", True, (0, 9)
    ),
)
OPTIONAL_PEOPLE = (  # joined at larger scales
    Person(
        "eirik.dahl@fjordlaks.no",
        "ReadOnlyAccess",
        PROD,
        "telenor_hitra",
        HOME,
        "ops",
        False,
        (6, 15),
    ),
    Person(
        "marte.strand@fjordlaks.no",
        "ReadOnlyAccess",
        ERP,
        "globalconnect_bergen",
        HOME,
        "finance",
        False,
        (8, 16),
    ),
    Person(
        "anders.berg@fjordlaks.no",
        "PowerUserAccess",
        ERP,
        "telenor_bergen",
        HOME,
        "it",
        True,
        (7, 16),
    ),
)

# user agents as the tools write them
UA_CONSOLE = "AWS Internal"
UA_BROWSER_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
UA_BROWSER_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
UA_CLI_MAC = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
UA_CLI_WIN = "aws-cli/2.21.3 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
UA_CLI_LINUX = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
UA_BOTO_NOTEBOOK = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython exec-env/AWS_SageMaker_Notebook cfg/retry-mode#legacy Botocore/1.35.36"
UA_BOTO_TRAINING = "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131 sagemaker-training-toolkit"
UA_LAMBDA_NODE = "aws-sdk-js/3.679.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/s3#3.679.0 exec-env/AWS_Lambda_nodejs20.x"
UA_ECS_PY = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.35.54"
UA_SAP_JAVA = "aws-sdk-java/1.12.772 Linux/5.14.21-150500.55.83-default OpenJDK_64-Bit_Server_VM/25.422-b05 java/1.8.0_422 vendor/SAP_SE cfg/retry-mode/standard"
UA_SSM = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0"
UA_GATEWAY = "aws-sdk-cpp/1.11.420 Linux/6.1.77-v8 aarch64 GCC/12.2.0 md/aws-crt#0.29.9 fjordlaks-pencam/4.2.1"
UA_LAB = "aws-sdk-dotnet-coreclr/3.7.400.46 .NET_Core/8.0.10 OS/Microsoft_Windows_10.0.17763 ClientAsync Labvantage-Export/2.3"
UA_REPORT = "Boto3/1.26.137 Python/3.9.2 Linux/5.10.0-23-amd64 Botocore/1.29.137"
UA_PARTNER = "aws-cli/2.15.40 Python/3.11.8 Linux/5.15.0-1061-aws exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
UA_MATTILSYNET = "aws-sdk-java/2.28.16 Linux/5.15.167.4-microsoft-standard-WSL2 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/legacy"
UA_GITHUB = "aws-sdk-js/3.677.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.0 api/sts#3.677.0 configure-aws-credentials-for-github-actions"
UA_GITHUB_CLI = "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}"
UA_CONFIG = "config.amazonaws.com"
# what attackers' tools write
UA_PACU = "aws-cli/1.16.301 Python/3.7.5 Linux/4.19.76-linuxkit botocore/1.13.37"
UA_BOTO_KALI = "Boto3/1.35.20 md/Botocore#1.35.20 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.20"
UA_TRUFFLE = "aws-sdk-go/1.44.327 (go1.21.1; linux; amd64)"
UA_S3_BROWSER = "S3 Browser/12.1.1 https://s3browser.com"
UA_RCLONE = "rclone/v1.68.1"
