"""Where the held-out organisation's calls come from: real operators' address blocks.

Every address outside AWS is drawn from a block that the IP-to-ASN table bundled with ueba
(``ueba/data/asn-ipv4.parquet``) gives to the named operator, so ASN enrichment resolves it
without any database of ours; AWS addresses come from the EC2 prefixes of the repository's
``data/ip-ranges.json``. ``write_geo`` writes MaxMind-format ASN and City databases for exactly
these blocks (a stand-in for the GeoLite2 files a deployment passes, which this repository
cannot ship), so country rules have data too.
"""

from __future__ import annotations

import bisect
import ipaddress
import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[2]
IP_RANGES = REPO / "data" / "ip-ranges.json"
ASN_TABLE = REPO / "ueba" / "data" / "asn-ipv4.parquet"

# operator -> (ASN, ISO country, city, latitude, longitude). Countries are where the operator's
# customers sit for our purposes (a Hetzner VPS in Germany, a Claro line in Brazil).
OPERATORS: dict[str, tuple[int, str, str, float, float]] = {
    "comcast": (7922, "US", "Philadelphia", 39.95, -75.16),
    "verizon": (701, "US", "New York", 40.71, -74.01),
    "charter": (20115, "US", "Austin", 30.27, -97.74),
    "att": (7018, "US", "Dallas", 32.78, -96.80),
    "telekom": (3320, "DE", "Berlin", 52.52, 13.40),
    "orange_pl": (5617, "PL", "Warsaw", 52.23, 21.01),
    "zscaler": (53813, "US", "San Jose", 37.34, -121.89),  # corporate egress (cloud proxy)
    "digitalocean": (14061, "NL", "Amsterdam", 52.37, 4.90),
    "vultr": (20473, "US", "Piscataway", 40.55, -74.46),
    "ovh": (16276, "FR", "Roubaix", 50.69, 3.17),
    "hetzner": (24940, "DE", "Falkenstein", 50.48, 12.37),
    "m247": (9009, "RO", "Bucharest", 44.43, 26.10),
    "frantech": (53667, "LU", "Luxembourg", 49.61, 6.13),  # Tor exits
    "calyx": (4224, "US", "New York", 40.71, -74.01),  # Tor exits
    "claro_br": (28573, "BR", "Sao Paulo", -23.55, -46.63),
    "microsoft": (8075, "US", "Boydton", 36.67, -78.39),  # GitHub-hosted runners
    "digi_ro": (8708, "RO", "Cluj-Napoca", 46.77, 23.60),
}
AWS_CITY = {
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-east-2": ("US", "Columbus", 39.96, -83.00),
    "eu-central-1": ("DE", "Frankfurt am Main", 50.11, 8.68),
}


@cache
def _aws_prefixes() -> tuple[tuple[str, str, str], ...]:
    doc = json.loads(IP_RANGES.read_text())
    return tuple((p["ip_prefix"], p["region"], p["service"]) for p in doc["prefixes"])


@cache
def _aws_ranges() -> tuple[list[int], list[int]]:
    """The EC2 and other AWS prefixes merged into disjoint address ranges, (starts, ends) in
    order: an address is in one of the prefixes exactly when it is in one of these ranges."""
    merged = ipaddress.collapse_addresses(ipaddress.IPv4Network(p) for p, _, _ in _aws_prefixes())
    nets = list(merged)
    return [int(n.network_address) for n in nets], [int(n.broadcast_address) for n in nets]


def in_aws(ip: str) -> bool:
    """Whether ``ip`` is in any AWS prefix (by bisection over the merged ranges, not a
    comparison with each of ~10,000 prefixes per address)."""
    value = int(ipaddress.IPv4Address(ip))
    starts, ends = _aws_ranges()
    i = bisect.bisect_right(starts, value) - 1
    return i >= 0 and value <= ends[i]


@cache
def _region_prefixes(region: str, service: str) -> tuple[str, ...]:
    """The prefixes ``Pool.aws`` draws from for ``region`` and ``service``, in the file's order:
    those of /22 or wider, else those of /28 or wider."""
    prefixes = [p for p, r, s in _aws_prefixes() if r == region and s == service]
    return tuple(
        [p for p in prefixes if ipaddress.IPv4Network(p).prefixlen <= 22]
        or [p for p in prefixes if ipaddress.IPv4Network(p).prefixlen <= 28]
    )


@cache
def _blocks(asn: int) -> tuple[tuple[int, int], ...]:
    table = pl.read_parquet(ASN_TABLE).filter(pl.col("asn") == asn).sort("start")
    return tuple(
        (s, e)
        for s, e in zip(table["start"].to_list(), table["end"].to_list(), strict=True)
        if e - s >= 255
    )


@dataclass
class Pool:
    """Draws addresses, remembering every block used so the GeoIP files can cover them."""

    rng: random.Random
    used: dict[str, set[str]]  # operator or "aws:<region>" -> CIDRs

    def isp(self, operator: str, near: str | None = None) -> str:
        """An address of ``operator``; with ``near``, in the same /16 (a DHCP re-lease)."""
        asn = OPERATORS[operator][0]
        blocks = _blocks(asn)
        for _ in range(200):
            if near is not None:
                base = int(ipaddress.IPv4Address(near)) & 0xFFFF0000
                start, end = next(
                    ((s, e) for s, e in blocks if s <= int(ipaddress.IPv4Address(near)) <= e),
                    blocks[0],
                )
                value = self.rng.randint(max(start, base), min(end, base + 0xFFFF))
            else:
                start, end = blocks[self.rng.randrange(len(blocks))]
                value = self.rng.randint(start, end)
            ip = str(ipaddress.IPv4Address(value))
            if value & 0xFF in (0, 255) or in_aws(ip):
                continue
            self.used.setdefault(operator, set()).add(
                str(ipaddress.IPv4Network(f"{ip}/24", strict=False))
            )
            return ip
        raise RuntimeError(f"no usable address for {operator}")

    def aws(self, region: str, service: str = "EC2") -> str:
        """A public address of an EC2 prefix of ``region`` (an instance, a NAT gateway)."""
        prefixes = _region_prefixes(region, service)
        net = ipaddress.IPv4Network(prefixes[self.rng.randrange(len(prefixes))])
        value = int(net.network_address) + self.rng.randint(4, net.num_addresses - 4)
        ip = str(ipaddress.IPv4Address(value))
        self.used.setdefault(f"aws:{region}", set()).add(
            str(ipaddress.IPv4Network(f"{ip}/24", strict=False))
        )
        return ip


def write_geo(used: dict[str, set[str]], directory: Path) -> tuple[Path, Path]:
    """``heldout-ASN.mmdb`` and ``heldout-City.mmdb`` covering the blocks in ``used``."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    directory.mkdir(parents=True, exist_ok=True)
    asn_db = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", description="heldout ASN")
    city_db = MMDBWriter(ip_version=4, database_type="GeoLite2-City", description="heldout City")
    for owner in sorted(used):
        cidrs = IPSet(sorted(used[owner]))
        if owner.startswith("aws:"):
            country, city, lat, lon = AWS_CITY[owner[4:]]
            asn, org = 14618, "AMAZON-AES"
        else:
            asn, country, city, lat, lon = OPERATORS[owner]
            org = _org(asn)
        asn_db.insert_network(
            cidrs, {"autonomous_system_number": asn, "autonomous_system_organization": org}
        )
        city_db.insert_network(
            cidrs,
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": city}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    asn_path, city_path = directory / "heldout-ASN.mmdb", directory / "heldout-City.mmdb"
    asn_db.to_db_file(str(asn_path))
    city_db.to_db_file(str(city_path))
    return asn_path, city_path


@cache
def _org(asn: int) -> str:
    table = pl.read_parquet(ASN_TABLE).filter(pl.col("asn") == asn)
    return str(table["as_org"][0])
