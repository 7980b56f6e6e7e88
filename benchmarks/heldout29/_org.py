"""Frostvik Hem AB: who and where. Accounts, regions, people, workloads, networks and the user
agents their tools write, as constants; nothing here draws a random number."""

from __future__ import annotations

from dataclasses import dataclass

MGMT = "210987654321"  # Organizations management, Identity Center, SCPs
PROD = "318540276190"  # IoT Core, Cognito, API Gateway + Lambda + DynamoDB, firmware bucket
BUILD = "472615093384"  # CodeBuild, AWS Signer, CodePipeline
DATA = "583902147756"  # Athena / Glue over device telemetry, Superset on EC2
US = "694120385517"  # frostvik-us: joins on a scored day for the US launch

ACCOUNT_NAMES = {
    MGMT: "frostvik-management",
    PROD: "frostvik-prod",
    BUILD: "frostvik-build",
    DATA: "frostvik-data",
    US: "frostvik-us",
}
HOME = "eu-north-1"
REGIONS = ("eu-north-1", "eu-west-1", "us-east-1")
SSO_REGION = "eu-north-1"
DATADOG_ACCOUNT = "464622532012"
LOADTEST_ACCOUNT = "731245880913"  # the load-test vendor's own AWS account


@dataclass(frozen=True)
class Net:
    """A network the trail's addresses come from; the .mmdb files describe it."""

    cidr: str  # a /24 (or smaller) the hosts are drawn from
    asn: int
    org: str
    country: str
    city: str
    lat: float
    lon: float


NETS: dict[str, Net] = {
    # Gothenburg office and the team's homes
    "office": Net("194.14.203.0/24", 8473, "Bahnhof AB", "SE", "Gothenburg", 57.7072, 11.9668),
    "telia_gbg": Net("81.229.114.0/24", 3301, "Telia Company AB", "SE", "Gothenburg", 57.71, 11.97),
    "comhem": Net("90.224.38.0/24", 39651, "Tele2 Sverige AB", "SE", "Gothenburg", 57.70, 11.94),
    "bahnhof_sth": Net("213.89.120.0/24", 8473, "Bahnhof AB", "SE", "Stockholm", 59.33, 18.06),
    "telenor_se": Net("78.82.196.0/24", 8642, "Telenor Sverige AB", "SE", "Malmo", 55.60, 13.00),
    # the support contractor in Krakow, and his new flat's line (B6 keeps the ISP)
    "orange_krk": Net(
        "83.26.77.0/24", 5617, "Orange Polska Spolka Akcyjna", "PL", "Krakow", 50.06, 19.94
    ),
    # the factory test station in Tallinn
    "factory": Net("90.190.41.0/24", 3249, "Telia Eesti AS", "EE", "Tallinn", 59.44, 24.75),
    # phones and homes across the Nordics
    "m_tele2": Net("176.10.128.0/22", 1257, "Tele2 Sverige AB", "SE", "Stockholm", 59.33, 18.07),
    "m_telia": Net("95.192.0.0/22", 3301, "Telia Company AB", "SE", "Uppsala", 59.86, 17.64),
    "m_tre": Net("2.68.12.0/22", 44034, "Hi3G Access AB", "SE", "Gothenburg", 57.71, 11.97),
    "m_telenor_no": Net("84.208.64.0/22", 2119, "Telenor Norge AS", "NO", "Oslo", 59.91, 10.75),
    "m_elisa": Net("91.155.8.0/22", 719, "Elisa Oyj", "FI", "Helsinki", 60.17, 24.94),
    "m_tdc": Net("87.49.40.0/22", 3292, "TDC Holding A/S", "DK", "Copenhagen", 55.68, 12.57),
    "h_bredband2": Net("85.24.140.0/22", 29518, "Bredband2 AB", "SE", "Vasteras", 59.61, 16.55),
    "h_telia_no": Net("46.212.88.0/22", 12929, "Telia Norge AS", "NO", "Bergen", 60.39, 5.32),
    # B8: the on-call engineer's hotel in Oslo
    "hotel_oslo": Net("193.69.52.0/24", 2116, "GlobalConnect AS", "NO", "Oslo", 59.91, 10.74),
    # GitHub's hosted runners (Azure)
    "gh_runners": Net(
        "20.102.38.0/24", 8075, "Microsoft Corporation", "US", "Boydton", 36.67, -78.39
    ),
    # attackers
    "do_ams": Net("188.166.84.0/24", 14061, "DigitalOcean, LLC", "NL", "Amsterdam", 52.37, 4.89),
    "m247_buh": Net("185.45.12.0/24", 9009, "M247 Europe SRL", "RO", "Bucharest", 44.43, 26.10),
    "hetzner": Net("95.217.164.0/24", 24940, "Hetzner Online GmbH", "FI", "Helsinki", 60.17, 24.94),
    "vultr_nj": Net(
        "149.28.57.0/24", 20473, "The Constant Company, LLC", "US", "Piscataway", 40.55, -74.46
    ),
    "resi_sth": Net("31.211.236.0/24", 29518, "Bredband2 AB", "SE", "Stockholm", 59.33, 18.06),
    "tor_exit": Net(
        "185.220.101.0/24",
        208294,
        "Foundation for Applied Privacy",
        "DE",
        "Frankfurt am Main",
        50.11,
        8.68,
    ),
    "ovh_gra": Net("51.75.140.0/24", 16276, "OVH SAS", "FR", "Gravelines", 50.99, 2.13),
    "choopa_sao": Net(
        "216.238.99.0/24", 20473, "The Constant Company, LLC", "BR", "Sao Paulo", -23.55, -46.63
    ),
}

# AWS addresses (in the bundled ip-ranges.json snapshot): EC2 per region, CodeBuild eu-north-1
AWS_NETS = {
    ("ec2", "eu-north-1"): "51.20.0.0/16",
    ("ec2", "eu-west-1"): "54.247.0.0/16",
    ("ec2", "us-east-1"): "52.4.0.0/14",
    ("codebuild", "eu-north-1"): "13.48.4.192/29",
}
AWS_GEO = {  # for the .mmdb files: AWS addresses are "aws" but get ASN and geo too
    "51.20.0.0/16": (16509, "Amazon.com, Inc.", "SE", "Stockholm", 59.33, 18.07),
    "54.247.0.0/16": (16509, "Amazon.com, Inc.", "IE", "Dublin", 53.34, -6.26),
    "52.4.0.0/14": (14618, "Amazon.com, Inc.", "US", "Ashburn", 39.04, -77.49),
    "13.48.4.192/29": (16509, "Amazon.com, Inc.", "SE", "Stockholm", 59.33, 18.07),
}

PHONE_NETS = (
    "m_tele2",
    "m_telia",
    "m_tre",
    "m_telenor_no",
    "m_elisa",
    "m_tdc",
    "h_bredband2",
    "h_telia_no",
    "telia_gbg",
    "comhem",
    "bahnhof_sth",
    "telenor_se",
)
THREAT = ("185.220.101.0/24",)  # the Tor exits Frostvik's GuardDuty list carries

# Identity Center (its instance in the management account, home eu-north-1)
SSO_SETS = {  # permission set -> the role suffix every account gives it
    "AdministratorAccess": "7c1e0a93d4b2f615",
    "PowerUserAccess": "3a9f5be0c27d81e4",
    "DataAnalyst": "b40d6e2a91f3c758",
    "SupportReadOnly": "e25a7c09f1d6b384",
    "ReadOnlyAccess": "91c3f8d2a04e6b57",
}


@dataclass(frozen=True)
class Person:
    user: str  # Identity Center user name (their e-mail)
    pset: str
    accounts: tuple[str, ...]
    home: str  # NETS key
    ua: str  # CLI agent
    browser: str
    weekend: bool = False
    cli_share: float = 0.5


MAC_CLI = "aws-cli/2.17.{v} md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source"
LINUX_CLI = "aws-cli/2.15.{v} md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-35-generic md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython md/distrib#ubuntu.22 cfg/retry-mode#standard md/installer#exe"
CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"

PEOPLE = (
    Person(
        "ingrid.holm@frostvik.se",
        "AdministratorAccess",
        (MGMT, PROD, BUILD, DATA),
        "office",
        MAC_CLI.format(v=4),
        CHROME_MAC,
    ),
    Person(
        "oskar.lind@frostvik.se",
        "PowerUserAccess",
        (PROD, BUILD),
        "telia_gbg",
        MAC_CLI.format(v=2),
        CHROME_MAC,
        cli_share=0.7,
    ),
    Person(
        "maja.ek@frostvik.se",
        "PowerUserAccess",
        (PROD, BUILD),
        "office",
        LINUX_CLI.format(v=30),
        FIREFOX_WIN,
        cli_share=0.8,
    ),
    Person(
        "elias.berg@frostvik.se",
        "PowerUserAccess",
        (PROD,),
        "comhem",
        MAC_CLI.format(v=4),
        SAFARI_MAC,
        weekend=True,
    ),
    Person(
        "sara.nyqvist@frostvik.se",
        "PowerUserAccess",
        (BUILD, PROD),
        "office",
        LINUX_CLI.format(v=30),
        CHROME_WIN,
        cli_share=0.6,
    ),
    Person(
        "johan.sjoberg@frostvik.se",
        "AdministratorAccess",
        (MGMT, PROD),
        "bahnhof_sth",
        MAC_CLI.format(v=1),
        CHROME_MAC,
    ),
    Person(
        "linnea.dahl@frostvik.se",
        "DataAnalyst",
        (DATA,),
        "office",
        MAC_CLI.format(v=2),
        CHROME_MAC,
        cli_share=0.3,
    ),
    Person(
        "viktor.aalto@frostvik.se",
        "DataAnalyst",
        (DATA,),
        "telenor_se",
        LINUX_CLI.format(v=30),
        FIREFOX_WIN,
        cli_share=0.6,
    ),
    Person(
        "hanna.strom@frostvik.se",
        "ReadOnlyAccess",
        (PROD, DATA),
        "office",
        MAC_CLI.format(v=2),
        SAFARI_MAC,
        cli_share=0.1,
    ),
    Person(
        "tomasz.wrobel@ext.frostvik.se",
        "SupportReadOnly",
        (PROD,),
        "orange_krk",
        LINUX_CLI.format(v=30),
        CHROME_WIN,
        cli_share=0.2,
    ),
)

# workloads
LAMBDAS = (  # prod API behind API Gateway, and the OTA orchestrator
    ("api-devices", "nodejs20.x"),
    ("api-claim", "nodejs20.x"),
    ("api-schedules", "nodejs20.x"),
    ("ota-orchestrator", "python3.12"),
)
SDK_JS = "aws-sdk-js/3.600.0 ua/2.0 os/linux#5.10.225-234.879.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/{api}#3.600.0 exec-env/AWS_Lambda_nodejs20.x"
BOTO_LAMBDA = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.225-234.879.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
GO_ECS = "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.55.1 exec-env/AWS_ECS_FARGATE"
BOTO_EC2 = "Boto3/1.34.90 md/Botocore#1.34.90 ua/2.0 os/linux#6.1.112-122.189.amzn2023.x86_64 md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.90"
CODEBUILD_CLI = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#4.14.355-275.570.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython exec-env/AWS_CodeBuild cfg/retry-mode#standard md/installer#docker"
CODEBUILD_CLI_NEW = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/AWS_CodeBuild cfg/retry-mode#standard md/installer#docker"
E2E_JS = "aws-sdk-js/3.583.0 ua/2.0 os/linux#4.14.355-275.570.amzn2.x86_64 lang/js md/nodejs#18.20.2 api/cognito-identity-provider#3.583.0"
FACTORY_UA = (
    "aws-sdk-dotnet-coreclr/3.7.400.12 .NET_Core/8.0.8 OS/Microsoft_Windows_10.0.19045 ClientAsync"
)
DATADOG_UA = "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#5.15.0-1064-aws md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.10"
GH_TF = "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.64.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.4 ua/2.0 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.40.2"
IOS_OLD = "aws-sdk-iOS/2.33.10 iOS/17.6.1 en_SE"
ANDROID_OLD = "aws-sdk-android/2.75.0 Linux/5.10.198-android13-4 Dalvik/2.1.0/0 sv_SE"
IOS_NEW = "amplify-swift/2.41.1 api/cognito-identity#1.0 os/iOS#18.1 lang/swift#5.10 md/frostvik-app#5.0.0"
ANDROID_NEW = "aws-sdk-kotlin/1.3.30 ua/2.0 api/cognito-identity#1.3.30 os/android#14 lang/kotlin#2.0.20 md/frostvik-app#5.0.0"
DEVICE_UA = "esp-idf/5.2.2 esp_https_ota frostvik-fw"
