"""The world of Kōwhai Herd Analytics: its accounts, the networks its people, workloads, vendors and
attackers call from (each with the ASN and city the suite's GeoIP databases give it), stable ids
derived from the seed, and New Zealand daylight time (UTC+13 in November and December)."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from pathlib import Path
from types import SimpleNamespace

NZ = dt.timedelta(hours=13)  # NZDT, 27 September 2026 to 4 April 2027
END = dt.date(2026, 11, 29)  # a Sunday in UTC, Monday morning in Hamilton

MGMT, PROD, DATA, SEC, LAB = (
    "318254760917",
    "604215839720",
    "742093185516",
    "155920876341",
    "871402659318",  # Tauranga laboratory, created during the scored days
)
OBS_VENDOR, COMPLIANCE_VENDOR, FOREIGN = "581936247102", "692047381559", "209384756112"
PROD_REGION, DATA_REGION = "ap-southeast-6", "ap-southeast-2"

# name: (network, asn, organisation, country, city)
NETWORKS: dict[str, tuple[str, int, str, str, str]] = {
    "nat": ("5.60.32.0/20", 16509, "AMAZON-02", "NZ", "Auckland"),
    "syd_aws": ("13.236.0.0/14", 16509, "AMAZON-02", "AU", "Sydney"),
    "use1_obs": ("52.4.0.0/14", 16509, "AMAZON-AES", "US", "Ashburn"),
    "use1_comp": ("50.16.0.0/15", 16509, "AMAZON-AES", "US", "Ashburn"),
    "usw2_foreign": ("54.148.0.0/15", 16509, "AMAZON-02", "US", "Boardman"),
    "github": ("4.148.0.0/16", 8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "Des Moines"),
    "github_other": ("52.225.0.0/16", 8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "San Antonio"),
    "office": ("122.57.12.0/24", 4771, "Spark New Zealand Trading Ltd.", "NZ", "Hamilton"),
    "home_onenz": ("203.109.128.0/17", 9500, "One New Zealand Group Limited", "NZ", "Hamilton"),
    "home_2degrees": ("114.23.0.0/16", 23655, "2degrees", "NZ", "Tauranga"),
    "farms": ("125.236.0.0/16", 4771, "Spark New Zealand Trading Ltd.", "NZ", "Morrinsville"),
    "mobile": ("49.224.0.0/14", 9500, "One New Zealand Group Limited", "NZ", "Rotorua"),
    "hotel_syd": ("101.160.0.0/11", 1221, "Telstra Limited", "AU", "Sydney"),
    "ir_firm": ("203.97.0.0/16", 4648, "Spark New Zealand Trading Ltd.", "NZ", "Wellington"),
    "zscaler": ("165.225.0.0/17", 22616, "ZSCALER, INC.", "AU", "Sydney"),
    "vultr": ("139.180.160.0/20", 20473, "The Constant Company, LLC", "AU", "Sydney"),
    "ovh": ("51.75.0.0/16", 16276, "OVH SAS", "FR", "Gravelines"),
    "lagos": ("102.89.0.0/16", 29465, "MTN NIGERIA Communication limited", "NG", "Lagos"),
    "tor": ("185.220.101.0/24", 60729, "Stiftung Erneuerbare Freiheit", "DE", "Berlin"),
    "resi_proxy": ("1.144.0.0/14", 7545, "TPG Telecom Limited", "AU", "Brisbane"),
    "aeza": ("77.221.156.0/22", 210644, "AEZA GROUP Ltd", "NL", "Amsterdam"),
    "stark": ("45.134.26.0/24", 44477, "PQ HOSTING PLUS S.R.L.", "MD", "Chisinau"),
    "m247": ("185.156.72.0/22", 9009, "M247 Europe SRL", "RO", "Bucharest"),
    "linode_sg": ("139.162.0.0/16", 63949, "Akamai Connected Cloud", "SG", "Singapore"),
    "alibaba_hk": ("47.242.0.0/15", 45102, "Alibaba US Technology Co., Ltd.", "HK", "Hong Kong"),
    "datacamp": ("138.199.0.0/16", 60068, "Datacamp Limited", "JP", "Tokyo"),
}
THREAT_LIST = ("185.220.101.0/24",)


def host(network: str, n: int) -> str:
    """The ``n``-th usable address of a network (wrapping), never its network address."""
    net = ipaddress.ip_network(NETWORKS[network][0])
    return str(net.network_address + 1 + n % (net.num_addresses - 2))


class Ids:
    """Stable identifiers: the same seed and name give the same key or event ID."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def _digest(self, *parts: object) -> bytes:
        text = "|".join([str(self.seed), *map(str, parts)])
        return hashlib.sha256(text.encode()).digest()

    def key(self, prefix: str, *parts: object) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        d = self._digest("key", prefix, *parts)
        return prefix + "".join(alphabet[b % 32] for b in d[:16])

    def hexid(self, n: int, *parts: object) -> str:
        return self._digest("hex", *parts).hex()[:n]

    def uuid(self, *parts: object) -> str:
        h = self._digest("uuid", *parts).hex()
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def principal(self, kind: str, *parts: object) -> str:
        return self.key(kind, *parts)[:21]


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_geoip(out: Path) -> tuple[Path, Path]:
    """GeoLite2-style ASN and city databases for every network above."""
    import mmdb_writer
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    asn = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-ASN")
    city = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-City")
    for network, number, org, country, town in NETWORKS.values():
        asn.insert_network(
            IPSet([network]),
            {"autonomous_system_number": number, "autonomous_system_organization": org},
        )
        city.insert_network(
            IPSet([network]),
            {"country": {"iso_code": country}, "city": {"names": {"en": town}}},
        )
    out.mkdir(parents=True, exist_ok=True)
    paths = out / "GeoLite2-ASN.mmdb", out / "GeoLite2-City.mmdb"
    # mmdb_writer stamps the build time: a fixed one keeps the databases byte-for-byte the same
    clock = mmdb_writer.time
    mmdb_writer.time = SimpleNamespace(time=lambda: 1795996800)  # 2026-12-01T00:00:00Z
    try:
        asn.to_db_file(str(paths[0]))
        city.to_db_file(str(paths[1]))
    finally:
        mmdb_writer.time = clock
    return paths
