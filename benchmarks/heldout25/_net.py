"""Where Ipê Agrodata's calls come from: the networks of its farms, people, vendors, AWS and its
attackers, one /24 each, and the MaxMind-format databases that cover exactly them.

Brazilian operators' blocks are inside ranges the bundled IP-to-ASN table gives to that operator
(Claro NXT, Telefonica Brasil/Vivo, TIM, Algar, V tal, SpaceX Starlink); hosting blocks inside
DigitalOcean's, Hetzner's, M247's, OVH's and Vultr's (The Constant Company); AWS addresses inside
EC2 prefixes of the bundled ``ip-ranges.json``. A test checks every block against both feeds.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Net:
    name: str
    cidr: str  # a /24 (a public block) or an EC2 prefix (an AWS one)
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    aws: bool = False

    def host(self, index: int) -> str:
        """The ``index``-th address of the block (wrapping, never the network or broadcast)."""
        net = ipaddress.ip_network(self.cidr)
        span = min(net.num_addresses, 65536) - 2
        return str(net.network_address + 1 + index % span)

    def pick(self, rng: random.Random) -> str:
        return self.host(rng.randrange(1 << 16))


def _n(name: str, cidr: str, asn: int, org: str, cc: str, city: str, lat: float, lon: float) -> Net:
    return Net(name, cidr, asn, org, cc, city, lat, lon)


CLARO, VIVO, TIM = "Claro NXT Telecomunicacoes Ltda", "TELEFONICA BRASIL S.A", "TIM S/A"
STARLINK = "Space Exploration Technologies Corporation"
NETS: dict[str, Net] = {
    n.name: n
    for n in (
        # people at home and the Ribeirão Preto head office
        _n("hq", "179.162.40.0/24", 18881, VIVO, "BR", "Ribeirao Preto", -21.18, -47.81),
        _n("claro_sp", "177.32.10.0/24", 28573, CLARO, "BR", "Sao Paulo", -23.55, -46.63),
        _n("claro_rp", "177.65.140.0/24", 28573, CLARO, "BR", "Ribeirao Preto", -21.17, -47.80),
        _n("claro_recife", "177.100.120.0/24", 28573, CLARO, "BR", "Recife", -8.05, -34.88),
        _n("vivo_campinas", "177.17.20.0/24", 18881, VIVO, "BR", "Campinas", -22.91, -47.06),
        _n("vivo_sp", "177.157.30.0/24", 18881, VIVO, "BR", "Sao Paulo", -23.56, -46.64),
        _n(
            "algar_udi",
            "187.32.20.0/24",
            16735,
            "ALGAR TELECOM S/A",
            "BR",
            "Uberlandia",
            -18.92,
            -48.28,
        ),
        _n("vtal_rs", "138.0.17.0/24", 7738, "V tal", "BR", "Nao-Me-Toque", -28.46, -52.82),
        # farms: 4G modems and Starlink terminals (carrier-grade NAT, shared and re-used)
        _n("tim_mt", "177.49.1.0/24", 26615, TIM, "BR", "Sorriso", -12.55, -55.71),
        _n("tim_go", "177.164.5.0/24", 26615, TIM, "BR", "Rio Verde", -17.80, -50.93),
        _n("vivo_pr", "177.156.80.0/24", 18881, VIVO, "BR", "Cascavel", -24.96, -53.46),
        _n("starlink_a", "14.1.64.0/24", 14593, STARLINK, "BR", "Sorriso", -12.55, -55.71),
        _n("starlink_b", "14.1.70.0/24", 14593, STARLINK, "BR", "Rio Verde", -17.80, -50.93),
        _n(
            "starlink_c",
            "74.245.19.0/24",
            14593,
            STARLINK,
            "BR",
            "Luis Eduardo Magalhaes",
            -12.09,
            -45.79,
        ),
        # growers' phones: mobile carriers' CGNAT pools
        _n("claro_mobile", "177.100.140.0/24", 28573, CLARO, "BR", "Goiania", -16.68, -49.25),
        _n("vivo_mobile", "177.158.10.0/24", 18881, VIVO, "BR", "Londrina", -23.30, -51.16),
        _n("tim_mobile", "177.50.33.0/24", 26615, TIM, "BR", "Cuiaba", -15.60, -56.10),
        # attackers' hosting
        _n("m247", "2.56.16.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
        _n("m247_tor", "5.157.132.0/24", 9009, "M247 Europe SRL", "NL", "Amsterdam", 52.37, 4.90),
        _n(
            "hetzner",
            "46.62.130.0/24",
            24940,
            "Hetzner Online GmbH",
            "FI",
            "Helsinki",
            60.17,
            24.94,
        ),
        _n(
            "digitalocean",
            "64.226.70.0/24",
            14061,
            "DigitalOcean, LLC",
            "DE",
            "Frankfurt",
            50.11,
            8.68,
        ),
        _n("ovh", "5.175.162.0/24", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
        _n(
            "vultr",
            "23.27.195.0/24",
            20473,
            "The Constant Company, LLC",
            "US",
            "Piscataway",
            40.55,
            -74.46,
        ),
    )
}
# AWS: EC2 prefixes of the bundled ip-ranges.json (the geo databases give them Amazon's ASN)
AWS_NETS: dict[str, Net] = {
    n.name: n
    for n in (
        Net(
            "sa-east-1",
            "18.231.0.0/16",
            16509,
            "AMAZON-02",
            "BR",
            "Sao Paulo",
            -23.55,
            -46.63,
            True,
        ),
        Net(
            "sa-east-1b",
            "54.94.0.0/16",
            16509,
            "AMAZON-02",
            "BR",
            "Sao Paulo",
            -23.55,
            -46.63,
            True,
        ),
        Net("us-east-1", "52.4.0.0/14", 14618, "AMAZON-AES", "US", "Ashburn", 39.04, -77.49, True),
        Net(
            "us-west-2", "54.148.0.0/15", 16509, "AMAZON-02", "US", "Boardman", 45.84, -119.70, True
        ),
        Net("eu-west-1", "54.247.0.0/16", 16509, "AMAZON-02", "IE", "Dublin", 53.34, -6.26, True),
    )
}
# the security team's threat list: Tor exits and a proxy network it subscribes to
THREAT = ("5.157.132.0/24", "185.220.101.0/24", "104.244.72.0/24")


def write_geo(out: Path, used: set[str]) -> tuple[Path, Path]:
    """``ipe-ASN.mmdb`` and ``ipe-City.mmdb`` covering exactly the blocks the trail uses."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City")
    for net in (*NETS.values(), *AWS_NETS.values()):
        if net.name not in used:
            continue
        block = IPSet([net.cidr])
        asn.insert_network(
            block,
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org},
        )
        city.insert_network(
            block,
            {
                "country": {"iso_code": net.country, "names": {"en": net.country}},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon},
            },
        )
    paths = out / "ipe-ASN.mmdb", out / "ipe-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
