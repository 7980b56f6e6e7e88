"""Where Sitara Pay's calls come from: the networks outside AWS (each a block the bundled
IP-to-ASN table gives to that operator; a test checks), the AWS prefixes (EC2 ranges of the
bundled ``ip-ranges.json``; a test checks) and the MaxMind-format databases that cover them.

Nothing here imports ``ueba``: the two bundled files are read as plain files."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Net:
    key: str
    block: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def pick(self, rng: random.Random) -> str:
        """One host address of the block."""
        net = ipaddress.ip_network(self.block)
        return str(net.network_address + rng.randrange(1, max(net.num_addresses - 1, 2)))

    def host(self, index: int) -> str:
        """The ``index``-th host of the block (fixed addresses: offices, NAT gateways)."""
        return str(ipaddress.ip_network(self.block).network_address + 1 + index)


def _n(key: str, block: str, asn: int, org: str, where: tuple[str, str, float, float]) -> Net:
    return Net(key, block, asn, org, *where)


BLR = ("IN", "Bengaluru", 12.97, 77.59)
PUNE = ("IN", "Pune", 18.52, 73.86)
MUMBAI = ("IN", "Mumbai", 19.08, 72.88)
HYD = ("IN", "Hyderabad", 17.39, 78.49)
DELHI = ("IN", "New Delhi", 28.61, 77.21)
MANILA = ("PH", "Manila", 14.60, 120.98)

# Outside AWS: ISPs, offices, partners and attackers (block, ASN and operator as the table has them).
OUTSIDE: dict[str, Net] = {
    n.key: n
    for n in (
        _n("act_blr", "106.51.160.0/20", 24309, "Atria Convergence Technologies Pvt. Ltd.", BLR),
        _n("airtel_blr", "122.162.0.0/20", 24560, "Bharti Airtel Limited", BLR),
        _n("jio_pune", "157.40.0.0/16", 55836, "Reliance Jio Infocomm Limited", PUNE),
        _n("hathway_pune", "27.5.0.0/18", 17488, "HATHWAY CABLE AND DATACOM LIMITED", PUNE),
        _n("office_blr", "121.241.16.0/28", 4755, "Tata Communications Limited", BLR),
        _n("dc_mumbai", "115.115.8.0/29", 4755, "Tata Communications Limited", MUMBAI),
        _n("bank_mumbai", "115.249.10.0/29", 18101, "Reliance Communications Limited", MUMBAI),
        _n(
            "manila_office",
            "112.201.20.0/28",
            9299,
            "Philippine Long Distance Telephone Co.",
            MANILA,
        ),
        # festival week at the family home: ISPs the engineers never used before
        _n(
            "bsnl_kochi",
            "117.200.0.0/16",
            9829,
            "Bharat Sanchar Nigam Ltd",
            ("IN", "Kochi", 9.93, 76.27),
        ),
        _n("mtnl_delhi", "120.57.0.0/18", 17813, "Mahanagar Telephone Nigam Limited", DELHI),
        _n("excitel_delhi", "110.235.224.0/20", 133982, "Excitel Broadband Private Limited", DELHI),
        _n(
            "gtpl_ahd",
            "103.250.144.0/21",
            45916,
            "Gujarat Telelink Pvt Ltd",
            ("IN", "Ahmedabad", 23.02, 72.57),
        ),
        _n("auditor_mumbai", "137.59.64.0/22", 45194, "Syscon Infoway Pvt. Ltd.", MUMBAI),
        _n(
            "github_azure",
            "20.85.0.0/16",
            8075,
            "Microsoft Corporation",
            ("US", "Boydton", 36.67, -78.39),
        ),
        # attackers
        _n("do_blr", "68.183.0.0/16", 14061, "DigitalOcean, LLC", BLR),
        _n(
            "do_fra",
            "46.101.0.0/16",
            14061,
            "DigitalOcean, LLC",
            ("DE", "Frankfurt am Main", 50.11, 8.68),
        ),
        _n("ovh_fr", "51.254.0.0/16", 16276, "OVH SAS", ("FR", "Roubaix", 50.69, 3.18)),
        _n(
            "vultr_sg",
            "45.76.0.0/16",
            20473,
            "The Constant Company, LLC",
            ("SG", "Singapore", 1.29, 103.85),
        ),
        _n(
            "contabo_de", "161.97.64.0/18", 51167, "Contabo GmbH", ("DE", "Nuremberg", 49.45, 11.08)
        ),
        _n(
            "hetzner_de",
            "49.12.0.0/16",
            24940,
            "Hetzner Online GmbH",
            ("DE", "Falkenstein", 50.48, 12.37),
        ),
        _n("linode_mum", "172.105.0.0/16", 63949, "Akamai Technologies, Inc.", MUMBAI),
        _n(
            "m247_sg", "146.70.100.0/24", 9009, "M247 Europe SRL", ("SG", "Singapore", 1.29, 103.85)
        ),
        _n("hostpapa_us", "107.172.41.0/24", 36352, "HostPapa", ("US", "Buffalo", 42.89, -78.88)),
        _n("globe_manila", "120.28.64.0/20", 132199, "Globe Telecom Inc.", MANILA),
    )
}

# AWS: EC2 prefixes of the bundled feed, per region.
AWS: dict[str, Net] = {
    n.key: n
    for n in (
        _n("ap-south-1", "3.108.0.0/14", 16509, "Amazon.com, Inc.", MUMBAI),
        _n("ap-south-1b", "13.204.0.0/14", 16509, "Amazon.com, Inc.", MUMBAI),
        _n("ap-south-2", "18.60.0.0/15", 16509, "Amazon.com, Inc.", HYD),
        _n(
            "ap-southeast-1",
            "54.169.0.0/16",
            16509,
            "Amazon.com, Inc.",
            ("SG", "Singapore", 1.29, 103.85),
        ),
        _n("us-east-1", "52.4.0.0/14", 14618, "Amazon.com, Inc.", ("US", "Ashburn", 39.04, -77.49)),
    )
}

# The threat list the organisation's SOC subscribes to: one address, used in one attack.
THREAT = OUTSIDE["m247_sg"].host(57)


def all_nets() -> list[Net]:
    return [*OUTSIDE.values(), *AWS.values()]


def write_geo(out: Path) -> tuple[Path, Path]:
    """``geo/heldout11-ASN.mmdb`` and ``geo/heldout11-City.mmdb`` covering exactly the
    networks above (a stand-in for the GeoLite2 databases a deployment passes)."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN", description="heldout11 ASN")
    city = MMDBWriter(ip_version=4, database_type="GeoLite2-City", description="heldout11 City")
    for net in all_nets():
        cells = IPSet([net.block])
        asn.insert_network(
            cells,
            {"autonomous_system_number": net.asn, "autonomous_system_organization": net.org},
        )
        city.insert_network(
            cells,
            {
                "country": {"iso_code": net.country},
                "city": {"names": {"en": net.city}},
                "location": {"latitude": net.lat, "longitude": net.lon},
            },
        )
    paths = out / "heldout11-ASN.mmdb", out / "heldout11-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
