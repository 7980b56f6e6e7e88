"""The address plan: which networks the broadcaster, its crews, its partners and its attackers
call from, with the ASN, country and city a GeoLite2 database would give them.

Every public block below is a slice of one row of the IP-to-ASN table bundled with ``ueba``
(DB-IP/RouteViews data) for the operator named, and outside every prefix of the bundled AWS
``ip-ranges.json``; every AWS block is an EC2 prefix of that file in its region. The test
``tests/evaluate/test_heldout10_suite.py`` checks both against the files themselves (the
generator does not read them: it imports nothing from ``ueba``).
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Net:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    kind: str  # office, home, mobile, hotel, satellite, hosting, aws, vpn

    def host(self, rng: random.Random) -> str:
        block = ipaddress.ip_network(self.cidr)
        return str(block[rng.randrange(2, block.num_addresses - 2)])

    def fixed(self, n: int) -> str:
        """The n-th address of the block: a static address (an office NAT, an encoder)."""
        block = ipaddress.ip_network(self.cidr)
        return str(block[10 + n])


_FRA = ("DE", "Frankfurt am Main", 50.11, 8.68)
_LON = ("GB", "London", 51.51, -0.13)
_DUB = ("IE", "Dublin", 53.35, -6.26)


def _n(cidr: str, asn: int, org: str, where: tuple[str, str, float, float], kind: str) -> Net:
    return Net(cidr, asn, org, where[0], where[1], where[2], where[3], kind)


NETS: dict[str, Net] = {
    # the broadcaster's own sites
    "fra_broadcast": _n("79.200.16.0/24", 3320, "Deutsche Telekom AG", _FRA, "office"),
    "fra_office": _n("79.201.40.0/24", 3320, "Deutsche Telekom AG", _FRA, "office"),
    "lon_broadcast": _n("86.130.8.0/24", 2856, "British Telecommunications PLC", _LON, "office"),
    "dub_office": _n("86.44.12.0/24", 5466, "Eircom Limited", _DUB, "office"),
    # people at home
    "home_de": _n("88.70.0.0/16", 3209, "Vodafone GmbH", _FRA, "home"),
    "home_uk": _n("90.200.0.0/16", 5607, "Sky UK Limited", _LON, "home"),
    "home_ie": _n("86.46.0.0/16", 5466, "Eircom Limited", _DUB, "home"),
    # mobile carriers the crews tether to (4G/5G), country of the carrier
    "mob_voda_de": _n(
        "88.64.0.0/16", 3209, "Vodafone GmbH", ("DE", "Munich", 48.14, 11.58), "mobile"
    ),
    "mob_o2_de": _n(
        "77.0.0.0/16",
        6805,
        "Telefonica Germany GmbH & Co.OHG",
        ("DE", "Hamburg", 53.55, 9.99),
        "mobile",
    ),
    "mob_three_uk": _n(
        "188.28.0.0/16",
        206067,
        "Hutchison 3G UK Limited",
        ("GB", "Manchester", 53.48, -2.24),
        "mobile",
    ),
    "mob_o2_uk": _n("87.194.0.0/16", 35228, "Telefonica UK Limited", _LON, "mobile"),
    "mob_voda_ie": _n(
        "109.76.0.0/16", 15502, "Vodafone Ireland Limited", ("IE", "Cork", 51.9, -8.47), "mobile"
    ),
    "mob_three_ie": _n(
        "92.251.128.0/17", 13280, "Three Ireland (Hutchison) limited", _DUB, "mobile"
    ),
    "mob_voda_es": _n(
        "47.58.0.0/16", 12430, "VODAFONE ESPANA S.A.U.", ("ES", "Madrid", 40.42, -3.7), "mobile"
    ),
    "mob_tim_it": _n(
        "79.20.0.0/16", 3269, "Telecom Italia S.p.A.", ("IT", "Milan", 45.46, 9.19), "mobile"
    ),
    "mob_bouygues_fr": _n(
        "176.170.0.0/16", 5410, "Bouygues Telecom SA", ("FR", "Paris", 48.86, 2.35), "mobile"
    ),
    "mob_kpn_nl": _n("77.160.0.0/16", 1136, "KPN B.V.", ("NL", "Amsterdam", 52.37, 4.9), "mobile"),
    "mob_ooredoo_qa": _n(
        "37.210.0.0/16", 8781, "Ooredoo Q.S.C.", ("QA", "Doha", 25.29, 51.53), "mobile"
    ),
    # hotel and venue Wi-Fi
    "hotel_orange_fr": _n(
        "90.10.0.0/16", 3215, "Orange S.A.", ("FR", "Lyon", 45.76, 4.84), "hotel"
    ),
    "hotel_movistar_es": _n(
        "83.40.0.0/16",
        3352,
        "TELEFONICA DE ESPANA S.A.U.",
        ("ES", "Barcelona", 41.39, 2.17),
        "hotel",
    ),
    "hotel_proximus_be": _n(
        "109.130.0.0/16", 5432, "Proximus NV", ("BE", "Brussels", 50.85, 4.35), "hotel"
    ),
    "hotel_bt_uk": _n(
        "86.150.0.0/16",
        2856,
        "British Telecommunications PLC",
        ("GB", "Glasgow", 55.86, -4.25),
        "hotel",
    ),
    "hotel_dtag_de": _n(
        "79.220.0.0/16", 3320, "Deutsche Telekom AG", ("DE", "Berlin", 52.52, 13.4), "hotel"
    ),
    "hotel_qa": _n("37.211.0.0/16", 8781, "Ooredoo Q.S.C.", ("QA", "Doha", 25.29, 51.53), "hotel"),
    # the satellite uplink on the outside-broadcast trucks
    "satellite": _n(
        "153.66.0.0/16",
        14593,
        "Space Exploration Technologies Corporation",
        ("DE", "Frankfurt am Main", 50.11, 8.68),
        "satellite",
    ),
    # the subtitling vendor's office (Dublin)
    "vendor_office": _n("78.16.0.0/16", 2110, "BT Communications Ireland Limited", _DUB, "office"),
    # attackers: hosting, VPN exits, a residential line abroad
    "do_nyc": _n(
        "45.55.0.0/16", 14061, "DigitalOcean, LLC", ("US", "New York", 40.71, -74.01), "hosting"
    ),
    "vultr_ams": _n(
        "45.76.0.0/16",
        20473,
        "The Constant Company, LLC",
        ("NL", "Amsterdam", 52.37, 4.9),
        "hosting",
    ),
    "ovh_rbx": _n("54.36.0.0/16", 16276, "OVH SAS", ("FR", "Roubaix", 50.69, 3.18), "hosting"),
    "contabo_nue": _n(
        "161.97.100.0/24", 51167, "Contabo GmbH", ("DE", "Nuremberg", 49.45, 11.08), "hosting"
    ),
    "linode_fra": _n("172.236.0.0/16", 63949, "Akamai Technologies, Inc.", _FRA, "hosting"),
    "hetzner_us": _n(
        "5.161.0.0/16", 213230, "Hetzner Online GmbH", ("US", "Ashburn", 39.04, -77.49), "hosting"
    ),
    "m247_vpn": _n(
        "146.70.100.0/24", 9009, "M247 Europe SRL", ("RO", "Bucharest", 44.43, 26.1), "vpn"
    ),
    "telmex_mx": _n(
        "189.175.0.0/16", 8151, "Uninet S.A. de C.V.", ("MX", "Mexico City", 19.43, -99.13), "home"
    ),
    # AWS EC2 prefixes (ip-ranges.json, service EC2) by region
    "aws_euc1": _n("18.192.0.0/15", 16509, "AMAZON-02", _FRA, "aws"),
    "aws_euc1b": _n("3.124.0.0/14", 16509, "AMAZON-02", _FRA, "aws"),
    "aws_euw1": _n("54.74.0.0/15", 16509, "AMAZON-02", _DUB, "aws"),
    "aws_euw2": _n("18.132.0.0/14", 16509, "AMAZON-02", _LON, "aws"),
    "aws_use1": _n("52.4.0.0/14", 16509, "AMAZON-02", ("US", "Ashburn", 39.04, -77.49), "aws"),
    "aws_use1b": _n("54.156.0.0/14", 14618, "AMAZON-AES", ("US", "Ashburn", 39.04, -77.49), "aws"),
}

AWS_BY_REGION = {
    "eu-central-1": ("aws_euc1", "aws_euc1b"),
    "eu-west-1": ("aws_euw1",),
    "eu-west-2": ("aws_euw2",),
    "us-east-1": ("aws_use1", "aws_use1b"),
}


def aws_host(region: str, rng: random.Random) -> str:
    """An EC2 address of ``region`` (a Lambda execution environment, an instance)."""
    return NETS[rng.choice(AWS_BY_REGION[region])].host(rng)


def public_nets() -> list[str]:
    return [name for name, net in NETS.items() if net.kind != "aws"]
