"""Where Chao Phraya Cold Chain's callers sit on the network: every public address the trail uses
comes from a block below, each block with its autonomous system and city, and the two GeoIP test
databases (ASN, city) are written from the same table so that every address is located.

AWS blocks are prefixes of the bundled ``ip-ranges.json`` (EC2 in the region named); the rest
are the Thai ISPs the staff use, the warehouse's leased line, vendors' and attackers' hosting."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path

from mmdb_writer import MMDBWriter
from netaddr import IPSet


@dataclass(frozen=True)
class Block:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def host(self, index: int) -> str:
        """The ``index``-th usable address of the block (wrapping), never its network address."""
        net = ipaddress.ip_network(self.cidr)
        size = max(net.num_addresses - 2, 1)
        return str(net.network_address + 1 + index % size)

    def pick(self, rng: random.Random) -> str:
        return self.host(rng.randrange(1 << 20))


AMAZON = (16509, "AMAZON-02")
BLOCKS: dict[str, Block] = {
    # AWS: the Bangkok region (prod), Singapore (data, the Identity Center home), Virginia, Oregon
    "aws_bkk": Block("43.210.0.0/15", *AMAZON, "TH", "Bangkok", 13.75, 100.5),
    "aws_bkk2": Block("65.178.0.0/15", *AMAZON, "TH", "Bangkok", 13.75, 100.5),
    "aws_sin": Block("47.128.0.0/14", *AMAZON, "SG", "Singapore", 1.29, 103.85),
    "aws_sin2": Block("54.169.0.0/16", *AMAZON, "SG", "Singapore", 1.29, 103.85),
    "aws_iad": Block("52.4.0.0/14", *AMAZON, "US", "Ashburn", 39.04, -77.49),
    "aws_pdx": Block("54.148.0.0/15", *AMAZON, "US", "Boardman", 45.84, -119.7),
    # Thai access networks: home fibre, mobile, the head office and the warehouse's leased line
    "true_home": Block(
        "171.96.0.0/13", 17552, "True Online Co., Ltd.", "TH", "Bangkok", 13.73, 100.52
    ),
    "ais_fibre": Block("49.228.0.0/14", 133481, "AIS Fibre", "TH", "Nonthaburi", 13.86, 100.51),
    "ais_mobile": Block(
        "223.24.0.0/14",
        45430,
        "Advanced Wireless Network Company Limited",
        "TH",
        "Bangkok",
        13.75,
        100.5,
    ),
    "3bb_home": Block(
        "110.168.0.0/14",
        45758,
        "Triple T Broadband Public Company Limited",
        "TH",
        "Samut Prakan",
        13.6,
        100.6,
    ),
    "office": Block(
        "203.150.128.0/24",
        4651,
        "National Telecom Public Company Limited",
        "TH",
        "Bangkok",
        13.72,
        100.53,
    ),
    "warehouse": Block(
        "203.150.140.0/26",
        4651,
        "National Telecom Public Company Limited",
        "TH",
        "Lat Krabang",
        13.72,
        100.76,
    ),
    "chonburi": Block(
        "203.150.141.0/26",
        4651,
        "National Telecom Public Company Limited",
        "TH",
        "Chonburi",
        13.36,
        100.98,
    ),
    "acct_firm": Block(
        "61.19.240.0/26", 9931, "CAT Telecom Public Company Limited", "TH", "Bangkok", 13.73, 100.56
    ),
    # travel, auditors, vendors
    "ntt_tokyo": Block(
        "153.156.0.0/16", 4713, "NTT Communications Corporation", "JP", "Tokyo", 35.68, 139.76
    ),
    "singtel": Block(
        "118.200.0.0/16", 9506, "Singtel Fibre Broadband", "SG", "Singapore", 1.3, 103.84
    ),
    "auditor": Block(
        "122.155.16.0/24",
        9931,
        "CAT Telecom Public Company Limited",
        "TH",
        "Bangkok",
        13.74,
        100.55,
    ),
    "linode_sg": Block(
        "139.162.0.0/19", 63949, "Akamai Connected Cloud", "SG", "Singapore", 1.29, 103.85
    ),
    "vientiane": Block(
        "115.84.96.0/20", 9873, "Lao Telecom Communication, LTC", "LA", "Vientiane", 17.97, 102.6
    ),
    # attackers' infrastructure
    "vultr_sg": Block(
        "45.77.32.0/20", 20473, "The Constant Company, LLC", "SG", "Singapore", 1.29, 103.85
    ),
    "vultr_nj": Block(
        "149.28.32.0/20", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "m247_ro": Block("185.156.172.0/22", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1),
    "do_sgp": Block("159.89.192.0/20", 14061, "DigitalOcean, LLC", "SG", "Singapore", 1.29, 103.85),
    "ovh_sg": Block("51.79.128.0/19", 16276, "OVH SAS", "SG", "Singapore", 1.29, 103.85),
    "hostinger": Block(
        "89.116.24.0/22", 47583, "Hostinger International Limited", "LT", "Vilnius", 54.69, 25.28
    ),
    "tor": Block(
        "185.220.101.0/24", 60729, "Stiftung Erneuerbare Freiheit", "DE", "Berlin", 52.52, 13.4
    ),
    "br_resi": Block(
        "177.74.128.0/20",
        28573,
        "Claro NXT Telecomunicacoes Ltda",
        "BR",
        "Sao Paulo",
        -23.55,
        -46.63,
    ),
    "vn_resi": Block("113.160.0.0/14", 45899, "VNPT Corp", "VN", "Hanoi", 21.03, 105.85),
    "th_proxy": Block(
        "184.22.0.0/16",
        131445,
        "Advanced Wireless Network Company Limited",
        "TH",
        "Khon Kaen",
        16.43,
        102.83,
    ),
    "stark": Block(
        "45.136.196.0/22", 44477, "Stark Industries Solutions Ltd", "NL", "Amsterdam", 52.37, 4.9
    ),
}

# the threat list the security team feeds the detector: Tor exits and a scanner block
THREAT = ["185.220.101.0/24", "193.142.146.0/24"]


def aws(name: str) -> bool:
    return BLOCKS[name].asn == AMAZON[0]


def write_geoip(asn_path: Path, city_path: Path) -> None:
    """The ASN and city test databases covering every block."""
    asn = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="heldout44 ASN test data")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout44 city test data")
    for name in sorted(BLOCKS):
        b = BLOCKS[name]
        nets = IPSet([b.cidr])
        asn.insert_network(
            nets, {"autonomous_system_number": b.asn, "autonomous_system_organization": b.org}
        )
        city.insert_network(
            nets,
            {
                "country": {"iso_code": b.country, "names": {"en": b.country}},
                "city": {"names": {"en": b.city}},
                "location": {"latitude": b.lat, "longitude": b.lon, "accuracy_radius": 50},
            },
        )
    asn.to_db_file(str(asn_path))
    city.to_db_file(str(city_path))
