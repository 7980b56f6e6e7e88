"""Where Dalbit Webtoon's calls come from: every address the trail uses, with the network and
place a GeoIP database gives it, and the GeoLite2-style ``.mmdb`` files (ASN and City) that
cover exactly those addresses. AWS addresses are inside the bundled ``ip-ranges.json`` EC2
prefixes of their region; the rest are the ISPs, hosting providers and proxies of the story."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

AMAZON = (16509, "AMAZON-02")


@dataclass(frozen=True)
class Place:
    asn: int
    org: str
    country: str  # ISO code
    country_name: str
    city: str
    lat: float
    lon: float


KR = ("KR", "South Korea")
_CITY = {
    "ap-northeast-2": (*KR, "Incheon", 37.4563, 126.7052),
    "ap-northeast-1": ("JP", "Japan", "Tokyo", 35.6893, 139.6899),
    "ap-southeast-1": ("SG", "Singapore", "Singapore", 1.2868, 103.8503),
    "us-west-2": ("US", "United States", "Boardman", 45.8399, -119.7006),
    "us-east-1": ("US", "United States", "Ashburn", 39.0438, -77.4874),
}
# EC2 prefixes of the bundled ip-ranges.json, per region
AWS_PREFIX = {
    "ap-northeast-2": ("3.34.0.0/15", "13.124.0.0/16", "52.78.0.0/16", "15.164.0.0/15"),
    "ap-northeast-1": ("13.112.0.0/14", "54.64.0.0/15"),
    "ap-southeast-1": ("13.212.0.0/15", "18.136.0.0/16"),
    "us-west-2": ("35.80.0.0/12", "44.224.0.0/11"),
    "us-east-1": ("3.80.0.0/12",),
}

# name -> (address, asn, organisation, country iso, country, city, latitude, longitude)
PUBLIC: dict[str, tuple[str, int, str, str, str, str, float, float]] = {
    "seoul_office": ("121.134.52.10", 4766, "Korea Telecom", *KR, "Seoul", 37.5112, 127.0590),
    "home_kt": ("14.52.183.77", 4766, "Korea Telecom", *KR, "Seoul", 37.5660, 126.9784),
    "home_skb": ("1.225.41.19", 9318, "SK Broadband Co Ltd", *KR, "Seongnam", 37.4386, 127.1378),
    "home_lgu": ("106.245.97.131", 17858, "LG POWERCOMM", *KR, "Seoul", 37.5326, 127.0246),
    "home_skb2": ("58.140.22.205", 9318, "SK Broadband Co Ltd", *KR, "Suwon", 37.2636, 127.0286),
    "lte_skt": ("223.38.12.54", 9644, "SK Telecom", *KR, "Seoul", 37.5660, 126.9784),
    "vn_viettel": (
        "27.72.98.31",
        7552,
        "Viettel Group",
        "VN",
        "Vietnam",
        "Hanoi",
        21.0245,
        105.8412,
    ),
    "vn_viettel2": (
        "116.96.44.180",
        7552,
        "Viettel Group",
        "VN",
        "Vietnam",
        "Hanoi",
        21.0245,
        105.8412,
    ),
    "vn_vnpt": (
        "14.161.7.92",
        45899,
        "VNPT Corp",
        "VN",
        "Vietnam",
        "Ho Chi Minh City",
        10.8230,
        106.6296,
    ),
    "vn_vnpt2": ("113.160.224.18", 45899, "VNPT Corp", "VN", "Vietnam", "Hanoi", 21.0245, 105.8412),
    "vn_fpt": (
        "42.114.203.66",
        18403,
        "FPT Telecom Company",
        "VN",
        "Vietnam",
        "Da Nang",
        16.0544,
        108.2022,
    ),
    "id_telkom": (
        "36.72.214.9",
        7713,
        "PT Telekomunikasi Indonesia",
        "ID",
        "Indonesia",
        "Jakarta",
        -6.2088,
        106.8456,
    ),
    "id_telkom2": (
        "180.252.88.140",
        7713,
        "PT Telekomunikasi Indonesia",
        "ID",
        "Indonesia",
        "Bandung",
        -6.9175,
        107.6191,
    ),
    "id_biznet": (
        "182.253.160.37",
        17451,
        "BIZNET NETWORKS",
        "ID",
        "Indonesia",
        "Jakarta",
        -6.2088,
        106.8456,
    ),
    "id_biznet2": (
        "114.4.83.201",
        17451,
        "BIZNET NETWORKS",
        "ID",
        "Indonesia",
        "Yogyakarta",
        -7.7956,
        110.3695,
    ),
    "th_true": (
        "171.97.36.58",
        7470,
        "TRUE INTERNET Co.,Ltd.",
        "TH",
        "Thailand",
        "Bangkok",
        13.7563,
        100.5018,
    ),
    "th_3bb": (
        "110.168.201.23",
        45758,
        "Triple T Broadband Public Company Limited",
        "TH",
        "Thailand",
        "Chiang Mai",
        18.7883,
        98.9853,
    ),
    "th_ais": (
        "49.228.104.77",
        131445,
        "Advanced Wireless Network Company Limited",
        "TH",
        "Thailand",
        "Bangkok",
        13.7563,
        100.5018,
    ),
    "vegas_hotel": (
        "68.108.11.204",
        22773,
        "Cox Communications Inc.",
        "US",
        "United States",
        "Las Vegas",
        36.1716,
        -115.1391,
    ),
    "vegas_venue": (
        "72.218.5.140",
        22773,
        "Cox Communications Inc.",
        "US",
        "United States",
        "Las Vegas",
        36.1716,
        -115.1391,
    ),
    "gh_runner1": (
        "20.57.79.133",
        8075,
        "MICROSOFT-CORP-MSN-AS-BLOCK",
        "US",
        "United States",
        "San Antonio",
        29.4241,
        -98.4936,
    ),
    "gh_runner2": (
        "4.148.41.87",
        8075,
        "MICROSOFT-CORP-MSN-AS-BLOCK",
        "US",
        "United States",
        "Des Moines",
        41.6005,
        -93.6091,
    ),
    "gh_runner3": (
        "20.169.254.30",
        8075,
        "MICROSOFT-CORP-MSN-AS-BLOCK",
        "US",
        "United States",
        "Boydton",
        36.6676,
        -78.3875,
    ),
    # attackers
    "vultr_sg": (
        "45.77.47.203",
        20473,
        "AS-CHOOPA",
        "SG",
        "Singapore",
        "Singapore",
        1.2868,
        103.8503,
    ),
    "m247_ro": (
        "193.27.14.118",
        9009,
        "M247 Europe SRL",
        "RO",
        "Romania",
        "Bucharest",
        44.4268,
        26.1025,
    ),
    "m247_nl": (
        "89.46.223.91",
        9009,
        "M247 Europe SRL",
        "NL",
        "Netherlands",
        "Amsterdam",
        52.3740,
        4.8897,
    ),
    "naver_cloud": (
        "223.130.147.52",
        23576,
        "NAVER Cloud Corp.",
        *KR,
        "Seongnam",
        37.4386,
        127.1378,
    ),
    "do_sg": (
        "159.89.196.71",
        14061,
        "DIGITALOCEAN-ASN",
        "SG",
        "Singapore",
        "Singapore",
        1.2868,
        103.8503,
    ),
    "hetzner_de": (
        "88.198.60.14",
        24940,
        "Hetzner Online GmbH",
        "DE",
        "Germany",
        "Falkenstein",
        50.4779,
        12.3713,
    ),
    "datacamp_fr": (
        "185.93.180.112",
        60068,
        "Datacamp Limited",
        "FR",
        "France",
        "Paris",
        48.8582,
        2.3387,
    ),
    "tor_exit": (
        "185.220.101.47",
        60729,
        "Stiftung Erneuerbare Freiheit",
        "DE",
        "Germany",
        "Frankfurt am Main",
        50.1109,
        8.6821,
    ),
    "tor_exit2": (
        "185.220.101.139",
        60729,
        "Stiftung Erneuerbare Freiheit",
        "DE",
        "Germany",
        "Frankfurt am Main",
        50.1109,
        8.6821,
    ),
    "mtn_ng": (
        "102.89.34.126",
        29465,
        "MTN NIGERIA Communication limited",
        "NG",
        "Nigeria",
        "Lagos",
        6.4541,
        3.3947,
    ),
    "kt_proxy": ("175.213.35.61", 4766, "Korea Telecom", *KR, "Daejeon", 36.3504, 127.3845),
    "linode_tokyo": (
        "139.162.114.29",
        63949,
        "Akamai Connected Cloud",
        "JP",
        "Japan",
        "Tokyo",
        35.6893,
        139.6899,
    ),
    "ovh_sg": ("51.79.161.205", 16276, "OVH SAS", "SG", "Singapore", "Singapore", 1.2868, 103.8503),
}
THREAT_LIST = ("185.220.101.0/24", "185.220.100.0/24", "45.155.205.0/24")


class Addresses:
    """The addresses a seed uses; AWS ones picked once per name inside the region's prefixes."""

    def __init__(self, pick: object) -> None:
        self._rng = pick
        self._aws: dict[str, tuple[str, str]] = {}

    def public(self, name: str) -> str:
        return PUBLIC[name][0]

    def aws(self, name: str, region: str) -> str:
        """A stable AWS address (a NAT gateway's EIP, a partner's egress) in ``region``."""
        if name not in self._aws:
            rng = self._rng
            prefix = ipaddress.ip_network(rng.choice(AWS_PREFIX[region]))  # type: ignore[attr-defined]
            offset = rng.randrange(256, prefix.num_addresses - 256)  # type: ignore[attr-defined]
            self._aws[name] = (str(prefix.network_address + offset), region)
        return self._aws[name][0]

    def places(self) -> dict[str, Place]:
        out = {ip: Place(*AMAZON, *_CITY[region]) for ip, region in self._aws.values()}
        for ip, asn, org, iso, country, city, lat, lon in PUBLIC.values():
            out[ip] = Place(asn, org, iso, country, city, lat, lon)
        return out


def write_mmdb(places: dict[str, Place], used: set[str], out: Path) -> tuple[Path, Path]:
    """GeoLite2-ASN and GeoLite2-City databases with one /32 per address in ``used``."""
    from mmdb_writer import MmdbU32, MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(ip_version=6, database_type="GeoLite2-ASN", ipv4_compatible=True)
    city = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    for ip in sorted(used, key=lambda a: ipaddress.ip_address(a)):
        p = places[ip]
        where = IPSet([f"{ip}/32"])
        asn.insert_network(
            where,
            {"autonomous_system_number": MmdbU32(p.asn), "autonomous_system_organization": p.org},
        )
        city.insert_network(
            where,
            {
                "country": {"iso_code": p.country, "names": {"en": p.country_name}},
                "city": {"names": {"en": p.city}},
                "location": {"latitude": p.lat, "longitude": p.lon},
            },
        )
    out.mkdir(parents=True, exist_ok=True)
    asn_db, city_db = out / "GeoLite2-ASN.mmdb", out / "GeoLite2-City.mmdb"
    for writer, path in ((asn, asn_db), (city, city_db)):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return asn_db, city_db
