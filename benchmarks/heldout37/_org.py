"""Pasir Merah Container Terminals (PMCT): who and where. A container-port terminal operator
in Singapore (its second terminal in Tokyo joins the organisation during the scored days) with
its disaster-recovery region in Sydney. Every address the trail uses is here, with the
network, country and city its GeoIP databases give it; AWS addresses lie in the bundled
``ip-ranges.json`` prefixes of their region."""

from __future__ import annotations

from dataclasses import dataclass

ORG = "Pasir Merah Container Terminals"
DOMAIN = "pmct.com.sg"

MGMT = "318804216650"  # Organizations, Identity Center (ap-southeast-1), the org trail
TOS = "527190384461"  # the terminal operating system: EKS, telemetry, gate cameras
EDI = "640255718093"  # EDI exchange: Transfer Family SFTP, the EDI bucket, translators
TOKYO = "851146693320"  # Shinonome terminal, acquired: joins on the third scored slot
ACCOUNTS = (MGMT, TOS, EDI, TOKYO)

BROKER = "209477153826"  # the customs broker's own account
AUTHORITY = "462018839575"  # the port authority's account
VENDOR = "390571246618"  # the crane maker's remote-support account
STRANGER = "774125603318"  # an account nobody here knows (A8)

HOME, DR, JP, GLOBAL = "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "us-east-1"

SSO_REGION = HOME
SSO_PROVIDER = "AWSSSO_6d1f0c2b9e4a7358_DO_NOT_DELETE"
PERMISSION_SETS = {
    "PlatformAdmin": "8c3b1e6f2a9d4057",
    "OpsCentreOperator": "41f7a2c9d8e6b350",
    "ReadOnlyAudit": "a29e7c5d13f84b06",
}
EKS_OIDC = "oidc.eks.ap-southeast-1.amazonaws.com/id/7F3A9C1E0B5D4E28A6C2F19D83B7E054"
EKS_OIDC_DR = "oidc.eks.ap-southeast-2.amazonaws.com/id/2C8E41B7D09F5A3362E1C7B4A58D90F1"
GITHUB_OIDC = "token.actions.githubusercontent.com"
GITHUB_SUB = "repo:pmct-platform/terminal-infra:ref:refs/heads/main"


@dataclass(frozen=True)
class Place:
    ip: str
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


def _sg(ip: str, asn: int, org: str) -> Place:
    return Place(ip, asn, org, "SG", "Singapore", 1.2897, 103.8501)


AMAZON = "AMAZON-02"
PLACES: dict[str, Place] = {
    # AWS: NAT gateways, Lambda egress, WorkSpaces, partners' instances
    "nat_tos_a": _sg("13.250.41.87", 16509, AMAZON),
    "nat_tos_b": _sg("13.251.118.20", 16509, AMAZON),
    "nat_edi": _sg("54.169.212.33", 16509, AMAZON),
    "lambda_1": _sg("54.255.61.140", 16509, AMAZON),
    "lambda_2": _sg("54.255.190.22", 16509, AMAZON),
    "lambda_3": _sg("47.129.12.201", 16509, AMAZON),
    "workspaces": _sg("52.74.163.9", 16509, AMAZON),
    "workspaces_new": _sg("52.74.201.146", 16509, AMAZON),
    "broker_ec2": _sg("54.169.77.140", 16509, AMAZON),
    "broker_ec2_v2": _sg("47.129.58.211", 16509, AMAZON),
    "nat_dr": Place("13.236.88.54", 16509, AMAZON, "AU", "Sydney", -33.8688, 151.2093),
    "nat_tokyo": Place("3.112.201.77", 16509, AMAZON, "JP", "Tokyo", 35.6895, 139.6917),
    "outsider_ec2": Place("54.148.203.19", 16509, AMAZON, "US", "Boardman", 45.8399, -119.7006),
    "stranger_ec2": Place("54.200.71.5", 16509, AMAZON, "US", "Boardman", 45.8399, -119.7006),
    # the terminal's own networks and people's homes
    "office": _sg("118.201.34.66", 3758, "SingNet Pte Ltd"),
    "site": _sg("203.116.42.77", 3758, "SingNet Pte Ltd"),
    "onprem": _sg("203.116.42.80", 3758, "SingNet Pte Ltd"),
    "authority": _sg("203.126.118.40", 3758, "SingNet Pte Ltd"),
    "home_wei": _sg("58.182.64.119", 4657, "StarHub Ltd"),
    "home_priya": _sg("116.87.150.33", 17547, "M1 LIMITED"),
    "home_farid": _sg("49.245.81.207", 55430, "Starhub Internet Pte Ltd"),
    "home_grace": _sg("101.127.44.19", 56300, "MyRepublic Ltd."),
    "mobile_sg": _sg("112.199.233.58", 9506, "Singtel Fibre Broadband"),
    "vendor_sg": _sg("119.73.200.12", 56300, "MyRepublic Ltd."),
    "vendor_de": Place(
        "87.139.45.210", 3320, "Deutsche Telekom AG", "DE", "Bremen", 53.0793, 8.8017
    ),
    "bali": Place(
        "36.72.214.9", 7713, "PT Telekomunikasi Indonesia", "ID", "Denpasar", -8.65, 115.2167
    ),
    "tokyo_office": Place(
        "153.156.80.12", 4713, "NTT Communications Corporation", "JP", "Tokyo", 35.6895, 139.6917
    ),
    "gh_runner_1": Place(
        "4.148.0.12", 8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "Boydton", 36.6676, -78.3875
    ),
    "gh_runner_2": Place(
        "20.57.44.201", 8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "San Antonio", 29.4241, -98.4936
    ),
    "gh_runner_3": Place(
        "52.225.77.9", 8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "Boydton", 36.6676, -78.3875
    ),
    # attackers
    "vpn_m247_sg": _sg("146.70.116.34", 9009, "M247 Europe SRL"),
    "do_sg": _sg("128.199.180.77", 14061, "DIGITALOCEAN-ASN"),
    "vultr_tokyo": Place("45.76.198.140", 20473, "AS-CHOOPA", "JP", "Tokyo", 35.6895, 139.6917),
    "vpn_m247_nl": Place(
        "193.32.249.140", 9009, "M247 Europe SRL", "NL", "Amsterdam", 52.3676, 4.9041
    ),
    "beeline_ru": Place("95.26.14.203", 8402, 'PJSC "Vimpelcom"', "RU", "Moscow", 55.7558, 37.6173),
    "resi_proxy_sg": _sg("116.86.132.58", 4657, "StarHub Ltd"),
    "linode_tokyo": Place(
        "172.104.88.61", 63949, "Akamai Connected Cloud", "JP", "Tokyo", 35.6895, 139.6917
    ),
    "ovh_sg": _sg("51.79.228.14", 16276, "OVH SAS"),
    "gh_runner_attack": Place(
        "20.57.44.93", 8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "San Antonio", 29.4241, -98.4936
    ),
    "tor_exit": Place(
        "185.220.101.47",
        60729,
        "Stiftung Erneuerbare Freiheit",
        "DE",
        "Frankfurt am Main",
        50.1109,
        8.6821,
    ),
}
# the security team's list: Tor exits it blocks at the edge (CIDRs, one a line)
THREAT = ("185.220.100.0/24", "185.220.101.0/24", "185.220.102.0/24", "204.8.96.0/24")

# people: (sso user, permission set, home place, laptop user agent)
CLI_MAC = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off"
CLI_WIN = "aws-cli/2.21.1 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off"
CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
EDGE_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
PLATFORM_TEAM = (
    ("wei.lim", "home_wei", CLI_MAC, CHROME_MAC),
    ("priya.nair", "home_priya", CLI_MAC, CHROME_MAC),
    ("farid.rahman", "home_farid", CLI_WIN, EDGE_WIN),
)
OPERATORS = (
    "ops.hassan",
    "ops.mei",
    "ops.kumar",
    "ops.tan",
    "ops.lee",
    "ops.ng",
    "ops.yusof",
    "ops.chua",
)

# workloads' clients
UA_VPC_CNI = "aws-sdk-go/1.55.5 (go1.22.8; linux; amd64) amazon-vpc-cni-k8s/v1.18.5"
UA_ECR_PROVIDER = (
    "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.8 md/GOOS#linux md/GOARCH#amd64 api/ecr#1.30.3"
)
UA_PY_POD = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
UA_JAVA_POD = "aws-sdk-java/2.28.16 Linux/6.1.112-124.190.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy cfg/auth-source#web-id-token"
UA_GREENGRASS = "aws-sdk-java/2.20.138 Linux/5.15.0-1061-raspi OpenJDK_64-Bit_Server_VM/11.0.24+8 Java/11.0.24 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/standard"
UA_GREENGRASS_NEW = "aws-sdk-java/2.28.16 Linux/5.15.0-1061-raspi OpenJDK_64-Bit_Server_VM/17.0.13+11 Java/17.0.13 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/standard"
UA_LAMBDA = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
UA_ECS = "aws-sdk-dotnet-coreclr/3.7.400.45 .NET_Core/8.0.11 OS/Linux_5.10.227-219.884.amzn2.x86_64 ClientAsync exec-env/AWS_ECS_FARGATE"
UA_BRIDGE = (
    "aws-sdk-dotnet-coreclr/3.7.300.12 .NET_Core/6.0.33 OS/Microsoft_Windows_10.0.20348 ClientAsync"
)
UA_BROKER = "aws-sdk-java/1.12.772 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 vendor/Amazon.com_Inc. cfg/retry-mode/standard"
UA_BROKER_V2 = "aws-sdk-java/2.29.20 Linux/6.1.115-126.197.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard"
UA_AUTHORITY = (
    "aws-sdk-go-v2/1.26.1 os/linux lang/go#1.21.9 md/GOOS#linux md/GOARCH#amd64 api/dynamodb#1.31.1"
)
UA_VENDOR = "aws-cli/2.17.33 md/awscrt#0.21.2 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off"
UA_GHA_STS = "aws-sdk-js/3.693.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.0 api/sts#3.693.0 m/E"
UA_TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64"
UA_CONSOLE = "AWS Internal"
# the shipping lines and forwarders with an SFTP user each (Transfer Family, SSH keys)
SFTP_USERS = (
    "oceanic-line-edi",
    "kaiyo-kisen-edi",
    "straits-feeder-edi",
    "andaman-express-edi",
    "pacifica-forwarding",
    "meranti-logistics",
    "blue-junk-lines",
    "coral-bay-shipping",
    "sunda-gateway-fwd",
    "harbourlink-cargo",
    "tanjung-3pl",
    "eastwind-consol",
)
EDI_BUCKET = "pmct-edi-exchange"
TELEMETRY_BUCKET = "pmct-crane-telemetry"
