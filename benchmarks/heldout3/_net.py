"""The address plan of Halvard Freight and the geo/threat inputs the pipeline reads.

AWS addresses come from EC2 prefixes of the bundled ``data/ip-ranges.json`` (read as a file:
this package imports nothing from ``ueba``). Everything else comes from blocks that regional
registries give to the operators named here; none of them is inside any AWS prefix (a test
checks). ``write_geo`` writes MaxMind-format ASN and City stand-ins covering exactly these
blocks and the EC2 prefixes used, because a deployment passes GeoLite2 and CI cannot.
"""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path

RANGES = Path(__file__).resolve().parents[2] / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Network:
    name: str
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def host(self, rng: random.Random) -> str:
        net = ipaddress.ip_network(self.cidr)
        return str(net.network_address + rng.randrange(2, net.num_addresses - 2))


NETWORKS: dict[str, Network] = {
    n.name: n
    for n in (
        # people: Hamburg head office and homes in Germany and Poland
        Network(
            "office", "217.6.0.0/16", 3320, "Deutsche Telekom AG", "DE", "Hamburg", 53.55, 9.99
        ),
        Network("dtag", "79.192.0.0/10", 3320, "Deutsche Telekom AG", "DE", "Hamburg", 53.55, 9.99),
        Network("vodafone", "94.134.0.0/15", 3209, "Vodafone GmbH", "DE", "Berlin", 52.52, 13.40),
        Network(
            "orange_pl",
            "83.0.0.0/11",
            5617,
            "Orange Polska Spolka Akcyjna",
            "PL",
            "Warsaw",
            52.23,
            21.01,
        ),
        # the offsite (benign travel)
        Network(
            "meo",
            "85.240.0.0/13",
            3243,
            "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.",
            "PT",
            "Lisbon",
            38.72,
            -9.14,
        ),
        # attackers
        Network("contabo", "161.97.0.0/16", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
        Network("ovh", "51.38.0.0/16", 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13),
        Network(
            "vultr",
            "45.77.0.0/16",
            20473,
            "The Constant Company, LLC",
            "NL",
            "Amsterdam",
            52.37,
            4.90,
        ),
        Network("rcs_rds", "86.120.0.0/13", 8708, "RCS & RDS SA", "RO", "Bucharest", 44.43, 26.10),
        Network(
            "datacamp", "89.187.160.0/19", 60068, "Datacamp Limited", "GB", "London", 51.51, -0.13
        ),
        Network(
            "tor",
            "185.220.101.0/24",
            60729,
            "Stiftung Erneuerbare Freiheit",
            "DE",
            "Berlin",
            52.52,
            13.40,
        ),
        Network(
            "hetzner", "5.161.0.0/16", 24940, "Hetzner Online GmbH", "US", "Ashburn", 39.04, -77.49
        ),
    )
}
AWS_GEO = {
    "eu-central-1": ("DE", "Frankfurt am Main", 50.11, 8.68),
    "eu-west-1": ("IE", "Dublin", 53.35, -6.26),
    "eu-north-1": ("SE", "Stockholm", 59.33, 18.07),
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "ap-southeast-1": ("SG", "Singapore", 1.29, 103.85),
}
# on-prem data centre behind the site-to-site VPN: private addresses through interface endpoints
ONPREM = "10.64.0.0/16"
VPC = {"prod": "10.20.0.0/16", "staging": "10.30.0.0/16", "data": "10.40.0.0/16"}


def ec2_prefixes(path: Path = RANGES) -> dict[str, list[str]]:
    """Per region, EC2 prefixes of /14 to /18 from the ip-ranges snapshot, in file order."""
    data = json.loads(path.read_text())
    out: dict[str, list[str]] = {r: [] for r in AWS_GEO}
    for p in data["prefixes"]:
        length = int(p["ip_prefix"].split("/")[1])
        if p["service"] == "EC2" and p["region"] in out and 14 <= length <= 18:
            out[p["region"]].append(p["ip_prefix"])
    return out


class Addresses:
    """Draws addresses: stable ones by name (a NAT gateway, a person's home), fresh ones."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.prefixes = ec2_prefixes()
        self.used: set[tuple[str, str]] = set()
        self._named: dict[str, str] = {}

    def aws(self, region: str, slot: int = 0) -> str:
        cidr = self.prefixes[region][slot % len(self.prefixes[region])]
        self.used.add((region, cidr))
        net = ipaddress.ip_network(cidr)
        return str(net.network_address + self.rng.randrange(256, net.num_addresses - 256))

    def public(self, network: str) -> str:
        return NETWORKS[network].host(self.rng)

    def private(self, cidr: str) -> str:
        net = ipaddress.ip_network(cidr)
        return str(net.network_address + self.rng.randrange(256, net.num_addresses - 2))

    def named(self, name: str, draw: str) -> str:
        """The same address for ``name`` every time (``draw`` is a network or ``aws:<region>``)."""
        if name not in self._named:
            if draw.startswith("aws:"):
                self._named[name] = self.aws(draw.split(":", 1)[1])
            elif "/" in draw:
                self._named[name] = self.private(draw)
            else:
                self._named[name] = self.public(draw)
        return self._named[name]


def write_geo(out: Path, used: set[tuple[str, str]]) -> tuple[Path, Path]:
    """``geo/heldout3-ASN.mmdb`` and ``geo/heldout3-City.mmdb`` for every block used."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout3 stand-in")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout3 stand-in")
    rows = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in NETWORKS.values()]
    rows += [(c, 16509, "AMAZON-02", *AWS_GEO[r]) for r, c in sorted(used)]
    for cidr, number, org, country, town, lat, lon in rows:
        asn.insert_network(
            IPSet([cidr]),
            {"autonomous_system_number": number, "autonomous_system_organization": org},
        )
        city.insert_network(
            IPSet([cidr]),
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": town}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    asn_path, city_path = out / "heldout3-ASN.mmdb", out / "heldout3-City.mmdb"
    asn.to_db_file(str(asn_path))
    city.to_db_file(str(city_path))
    return asn_path, city_path
