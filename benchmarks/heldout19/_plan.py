"""Kurenai Mobility's organisation: accounts, networks, calendar and user agents.

A Japanese connected-car platform in Tokyo (``ap-northeast-1``) with Osaka (``ap-northeast-3``)
for disaster recovery; IAM, STS's global endpoint and SES calls land in ``us-east-1``.
Everything here is a constant: the per-seed draws are in the actor modules.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass

TOKYO, OSAKA, GLOBAL = "ap-northeast-1", "ap-northeast-3", "us-east-1"
JST = dt.timedelta(hours=9)

ACCOUNTS = {
    "connectivity": "318245670912",  # vehicle-connectivity production: IoT Core, fleet gateway
    "ota": "427761039285",  # OTA-update pipeline, signed firmware
    "telematics": "539920184476",  # Kinesis, Timestream, the telemetry lake
    "engineering": "641183027755",  # WorkSpaces, the SAML provider, GitHub OIDC
    "supplier": "752046618390",  # supplier-integration: cross-account roles for tier-1s
    "security": "863310472218",  # audit, Config aggregator
    "charging": "974452180663",  # EV charging network, vended on the second scored day
}
ORG_ID = "o-k7mobility1"
SUPPLIER_ACCOUNTS = {"kariya": "210987654321", "osaka": "381276540019", "tokai": "492615370884"}
OTHER_AWS_ACCOUNT = "660011223344"  # an account that is not the organisation's


@dataclass(frozen=True)
class Network:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


# every block outside AWS is a block the bundled IP-to-ASN table gives to that operator and
# lies outside every prefix of the bundled ip-ranges.json (tests/evaluate checks both)
NETWORKS: dict[str, Network] = {
    "office_tokyo": Network(
        "27.114.0.0/24", 4713, "NTT Communications Corporation", "JP", "Tokyo", 35.62, 139.74
    ),
    "office_nagoya": Network(
        "14.132.0.0/24",
        18126,
        "Chubu Telecommunications Company, Inc.",
        "JP",
        "Nagoya",
        35.17,
        136.88,
    ),
    "home_ntt": Network(
        "27.132.8.0/24", 4713, "NTT Communications Corporation", "JP", "Yokohama", 35.44, 139.64
    ),
    "home_kddi": Network("14.8.0.0/24", 2516, "KDDI CORPORATION", "JP", "Kawasaki", 35.53, 139.70),
    "home_jcom": Network("27.136.0.0/24", 9824, "JCOM Co., Ltd.", "JP", "Saitama", 35.86, 139.65),
    "supplier_kariya": Network(
        "14.137.235.0/24", 2497, "Internet Initiative Japan Inc.", "JP", "Kariya", 34.99, 137.00
    ),
    "supplier_kariya_new": Network(
        "14.137.243.0/24", 2497, "Internet Initiative Japan Inc.", "JP", "Kariya", 34.99, 137.00
    ),
    "supplier_osaka": Network(
        "1.0.16.0/24", 2519, "ARTERIA Networks Corporation", "JP", "Osaka", 34.69, 135.50
    ),
    "supplier_tokai": Network(
        "14.101.0.0/24", 2516, "KDDI CORPORATION", "JP", "Hamamatsu", 34.71, 137.73
    ),
    "dealer_dc": Network(
        "27.133.240.0/24", 4713, "NTT Communications Corporation", "JP", "Tokyo", 35.69, 139.69
    ),
    "github": Network(
        "4.144.0.0/24", 8075, "Microsoft Corporation", "US", "Ashburn", 39.04, -77.49
    ),
    # attackers
    "vultr_tokyo": Network(
        "5.83.212.0/24", 20473, "The Constant Company, LLC", "JP", "Tokyo", 35.69, 139.69
    ),
    "residential_proxy": Network(
        "36.240.0.0/24", 17676, "SoftBank Corp.", "JP", "Osaka", 34.69, 135.50
    ),
    "datacamp_vpn": Network(
        "37.19.192.0/24", 60068, "Datacamp Limited", "GB", "London", 51.51, -0.13
    ),
    "hetzner": Network(
        "5.9.0.0/24", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37
    ),
    "ovh": Network("2.26.132.0/24", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
    "digitalocean": Network(
        "24.144.64.0/24", 14061, "DigitalOcean, LLC", "US", "Santa Clara", 37.35, -121.95
    ),
    "m247": Network("2.56.16.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
}
# EC2 prefixes of the bundled ip-ranges.json the organisation's (and others') addresses come from
AWS_BLOCKS: dict[str, tuple[str, str, str, float, float]] = {
    "43.206.0.0/15": (TOKYO, "JP", "Tokyo", 35.69, 139.69),
    "54.248.0.0/15": (TOKYO, "JP", "Tokyo", 35.69, 139.69),
    "13.208.0.0/16": (OSAKA, "JP", "Osaka", 34.69, 135.50),
    "15.168.0.0/16": (OSAKA, "JP", "Osaka", 34.69, 135.50),
    "52.4.0.0/14": (GLOBAL, "US", "Ashburn", 39.04, -77.49),
}
THREAT_ADDRESS = "2.56.16.77"  # an M247 exit on the threat list handed to the run


def address(name: str, host: int) -> str:
    """The ``host``-th address of a network (1..254), or of an AWS block (any offset)."""
    cidr = NETWORKS[name].cidr if name in NETWORKS else name
    net = ipaddress.ip_network(cidr)
    return str(net.network_address + 1 + host % (net.num_addresses - 2))


def aws_address(region: str, host: int) -> str:
    """An EC2 address of ``region`` (Tokyo, Osaka or the global us-east-1 block)."""
    blocks = [c for c, meta in AWS_BLOCKS.items() if meta[0] == region]
    return address(blocks[host % len(blocks)], host // len(blocks) * 7919 + 11)


# --- calendar: 24 days to Monday 2026-05-11, Golden Week in the history -----------------------
END = dt.date(2026, 5, 11)
HOLIDAYS = {dt.date(2026, 4, 29), *(dt.date(2026, 5, d) for d in (3, 4, 5, 6))}
BRIDGE = {dt.date(2026, 4, 30), dt.date(2026, 5, 1), dt.date(2026, 5, 2)}  # most take leave


def days(n: int) -> list[dt.date]:
    return [END - dt.timedelta(days=n - 1 - i) for i in range(n)]


def workday(day: dt.date) -> float:
    """How much of the office works that day: 1 on a weekday, a little at weekends, almost
    nobody in Golden Week."""
    if day in HOLIDAYS:
        return 0.05
    if day in BRIDGE:
        return 0.15
    return 0.08 if day.weekday() >= 5 else 1.0


def jst(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` (may exceed 24) of the Japanese day ``day``, in UTC."""
    base = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - JST
    return base + dt.timedelta(hours=hour)


# --- clients ------------------------------------------------------------------------------
UA = {
    "boto3": "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.214-202.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/{env} cfg/retry-mode#legacy Botocore/1.34.84",
    "go": "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 exec-env/AWS_ECS_FARGATE api/{api}#1.30.4",
    "node": "aws-sdk-js/3.556.0 ua/2.0 os/linux#5.10.214-225.855.amzn2.x86_64 lang/js md/nodejs#20.12.1 api/{api}#3.556.0 exec-env/AWS_Lambda_nodejs20.x",
    "java_ops": "aws-sdk-java/1.12.701 Windows_10/10.0 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS java/17.0.10 vendor/Eclipse_Adoptium cfg/retry-mode/standard ja_JP",
    "cli_ws": "aws-cli/2.15.38 md/awscrt#0.19.19 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}",
    "cli_ws_new": "aws-cli/2.15.58 md/awscrt#0.19.19 ua/2.0 os/windows#server2022 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}",
    "cli_mac": "aws-cli/2.15.40 md/awscrt#0.19.19 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}",
    "edge_ws": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.97",
    "edge_ws_new": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
    "chrome_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "terraform": "APN/1.0 HashiCorp/1.0 Terraform/1.8.2 (+https://www.terraform.io) terraform-provider-aws/5.46.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.1 ua/2.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.30.4",
    "gha_cli": "aws-cli/2.15.42 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-1018-azure md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython exec-env/GitHub-Actions cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}",
    "jenkins": "aws-sdk-java/1.12.600 Linux/5.15.0-105-generic OpenJDK_64-Bit_Server_VM/11.0.22+7-LTS java/11.0.22 vendor/Eclipse_Adoptium cfg/retry-mode/legacy",
    "dealer": "aws-cli/1.32.90 Python/3.9.18 Linux/4.18.0-513.el8.x86_64 botocore/1.34.90",
    "supplier_java": "aws-sdk-java/2.25.28 Linux/5.14.0-362.el9.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Red_Hat__Inc. io/sync http/Apache cfg/retry-mode/legacy",
    "supplier_py": "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.10.11 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57",
    "ssm": "aws-sdk-go/1.44.260 (go1.20.4; linux; amd64) amazon-ssm-agent/3.3.131.0",
}


def ua(kind: str, **fill: str) -> str:
    return UA[kind].format(**fill) if fill else UA[kind].replace("{env}", "").replace("{api}", "")
