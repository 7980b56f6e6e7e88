"""Where Tamarack's calls come from: AWS addresses from the EC2 prefixes of the bundled
``ip-ranges.json`` (checked by the CI module), and outside addresses from blocks the bundled
IP-to-ASN table gives to the operator named (RISQ and CANARIE for the university, Canadian home
ISPs, partner universities' research networks abroad, GitHub's runners at Microsoft, hosting
providers). The GeoIP databases are written for exactly the addresses used."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field
from pathlib import Path

AMAZON = (16509, "Amazon.com, Inc.")


@dataclass(frozen=True)
class Net:
    """A block addresses are drawn from, with what a GeoLite2 database says of it."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


# EC2 prefixes of the bundled ip-ranges.json, by region (a /16 or wider each)
EC2 = {
    "ca-central-1": ("15.222.0.0/15", "35.182.0.0/15", "3.96.0.0/15", "99.79.0.0/16"),
    "us-east-1": ("52.4.0.0/14", "18.232.0.0/14", "54.156.0.0/14", "107.20.0.0/14"),
    "us-west-2": ("54.148.0.0/15", "18.236.0.0/15", "54.200.0.0/15", "54.68.0.0/14"),
    "ap-south-1": ("3.108.0.0/14", "13.232.0.0/14"),
    "sa-east-1": ("15.228.0.0/15", "18.231.0.0/16"),
}
REGION_CITY = {
    "ca-central-1": ("CA", "Montreal", 45.50, -73.57),
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-west-2": ("US", "Boardman", 45.84, -119.70),
    "ap-south-1": ("IN", "Mumbai", 19.07, 72.88),
    "sa-east-1": ("BR", "Sao Paulo", -23.55, -46.63),
}

NETS = {
    # the institute's campus and the sequencing core (RISQ, Quebec's research network)
    "campus": Net(
        "132.207.40.0/24",
        376,
        "Reseau d'Informations Scientifiques du Quebec (RISQ Inc.)",
        "CA",
        "Montreal",
        45.50,
        -73.61,
    ),
    "core_lab": Net(
        "132.207.112.0/24",
        376,
        "Reseau d'Informations Scientifiques du Quebec (RISQ Inc.)",
        "CA",
        "Montreal",
        45.50,
        -73.61,
    ),
    "core_lab_new": Net(
        "132.208.18.0/24",
        376,
        "Reseau d'Informations Scientifiques du Quebec (RISQ Inc.)",
        "CA",
        "Montreal",
        45.51,
        -73.56,
    ),
    "canarie": Net("199.212.24.0/24", 6509, "CANARIE Inc", "CA", "Ottawa", 45.42, -75.70),
    # researchers at home
    "videotron": Net("24.201.0.0/16", 5769, "Videotron Ltee", "CA", "Montreal", 45.52, -73.58),
    "bell": Net("70.52.0.0/16", 577, "Bell Canada", "CA", "Montreal", 45.47, -73.64),
    "rogers": Net(
        "99.230.0.0/16", 812, "Rogers Communications Canada Inc.", "CA", "Toronto", 43.65, -79.38
    ),
    "telus": Net(
        "108.172.0.0/16", 852, "TELUS Communications Inc.", "CA", "Vancouver", 49.26, -123.11
    ),
    # partner universities abroad (visiting collaborators)
    "surf": Net("145.140.60.0/24", 1103, "SURF B.V.", "NL", "Utrecht", 52.09, 5.12),
    "dfn": Net(
        "141.44.20.0/24",
        680,
        "Verein zur Foerderung eines Deutschen Forschungsnetzes e.V.",
        "DE",
        "Heidelberg",
        49.40,
        8.69,
    ),
    "tenet": Net(
        "137.214.80.0/24", 2018, "TENET (The UNINET Project)", "ZA", "Cape Town", -33.93, 18.42
    ),
    "jisc": Net("193.60.90.0/24", 786, "Jisc Services Limited", "GB", "Cambridge", 52.20, 0.12),
    # a conference hotel in Barcelona
    "hotel_bcn": Net(
        "83.44.0.0/16", 3352, "TELEFONICA DE ESPANA S.A.U.", "ES", "Barcelona", 41.39, 2.17
    ),
    # GitHub-hosted runners
    "github": Net(
        "20.80.0.0/14", 8075, "Microsoft Corporation", "US", "San Antonio", 29.42, -98.49
    ),
    # attackers' and outside networks
    "frantech": Net(
        "209.141.40.0/24", 53667, "FranTech Solutions", "US", "Las Vegas", 36.17, -115.14
    ),
    "hetzner": Net(
        "46.224.30.0/24", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37
    ),
    "vultr": Net(
        "45.76.40.0/24", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "m247": Net("146.70.120.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    "digitalocean": Net(
        "46.101.70.0/24", 14061, "DigitalOcean, LLC", "DE", "Frankfurt", 50.11, 8.68
    ),
    "flokinet": Net("185.100.84.0/24", 200651, "FlokiNET ehf", "IS", "Reykjavik", 64.15, -21.94),
    "ovh": Net("54.36.40.0/24", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.18),
    "chinanet": Net("115.204.0.0/16", 4134, "Chinanet", "CN", "Hangzhou", 30.29, 120.16),
}


@dataclass
class Addresses:
    """Draws addresses and remembers every one used, for the GeoIP databases."""

    rng: random.Random
    used: dict[str, tuple[int, str, str, str, float, float]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def pick(self, name: str) -> str:
        net = NETS[name]
        block = ipaddress.ip_network(net.cidr)
        while True:
            ip = str(block[self.rng.randrange(2, block.num_addresses - 2)])
            if ip not in self.taken:
                break
        self.taken.add(ip)
        self.used[ip] = (net.asn, net.org, net.country, net.city, net.lat, net.lon)
        return ip

    def aws(self, region: str) -> str:
        block = ipaddress.ip_network(self.rng.choice(EC2[region]))
        while True:
            ip = str(block[self.rng.randrange(256, block.num_addresses - 256)])
            if ip not in self.taken:
                break
        self.taken.add(ip)
        country, city, lat, lon = REGION_CITY[region]
        self.used[ip] = (AMAZON[0], AMAZON[1], country, city, lat, lon)
        return ip


def write_geo(
    used: dict[str, tuple[int, str, str, str, float, float]], out: Path
) -> tuple[Path, Path]:
    """``tamarack-ASN.mmdb`` and ``tamarack-City.mmdb`` with one /32 per address used."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn_db = MMDBWriter(4, "GeoLite2-ASN", description="Tamarack suite ASN", int_type="u32")
    city_db = MMDBWriter(4, "GeoLite2-City", description="Tamarack suite City", float_type="f64")
    for ip in sorted(used, key=lambda a: int(ipaddress.ip_address(a))):
        asn, org, country, city, lat, lon = used[ip]
        where = IPSet([f"{ip}/32"])
        asn_db.insert_network(
            where, {"autonomous_system_number": asn, "autonomous_system_organization": org}
        )
        city_db.insert_network(
            where,
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": city}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    paths = out / "tamarack-ASN.mmdb", out / "tamarack-City.mmdb"
    for db, path in zip((asn_db, city_db), paths, strict=True):
        part = path.with_suffix(".part")
        db.to_db_file(str(part))
        part.replace(path)
    return paths
