"""Where Lakeshore University's calls come from: real operators' blocks (as the bundled
IP-to-ASN table and public registries give them), the EC2 prefixes of the repository's
``data/ip-ranges.json`` snapshot, and the MaxMind-format databases that cover exactly these."""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path

IP_RANGES = Path(__file__).resolve().parents[2] / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Net:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def address(self, rng: random.Random) -> str:
        net = ipaddress.ip_network(self.cidr)
        return str(net[rng.randrange(16, net.num_addresses - 16)])


# name -> network. Everything a person, a partner or an attacker uses outside AWS.
NETS: dict[str, Net] = {
    # campus (AS59): four NAT pools for offices and labs, eduroam, the data-transfer node
    "campus": Net(
        "128.104.80.0/24", 59, "University of Wisconsin Madison", "US", "Madison", 43.07, -89.40
    ),
    "eduroam": Net(
        "128.104.96.0/22", 59, "University of Wisconsin Madison", "US", "Madison", 43.07, -89.40
    ),
    "dtn": Net(
        "128.105.12.0/24", 59, "University of Wisconsin Madison", "US", "Madison", 43.07, -89.40
    ),
    # homes
    "charter": Net(
        "174.80.0.0/13", 20115, "Charter Communications", "US", "Madison", 43.07, -89.40
    ),
    "comcast": Net(
        "73.0.0.0/10", 7922, "Comcast Cable Communications, LLC", "US", "Chicago", 41.88, -87.63
    ),
    "tmobile": Net("162.160.0.0/11", 21928, "T-Mobile USA, Inc.", "US", "Milwaukee", 43.04, -87.91),
    # the history's conference week (Germany) and the scored trip (Japan)
    "dfn": Net(
        "141.41.0.0/16",
        680,
        "Verein zur Foerderung eines Deutschen Forschungsnetzes e.V.",
        "DE",
        "Berlin",
        52.52,
        13.40,
    ),
    "telekom": Net("79.192.0.0/10", 3320, "Deutsche Telekom AG", "DE", "Berlin", 52.52, 13.40),
    "sinet": Net(
        "133.81.0.0/16",
        2907,
        "Research Organization of Information and Systems, National Institute of Informa",
        "JP",
        "Kyoto",
        35.01,
        135.77,
    ),
    "ntt": Net(
        "153.128.0.0/10", 4713, "NTT Communications Corporation", "JP", "Kyoto", 35.01, 135.77
    ),
    # a professor's phone on holiday
    "vodafone_it": Net(
        "5.88.0.0/13", 30722, "Vodafone Italia S.p.A.", "IT", "Florence", 43.77, 11.25
    ),
    # other universities reading the public datasets
    "princeton": Net(
        "128.112.0.0/16", 88, "Princeton University", "US", "Princeton", 40.35, -74.66
    ),
    "indiana": Net("149.161.0.0/16", 87, "Indiana University", "US", "Bloomington", 39.17, -86.53),
    "jisc": Net("193.60.0.0/14", 786, "Jisc Services Limited", "GB", "London", 51.51, -0.13),
    "surf": Net("145.140.0.0/14", 1103, "SURF B.V.", "NL", "Amsterdam", 52.37, 4.90),
    # attackers and a student's new network
    "vultr": Net(
        "45.76.0.0/15", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "tencent": Net(
        "43.136.0.0/13",
        45090,
        "Shenzhen Tencent Computer Systems Company Limited",
        "CN",
        "Shanghai",
        31.23,
        121.47,
    ),
    "contabo": Net("161.97.64.0/18", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "vivo": Net("177.94.0.0/15", 27699, "TELEFONICA BRASIL S.A", "BR", "Sao Paulo", -23.55, -46.63),
    "ovh": Net("51.254.0.0/15", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
    "optimum": Net(
        "69.112.0.0/12", 6128, "Cablevision Systems Corp.", "US", "New York", 40.71, -74.01
    ),
    "digitalocean": Net("46.101.0.0/16", 14061, "DigitalOcean, LLC", "GB", "London", 51.51, -0.13),
    "m247": Net("146.70.8.0/21", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    "linode": Net(
        "172.236.0.0/15", 63949, "Akamai Technologies, Inc.", "US", "Newark", 40.74, -74.17
    ),
    "chinanet": Net("115.208.0.0/13", 4134, "Chinanet", "CN", "Hangzhou", 30.27, 120.15),
    "hetzner": Net("49.12.0.0/15", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37),
}

# region -> EC2 prefixes of the snapshot that the region's instances, NAT gateways, SageMaker
# notebooks and Lambda environments are drawn from
AWS_PREFIXES: dict[str, tuple[str, ...]] = {
    "us-east-1": ("52.4.0.0/14", "50.16.0.0/15", "18.232.0.0/14"),
    "us-east-2": ("18.191.0.0/16", "3.132.0.0/14", "18.116.0.0/14"),
    "us-west-2": ("54.148.0.0/15",),
    "ap-south-1": ("13.232.0.0/14",),
}
AWS_GEO = {
    "us-east-1": ("US", "Ashburn", 39.04, -77.49, 14618, "Amazon.com, Inc."),
    "us-east-2": ("US", "Columbus", 39.96, -83.00, 16509, "Amazon.com, Inc."),
    "us-west-2": ("US", "Boardman", 45.84, -119.70, 16509, "Amazon.com, Inc."),
    "ap-south-1": ("IN", "Mumbai", 19.08, 72.88, 16509, "Amazon.com, Inc."),
}


def aws_address(region: str, rng: random.Random) -> str:
    net = ipaddress.ip_network(rng.choice(AWS_PREFIXES[region]))
    return str(net[rng.randrange(256, net.num_addresses - 256)])


def ec2_prefixes() -> dict[str, set[str]]:
    """The snapshot's EC2 prefixes per region (for the tests)."""
    data = json.loads(IP_RANGES.read_text())
    out: dict[str, set[str]] = {}
    for p in data["prefixes"]:
        if p["service"] == "EC2":
            out.setdefault(p["region"], set()).add(p["ip_prefix"])
    return out


def write_mmdb(directory: Path) -> tuple[Path, Path]:
    """``heldout6-ASN.mmdb`` and ``heldout6-City.mmdb`` covering every block used here."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    directory.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="ueba heldout6 ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="ueba heldout6 City")
    blocks = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in NETS.values()]
    for region, prefixes in AWS_PREFIXES.items():
        country, town, lat, lon, number, org = AWS_GEO[region]
        blocks += [(p, number, org, country, town, lat, lon) for p in prefixes]
    for cidr, number, org, country, town, lat, lon in blocks:
        where = IPSet([cidr])
        asn.insert_network(
            where, {"autonomous_system_number": number, "autonomous_system_organization": org}
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": town}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    paths = (directory / "heldout6-ASN.mmdb", directory / "heldout6-City.mmdb")
    asn.to_db_file(str(paths[0]))
    city.to_db_file(str(paths[1]))
    return paths
