"""Where Koorak Minerals' calls come from: blocks that the bundled IP-to-ASN table gives to the
operators named (satellite carriers, Australian ISPs, hosting companies), AWS EC2 prefixes of
the bundled ``ip-ranges.json``, and the MaxMind-format databases that cover exactly them.

Nothing here imports ``ueba``; ``tests/evaluate/test_heldout21_suite.py`` checks every block
against the table and every AWS prefix against the feed.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Block:
    """A network an operator announces, and where MaxMind would place it."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def address(self, rng: random.Random) -> str:
        net = ipaddress.ip_network(self.cidr)
        return str(net[rng.randrange(2, net.num_addresses - 2)])


def _b(cidr: str, asn: int, org: str, where: tuple[str, str, float, float]) -> Block:
    return Block(cidr, asn, org, *where)


PERTH = ("AU", "Perth", -31.95, 115.86)
KARRATHA = ("AU", "Karratha", -20.74, 116.85)  # satellite gateways geolocate to the carrier's PoP
LEONORA = ("AU", "Sydney", -33.87, 151.21)  # Starlink CGNAT lands on its Sydney PoP
BRISBANE = ("AU", "Brisbane", -27.47, 153.03)
CAIRNS = ("AU", "Cairns", -16.92, 145.77)
ADELAIDE = ("AU", "Adelaide", -34.93, 138.60)
MELBOURNE = ("AU", "Melbourne", -37.81, 144.96)
VANCOUVER = ("CA", "Vancouver", 49.28, -123.12)
SINGAPORE = ("SG", "Singapore", 1.35, 103.82)
FRANKFURT = ("DE", "Falkenstein", 50.48, 12.37)
BUCHAREST = ("RO", "Bucharest", 44.43, 26.10)
AMSTERDAM = ("NL", "Amsterdam", 52.37, 4.90)
SYDNEY = ("AU", "Sydney", -33.87, 151.21)

STARLINK, OPTUS, INMARSAT = (
    "Space Exploration Technologies Corporation",
    "SingTel Optus Pty Ltd",
    "Inmarsat Global Limited",
)

BLOCKS: dict[str, Block] = {
    # site A (Yarrie Creek, Pilbara): Optus satellite service, carrier-grade NAT
    "site_a": _b("110.21.64.0/20", 4804, OPTUS, KARRATHA),
    # site B (Leonora, Goldfields): Starlink business, CGNAT; re-numbered into site_b_new
    "site_b": _b("129.222.232.0/21", 14593, STARLINK, LEONORA),
    "site_b_new": _b("148.222.128.0/22", 14593, STARLINK, LEONORA),
    # site C (Mt Magnet, joins the network in the scored window): Starlink
    "site_c": _b("14.1.80.0/21", 14593, STARLINK, LEONORA),
    # exploration field camp geologists: Inmarsat BGAN terminals
    "field": _b("161.30.96.0/20", 31515, INMARSAT, ("GB", "London", 51.51, -0.13)),
    "perth_office": _b("203.18.118.0/24", 1221, "Telstra Limited", PERTH),
    "home_perth_tpg": _b("14.201.0.0/16", 7545, "TPG Internet Pty Ltd", PERTH),
    "home_perth_iinet": _b("122.49.160.0/19", 4739, "iiNet Limited", PERTH),
    "home_bris_telstra": _b("1.136.0.0/16", 1221, "Telstra Limited", BRISBANE),
    "home_cairns_abb": _b("180.181.200.0/21", 4764, "Wideband Networks Pty Ltd", CAIRNS),
    "home_adl_iinet": _b("150.101.160.0/20", 4739, "iiNet Limited", ADELAIDE),
    "home_melb_superloop": _b("27.122.112.0/20", 38195, "SUPERLOOP (AUSTRALIA) PTY LTD", MELBOURNE),
    "contractor_vocus": _b("124.254.96.0/19", 4826, "VOCUS PTY LTD", MELBOURNE),
    "partner_office": _b("202.137.100.0/22", 4826, "VOCUS PTY LTD", MELBOURNE),
    "vancouver_hotel": _b("142.131.36.0/23", 852, "TELUS Communications Inc.", VANCOUVER),
    # attackers
    "do_sgp": _b("146.190.64.0/18", 14061, "DigitalOcean, LLC", SINGAPORE),
    "hetzner": _b("78.46.128.0/17", 24940, "Hetzner Online GmbH", FRANKFURT),
    "vultr_syd": _b("140.82.16.0/20", 20473, "The Constant Company, LLC", SYDNEY),
    "m247": _b("185.231.248.0/22", 9009, "M247 Europe SRL", BUCHAREST),
    "ovh": _b("51.91.64.0/18", 16276, "OVH SAS", AMSTERDAM),
    "serversau": _b("118.127.16.0/20", 45671, "Servers Australia Pty. Ltd", SYDNEY),
}

# EC2 prefixes of the bundled ip-ranges.json (service EC2) by region
AWS: dict[str, str] = {
    "ap-southeast-2": "13.236.0.0/14",
    "ap-southeast-2b": "54.206.0.0/16",
    "ap-southeast-4": "16.50.0.0/15",
    "us-west-2": "54.148.0.0/15",  # Bitbucket Pipelines runners (Atlassian builds on AWS)
    "us-east-1": "52.4.0.0/14",
    "sa-east-1": "18.228.0.0/16",
}


def aws_address(region: str, rng: random.Random) -> str:
    net = ipaddress.ip_network(AWS[region])
    return str(net[rng.randrange(256, net.num_addresses - 256)])


def write_geo(out: Path, prefix: str = "heldout21") -> tuple[Path, Path]:
    """``geo/<prefix>-ASN.mmdb`` and ``-City.mmdb`` (GeoLite2 layouts) covering every block."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="heldout21 ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout21 City")
    for block in BLOCKS.values():
        nets = IPSet([block.cidr])
        asn.insert_network(
            nets,
            {"autonomous_system_number": block.asn, "autonomous_system_organization": block.org},
        )
        city.insert_network(
            nets,
            {
                "city": {"names": {"en": block.city}},
                "country": {"iso_code": block.country, "names": {"en": block.country}},
                "location": {"latitude": block.lat, "longitude": block.lon},
            },
        )
    asn_path, city_path = out / f"{prefix}-ASN.mmdb", out / f"{prefix}-City.mmdb"
    for writer, path in ((asn, asn_path), (city, city_path)):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return asn_path, city_path
