"""Where Lumen Relief's traffic comes from: every network the trail uses, with its ASN, its
organisation and its place, the addresses drawn from them, the GeoIP databases that cover
exactly those networks and the threat list the security team subscribes to.

The AWS prefixes are real ones of ``data/ip-ranges.json`` (EC2, by region); the others are
chosen to be plausible for the ISP named (offices, homes, hotels, hosting, VPN and Tor exits).
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Net:
    key: str
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


AMAZON = (16509, "AMAZON-02")
NETS = [
    # offices
    Net(
        "gva_office",
        "178.194.212.0/24",
        3303,
        "Swisscom (Schweiz) AG",
        "CH",
        "Geneva",
        46.2044,
        6.1432,
    ),
    Net(
        "nbo_office",
        "197.232.61.0/24",
        30844,
        "Liquid Telecommunications Ltd",
        "KE",
        "Nairobi",
        -1.2864,
        36.8172,
    ),
    Net(
        "amm_office",
        "46.185.150.0/24",
        8376,
        "Jordan Data Communications Company LLC",
        "JO",
        "Amman",
        31.9539,
        35.9106,
    ),
    Net(
        "cxb_office",
        "37.111.200.0/24",
        24389,
        "Grameenphone Ltd.",
        "BD",
        "Cox's Bazar",
        21.4272,
        92.0058,
    ),
    Net(
        "cxb_starlink",
        "98.97.116.0/24",
        14593,
        "SPACEX-STARLINK",
        "SG",
        "Singapore",
        1.2897,
        103.8501,
    ),
    # homes and mobiles of staff
    Net("gva_home", "62.202.160.0/20", 3303, "Swisscom (Schweiz) AG", "CH", "Geneva", 46.21, 6.15),
    Net("gva_home2", "188.60.32.0/20", 6830, "Liberty Global B.V.", "CH", "Geneva", 46.19, 6.13),
    Net("nbo_mobile", "41.90.64.0/20", 33771, "Safaricom Limited", "KE", "Nairobi", -1.29, 36.82),
    Net(
        "amm_mobile",
        "176.29.0.0/20",
        48832,
        "Jordanian mobile phone services Ltd",
        "JO",
        "Amman",
        31.95,
        35.93,
    ),
    Net(
        "cxb_mobile",
        "103.67.156.0/22",
        45245,
        "Banglalink Digital Communications Ltd",
        "BD",
        "Chittagong",
        22.34,
        91.83,
    ),
    # hotels and travel
    Net(
        "hotel_addis",
        "196.188.120.0/24",
        24757,
        "Ethiopian Telecommunication Corporation",
        "ET",
        "Addis Ababa",
        9.03,
        38.74,
    ),
    Net("hotel_brussels", "81.246.70.0/24", 5432, "Proximus NV", "BE", "Brussels", 50.85, 4.35),
    Net(
        "hotel_dubai",
        "94.200.40.0/24",
        5384,
        "Emirates Telecommunications Corporation",
        "AE",
        "Dubai",
        25.2,
        55.27,
    ),
    Net(
        "hotel_nyc",
        "24.193.100.0/24",
        12271,
        "Charter Communications Inc",
        "US",
        "New York",
        40.71,
        -74.0,
    ),
    Net("hotel_beirut", "178.135.10.0/24", 42003, "OGERO", "LB", "Beirut", 33.89, 35.5),
    Net("chad_mobile", "41.74.192.0/22", 327802, "Airtel Tchad", "TD", "N'Djamena", 12.11, 15.04),
    Net("chad_starlink", "98.97.200.0/24", 14593, "SPACEX-STARLINK", "NG", "Lagos", 6.45, 3.39),
    # volunteers of the data team, at home
    Net(
        "vol_uk",
        "86.128.0.0/16",
        2856,
        "British Telecommunications PLC",
        "GB",
        "London",
        51.51,
        -0.13,
    ),
    Net("vol_de", "84.150.0.0/16", 3320, "Deutsche Telekom AG", "DE", "Berlin", 52.52, 13.4),
    Net(
        "vol_in",
        "49.36.0.0/16",
        55836,
        "Reliance Jio Infocomm Limited",
        "IN",
        "Bengaluru",
        12.97,
        77.59,
    ),
    Net(
        "vol_us",
        "73.15.0.0/16",
        7922,
        "Comcast Cable Communications, LLC",
        "US",
        "Seattle",
        47.61,
        -122.33,
    ),
    Net("vol_ke", "105.161.0.0/16", 33771, "Safaricom Limited", "KE", "Mombasa", -4.04, 39.67),
    Net(
        "colab",
        "34.125.0.0/16",
        396982,
        "GOOGLE-CLOUD-PLATFORM",
        "US",
        "Council Bluffs",
        41.26,
        -95.86,
    ),
    # the pro-bono consultancy's egress (Zscaler)
    Net("zscaler_lon", "165.225.80.0/22", 53813, "ZSCALER-INC", "GB", "London", 51.51, -0.09),
    # attackers
    Net("do_sgp", "159.89.192.0/20", 14061, "DIGITALOCEAN-ASN", "SG", "Singapore", 1.32, 103.7),
    Net("m247_nl", "89.38.96.0/22", 9009, "M247 Europe SRL", "NL", "Amsterdam", 52.37, 4.9),
    Net("tor_exit", "185.220.101.0/24", 208294, "Relayon", "DE", "Frankfurt am Main", 50.11, 8.68),
    Net("vultr_us", "45.77.160.0/20", 20473, "AS-CHOOPA", "US", "Piscataway", 40.55, -74.46),
    Net(
        "mtn_ng",
        "102.89.32.0/20",
        29465,
        "MTN NIGERIA Communication limited",
        "NG",
        "Lagos",
        6.46,
        3.4,
    ),
    Net(
        "resi_proxy_ch", "85.0.0.0/18", 3303, "Swisscom (Schweiz) AG", "CH", "Lausanne", 46.52, 6.63
    ),
    Net("contabo_de", "5.189.128.0/20", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    Net("ovh_fr", "51.178.0.0/20", 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13),
    Net("hetzner_fi", "65.21.0.0/16", 24940, "Hetzner Online GmbH", "FI", "Helsinki", 60.17, 24.94),
    # AWS (EC2 ranges of data/ip-ranges.json)
    Net("aws_fra", "18.192.0.0/15", *AMAZON, "DE", "Frankfurt am Main", 50.11, 8.68),
    Net("aws_cpt", "13.244.0.0/15", *AMAZON, "ZA", "Cape Town", -33.92, 18.42),
    Net("aws_bah", "15.185.0.0/16", *AMAZON, "BH", "Manama", 26.22, 50.58),
    Net("aws_iad", "52.4.0.0/14", *AMAZON, "US", "Ashburn", 39.04, -77.49),
    Net("aws_dub", "54.74.0.0/15", *AMAZON, "IE", "Dublin", 53.33, -6.25),
]
BY_KEY = {n.key: n for n in NETS}
# the threat list: Tor exits the team's feed publishes
THREAT = ["185.220.101.0/24"]


class Addresses:
    """Deterministic addresses inside the named networks; every address handed out is kept so
    that the GeoIP databases can be checked to cover them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def pick(self, key: str) -> str:
        net = ipaddress.ip_network(BY_KEY[key].cidr)
        span = max(net.num_addresses - 2, 1)
        ip = str(net.network_address + 1 + self.rng.randrange(span))
        self.used.add(ip)
        return ip


def write_geo(out: Path) -> tuple[Path, Path]:
    """GeoLite2-shaped ASN and City databases holding exactly :data:`NETS`."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(ip_version=6, database_type="GeoLite2-ASN", ipv4_compatible=True)
    city = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    for n in NETS:
        where = IPSet([n.cidr])
        asn.insert_network(
            where, {"autonomous_system_number": n.asn, "autonomous_system_organization": n.org}
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": n.country},
                "city": {"names": {"en": n.city}},
                "location": {"latitude": n.lat, "longitude": n.lon},
            },
        )
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "GeoLite2-ASN.mmdb", out / "GeoLite2-City.mmdb")
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
