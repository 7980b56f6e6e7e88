"""Cedarline Pharmacy: who and what the organisation is (accounts, networks, user agents).

An online pharmacy and telehealth service in Canada filling e-prescriptions. Patients order
through an app (API Gateway, Lambda, Cognito); scanned and faxed prescriptions are read with
Textract; each order runs through Step Functions, stops for a pharmacist's review (a task
token the review app on WorkSpaces answers) and is handed to a courier. An insurer's
claims-adjudication system and the courier each reach in through a role with an external ID.
Everything here is invented; the shapes follow AWS documentation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

MGMT = "318204667150"  # cedarline-management: Organizations, Identity Center, billing
PROD = "529716340882"  # cedarline-prod: the pharmacy
DATA = "604418227739"  # cedarline-data: Redshift, Athena
QC = "781390552614"  # cedarline-prod-qc: the Quebec launch, created on a scored day
INSURER = "447019283366"  # the claims-adjudication partner
COURIER = "903381726455"  # the courier company
DATADOG = "464622532012"  # Datadog's integration account
AUDITOR = "236718400925"  # the external privacy auditor's own account
ROGUE = "851725166310"  # an account nobody here knows

HOME = "ca-central-1"
REGIONS = ("ca-central-1", "us-east-1", "us-west-2")
ORG_ID = "o-k3x9cedar1"
SSO_PROVIDER = "AWSSSO_5f2c90d14be7a1c3_DO_NOT_DELETE"
SCANS = "cedarline-rx-scans-prod"
MANIFESTS = "cedarline-dispatch-manifests"
CLAIMS = "cedarline-claims-exchange"
EDI = "cedarline-edi-inbound"
KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# where each network is: (asn, organisation, country, city, latitude, longitude)
Geo = tuple[int, str, str, str, float, float]
AWS_CA: Geo = (16509, "AMAZON-02", "CA", "Montreal", 45.5019, -73.5674)
AWS_USE1: Geo = (14618, "AMAZON-AES", "US", "Ashburn", 39.0438, -77.4874)
AWS_USW2: Geo = (16509, "AMAZON-02", "US", "Boardman", 45.8399, -119.7006)
ROGERS: Geo = (812, "Rogers Communications Canada Inc.", "CA", "Toronto", 43.6532, -79.3832)
BELL: Geo = (577, "Bell Canada", "CA", "Toronto", 43.7001, -79.4163)
BELL_OTT: Geo = (577, "Bell Canada", "CA", "Ottawa", 45.4215, -75.6972)
BELL_MISS: Geo = (577, "Bell Canada", "CA", "Mississauga", 43.589, -79.6441)
VIDEOTRON: Geo = (5769, "Videotron Telecom Ltee", "CA", "Montreal", 45.5088, -73.5878)
TELUS: Geo = (852, "TELUS Communications Inc.", "CA", "Vancouver", 49.2827, -123.1207)
SHAW: Geo = (6327, "Shaw Communications Inc.", "CA", "Vancouver", 49.2606, -123.114)
BEANFIELD: Geo = (21949, "Beanfield Technologies Inc.", "CA", "Toronto", 43.6426, -79.3871)
AZURE_CA: Geo = (8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "CA", "Toronto", 43.6532, -79.3832)
AZURE_US: Geo = (8075, "MICROSOFT-CORP-MSN-AS-BLOCK", "US", "Boydton", 36.6676, -78.3875)
COX_LV: Geo = (22773, "Cox Communications Inc.", "US", "Las Vegas", 36.1699, -115.1398)
TMOBILE_US: Geo = (21928, "T-Mobile USA, Inc.", "US", "Las Vegas", 36.1716, -115.1391)
# the attackers' networks
DO_TOR: Geo = (14061, "DIGITALOCEAN-ASN", "CA", "Toronto", 43.6532, -79.3832)
DO_NYC: Geo = (14061, "DIGITALOCEAN-ASN", "US", "North Bergen", 40.793, -74.0247)
HETZNER: Geo = (24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.4779, 12.3713)
M247: Geo = (9009, "M247 Europe SRL", "RO", "Bucharest", 44.4268, 26.1025)
VULTR: Geo = (20473, "AS-CHOOPA", "US", "Piscataway", 40.5548, -74.4643)
OVH_CA: Geo = (16276, "OVH SAS", "CA", "Beauharnois", 45.3151, -73.8779)
TOR_EXIT: Geo = (60729, "Stiftung Erneuerbare Freiheit", "DE", "Berlin", 52.52, 13.405)
RESI_CA: Geo = (812, "Rogers Communications Canada Inc.", "CA", "Hamilton", 43.2557, -79.8711)
MTN_NG: Geo = (29465, "MTN NIGERIA Communication limited", "NG", "Lagos", 6.5244, 3.3792)
PROTON: Geo = (209103, "Proton AG", "CA", "Toronto", 43.6532, -79.3832)

# user agents as the real SDKs and consoles write them
CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
CLI_MAC = (
    "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
)
CLI_LINUX = (
    "aws-cli/2.21.3 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}"
)
LAMBDA_PY = (
    "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.145"
)
LAMBDA_NODE = (
    "aws-sdk-js/3.632.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.17.0 "
    "api/{api}#3.632.0 exec-env/AWS_Lambda_nodejs20.x"
)
FAX_CLI = (
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.102-111.182.amzn2023.x86_64 "
    "md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/EC2 cfg/retry-mode#standard "
    "md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#{cmd}"
)
SSM_AGENT = "aws-sdk-go/1.44.302 (go1.22.8; linux; amd64) amazon-ssm-agent/3.3.987.0"
ECS_JAVA = (
    "aws-sdk-java/2.25.60 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS "
    "Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache "
    "cfg/retry-mode/legacy"
)
ECS_AGENT = "Go-http-client/1.1"
DATADOG_UA = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64)"
INSURER_UA = (
    "aws-sdk-java/1.12.720 Linux/4.14.352-268.568.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/11.0.24+8-LTS "
    "java/11.0.24 vendor/Amazon.com_Inc. cfg/retry-mode/standard"
)
INSURER_UA_NEW = (
    "aws-sdk-java/2.29.15 Linux/6.1.115-126.197.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS "
    "Java/17.0.13 vendor/Amazon.com_Inc. md/io#sync md/http#Apache ua/2.1 lang/java#17.0.13 "
    "m/D cfg/retry-mode#standard"
)
COURIER_UA = (
    "aws-sdk-dotnet-coreclr/3.7.400.44 aws-sdk-dotnet-core/3.7.400.44 .NET_Core/8.0.10 "
    "OS/Microsoft_Windows_10.0.20348 ClientAsync"
)
REVIEW_UA = (
    "aws-sdk-dotnet-coreclr/3.7.305.12 aws-sdk-dotnet-core/3.7.303.8 .NET_Core/6.0.27 "
    "OS/Microsoft_Windows_10.0.17763 ClientAsync"
)
# the WorkSpaces image rebuilt (B6): Windows Server 2022, .NET 8, the SDK updated
REVIEW_UA_NEW = (
    "aws-sdk-dotnet-coreclr/3.7.400.58 aws-sdk-dotnet-core/3.7.400.58 .NET_Core/8.0.11 "
    "OS/Microsoft_Windows_10.0.20348 ClientAsync"
)
GHA_CLI = (
    "aws-cli/2.22.7 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 "
    "lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#ubuntu.22 md/prompt#off md/command#{cmd}"
)
GHA_STS = (
    "aws-sdk-js/3.693.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.0 "
    "api/sts#3.693.0 configure-aws-credentials-for-github-actions"
)
JENKINS_UA = (
    "aws-cli/1.33.24 md/Botocore#1.34.144 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 "
    "lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.34.144"
)
EDI_UA = "aws-cli/2.15.30 Python/3.11.8 Windows/2019Server exe/AMD64 prompt/off command/s3.cp"
REDSHIFT_LOADER = LAMBDA_PY.replace("python3.12", "python3.11").replace("3.12.7", "3.11.10")
# attackers' tools
KALI_BOTO = (
    "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 "
    "lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54"
)
KALI_CLI = (
    "aws-cli/2.19.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 "
    "lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
    "md/distrib#kali.2024 md/prompt#off md/command#{cmd}"
)
PACU_UA = "Boto3/1.26.137 Python/3.11.4 Linux/6.1.0-kali9-amd64 Botocore/1.29.137"
GO_LLM = "aws-sdk-go-v2/1.32.4 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/bedrockruntime#1.20.3"
AUDIT_CLI = (
    "aws-cli/2.22.2 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
)
PROWLER = (
    "APN/1.0 Prowler/4.5.0 Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/windows#10 md/arch#amd64 "
    "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.36"
)


def key(rng: random.Random, prefix: str) -> str:
    """An access key id (``AKIA``/``ASIA``) or an unique id (``AROA``/``AIDA``)."""
    return prefix + "".join(rng.choice(KEY_CHARS) for _ in range(16))


def host(rng: random.Random, prefix: str) -> str:
    """An address in the /24 ``prefix`` (``"35.182.14"``)."""
    return f"{prefix}.{rng.randrange(2, 254)}"


@dataclass
class Person:
    """An Identity Center user: the session name, the permission set and her networks."""

    user: str
    permission: str
    ips: list[str]
    agent: str
    start_hour: int  # UTC


@dataclass
class Org:
    """One seed's organisation: every principal's networks and stable identifiers."""

    rng: random.Random
    geo: dict[str, Geo] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def ip(self, prefix: str, where: Geo) -> str:
        address = host(self.rng, prefix)
        while address in self.geo:
            address = host(self.rng, prefix)
        self.geo[address] = where
        return address

    def instance(self, name: str) -> str:
        """A stable EC2 instance id by name (``i-0`` and 16 hex digits)."""
        if name not in self.ids:
            self.ids[name] = f"i-0{self.rng.getrandbits(64):016x}"
        return self.ids[name]

    def uid(self, name: str, prefix: str) -> str:
        """A stable unique id (role id, user id, access key) by name."""
        if name not in self.ids:
            self.ids[name] = key(self.rng, prefix)
        return self.ids[name]


def build(rng: random.Random, scale: float) -> tuple[Org, dict[str, Any]]:
    """The organisation of one seed: networks by role, people, sizes."""
    org = Org(rng)
    n = {
        "orders": max(30, round(300 * scale)),
        "faxes": max(6, round(70 * scale)),
        "pharmacists": max(4, round(18 * scale)),
        "new_pharmacists": max(2, round(7 * scale)),
        "analysts": max(2, round(4 * scale)),
    }
    net: dict[str, Any] = {
        "lambda": [org.ip(p, AWS_CA) for p in ("35.182.41", "15.222.96", "3.98.117", "35.183.9")],
        "fax_eip": org.ip("3.97.40", AWS_CA),
        "fax_eip_new": org.ip("15.223.17", AWS_CA),
        "nat_prod": org.ip("3.99.201", AWS_CA),
        "workspaces": [org.ip("35.182.203", AWS_CA), org.ip("3.96.155", AWS_CA)],
        "datadog": [org.ip(p, AWS_USE1) for p in ("3.233.147", "44.192.28", "52.4.191")],
        "datadog_new": [org.ip("54.148.76", AWS_USW2), org.ip("18.236.12", AWS_USW2)],
        "insurer": [org.ip("52.5.114", AWS_USE1), org.ip("50.16.92", AWS_USE1)],
        "insurer_new": [org.ip("3.98.44", AWS_CA), org.ip("15.222.61", AWS_CA)],
        "courier": org.ip("20.151.118", AZURE_CA),
        "gha": [org.ip(p, AZURE_US) for p in ("20.57.73", "4.148.22", "52.225.64", "20.14.121")],
        "jenkins": org.ip("216.13.92", BEANFIELD),
        "edi": org.ip("184.148.77", BELL_MISS),
        "office": org.ip("142.113.49", BELL),
        "auditor": [org.ip("70.50.214", BELL_OTT), org.ip("70.50.215", BELL_OTT)],
        "data_lambda": org.ip("35.183.66", AWS_CA),
        "lvegas": [org.ip("68.224.130", COX_LV), org.ip("172.56.89", TMOBILE_US)],
    }
    homes = [
        ("99.232.18", ROGERS),
        ("174.91.60", BELL),
        ("24.203.11", VIDEOTRON),
        ("99.229.140", ROGERS),
    ]
    platform = []
    for i, user in enumerate(("mnadeau", "pkaur", "jtremblay", "aowusu")):
        prefix, where = homes[i]
        agent = CHROME_MAC if i % 2 == 0 else CHROME_WIN
        platform.append(
            Person(
                f"{user}@cedarlinerx.ca",
                "PlatformAdmin",
                [org.ip(prefix, where), net["office"]],  # type: ignore[list-item]
                agent,
                13 + i % 2,
            )
        )
    first = ("amelie", "daniel", "fatima", "wei", "marc", "priya", "olivier", "hannah", "yusuf")
    last = ("roy", "chen", "singh", "gagnon", "patel", "martin", "nguyen", "cote", "bouchard")
    pharmacists = [
        Person(
            f"{first[i % 9]}.{last[(i * 4 + 1) % 9]}{i // 9 or ''}@cedarlinerx.ca",
            "PharmacistReview",
            list(net["workspaces"]),
            REVIEW_UA,
            12 if i % 2 == 0 else 20,
        )  # type: ignore[arg-type]
        for i in range(n["pharmacists"] + n["new_pharmacists"])
    ]
    analysts = [
        Person(
            f"{u}@cedarlinerx.ca",
            "DataAnalyst",
            [org.ip(p, g)],
            CHROME_MAC if i % 2 else FIREFOX_WIN,
            16 + i % 3,
        )
        for i, (u, p, g) in enumerate(
            [
                ("lbeaulieu", "24.85.202", SHAW),
                ("kmorrison", "154.20.31", TELUS),
                ("rdesai", "99.251.7", ROGERS),
                ("tfraser", "24.86.144", SHAW),
                ("nlavoie", "24.200.57", VIDEOTRON),
            ][: n["analysts"]]
        )
    ]
    net["platform"] = platform
    net["pharmacists"] = pharmacists[: n["pharmacists"]]
    net["new_pharmacists"] = pharmacists[n["pharmacists"] :]
    net["analysts"] = analysts
    net["sizes"] = n
    return org, net
