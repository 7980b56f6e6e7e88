"""Where calls come from: consumer, office, partner and attacker blocks, AWS addresses from the
repository's ``data/ip-ranges.json``, and the GeoIP stand-ins covering exactly those networks.

Every block outside AWS is a /20 or /24 inside a range that the public IP-to-ASN data gives to
the operator named (a test checks each against ``ueba``'s bundled table, so a generator edit
cannot drift to addresses that belong to someone else).
"""

from __future__ import annotations

import ipaddress
import json
import random
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
IP_RANGES = REPO / "data" / "ip-ranges.json"


@dataclass(frozen=True)
class Net:
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


# name -> block. Players' ISPs first (home markets, then the launch's new countries).
NETS: dict[str, Net] = {
    # players, home markets
    "p_eir": Net("51.171.16.0/20", 5466, "Eircom Limited", "IE", "Cork", 51.90, -8.47),
    "p_bt": Net(
        "31.96.32.0/20", 2856, "British Telecommunications PLC", "GB", "Leeds", 53.80, -1.55
    ),
    "p_virgin": Net(
        "82.28.64.0/20", 5089, "Virgin Media Limited", "GB", "Manchester", 53.48, -2.24
    ),
    "p_dtag": Net("88.128.48.0/20", 3320, "Deutsche Telekom AG", "DE", "Hamburg", 53.55, 9.99),
    "p_vodafone": Net("24.134.16.0/20", 3209, "Vodafone GmbH", "DE", "Cologne", 50.94, 6.96),
    "p_orange_fr": Net("86.225.0.0/20", 3215, "Orange S.A.", "FR", "Lyon", 45.76, 4.84),
    "p_free": Net("83.159.32.0/20", 12322, "Free SAS", "FR", "Paris", 48.86, 2.35),
    "p_movistar": Net(
        "37.158.16.0/20", 3352, "TELEFONICA DE ESPANA S.A.U.", "ES", "Madrid", 40.42, -3.70
    ),
    "p_kpn": Net("31.149.48.0/20", 1136, "KPN B.V.", "NL", "Utrecht", 52.09, 5.12),
    "p_telia": Net("62.20.64.0/20", 3301, "Telia Company AB", "SE", "Stockholm", 59.33, 18.07),
    "p_tim": Net("62.211.16.0/20", 3269, "Telecom Italia S.p.A.", "IT", "Milan", 45.46, 9.19),
    "p_orange_pl": Net(
        "37.108.32.0/20", 5617, "Orange Polska Spolka Akcyjna", "PL", "Warsaw", 52.23, 21.01
    ),
    "p_comcast": Net(
        "24.91.64.0/20", 7922, "Comcast Cable Communications, LLC", "US", "Boston", 42.36, -71.06
    ),
    "p_charter": Net(
        "23.84.96.0/20", 20115, "Charter Communications", "US", "Austin", 30.27, -97.74
    ),
    "p_bell": Net("64.231.16.0/20", 577, "Bell Canada", "CA", "Toronto", 43.65, -79.38),
    "p_singtel": Net(
        "219.75.0.0/20", 9506, "Singapore Telecommunications Ltd", "SG", "Singapore", 1.29, 103.85
    ),
    "p_kddi": Net("14.101.64.0/20", 2516, "KDDI CORPORATION", "JP", "Osaka", 34.69, 135.50),
    "p_kt": Net("121.126.32.0/20", 4766, "Korea Telecom", "KR", "Seoul", 37.57, 126.98),
    "p_telstra": Net("101.103.16.0/20", 1221, "Telstra Limited", "AU", "Sydney", -33.87, 151.21),
    # players, countries the launch weekend opens
    "p_vivo": Net(
        "179.80.16.0/20", 26599, "TELEFONICA BRASIL S.A", "BR", "Sao Paulo", -23.55, -46.63
    ),
    "p_claro": Net(
        "177.235.32.0/20",
        28573,
        "Claro NXT Telecomunicacoes Ltda",
        "BR",
        "Rio de Janeiro",
        -22.91,
        -43.17,
    ),
    "p_telmex": Net(
        "148.212.64.0/20", 8151, "Uninet S.A. de C.V.", "MX", "Mexico City", 19.43, -99.13
    ),
    "p_telkom": Net(
        "61.94.32.0/20", 7713, "Telekomunikasi Indonesia (PT)", "ID", "Jakarta", -6.21, 106.85
    ),
    "p_pldt": Net(
        "119.111.16.0/20", 9299, "Philippine Long Distance Telephone", "PH", "Manila", 14.60, 120.98
    ),
    "p_3bb": Net(
        "180.183.48.0/20",
        45758,
        "Triple T Broadband Public Company",
        "TH",
        "Bangkok",
        13.76,
        100.50,
    ),
    "p_airtel": Net("27.58.32.0/20", 24560, "Bharti Airtel Limited", "IN", "Mumbai", 19.08, 72.88),
    # the company's people
    "office_dublin": Net("159.134.88.0/24", 5466, "Eircom Limited", "IE", "Dublin", 53.35, -6.26),
    "office_berlin": Net(
        "80.187.112.0/24", 3320, "Deutsche Telekom AG", "DE", "Berlin", 52.52, 13.40
    ),
    "home_dublin": Net("46.7.32.0/20", 6830, "Liberty Global B.V.", "IE", "Dublin", 53.34, -6.27),
    "home_berlin": Net("37.24.48.0/20", 3209, "Vodafone GmbH", "DE", "Berlin", 52.51, 13.39),
    "home_montreal": Net("24.37.64.0/20", 5769, "Videotron Ltee", "CA", "Montreal", 45.50, -73.57),
    "home_singapore": Net(
        "116.14.144.0/20", 9506, "Singapore Telecommunications Ltd", "SG", "Singapore", 1.30, 103.83
    ),
    "qa_krakow": Net(
        "37.47.96.0/24", 5617, "Orange Polska Spolka Akcyjna", "PL", "Krakow", 50.06, 19.94
    ),
    "qa_bucharest": Net(
        "81.196.40.0/24", 8708, "DIGI ROMANIA S.A.", "RO", "Bucharest", 44.43, 26.10
    ),
    "travel_lisbon": Net(
        "81.193.16.0/20",
        3243,
        "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.",
        "PT",
        "Lisbon",
        38.72,
        -9.14,
    ),
    "entra_scim": Net(
        "20.13.64.0/20", 8075, "Microsoft Corporation", "NL", "Amsterdam", 52.37, 4.90
    ),
    # partners with long-lived keys
    "webshop_ionos": Net("82.165.96.0/24", 8560, "IONOS SE", "DE", "Karlsruhe", 49.01, 8.40),
    "payments_kpn": Net("31.149.200.0/24", 1136, "KPN B.V.", "NL", "Amsterdam", 52.37, 4.90),
    # attackers
    "atk_do": Net(
        "46.101.48.0/24", 14061, "DigitalOcean, LLC", "DE", "Frankfurt am Main", 50.11, 8.68
    ),
    "atk_contabo": Net("161.97.96.0/24", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "atk_vultr": Net(
        "45.32.64.0/24", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "atk_tencent": Net(
        "49.51.32.0/24",
        132203,
        "Shenzhen Tencent Computer Systems Company Limited",
        "HK",
        "Hong Kong",
        22.32,
        114.17,
    ),
    "atk_ovh": Net("5.196.80.0/24", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.18),
    "atk_m247": Net("146.70.120.0/24", 9009, "M247 Europe SRL", "GB", "London", 51.51, -0.13),
    "atk_hetzner": Net(
        "5.9.112.0/24", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37
    ),
    "atk_mtn": Net(
        "197.210.64.0/20", 29465, "MTN NIGERIA Communication limited", "NG", "Lagos", 6.52, 3.38
    ),
    "atk_datacamp": Net(
        "89.187.176.0/24", 60068, "Datacamp Limited", "NL", "Amsterdam", 52.37, 4.89
    ),
    "atk_resi_ie": Net("51.171.160.0/20", 5466, "Eircom Limited", "IE", "Limerick", 52.66, -8.63),
}

HOME_PLAYERS = [
    ("p_eir", 6),
    ("p_bt", 9),
    ("p_virgin", 6),
    ("p_dtag", 12),
    ("p_vodafone", 7),
    ("p_orange_fr", 8),
    ("p_free", 6),
    ("p_movistar", 6),
    ("p_kpn", 4),
    ("p_telia", 3),
    ("p_tim", 5),
    ("p_orange_pl", 5),
    ("p_comcast", 6),
    ("p_charter", 4),
    ("p_bell", 3),
    ("p_singtel", 3),
    ("p_kddi", 3),
    ("p_kt", 2),
    ("p_telstra", 2),
]
LAUNCH_PLAYERS = [
    ("p_vivo", 14),
    ("p_claro", 9),
    ("p_telmex", 10),
    ("p_telkom", 9),
    ("p_pldt", 8),
    ("p_3bb", 5),
    ("p_airtel", 7),
]

AWS_REGIONS = ("eu-west-1", "eu-central-1", "ap-southeast-1", "us-east-1", "us-west-2")
CITY = {
    "eu-west-1": ("IE", "Dublin", 53.34, -6.26),
    "eu-central-1": ("DE", "Frankfurt am Main", 50.11, 8.68),
    "ap-southeast-1": ("SG", "Singapore", 1.29, 103.85),
    "us-east-1": ("US", "Ashburn", 39.04, -77.49),
    "us-west-2": ("US", "Boardman", 45.84, -119.70),
}


def ec2_prefixes() -> dict[str, list[str]]:
    """A few EC2 /16-/20 prefixes per region, from the bundled snapshot (the same feed ueba reads)."""
    data = json.loads(IP_RANGES.read_text())
    out: dict[str, list[str]] = {r: [] for r in AWS_REGIONS}
    for p in data["prefixes"]:
        if p["service"] == "EC2" and p["region"] in out:
            net = ipaddress.ip_network(p["ip_prefix"])
            if 14 <= net.prefixlen <= 18 and len(out[p["region"]]) < 4:
                out[p["region"]].append(p["ip_prefix"])
    return out


class Addresses:
    """Deterministic address draws: AWS (per region) and the named blocks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.prefixes = ec2_prefixes()

    def aws(self, region: str) -> str:
        net = ipaddress.ip_network(self.rng.choice(self.prefixes[region]))
        return str(net.network_address + self.rng.randrange(256, net.num_addresses - 256))

    def of(self, name: str) -> str:
        return NETS[name].host(self.rng)

    @staticmethod
    def private() -> str:
        return "10.40.0.0"


def write_geo(out: Path, prefixes: dict[str, list[str]]) -> tuple[Path, Path]:
    """ASN and City databases (MaxMind format) covering the blocks above and the AWS prefixes."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn_db = MMDBWriter(ip_version=6, database_type="GeoLite2-ASN", ipv4_compatible=True)
    city_db = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    for net in NETS.values():
        asn_db.insert_network(
            IPSet([net.cidr]),
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org},
        )
        city_db.insert_network(IPSet([net.cidr]), _city(net.country, net.city, net.lat, net.lon))
    for region, cidrs in prefixes.items():
        country, city, lat, lon = CITY[region]
        for cidr in cidrs:
            asn_db.insert_network(
                IPSet([cidr]),
                {"autonomous_system_number": 16509, "autonomous_system_organization": "AMAZON-02"},
            )
            city_db.insert_network(IPSet([cidr]), _city(country, city, lat, lon))
    asn_path, city_path = out / "heldout5-ASN.mmdb", out / "heldout5-City.mmdb"
    asn_db.to_db_file(str(asn_path))
    city_db.to_db_file(str(city_path))
    return asn_path, city_path


def _city(country: str, city: str, lat: float, lon: float) -> dict[str, object]:
    return {
        "country": {"iso_code": country, "names": {"en": country}},
        "city": {"names": {"en": city}},
        "location": {"latitude": lat, "longitude": lon},
    }
