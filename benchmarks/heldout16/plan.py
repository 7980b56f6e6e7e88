"""Salish Metro Transit: the organisation's fixed facts (accounts, calendar, networks, clients)
and the seeded identifiers (keys, event ids, addresses) every other module draws from.

Nothing here is imported from ``ueba``: the suite is written from AWS's CloudTrail reference and
how a city transit authority's accounts behave, not from the detector.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
import uuid
from dataclasses import dataclass

UTC = dt.UTC
LAST_DAY = dt.date(2026, 12, 4)  # a Friday; Monday 30 November .. Friday 4 December are scored
PACIFIC = -8  # hours from UTC in December (PST)

# account name -> (id, home region)
ACCOUNTS = {
    "corp": ("318204556170", "us-west-2"),  # corporate IT: WorkSpaces, Managed AD, Connect
    "ops": ("427391058862", "us-west-2"),  # operations: IoT Core, Kinesis, Windows fleet, Glue
    "fare": ("536480917253", "us-west-2"),  # fare payments, PCI scope, Transfer Family
    "gis": ("645572039148", "us-east-1"),  # GIS / open data: public bucket + CloudFront
    "vendor": ("754663120439", "us-west-2"),  # vendor integrations
    "pilot": ("863754201526", "us-west-2"),  # microtransit pilot, joins on the first scored day
}
MSP_ACCOUNT = "902113874455"  # the managed-service provider's own account (outside the trail)
OUTSIDE_ACCOUNT = "181736204959"  # an account nobody here knows (snapshot sharing)
ORG_ID = "o-7sm3tr4ns1t"


@dataclass(frozen=True)
class Network:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    role: str  # what it is to the organisation: city, home, vendor, msp, attacker, aws


# Blocks the bundled IP-to-ASN table gives to these operators (tests/evaluate checks each).
NETWORKS = {
    "city": Network(
        "45.33.130.0/24", 6461, "Zayo Bandwidth", "US", "Seattle", 47.61, -122.33, "city"
    ),
    "datacentre": Network(
        "8.64.41.0/24",
        3909,
        "CenturyLink Communications, LLC",
        "US",
        "Tacoma",
        47.25,
        -122.44,
        "city",
    ),
    "comcast": Network(
        "9.142.8.0/22",
        33659,
        "Comcast Cable Communications, LLC",
        "US",
        "Seattle",
        47.6,
        -122.3,
        "home",
    ),
    "ziply": Network(
        "63.140.20.0/22", 25764, "Ziply Fiber", "US", "Everett", 47.98, -122.2, "home"
    ),
    "wave": Network(
        "9.142.200.0/22", 11404, "Wave Broadband", "US", "Kirkland", 47.68, -122.2, "home"
    ),
    "tmobile": Network(
        "23.18.40.0/22", 21928, "T-Mobile USA, Inc.", "US", "Bellevue", 47.61, -122.2, "home"
    ),
    "msp": Network(
        "64.62.130.0/24", 6939, "Hurricane Electric LLC", "US", "Fremont", 37.55, -121.98, "msp"
    ),
    "fiserv": Network(
        "50.58.9.0/24", 11273, "Fiserv Solutions, LLC", "US", "Brookfield", 43.06, -88.1, "vendor"
    ),
    "cadavl_old": Network(
        "64.58.226.0/24",
        13649,
        "Flexential Colorado Corp.",
        "US",
        "Denver",
        39.74,
        -104.99,
        "vendor",
    ),
    "cadavl_new": Network(
        "23.29.100.0/24", 701, "Verizon Business", "US", "Ashburn", 39.04, -77.49, "vendor"
    ),
    "paychex": Network(
        "141.123.66.0/24", 13588, "Paychex Incorporated", "US", "Rochester", 43.16, -77.61, "vendor"
    ),
    "frantech": Network(
        "104.244.74.0/24",
        53667,
        "FranTech Solutions",
        "US",
        "Las Vegas",
        36.17,
        -115.14,
        "attacker",
    ),
    "selectel": Network(
        "5.8.29.0/24", 50340, "JSC Selectel", "RU", "Saint Petersburg", 59.94, 30.31, "attacker"
    ),
    "privatelayer": Network(
        "46.19.137.0/24", 51852, "Private Layer INC", "CH", "Zurich", 47.37, 8.54, "attacker"
    ),
    "datacamp": Network(
        "2.58.149.0/24", 212238, "Datacamp Limited", "GB", "London", 51.51, -0.13, "attacker"
    ),
    "contabo": Network(
        "5.189.140.0/24", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08, "attacker"
    ),
    "vultr": Network(
        "43.224.33.0/24",
        20473,
        "The Constant Company, LLC",
        "SG",
        "Singapore",
        1.35,
        103.82,
        "attacker",
    ),
    "m247": Network(
        "2.57.29.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1, "attacker"
    ),
    "hostinger": Network(
        "2.24.10.0/24",
        47583,
        "Hostinger International Limited",
        "LT",
        "Vilnius",
        54.69,
        25.28,
        "attacker",
    ),
    "digitalocean": Network(
        "24.144.90.0/24", 14061, "DigitalOcean, LLC", "US", "New York", 40.71, -74.0, "attacker"
    ),
    "cox": Network(
        "23.250.130.0/24",
        22773,
        "Cox Communications Inc.",
        "US",
        "Phoenix",
        33.45,
        -112.07,
        "attacker",
    ),
}
# EC2 prefixes of the bundled ip-ranges.json the organisation's AWS addresses come from
AWS_PREFIXES = {
    "us-west-2": ("54.148.0.0/15", "35.160.0.0/13", "54.68.0.0/14", "52.12.0.0/15"),
    "us-east-1": ("52.4.0.0/14", "3.224.0.0/12", "34.192.0.0/12"),
}
AWS_GEO = {
    "us-west-2": ("US", "Boardman", 45.84, -119.7),
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
}
THREAT_CIDR = NETWORKS["m247"].cidr  # the threat list the organisation subscribes to

# Clients. Console traffic from the WorkSpaces Windows bundle, then the new bundle's Edge.
CHROME_WS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
EDGE_WS = CHROME_WS.replace(
    "Chrome/130.0.0.0 Safari/537.36", "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70"
)
CHROME_LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15"
CLI_WIN = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CLI_MAC = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/macos#23.4.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CLI_RHEL7 = "aws-cli/1.18.69 Python/2.7.5 Linux/3.10.0-1160.119.1.el7.x86_64 botocore/1.17.39"
BOTO_VENDOR = "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#5.15.0-1049-azure md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57"
JAVA_PAYROLL = "aws-sdk-java/2.20.162 Linux/4.18.0-477.27.1.el8_8.x86_64 OpenJDK_64-Bit_Server_VM/17.0.8+7-LTS Java/17.0.8 vendor/Red_Hat,_Inc. io/sync http/Apache cfg/retry-mode/legacy"
DOTNET_CADAVL = "aws-sdk-dotnet-coreclr/3.7.300.12 aws-sdk-dotnet-core/3.7.302.4 .NET_Core/8.0.1 OS/Microsoft_Windows_10.0.17763 ClientAsync"
BOTO_LAMBDA = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
GLUE_SPARK = "aws-sdk-java/1.12.767 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 scala/2.12.18 vendor/Amazon.com_Inc. exec-env/AWS_Glue cfg/retry-mode/standard"
SSM_AGENT = "aws-sdk-go/1.54.19 (go1.22.5; windows; amd64) amazon-ssm-agent/3.3.987.0"
CODEBUILD_CLI = "aws-cli/2.18.5 md/awscrt#0.22.0 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/AWS_ECS_EC2 cfg/retry-mode#standard md/installer#docker md/prompt#off md/command#{cmd}"
NODE_PILOT = "aws-sdk-js/3.637.0 ua/2.1 os/linux#6.1.112-124.190.amzn2023.x86_64 lang/js md/nodejs#20.17.0 api/{api}#3.637.0"
PY_REQUESTS_BOTO = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
KALI_CLI = "aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython md/distrib#kali.2024 cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"


def days(count: int) -> list[dt.date]:
    """The trail's days, ending on LAST_DAY."""
    return [LAST_DAY - dt.timedelta(days=count - 1 - i) for i in range(count)]


def local(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` o'clock Pacific on ``day`` as a UTC datetime."""
    start = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start + dt.timedelta(hours=hour - PACIFIC)


class Ids:
    """Seeded identifiers: one generator per purpose, so an actor's draws never shift another's."""

    ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

    def __init__(self, seed: int, what: str) -> None:
        self.rng = random.Random(f"heldout16:{seed}:{what}")

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(self.ALPHABET) for _ in range(16))

    def event_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def instance(self) -> str:
        return "i-0" + self.hexid(16)

    def address(self, network: str, *, low: int = 10) -> str:
        """An address of ``network`` (a NETWORKS name), or of the region's EC2 prefixes."""
        if network in AWS_PREFIXES:
            block = ipaddress.ip_network(self.rng.choice(AWS_PREFIXES[network]))
        else:
            block = ipaddress.ip_network(NETWORKS[network].cidr)
        return str(block[self.rng.randrange(low, block.num_addresses - 2)])


def role_arn(account: str, name: str) -> str:
    return f"arn:aws:iam::{ACCOUNTS[account][0]}:role/{name}"


def user_arn(account: str, name: str) -> str:
    return f"arn:aws:iam::{ACCOUNTS[account][0]}:user/{name}"
