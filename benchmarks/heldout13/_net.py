"""The address plan of the Ashgrove Institute: networks outside AWS taken from blocks that the
bundled IP-to-ASN table gives to those operators (a test checks each one), EC2 addresses from the
bundled ``ip-ranges.json``, and MaxMind-format ASN and City databases covering exactly these.

Nothing here imports ``ueba``: the two data files are read as files."""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "ueba" / "data"


@dataclass(frozen=True)
class Net:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def host(self, index: int) -> str:
        """The ``index``-th usable address of the block (wrapping), never .0 or .255."""
        net = ipaddress.ip_network(self.cidr)
        usable = [a for a in net.hosts() if int(a) & 0xFF not in (0, 255)]
        return str(usable[index % len(usable)])


# name -> block; the blocks are in the bundled asn-ipv4 table under that ASN (tests check)
NETS: dict[str, Net] = {
    "campus_boston": Net(
        "130.64.84.0/22", 13326, "Tufts University", "US", "Medford", 42.41, -71.12
    ),
    "campus_partner_harvard": Net(
        "128.103.84.0/22", 1742, "Harvard University", "US", "Cambridge", 42.37, -71.11
    ),
    "comcast": Net(
        "73.85.84.0/22", 7922, "Comcast Cable Communications, LLC", "US", "Boston", 42.36, -71.06
    ),
    "verizon": Net("71.107.224.0/22", 701, "Verizon Business", "US", "Newton", 42.33, -71.21),
    "charter": Net(
        "75.134.164.0/22", 20115, "Charter Communications", "US", "Worcester", 42.26, -71.80
    ),
    "bt": Net(
        "86.149.84.0/22", 2856, "British Telecommunications PLC", "GB", "Cambridge", 52.20, 0.12
    ),
    "virgin": Net(
        "86.10.168.0/22", 5089, "Virgin Media Limited", "GB", "Saffron Walden", 52.02, 0.24
    ),
    "sky": Net("90.202.168.0/22", 5607, "Sky UK Limited", "GB", "Ely", 52.40, 0.26),
    "campus_hinxton": Net(
        "193.61.84.0/22", 786, "Jisc Services Limited", "GB", "Hinxton", 52.08, 0.18
    ),
    "sunet": Net("44.5.84.0/22", 1653, "Vetenskapsradet / SUNET", "SE", "Stockholm", 59.35, 18.03),
    "dfn": Net(
        "141.43.0.0/22",
        680,
        "Verein zur Foerderung eines Deutschen Forschungsnetzes e.V.",
        "DE",
        "Heidelberg",
        49.40,
        8.69,
    ),
    "renater": Net("132.166.168.0/22", 2200, "Renater", "FR", "Paris", 48.84, 2.31),
    "hotel_kyoto": Net(
        "153.170.0.0/22", 4713, "NTT Communications Corporation", "JP", "Kyoto", 35.01, 135.77
    ),
    "vendor_lab": Net(
        "38.216.144.0/22", 174, "Cogent Communications", "US", "San Diego", 32.90, -117.20
    ),
    "gh_runners": Net(
        "48.192.0.0/22", 8075, "Microsoft Corporation", "US", "Boydton", 36.67, -78.39
    ),
    "vultr": Net(
        "45.76.168.0/22", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "ovh": Net("54.37.84.0/22", 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13),
    "digitalocean": Net(
        "45.55.84.0/22", 14061, "DigitalOcean, LLC", "US", "North Bergen", 40.79, -74.02
    ),
    "contabo": Net("161.97.104.0/22", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "m247": Net("146.70.76.0/22", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    "telkom": Net(
        "36.76.12.0/22", 7713, "Telekomunikasi Indonesia (PT)", "ID", "Jakarta", -6.21, 106.85
    ),
    "vnpt": Net("14.170.168.0/22", 45899, "VNPT Corp", "VN", "Hanoi", 21.03, 105.85),
}
BUILD_EPOCH = 1_796_256_000  # 2026-12-03T00:00:00Z
THREAT = ("m247", 77)  # the address of the threat list: NETS["m247"].host(77)

AWS_CITY = {
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-west-2": ("US", "Boardman", 45.84, -119.70),
    "eu-west-2": ("GB", "London", 51.51, -0.13),
    "eu-central-1": ("DE", "Frankfurt", 50.11, 8.68),
    "ap-southeast-1": ("SG", "Singapore", 1.29, 103.85),
}


def threat_address() -> str:
    name, index = THREAT
    return NETS[name].host(index)


@cache
def ec2_prefixes(region: str) -> tuple[str, ...]:
    """The region's EC2 prefixes of the bundled feed with room for hosts (/16 to /22), sorted."""
    feed = json.loads((DATA / "ip-ranges.json").read_text())
    nets = {
        p["ip_prefix"]
        for p in feed["prefixes"]
        if p["service"] == "EC2"
        and p["region"] == region
        and 16 <= int(p["ip_prefix"].split("/")[1]) <= 22
    }
    return tuple(sorted(nets, key=lambda c: ipaddress.ip_network(c)))[:12]


def aws_address(rng: random.Random, region: str, *, pool: int | None = None) -> str:
    """An EC2 address of ``region``; ``pool`` pins the prefix (one instance, one prefix)."""
    prefixes = ec2_prefixes(region)
    net = ipaddress.ip_network(
        prefixes[(pool if pool is not None else rng.randrange(len(prefixes))) % len(prefixes)]
    )
    offset = (
        rng.randrange(256, net.num_addresses - 256)
        if net.num_addresses > 1024
        else rng.randrange(1, net.num_addresses - 1)
    )
    return str(net.network_address + offset)


def write_geo(out: Path, regions: tuple[str, ...]) -> tuple[Path, Path]:
    """``geo/heldout13-ASN.mmdb`` and ``geo/heldout13-City.mmdb`` for every block above and the
    EC2 prefixes of ``regions``; written to a temporary name and renamed."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    class Writer(MMDBWriter):
        """The build time fixed, so that the same seed writes the same bytes."""

        def _build_meta(self) -> dict[str, object]:
            return {**super()._build_meta(), "build_epoch": BUILD_EPOCH}

    out.mkdir(parents=True, exist_ok=True)
    asn_db = Writer(4, "GeoLite2-ASN", description="heldout13 ASN", int_type="u32")
    city_db = Writer(4, "GeoLite2-City", description="heldout13 City", languages=["en"])
    entries = [(n.cidr, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in NETS.values()]
    for region in regions:
        country, city, lat, lon = AWS_CITY[region]
        entries += [(p, 16509, "AMAZON-02", country, city, lat, lon) for p in ec2_prefixes(region)]
    for cidr, asn, org, country, city, lat, lon in entries:
        where = IPSet([cidr])
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
    paths = out / "heldout13-ASN.mmdb", out / "heldout13-City.mmdb"
    for db, path in zip((asn_db, city_db), paths, strict=False):
        tmp = path.with_suffix(".tmp")
        db.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
