"""Caracará Linhas Aéreas, the organisation of the thirty-fifth held-out suite: a Brazilian
regional airline (hub at Campinas-Viracopos, a second base in Belo Horizonte-Confins), its
accounts, roles, people, partners, networks and the clients each of them uses.

Every address below is written into the suite's GeoIP databases with the network it belongs to
(its real AS in the bundled ASN table, a plausible city); AWS addresses are taken from the EC2
ranges of `ip-ranges.json` in the region named."""

from __future__ import annotations

import datetime as dt

BRT = dt.timezone(dt.timedelta(hours=-3))  # São Paulo time, no daylight saving since 2019
END = dt.date(2026, 12, 4)  # Friday: the last scored day

MGMT, BOOKING, OPS, CONTACT, CARGO = (
    "418273650192",
    "418273650207",
    "418273650231",
    "418273650246",
    "418273650288",
)
ACCOUNTS = (MGMT, BOOKING, OPS, CONTACT)  # CARGO is created on the third scored day
GDS_ACCOUNT = "730155048812"  # the global distribution system partner
MRO_ACCOUNT = "562209177340"  # the maintenance (MRO) vendor
ATTACKER_ACCOUNT = "209477153368"  # an attacker's own AWS account (EC2 in us-east-1)
REGIONS = ("sa-east-1", "us-east-1", "us-west-2")
SSO_PROVIDER = "AWSSSO_7d1f0c2e9b4a6358_DO_NOT_DELETE"

# address -> (asn, as organisation, country, city, latitude, longitude)
GEO: dict[str, tuple[int, str, str, str, float, float]] = {}


def _net(
    asn: int, org: str, country: str, city: str, lat: float, lon: float, *ips: str
) -> tuple[str, ...]:
    for ip in ips:
        GEO[ip] = (asn, org, country, city, lat, lon)
    return ips


_AWS = (16509, "AMAZON-02")
# the booking VPC's NAT gateway (Lambdas in the VPC leave through it), and the new one (B11)
NAT_BOOKING = _net(*_AWS, "BR", "São Paulo", -23.55, -46.63, "18.231.77.140")[0]
NAT_BOOKING_NEW = _net(*_AWS, "BR", "São Paulo", -23.55, -46.63, "15.229.34.201")[0]
NAT_OPS = _net(*_AWS, "BR", "São Paulo", -23.55, -46.63, "18.229.140.66")[0]
ACARS_EIP = _net(*_AWS, "BR", "São Paulo", -23.55, -46.63, "18.230.12.93")[0]
CONTACT_NAT = _net(*_AWS, "US", "Ashburn", 39.04, -77.49, "34.199.61.18")[0]
CARGO_EIP = _net(*_AWS, "BR", "São Paulo", -23.55, -46.63, "56.125.40.17")[0]
GDS_NAT = _net(*_AWS, "US", "Ashburn", 39.04, -77.49, "44.207.118.35", "44.207.119.2")
MRO_NAT = _net(*_AWS, "US", "Ashburn", 39.04, -77.49, "3.229.55.190")
MRO_NAT_EU = _net(*_AWS, "IE", "Dublin", 53.34, -6.26, "52.210.77.4", "52.210.77.5")  # B4
ATTACKER_EC2 = _net(*_AWS, "US", "Ashburn", 39.04, -77.49, "3.90.211.47", "34.230.18.225")
GHA = _net(
    8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "Boydton", 36.67, -78.39,
    "4.227.80.14", "4.227.81.201", "4.236.17.90", "4.246.133.8", "4.242.9.71",
)  # fmt: skip
# the co-brand credit-card partner's batch host that posts loyalty accruals (Embratel/Claro)
CARD_PARTNER = _net(4230, "CLARO S.A.", "BR", "São Paulo", -23.55, -46.63, "186.249.161.34")[0]
# head office (Campinas), OCC (same building), Belo Horizonte base: Vivo Empresas fibre
OFFICE = _net(26599, "TELEFONICA BRASIL S.A", "BR", "Campinas", -22.91, -47.06, "152.251.40.2")[0]
OCC = _net(26599, "TELEFONICA BRASIL S.A", "BR", "Campinas", -22.91, -47.06, "152.251.40.3")[0]
BH_BASE = _net(16735, "ALGAR TELECOM S/A", "BR", "Belo Horizonte", -19.92, -43.94, "177.69.18.250")[
    0
]
HOMES = _net(
    26599, "TELEFONICA BRASIL S.A", "BR", "Campinas", -22.91, -47.06,
    "152.251.88.41", "152.251.97.130", "152.251.131.7", "152.251.140.66", "152.251.201.19",
)  # fmt: skip
# EFB iPads: airport Wi-Fi and the crews' phones' hotspots at the bases and outstations
IPAD_NETS = (
    _net(28573, "Claro NXT Telecomunicacoes Ltda", "BR", "Campinas", -22.91, -47.06,
         *[f"177.64.{i}.{j}" for i in (12, 31, 77) for j in (9, 88, 140, 201)]),
    _net(26615, "TIM S/A", "BR", "Belo Horizonte", -19.92, -43.94,
         *[f"152.233.{i}.{j}" for i in (241, 244) for j in (17, 66, 130, 212)]),
    _net(26599, "TELEFONICA BRASIL S.A", "BR", "Recife", -8.05, -34.88,
         *[f"152.251.{i}.{j}" for i in (60, 61) for j in (23, 99, 177)]),
    _net(16735, "ALGAR TELECOM S/A", "BR", "Uberlândia", -18.92, -48.28,
         "177.69.120.15", "177.69.120.77", "177.69.121.140"),
)  # fmt: skip
# B3: the new route to Bogotá: the crew hotel's Wi-Fi and Claro Colombia phones
BOGOTA = _net(
    10620, "Telmex Colombia S.A.", "CO", "Bogotá", 4.71, -74.07,
    "181.50.37.12", "181.50.37.140", "181.50.39.8", "181.50.40.222",
)  # fmt: skip
LISBON_HOTEL = _net(
    3243, "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.", "PT", "Lisbon", 38.72, -9.14,
    "81.193.44.210",
)[0]  # fmt: skip
QSA_OFFICE = _net(16735, "ALGAR TELECOM S/A", "BR", "São Paulo", -23.55, -46.63, "177.69.200.33")[0]
# contact-centre supervisors work from the Recife centre (Vivo)
RECIFE_CC = _net(26599, "TELEFONICA BRASIL S.A", "BR", "Recife", -8.05, -34.88, "152.251.62.5")[0]
# attackers
DO_VPS = _net(14061, "DIGITALOCEAN-ASN", "US", "North Bergen", 40.79, -74.02, "24.144.80.57")[0]
DO_VPS2 = _net(14061, "DIGITALOCEAN-ASN", "US", "Santa Clara", 37.35, -121.95, "24.144.91.206")[0]
HETZNER2 = _net(24940, "Hetzner Online GmbH", "FI", "Helsinki", 60.17, 24.94, "5.75.141.77")[0]
OVH_VPS = _net(16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13, "5.196.84.12")[0]
HETZNER = _net(24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37, "5.75.140.201")[0]
M247 = _net(9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10, "2.57.69.14")[0]
VULTR = _net(20473, "AS-CHOOPA", "SG", "Singapore", 1.29, 103.85, "43.224.33.90")[0]
ROMANIA_HOME = _net(8708, "DIGI ROMANIA S.A.", "RO", "Iași", 47.16, 27.59, "5.13.77.142")[0]
# a residential proxy exit in São Paulo (Claro NXT) that the stolen SSO token is used through
RESI_PROXY = _net(
    28573, "Claro NXT Telecomunicacoes Ltda", "BR", "São Paulo", -23.55, -46.63, "177.64.101.58"
)[0]
THREAT = (M247, "2.57.69.0/24", VULTR)  # the airline's threat-intel feed (ISAC sharing)

# -- clients, as the real SDKs write their user agents ---------------------------------------
UA_NODE18 = (
    "aws-sdk-js/3.485.0 ua/2.0 os/linux#5.10.205-217.842.amzn2.x86_64 lang/js md/nodejs#18.19.0 "
    "api/{api}#3.485.0 exec-env/AWS_Lambda_nodejs18.x"
)
UA_NODE20 = (
    "aws-sdk-js/3.678.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 "
    "api/{api}#3.678.0 m/E,N exec-env/AWS_Lambda_nodejs20.x"
)
UA_PY_LAMBDA = (
    "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.224-233.878.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.145"
)
UA_JAVA = (
    "aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS "
    "Java/17.0.11 vendor/Amazon.com_Inc. md/io#sync md/http#Apache ua/2.0 cfg/retry-mode#legacy"
)
UA_JAVA_PARTNER = "aws-sdk-java/1.12.565 Linux/4.18.0-513.el8.x86_64 OpenJDK_64-Bit_Server_VM/11.0.21+9-LTS java/11.0.21 vendor/Red_Hat,_Inc. cfg/retry-mode/standard"
UA_IOS = "aws-sdk-iOS/2.33.4 iOS/17.6.1 pt_BR"
UA_IOS_NEW = "aws-sdk-iOS/2.36.7 iOS/18.1.1 pt_BR"  # B5: the load-sheet app's release
UA_GO_SSM = "aws-sdk-go/1.44.302 (go1.21.9; linux; amd64) amazon-ssm-agent/3.3.987.0"
UA_GO_GDS = (
    "aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#amd64 api/s3#1.48.1"
)
UA_PY_MRO = (
    "Boto3/1.28.85 md/Botocore#1.31.85 ua/2.0 os/linux#4.14.336-257.566.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.9.18 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.85"
)
UA_PY_MRO_NEW = (
    "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#6.1.112-122.189.amzn2023.x86_64 "
    "md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.40"
)
UA_CLI = (
    "aws-cli/2.17.18 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
)
UA_TF = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.64.0 "
    "(+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.4 ua/2.0 os/linux "
    "lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.50.0"
)
UA_SAM = (
    "aws-cli/2.17.50 md/awscrt#0.21.2 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 "
    "lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}"
)
UA_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
UA_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)
UA_PROWLER = (
    "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 "
    "lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.54 APN_1826889"
)
UA_ATTACK_PY = (
    "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 "
    "lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76"
)
UA_ATTACK_CLI = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#kali.2024 md/prompt#off md/command#{cmd}"
)
UA_TRUFFLE = "TruffleHog"
