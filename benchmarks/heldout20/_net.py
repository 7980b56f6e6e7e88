"""Addresses for the law firm's suite: ISP, hosting and attacker blocks taken from the IP-to-ASN
table bundled with ueba (read as a file, nothing imported from ueba), AWS addresses from the EC2
prefixes of the bundled ``ip-ranges.json``, and MaxMind-format ASN and City databases covering
exactly the networks used."""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path

import polars as pl

DATA = Path(__file__).resolve().parents[2] / "ueba" / "data"


@dataclass(frozen=True)
class Net:
    """A block of addresses with what a GeoIP database says of it."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    aws: bool = False

    def addr(self, i: int) -> str:
        """The i-th usable address of the block (wrapping), never the network address."""
        net = ipaddress.ip_network(self.cidr)
        span = max(net.num_addresses - 2, 1)
        return str(net.network_address + 1 + (i % span))


# operator -> (as_org as the table spells it, country, city, latitude, longitude)
OPERATORS: dict[str, tuple[str, str, str, float, float]] = {
    "bt": ("British Telecommunications PLC", "GB", "London", 51.51, -0.13),
    "virgin": ("Virgin Media Limited", "GB", "Manchester", 53.48, -2.24),
    "verizon": ("Verizon Business", "US", "New York", 40.71, -74.0),
    "comcast": ("Comcast Cable Communications, LLC", "US", "Newark", 40.73, -74.17),
    "charter": ("Charter Communications Inc", "US", "Stamford", 41.05, -73.54),
    "singnet": ("SingNet Pte Ltd", "SG", "Singapore", 1.29, 103.85),
    "starhub": ("Starhub Ltd.", "SG", "Singapore", 1.29, 103.85),
    "dtag": ("Deutsche Telekom AG", "DE", "Frankfurt am Main", 50.11, 8.68),
    "mdr": ("NTT PC Communications, Inc.", "US", "Herndon", 38.97, -77.39),
    "mdr_new": ("ZSCALER, INC.", "US", "Ashburn", 39.04, -77.49),
    "hetzner": ("Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37),
    "m247": ("M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1),
    "datacamp": ("Datacamp Limited", "NL", "Amsterdam", 52.37, 4.9),
    "packethub": ("PacketHub S.A.", "PA", "Panama City", 8.98, -79.52),
    "ovh": ("OVH SAS", "FR", "Roubaix", 50.69, 3.18),
    "digitalocean": ("DigitalOcean, LLC", "US", "North Bergen", 40.8, -74.01),
    "frantech": ("FranTech Solutions", "US", "Las Vegas", 36.17, -115.14),
}


def _table() -> pl.DataFrame:
    return pl.read_parquet(DATA / "asn-ipv4.parquet")


def operator_net(table: pl.DataFrame, name: str, *, pick: int = 0, prefix: int = 24) -> Net:
    """A /``prefix`` (or the whole block when smaller) inside the ``pick``-th block of at least
    256 addresses the table gives the operator, by start address."""
    org, country, city, lat, lon = OPERATORS[name]
    blocks = (
        table.filter((pl.col("as_org") == org) & (pl.col("end") - pl.col("start") >= 255))
        .sort("start")
        .select("start", "end", "asn")
        .rows()
    )
    if not blocks:
        raise LookupError(f"no block of {org!r} in the bundled ASN table")
    start, end, asn = blocks[pick % len(blocks)]
    size = min(2 ** (32 - prefix), end - start + 1)
    bits = 32 - (size.bit_length() - 1)
    base = ipaddress.IPv4Address(start)
    return Net(f"{base}/{bits}", int(asn), org, country, city, lat, lon)


def aws_nets(region: str, count: int, rng: random.Random) -> list[Net]:
    """``count`` distinct EC2 prefixes of the region (the public addresses of instances, NAT
    gateways and Lambda's execution environments)."""
    ranges = json.loads((DATA / "ip-ranges.json").read_text())["prefixes"]
    ec2 = sorted(p["ip_prefix"] for p in ranges if p["region"] == region and p["service"] == "EC2")
    city = {
        "eu-west-2": ("GB", "London", 51.51, -0.13),
        "us-east-1": ("US", "Ashburn", 39.04, -77.49),
        "eu-central-1": ("DE", "Frankfurt am Main", 50.11, 8.68),
    }
    country, town, lat, lon = city.get(region, ("US", "Seattle", 47.6, -122.3))
    chosen = rng.sample(ec2, count)
    return [Net(p, 16509, "AMAZON-02", country, town, lat, lon, aws=True) for p in chosen]


def write_mmdb(nets: list[Net], out: Path) -> tuple[Path, Path]:
    """``heldout20-ASN.mmdb`` and ``heldout20-City.mmdb`` for ``nets`` (GeoLite2 layouts)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", description="heldout20 ASN")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City", description="heldout20 City")
    for n in sorted(set(nets), key=lambda n: n.cidr):
        block = IPSet([n.cidr])
        asn.insert_network(
            block, {"autonomous_system_number": n.asn, "autonomous_system_organization": n.org}
        )
        city.insert_network(
            block,
            {
                "country": {"iso_code": n.country, "names": {"en": n.country}},
                "city": {"names": {"en": n.city}},
                "location": {"latitude": n.lat, "longitude": n.lon},
            },
        )
    paths = out / "heldout20-ASN.mmdb", out / "heldout20-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths


def networks(rng: random.Random) -> dict[str, list[Net]]:
    """Every network the organisation and its incidents use, by role."""
    table = _table()
    nets: dict[str, list[Net]] = {
        name: [operator_net(table, name, pick=rng.randrange(40) + k) for k in range(2)]
        for name in OPERATORS
    }
    nets["aws_lon"] = aws_nets("eu-west-2", 10, rng)
    nets["aws_nyc"] = aws_nets("us-east-1", 10, rng)
    nets["aws_fra"] = aws_nets("eu-central-1", 3, rng)
    return nets
