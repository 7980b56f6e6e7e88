"""Fjällmark Mutual's address plan: the networks its people, vendors and attackers call from, the
AWS addresses its workloads get, and the MaxMind-format databases that cover exactly those.

Public blocks are sub-blocks of ranges the bundled IP-to-ASN table (``ueba/data/asn-ipv4.parquet``,
read as a plain file by the test, never through ``ueba``) gives to the named operator; AWS
addresses come from the EC2 prefixes of the bundled ``ip-ranges.json``, read as JSON.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

IP_RANGES = Path(__file__).resolve().parents[2] / "ueba" / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Net:
    """A block of one operator, where it is, and what it is for in the story."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def address(self, rng: random.Random) -> str:
        block = ipaddress.ip_network(self.cidr)
        return str(block[rng.randrange(2, block.num_addresses - 2)])


NETS: dict[str, Net] = {
    # head office in Stockholm: Telia until the move, GlobalConnect from the morning of 4 November
    "hq_telia": Net("81.227.140.0/26", 3301, "Telia Company AB", "SE", "Stockholm", 59.33, 18.07),
    "hq_globalconnect": Net(
        "83.140.22.0/26", 12552, "GlobalConnect AB", "SE", "Stockholm", 59.33, 18.06
    ),
    "helsinki_office": Net(
        "80.220.64.0/26", 1759, "Telia Finland Oyj", "FI", "Helsinki", 60.17, 24.94
    ),
    # people's homes (dynamic addresses inside each ISP's block)
    "home_tele2": Net("90.130.0.0/16", 1257, "Tele2 Sverige AB", "SE", "Stockholm", 59.3, 18.0),
    "home_bahnhof": Net("155.4.0.0/16", 8473, "Bahnhof AB", "SE", "Uppsala", 59.86, 17.64),
    "home_bredband2": Net("77.53.0.0/16", 29518, "Bredband2 AB", "SE", "Malmo", 55.6, 13.0),
    "home_telia_fi": Net("84.248.0.0/16", 1759, "Telia Finland Oyj", "FI", "Espoo", 60.2, 24.66),
    "home_telenor": Net("88.88.0.0/16", 2119, "Telenor Norge AS", "NO", "Oslo", 59.91, 10.75),
    # the outsourced SOC in Tallinn, its announced new egress range from 3 November
    "soc_old": Net("90.190.12.0/27", 3249, "Telia Eesti AS", "EE", "Tallinn", 59.44, 24.75),
    "soc_new": Net("46.131.40.0/27", 3249, "Telia Eesti AS", "EE", "Tallinn", 59.44, 24.75),
    # GitHub-hosted runners (Azure) publishing the docs site with a legacy IAM user key
    "gha_azure": Net(
        "20.47.128.0/20", 8075, "Microsoft Corporation", "US", "Boydton", 36.67, -78.39
    ),
    # attackers
    "hetzner": Net(
        "46.224.0.0/16", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37
    ),
    "vultr": Net("45.76.0.0/17", 20473, "The Constant Company, LLC", "NL", "Amsterdam", 52.37, 4.9),
    "digitalocean": Net(
        "46.101.0.0/17", 14061, "DigitalOcean, LLC", "DE", "Frankfurt", 50.11, 8.68
    ),
    "datacamp_vpn": Net(
        "89.187.160.0/20", 60068, "Datacamp Limited", "DK", "Copenhagen", 55.68, 12.57
    ),
    "mullvad": Net("45.83.220.0/22", 39351, "31173 Services AB", "SE", "Stockholm", 59.33, 18.06),
    "ovh": Net("54.36.0.0/16", 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13),
    "tor_exit": Net(
        "185.220.103.0/24", 4224, "The Calyx Institute", "US", "New York", 40.71, -74.0
    ),
}

# the Tor exit used in an attack is on the threat list the runner configures
THREAT_NET = "tor_exit"
REGIONS = ("eu-north-1", "eu-west-1")
BUILD_EPOCH = 1794009600  # 2026-11-07T00:00:00Z


def aws_prefixes(region: str) -> list[str]:
    """The bundled feed's EC2 IPv4 prefixes of ``region`` that are /24 or larger."""
    data = json.loads(IP_RANGES.read_text())
    return sorted(
        p["ip_prefix"]
        for p in data["prefixes"]
        if p["service"] == "EC2"
        and p["region"] == region
        and ipaddress.ip_network(p["ip_prefix"]).prefixlen <= 24
    )


class AwsAddresses:
    """Stable, deterministic EC2 addresses: the same label always gets the same address."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.prefixes = {r: aws_prefixes(r) for r in REGIONS}
        self.used: dict[str, str] = {}

    def get(self, label: str, region: str = "eu-north-1") -> str:
        digest = hashlib.sha256(f"{self.seed}:{label}".encode()).digest()
        prefixes = self.prefixes[region]
        block = ipaddress.ip_network(prefixes[digest[0] % len(prefixes)])
        offset = int.from_bytes(digest[1:5], "big") % (block.num_addresses - 4) + 2
        address = str(block[offset])
        self.used[address] = region
        return address


def private(label: str, base: str = "10.40.0.0/16") -> str:
    """A private address of a workload behind an interface endpoint (Direct Connect, VPC)."""
    block = ipaddress.ip_network(base)
    digest = hashlib.sha256(label.encode()).digest()
    return str(block[int.from_bytes(digest[:4], "big") % (block.num_addresses - 4) + 2])


def write_mmdb(directory: Path, aws_used: dict[str, str]) -> tuple[Path, Path]:
    """``fjallmark-ASN.mmdb`` and ``fjallmark-City.mmdb`` covering every block of ``NETS`` and
    the /24 of every AWS address used (Amazon, in the region's city)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    directory.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", description="heldout18 ASN")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City", description="heldout18 City")
    entries = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in NETS.values()]
    where = {
        "eu-north-1": ("SE", "Stockholm", 59.33, 18.07),
        "eu-west-1": ("IE", "Dublin", 53.35, -6.26),
    }
    aws24 = sorted(
        {(str(ipaddress.ip_network(f"{a}/24", strict=False)), r) for a, r in aws_used.items()}
    )
    entries += [(c, 16509, "Amazon.com, Inc.", *where[r]) for c, r in aws24]
    for cidr, number, org, country, town, lat, lon in entries:
        asn.insert_network(
            IPSet([cidr]),
            {"autonomous_system_number": number, "autonomous_system_organization": org},
        )
        city.insert_network(
            IPSet([cidr]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": town}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    paths = directory / "fjallmark-ASN.mmdb", directory / "fjallmark-City.mmdb"
    # mmdb_writer stamps the build time into the metadata; the suite's build time is fixed (the
    # trail's last day) so that a seed's files are the same bytes every time
    import mmdb_writer

    clock = mmdb_writer.time
    mmdb_writer.time = SimpleNamespace(time=lambda: BUILD_EPOCH)  # type: ignore[attr-defined]
    try:
        for writer, path in zip((asn, city), paths, strict=True):
            tmp = path.with_suffix(".tmp")
            writer.to_db_file(str(tmp))
            tmp.replace(path)
    finally:
        mmdb_writer.time = clock  # type: ignore[attr-defined]
    return paths
