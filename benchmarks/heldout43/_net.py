"""Where Kawah Lestari Energi's calls come from: every network the trail uses, with the ASN and
city the suite's own GeoIP test databases give it, the threat list, and the two databases
written with ``mmdb_writer``. Every public address of the trail is drawn from one of these
networks, so every one of them is located."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Net:
    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    tz: str

    def host(self, rng: random.Random, low: int = 4, high: int = 250) -> str:
        """A host of the network (its first /24), drawn with ``rng``."""
        base = ipaddress.ip_network(self.cidr).network_address
        return str(base + rng.randint(low, high))

    def fixed(self, n: int) -> str:
        """The network's ``n``-th address: a NAT gateway's Elastic IP, an office's egress."""
        return str(ipaddress.ip_network(self.cidr).network_address + n)


JKT: tuple[str, str, float, float, str] = ("ID", "Jakarta", -6.21, 106.85, "Asia/Jakarta")


def amazon(cidr: str, where: tuple[str, str, float, float, str] = JKT) -> Net:
    """A network of AWS's own (AS16509), in Jakarta unless ``where`` says otherwise."""
    return Net(cidr, 16509, "AMAZON-02", *where)


NETS: dict[str, Net] = {
    # AWS: prod's NAT gateway Elastic IPs (the second after B5), Lambda's addresses in
    # ap-southeast-3, vendors' and an attacker's EC2 in other regions
    "nat_prod": amazon("108.136.40.0/24"),
    "nat_new": amazon("108.137.12.0/24"),
    "nat_data": amazon("108.136.96.0/24"),
    "nat_plant": amazon("108.137.88.0/24"),
    "lambda": amazon("108.136.200.0/24"),
    "vendor_ot": amazon("3.24.10.0/24", ("AU", "Sydney", -33.87, 151.21, "Australia/Sydney")),
    "vendor_cspm": amazon(
        "54.148.10.0/24", ("US", "Boardman", 45.84, -119.7, "America/Los_Angeles")
    ),
    "tableau": amazon("54.149.20.0/24", ("US", "Boardman", 45.84, -119.7, "America/Los_Angeles")),
    "vendor_cost": amazon(
        "63.176.10.0/24", ("DE", "Frankfurt am Main", 50.11, 8.68, "Europe/Berlin")
    ),
    "attacker_ec2": amazon(
        "44.224.10.0/24", ("US", "Boardman", 45.84, -119.7, "America/Los_Angeles")
    ),
    "attacker_aws_eu": amazon(
        "18.193.30.0/24", ("DE", "Frankfurt am Main", 50.11, 8.68, "Europe/Berlin")
    ),
    # GitHub-hosted runners (Azure)
    "github": Net(
        "20.57.64.0/24",
        8075,
        "MICROSOFT-CORP-MSN-AS-BLOCK",
        "US",
        "Boydton",
        36.67,
        -78.39,
        "America/New_York",
    ),
    # the organisation's own networks
    "office": Net("103.28.52.0/24", 4800, "PT Aplikanusa Lintasarta", *JKT),
    "home_jkt": Net("36.80.12.0/24", 7713, "PT Telekomunikasi Indonesia", *JKT),
    "home_bdg": Net(
        "180.252.40.0/24",
        7713,
        "PT Telekomunikasi Indonesia",
        "ID",
        "Bandung",
        -6.91,
        107.61,
        "Asia/Jakarta",
    ),
    "home_biznet": Net("182.253.10.0/24", 17451, "BIZNET NETWORKS", *JKT),
    "vsat_kamojang": Net(
        "202.158.40.0/24",
        7713,
        "PT Telekomunikasi Indonesia",
        "ID",
        "Garut",
        -7.14,
        107.79,
        "Asia/Jakarta",
    ),
    "lte_kamojang": Net(
        "114.125.60.0/24",
        23693,
        "PT. Telekomunikasi Selular",
        "ID",
        "Garut",
        -7.14,
        107.79,
        "Asia/Jakarta",
    ),
    "vsat_darajat": Net(
        "36.66.90.0/24",
        7713,
        "PT Telekomunikasi Indonesia",
        "ID",
        "Garut",
        -7.22,
        107.74,
        "Asia/Jakarta",
    ),
    "plant_lahendong": Net(
        "103.119.140.0/24",
        7713,
        "PT Telekomunikasi Indonesia",
        "ID",
        "Tomohon",
        1.32,
        124.84,
        "Asia/Makassar",
    ),
    "auditor": Net("103.10.60.0/24", 63859, "PT Mora Telematika Indonesia", *JKT),
    "reykjavik": Net(
        "157.157.20.0/24",
        6677,
        "Siminn hf",
        "IS",
        "Reykjavik",
        64.15,
        -21.94,
        "Atlantic/Reykjavik",
    ),
    # attackers
    "vultr_sg": Net(
        "45.32.100.0/24",
        20473,
        "The Constant Company, LLC",
        "SG",
        "Singapore",
        1.29,
        103.85,
        "Asia/Singapore",
    ),
    "tor": Net(
        "185.220.101.0/24",
        208294,
        "Stiftung Erneuerbare Freiheit",
        "DE",
        "Berlin",
        52.52,
        13.4,
        "Europe/Berlin",
    ),
    "m247": Net(
        "89.46.223.0/24",
        9009,
        "M247 Europe SRL",
        "RO",
        "Bucharest",
        44.43,
        26.1,
        "Europe/Bucharest",
    ),
    "resi_proxy": Net(
        "114.5.100.0/24",
        4761,
        "INDOSAT Internet Network Provider",
        "ID",
        "Surabaya",
        -7.25,
        112.75,
        "Asia/Jakarta",
    ),
    "ovh": Net("51.68.90.0/24", 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13, "Europe/Paris"),
    "alibaba_hk": Net(
        "47.242.30.0/24",
        45102,
        "Alibaba US Technology Co., Ltd.",
        "HK",
        "Hong Kong",
        22.28,
        114.16,
        "Asia/Hong_Kong",
    ),
    "linode_tyo": Net(
        "139.162.100.0/24",
        63949,
        "Akamai Connected Cloud",
        "JP",
        "Tokyo",
        35.69,
        139.69,
        "Asia/Tokyo",
    ),
    "aeza": Net(
        "77.221.150.0/24",
        210644,
        "AEZA GROUP LLC",
        "NL",
        "Amsterdam",
        52.37,
        4.9,
        "Europe/Amsterdam",
    ),
    "vpn_sg": Net(
        "89.187.162.0/24",
        60068,
        "Datacamp Limited",
        "SG",
        "Singapore",
        1.29,
        103.85,
        "Asia/Singapore",
    ),
    "vnpt": Net(
        "14.160.20.0/24", 45899, "VNPT Corp", "VN", "Hanoi", 21.03, 105.85, "Asia/Ho_Chi_Minh"
    ),
}

# the threat list the run is configured with: Tor exits (A5 calls from one) and a bulletproof
# host's range the trail never uses
THREAT = ("185.220.101.0/24", "185.220.100.240/29", "194.26.192.0/24")


def write_databases(folder: Path) -> tuple[Path, Path, Path]:
    """The ASN and City test databases (MaxMind format) and the threat list: (asn, city, threat)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    folder.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-ASN")
    city = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-City")
    for name in sorted(NETS):
        n = NETS[name]
        where = IPSet([n.cidr])
        asn.insert_network(
            where,
            {"autonomous_system_number": n.asn, "autonomous_system_organization": n.org},
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": n.country, "names": {"en": n.country}},
                "city": {"names": {"en": n.city}},
                "location": {"latitude": n.lat, "longitude": n.lon, "time_zone": n.tz},
            },
        )
    paths = (folder / "asn.mmdb", folder / "city.mmdb", folder / "threat.txt")
    for writer, path in zip((asn, city), paths, strict=False):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    paths[2].write_text("\n".join(THREAT) + "\n")
    return paths
