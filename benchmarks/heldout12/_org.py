"""Borealis Grid Corporation: who exists, where they call from and with what client.

A North American electric utility (Toronto head office and control centre, an Ohio
subsidiary in Akron) on AWS Organizations, in ca-central-1 and us-east-2. Nothing here is
random: the accounts, roles, people, networks and user agents are fixed; ``_background``,
``_people``, ``_pipeline``, ``_changes`` and ``_attacks`` draw times and counts from a seeded
generator.

Addresses outside AWS come from blocks the bundled IP-to-ASN table gives to the named
operators (a test checks each block); AWS addresses from EC2 prefixes of the bundled
``ip-ranges.json`` for the two regions.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

DOMAIN = "borealisgrid.ca"
ORG_ID = "o-b7rq2kx9dm"
CA, US = "ca-central-1", "us-east-2"

ACCOUNTS = {
    "management": "731845602117",
    "security": "731845602240",
    "otdata": "731845602391",
    "gridiot": "731845602455",
    "tools": "731845602583",
    "outage": "731845602674",  # joins on the first scored day (Organizations CreateAccount)
}
# the accounts with their own trail from day one, and the regions each is active in
REGIONS = {
    "management": (CA,),
    "security": (CA, US),
    "otdata": (CA,),
    "gridiot": (CA, US),
    "tools": (CA,),
    "outage": (CA,),
}
SOC_VENDOR_ACCOUNT = "482916370518"  # the managed SOC's own account, outside the trail


@dataclass(frozen=True)
class Net:
    """A network: its operator, its ASN, a block of it and where it is."""

    name: str
    asn: int
    org: str
    block: str
    country: str
    city: str
    lat: float
    lon: float

    def at(self, n: int) -> str:
        """The ``n``-th address of the block (wrapping, never the network address)."""
        net = ipaddress.ip_network(self.block)
        return str(net.network_address + 1 + n % (net.num_addresses - 2))


# fmt: off
NETS = {
    n.name: n
    for n in (
        # Toronto head office and control centre; the Akron office; the Ontario data centre
        Net("hq", 6461, "Zayo Bandwidth", "64.124.4.0/22", "CA", "Toronto", 43.65, -79.38),
        Net("akron", 3356, "Level 3 Communications, Inc.", "4.14.40.192/26", "US", "Akron", 41.08, -81.52),
        Net("dc", 855, "Bell Canada", "47.54.24.0/21", "CA", "Mississauga", 43.59, -79.64),
        # substations and plants reaching AWS over their own uplinks
        Net("sub_north", 577, "Bell Canada", "47.54.88.0/21", "CA", "Sudbury", 46.49, -80.99),
        Net("sub_east", 5769, "Videotron Ltee", "24.37.0.0/18", "CA", "Ottawa", 45.42, -75.7),
        Net("sub_ohio", 20057, "AT&T Enterprises, LLC", "12.72.0.0/18", "US", "Canton", 40.8, -81.38),
        # homes
        Net("home_bell", 577, "Bell Canada", "47.54.96.0/20", "CA", "Toronto", 43.7, -79.42),
        Net("home_vid", 5769, "Videotron Ltee", "24.37.128.0/17", "CA", "Montreal", 45.5, -73.57),
        Net("home_shaw", 6327, "Shaw Communications", "24.64.0.0/15", "CA", "Calgary", 51.05, -114.07),
        Net("home_eastlink", 11260, "EastLink", "24.89.192.0/18", "CA", "Barrie", 44.39, -79.69),
        Net("home_comcast", 7922, "Comcast Cable Communications, LLC", "23.24.0.0/16", "US", "Cleveland", 41.5, -81.69),
        Net("home_rcn", 6079, "RCN", "9.142.128.0/18", "US", "Akron", 41.08, -81.52),
        # cellular: storm crews in trucks
        Net("cell_telus", 852, "TELUS Communications Inc.", "23.16.0.0/15", "CA", "Ontario", 44.3, -78.32),
        Net("cell_rogers", 812, "Rogers Communications Canada Inc.", "9.232.0.0/20", "CA", "Ontario", 44.23, -76.49),
        Net("cell_tmobile", 21928, "T-Mobile USA, Inc.", "24.221.0.0/16", "US", "Ohio", 40.42, -82.91),
        Net("cell_verizon", 22394, "Verizon Business", "63.40.0.0/14", "US", "Ohio", 39.96, -83.0),
        # the managed SOC: analysts' office and its automation on Azure
        Net("soc_office", 174, "Cogent Communications", "5.157.72.0/21", "US", "Dallas", 32.78, -96.8),
        Net("soc_azure", 8075, "Microsoft Corporation", "4.150.0.0/16", "US", "San Antonio", 29.42, -98.49),
        # a hotel a travelling field engineer stays at (Florida)
        Net("hotel", 22773, "Cox Communications Inc.", "23.250.128.0/17", "US", "Orlando", 28.54, -81.38),
        # attackers
        Net("vultr", 20473, "The Constant Company, LLC", "5.102.112.0/22", "NL", "Amsterdam", 52.37, 4.9),
        Net("ovh", 16276, "OVH SAS", "5.39.0.0/17", "FR", "Roubaix", 50.69, 3.17),
        Net("linode", 63949, "Akamai Technologies, Inc.", "23.92.16.0/20", "US", "Newark", 40.74, -74.17),
        Net("contabo", 51167, "Contabo GmbH", "5.189.128.0/18", "DE", "Nuremberg", 49.45, 11.08),
        Net("digitalocean", 14061, "DigitalOcean, LLC", "5.101.96.0/20", "GB", "London", 51.51, -0.13),
        Net("m247", 9009, "M247 Europe SRL", "2.57.68.0/22", "RO", "Bucharest", 44.43, 26.1),
    )
}
# fmt: on
HOSTING = ("vultr", "ovh", "linode", "contabo", "digitalocean", "m247")

# EC2 prefixes of the bundled ip-ranges.json that AWS-side addresses come from
AWS_BLOCKS = {CA: ("15.222.0.0/15", "35.182.0.0/15"), US: ("18.191.0.0/16", "3.132.0.0/14")}
AWS_GEO = {CA: ("CA", "Montreal", 45.50, -73.57), US: ("US", "Columbus", 39.96, -83.00)}
WORKSPACES_NAT = "35.183.12.40"  # the field engineers' WorkSpaces egress (a NAT gateway in CA)


def aws_addr(region: str, n: int) -> str:
    """An EC2 address of ``region`` (deterministic in ``n``)."""
    blocks = AWS_BLOCKS[region]
    net = ipaddress.ip_network(blocks[n % len(blocks)])
    return str(net.network_address + 256 + (n * 7919) % (net.num_addresses - 512))


# ---- user agents ----------------------------------------------------------------------------
EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87"
MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
IPAD = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
CLI_WIN = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
CLI_MAC = "aws-cli/2.16.4 md/awscrt#0.20.9 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
CLI_WS = "aws-cli/2.13.15 Python/3.11.4 Windows/10 exe/AMD64 prompt/off command/{cmd}"  # WorkSpaces image
SAML2AWS = "aws-sdk-go/1.50.20 (go1.21.6; windows; amd64)"
PI_DOTNET = "aws-sdk-dotnet-coreclr/3.7.303.15 ua/2.0 os/windows#10.0.17763.0 md/arch#x64 lang/.NET_Core#6.0.27 md/aws-sdk-dotnet-core#3.7.303.1 cfg/retry-mode#legacy ClientAsync"
EDGE_GO = "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.21.7 md/GOOS#linux md/GOARCH#arm64 api/{api}"
LAMBDA_PY = "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.10.209-219.881.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.51"
LAMBDA_NODE = "aws-sdk-js/3.523.0 ua/2.0 os/linux#5.10.209-219.881.amzn2.x86_64 lang/js md/nodejs#20.11.1 api/{api} exec-env/AWS_Lambda_nodejs20.x"
EC2_PY = "Boto3/1.33.13 md/Botocore#1.33.13 ua/2.0 os/linux#6.1.72-96.166.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.33.13"
SSM_AGENT = "aws-sdk-go/1.44.260 (go1.20.7; linux; amd64) amazon-ssm-agent/3.3.40.0"
NOTEBOOK = "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#5.10.213-201.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.10.13 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57 sagemaker-notebook"
CODEBUILD_OLD = "aws-cli/2.13.25 Python/3.11.5 Linux/4.14.336-255.557.amzn2.x86_64 exec-env/CodeBuild exe/x86_64.amzn.2 prompt/off command/{cmd}"
CODEBUILD_NEW = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#5.10.220-209.869.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/CodeBuild cfg/retry-mode#standard md/installer#docker md/distrib#amzn.2023 md/prompt#off md/command#{cmd}"
SOC_BOTO = "Boto3/1.34.70 md/Botocore#1.34.70 ua/2.0 os/linux#6.5.0-1017-azure md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#adaptive Botocore/1.34.70"
PI_ARCHIVE = "aws-cli/1.18.147 Python/3.6.8 Windows/2012ServerR2 botocore/1.18.6"
OUTAGE_MAP = "aws-sdk-java/1.12.261 Linux/3.10.0-1160.el7.x86_64 OpenJDK_64-Bit_Server_VM/25.345-b01 java/1.8.0_345 vendor/Red_Hat,_Inc. cfg/retry-mode/standard"
JENKINS = "aws-cli/1.22.34 Python/3.8.10 Linux/5.4.0-150-generic botocore/1.23.34"


@dataclass(frozen=True)
class Person:
    """Someone who federates from Entra ID into the shared ``role`` of ``account``."""

    upn: str
    role: str
    account: str
    home: str  # a key of NETS
    office: str  # "hq", "akron", or "workspaces" (their CLI runs on an Amazon WorkSpace)
    browser: str
    cli: str
    tz_hours: int  # UTC offset in July
    cli_share: float  # of their calls, by the CLI
    apis: tuple[str, ...]


def _p(upn: str, role: str, account: str, home: str, office: str, **kw: object) -> Person:
    defaults: dict[str, object] = {
        "browser": EDGE,
        "cli": CLI_WIN,
        "tz_hours": -4,
        "cli_share": 0.4,
        "apis": (),
    }
    defaults.update(kw)
    return Person(f"{upn}@{DOMAIN}", role, ACCOUNTS[account], home, office, **defaults)  # type: ignore[arg-type]


OPS_APIS = (
    "iot:ListThings",
    "iot:DescribeThing",
    "iot:ListThingGroups",
    "kinesis:DescribeStreamSummary",
    "cloudwatch:GetMetricData",
    "logs:FilterLogEvents",
    "lambda:ListFunctions",
    "iot:GetTopicRule",
)
DATA_APIS = (
    "s3:ListBuckets",
    "s3:ListObjectsV2",
    "sagemaker:ListNotebookInstances",
    "sagemaker:DescribeNotebookInstance",
    "athena:StartQueryExecution",
    "athena:GetQueryResults",
    "glue:GetTables",
    "timestream:DescribeEndpoints",
)
PLATFORM_APIS = (
    "cloudformation:DescribeStacks",
    "codepipeline:GetPipelineState",
    "codebuild:BatchGetBuilds",
    "ec2:DescribeInstances",
    "iam:GetRole",
    "organizations:ListAccounts",
    "logs:FilterLogEvents",
    "ssm:GetParameter",
)
FIELD_APIS = (
    "s3:ListObjectsV2",
    "s3:GetObject",
    "workspaces:DescribeWorkspaces",
    "iot:DescribeThing",
    "cloudwatch:GetMetricData",
    "timestream:DescribeEndpoints",
)
SECOPS_APIS = (
    "guardduty:ListFindings",
    "guardduty:GetFindings",
    "securityhub:GetFindings",
    "config:DescribeAggregateComplianceByConfigRules",
    "cloudtrail:LookupEvents",
    "iam:ListRoles",
)
STORM_APIS = ("iot:DescribeThing", "iot:ListThings", "cloudwatch:GetMetricData", "s3:GetObject")
AUDIT_APIS = (
    "iam:ListUsers",
    "iam:GetAccountSummary",
    "organizations:ListAccounts",
    "config:DescribeConfigRules",
)

# fmt: off
PEOPLE = (
    _p("m.tremblay", "EntraID-GridOpsEngineer", "gridiot", "home_vid", "hq", apis=OPS_APIS),
    _p("j.okafor", "EntraID-GridOpsEngineer", "gridiot", "home_bell", "hq", apis=OPS_APIS, cli_share=0.6),
    _p("r.kowalski", "EntraID-GridOpsEngineer", "gridiot", "home_rcn", "akron", apis=OPS_APIS, cli=CLI_MAC, browser=MAC_CHROME),
    _p("a.nguyen", "EntraID-DataScientist", "otdata", "home_bell", "hq", apis=DATA_APIS, cli=CLI_MAC, browser=MAC_CHROME, cli_share=0.3),
    _p("s.fraser", "EntraID-DataScientist", "otdata", "home_eastlink", "hq", apis=DATA_APIS),
    _p("d.patel", "EntraID-PlatformAdmin", "tools", "home_bell", "hq", apis=PLATFORM_APIS, cli_share=0.7),
    _p("k.lindqvist", "EntraID-PlatformAdmin", "management", "home_shaw", "hq", apis=PLATFORM_APIS, tz_hours=-6),
    _p("t.mensah", "EntraID-SecurityAnalyst", "security", "home_vid", "hq", apis=SECOPS_APIS),
    _p("l.bouchard", "EntraID-FieldEngineer", "otdata", "home_vid", "workspaces", apis=FIELD_APIS, cli=CLI_WS),
    _p("g.harris", "EntraID-FieldEngineer", "otdata", "home_comcast", "workspaces", apis=FIELD_APIS, cli=CLI_WS),
    _p("p.wright", "EntraID-FieldEngineer", "otdata", "home_eastlink", "workspaces", apis=FIELD_APIS, cli=CLI_WS),
    _p("e.chen", "EntraID-ComplianceAuditor", "management", "home_bell", "hq", apis=AUDIT_APIS, cli_share=0.5),
    # storm-response supervisors: mostly the office, some days from a truck
    _p("b.mcallister", "EntraID-StormResponse", "gridiot", "home_eastlink", "hq", apis=STORM_APIS, browser=IPAD, cli_share=0.0),
    _p("c.dubois", "EntraID-StormResponse", "gridiot", "home_vid", "hq", apis=STORM_APIS, browser=IPAD, cli_share=0.0),
    _p("h.russo", "EntraID-StormResponse", "gridiot", "home_comcast", "akron", apis=STORM_APIS, browser=IPAD, cli_share=0.0),
)
# fmt: on
STORM_CELL = {"hq": ("cell_telus", "cell_rogers"), "akron": ("cell_tmobile", "cell_verizon")}
SAML_PROVIDER = "EntraID"


def saml_provider(account: str) -> str:
    return f"arn:aws:iam::{account}:saml-provider/{SAML_PROVIDER}"


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"
