"""BrightPath Learning: a US K-12 education-technology SaaS, its accounts, networks, people and
workloads. Addresses outside AWS come from blocks the bundled IP-to-ASN table gives to the
operators named (a test checks each one); AWS addresses from EC2 prefixes of ip-ranges.json."""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path

ORG = "BrightPath Learning"
END = dt.date(2026, 8, 21)  # a Friday; the scored week is back-to-school week

ACCOUNTS = {
    "identity": "470112358132",  # management: Organizations, IAM Identity Center
    "prod": "582930174465",  # the learning platform
    "data": "690377418250",  # student records (FERPA), rosters, analytics
    "staging": "731845092276",
    "support": "804521736619",  # support tooling
    "security": "915063287740",
}
NEW_ACCOUNT = ("research", "426789013358")  # vended on the third scored day
HOME, DR = "us-east-1", "us-west-2"


@dataclass(frozen=True)
class Net:
    """An address block: its operator, where it is, and (for the geo databases) its ASN."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    aws: bool = False

    def pick(self, rng: random.Random) -> str:
        net = ipaddress.ip_network(self.cidr)
        return str(net[rng.randrange(2, net.num_addresses - 2)])


NETS = {
    # AWS (EC2 prefixes of the bundled ip-ranges.json)
    "aws_east": Net("52.4.0.0/14", 14618, "AMAZON-AES", "US", "Ashburn", 39.04, -77.49, True),
    "aws_west": Net("54.184.0.0/13", 16509, "AMAZON-02", "US", "Boardman", 45.84, -119.7, True),
    # GitHub-hosted runners (Azure)
    "github": Net("4.152.8.0/22", 8075, "Microsoft Corporation", "US", "Boydton", 36.67, -78.39),
    # the Austin office and people's homes
    "office": Net("12.17.40.0/24", 7018, "AT&T Enterprises, LLC", "US", "Austin", 30.27, -97.74),
    "comcast": Net(
        "24.147.0.0/16", 7922, "Comcast Cable Communications, LLC", "US", "Denver", 39.74, -104.99
    ),
    "charter": Net("75.128.0.0/17", 20115, "Charter Communications", "US", "Dallas", 32.78, -96.8),
    "verizon": Net("174.217.96.0/19", 22394, "Verizon Business", "US", "Columbus", 39.96, -82.99),
    "att": Net("66.159.128.0/18", 7018, "AT&T Enterprises, LLC", "US", "Atlanta", 33.75, -84.39),
    "cox": Net("24.56.0.0/18", 22773, "Cox Communications Inc.", "US", "Phoenix", 33.45, -112.07),
    # the support BPO in Manila, before and after its move
    "pldt": Net(
        "124.106.220.0/24",
        9299,
        "Philippine Long Distance Telephone Co.",
        "PH",
        "Manila",
        14.6,
        120.98,
    ),
    "globe": Net("110.54.240.0/24", 132199, "Globe Telecom Inc.", "PH", "Taguig", 14.52, 121.05),
    # contract developers
    "orange_pl": Net(
        "31.61.40.0/24", 5617, "Orange Polska Spolka Akcyjna", "PL", "Krakow", 50.06, 19.94
    ),
    "netia": Net("37.128.60.0/24", 12741, "Netia SA", "PL", "Wroclaw", 51.11, 17.03),
    "kyivstar": Net("94.153.80.0/24", 15895, '"Kyivstar" PJSC', "UA", "Lviv", 49.84, 24.03),
    # attackers
    "telkom_id": Net(
        "118.97.50.0/24", 7713, "Telekomunikasi Indonesia (PT)", "ID", "Jakarta", -6.2, 106.85
    ),
    "vivo_br": Net(
        "191.254.90.0/24", 27699, "TELEFONICA BRASIL S.A", "BR", "Sao Paulo", -23.55, -46.63
    ),
    "digitalocean": Net(
        "45.55.120.0/24", 14061, "DigitalOcean, LLC", "US", "North Bergen", 40.8, -74.02
    ),
    "digitalocean2": Net(
        "162.243.200.0/24", 14061, "DigitalOcean, LLC", "US", "San Francisco", 37.77, -122.42
    ),
    "hetzner": Net(
        "5.75.150.0/24", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37
    ),
    "vultr": Net(
        "45.63.10.0/24", 20473, "The Constant Company, LLC", "NL", "Amsterdam", 52.37, 4.9
    ),
    "m247": Net("146.70.244.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1),
    "linode": Net(
        "172.233.10.0/24", 63949, "Akamai Technologies, Inc.", "US", "Newark", 40.74, -74.17
    ),
    "ovh": Net("145.239.40.0/24", 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13),
    "vnpt": Net("14.161.20.0/24", 45899, "VNPT Corp", "VN", "Ho Chi Minh City", 10.82, 106.63),
}
THREAT = ("146.70.244.0/24",)  # a commercial VPN exit range on the org's threat list
STUDENT_NETS = ("comcast", "charter", "verizon", "att", "cox")

# user agents -------------------------------------------------------------------------------
CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/127.0.0.0 Safari/537.36"
)
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/127.0.0.0 Safari/537.36"
)
FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0"
EDGE_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/127.0.0.0 Safari/537.36 Edg/127.0.2651.86"
)
CLI_MAC = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source"
CLI_WIN = "aws-cli/2.17.32 md/awscrt#0.20.11 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe"
CLI_LINUX = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-40-generic md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython md/distrib#ubuntu.24 cfg/retry-mode#standard md/installer#exe"
CLI_RUNNER = "aws-cli/2.17.41 md/awscrt#0.21.2 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython md/distrib#ubuntu.22 exec-env/GitHub_Actions cfg/retry-mode#standard md/installer#exe"
OIDC_ACTION = "aws-sdk-js/3.621.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.13.1 api/sts#3.621.0 configure-aws-credentials-for-github-actions"
SAM_RUNNER = "aws-sam-cli/1.121.0 " + CLI_RUNNER.split(" ", 1)[1].replace(
    "md/installer#exe", "md/installer#pip"
)
GLUE_UA = "aws-sdk-java/1.12.655 Linux/5.10.220-209.869.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 scala/2.12.18 vendor/Amazon.com_Inc. exec-env/AWS_Glue"
BOTO_KALI = "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.144"
CLI_OLD = "aws-cli/1.33.12 Python/3.12.4 Linux/6.1.0-kali9-amd64 botocore/1.34.130"


def lambda_agent(node: int, service: str) -> str:
    sdk = "3.592.0" if node == 18 else "3.621.0"
    kernel = "5.10.219-229.866.amzn2.x86_64" if node == 18 else "5.10.223-232.873.amzn2.x86_64"
    return (
        f"aws-sdk-js/{sdk} ua/2.1 os/linux#{kernel} lang/js md/nodejs#{node}.20.3 "
        f"api/{service}#{sdk} exec-env/AWS_Lambda_nodejs{node}.x"
    )


# people -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Person:
    user: str  # Identity Center user name (Google Workspace email)
    team: str  # platform | contractor | support | analytics | security
    homes: tuple[str, ...]  # nets
    utc_start: int  # hour the working day starts, UTC
    browser: str
    cli: str | None


def domain(name: str) -> str:
    return f"{name}@brightpathlearning.com"


PEOPLE = (
    Person(domain("dana.whitfield"), "platform", ("office", "charter"), 13, CHROME_MAC, CLI_MAC),
    Person(domain("marcus.oyelaran"), "platform", ("office", "att"), 14, CHROME_MAC, CLI_MAC),
    Person(domain("priya.raman"), "platform", ("comcast",), 15, FIREFOX_MAC, CLI_MAC),
    Person(domain("tomasz.nowicki"), "contractor", ("orange_pl",), 7, FIREFOX_MAC, CLI_MAC),
    Person(domain("agnieszka.lis"), "contractor", ("netia",), 8, CHROME_WIN, CLI_WIN),
    Person(domain("ostap.kovalenko"), "contractor", ("kyivstar",), 7, CHROME_MAC, CLI_LINUX),
    Person(domain("hannah.brooks"), "analytics", ("office", "verizon"), 14, CHROME_MAC, CLI_MAC),
    Person(domain("luis.carrasco"), "analytics", ("charter",), 15, CHROME_WIN, CLI_WIN),
    Person(domain("grace.ndiaye"), "security", ("office",), 14, CHROME_MAC, CLI_MAC),
    *tuple(
        Person(domain(n), "support", ("pldt",), 12 + i % 3, CHROME_WIN, None)
        for i, n in enumerate(
            (
                "jerome.dizon",
                "kristine.manalo",
                "paolo.villanueva",
                "rhea.bautista",
                "miguel.santos",
                "angelica.reyes",
            )
        )
    ),
)
NEW_AGENT = Person(domain("joanna.castillo"), "support", ("pldt",), 13, CHROME_WIN, None)

PERMISSION_SETS = {  # team -> (set name, accounts it signs into, Identity Center role suffix)
    "platform": ("PlatformAdmin", ("prod", "staging", "data", "identity"), "7c1e04a9b2d35f68"),
    "contractor": ("ContractDeveloper", ("staging", "prod"), "3fa8d10c6e2b9a47"),
    "support": ("SupportReadOnly", ("prod",), "b84d2e7f0a1c3695"),
    "analytics": ("AnalyticsEngineer", ("data",), "e1b7c3940d5a2f86"),
    "security": ("SecurityAudit", ("security", "prod", "data"), "52c9a0e81f7d4b3a"),
}


def sso_role(account: str, team: str) -> str:
    name, _, suffix = PERMISSION_SETS[team]
    return (
        f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_{name}_{suffix}"
    )


# workloads ----------------------------------------------------------------------------------
FUNCTIONS = (  # prod Lambda functions: (name, services called, weight of traffic)
    ("lms-api-courses", ("dynamodb",), 5),
    ("lms-api-assignments", ("dynamodb", "s3"), 4),
    ("lms-api-grades", ("dynamodb",), 3),
    ("lms-auth-presignup", ("cognito-idp",), 2),
    ("lms-notify-guardians", ("ses", "dynamodb"), 1),
    ("lms-appsync-resolver", ("dynamodb",), 3),
    ("appsync-key-rotator", ("appsync", "secretsmanager"), 0),
)
DISTRICTS = (
    "maple-valley-usd",
    "cedar-ridge-isd",
    "harbor-county-schools",
    "pinecrest-unified",
    "lakeshore-csd",
    "red-mesa-isd",
)
NEW_DISTRICT = "silver-creek-usd"
STUDENT_TABLE = "lms-students"


def write_geo(out: Path) -> tuple[Path, Path]:
    """MaxMind-format ASN and City databases covering exactly the blocks of ``NETS``."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout22 ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout22 City")
    for net in NETS.values():
        where = IPSet([net.cidr])
        asn.insert_network(
            where,
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org},
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon, "accuracy_radius": 50},
            },
        )
    paths = out / "heldout22-ASN.mmdb", out / "heldout22-City.mmdb"
    asn.to_db_file(str(paths[0]))
    city.to_db_file(str(paths[1]))
    return paths
