"""Spindrift Pictures, a visual-effects and animation studio in Montreal and Vancouver: its
accounts, regions, networks, people, roles and the clients they call AWS with.

The render farm runs on EC2 Spot through AWS Thinkbox Deadline (the Remote Connection Server's
Spot Event Plugin asks Spot Fleet for workers; each worker lives an hour or three on one
instance profile); artists work on Amazon WorkSpaces and publish with the studio's pipeline
tool; frames live in S3 and on FSx for Lustre; freelancers from India and the UK join per show
through IAM Identity Center; finished shots go to distributors' buckets in their own accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.heldout32.records import Role, User

MGMT = "418273650192"  # spindrift-management: Organizations, Identity Center (ca-central-1)
STUDIO = "527361940283"  # spindrift-studio: WorkSpaces, FSx, frames buckets, pipeline
RENDER = "639402857164"  # spindrift-render: Deadline RCS, Spot Fleet workers
DELIVERY = "740518263975"  # spindrift-delivery: deliveries to distributors, QC pulls
BURST = "851627304986"  # spindrift-burst: the render vendor's burst account, joins when scored
ACCOUNTS = (MGMT, STUDIO, RENDER, DELIVERY, BURST)

DISTRIBUTOR = "903847561027"  # Northwind Distribution, the delivery bucket's owner
NEW_DISTRIBUTOR = "274619830551"  # Harbourlight Streaming, a new distributor (B5)
ASSESSOR = "318475926048"  # the TPN content-security assessor's account (B10)
PROBER = "667788990011"  # an account that tries the QC pull role without its external id (A11)

HOME = "ca-central-1"
WEST = "us-west-2"
EAST = "us-east-1"

SSO_PROVIDER = "arn:aws:iam::{account}:saml-provider/AWSSSO_7c41e2b09d3f5a18_DO_NOT_DELETE"
SSO_IDS = {
    "ArtistAccess": "4f1c2a9e7b3d6e05",
    "FreelancerArtist": "8b2e6d0c4a7f1e93",
    "PipelineTD": "1d7a5c3e9b0f2468",
    "RenderWrangler": "6e3b9f1a2c8d4057",
    "AdministratorAccess": "b05e8c2d7f4a1963",
    "ReadOnlyAccess": "2c9d4e7a1b6f3085",
}


def sso_role(account: str, permission_set: str) -> Role:
    return Role(
        account,
        f"AWSReservedSSO_{permission_set}_{SSO_IDS[permission_set]}",
        "AROA" + (SSO_IDS[permission_set].upper() + account)[:17].replace("0", "Q"),
        path="/aws-reserved/sso.amazonaws.com/",
    )


def sso_principal(account: str, permission_set: str, user: str) -> str:
    """How ``ueba`` is documented to name an Identity Center session: the person's session ARN."""
    return sso_role(account, permission_set).session_arn(user)


# roles of workloads
WORKER = Role(RENDER, "DeadlineWorkerInstanceRole", "AROAZ4K7M2Q9WORKR1X")
RCS = Role(RENDER, "DeadlineRCSInstanceRole", "AROAZ4K7M2Q9RCSSRV2")
SPOT_SLR = Role(
    RENDER,
    "AWSServiceRoleForEC2SpotFleet",
    "AROAZ4K7M2Q9SPOTSLR",
    path="/aws-service-role/spotfleet.amazonaws.com/",
)
BURST_WORKER = Role(BURST, "DeadlineWorkerInstanceRole", "AROAW8N3B5XBURSTW1")
BURST_SLR = Role(
    BURST,
    "AWSServiceRoleForEC2SpotFleet",
    "AROAW8N3B5XBSPOTSL",
    path="/aws-service-role/spotfleet.amazonaws.com/",
)
THUMBS = Role(STUDIO, "thumbnail-maker-role", "AROAQ2J6H8THUMBLMB")
REVIEW = Role(STUDIO, "review-portal-task-role", "AROAQ2J6H8REVIEWTK")
DELIVER = Role(DELIVERY, "delivery-dispatch-task-role", "AROAV5C1D9DELIVTSK")
QC_PULL = Role(DELIVERY, "DistributorQCPull", "AROAV5C1D9QCPULLRL")
TPN = Role(STUDIO, "TPNAssessorReadOnly", "AROAQ2J6H8TPNASSES")
CONFIG_SLR = "AWSServiceRoleForConfig"

SHOTGRID = User(STUDIO, "flow-event-daemon", "AIDAQ2J6H8FLOWEVD01", "AKIAQ2J6H8FLWD7N3KPE")
RENDER_SUBMIT = User(RENDER, "render-submit-ci", "AIDAZ4K7M2QRSUBMIT9", "AKIAZ4K7M2QRSB5V2XLM")

FRAMES = "spindrift-frames-yul"  # the show's frames (studio account, ca-central-1)
PLATES = "spindrift-plates-yul"
PROXIES = "spindrift-review-proxies"
MASTERS = "spindrift-delivery-masters"  # finished shots (delivery account, us-east-1)
DIST_BUCKET = "northwind-vendor-ingest-spindrift"
NEW_DIST_BUCKET = "harbourlight-vfx-ingest"
RENDER_CACHE = "spindrift-render-cache-usw2"

# networks: (address prefix for the hosts used, ASN, organisation, country, city, lat, lon)
NETS: dict[str, tuple[str, int, str, str, str, float, float]] = {
    "studio_dx": ("47.54.90.", 577, "Bell Canada", "CA", "Montreal", 45.50, -73.57),
    "studio_backup": ("24.37.14.", 5769, "Videotron Ltee", "CA", "Montreal", 45.50, -73.57),
    "yvr_office": (
        "23.16.41.",
        852,
        "TELUS Communications Inc.",
        "CA",
        "Vancouver",
        49.28,
        -123.12,
    ),
    "home_mtl": ("24.48.33.", 5769, "Videotron Ltee", "CA", "Montreal", 45.52, -73.60),
    "home_mtl_bell": ("47.54.21.", 577, "Bell Canada", "CA", "Laval", 45.58, -73.75),
    "home_yvr": ("23.17.118.", 852, "TELUS Communications Inc.", "CA", "Burnaby", 49.25, -122.98),
    "in_airtel": ("27.57.102.", 24560, "Bharti Airtel Limited", "IN", "Pune", 18.52, 73.86),
    "in_act": (
        "49.204.77.",
        24309,
        "Atria Convergence Technologies Pvt. Ltd.,",
        "IN",
        "Bengaluru",
        12.97,
        77.59,
    ),
    "uk_bt": ("5.80.144.", 2856, "British Telecommunications PLC", "GB", "London", 51.51, -0.13),
    "uk_virgin": ("62.30.87.", 5089, "Virgin Media Limited", "GB", "Manchester", 53.48, -2.24),
    "starlink": (
        "65.181.6.",
        14593,
        "Space Exploration Technologies Corporation",
        "IS",
        "Vik",
        63.42,
        -19.01,
    ),
    "vultr": ("5.102.113.", 20473, "The Constant Company, LLC", "CA", "Toronto", 43.65, -79.38),
    "digitalocean": ("24.144.90.", 14061, "DigitalOcean, LLC", "US", "North Bergen", 40.79, -74.02),
    "hetzner": ("5.75.141.", 24940, "Hetzner Online GmbH", "DE", "Falkenstein", 50.48, 12.37),
    "m247": ("2.57.29.", 9009, "M247 Europe SRL", "CA", "Montreal", 45.50, -73.57),
    "residential_us": ("12.0.43.", 7018, "AT&T Enterprises, LLC", "US", "Dallas", 32.78, -96.80),
    "datacamp": ("79.127.166.", 60068, "Datacamp Limited", "CA", "Toronto", 43.65, -79.38),
    "contabo": ("5.189.135.", 51167, "Contabo GmbH", "DE", "Nuremberg", 49.45, 11.08),
    "ovh_tor": ("5.39.70.", 16276, "OVH SAS", "FR", "Roubaix", 50.69, 3.17),
}
# AWS addresses (EC2 prefixes of the bundled ip-ranges.json): NAT gateways, Lambda, Fargate
AWS_NETS = {
    "yul_nat": "15.222.31.",  # studio VPC NAT gateways (WorkSpaces, RCS, FSx clients)
    "yul_nat2": "15.223.8.",  # render VPC NAT gateways (workers in ca-central-1)
    "usw2_nat": "54.148.62.",  # render VPC in us-west-2
    "use1_nat": "52.4.118.",  # delivery VPC in us-east-1; the crunch's new render region
    "use1_other": "52.6.203.",  # another AWS customer's instance (A9)
    "burst_nat": "54.149.17.",  # the burst account's us-west-2 VPC
    "dist_nat": "52.7.44.",  # the distributor's QC pipeline (its own account, us-east-1)
    "assessor_nat": "52.5.71.",  # the TPN assessor's tooling (its own account, us-east-1)
}

THREAT = ("5.39.70.0/24", "5.189.135.17/32")  # a Tor exit block and a known miner C2 host


def ip(net: str, host: int) -> str:
    prefix = NETS[net][0] if net in NETS else AWS_NETS[net]
    return f"{prefix}{host}"


@dataclass(frozen=True)
class Person:
    user: str  # Identity Center user name (the session name)
    permission_set: str
    account: str
    home: str  # network of their home line
    client: str  # user agent of their everyday client
    office: str = "studio_dx"
    region: str = HOME


CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
EDGE_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
CLI_MAC = (
    "aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off"
)
CLI_MAC_NEW = (
    "aws-cli/2.22.12 md/awscrt#0.23.4 ua/2.0 os/macos#24.2.0 md/arch#arm64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off"
)
CLI_LINUX = (
    "aws-cli/2.21.3 md/awscrt#0.22.0 ua/2.0 os/linux#5.14.0-427.42.1.el9_4.x86_64 "
    "md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython md/distrib#rocky.9 "
    "cfg/retry-mode#standard md/installer#exe md/prompt#off"
)
TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) "
    "terraform-provider-aws/5.76.0 (+https://registry.terraform.io/providers/hashicorp/aws) "
    "aws-sdk-go-v2/1.32.4 ua/2.1 os/macos lang/go#1.23.2 md/GOOS#darwin md/GOARCH#arm64"
)
PUBLISH = (
    "Boto3/1.35.24 md/Botocore#1.35.24 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 "
    "md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.24 spindrift-publish/4.2.1"
)
SYNC_WIN = (
    "Boto3/1.35.24 md/Botocore#1.35.24 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 "
    "md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.24 spindrift-sync/2.3.0"
)
SYNC_MAC = (
    "Boto3/1.35.24 md/Botocore#1.35.24 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.11.9 "
    "md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.24 spindrift-sync/2.3.0"
)
DEADLINE_OLD = (
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.10.13 md/pyimpl#CPython cfg/retry-mode#legacy "
    "Botocore/1.34.69 Deadline/10.3.2.1"
)
DEADLINE_NEW = (
    "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.229-222.889.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.10.15 md/pyimpl#CPython cfg/retry-mode#standard "
    "Botocore/1.35.36 Deadline/10.4.0.10"
)
RCS_UA = (
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.14.0-427.42.1.el9_4.x86_64 "
    "md/arch#x86_64 lang/python#3.10.13 md/pyimpl#CPython cfg/retry-mode#legacy "
    "Botocore/1.34.69 DeadlineSpotEventPlugin/10.3.2.1"
)
RCS_UA_NEW = RCS_UA.replace("10.3.2.1", "10.4.0.10").replace("1.34.69", "1.35.36")
FLOW_UA = "Boto3/1.26.165 Python/3.9.18 Linux/4.18.0-513.24.1.el8_9.x86_64 Botocore/1.29.165"
LAMBDA_UA = (
    "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
    "cfg/retry-mode#legacy Botocore/1.34.145"
)
FARGATE_UA = (
    "aws-sdk-js/3.645.0 ua/2.1 os/linux#5.10.226-214.879.amzn2.x86_64 lang/js md/nodejs#20.17.0 "
    "api/s3#3.645.0 exec-env/AWS_ECS_FARGATE m/E"
)
DELIVERY_UA = (
    "aws-sdk-go-v2/1.30.3 ua/2.1 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 "
    "exec-env/AWS_ECS_FARGATE api/s3#1.58.2"
)
# the other side's clients
DIST_QC_UA = (
    "aws-sdk-java/2.28.16 Linux/6.1.112-124.190.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS "
    "Java/21.0.5 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/adaptive"
)
KALI_CLI = (
    "aws-cli/2.19.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.12.7 "
    "md/pyimpl#CPython md/distrib#kali.2024 cfg/retry-mode#standard md/installer#exe md/prompt#off"
)
PACU_UA = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.5.0-1025-aws md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54"
GO_MINER = "aws-sdk-go/1.55.5 (go1.22.6; linux; amd64)"
SUBMIT_UA = "aws-cli/1.33.9 Python/3.9.18 Linux/4.18.0-513.24.1.el8_9.x86_64 botocore/1.34.9"
PROWLER_UA = (
    "Boto3/1.35.66 md/Botocore#1.35.66 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 "
    "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard "
    "Botocore/1.35.66 prowler/4.6.1"
)


def people(scale: float) -> list[Person]:
    """The studio's staff and the current show's freelancers."""
    out = [
        Person("mtremblay", "AdministratorAccess", MGMT, "home_mtl_bell", CHROME_MAC),
        Person("kokafor", "AdministratorAccess", STUDIO, "home_mtl", TERRAFORM),
        Person("jleblanc", "PipelineTD", STUDIO, "home_mtl", CLI_MAC),
        Person("sgill", "PipelineTD", STUDIO, "home_yvr", CLI_MAC, office="yvr_office"),
        Person("apoirier", "RenderWrangler", RENDER, "home_mtl", CLI_LINUX),
        Person("dnguyen", "RenderWrangler", RENDER, "home_yvr", CLI_LINUX, office="yvr_office"),
        Person("rcampbell", "ReadOnlyAccess", DELIVERY, "home_mtl_bell", EDGE_WIN, region=EAST),
        Person("lbergeron", "ReadOnlyAccess", STUDIO, "home_mtl", CHROME_MAC),
    ]
    artists = max(6, round(40 * scale))
    for n in range(artists):
        out.append(Person(f"artist{n:02d}", "ArtistAccess", STUDIO, "home_mtl", PUBLISH))
    freelancers = [
        ("priya.nair", "in_airtel", SYNC_WIN),
        ("arjun.mehta", "in_act", SYNC_WIN),
        ("kavya.rao", "in_airtel", SYNC_MAC),
        ("tom.whitley", "uk_bt", SYNC_MAC),
        ("nadia.hussain", "uk_virgin", SYNC_WIN),
        ("ollie.barnes", "uk_bt", SYNC_WIN),
    ]
    for user, home, client in freelancers:
        out.append(Person(user, "FreelancerArtist", STUDIO, home, client, office=home))
    return out
