"""Where Tern Orbital's calls come from: the networks of its people, customers, vendor, CI and
attackers, each with the ASN and place that the suite's GeoIP databases give it, and the
threat list the security team subscribes to. Every address the trail uses is drawn from these
networks, so the ``.mmdb`` files cover exactly the addresses used."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Net:
    """One network: a CIDR, its AS and where it is."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def host(self, n: int) -> str:
        """The ``n``-th address of the network (wrapping, never the network address)."""
        net = ipaddress.ip_network(self.cidr)
        return str(net.network_address + 1 + n % (net.num_addresses - 2))


AMAZON = (16509, "AMAZON-02")
NETS: dict[str, Net] = {
    # AWS EC2 ranges of the regions (ip-ranges.json): NAT gateways, dataflow endpoints, Lambda
    "aws-use2": Net("3.16.0.0/14", *AMAZON, "US", "Columbus", 39.96, -83.0),
    "aws-eun1": Net("13.48.0.0/15", *AMAZON, "SE", "Stockholm", 59.33, 18.06),
    "aws-apse2": Net("13.236.0.0/14", *AMAZON, "AU", "Sydney", -33.87, 151.21),
    "aws-afs1": Net("13.244.0.0/15", *AMAZON, "ZA", "Cape Town", -33.92, 18.42),
    "aws-euc1": Net("3.120.0.0/14", *AMAZON, "DE", "Frankfurt", 50.11, 8.68),
    "aws-apne1": Net("54.248.0.0/15", *AMAZON, "JP", "Tokyo", 35.68, 139.69),
    # offices
    "office-us": Net("38.140.52.0/24", 174, "COGENT-174", "US", "Columbus", 39.96, -83.0),
    "office-se": Net("195.67.218.0/24", 1299, "Arelion", "SE", "Kiruna", 67.86, 20.23),
    "office-au": Net("203.45.77.0/24", 1221, "Telstra Limited", "AU", "Adelaide", -34.93, 138.6),
    "office-au-backup": Net("49.176.12.0/24", 4804, "Optus", "AU", "Adelaide", -34.93, 138.6),
    # homes
    "home-us": Net(
        "24.166.0.0/16", 10796, "Charter Communications", "US", "Columbus", 39.96, -83.0
    ),
    "home-us2": Net("73.44.0.0/16", 7922, "Comcast Cable", "US", "Dayton", 39.76, -84.19),
    "home-se": Net("78.70.0.0/16", 3301, "Telia Company AB", "SE", "Kiruna", 67.86, 20.23),
    "home-se2": Net("83.233.0.0/16", 8473, "Bahnhof AB", "SE", "Stockholm", 59.33, 18.06),
    "home-au": Net("1.120.0.0/16", 1221, "Telstra Limited", "AU", "Adelaide", -34.93, 138.6),
    "home-au2": Net("180.150.0.0/16", 4764, "Aussie Broadband", "AU", "Adelaide", -34.93, 138.6),
    # GitHub-hosted Actions runners (Azure)
    "gha": Net("4.148.0.0/16", 8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "Boydton", 36.67, -78.39),
    # the flight-software vendor's office (Toulouse)
    "vendor": Net("90.84.16.0/24", 3215, "Orange S.A.", "FR", "Toulouse", 43.6, 1.44),
    # customers downloading through presigned URLs and access points
    "cust-us": Net("205.254.146.0/24", 3356, "Level 3 Parent, LLC", "US", "Reston", 38.96, -77.36),
    "cust-eu": Net("193.158.40.0/24", 3320, "Deutsche Telekom AG", "DE", "Munich", 48.14, 11.58),
    "cust-au": Net("203.2.218.0/24", 7474, "SingTel Optus", "AU", "Canberra", -35.28, 149.13),
    # the disaster response's downloads (B2): relief agencies and NGOs on many networks
    "relief-1": Net("41.203.64.0/20", 37282, "MAINONE", "NG", "Lagos", 6.45, 3.39),
    "relief-2": Net("196.216.0.0/20", 36866, "JTL", "KE", "Nairobi", -1.29, 36.82),
    "relief-3": Net("103.10.28.0/22", 17557, "PKTELECOM-AS-PK", "PK", "Karachi", 24.86, 67.0),
    "relief-4": Net(
        "212.58.96.0/20", 2856, "British Telecommunications", "GB", "London", 51.5, -0.12
    ),
    # anonymous readers of the open-data bucket
    "open-1": Net("128.95.0.0/16", 73, "University of Washington", "US", "Seattle", 47.6, -122.3),
    "open-2": Net("34.80.0.0/14", 15169, "GOOGLE-CLOUD-PLATFORM", "TW", "Changhua", 24.08, 120.54),
    "open-3": Net("129.187.0.0/16", 12816, "Leibniz-Rechenzentrum", "DE", "Garching", 48.25, 11.65),
    "open-4": Net("150.203.0.0/16", 7575, "AARNet", "AU", "Canberra", -35.28, 149.13),
    "open-5": Net("177.20.0.0/16", 28573, "Claro NXT", "BR", "Sao Paulo", -23.55, -46.63),
    # benign changes' own networks
    "hotel-jp": Net("153.156.0.0/16", 4713, "NTT Communications", "JP", "Tokyo", 35.68, 139.69),
    "auditor": Net("62.252.0.0/16", 5089, "Virgin Media Limited", "GB", "London", 51.5, -0.12),
    # attackers
    "vps-do": Net("159.65.0.0/16", 14061, "DIGITALOCEAN-ASN", "DE", "Frankfurt", 50.11, 8.68),
    "proxy-us": Net("98.212.0.0/16", 7922, "Comcast Cable", "US", "Chicago", 41.88, -87.63),
    "night-ro": Net("5.12.0.0/16", 8708, "RCS & RDS", "RO", "Bucharest", 44.43, 26.1),
    "vpn-m247": Net("37.120.200.0/24", 9009, "M247 Europe SRL", "SE", "Stockholm", 59.33, 18.06),
    "linode": Net(
        "172.105.0.0/16", 63949, "Akamai Connected Cloud", "SG", "Singapore", 1.29, 103.85
    ),
    "vn": Net("14.160.0.0/16", 45899, "VNPT Corp", "VN", "Hanoi", 21.03, 105.85),
    "vps-hz": Net("95.216.0.0/16", 24940, "Hetzner Online GmbH", "FI", "Helsinki", 60.17, 24.94),
    "tor": Net("185.220.101.0/24", 208294, "Relayon", "DE", "Berlin", 52.52, 13.4),
}
THREAT = ("185.220.101.0/24", "45.155.205.0/24", "193.142.146.0/24")


def pick(rng: random.Random, name: str) -> str:
    """A random address of network ``name``."""
    return NETS[name].host(rng.randrange(1, 1 << 20))


def write_geo(out: Path) -> tuple[Path, Path, Path]:
    """The ASN and City databases over every network of :data:`NETS`, and the threat list:
    (asn_db, city_db, threat)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(4, "GeoLite2-ASN", languages=["en"], description="heldout33 ASN")
    city = MMDBWriter(4, "GeoLite2-City", languages=["en"], description="heldout33 City")
    for net in NETS.values():
        cidr = IPSet([net.cidr])
        asn.insert_network(
            cidr, {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org}
        )
        city.insert_network(
            cidr,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon},
            },
        )
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "GeoLite2-ASN.mmdb", out / "GeoLite2-City.mmdb", out / "threat.txt"
    for db, path in ((asn, paths[0]), (city, paths[1])):
        tmp = path.with_suffix(".tmp")
        db.to_db_file(str(tmp))
        tmp.replace(path)
    tmp = paths[2].with_suffix(".tmp")
    tmp.write_text("\n".join(THREAT) + "\n")
    tmp.replace(paths[2])
    return paths
