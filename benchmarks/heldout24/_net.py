"""Where Meridian Harbour Hotels' calls come from: operators' blocks (from the bundled IP->ASN
table: each block below lies in a range the table gives to that operator), AWS EC2 prefixes
(from the bundled ip-ranges.json) and the MaxMind stand-ins covering exactly what is used."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path

# operator -> (first address of a block the ASN table gives it, its size, ASN, organisation,
# country, city, latitude, longitude)
OPERATORS: dict[str, tuple[str, int, int, str, str, str, float, float]] = {
    "comcast": (
        "24.0.0.0",
        65536,
        7922,
        "Comcast Cable Communications, LLC",
        "US",
        "Orlando",
        28.54,
        -81.38,
    ),
    "charter": (
        "24.107.0.0",
        65536,
        20115,
        "Charter Communications",
        "US",
        "Charlotte",
        35.23,
        -80.84,
    ),
    "att": ("12.0.232.0", 7424, 7018, "AT&T Enterprises, LLC", "US", "Atlanta", 33.75, -84.39),
    "verizon": ("63.23.51.0", 3328, 701, "Verizon Business", "US", "New York", 40.71, -74.01),
    "cox": ("24.56.0.0", 16384, 22773, "Cox Communications Inc.", "US", "Phoenix", 33.45, -112.07),
    "dtag": (
        "31.212.0.0",
        131072,
        3320,
        "Deutsche Telekom AG",
        "DE",
        "Frankfurt am Main",
        50.11,
        8.68,
    ),
    "vodafone_de": ("5.56.176.0", 20480, 3209, "Vodafone GmbH", "DE", "Munich", 48.14, 11.58),
    "orange": ("80.8.0.0", 131072, 3215, "Orange S.A.", "FR", "Paris", 48.86, 2.35),
    "virgin": ("62.252.0.0", 65536, 5089, "Virgin Media Limited", "GB", "London", 51.51, -0.13),
    "telefonica": (
        "37.12.0.0",
        131072,
        3352,
        "TELEFONICA DE ESPANA S.A.U.",
        "ES",
        "Barcelona",
        41.39,
        2.17,
    ),
    "tim": ("5.96.0.0", 262144, 3269, "Telecom Italia S.p.A.", "IT", "Rome", 41.9, 12.5),
    "swisscom": ("62.202.204.0", 65536, 3303, "Swisscom (Schweiz) AG", "CH", "Zurich", 47.37, 8.54),
    "ziggo": ("31.187.0.0", 16384, 6830, "Liberty Global B.V.", "NL", "Amsterdam", 52.37, 4.9),
    "du": (
        "87.200.0.0",
        131072,
        15802,
        "Emirates Integrated Telecommunications Company PJSC",
        "AE",
        "Dubai",
        25.2,
        55.27,
    ),
    "singtel": ("42.61.184.0", 1024, 3758, "SingNet Pte Ltd", "SG", "Singapore", 1.29, 103.85),
    "starhub": ("61.8.192.0", 16384, 4657, "Starhub Ltd.", "SG", "Singapore", 1.3, 103.84),
    "telstra": ("61.9.128.0", 32768, 1221, "Telstra Limited", "AU", "Sydney", -33.87, 151.21),
    "optus": (
        "59.154.0.0",
        20480,
        7474,
        "SingTel Optus Pty Ltd",
        "AU",
        "Melbourne",
        -37.81,
        144.96,
    ),
    "true": (
        "27.55.192.0",
        16384,
        7470,
        "TRUE INTERNET CORPORATION CO. LTD.",
        "TH",
        "Bangkok",
        13.75,
        100.5,
    ),
    "kddi": ("36.8.0.0", 65536, 2516, "KDDI CORPORATION", "JP", "Tokyo", 35.68, 139.69),
    "ntt": (
        "60.32.0.0",
        65536,
        4713,
        "NTT Communications Corporation",
        "JP",
        "Osaka",
        34.69,
        135.5,
    ),
    "airtel": ("59.144.160.0", 4096, 24560, "Bharti Airtel Limited", "IN", "Mumbai", 19.08, 72.88),
    "telmex": (
        "148.219.0.0",
        65536,
        8151,
        "Uninet S.A. de C.V.",
        "MX",
        "Mexico City",
        19.43,
        -99.13,
    ),
    "bell": ("47.54.148.0", 3072, 577, "Bell Canada", "CA", "Toronto", 43.65, -79.38),
    "claro": (
        "177.64.128.0",
        49152,
        28573,
        "Claro NXT Telecomunicacoes Ltda",
        "BR",
        "Sao Paulo",
        -23.55,
        -46.63,
    ),
    # attackers' networks
    "hetzner": (
        "5.222.0.0",
        65536,
        24940,
        "Hetzner Online GmbH",
        "DE",
        "Falkenstein",
        50.48,
        12.37,
    ),
    "ovh": ("8.24.8.0", 2048, 16276, "OVH SAS", "CA", "Beauharnois", 45.31, -73.87),
    "do": ("24.199.64.0", 16384, 14061, "DigitalOcean, LLC", "US", "Santa Clara", 37.35, -121.96),
    "m247": ("2.57.248.0", 1024, 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1),
    "chinanet": ("1.49.192.0", 81920, 4134, "Chinanet", "CN", "Beijing", 39.9, 116.4),
    "proton": ("205.147.16.0", 2048, 208172, "Proton AG", "CH", "Geneva", 46.2, 6.14),
    "viettel": ("27.71.232.0", 65536, 7552, "Viettel Group", "VN", "Hanoi", 21.03, 105.85),
}

# EC2 prefixes of the bundled ip-ranges.json, by region: NAT gateways, Lambda, the vendor's egress
EC2: dict[str, tuple[str, ...]] = {
    "us-east-1": ("52.4.0.0/14", "50.16.0.0/15"),
    "us-west-2": ("54.148.0.0/15",),
    "eu-central-1": ("18.192.0.0/15",),
    "ap-southeast-1": ("54.169.0.0/16", "47.128.0.0/14"),
}

AWS_ASN = (16509, "Amazon.com, Inc.")


@dataclass
class Addresses:
    """Every address handed out, remembered for the GeoIP databases."""

    rng: random.Random
    used: dict[str, str]  # address -> operator ("aws:<region>" for EC2)

    def isp(self, operator: str, *, avoid: set[str] | None = None) -> str:
        start, size = OPERATORS[operator][0], OPERATORS[operator][1]
        base = int(ipaddress.IPv4Address(start))
        while True:
            ip = str(ipaddress.IPv4Address(base + self.rng.randrange(2, min(size, 60000) - 2)))
            if ip.endswith((".0", ".255")) or ip in self.used or (avoid and ip in avoid):
                continue
            self.used[ip] = operator
            return ip

    def ec2(self, region: str) -> str:
        net = ipaddress.IPv4Network(self.rng.choice(EC2[region]))
        while True:
            ip = str(net[self.rng.randrange(16, min(net.num_addresses, 200000) - 2)])
            if ip not in self.used:
                self.used[ip] = "aws:" + region
                return ip


def write_geo(used: dict[str, str], out: Path) -> tuple[Path, Path]:
    """``meridian-ASN.mmdb`` and ``meridian-City.mmdb`` covering every /24 handed out."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn_db = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN")
    city_db = MMDBWriter(ip_version=4, database_type="GeoLite2-City")
    nets: dict[str, set[str]] = {}
    for ip, op in used.items():
        nets.setdefault(op, set()).add(str(ipaddress.IPv4Network(ip + "/24", strict=False)))
    for op in sorted(nets):
        blocks = IPSet(sorted(nets[op]))
        if op.startswith("aws:"):
            asn, org = AWS_ASN
            country, city, lat, lon = "US", "Ashburn", 39.04, -77.49
            if op.endswith("eu-central-1"):
                country, city, lat, lon = "DE", "Frankfurt am Main", 50.11, 8.68
            elif op.endswith("ap-southeast-1"):
                country, city, lat, lon = "SG", "Singapore", 1.29, 103.85
            elif op.endswith("us-west-2"):
                country, city, lat, lon = "US", "Boardman", 45.84, -119.7
        else:
            _, _, asn, org, country, city, lat, lon = OPERATORS[op]
        asn_db.insert_network(
            blocks, {"autonomous_system_number": asn, "autonomous_system_organization": org}
        )
        city_db.insert_network(
            blocks,
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": city}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "meridian-ASN.mmdb", out / "meridian-City.mmdb"
    for writer, path in zip((asn_db, city_db), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
