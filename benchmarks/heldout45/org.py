"""Alpenfirn Bergbahnen AG: who and where. A mountain-railway and ski-resort operator in
Lucerne, Switzerland (Europe/Zurich, UTC+1 in November and December), selling ski passes online
and running the turnstiles of its lifts; most of its AWS lives in ``eu-central-2`` (Zurich).

Every network an event comes from is a ``Place``: its prefix, autonomous system, country and
city, written into the suite's GeoIP databases. AWS addresses are prefixes of AWS's published
``ip-ranges.json`` (EC2 of the region named)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ORG_ID = "o-7kq2mfz9vd"
HOME = "eu-central-2"
UTC_OFFSET = 1  # CET, no summer time in the trail's weeks
FIRST_SCORED_SLOTS = 5  # the incidents' slots on the scored days
END = dt.date(2026, 12, 6)  # a Sunday: the trail's last day

MGMT, PROD, DATA, SEC, NEW = (
    "318204775160",
    "604118237745",
    "771952304618",
    "229406518837",
    "913377460251",
)
ACCOUNTS = {MGMT: "management", PROD: "prod", DATA: "data", SEC: "security", NEW: "engadin"}
REGION = {MGMT: HOME, PROD: HOME, DATA: "eu-central-1", SEC: HOME, NEW: HOME}

VENDOR_TURNSTILE = "590183746221"  # the turnstile vendor's monitoring account
VENDOR_APM = "464622532012"  # the observability vendor
VENDOR_COMPLIANCE = "718550329104"  # the new compliance vendor (B6)
ATTACKER_AWS = "133742016583"  # another AWS customer's account, the attacker's (A2)
PARTNER_ABROAD = "209887341156"  # A10's "replication" target


@dataclass(frozen=True)
class Place:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def ip(self, n: int) -> str:
        """The ``n``-th host of the prefix (wrapping), never its network address."""
        a, b, c, _ = (int(x) for x in self.cidr.split("/")[0].split("."))
        bits = int(self.cidr.split("/")[1])
        size = 2 ** (32 - bits)
        base = (a << 24) | (b << 16) | (c << 8)
        v = base + 1 + (n % (size - 2))
        return ".".join(str((v >> s) & 255) for s in (24, 16, 8, 0))


AMAZON = "Amazon.com, Inc."
PLACES: dict[str, Place] = {
    # AWS: NAT gateways, Lambda, vendors and the attacker's own account
    "nat_prod": Place("51.34.0.0/16", 16509, AMAZON, "CH", "Zurich", 47.37, 8.54),
    "nat_prod_new": Place("16.19.0.0/16", 16509, AMAZON, "CH", "Zurich", 47.37, 8.54),
    "lambda_zrh": Place("16.18.0.0/16", 16509, AMAZON, "CH", "Zurich", 47.37, 8.54),
    "nat_engadin": Place("51.96.0.0/16", 16509, AMAZON, "CH", "Zurich", 47.37, 8.54),
    "aws_fra": Place("52.57.0.0/16", 16509, AMAZON, "DE", "Frankfurt am Main", 50.11, 8.68),
    "aws_fra_b": Place("3.40.0.0/17", 16509, AMAZON, "DE", "Frankfurt am Main", 50.11, 8.68),
    "aws_iad": Place("54.221.0.0/16", 16509, AMAZON, "US", "Ashburn", 39.04, -77.49),
    "aws_iad_b": Place("18.97.0.0/18", 16509, AMAZON, "US", "Ashburn", 39.04, -77.49),
    "aws_dub": Place("54.247.0.0/16", 16509, AMAZON, "IE", "Dublin", 53.35, -6.26),
    # people and the company
    "hq": Place("195.65.12.0/24", 3303, "Swisscom (Schweiz) AG", "CH", "Lucerne", 47.05, 8.31),
    "valley": Place("195.65.40.0/24", 3303, "Swisscom (Schweiz) AG", "CH", "Engelberg", 46.82, 8.4),
    "home_swisscom": Place("85.1.0.0/16", 3303, "Swisscom (Schweiz) AG", "CH", "Zug", 47.17, 8.52),
    "home_sunrise": Place("77.58.0.0/16", 6730, "Sunrise GmbH", "CH", "Zurich", 47.37, 8.54),
    "home_init7": Place(
        "77.109.128.0/19", 13030, "Init7 (Switzerland) Ltd.", "CH", "Winterthur", 47.5, 8.72
    ),
    "mobile_salt": Place("178.197.128.0/17", 15796, "Salt Mobile SA", "CH", "Lucerne", 47.05, 8.31),
    "gitlab": Place("34.73.0.0/16", 396982, "Google LLC", "US", "Moncks Corner", 33.2, -80.01),
    "fiscal_it": Place("212.25.0.0/19", 8758, "Iway AG", "CH", "Zurich", 47.37, 8.54),
    "webcam": Place("62.2.0.0/16", 6830, "Liberty Global B.V.", "CH", "Andermatt", 46.63, 8.59),
    "lasvegas": Place(
        "70.173.0.0/16", 22773, "Cox Communications Inc.", "US", "Las Vegas", 36.17, -115.14
    ),
    "ir_firm": Place(
        "213.86.0.0/16",
        8220,
        "Colt Technology Services Group Limited",
        "GB",
        "London",
        51.51,
        -0.13,
    ),
    "auditor": Place("165.225.94.0/24", 62044, "Zscaler, Inc.", "CH", "Zurich", 47.37, 8.54),
    "engadin_office": Place(
        "195.141.100.0/24", 3303, "Swisscom (Schweiz) AG", "CH", "St. Moritz", 46.5, 9.84
    ),
    # the attackers
    "contabo": Place("5.189.128.0/17", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "m247_zrh": Place("146.70.0.0/16", 9009, "M247 Europe SRL", "CH", "Zurich", 47.37, 8.54),
    "viettel": Place("116.98.0.0/16", 7552, "Viettel Group", "VN", "Hanoi", 21.03, 105.85),
    "tor": Place(
        "185.220.100.0/22", 60729, "Stiftung Erneuerbare Freiheit", "DE", "Berlin", 52.52, 13.4
    ),
    "quickline": Place("31.10.128.0/17", 15600, "Quickline AG", "CH", "Biel", 47.14, 7.25),
    "do_fra": Place(
        "164.90.160.0/20", 14061, "DigitalOcean, LLC", "DE", "Frankfurt am Main", 50.11, 8.68
    ),
    "aeza": Place(
        "77.221.158.0/24", 210644, "AEZA INTERNATIONAL LTD", "SE", "Stockholm", 59.33, 18.06
    ),
    "buyvm": Place("104.244.72.0/21", 53667, "FranTech Solutions", "LU", "Luxembourg", 49.61, 6.13),
    "hetzner_hel": Place(
        "65.21.0.0/16", 24940, "Hetzner Online GmbH", "FI", "Helsinki", 60.17, 24.94
    ),
    "pq": Place("91.215.85.0/24", 215540, "PQ Hosting Plus S.R.L.", "MD", "Chisinau", 47.01, 28.86),
    "hostwinds": Place("142.11.192.0/18", 54290, "Hostwinds LLC.", "US", "Seattle", 47.61, -122.33),
}

# the networks on the threat list the SOC loads (Tor exits)
THREAT = ["185.220.100.0/22", "192.42.116.0/23"]

# people: (user, team, home place, permission set); Identity Center, Entra ID federated
PEOPLE = [
    ("l.amstutz", "platform", "home_sunrise", "PlatformAdmin"),
    ("r.zgraggen", "platform", "home_swisscom", "PlatformAdmin"),
    ("n.odermatt", "platform", "home_init7", "PlatformAdmin"),
    ("s.imfeld", "ticketing", "hq", "TicketingDeveloper"),
    ("m.bucher", "ticketing", "home_swisscom", "TicketingDeveloper"),
    ("c.achermann", "ticketing", "hq", "TicketingDeveloper"),
    ("j.kaelin", "ticketing", "home_sunrise", "TicketingDeveloper"),
    ("a.durrer", "data", "hq", "DataAnalyst"),
    ("p.gasser", "data", "home_init7", "DataAnalyst"),
    ("e.vonrotz", "data", "hq", "DataAnalyst"),
    ("t.barmettler", "security", "hq", "SecurityAuditor"),
    ("f.niederberger", "security", "home_swisscom", "SecurityAuditor"),
    ("d.wyrsch", "finance", "hq", "Billing"),
    ("k.christen", "operations", "valley", "LiftOperations"),
    ("b.infanger", "operations", "valley", "LiftOperations"),
]
SSO_HASH = {
    "PlatformAdmin": "7d1e2a90c4b3f815",
    "TicketingDeveloper": "3b9f0c6e21aa4d07",
    "DataAnalyst": "a4c81e55f0926b3d",
    "SecurityAuditor": "0e6d3f7a9b1c2845",
    "Billing": "c95b04d2e8f1a763",
    "LiftOperations": "58e2b1f9037dca64",
    "IncidentResponse": "e17f4a0b9c6d2358",
    "ExternalAuditReadOnly": "6b20d8c4f1e3a597",
    "DataPlatformEngineer": "92d5c7e0a1f84b36",
}
DOMAIN = "alpenfirn.ch"


def sso_role(account: str, permission_set: str) -> str:
    return (
        f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{HOME}/"
        f"AWSReservedSSO_{permission_set}_{SSO_HASH[permission_set]}"
    )


def role(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def user(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:user/{name}"


def sso_person(account: str, permission_set: str, person: str) -> str:
    """An Identity Center user as ``ueba`` learns them (docs/enrichment-identity.md): the
    assumed-role session ARN with the user's name, not the role shared by everyone of the set."""
    return (
        f"arn:aws:sts::{account}:assumed-role/AWSReservedSSO_{permission_set}_"
        f"{SSO_HASH[permission_set]}/{person}@{DOMAIN}"
    )
