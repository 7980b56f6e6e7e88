"""Where calls come from: AWS addresses from ueba's bundled ip-ranges.json, and real ISP,
hosting and attacker networks (blocks the bundled IP->ASN table gives to those ASNs).

``write_geo`` writes MaxMind-format ASN and City databases for exactly these networks: the
stand-in for the GeoLite2 databases a real deployment passes to ``ueba`` (the MaxMind test
databases cover too few addresses for country rules to have data).
"""

from __future__ import annotations

import ipaddress
import json
import os
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IP_RANGES = REPO / "ueba" / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Network:
    """An address block of one operator, with where it is."""

    name: str
    cidr: str
    asn: int
    as_org: str
    country: str
    city: str
    latitude: float
    longitude: float

    def address(self, rng: random.Random) -> str:
        net = ipaddress.ip_network(self.cidr)
        return str(net[rng.randrange(2, net.num_addresses - 2)])


# Blocks inside ranges the bundled asn-ipv4 table assigns to each ASN (checked by a test).
NETWORKS: dict[str, Network] = {
    n.name: n
    for n in (
        Network(
            "comcast",
            "73.162.0.0/16",
            7922,
            "Comcast Cable Communications, LLC",
            "US",
            "San Jose",
            37.34,
            -121.89,
        ),
        Network(
            "verizon", "71.105.0.0/16", 701, "Verizon Business", "US", "New York", 40.71, -74.0
        ),
        Network(
            "telekom", "79.200.0.0/16", 3320, "Deutsche Telekom AG", "DE", "Berlin", 52.52, 13.4
        ),
        Network(
            "bt",
            "86.150.0.0/16",
            2856,
            "British Telecommunications PLC",
            "GB",
            "London",
            51.5,
            -0.12,
        ),
        Network(
            "office", "38.214.10.0/24", 174, "Cogent Communications", "US", "Seattle", 47.6, -122.33
        ),
        Network(
            "github", "20.57.0.0/16", 8075, "Microsoft Corporation", "US", "Boydton", 36.67, -78.39
        ),
        Network(
            "telefonica",
            "83.40.0.0/16",
            3352,
            "TELEFONICA DE ESPANA S.A.U.",
            "ES",
            "Madrid",
            40.42,
            -3.7,
        ),
        Network(
            "charter",
            "174.82.0.0/16",
            20115,
            "Charter Communications",
            "US",
            "Austin",
            30.27,
            -97.74,
        ),
        Network(
            "hetzner",
            "46.224.0.0/16",
            24940,
            "Hetzner Online GmbH",
            "DE",
            "Falkenstein",
            50.48,
            12.37,
        ),
        Network("viettel", "171.230.0.0/16", 7552, "Viettel Group", "VN", "Hanoi", 21.03, 105.85),
        Network("m247", "146.70.100.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1),
        Network(
            "digitalocean",
            "45.55.0.0/16",
            14061,
            "DigitalOcean, LLC",
            "US",
            "New York",
            40.71,
            -74.0,
        ),
    )
}

_REGION_COUNTRY = {
    "us-east-1": "US",
    "us-east-2": "US",
    "us-west-2": "US",
    "eu-west-1": "IE",
    "eu-central-1": "DE",
    "ap-southeast-1": "SG",
}


class AwsAddresses:
    """EC2 addresses of a region, drawn from the EC2 prefixes of the bundled ip-ranges.json."""

    def __init__(self, path: Path = IP_RANGES) -> None:
        data = json.loads(path.read_text())
        self.prefixes: dict[str, list[str]] = {}
        for p in data["prefixes"]:
            if p["service"] == "EC2" and p["region"] in _REGION_COUNTRY:
                net = ipaddress.ip_network(p["ip_prefix"])
                if net.prefixlen <= 22:  # big pools, as EC2 public addresses come from
                    self.prefixes.setdefault(p["region"], []).append(p["ip_prefix"])
        for region in self.prefixes:
            self.prefixes[region].sort()

    def address(self, rng: random.Random, region: str) -> str:
        net = ipaddress.ip_network(rng.choice(self.prefixes[region]))
        return str(net[rng.randrange(4, net.num_addresses - 4)])


def private_address(rng: random.Random, vpc: int = 0) -> str:
    """An address of a VPC's private 10.<vpc>.0.0/16."""
    return f"10.{vpc}.{rng.randrange(0, 256)}.{rng.randrange(4, 250)}"


def write_geo(out_dir: str | os.PathLike[str], aws: AwsAddresses) -> tuple[Path, Path]:
    """``scenario-ASN.mmdb`` and ``scenario-City.mmdb`` for NETWORKS and the AWS pools."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="ueba scenario ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="ueba scenario City")
    for net in NETWORKS.values():
        block = IPSet([net.cidr])
        asn.insert_network(
            block,
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.as_org},
        )
        city.insert_network(
            block,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.latitude, "longitude": net.longitude},
            },
        )
    for region, prefixes in aws.prefixes.items():
        block = IPSet(prefixes)
        number, org = (14618, "AMAZON-AES") if region == "us-east-1" else (16509, "AMAZON-02")
        asn.insert_network(
            block, {"autonomous_system_number": number, "autonomous_system_organization": org}
        )
        city.insert_network(
            block,
            {
                "country": {
                    "iso_code": _REGION_COUNTRY[region],
                    "names": {"en": _REGION_COUNTRY[region]},
                }
            },
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "scenario-ASN.mmdb", out / "scenario-City.mmdb")
    for writer, path in zip((asn, city), paths, strict=True):
        fd, tmp = tempfile.mkstemp(dir=out, prefix=".tmp-", suffix=".mmdb")
        os.close(fd)
        writer.to_db_file(tmp)
        os.replace(tmp, path)
    return paths
