"""The address plan of Kessler Antriebstechnik: every network the trail's callers use.

Addresses outside AWS come from blocks the bundled IP-to-ASN table gives to the operator named
(a test checks each block, and that none lies in AWS's ``ip-ranges.json``); AWS addresses from
EC2 prefixes of that feed. ``write_mmdb`` writes MaxMind-format ASN and City stand-ins covering
exactly these networks, as a deployment would pass GeoLite2.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Block:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    aws: bool = False

    def addr(self, index: int) -> str:
        net = ipaddress.ip_network(self.cidr)
        return str(net.network_address + 1 + index % (net.num_addresses - 2))


# name -> block. Corporate NATs are small business ranges of the plant's ISP.
BLOCKS: dict[str, Block] = {
    # Stuttgart headquarters and data centre (Deutsche Telekom business line)
    "hq": Block("2.165.14.0/26", 3320, "Deutsche Telekom AG", "DE", "Stuttgart", 48.78, 9.18),
    # Chemnitz plant (Vodafone business)
    "chemnitz": Block("5.10.170.0/27", 3209, "Vodafone GmbH", "DE", "Chemnitz", 50.83, 12.92),
    # Greenville, SC plant on AT&T; and the range AT&T renumbers it to (benign B1)
    "greenville": Block(
        "12.0.150.0/27", 7018, "AT&T Enterprises, LLC", "US", "Greenville", 34.85, -82.39
    ),
    "greenville_new": Block(
        "12.0.201.64/27", 7018, "AT&T Enterprises, LLC", "US", "Greenville", 34.85, -82.39
    ),
    # Nagoya plant (NTT)
    "nagoya": Block(
        "27.132.8.0/27", 4713, "NTT Communications Corporation", "JP", "Nagoya", 35.18, 136.91
    ),
    # the OT vendor's offices in Linz (A1 Telekom Austria)
    "vendor": Block("45.132.35.0/27", 8447, "A1 Telekom Austria AG", "AT", "Linz", 48.31, 14.29),
    # home broadband of on-call staff
    "home_de": Block("2.170.80.0/24", 3320, "Deutsche Telekom AG", "DE", "Esslingen", 48.74, 9.31),
    "home_us": Block(
        "23.30.16.0/24",
        7922,
        "Comcast Cable Communications, LLC",
        "US",
        "Spartanburg",
        34.95,
        -81.93,
    ),
    # attackers' infrastructure
    "contabo": Block("5.180.149.0/24", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "digitalocean": Block(
        "24.144.90.0/24", 14061, "DigitalOcean, LLC", "US", "North Bergen", 40.80, -74.01
    ),
    "hetzner": Block("5.75.140.0/24", 24940, "Hetzner Online GmbH", "FI", "Helsinki", 60.17, 24.94),
    "viettel": Block("23.201.49.0/24", 7552, "Viettel Group", "VN", "Hanoi", 21.03, 105.85),
    "vultr": Block(
        "5.102.113.0/24", 20473, "The Constant Company, LLC", "NL", "Amsterdam", 52.37, 4.90
    ),
    "m247": Block("2.57.29.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    "ovh": Block("2.26.166.0/24", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
    "linode": Block(
        "45.33.60.0/24", 63949, "Akamai Technologies, Inc.", "US", "Fremont", 37.55, -121.99
    ),
    # AWS: NAT gateways and public instances, per region (EC2 prefixes of ip-ranges.json)
    "ec2_eu": Block(
        "18.192.40.0/24", 16509, "Amazon.com, Inc.", "DE", "Frankfurt", 50.11, 8.68, True
    ),
    "ec2_us": Block(
        "52.4.120.0/24", 16509, "Amazon.com, Inc.", "US", "Ashburn", 39.04, -77.49, True
    ),
    "ec2_jp": Block(
        "54.248.60.0/24", 16509, "Amazon.com, Inc.", "JP", "Tokyo", 35.69, 139.69, True
    ),
}

# addresses kept out of the organisation's own traffic: attackers only
ATTACKER_BLOCKS = (
    "contabo",
    "digitalocean",
    "hetzner",
    "viettel",
    "vultr",
    "m247",
    "ovh",
    "linode",
)


def write_mmdb(out: Path) -> tuple[Path, Path]:
    """``heldout8-ASN.mmdb`` and ``heldout8-City.mmdb`` for exactly the blocks above."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(ip_version=6, database_type="GeoLite2-ASN", ipv4_compatible=True)
    city = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    for block in BLOCKS.values():
        nets = IPSet([block.cidr])
        asn.insert_network(
            nets,
            {"autonomous_system_number": block.asn, "autonomous_system_organization": block.org},
        )
        city.insert_network(
            nets,
            {
                "country": {"iso_code": block.country, "names": {"en": block.country}},
                "city": {"names": {"en": block.city}},
                "location": {"latitude": block.lat, "longitude": block.lon},
            },
        )
    paths = (out / "heldout8-ASN.mmdb", out / "heldout8-City.mmdb")
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
