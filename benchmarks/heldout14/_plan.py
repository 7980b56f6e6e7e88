"""Jabuti Market's accounts, calendar and address plan.

Addresses outside AWS come from blocks that the bundled IP-to-ASN table gives to the operators
named here (a test checks each one); AWS addresses from EC2 prefixes of the bundled
``ip-ranges.json`` (read as JSON here, nothing is imported from ``ueba``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import random
import string
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IP_RANGES = ROOT / "ueba" / "data" / "ip-ranges.json"

ORG_ID = "o-jb7q2m4x9c"
ACCOUNTS = {
    "management": "318204557160",
    "log-archive": "318204557161",
    "security": "318204557162",
    "shared": "407716235588",  # CI/CD and the GitLab OIDC provider
    "prod": "559073318402",
    "staging": "559073318417",
    "data": "662481090734",
    "pix": "771305246659",  # vended by Account Factory on the first scored day
}
PARTNER_ACCOUNT = "284417306512"  # the seller-onboarding partner (KYC vendor)
PENTEST_ACCOUNT = "190355778214"  # not used to call in: the consultancy works with an IAM user
OUTSIDE_ACCOUNT = "831204967725"  # the attacker's account (A5)
HOME = "sa-east-1"
EDGE = "us-east-1"
END = dt.date(2026, 11, 30)  # a Monday; the trail is the days up to it
BLACK_FRIDAY = dt.date(2026, 11, 27)
HOLIDAY = dt.date(2026, 11, 20)  # Dia da Consciencia Negra, a national holiday since 2024
BRT = dt.timezone(dt.timedelta(hours=-3))  # Brasilia time, no summer time since 2019


@dataclass(frozen=True)
class Block:
    """A network the plan draws addresses from: the CIDR lies inside one ASN-table block."""

    name: str
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


# name, cidr, asn, organisation as the ASN table spells it, country, city, lat, lon
_BLOCKS = [
    ("vivo-sp", "179.84.0.0/16", 26599, "TELEFONICA BRASIL S.A", "BR", "Sao Paulo", -23.55, -46.63),
    (
        "vivo-poa",
        "179.176.0.0/16",
        18881,
        "TELEFONICA BRASIL S.A",
        "BR",
        "Porto Alegre",
        -30.03,
        -51.23,
    ),
    (
        "net-sp",
        "179.136.0.0/16",
        28573,
        "Claro NXT Telecomunicacoes Ltda",
        "BR",
        "Sao Paulo",
        -23.55,
        -46.63,
    ),
    (
        "net-poa",
        "191.176.0.0/16",
        28573,
        "Claro NXT Telecomunicacoes Ltda",
        "BR",
        "Porto Alegre",
        -30.03,
        -51.23,
    ),
    ("claro-rec", "191.56.0.0/16", 4230, "CLARO S.A.", "BR", "Recife", -8.05, -34.88),
    ("tim-rec", "179.72.0.0/16", 26615, "TIM S/A", "BR", "Recife", -8.05, -34.88),
    ("tim-mobile", "191.167.0.0/16", 26615, "TIM S/A", "BR", "Sao Paulo", -23.55, -46.63),
    (
        "office-sp",
        "177.102.14.0/27",
        27699,
        "TELEFONICA BRASIL S.A",
        "BR",
        "Sao Paulo",
        -23.56,
        -46.69,
    ),
    ("erp-dc", "191.54.200.0/28", 53006, "ALGAR TELECOM S/A", "BR", "Campinas", -22.91, -47.06),
    ("pentest", "177.106.40.0/28", 53006, "ALGAR TELECOM S/A", "BR", "Uberlandia", -18.92, -48.28),
    (
        "agency-ba",
        "181.164.90.0/28",
        7303,
        "Telecom Argentina S.A.",
        "AR",
        "Buenos Aires",
        -34.60,
        -58.38,
    ),
    ("gitlab-runners", "34.74.0.0/16", 396982, "Google LLC", "US", "Moncks Corner", 33.19, -80.01),
    # attackers
    (
        "vultr",
        "45.76.0.0/16",
        20473,
        "The Constant Company, LLC",
        "US",
        "Piscataway",
        40.55,
        -74.46,
    ),
    ("contabo", "161.97.64.0/18", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    (
        "digitalocean",
        "68.183.0.0/16",
        14061,
        "DigitalOcean, LLC",
        "US",
        "North Bergen",
        40.80,
        -74.01,
    ),
    ("hetzner", "49.12.0.0/16", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37),
    ("datacamp", "89.187.160.0/19", 60068, "Datacamp Limited", "PT", "Lisbon", 38.72, -9.14),
    ("m247", "146.70.8.0/22", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    ("uninet", "189.171.32.0/19", 8151, "Uninet S.A. de C.V.", "MX", "Mexico City", 19.43, -99.13),
    ("claro-mobile", "191.57.0.0/16", 4230, "CLARO S.A.", "BR", "Rio de Janeiro", -22.91, -43.17),
]
BLOCKS = {b[0]: Block(*b) for b in _BLOCKS}  # type: ignore[arg-type]
AMAZON = (16509, "Amazon.com, Inc.")
AWS_REGIONS = {
    "sa-east-1": ("BR", "Sao Paulo", -23.55, -46.63),
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-west-2": ("US", "Boardman", 45.84, -119.70),
}


def ec2_prefixes(region: str) -> list[str]:
    """The EC2 prefixes of ``region`` in the bundled feed that are /20 or larger."""
    feed = json.loads(IP_RANGES.read_text())
    return sorted(
        p["ip_prefix"]
        for p in feed["prefixes"]
        if p["service"] == "EC2"
        and p["region"] == region
        and ipaddress.ip_network(p["ip_prefix"]).prefixlen <= 20
    )


class Plan:
    """Everything drawn once per seed: addresses, keys and identifiers."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(f"jabuti-{seed}")
        self._aws = {r: ec2_prefixes(r) for r in AWS_REGIONS}

    def sub(self, tag: str) -> random.Random:
        """A generator of its own for one part of the trail, so parts never shift each other."""
        return random.Random(f"jabuti-{self.seed}-{tag}")

    def ip(self, block: str, rng: random.Random | None = None) -> str:
        net = ipaddress.ip_network(BLOCKS[block].cidr)
        r = rng or self.rng
        return str(net[r.randrange(1, net.num_addresses - 1)])

    def aws_ip(self, region: str = HOME, rng: random.Random | None = None) -> str:
        r = rng or self.rng
        net = ipaddress.ip_network(r.choice(self._aws[region]))
        return str(net[r.randrange(1, net.num_addresses - 1)])

    def aws_prefixes(self) -> dict[str, list[str]]:
        return self._aws


def key(rng: random.Random, prefix: str = "ASIA") -> str:
    return prefix + "".join(rng.choices(string.ascii_uppercase + "234567", k=16))


def principal_id(rng: random.Random, prefix: str = "AROA") -> str:
    return prefix + "".join(rng.choices(string.ascii_uppercase + "234567", k=17))


def event_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hexid(rng: random.Random, n: int = 32) -> str:
    return "".join(rng.choices("0123456789abcdef", k=n))


def at(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` (0-24, fractional) of ``day`` in Brasilia time, as UTC."""
    local = dt.datetime.combine(day, dt.time(0), tzinfo=BRT) + dt.timedelta(hours=hour)
    return local.astimezone(dt.UTC)


def is_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and day != HOLIDAY


def calendar(days: int) -> list[dt.date]:
    """The trail's days, ending on ``END`` whatever its length."""
    return [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
