"""Xlendi Gaming plc: who and what is in the organisation, where they call from and with what.

A Malta-licensed online sports-betting and casino operator: the platform on Amazon EKS in
eu-west-1 (disaster recovery in eu-central-1), payments and marketing accounts, and a Spanish
licence account in eu-south-2 that joins during the scored days. Addresses are real
allocations of the networks named (from the routing tables), used for their owners' places."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.heldout31.records import Role

ORG = "o-x7lendi9qk"
MANAGEMENT = "411823560917"
PLATFORM = "582019374615"
PAYMENTS = "693104857226"
MARKETING = "704215968337"
SPAIN = "815326079448"  # the Spanish licence account, vended during the scored days
ACCOUNTS = (MANAGEMENT, PLATFORM, PAYMENTS, MARKETING, SPAIN)
KYC_VENDOR = "902746183550"  # the identity-verification vendor
KYC_VENDOR2 = "367120948815"  # a second vendor, onboarded on a scored day
GLOBAL = "us-east-1"  # IAM, Route 53, Organizations, CloudFront
HOME, DR, MADRID = "eu-west-1", "eu-central-1", "eu-south-2"

CLUSTER = "xlendi-prod"
OIDC = {
    HOME: "oidc.eks.eu-west-1.amazonaws.com/id/8C2F1D7A4B9E05C3F6A1D2E8B7C4F901",
    DR: "oidc.eks.eu-central-1.amazonaws.com/id/3E6A0B9D2C7F41E8A5B3D6C9F0E2A417",
    MADRID: "oidc.eks.eu-south-2.amazonaws.com/id/A41C7E2B9D05F3861E4B7A2C9D0F6E35",
}
GITHUB = "token.actions.githubusercontent.com"
OKTA_ISSUER = "http://www.okta.com/exk9xlendi2Q7bT0w417"
OKTA_ISSUER_NEW = "http://www.okta.com/exkb1xlendiEU8mR3n5d7"  # B3: the EU cell tenant
SSO_ISSUER = "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/MzU5ODE0X2lucy0xYzQ"


def role(account: str, name: str, seed: int) -> Role:
    """A role with a stable AROA id."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    digest, n = [], seed * 7919 + sum(ord(c) for c in account + name) * 104729
    for _ in range(17):
        n = (n * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        digest.append(alphabet[n >> 59])
    return Role(account, name, "AROA" + "".join(digest))


# workloads (account, role)
WALLET = role(PLATFORM, "xlendi-prod-wallet-api", 1)
KYC = role(PLATFORM, "xlendi-prod-kyc-worker", 2)
ODDS = role(PLATFORM, "xlendi-prod-odds-feed", 3)
KARPENTER = role(PLATFORM, "KarpenterController-xlendi-prod", 4)
NODE = role(PLATFORM, "KarpenterNodeRole-xlendi-prod", 5)
DNS = role(PLATFORM, "xlendi-prod-external-dns", 6)
ALB = role(PLATFORM, "xlendi-prod-aws-load-balancer-controller", 7)
EBS = role(PLATFORM, "xlendi-prod-ebs-csi-controller", 8)
DEPLOY = role(PLATFORM, "github-actions-deploy", 9)
SETTLE = role(PLATFORM, "bet-settlement-notifier-role", 10)
PSP = role(PAYMENTS, "psp-gateway-task-role", 11)
KYC_ACCESS = role(PLATFORM, "kyc-vendor-access", 12)
KYC2_ACCESS = role(PLATFORM, "kyc-vendor2-access", 13)
DEV = role(PLATFORM, "okta-platform-developer", 14)
DEV_NEW = role(PLATFORM, "okta-eu-platform-developer", 15)  # B3's role after the migration
TRADER = role(PLATFORM, "okta-trading-desk", 16)
COST = role(MANAGEMENT, "cost-reporter-lambda", 17)
ES_NODE = role(SPAIN, "KarpenterNodeRole-xlendi-es", 18)
ES_CT = role(SPAIN, "AWSControlTowerExecution", 19)
PSP_DR = role(PAYMENTS, "psp-gateway-task-role", 11)

SSO_SETS = {"PlatformAdmin": "7f3a91c2d4e8b610", "MarketingOps": "2b8e5d0c9a4f1376"}


def sso_role(account: str, permission_set: str) -> Role:
    return role(account, f"AWSReservedSSO_{permission_set}_{SSO_SETS[permission_set]}", 40)


@dataclass(frozen=True)
class Place:
    """Where an address is: its network (asn, organisation), country, city and coordinates."""

    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


GO = Place(15735, "GO p.l.c.", "MT", "Birkirkara", 35.8972, 14.4611)
MELITA = Place(12709, "Melita Limited", "MT", "Sliema", 35.9122, 14.5042)
SBB = Place(
    31042, "Serbia BroadBand-Srpske Kablovske mreze d.o.o.", "RS", "Belgrade", 44.8125, 20.4612
)
MTS = Place(8400, "TELEKOM SRBIJA a.d.", "RS", "Novi Sad", 45.2517, 19.8369)
KYIVSTAR = Place(15895, '"Kyivstar" PJSC', "UA", "Kyiv", 50.4547, 30.5238)
VODAFONE_UA = Place(21497, 'PrJSC "VF UKRAINE"', "UA", "Lviv", 49.8397, 24.0297)
ORANGE_PL = Place(5617, "Orange Polska Spolka Akcyjna", "PL", "Warsaw", 52.2297, 21.0122)
TELEFONICA = Place(3352, "TELEFONICA DE ESPANA S.A.U.", "ES", "Madrid", 40.4168, -3.7038)
AMAZON_IE = Place(16509, "Amazon.com, Inc.", "IE", "Dublin", 53.3498, -6.2603)
AMAZON_DE = Place(16509, "Amazon.com, Inc.", "DE", "Frankfurt am Main", 50.1109, 8.6821)
AMAZON_ES = Place(16509, "Amazon.com, Inc.", "ES", "Zaragoza", 41.6488, -0.8891)
AMAZON_US = Place(14618, "Amazon.com, Inc.", "US", "Ashburn", 39.0438, -77.4874)
AZURE_US = Place(8075, "Microsoft Corporation", "US", "Boydton", 36.6676, -78.3875)
# attackers' networks
STARK = Place(44477, "PQ Hosting Plus S.R.L.", "NL", "Amsterdam", 52.3740, 4.8897)
M247 = Place(9009, "M247 Europe SRL", "RO", "Bucharest", 44.4268, 26.1025)
HETZNER = Place(24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.4779, 12.3713)
OVH = Place(16276, "OVH SAS", "FR", "Gravelines", 50.9865, 2.1281)
DIGITALOCEAN = Place(14061, "DigitalOcean, LLC", "DE", "Frankfurt am Main", 50.1109, 8.6821)
TOR = Place(208323, "Foundation for Applied Privacy", "AT", "Vienna", 48.2082, 16.3738)
LANET = Place(39608, "Lanet Network Ltd", "UA", "Kyiv", 50.4501, 30.5234)
CONTABO = Place(51167, "Contabo GmbH", "DE", "Nuremberg", 49.4521, 11.0767)
DATACAMP = Place(60068, "Datacamp Limited", "GB", "London", 51.5072, -0.1276)

# (address, place): every address the trail uses, outside the AWS service host names
OFFICE = "46.11.84.17"  # Birkirkara head office and trading floor, GO business fibre
OFFICE_DR = "78.133.41.206"  # the office's second line
NAT_HOME = ("54.229.18.44", "54.229.77.130", "54.229.140.9")  # eu-west-1a/b/c NAT gateways
NAT_HOME_NEW = "54.229.203.61"  # B11: 1a's NAT gateway replaced
NAT_DR = ("18.192.44.210", "18.192.97.15")
NAT_ES = ("51.92.13.77", "51.92.88.140")
NAT_PAYMENTS = ("54.247.63.180", "54.247.112.36")
LAMBDA_IPS = ("54.74.12.90", "54.74.200.31", "54.74.151.6", "18.200.71.44")
VENDOR_EC2 = "54.229.231.118"  # the KYC vendor's sync instances (their account, eu-west-1)
VENDOR2_EC2 = "18.200.140.57"
MARKETING_SAAS = ("52.4.17.208", "52.4.96.15")  # the campaign tool's hosts, us-east-1
GITHUB_RUNNERS = tuple(f"4.{150 + i}.{(37 * i) % 250}.{(91 * i) % 250 + 2}" for i in range(12))

PLACES: dict[str, Place] = {
    OFFICE: GO,
    OFFICE_DR: GO,
    VENDOR_EC2: AMAZON_IE,
    VENDOR2_EC2: AMAZON_IE,
}
PLACES.update({ip: AMAZON_IE for ip in (*NAT_HOME, NAT_HOME_NEW, *LAMBDA_IPS, *NAT_PAYMENTS)})
PLACES.update({ip: AMAZON_DE for ip in NAT_DR})
PLACES.update({ip: AMAZON_ES for ip in NAT_ES})
PLACES.update({ip: AMAZON_US for ip in MARKETING_SAAS})
PLACES.update({ip: AZURE_US for ip in GITHUB_RUNNERS})


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    home: str  # address
    place: Place
    agent: str  # the CLI she uses
    browser: str


def _cli(version: str, os: str, command: str = "") -> str:
    return (
        f"aws-cli/{version} md/awscrt#0.22.0 ua/2.0 os/{os} md/arch#x86_64 lang/python#3.12.6 "
        f"md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe{command} md/prompt#off"
    )


CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAML2AWS = "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)"
CLI_MAC = _cli("2.22.4", "macos#24.1.0")
CLI_LINUX = _cli("2.22.4", "linux#6.8.0-49-generic", " md/distrib#ubuntu.24")
CLI_WIN = _cli("2.21.3", "windows#10")

_DEV_HOMES = [
    ("marko.jovanovic", SBB, "5.22.171.{}", CLI_LINUX, FIREFOX_LINUX),
    ("ana.petrovic", SBB, "24.135.62.{}", CLI_MAC, CHROME_MAC),
    ("nikola.ilic", MTS, "5.134.106.{}", CLI_LINUX, FIREFOX_LINUX),
    ("oksana.kovalenko", KYIVSTAR, "37.115.88.{}", CLI_MAC, CHROME_MAC),  # B5 moves to Warsaw
    ("dmytro.shevchenko", KYIVSTAR, "5.248.140.{}", CLI_LINUX, FIREFOX_LINUX),
    ("iryna.bondarenko", VODAFONE_UA, "31.144.19.{}", CLI_MAC, CHROME_MAC),
    ("luke.camilleri", MELITA, "46.54.33.{}", CLI_MAC, CHROME_MAC),
    ("maria.borg", MELITA, "77.71.150.{}", CLI_WIN, CHROME_WIN),
    ("stefan.nikolic", SBB, "24.135.190.{}", CLI_LINUX, FIREFOX_LINUX),
    ("yuliia.melnyk", KYIVSTAR, "37.229.15.{}", CLI_MAC, CHROME_MAC),
    ("jake.vella", GO, "46.11.130.{}", CLI_MAC, CHROME_MAC),
    ("milica.stojanovic", MTS, "5.134.109.{}", CLI_MAC, CHROME_MAC),
]
_SRE = [
    ("karl.azzopardi", MELITA, "46.54.90.{}", CLI_MAC, CHROME_MAC),
    ("vuk.markovic", SBB, "5.22.180.{}", CLI_LINUX, FIREFOX_LINUX),
    ("taras.hnatyuk", KYIVSTAR, "37.115.201.{}", CLI_LINUX, FIREFOX_LINUX),
]
_MARKETING = [
    ("claire.farrugia", MELITA, "77.71.201.{}", CLI_MAC, CHROME_MAC),
    ("lucia.garcia", TELEFONICA, "2.139.44.{}", CLI_MAC, CHROME_MAC),
]
_TRADERS = [
    ("trader.shift-a", GO, OFFICE, CLI_WIN, CHROME_WIN),
    ("trader.shift-b", GO, OFFICE, CLI_WIN, CHROME_WIN),
    ("trader.shift-c", GO, OFFICE, CLI_WIN, CHROME_WIN),
]


def _people(rows: list[tuple[str, Place, str, str, str]], salt: int) -> list[Person]:
    out = []
    for i, (name, place, pattern, cli, browser) in enumerate(rows):
        address = pattern.format(17 + (salt * 31 + i * 53) % 200) if "{}" in pattern else pattern
        out.append(Person(name, f"{name}@xlendi.com", address, place, cli, browser))
    return out


DEVELOPERS = _people(_DEV_HOMES, 1)
SRES = _people(_SRE, 2)
MARKETERS = _people(_MARKETING, 3)
TRADERS = _people(_TRADERS, 4)
for _p in (*DEVELOPERS, *SRES, *MARKETERS, *TRADERS):
    PLACES[_p.home] = _p.place

# SDK agents of the workloads
BOTO_POD = (
    "Boto3/1.35.44 md/Botocore#1.35.44 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.44"
)
JAVA_POD = (
    "aws-sdk-java/2.28.16 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS "
    "Java/21.0.4 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/legacy"
)
GO_V2 = "aws-sdk-go-v2/1.30.5 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64"
KARPENTER_UA = f"{GO_V2} api/ec2#1.177.3 karpenter.sh-1.0.6"
NODE_CNI = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-vpc-cni-k8s/v1.18.5"
NODE_ECR = f"{GO_V2} api/ecr#1.35.0 ecr-credential-provider/v1.31.0"
NODE_CNI_NEW = "aws-sdk-go/1.55.5 (go1.23.2; linux; amd64) amazon-vpc-cni-k8s/v1.19.0"  # B4
NODE_ECR_NEW = f"{GO_V2} api/ecr#1.36.2 ecr-credential-provider/v1.32.0"
EXTDNS_UA = "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64) ExternalDNS/v0.15.0"
ALB_UA = "aws-sdk-go-v2/1.30.5 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64 elbv2.k8s.aws/v2.9.2"
EBS_UA = "aws-sdk-go-v2/1.30.5 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64 aws-ebs-csi-driver/v1.35.0"
ALB_UA_NEW = ALB_UA.replace("v2.9.2", "v2.10.1")
EBS_UA_NEW = EBS_UA.replace("v1.35.0", "v1.37.0")
POD_ID_AGENT = f"{GO_V2} api/eksauth#1.7.1 eks-pod-identity-agent/0.1.17"
LAMBDA_UA = (
    "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 "
    "lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy "
    "Botocore/1.34.145"
)
PSP_UA = JAVA_POD.replace(
    "vendor/Eclipse_Adoptium", "vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE"
)
GHA_UA = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1017-azure md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.24 md/prompt#off md/command#eks.update-kubeconfig"
)
GHA_STS_UA = "aws-sdk-nodejs/3.699.0 linux/v20.18.1 configure-aws-credentials-for-github-actions"
VENDOR_UA = "aws-sdk-java/1.12.772 Linux/6.1.115-126.197.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS java/17.0.13 vendor/Amazon.com_Inc."
VENDOR2_UA = "aws-sdk-dotnet-coreclr/3.7.400.45 .NET_Core/8.0.11 OS/Linux_6.1.115-126.197.amzn2023.x86_64 ClientAsync"
CERTBOT_UA = "Boto3/1.26.27 Python/3.10.12 Linux/5.15.0-126-generic Botocore/1.29.27 certbot-dns-route53/2.1.0"
RECON_UA = "aws-cli/1.33.2 Python/3.9.21 Linux/4.18.0-553.el8_10.x86_64 botocore/1.35.2"
CAMPAIGN_UA = "aws-sdk-nodejs/2.1691.0 linux/v18.20.4 promise"
CONSOLE = "AWS Internal"
