"""Voltaro Charge: who and what acts in its accounts, from where and with which client.

An electric-vehicle charging network (12,000 chargers in Ireland, Germany and Sweden, Norway
launching during the scored days). Chargers speak OCPP to a backend on ECS Fargate through AWS
IoT Core; a roaming hub and a payment provider reach in from their own accounts with external
IDs; field technicians' tablets sign in through a Cognito identity pool; firmware is built,
signed with a KMS key and rolled out over the air by CodePipeline and CodeBuild; Prometheus and
Grafana run on EC2; the data team uses Athena and Redshift. People sign in through IAM Identity
Center (hardware MFA at the Identity Center portal).
"""

from __future__ import annotations

from dataclasses import dataclass

MGMT = "604118270019"
PLATFORM = "604118270102"
DATA = "604118270215"
NORDIC = "604118270388"  # created on the third scored slot (Norway launch)
ROAMING_HUB = "771293004518"  # the roaming hub's own account
PSP = "358802116734"  # the payment provider's own account
OUTSIDE = "902174455610"  # an account nobody here knows (attackers)

ACCOUNTS = (MGMT, PLATFORM, DATA, NORDIC)
HOME = "eu-west-1"
SSO_REGION = "eu-west-1"
SAML_PROVIDER = "AWSSSO_5b1e2d7c9a04f3e8_DO_NOT_DELETE"
ROAMING_EXTERNAL_ID = "vc-ocpi-7Q2mX4"
PSP_EXTERNAL_ID = "psp-settle-Vq81Rk"

# Identity Center permission sets: (name, id suffix of the AWSReservedSSO role)
SRE_SET = ("SREAdmin", "3f9a61c2d0b87e45")
DEV_SET = ("Developer", "a04c77e1b95d2f18")
DATA_SET = ("DataAnalyst", "6d21f0ab4c83e9a7")


@dataclass(frozen=True)
class Net:
    """A network the organisation or an attacker is seen from (what the .mmdb files say)."""

    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float
    ips: tuple[str, ...]


NETS: dict[str, Net] = {
    # people
    "dublin_office": Net(
        5466, "Eircom Limited", "IE", "Dublin", 53.34, -6.26, ("86.43.12.34", "86.43.12.35")
    ),
    "dublin_home": Net(
        6830,
        "Liberty Global B.V.",
        "IE",
        "Dublin",
        53.33,
        -6.25,
        tuple(f"109.255.{20 + i}.{40 + 3 * i}" for i in range(12)),
    ),
    "berlin_home": Net(
        3320,
        "Deutsche Telekom AG",
        "DE",
        "Berlin",
        52.52,
        13.40,
        tuple(f"79.197.{44 + i}.{17 + 5 * i}" for i in range(10)),
    ),
    "stockholm_home": Net(
        3301,
        "Telia Company AB",
        "SE",
        "Stockholm",
        59.33,
        18.06,
        tuple(f"81.224.{130 + i}.{9 + 7 * i}" for i in range(8)),
    ),
    "oslo_office": Net(
        2119, "Telenor Norge AS", "NO", "Oslo", 59.91, 10.75, ("88.88.112.21", "88.88.112.22")
    ),
    "ski_hotel": Net(
        8447,
        "A1 Telekom Austria AG",
        "AT",
        "Sankt Anton am Arlberg",
        47.13,
        10.27,
        ("188.22.171.46", "188.22.171.47"),
    ),
    # field technicians' tablets (mobile carriers, CGNAT pools)
    "mobile_ie": Net(
        15502,
        "Vodafone Ireland Limited",
        "IE",
        "Dublin",
        53.35,
        -6.26,
        tuple(f"46.7.{60 + i}.{100 + i}" for i in range(20)),
    ),
    "mobile_de": Net(
        3320,
        "Deutsche Telekom AG",
        "DE",
        "Frankfurt am Main",
        50.11,
        8.68,
        tuple(f"80.187.{96 + i}.{30 + 2 * i}" for i in range(20)),
    ),
    "mobile_se": Net(
        1257,
        "Tele2 Sverige AB",
        "SE",
        "Gothenburg",
        57.71,
        11.97,
        tuple(f"90.224.{10 + i}.{55 + i}" for i in range(12)),
    ),
    # the charger maker's end-of-line provisioning station
    "factory": Net(
        5617, "Orange Polska Spolka Akcyjna", "PL", "Wroclaw", 51.11, 17.03, ("83.27.150.66",)
    ),
    # GitLab.com SaaS runners (Google Cloud); B10 moves them to another range
    "gitlab_runners": Net(
        396982,
        "GOOGLE-CLOUD-PLATFORM",
        "US",
        "Council Bluffs",
        41.26,
        -95.86,
        tuple(f"34.23.{140 + i}.{12 + 9 * i}" for i in range(6)),
    ),
    "gitlab_runners_new": Net(
        396982,
        "GOOGLE-CLOUD-PLATFORM",
        "US",
        "Moncks Corner",
        33.20,
        -80.01,
        tuple(f"34.148.{60 + i}.{7 + 11 * i}" for i in range(6)),
    ),
    # the data team's Power BI on-premises gateway, an Azure VM
    "azure_gateway": Net(
        8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "NL", "Amsterdam", 52.37, 4.90, ("20.105.17.40",)
    ),
    # attackers
    "m247": Net(
        9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10, ("185.225.28.71", "185.225.28.74")
    ),
    "hetzner": Net(
        24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37, ("168.119.64.201",)
    ),
    "ovh": Net(16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17, ("51.75.140.22",)),
    "digitalocean": Net(
        14061,
        "DIGITALOCEAN-ASN",
        "NL",
        "Amsterdam",
        52.37,
        4.90,
        ("188.166.92.18", "188.166.92.40"),
    ),
    "vultr": Net(
        20473, "AS-VULTR", "DE", "Frankfurt am Main", 50.11, 8.68, ("45.76.93.155", "45.76.93.160")
    ),
    "tor": Net(
        60729,
        "Stiftung Erneuerbare Freiheit",
        "DE",
        "Berlin",
        52.52,
        13.40,
        ("185.220.101.33", "185.220.101.47"),
    ),
    "mullvad": Net(
        39351, "31173 Services AB", "SE", "Stockholm", 59.33, 18.06, ("193.138.218.205",)
    ),
    "linode": Net(
        63949, "Akamai Connected Cloud", "GB", "London", 51.51, -0.09, ("139.162.190.77",)
    ),
    "mtn_ng": Net(29465, "MTN NIGERIA", "NG", "Lagos", 6.45, 3.39, ("105.112.38.91",)),
    "resi_proxy_ie": Net(
        5466, "Eircom Limited", "IE", "Cork", 51.90, -8.47, ("86.40.201.117", "86.41.77.203")
    ),
    "unknown_scanner": Net(
        51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08, ("161.97.120.14",)
    ),
}

THREAT = ("185.220.101.0/24",)  # Tor exits on the feed the SOC subscribes to

# AWS addresses (EC2 ranges of ip-ranges.json): NAT gateways' Elastic IPs and instances' EIPs
NAT = {
    "eu-west-1": "52.208.45.131",
    "eu-central-1": "3.120.88.14",
}
NAT_EU_WEST_1_NEW = "34.251.0.9"  # B8: the replaced NAT gateway's new Elastic IP
PROMETHEUS_EIP = "34.240.17.9"
GRAFANA_EIP = "54.72.10.5"
CODEBUILD_IPS = ("3.248.190.4", "52.49.12.200")
LAMBDA_IPS = ("34.242.17.88", "52.212.90.14", "54.73.201.6", "34.245.78.120")
NORDIC_GATEWAY_EIP = "13.48.77.21"
ROAMING_HUB_IPS = ("18.192.40.7", "18.156.20.3")  # the hub's workers, its own eu-central-1
ROAMING_HUB_NEW_IPS = ("3.67.140.2",)
PSP_IPS = ("52.48.140.17", "52.51.200.3")  # the PSP's workers in its own eu-west-1
FOREIGN_EC2 = ("44.192.61.8",)  # an EC2 instance in an account that is not ours (us-east-1)

# user agents as the real clients write them
JAVA_ECS = (
    "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.3+9-LTS "
    "Java/21.0.3 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache "
    "cfg/retry-mode/legacy"
)
BOTO_LAMBDA = (
    "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.223-232.880.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.4 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.145"
)
PROMETHEUS = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)"
GRAFANA = "Grafana/11.2.2 aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)"
CODEBUILD_CLI = (
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#4.14.355-271.569.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/AWS_ECS_EC2 "
    "cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2 md/prompt#off md/command#{cmd}"
)
ANDROID = "aws-sdk-android/{v} Linux/5.10.177-android13-4-00003-g6ee4f5d0 Dalvik/2.1.0/0 {loc}"
ANDROID_OLD, ANDROID_NEW = "2.76.1", "2.77.0"
FACTORY_BOTO = "Boto3/1.26.137 Python/3.9.2 Linux/5.10.0-21-amd64 Botocore/1.29.137"
FACTORY_BOTO_B11 = FACTORY_BOTO
GO_HUB = "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 api/{api}#{v}"
JAVA_PSP = (
    "aws-sdk-java/2.21.29 Linux/6.1.72-96.166.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS "
    "Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard"
)
SIMBA = "APN/1.0 Simba/1.0 Athena/2.1.1 aws-sdk-cpp/1.11.219 Windows/10.0.20348 AMD64 MSVC/1937"
TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/{tf} (+https://www.terraform.io) "
    "terraform-provider-aws/{prov} (+https://registry.terraform.io/providers/hashicorp/aws) "
    "aws-sdk-go-v2/1.30.5 ua/2.1 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/{api}"
)
TF_OLD = ("1.8.5", "5.54.1")
TF_NEW = ("1.9.8", "5.78.0")  # B10: the runners upgraded
CLI_MAC = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
)
CLI_LINUX = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}"
)
CHROME = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SSO_FEDERATION_AGENT = "aws-internal/3 aws-sdk-java/1.12.773 Linux/5.10.227-198.884.amzn2int.x86_64"
PYTHON_ATTACKER = "Boto3/1.35.63 md/Botocore#1.35.63 ua/2.0 os/linux#6.1.0-26-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.63"
CURL_SIGV4 = "curl/7.88.1"


@dataclass(frozen=True)
class Person:
    user: str  # the Identity Center user name (e-mail)
    pset: tuple[str, str]
    home: str  # a key of NETS
    ip_index: int
    tz: int  # hours from UTC in December
    console: bool  # mostly console (else mostly aws-cli)
    accounts: tuple[str, ...]


def people() -> list[Person]:
    """The SRE team of eight, the developers and the data team, as Identity Center users."""
    sre = [
        ("aoife.brennan", "dublin_office", 0),
        ("cian.walsh", "dublin_home", 1),
        ("niamh.odonnell", "dublin_home", 2),
        ("jonas.keller", "berlin_home", 0),
        ("lea.hartmann", "berlin_home", 1),
        ("eoin.gallagher", "dublin_home", 3),
        ("saoirse.kavanagh", "dublin_office", 1),
        ("mats.lindqvist", "stockholm_home", 0),
    ]
    dev = [
        ("ruairi.byrne", "dublin_home", 4),
        ("sinead.murphy", "dublin_home", 5),
        ("felix.braun", "berlin_home", 2),
        ("hannah.vogel", "berlin_home", 3),
        ("timo.schulz", "berlin_home", 4),
        ("ciara.doyle", "dublin_office", 0),
        ("karl.nystrom", "stockholm_home", 1),
        ("deirdre.quinn", "dublin_home", 6),
    ]
    data = [
        ("elin.sandberg", "stockholm_home", 2),
        ("oskar.berg", "stockholm_home", 3),
        ("grainne.fox", "dublin_home", 7),
        ("paul.richter", "berlin_home", 5),
    ]
    out = []
    for i, (name, home, idx) in enumerate(sre):
        tz = 1 if home in ("berlin_home", "stockholm_home") else 0
        accounts = (PLATFORM, MGMT) if i == 0 else (PLATFORM, DATA) if i % 3 == 0 else (PLATFORM,)
        out.append(Person(f"{name}@voltaro.eu", SRE_SET, home, idx, tz, i % 2 == 0, accounts))
    for i, (name, home, idx) in enumerate(dev):
        tz = 1 if home in ("berlin_home", "stockholm_home") else 0
        out.append(Person(f"{name}@voltaro.eu", DEV_SET, home, idx, tz, i % 3 == 0, (PLATFORM,)))
    for name, home, idx in data:
        tz = 1 if home in ("berlin_home", "stockholm_home") else 0
        out.append(Person(f"{name}@voltaro.eu", DATA_SET, home, idx, tz, True, (DATA,)))
    return out


def ip_of(net: str, index: int) -> str:
    ips = NETS[net].ips
    return ips[index % len(ips)]
