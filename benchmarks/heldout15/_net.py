"""Where Corvid Digital Custody's traffic comes from: networks outside AWS (blocks the bundled
IP-to-ASN table gives to these operators), EC2 prefixes of the bundled ``ip-ranges.json``, and
the MaxMind-format databases that cover exactly what the trail uses."""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
IP_RANGES = REPO / "ueba" / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Net:
    """A block of one operator: first and last address, ASN, organisation and where it is."""

    name: str
    first: str
    last: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def pick(self, rng: np.random.Generator, lo: int = 0) -> str:
        a, b = int(ipaddress.ip_address(self.first)), int(ipaddress.ip_address(self.last))
        return str(ipaddress.ip_address(int(rng.integers(a + 1 + lo, b - 1))))


# every block lies inside one row of ueba/data/asn-ipv4.parquet with this ASN (a test checks)
NETS = {
    n.name: n
    for n in (
        Net(
            "sg-office",
            "121.6.0.0",
            "121.7.255.255",
            9506,
            "Singapore Telecommunications Ltd",
            "SG",
            "Singapore",
            1.2897,
            103.8501,
        ),
        Net(
            "sg-home",
            "27.104.0.0",
            "27.104.255.255",
            4773,
            "M1 LIMITED",
            "SG",
            "Singapore",
            1.3521,
            103.8198,
        ),
        Net(
            "pt-office",
            "62.28.0.0",
            "62.28.255.255",
            15525,
            "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.",
            "PT",
            "Lisbon",
            38.7223,
            -9.1393,
        ),
        Net(
            "pt-home",
            "89.152.0.0",
            "89.155.255.255",
            2860,
            "NOS COMUNICACOES, S.A.",
            "PT",
            "Lisbon",
            38.7369,
            -9.1427,
        ),
        Net(
            "ca-office",
            "23.16.0.0",
            "23.17.255.255",
            852,
            "TELUS Communications Inc.",
            "CA",
            "Vancouver",
            49.2827,
            -123.1207,
        ),
        Net(
            "ca-home",
            "70.64.0.0",
            "70.79.255.255",
            6327,
            "Shaw Communications",
            "CA",
            "Vancouver",
            49.2609,
            -123.1139,
        ),
        Net(
            "github",
            "20.47.128.0",
            "20.127.255.255",
            8075,
            "Microsoft Corporation",
            "US",
            "Boydton",
            36.6676,
            -78.3875,
        ),
        Net(
            "auditor",
            "217.204.0.0",
            "217.206.221.255",
            3257,
            "GTT Communications Inc.",
            "GB",
            "London",
            51.5072,
            -0.1276,
        ),
        Net(
            "vultr",
            "45.76.0.0",
            "45.77.255.255",
            20473,
            "The Constant Company, LLC",
            "US",
            "Piscataway",
            40.5511,
            -74.4606,
        ),
        Net(
            "digitalocean",
            "46.101.0.0",
            "46.101.255.255",
            14061,
            "DigitalOcean, LLC",
            "DE",
            "Frankfurt am Main",
            50.1109,
            8.6821,
        ),
        Net(
            "m247",
            "146.70.8.0",
            "146.70.215.255",
            9009,
            "M247 Europe SRL",
            "RO",
            "Bucharest",
            44.4268,
            26.1025,
        ),
        Net(
            "aeza",
            "89.22.224.0",
            "89.22.239.255",
            210644,
            "AEZA INTERNATIONAL LTD",
            "RU",
            "Moscow",
            55.7558,
            37.6173,
        ),
        Net(
            "alibaba",
            "47.238.28.0",
            "47.245.155.255",
            45102,
            "Alibaba (US) Technology Co., Ltd.",
            "HK",
            "Hong Kong",
            22.3193,
            114.1694,
        ),
        Net(
            "contabo",
            "161.97.64.0",
            "161.97.189.255",
            51167,
            "Contabo GmbH",
            "DE",
            "Nuremberg",
            49.4521,
            11.0767,
        ),
        Net(
            "ovh", "54.36.0.0", "54.39.255.255", 16276, "OVH SAS", "FR", "Roubaix", 50.6942, 3.1746
        ),
        Net(
            "nforce",
            "109.201.128.0",
            "109.201.159.255",
            43350,
            "NForce Entertainment B.V.",
            "NL",
            "Amsterdam",
            52.3676,
            4.9041,
        ),
    )
}
ATTACKER_NETS = ("vultr", "digitalocean", "m247", "aeza", "alibaba", "contabo", "ovh", "nforce")
AWS_PLACES = {
    "ap-southeast-1": ("SG", "Singapore", 1.2897, 103.8501),
    "eu-central-1": ("DE", "Frankfurt am Main", 50.1109, 8.6821),
    "ap-northeast-1": ("JP", "Tokyo", 35.6762, 139.6503),
    "us-west-2": ("US", "Boardman", 45.8399, -119.7006),
    "us-east-1": ("US", "Ashburn", 39.0438, -77.4874),
}


def ec2_prefixes(region: str, count: int = 3) -> list[str]:
    """The first ``count`` EC2 prefixes of ``region`` of /20 or wider in the bundled ranges."""
    data = json.loads(IP_RANGES.read_text())
    wide = [
        p["ip_prefix"]
        for p in data["prefixes"]
        if p["region"] == region
        and p["service"] == "EC2"
        and int(p["ip_prefix"].split("/")[1]) <= 20
    ]
    return wide[:count]


class Addresses:
    """Deterministic address picking: EC2 addresses per region, and operator blocks."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.prefixes = {r: ec2_prefixes(r) for r in AWS_PLACES}
        self.used: set[str] = set()

    def aws(self, region: str, which: int | None = None) -> str:
        prefixes = self.prefixes[region]
        net = ipaddress.ip_network(
            prefixes[int(self.rng.integers(len(prefixes))) if which is None else which]
        )
        while True:
            ip = str(net[int(self.rng.integers(16, net.num_addresses - 16))])
            if ip not in self.used:
                self.used.add(ip)
                return ip

    def net(self, name: str) -> str:
        while True:
            ip = NETS[name].pick(self.rng)
            if ip not in self.used:
                self.used.add(ip)
                return ip


def write_geo(out: Path, prefixes: dict[str, list[str]]) -> tuple[Path, Path]:
    """``geo/heldout15-ASN.mmdb`` and ``geo/heldout15-City.mmdb`` for every block and prefix."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPNetwork, IPRange, IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout15 ASN")
    city = MMDBWriter(4, "GeoLite2-City", description="heldout15 City")

    def place(country: str, name: str, lat: float, lon: float) -> dict[str, object]:
        return {
            "country": {"iso_code": country, "names": {"en": country}},
            "city": {"names": {"en": name}},
            "location": {"latitude": lat, "longitude": lon},
        }

    for n in NETS.values():
        block = IPSet(IPRange(n.first, n.last))
        asn.insert_network(
            block, {"autonomous_system_number": n.asn, "autonomous_system_organization": n.org}
        )
        city.insert_network(block, place(n.country, n.city, n.lat, n.lon))
    for region, nets in prefixes.items():
        block = IPSet([IPNetwork(p) for p in nets])
        asn.insert_network(
            block,
            {"autonomous_system_number": 16509, "autonomous_system_organization": "AMAZON-02"},
        )
        city.insert_network(block, place(*AWS_PLACES[region]))
    paths = out / "heldout15-ASN.mmdb", out / "heldout15-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
