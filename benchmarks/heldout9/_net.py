"""Tallgrass Goods' address plan, and MaxMind-format databases covering exactly it.

Networks outside AWS are /24s inside blocks that the IP-to-ASN table bundled with the
repository (``ueba/data/asn-ipv4.parquet``, read as a file, never through ``ueba``) gives to
the operator named; AWS addresses come from EC2 prefixes of the bundled ``ip-ranges.json``.
The test suite checks both.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import numpy as np

REPO = Path(__file__).resolve().parents[2]
IP_RANGES = REPO / "ueba" / "data" / "ip-ranges.json"
ASN_TABLE = REPO / "ueba" / "data" / "asn-ipv4.parquet"


@dataclass(frozen=True)
class Net:
    name: str
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    public: bool = True  # False: an AWS (EC2) prefix of the bundled ip-ranges.json

    def host(self, rng: np.random.Generator) -> str:
        network = ipaddress.ip_network(self.cidr)
        span = min(network.num_addresses - 2, 60_000)
        return str(network.network_address + 1 + int(rng.integers(0, span)))


_AMAZON = (16509, "Amazon.com, Inc.")

NETS: dict[str, Net] = {
    n.name: n
    for n in (
        # the company: HQ in Columbus, the Groveport warehouse, people at home
        Net("hq", "142.194.77.0/24", 6461, "Zayo Bandwidth", "US", "Columbus", 39.96, -83.0),
        Net(
            "warehouse",
            "107.210.60.0/24",
            7018,
            "AT&T Enterprises, LLC",
            "US",
            "Groveport",
            39.85,
            -82.88,
        ),
        Net(
            "comcast",
            "73.103.0.0/18",
            7922,
            "Comcast Cable Communications, LLC",
            "US",
            "Columbus",
            39.98,
            -83.02,
        ),
        Net("verizon", "71.105.0.0/18", 701, "Verizon Business", "US", "Cleveland", 41.5, -81.69),
        Net("att", "108.200.0.0/18", 7018, "AT&T Enterprises, LLC", "US", "Dayton", 39.76, -84.19),
        Net(
            "charter",
            "174.82.0.0/18",
            20115,
            "Charter Communications",
            "US",
            "Cincinnati",
            39.1,
            -84.51,
        ),
        # seasonal contractors, working from home in other states
        Net(
            "cox",
            "68.100.0.0/18",
            22773,
            "Cox Communications Inc.",
            "US",
            "Phoenix",
            33.45,
            -112.07,
        ),
        Net(
            "frontier",
            "47.150.0.0/18",
            5650,
            "Frontier Communications of America, Inc.",
            "US",
            "Tampa",
            27.95,
            -82.46,
        ),
        Net("tmobile", "172.58.0.0/18", 21928, "T-Mobile USA, Inc.", "US", "Dallas", 32.78, -96.8),
        # the ingestion vendor runs on Google Cloud
        Net("fivetran", "34.85.130.0/24", 396982, "Google LLC", "US", "Ashburn", 39.04, -77.49),
        # attackers
        Net(
            "vultr",
            "45.77.150.0/24",
            20473,
            "The Constant Company, LLC",
            "US",
            "Piscataway",
            40.55,
            -74.46,
        ),
        Net(
            "digitalocean",
            "68.183.44.0/24",
            14061,
            "DigitalOcean, LLC",
            "NL",
            "Amsterdam",
            52.37,
            4.9,
        ),
        Net(
            "hetzner",
            "49.12.120.0/24",
            24940,
            "Hetzner Online GmbH",
            "DE",
            "Falkenstein",
            50.48,
            12.37,
        ),
        Net(
            "linode",
            "172.105.40.0/24",
            63949,
            "Akamai Technologies, Inc.",
            "JP",
            "Tokyo",
            35.69,
            139.69,
        ),
        Net("m247", "146.70.120.0/24", 9009, "M247 Europe SRL", "CH", "Zurich", 47.37, 8.54),
        Net("digi_ro", "86.124.60.0/24", 8708, "DIGI ROMANIA S.A.", "RO", "Bucharest", 44.43, 26.1),
        Net(
            "alibaba",
            "47.80.12.0/24",
            45102,
            "Alibaba (US) Technology Co., Ltd.",
            "SG",
            "Singapore",
            1.35,
            103.82,
        ),
        Net(
            "telkom",
            "36.72.100.0/24",
            7713,
            "Telekomunikasi Indonesia (PT)",
            "ID",
            "Jakarta",
            -6.2,
            106.85,
        ),
        Net("datacamp", "89.187.170.0/24", 60068, "Datacamp Limited", "GB", "London", 51.51, -0.13),
        # AWS: EC2 prefixes of the regions the company and its vendors run in
        Net("ec2_use2", "3.132.0.0/14", *_AMAZON, "US", "Columbus", 39.96, -83.0, public=False),
        Net("ec2_use2b", "18.191.0.0/16", *_AMAZON, "US", "Columbus", 39.96, -83.0, public=False),
        Net("ec2_use1", "52.4.0.0/14", *_AMAZON, "US", "Ashburn", 39.04, -77.49, public=False),
        Net("ec2_usw2", "54.148.0.0/15", *_AMAZON, "US", "Boardman", 45.84, -119.7, public=False),
    )
}

EC2_BY_REGION = {"us-east-2": "ec2_use2", "us-east-1": "ec2_use1", "us-west-2": "ec2_usw2"}


def aws_host(region: str, rng: np.random.Generator) -> str:
    """A public EC2 address of ``region`` (NAT gateways, instances, AWS-hosted vendors)."""
    return NETS[EC2_BY_REGION[region]].host(rng)


def ec2_prefixes() -> list[tuple[str, str]]:
    """(prefix, region) of every EC2 prefix in the bundled feed (for the tests)."""
    feed = json.loads(IP_RANGES.read_text())
    return [(p["ip_prefix"], p["region"]) for p in feed["prefixes"] if p["service"] == "EC2"]


def aws_networks() -> list[ipaddress.IPv4Network]:
    """Every prefix of the bundled feed, any service."""
    feed = json.loads(IP_RANGES.read_text())
    return [ipaddress.ip_network(p["ip_prefix"]) for p in feed["prefixes"]]


_EPOCH = 1_780_000_000  # a fixed build time, so the databases are byte-identical per run


def write_mmdb(out: Path) -> tuple[Path, Path]:
    """``geo/heldout9-ASN.mmdb`` and ``geo/heldout9-City.mmdb`` for every network above."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    geo = out / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    asn_writer = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="heldout9 ASN")
    city_writer = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout9 City")
    for net in NETS.values():
        block = IPSet([net.cidr])
        asn_writer.insert_network(
            block, {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org}
        )
        city_writer.insert_network(
            block,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon},
            },
        )
    paths = geo / "heldout9-ASN.mmdb", geo / "heldout9-City.mmdb"
    with mock.patch("time.time", return_value=float(_EPOCH)):
        for writer, path in zip((asn_writer, city_writer), paths, strict=True):
            tmp = path.with_suffix(".tmp")
            writer.to_db_file(str(tmp))
            tmp.replace(path)
    return paths
