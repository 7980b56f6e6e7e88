"""The address plan: real operators' blocks from the bundled IP-to-ASN table, EC2 prefixes from
the bundled ``ip-ranges.json``, and MaxMind-format databases that cover exactly those.

Read as data files by path (this package imports nothing from ``ueba``)."""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
ASN_TABLE = ROOT / "ueba" / "data" / "asn-ipv4.parquet"
IP_RANGES = ROOT / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Net:
    """One /24 of a real operator, placed where its customers are."""

    key: str
    as_org: str  # a substring of the operator's name in the ASN table
    asn: int
    country: str
    city: str
    lat: float
    lon: float


# (key, operator as named in the ASN table, its ASN, where the block's users are)
NETWORKS: tuple[tuple[str, str, int, str, str, float, float], ...] = (
    # people of the company (remote-first, US West and East coast)
    ("comcast_sea", "Comcast Cable Communications, LLC", 7922, "US", "Seattle", 47.61, -122.33),
    ("comcast_pdx", "Comcast Cable Communications, LLC", 7922, "US", "Portland", 45.52, -122.68),
    ("spectrum_la", "Charter Communications", 20115, "US", "Los Angeles", 34.05, -118.24),
    ("verizon_nyc", "Verizon Business", 701, "US", "New York", 40.71, -74.0),
    ("att_atl", "AT&T Enterprises, LLC", 7018, "US", "Atlanta", 33.75, -84.39),
    ("tmobile_us", "T-Mobile USA, Inc.", 21928, "US", "Denver", 39.74, -104.99),
    # the data-science contractor (Krakow) and her trip (Lisbon)
    ("orange_pl", "Orange Polska Spolka Akcyjna", 5617, "PL", "Krakow", 50.06, 19.94),
    (
        "meo_pt",
        "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.",
        3243,
        "PT",
        "Lisbon",
        38.72,
        -9.14,
    ),
    # third parties the company works with
    ("zayo_colo", "Zayo Bandwidth", 6461, "US", "Ashburn", 39.04, -77.49),
    ("github_runners", "Microsoft Corporation", 8075, "US", "Boydton", 36.67, -78.39),
    ("helpdesk_vendor", "Hurricane Electric LLC", 6939, "US", "Fremont", 37.55, -121.99),
    ("device_farm", "Cogent Communications", 174, "US", "Chicago", 41.88, -87.63),
    ("pentest_vendor", "Rapid7 Inc", 395213, "US", "Boston", 42.36, -71.06),
    # app users of the Cognito identity pool
    ("vodafone_de", "Vodafone GmbH", 3209, "DE", "Munich", 48.14, 11.58),
    ("bharti_in", "Bharti Airtel Limited", 9498, "IN", "Bengaluru", 12.97, 77.59),
    ("telstra_au", "Telstra Limited", 1221, "AU", "Sydney", -33.87, 151.21),
    # attackers
    ("m247_ro", "M247 Europe SRL", 9009, "RO", "Bucharest", 44.43, 26.1),
    ("datacamp_nl", "Datacamp Limited", 212238, "NL", "Amsterdam", 52.37, 4.9),
    ("hetzner_de", "Hetzner Online GmbH", 24940, "DE", "Falkenstein", 50.48, 12.37),
    ("digitalocean", "DigitalOcean, LLC", 14061, "US", "North Bergen", 40.8, -74.01),
    ("ovh_fr", "OVH SAS", 16276, "FR", "Roubaix", 50.69, 3.18),
    ("linode", "Linode, LLC", 48337, "US", "Newark", 40.74, -74.17),
    (
        "tencent_cn",
        "Shenzhen Tencent Computer Systems Company Limited",
        45090,
        "CN",
        "Shenzhen",
        22.54,
        114.06,
    ),
    ("proton_ch", "Proton AG", 62371, "CH", "Zurich", 47.37, 8.54),
)

# where AWS regions are (the City database answers for EC2 prefixes too)
REGIONS = {
    "us-west-2": ("US", "Boardman", 45.84, -119.7),
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-east-2": ("US", "Columbus", 39.96, -83.0),
    "eu-central-1": ("DE", "Frankfurt am Main", 50.11, 8.68),
    "ap-northeast-2": ("KR", "Seoul", 37.57, 126.98),
    "sa-east-1": ("BR", "Sao Paulo", -23.55, -46.63),
    "ap-south-1": ("IN", "Mumbai", 19.08, 72.88),
}


class AddressPlan:
    """Addresses by network key, and EC2 addresses by region; the same seed, the same plan."""

    def __init__(self) -> None:
        table = pl.read_parquet(ASN_TABLE)
        self.nets: dict[str, Net] = {}
        self.blocks: dict[str, ipaddress.IPv4Network] = {}
        used: set[int] = set()
        for key, org, asn, country, city, lat, lon in NETWORKS:
            rows = table.filter(
                (pl.col("as_org") == org)
                & (pl.col("asn") == asn)
                & (pl.col("end") - pl.col("start") >= 255)
            ).sort("start")
            if rows.height == 0:
                raise ValueError(f"the ASN table has no block of {org} (AS{asn}) for {key}")
            for start, end in rows.select("start", "end").iter_rows():
                base = ((start + 255) // 256) * 256
                if base + 255 <= end and base not in used:
                    break
            else:
                raise ValueError(f"the ASN table has no whole /24 of {org} (AS{asn}) for {key}")
            used.add(base)
            self.nets[key] = Net(key, org, asn, country, city, lat, lon)
            self.blocks[key] = ipaddress.IPv4Network((base, 24))
        ranges = json.loads(IP_RANGES.read_text())["prefixes"]
        self.ec2: dict[str, list[ipaddress.IPv4Network]] = {}
        for p in ranges:
            if p["service"] == "EC2" and p["region"] in REGIONS:
                net = ipaddress.IPv4Network(p["ip_prefix"])
                if net.prefixlen <= 22 and p["network_border_group"] == p["region"]:
                    self.ec2.setdefault(p["region"], []).append(net)
        for region in REGIONS:
            self.ec2[region] = sorted(self.ec2.get(region, []))[:6]
            if not self.ec2[region]:
                raise ValueError(f"ip-ranges.json has no EC2 prefix in {region}")

    def ip(self, key: str, rng: random.Random) -> str:
        """An address of network ``key`` (a DHCP lease, a VPS, a runner)."""
        return str(self.blocks[key][rng.randrange(2, 254)])

    def aws(self, region: str, rng: random.Random) -> str:
        """An EC2 address of ``region`` (a Lambda execution environment, a NAT gateway)."""
        nets = self.ec2[region]
        net = nets[rng.randrange(len(nets))]
        return str(net[rng.randrange(16, net.num_addresses - 16)])

    def write_mmdb(self, out: Path) -> tuple[Path, Path]:
        """GeoLite2-ASN- and GeoLite2-City-format databases for every block of the plan."""
        import netaddr
        from mmdb_writer import MMDBWriter

        out.mkdir(parents=True, exist_ok=True)
        asn_db = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN")
        city_db = MMDBWriter(ip_version=4, database_type="GeoLite2-City")
        entries = [
            (str(self.blocks[k]), n.asn, n.as_org, n.country, n.city, n.lat, n.lon)
            for k, n in self.nets.items()
        ]
        for region, nets in self.ec2.items():
            country, city, lat, lon = REGIONS[region]
            entries += [(str(net), 16509, "AMAZON-02", country, city, lat, lon) for net in nets]
        for cidr, asn, org, country, city, lat, lon in entries:
            block = netaddr.IPSet([cidr])
            asn_db.insert_network(
                block, {"autonomous_system_number": asn, "autonomous_system_organization": org}
            )
            city_db.insert_network(
                block,
                {
                    "country": {"iso_code": country, "names": {"en": country}},
                    "city": {"names": {"en": city}},
                    "location": {"latitude": lat, "longitude": lon},
                },
            )
        asn_path, city_path = out / "heldout2-ASN.mmdb", out / "heldout2-City.mmdb"
        asn_db.to_db_file(str(asn_path))
        city_db.to_db_file(str(city_path))
        return asn_path, city_path
