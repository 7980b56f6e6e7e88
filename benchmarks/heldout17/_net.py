"""Tessellate AI's address plan: the networks outside AWS (blocks the bundled IP-to-ASN table
gives to the operator named), the EC2 prefixes its workloads egress from, and the MaxMind-format
ASN and City databases covering exactly those networks.

Nothing here imports ``ueba``: the bundled ``ip-ranges.json`` is read as a data file.
"""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IP_RANGES = REPO / "ueba" / "data" / "ip-ranges.json"
ASN_TABLE = REPO / "ueba" / "data" / "asn-ipv4.parquet"


@dataclass(frozen=True)
class Net:
    """One network: a block inside what the ASN table gives ``asn``, where it is, and whether
    the organisation (or an attacker) uses it."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def pick(self, rng: random.Random) -> str:
        block = ipaddress.ip_network(self.cidr)
        return str(block.network_address + rng.randrange(2, block.num_addresses - 1))

    def nth(self, n: int) -> str:
        block = ipaddress.ip_network(self.cidr)
        return str(block.network_address + 2 + n % (block.num_addresses - 3))


# The organisation's own networks outside AWS, and the attackers'. Each block lies inside a
# range the bundled IP-to-ASN table assigns to that operator (tests/evaluate checks it).
NETS: dict[str, Net] = {
    # the San Francisco office and its GPU lab (AT&T business fibre)
    "office": Net(
        "108.192.40.0/28", 7018, "AT&T Enterprises, LLC", "US", "San Francisco", 37.77, -122.42
    ),
    # people's homes
    "comcast": Net(
        "73.15.64.0/22", 7922, "Comcast Cable Communications, LLC", "US", "Oakland", 37.80, -122.27
    ),
    "verizon": Net("71.105.16.0/22", 701, "Verizon Business", "US", "New York", 40.71, -74.01),
    "charter": Net(
        "75.132.8.0/22", 20115, "Charter Communications", "US", "St. Louis", 38.63, -90.20
    ),
    "cox": Net("68.4.32.0/22", 22773, "Cox Communications Inc.", "US", "San Diego", 32.72, -117.16),
    "rogers": Net(
        "99.230.64.0/22", 812, "Rogers Communications Canada Inc.", "CA", "Toronto", 43.65, -79.38
    ),
    "bell": Net("142.182.16.0/22", 577, "Bell Canada", "CA", "Montreal", 45.50, -73.57),
    # the research offsite in Lisbon (hotel and venue on MEO)
    "lisbon": Net(
        "85.241.96.0/24",
        3243,
        "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.",
        "PT",
        "Lisbon",
        38.72,
        -9.14,
    ),
    # GitHub-hosted runners (Azure)
    "github": Net("20.102.32.0/20", 8075, "Microsoft Corporation", "US", "Boydton", 36.67, -78.39),
    # the data-labelling vendor's office in Bengaluru
    "vendor": Net(
        "121.241.8.0/26", 4755, "Tata Communications Limited", "IN", "Bengaluru", 12.97, 77.59
    ),
    # attackers: residential proxies and VPS
    "proxy_tr": Net(
        "85.100.64.0/20",
        9121,
        "Turk Telekomunikasyon Anonim Sirketi",
        "TR",
        "Istanbul",
        41.01,
        28.98,
    ),
    "proxy_br": Net(
        "191.180.0.0/20",
        28573,
        "Claro NXT Telecomunicacoes Ltda",
        "BR",
        "Sao Paulo",
        -23.55,
        -46.63,
    ),
    "proxy_id": Net(
        "36.70.0.0/20", 7713, "Telekomunikasi Indonesia (PT)", "ID", "Jakarta", -6.21, 106.85
    ),
    "proxy_kr": Net("175.220.0.0/20", 4766, "Korea Telecom", "KR", "Seoul", 37.57, 126.98),
    "contabo": Net("161.97.100.0/24", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "digitalocean": Net("46.101.50.0/24", 14061, "DigitalOcean, LLC", "GB", "London", 51.51, -0.13),
    "vultr": Net(
        "45.76.20.0/24", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "hetzner": Net(
        "46.224.10.0/24", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37
    ),
    "m247": Net("146.70.100.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    "rostelecom": Net(
        "178.66.12.0/24", 12389, "PJSC Rostelecom", "RU", "Saint Petersburg", 59.94, 30.31
    ),
}

# the one threat-list address (an M247 VPN exit seen in earlier intrusions)
THREAT = "146.70.100.37"

BUILD_EPOCH = 1_796_342_400  # 2026-12-04T00:00:00Z, the suite's last day
AWS_CITY = {
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-west-2": ("US", "Boardman", 45.84, -119.70),
}


def ec2_prefixes(regions: tuple[str, ...] = ("us-east-1", "us-west-2")) -> dict[str, list[str]]:
    """Per region, the EC2 prefixes of the bundled ``ip-ranges.json`` (a /16 to /20 each)."""
    doc = json.loads(IP_RANGES.read_text())
    out: dict[str, list[str]] = {r: [] for r in regions}
    for p in doc["prefixes"]:
        size = int(p["ip_prefix"].split("/")[1])
        if p["service"] == "EC2" and p["region"] in out and 16 <= size <= 20:
            out[p["region"]].append(p["ip_prefix"])
    return {r: sorted(v)[:12] for r, v in out.items()}


def aws_address(prefixes: list[str], rng: random.Random) -> str:
    block = ipaddress.ip_network(rng.choice(prefixes))
    return str(block.network_address + rng.randrange(256, block.num_addresses - 256))


def write_mmdb(out: Path, prefixes: dict[str, list[str]]) -> tuple[Path, Path]:
    """``heldout17-ASN.mmdb`` and ``heldout17-City.mmdb`` for exactly the networks above and the
    EC2 prefixes used (Amazon, AS16509)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    class Writer(MMDBWriter):  # type: ignore[misc]
        """A fixed build time, so that the same seed writes the same bytes."""

        def _build_meta(self) -> dict[str, object]:
            return {**super()._build_meta(), "build_epoch": BUILD_EPOCH}

    out.mkdir(parents=True, exist_ok=True)
    asn = Writer(ip_version=4, database_type="GeoLite2-ASN", int_type="u32")
    city = Writer(ip_version=4, database_type="GeoLite2-City", int_type="u32")
    rows = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in NETS.values()]
    for region, blocks in prefixes.items():
        country, name, lat, lon = AWS_CITY[region]
        rows += [(b, 16509, "AMAZON-AES", country, name, lat, lon) for b in blocks]
    for cidr, number, org, country, name, lat, lon in rows:
        where = IPSet([cidr])
        asn.insert_network(
            where,
            {"autonomous_system_number": number, "autonomous_system_organization": org},
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": name}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    asn_path, city_path = out / "heldout17-ASN.mmdb", out / "heldout17-City.mmdb"
    for writer, path in ((asn, asn_path), (city, city_path)):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return asn_path, city_path
