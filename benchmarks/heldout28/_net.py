"""Where Cardo Azul Digital's calls come from: its offices and homes, its client sites' hosts,
its SaaS and CI providers, the attackers' hosting, and the GeoIP databases that cover exactly
these addresses (GeoLite2-ASN and GeoLite2-City shaped, written with ``mmdb_writer``).

AWS addresses are taken inside EC2 prefixes of the bundled ``ip-ranges.json`` (eu-south-2
18.96.192.0/19, eu-west-1 54.247.0.0/16 and 18.200.0.0/16, us-east-1 52.4.0.0/14); every
other address is outside every AWS prefix (the CI module checks it)."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Place:
    """An address's owner and place, as a GeoIP database would say them."""

    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


AMAZON_MAD = Place(16509, "AMAZON-02", "ES", "Madrid", 40.4165, -3.7026)
AMAZON_DUB = Place(16509, "AMAZON-02", "IE", "Dublin", 53.3331, -6.2489)
AMAZON_IAD = Place(14618, "AMAZON-AES", "US", "Ashburn", 39.0437, -77.4875)

# the EC2 prefixes the organisation's (and others') AWS addresses are drawn from
AWS_POOLS = {
    "eu-south-2": ("18.96.192.0/19", AMAZON_MAD),
    "eu-west-1": ("54.247.0.0/16", AMAZON_DUB),
    "eu-west-1b": ("18.200.0.0/16", AMAZON_DUB),
    "us-east-1": ("52.4.0.0/14", AMAZON_IAD),
}

# public networks outside AWS: name -> (first address of a /24 used, place)
NETWORKS: dict[str, tuple[str, Place]] = {
    # the Valencia office: Movistar fibre until B8 moves it to Digi
    "office": ("80.26.150.0", Place(3352, "TELEFONICA_DE_ESPANA", "ES", "Valencia", 39.47, -0.38)),
    "office_digi": (
        "79.116.34.0",
        Place(57269, "DIGI SPAIN TELECOM S.L.", "ES", "Valencia", 39.47, -0.38),
    ),
    "home_vodafone": ("88.6.12.0", Place(12430, "VODAFONE_ES", "ES", "Valencia", 39.48, -0.36)),
    "home_orange": ("83.44.10.0", Place(12479, "Orange Espagne SA", "ES", "Paterna", 39.50, -0.44)),
    "home_masmovil": (
        "95.61.20.0",
        Place(15704, "XTRA TELECOM S.A.", "ES", "Madrid", 40.42, -3.70),
    ),
    "mobile_es": ("31.221.70.0", Place(12430, "VODAFONE_ES", "ES", "Valencia", 39.47, -0.37)),
    "lisbon_meo": (
        "85.243.10.0",
        Place(
            3243, "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.", "PT", "Lisbon", 38.72, -9.14
        ),
    ),
    "buenos_aires": (
        "181.46.130.0",
        Place(7303, "Telecom Argentina S.A.", "AR", "Buenos Aires", -34.61, -58.38),
    ),
    "london_hotel": (
        "86.179.20.0",
        Place(2856, "British Telecommunications PLC", "GB", "London", 51.51, -0.13),
    ),
    # client sites' external hosting (Spanish shared hosting and a Google Cloud host)
    "hosting_raiola": (
        "185.42.105.0",
        Place(50926, "Raiola Networks S.L.", "ES", "Lugo", 43.01, -7.56),
    ),
    "hosting_siteground": (
        "35.214.140.0",
        Place(396982, "GOOGLE-CLOUD-PLATFORM", "NL", "Groningen", 53.22, 6.57),
    ),
    # GitHub-hosted runners (Azure)
    "github_runner": (
        "20.51.0.0",
        Place(8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "Boydton", 36.67, -78.39),
    ),
    # attackers
    "vps_do_ams": (
        "146.190.40.0",
        Place(14061, "DIGITALOCEAN-ASN", "NL", "Amsterdam", 52.37, 4.90),
    ),
    "vps_do_fra": (
        "165.232.100.0",
        Place(14061, "DIGITALOCEAN-ASN", "DE", "Frankfurt am Main", 50.11, 8.68),
    ),
    "vpn_m247_mad": ("37.120.215.0", Place(9009, "M247 Europe SRL", "ES", "Madrid", 40.41, -3.70)),
    "vps_hetzner": (
        "5.161.44.0",
        Place(213230, "Hetzner Online GmbH", "US", "Ashburn", 39.04, -77.49),
    ),
    "scanner": (
        "45.141.215.0",
        Place(44477, "STARK INDUSTRIES SOLUTIONS LTD", "NL", "Amsterdam", 52.35, 4.92),
    ),
    "lagos_mtn": (
        "105.112.70.0",
        Place(29465, "MTN NIGERIA Communication limited", "NG", "Lagos", 6.45, 3.40),
    ),
    "vps_ovh": ("51.210.40.0", Place(16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13)),
}


class Addresses:
    """Hands out addresses and remembers where each one is, for the GeoIP databases."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.places: dict[str, Place] = {}
        self._used: set[str] = set()

    def public(self, network: str, host: int | None = None) -> str:
        base, place = NETWORKS[network]
        first = ipaddress.ip_address(base)
        ip = str(first + (host if host is not None else self.rng.randrange(2, 250)))
        self.places[ip] = place
        return ip

    def aws(self, pool: str) -> str:
        """A fresh address in an EC2 prefix (an Elastic IP, a NAT gateway, a Lambda host)."""
        prefix, place = AWS_POOLS[pool]
        net = ipaddress.ip_network(prefix)
        while True:
            ip = str(net[self.rng.randrange(256, net.num_addresses - 256)])
            if ip not in self._used:
                self._used.add(ip)
                self.places[ip] = place
                return ip


def write_mmdb(places: dict[str, Place], asn_path: Path, city_path: Path) -> None:
    """GeoLite2-ASN and GeoLite2-City shaped databases holding each address as a /32."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(ip_version=6, database_type="GeoLite2-ASN", ipv4_compatible=True)
    city = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    for ip in sorted(places, key=ipaddress.ip_address):
        p = places[ip]
        where = IPSet([f"{ip}/32"])
        asn.insert_network(
            where, {"autonomous_system_number": p.asn, "autonomous_system_organization": p.org}
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": p.country, "names": {"en": p.country}},
                "city": {"names": {"en": p.city}},
                "location": {"latitude": p.lat, "longitude": p.lon},
            },
        )
    for writer, path in ((asn, asn_path), (city, city_path)):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
