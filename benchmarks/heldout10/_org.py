"""Auralis Media Group: a European broadcaster and streaming company (Frankfurt, Dublin, London).

Accounts, people, workloads, partners and the clients they call with. Plain data; the actors
in ``_background`` read it.
"""

from __future__ import annotations

from dataclasses import dataclass

MEDIA = "418295730061"  # media-prod: MediaLive/MediaConvert/MediaPackage, CloudFront origins
NEWSROOM = "418295730178"  # newsroom CMS on EC2 behind an ALB (London)
PLATFORM = "418295730245"  # shared platform: Route 53 zones, Terraform, security tooling
SPORT = "418295730392"  # a new sport channel's account, vended on the first scored day
ACCOUNTS = (MEDIA, NEWSROOM, PLATFORM, SPORT)
ADTECH = "907142283315"  # the ad-tech partner's AWS account
SUBS = "561038774920"  # the subtitling vendor's AWS account
OUTSIDE = ("771904256318", "230551196742")  # accounts nobody at Auralis owns
SSO_IDP = "arn:aws:iam::{acct}:saml-provider/AWSSSO_5f2c81d0a9e4b377_DO_NOT_DELETE"
SSO_SUFFIX = {
    "FieldProduction": "3a9e5b1c7d20f486",
    "PlatformAdmin": "b81f04c6e2a3d957",
    "SecurityAudit": "0c7d93e1a5b2f468",
}
DOMAIN = "auralis.media"
SHOW_DOMAINS = (
    "nachtjournal.tv",
    "derbyday.live",
    "thelateedition.co.uk",
    "kochwelt.de",
    "matchpoint.live",
    "auralis-news.com",
    "weekendwetter.de",
    "dublinsessions.ie",
    "quizabend.tv",
    "trackside.live",
    "auralis.play",
    "kinderkanal-auralis.de",
)

# --- clients ---------------------------------------------------------------------------------
CLI_MAC = "aws-cli/2.15.{p} md/awscrt#0.19.19 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
CLI_WIN = "aws-cli/2.15.{p} md/awscrt#0.19.19 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CLI_LINUX = "aws-cli/2.13.{p} Python/3.11.4 Linux/5.15.0-89-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
BROWSER_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
BROWSER_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"
CONSOLE = (
    "AWS Internal",
    "console.amazonaws.com",
    "console.s3.amazonaws.com",
    "console.ec2.amazonaws.com",
)
LAMBDA_PY = "Boto3/{b} md/Botocore#{bc} ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython exec-env/AWS_Lambda_python3.11 cfg/retry-mode#legacy Botocore/{bc}"
LAMBDA_PY_NEW = "Boto3/{b} md/Botocore#{bc} ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/{bc}"
LAMBDA_NODE = "aws-sdk-js/3.654.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/{api}#3.654.0 exec-env/AWS_Lambda_nodejs20.x m/E"
CMS_SDK = "aws-sdk-php/3.325.2 OS/Linux/6.1.112-124.190.amzn2023.x86_64 lang/php#8.2.24 GuzzleHttp/7 exec-env/EC2"
SSM_AGENT = "amazon-ssm-agent/3.3.987.0"
CW_AGENT = "CWAgent/1.300048.0 (go1.22.7; linux; amd64) ip-10-40-{n}-17"
ENCODER_UA = "aws-sdk-java/1.12.{p} Linux/4.18.0-513.24.1.el8_9.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 vendor/Red_Hat,_Inc. cfg/retry-mode/standard exec-env/elemental-live"
JENKINS_UA = "aws-cli/1.32.{p} Python/3.9.18 Linux/5.14.0-427.el9.x86_64 botocore/1.34.{p}"
NEWSROOM_UA = (
    "aws-sdk-dotnet-coreclr/3.7.{p}.0 .NET_Core/8.0.10 OS/Microsoft_Windows_10.0.20348 ClientAsync"
)
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.{p} (+https://www.terraform.io) terraform-provider-aws/5.72.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.0"
ADTECH_UA = "aws-sdk-go/1.55.5 (go1.22.6; linux; amd64)"
VENDOR_UA = "Boto3/1.35.{p} md/Botocore#1.35.{p} ua/2.0 os/linux#6.8.0-1015-aws md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.{p}"


@dataclass(frozen=True)
class Person:
    name: str
    team: str  # FieldProduction, PlatformAdmin, SecurityAudit
    zone: str
    home: str  # network names from _net.NETS
    roam: tuple[str, ...]  # where the person works from besides home
    cli: str
    browser: str

    @property
    def email(self) -> str:
        return f"{self.name}@{DOMAIN}"


CREWS = (
    Person(
        "lena.hartmann",
        "FieldProduction",
        "Europe/Berlin",
        "home_de",
        ("mob_voda_de", "mob_o2_de", "hotel_dtag_de", "satellite", "mob_kpn_nl"),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "jonas.becker",
        "FieldProduction",
        "Europe/Berlin",
        "home_de",
        ("mob_o2_de", "hotel_dtag_de", "mob_tim_it", "satellite"),
        CLI_WIN,
        BROWSER_WIN,
    ),
    Person(
        "aoife.brennan",
        "FieldProduction",
        "Europe/Dublin",
        "home_ie",
        ("mob_voda_ie", "mob_three_ie", "hotel_bt_uk", "mob_three_uk"),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "ciaran.walsh",
        "FieldProduction",
        "Europe/Dublin",
        "home_ie",
        ("mob_three_ie", "mob_voda_ie", "satellite", "hotel_proximus_be"),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "priya.shah",
        "FieldProduction",
        "Europe/London",
        "home_uk",
        ("mob_three_uk", "mob_o2_uk", "hotel_bt_uk", "hotel_orange_fr", "mob_bouygues_fr"),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "tom.fletcher",
        "FieldProduction",
        "Europe/London",
        "home_uk",
        ("mob_o2_uk", "mob_three_uk", "satellite", "hotel_movistar_es", "mob_voda_es"),
        CLI_WIN,
        BROWSER_WIN,
    ),
    Person(
        "marta.nowak",
        "FieldProduction",
        "Europe/Berlin",
        "home_de",
        ("mob_voda_de", "mob_o2_de", "hotel_proximus_be", "mob_kpn_nl"),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "felix.wagner",
        "FieldProduction",
        "Europe/Berlin",
        "home_de",
        ("mob_voda_de", "hotel_dtag_de", "satellite", "mob_tim_it"),
        CLI_WIN,
        BROWSER_WIN,
    ),
)
ADMINS = (
    Person(
        "sven.krause",
        "PlatformAdmin",
        "Europe/Berlin",
        "home_de",
        ("fra_office",),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "niamh.oconnor",
        "PlatformAdmin",
        "Europe/Dublin",
        "home_ie",
        ("dub_office",),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "raj.patel",
        "PlatformAdmin",
        "Europe/London",
        "home_uk",
        ("lon_broadcast",),
        CLI_LINUX,
        BROWSER_WIN,
    ),
)
SECURITY = (
    Person(
        "katrin.vogel",
        "SecurityAudit",
        "Europe/Berlin",
        "fra_office",
        ("home_de",),
        CLI_MAC,
        BROWSER_MAC,
    ),
    Person(
        "owen.hughes",
        "SecurityAudit",
        "Europe/London",
        "lon_broadcast",
        ("home_uk",),
        CLI_LINUX,
        BROWSER_WIN,
    ),
)

# on-premises encoders in the broadcast centres: IAM users with long-lived keys
ENCODERS = (
    ("enc-fra-01", "fra_broadcast", 0),
    ("enc-fra-02", "fra_broadcast", 1),
    ("enc-lon-01", "lon_broadcast", 0),
)

# pipeline Lambdas of media-prod: function -> (runtime UA, calls per hour at base, APIs)
PIPELINE = {
    "ingest-trigger": (
        "py",
        5,
        ("mediaconvert:DescribeEndpoints", "states:StartExecution", "s3:HeadObject"),
    ),
    "mc-submit": (
        "py",
        4,
        ("mediaconvert:CreateJob", "mediaconvert:GetJob", "mediaconvert:GetJobTemplate"),
    ),
    "package-publish": (
        "py",
        3,
        (
            "mediapackage-vod:CreateAsset",
            "mediapackage-vod:DescribeAsset",
            "s3:PutObject",
            "dynamodb:PutItem",
        ),
    ),
    "thumbnails": ("node", 4, ("s3:GetObject", "s3:PutObject", "rekognition:DetectLabels")),
    "cdn-invalidate": ("node", 1, ("cloudfront:CreateInvalidation", "cloudfront:GetInvalidation")),
}
BUCKETS = {
    "contribution": "auralis-contribution-fra",
    "masters": "auralis-masters-euc1",
    "origin": "auralis-vod-origin-euc1",
    "subtitles": "auralis-subtitles-exchange",
    "adlogs": "auralis-adlogs-export",
}
CHANNELS = ("das-erste-stream", "auralis-news-24", "auralis-sport-1", "kids-fast", "doku-fast")
