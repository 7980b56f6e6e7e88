"""Gemeente Dommelvaart: a Dutch municipality of about 60,000 inhabitants on an AWS Control
Tower landing zone. Accounts, regions, networks (each address with the ASN and place the
generated GeoIP databases give it), people and workloads; nothing here draws random numbers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

HOME = "eu-central-1"  # the landing zone's home region, Identity Center's region
REGIONS = ("eu-central-1", "eu-west-1", "eu-west-3")
GLOBAL = "us-east-1"  # IAM, Organizations, STS global endpoint, console sign-in

ACCOUNTS = {
    "management": "471120000011",
    "log-archive": "471120000127",
    "audit": "471120000239",
    "network": "471120000343",
    "permits": "471120000451",
    "social": "471120000567",
    "gis": "471120000672",
    "contact": "471120000788",
}
NEW_ACCOUNT = ("dataplatform", "471120000895")  # vended by Account Factory on a scored day
PARTNER_ACCOUNT = "618240550031"  # the managed-service partner, Dataplan Beheer B.V.
PARTNER_EXTERNAL_ID = "dmv-dataplan-7f3c21"
ORG_ID = "o-dmv4k2x9qa"
SSO_INSTANCE = "ssoins-69874f2c1e0a7b55"
IDP = "https://sts.windows.net/5f3c0d7e-2a41-4c8e-9d6b-1f0e3a7c9b21/"


@dataclass(frozen=True)
class Net:
    """A network the organisation or an attacker calls from."""

    name: str
    addresses: tuple[str, ...]
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


def _hosts(prefix: str, first: int, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}.{first + i}" for i in range(count))


NETS = {
    n.name: n
    for n in (
        Net(
            "townhall", _hosts("77.161.34", 10, 6), 1136, "KPN B.V.", "NL", "Eindhoven", 51.44, 5.47
        ),
        Net(
            "home-ziggo",
            _hosts("84.26.118", 20, 60),
            33915,
            "Vodafone Libertel B.V.",
            "NL",
            "Eindhoven",
            51.45,
            5.49,
        ),
        Net(
            "home-kpn", _hosts("86.88.201", 30, 40), 1136, "KPN B.V.", "NL", "Helmond", 51.48, 5.66
        ),
        Net(
            "home-odido",
            _hosts("62.45.77", 40, 30),
            50266,
            "Odido Netherlands B.V.",
            "NL",
            "Best",
            51.51,
            5.39,
        ),
        # the WorkSpaces' egress: the shared-networking account's NAT gateways in eu-central-1
        Net(
            "workspaces",
            ("3.66.5.5", "3.66.5.6"),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        # B9: the NAT gateway replaced, a new Elastic IP
        Net(
            "workspaces-new",
            ("3.76.40.11",),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        Net(
            "nat-permits",
            ("18.184.2.9", "18.184.2.10"),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        Net(
            "nat-social",
            ("35.158.7.8",),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        Net("nat-gis", ("34.240.12.9",), 16509, "AMAZON-02", "IE", "Dublin", 53.34, -6.27),
        Net(
            "nat-dataplatform",
            ("3.78.9.14",),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        # Lambda functions outside a VPC call from the region's EC2 ranges
        Net(
            "lambda",
            ("63.176.5.6", "3.68.2.3", "18.156.3.4", "52.57.1.2"),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        Net(
            "cloudshell",
            ("3.122.9.9", "3.120.44.7"),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        # B1: Entra conditional access sends every laptop sign-in through Zscaler Amsterdam
        Net(
            "zscaler",
            _hosts("165.225.76", 21, 12),
            62044,
            "Zscaler, Inc.",
            "NL",
            "Amsterdam",
            52.37,
            4.90,
        ),
        Net(
            "partner-office",
            _hosts("213.154.236", 66, 4),
            20562,
            "Eurofiber Nederland B.V.",
            "NL",
            "Utrecht",
            52.09,
            5.12,
        ),
        Net("partner-aws", ("54.72.3.4",), 16509, "AMAZON-02", "IE", "Dublin", 53.34, -6.27),
        Net(
            "auditor",
            _hosts("81.204.19", 100, 3),
            13127,
            "Tele2 Nederland B.V.",
            "NL",
            "Rotterdam",
            51.92,
            4.48,
        ),
        # attackers
        Net(
            "m247-ams", ("185.206.224.67",), 9009, "M247 Europe SRL", "NL", "Amsterdam", 52.37, 4.90
        ),
        Net(
            "private-layer",
            ("46.19.141.82",),
            51852,
            "Private Layer INC",
            "CH",
            "Zurich",
            47.37,
            8.54,
        ),
        Net(
            "hetzner",
            ("88.198.54.211",),
            24940,
            "Hetzner Online GmbH",
            "DE",
            "Falkenstein",
            50.48,
            12.37,
        ),
        Net(
            "datacamp",
            ("212.102.35.154",),
            60068,
            "Datacamp Limited",
            "NL",
            "Amsterdam",
            52.37,
            4.90,
        ),
        Net(
            "odido-proxy",
            ("62.45.190.17",),
            50266,
            "Odido Netherlands B.V.",
            "NL",
            "Utrecht",
            52.09,
            5.12,
        ),
        Net(
            "digitalocean",
            ("167.99.215.40",),
            14061,
            "DigitalOcean, LLC",
            "NL",
            "Amsterdam",
            52.37,
            4.90,
        ),
        Net("scanner", ("193.142.146.35",), 51396, "Pfcloud UG", "NL", "Amsterdam", 52.37, 4.90),
        Net(
            "linode",
            ("172.105.77.203",),
            63949,
            "Akamai Connected Cloud",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        Net(
            "stark",
            ("45.138.16.231",),
            44477,
            "Stark Industries Solutions Ltd",
            "NL",
            "Amsterdam",
            52.37,
            4.90,
        ),
        Net("ovh", ("51.178.92.14",), 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13),
        Net(
            "other-aws-euc1",
            ("18.197.8.8",),
            16509,
            "AMAZON-02",
            "DE",
            "Frankfurt am Main",
            50.11,
            8.68,
        ),
        Net(
            "other-aws-use1", ("54.85.12.40",), 14618, "AMAZON-AES", "US", "Ashburn", 39.04, -77.49
        ),
    )
}
# the threat list the municipality's SOC (a regional CERT feed) keeps: scanners and a bulletproof host
THREAT = ("193.142.146.0/24", "45.138.16.0/24", "80.94.95.0/24", "194.26.29.0/24")


@dataclass(frozen=True)
class Person:
    """A member of staff (or a partner engineer): Entra ID account, accounts and tools."""

    user: str  # the Identity Center user name, the UPN
    team: str
    permission_set: str
    accounts: tuple[str, ...]
    home: str  # the NETS key of the home line
    cli: bool  # uses the CLI from the laptop besides the console
    workspaces: bool  # works on a WorkSpace (console from its egress)


TEAMS: dict[str, tuple[str, tuple[str, ...], int, bool, bool]] = {
    # team: (permission set, accounts, people at scale 1, CLI, WorkSpaces)
    "cloud": (
        "AdministratorAccess",
        ("management", "network", "permits", "social", "gis", "contact", "audit", "log-archive"),
        4,
        True,
        False,
    ),
    "permits-dev": ("PermitsDeveloper", ("permits",), 5, True, False),
    "permits-ops": ("PermitsOperator", ("permits",), 4, False, True),
    "social": ("SocialDomainOperator", ("social",), 5, False, True),
    "gis": ("GisAnalyst", ("gis",), 5, True, False),
    "contact-sup": ("ConnectSupervisor", ("contact",), 3, False, True),
    "agents": ("ConnectAgent", ("contact",), 30, False, True),
    "security": ("SecurityAudit", ("audit", "log-archive"), 2, True, False),
}
FIRST = (
    "anouk",
    "bram",
    "daan",
    "eva",
    "fleur",
    "gijs",
    "hanna",
    "ilse",
    "jesse",
    "joost",
    "kim",
    "lars",
    "lieke",
    "maaike",
    "milan",
    "noor",
    "pieter",
    "roos",
    "sanne",
    "sem",
    "thijs",
    "tim",
    "vera",
    "wouter",
    "yara",
    "zoe",
    "bas",
    "femke",
    "luuk",
    "marieke",
)
LAST = (
    "bakker",
    "visser",
    "smit",
    "meijer",
    "mulder",
    "dekker",
    "vos",
    "peters",
    "hendriks",
    "vandijk",
    "jansen",
    "bos",
    "willems",
    "kok",
    "verhoeven",
    "maas",
    "schouten",
    "prins",
)
DOMAIN = "dommelvaart.nl"


def sso_role(account: str, permission_set: str) -> str:
    """A permission set's role in an account: ``AWSReservedSSO_<set>_<16 hex>``."""
    suffix = hashlib.sha256(f"{account}/{permission_set}".encode()).hexdigest()[:16]
    return f"AWSReservedSSO_{permission_set}_{suffix}"
