"""Where Sendero Boletos' calls come from: every network the trail uses, with the ASN and the
place the GeoIP test databases give it, the threat list, and the two databases themselves. The
AWS networks are prefixes of the bundled ``ip-ranges.json`` (mx-central-1, us-east-1 and
us-east-2 EC2); every other network is outside AWS."""

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

    def host(self, index: int) -> str:
        """The ``index``-th address of the network (skipping the network address)."""
        net = ipaddress.ip_network(self.cidr)
        return str(net.network_address + 1 + index % (net.num_addresses - 2))

    def pick(self, rng: random.Random) -> str:
        return self.host(rng.randrange(1 << 30))


AMAZON = (16509, "AMAZON-02")
NETS: dict[str, Net] = {
    # AWS: NAT gateways, Lambda and instances in mx-central-1 (Querétaro); vendors in us-east-*
    "nat_a": Net("136.18.152.0/24", *AMAZON, "MX", "Querétaro", 20.59, -100.39),
    "nat_b": Net("136.18.153.0/24", *AMAZON, "MX", "Querétaro", 20.59, -100.39),
    "nat_new": Net("136.18.157.0/24", *AMAZON, "MX", "Querétaro", 20.59, -100.39),
    "mx_ec2": Net("18.97.96.0/22", *AMAZON, "MX", "Querétaro", 20.59, -100.39),
    "mx_ec2_new": Net("18.97.104.0/22", *AMAZON, "MX", "Querétaro", 20.59, -100.39),
    "mx_lambda": Net("18.97.108.0/22", *AMAZON, "MX", "Querétaro", 20.59, -100.39),
    "fest_ec2": Net("136.18.158.0/24", *AMAZON, "MX", "Querétaro", 20.59, -100.39),
    "use1_glue": Net("50.16.0.0/16", *AMAZON, "US", "Ashburn", 39.04, -77.49),
    "cloudshell": Net("50.17.0.0/16", *AMAZON, "US", "Ashburn", 39.04, -77.49),
    "datadog": Net("52.5.0.0/16", *AMAZON, "US", "Ashburn", 39.04, -77.49),
    "snowflake": Net("52.6.0.0/16", *AMAZON, "US", "Ashburn", 39.04, -77.49),
    "metabase": Net("52.7.0.0/16", *AMAZON, "US", "Ashburn", 39.04, -77.49),
    "pagonauta": Net("18.191.0.0/16", *AMAZON, "US", "Columbus", 39.96, -83.0),
    "umbral": Net("77.112.0.0/16", *AMAZON, "US", "Columbus", 39.96, -83.0),
    "foreign_ec2": Net("3.134.0.0/16", *AMAZON, "US", "Columbus", 39.96, -83.0),
    # Sendero's offices, people's homes, venues and vendors outside AWS
    "hq": Net(
        "187.189.80.0/24", 22884, "TOTAL PLAY TELECOMUNICACIONES", "MX", "Mexico City", 19.43, -99.2
    ),
    "home_telmex": Net(
        "189.146.0.0/16", 8151, "Uninet S.A. de C.V.", "MX", "Mexico City", 19.39, -99.16
    ),
    "home_mega": Net(
        "177.226.0.0/16", 13999, "Mega Cable, S.A. de C.V.", "MX", "Guadalajara", 20.67, -103.35
    ),
    "home_izzi": Net(
        "187.190.0.0/16", 11888, "Televisión Internacional", "MX", "Mexico City", 19.36, -99.18
    ),
    "venue_telmex": Net(
        "201.116.10.0/24", 8151, "Uninet S.A. de C.V.", "MX", "Mexico City", 19.4, -99.09
    ),
    "venue_gdl": Net(
        "177.227.0.0/16", 13999, "Mega Cable, S.A. de C.V.", "MX", "Guadalajara", 20.7, -103.46
    ),
    "venue_mty": Net(
        "200.77.0.0/16", 28403, "AT&T COMUNICACIONES DIGITALES", "MX", "Monterrey", 25.67, -100.31
    ),
    "accesotek": Net(
        "148.244.0.0/16", 6503, "Axtel, S.A.B. de C.V.", "MX", "Guadalajara", 20.66, -103.39
    ),
    "qsa": Net(
        "201.174.60.0/24", 6503, "Axtel, S.A.B. de C.V.", "MX", "Mexico City", 19.43, -99.19
    ),
    "reventa": Net(
        "200.56.0.0/16", 28403, "AT&T COMUNICACIONES DIGITALES", "MX", "Monterrey", 25.68, -100.35
    ),
    "promoters": Net(
        "189.203.0.0/16", 22884, "TOTAL PLAY TELECOMUNICACIONES", "MX", "Mexico City", 19.44, -99.14
    ),
    "festival_office": Net(
        "177.228.0.0/16", 13999, "Mega Cable, S.A. de C.V.", "MX", "Mérida", 20.97, -89.62
    ),
    "gitlab": Net(
        "34.74.0.0/16", 396982, "GOOGLE-CLOUD-PLATFORM", "US", "Moncks Corner", 33.19, -80.01
    ),
    "madrid": Net("83.61.0.0/16", 3352, "TELEFONICA DE ESPANA", "ES", "Madrid", 40.42, -3.7),
    # attackers
    "hostinger": Net(
        "191.101.0.0/16",
        47583,
        "Hostinger International Limited",
        "BR",
        "São Paulo",
        -23.55,
        -46.63,
    ),
    "scaleway": Net("51.15.0.0/16", 12876, "Scaleway S.a.s.", "FR", "Paris", 48.86, 2.35),
    "contabo": Net("161.97.0.0/16", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "stark": Net(
        "45.134.0.0/16", 44477, "STARK INDUSTRIES SOLUTIONS LTD", "NL", "Amsterdam", 52.37, 4.9
    ),
    "tor": Net(
        "185.220.101.0/24", 60729, "Stiftung Erneuerbare Freiheit", "DE", "Berlin", 52.52, 13.4
    ),
    "digitalocean": Net("164.92.0.0/16", 14061, "DIGITALOCEAN-ASN", "NL", "Amsterdam", 52.35, 4.92),
    "vultr": Net("108.61.0.0/16", 20473, "AS-CHOOPA", "US", "Piscataway", 40.55, -74.46),
    "nigeria": Net(
        "102.89.0.0/16", 29465, "MTN NIGERIA Communication limited", "NG", "Lagos", 6.45, 3.39
    ),
    "puebla_proxy": Net(
        "189.147.0.0/16", 8151, "Uninet S.A. de C.V.", "MX", "Puebla", 19.04, -98.21
    ),
    "kamatera": Net("185.37.0.0/16", 36007, "Kamatera Inc", "US", "Dallas", 32.78, -96.8),
    "totalplay_res": Net(
        "187.191.0.0/16", 22884, "TOTAL PLAY TELECOMUNICACIONES", "MX", "Toluca", 19.29, -99.66
    ),
}

# the threat list the run is configured with: Tor exit relays the SOC subscribes to
THREAT = ("185.220.101.0/24", "185.220.100.0/24", "45.151.0.0/16")


def write_geoip(asn_path: Path, city_path: Path) -> None:
    """The two MaxMind test databases, every network of ``NETS`` in both."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-ASN")
    city = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-City")
    for net in NETS.values():
        space = IPSet([net.cidr])
        asn.insert_network(
            space,
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org},
        )
        city.insert_network(
            space,
            {
                "country": {"iso_code": net.country},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon},
            },
        )
    for writer, path in ((asn, asn_path), (city, city_path)):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
