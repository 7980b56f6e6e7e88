"""Where LwaziPay's calls come from: operator blocks taken from the bundled IP-to-ASN table
(a test checks each one against it), the EC2 prefixes of the bundled ``ip-ranges.json`` for the
workloads, the user agents of each tool, and the MaxMind-format stand-ins for GeoLite2 that
cover exactly the operator blocks used."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Block:
    """A /24 (or wider) an operator announces, where one kind of actor gets its addresses."""

    cidr: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float

    def host(self, n: int) -> str:
        net = ipaddress.ip_network(self.cidr)
        return str(net.network_address + 1 + n % (net.num_addresses - 2))


# name -> block; every one lies inside a range the bundled asn-ipv4 table gives to ``asn``
BLOCKS: dict[str, Block] = {
    # Cape Town head office: fibre from Liquid, LTE fail-over on Vodacom's CGNAT
    "ct_office": Block(
        "41.170.40.0/24",
        36937,
        "Liquid Telecommunications South Africa (Pty) Ltd",
        "ZA",
        "Cape Town",
        -33.92,
        18.42,
    ),
    "ct_lte": Block("41.5.16.0/22", 29975, "Vodacom", "ZA", "Cape Town", -33.93, 18.46),
    # Johannesburg data centre (Direct Connect partner), Johannesburg contact-centre floor
    "jhb_dc": Block("41.86.100.0/24", 3741, "Dimension Data", "ZA", "Johannesburg", -26.2, 28.04),
    "jhb_cc": Block("41.86.102.0/24", 3741, "Dimension Data", "ZA", "Johannesburg", -26.19, 28.05),
    # Durban contact centre on Telkom
    "dbn_cc": Block("41.144.130.0/24", 37457, "Telkom SA Ltd.", "ZA", "Durban", -29.86, 31.02),
    # people's homes
    "home_afrihost": Block(
        "102.182.10.0/23", 37611, "AFRIHOST SP (PTY) LTD", "ZA", "Cape Town", -33.95, 18.47
    ),
    "home_cybersmart": Block(
        "105.233.40.0/23", 36874, "Cybersmart", "ZA", "Cape Town", -33.9, 18.6
    ),
    "home_mtn": Block("41.112.100.0/23", 16637, "MTN SA", "ZA", "Johannesburg", -26.1, 28.0),
    # the outsourced NOC in Pune: its announced egress before and after the rotation
    "noc_old": Block(
        "14.141.142.0/24", 4755, "Tata Communications Limited", "IN", "Pune", 18.52, 73.86
    ),
    "noc_new": Block(
        "14.141.160.0/24", 4755, "Tata Communications Limited", "IN", "Pune", 18.52, 73.86
    ),
    "noc_home": Block("27.57.10.0/24", 24560, "Bharti Airtel Limited", "IN", "Pune", 18.5, 73.8),
    # attackers
    "vps_do": Block(
        "24.144.66.0/24", 14061, "DigitalOcean, LLC", "US", "North Bergen", 40.79, -74.02
    ),
    "vps_hetzner": Block(
        "5.9.140.0/24", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37
    ),
    "vps_clouvider": Block(
        "5.180.209.0/24", 62240, "Clouvider Limited", "GB", "London", 51.51, -0.09
    ),
    "vpn_datacamp": Block(
        "79.127.166.0/24", 60068, "Datacamp Limited", "NL", "Amsterdam", 52.37, 4.9
    ),
    "vps_vultr": Block(
        "31.57.163.0/24", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "threat_m247": Block("2.57.29.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.1),
    "proxy_ng": Block(
        "41.220.66.0/24", 29465, "MTN NIGERIA Communication limited", "NG", "Lagos", 6.45, 3.4
    ),
    "vps_contabo": Block("5.189.140.0/24", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
}

# the EC2 prefixes (bundled ip-ranges.json) the organisation's workloads egress from
AWS_PREFIXES: dict[str, tuple[str, ...]] = {
    "af-south-1": ("13.247.0.0/16", "15.241.0.0/16"),
    "eu-west-1": ("54.247.0.0/16", "54.229.0.0/16"),
}


def aws_address(rng: random.Random, region: str) -> str:
    """A host in one of the region's EC2 prefixes."""
    net = ipaddress.ip_network(rng.choice(AWS_PREFIXES[region]))
    return str(net.network_address + rng.randrange(256, net.num_addresses - 256))


def threat_list() -> list[str]:
    """The threat-intelligence networks the run is configured with (one is the VPN exit A7
    uses; the others are never seen)."""
    return ["2.57.29.0/24", "185.220.101.0/24", "45.155.205.0/24"]


# user agents, one per tool and version
UA = {
    "cli_old": "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-26-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}",
    "cli_mac": "aws-cli/2.17.51 Python/3.12.6 Darwin/23.6.0 exe/x86_64 prompt/off command/{cmd}",
    "cli_win": "aws-cli/2.18.4 Python/3.12.6 Windows/10 exe/AMD64 prompt/off command/{cmd}",
    "console": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "console_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "terraform": "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.46.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/{svc}#1.30.0",
    "jenkins_cli": "aws-cli/2.13.25 Python/3.11.5 Linux/5.10.226-214.880.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/{cmd}",
    "agent_old": "aws-cli/2.13.25 Python/3.11.5 Linux/5.10.226-214.880.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/{cmd}",
    "agent_new": "aws-cli/2.22.9 Python/3.12.6 Linux/6.1.115-126.197.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/{cmd}",
    "kubelet_128": "ecr-credential-provider/v1.28.5-eks-5e0fdde aws-sdk-go/1.44.330 (go1.21.5; linux; amd64)",
    "kubelet_129": "ecr-credential-provider/v1.29.3-eks-ae9a62a aws-sdk-go/1.44.330 (go1.22.2; linux; amd64)",
    "cni": "amazon-vpc-cni-k8s/v1.18.1 aws-sdk-go/1.51.21 (go1.21.9; linux; amd64)",
    "wallet": "aws-sdk-java/2.25.40 Linux/5.10.217-205.860.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. exec-env/AWS_ECS_EC2 io/sync http/Apache cfg/retry-mode#legacy",
    "ussd": "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/{svc}#1.28.6",
    "lambda_py": "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.219-229.866.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.84",
    "kafka_ops": "aws-cli/1.29.60 Python/3.9.18 Linux/4.18.0-513.el8.x86_64 botocore/1.31.60",
    "notebook": "Boto3/1.34.101 md/Botocore#1.34.101 ua/2.0 os/linux#5.10.224-212.876.amzn2.x86_64 md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython exec-env/AWS_SageMaker cfg/retry-mode#legacy Botocore/1.34.101",
    "athena_console": "AWS Internal",
    # attackers' tools
    "py_requests": "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36",
    "pacu": "aws-cli/1.33.12 Python/3.11.9 Linux/6.6.15-amd64 botocore/1.34.130",
    "kali_cli": "aws-cli/2.15.58 Python/3.11.9 Linux/6.8.11-amd64 exe/x86_64.kali.2024 prompt/off command/{cmd}",
}


def ua(name: str, cmd: str = "", svc: str = "sts") -> str:
    return UA[name].replace("{cmd}", cmd or "sts.get-caller-identity").replace("{svc}", svc)


def write_geo(out: Path) -> tuple[Path, Path]:
    """``geo/lwazi-ASN.mmdb`` and ``geo/lwazi-City.mmdb`` over exactly the operator blocks."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    out.mkdir(parents=True, exist_ok=True)
    asn = MMDBWriter(4, "GeoLite2-ASN", description="heldout23 ASN stand-in")
    city = MMDBWriter(4, "GeoLite2-City", description="heldout23 City stand-in")
    for block in BLOCKS.values():
        cidr = IPSet([block.cidr])
        asn.insert_network(
            cidr,
            {"autonomous_system_number": block.asn, "autonomous_system_organization": block.org},
        )
        city.insert_network(
            cidr,
            {
                "country": {"iso_code": block.country},
                "city": {"names": {"en": block.city}},
                "location": {"latitude": block.lat, "longitude": block.lon},
            },
        )
    paths = out / "lwazi-ASN.mmdb", out / "lwazi-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_suffix(".tmp")
        writer.to_db_file(str(tmp))
        tmp.replace(path)
    return paths
