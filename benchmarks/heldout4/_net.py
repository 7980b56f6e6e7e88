"""Cobalt Ridge Health's address plan: AWS addresses from the repository's ``ip-ranges.json``,
everything else from blocks the public IP-to-ASN data gives to the named operator, and the
MaxMind-format stand-ins for GeoLite2 ASN and City that cover exactly those blocks."""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path

IP_RANGES = Path(__file__).resolve().parents[2] / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Block:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


# name -> block; each /22 was checked against the ASN table (tests/evaluate/test_heldout4_suite.py)
BLOCKS: dict[str, Block] = {
    # people at home (ISP, city)
    "comcast": Block(
        "23.24.0.0/22",
        7922,
        "Comcast Cable Communications, LLC",
        "US",
        "Philadelphia",
        39.95,
        -75.16,
    ),
    "verizon": Block("63.24.208.0/22", 701, "Verizon Business", "US", "Boston", 42.36, -71.06),
    "att": Block("12.0.128.0/22", 7018, "AT&T Enterprises, LLC", "US", "Dallas", 32.78, -96.8),
    "charter": Block(
        "23.84.0.0/22", 20115, "Charter Communications", "US", "Denver", 39.74, -104.99
    ),
    "cox": Block("24.56.0.0/22", 22773, "Cox Communications Inc.", "US", "Phoenix", 33.45, -112.07),
    "centurylink": Block(
        "63.144.116.0/22", 209, "CenturyLink Communications, LLC", "US", "Seattle", 47.61, -122.33
    ),
    # the head office in Nashville (Level 3 circuit) and the partner clearinghouse (Rackspace)
    "office": Block(
        "4.14.228.0/22", 3356, "Level 3 Communications, Inc.", "US", "Nashville", 36.16, -86.78
    ),
    "partner": Block(
        "69.20.0.0/22", 27357, "Rackspace Hosting", "US", "San Antonio", 29.42, -98.49
    ),
    # GitHub-hosted runners (Azure East US)
    "azure": Block("4.144.0.0/22", 8075, "Microsoft Corporation", "US", "Boydton", 36.67, -78.39),
    # attackers
    "digitalocean": Block(
        "24.199.64.0/22", 14061, "DigitalOcean, LLC", "US", "North Bergen", 40.8, -74.02
    ),
    "ovh": Block("5.135.0.0/22", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
    "hostinger": Block(
        "2.24.160.0/22", 47583, "Hostinger International Limited", "LT", "Vilnius", 54.69, 25.28
    ),
    "m247": Block("37.120.192.0/22", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1),
    "contabo": Block("5.189.128.0/22", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "vultr": Block(
        "45.32.0.0/22", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "frontier": Block(
        "9.249.112.0/22",
        5650,
        "Frontier Communications of America, Inc.",
        "US",
        "Tampa",
        27.95,
        -82.46,
    ),
    "packethub": Block("85.115.96.0/22", 136787, "PacketHub S.A.", "US", "Ashburn", 39.04, -77.49),
}
THREAT_BLOCK = "m247"  # one address of it is on the custom threat list

# EC2 prefixes AWS addresses are drawn from (network border group = region)
EC2_PREFIXES = {
    "us-east-1": ("44.192.0.0/11", "3.224.0.0/12", "34.192.0.0/12"),
    "us-west-2": ("44.224.0.0/11", "35.80.0.0/12", "34.208.0.0/12"),
    "us-east-2": ("3.144.0.0/13", "3.136.0.0/13"),
}
EC2_GEO = {
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-west-2": ("US", "Boardman", 45.84, -119.7),
    "us-east-2": ("US", "Columbus", 39.96, -83.0),
}


def ec2_prefixes() -> dict[str, tuple[str, ...]]:
    """The EC2 prefixes used, checked against the repository's ip-ranges.json."""
    data = json.loads(IP_RANGES.read_text())
    known = {(p["ip_prefix"], p["region"]) for p in data["prefixes"] if p.get("service") == "EC2"}
    for region, prefixes in EC2_PREFIXES.items():
        for prefix in prefixes:
            if (prefix, region) not in known:
                raise ValueError(f"{prefix} is not an EC2 prefix of {region} in {IP_RANGES}")
    return EC2_PREFIXES


class Addresses:
    """Draws addresses; the same name always gives the same address within one seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._fixed: dict[str, str] = {}

    def _draw(self, cidr: str) -> str:
        net = ipaddress.ip_network(cidr)
        return str(net.network_address + self.rng.randrange(4, net.num_addresses - 4))

    def ec2(self, region: str, name: str | None = None) -> str:
        if name is not None and name in self._fixed:
            return self._fixed[name]
        address = self._draw(self.rng.choice(EC2_PREFIXES[region]))
        if name is not None:
            self._fixed[name] = address
        return address

    def host(self, block: str, name: str | None = None) -> str:
        if name is not None and name in self._fixed:
            return self._fixed[name]
        address = self._draw(BLOCKS[block].cidr)
        if name is not None:
            self._fixed[name] = address
        return address

    def private(self, prefix: str, name: str | None = None) -> str:
        """An address in ``prefix`` (``10.40``): VPC subnets and the Direct Connect range."""
        if name is not None and name in self._fixed:
            return self._fixed[name]
        address = f"{prefix}.{self.rng.randrange(1, 250)}.{self.rng.randrange(4, 250)}"
        if name is not None:
            self._fixed[name] = address
        return address


def write_geo(out: Path) -> tuple[Path, Path]:
    """``heldout4-ASN.mmdb`` and ``heldout4-City.mmdb`` covering every block and EC2 prefix."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout4 stand-in for GeoLite2-ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout4 stand-in")

    def city_record(country: str, name: str, lat: float, lon: float) -> dict[str, object]:
        return {
            "country": {"iso_code": country, "names": {"en": country}},
            "city": {"names": {"en": name}},
            "location": {"latitude": lat, "longitude": lon},
        }

    for block in BLOCKS.values():
        asn.insert_network(
            IPSet([block.cidr]),
            {"autonomous_system_number": block.asn, "autonomous_system_organization": block.org},
        )
        city.insert_network(
            IPSet([block.cidr]), city_record(block.country, block.city, block.lat, block.lon)
        )
    for region, prefixes in EC2_PREFIXES.items():
        cc, name, lat, lon = EC2_GEO[region]
        asn.insert_network(
            IPSet(list(prefixes)),
            {
                "autonomous_system_number": 14618 if region == "us-east-1" else 16509,
                "autonomous_system_organization": "Amazon.com, Inc.",
            },
        )
        city.insert_network(IPSet(list(prefixes)), city_record(cc, name, lat, lon))
    asn_path, city_path = out / "heldout4-ASN.mmdb", out / "heldout4-City.mmdb"
    for writer, path in ((asn, asn_path), (city, city_path)):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return asn_path, city_path
