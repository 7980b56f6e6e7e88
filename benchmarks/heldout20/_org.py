"""Halloran Whitcombe LLP: a global law firm in London (``eu-west-2``) and New York
(``us-east-1``). Accounts: practice systems, e-discovery, client extranet, shared services
(Managed Microsoft AD, WorkSpaces, FSx, the Terraform runner), security; the merged firm's
account joins on the second scored day."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from benchmarks.heldout20._actors import Actor, Fleet, Function, Person, Poller, Transfer, User
from benchmarks.heldout20._net import Net
from benchmarks.heldout20._trail import Ids, Who

ACCOUNTS = {
    "practice": "518274039116",
    "ediscovery": "518274039227",
    "extranet": "518274039338",
    "shared": "518274039449",
    "security": "518274039550",
    "merged": "730491826604",
}
MDR_VENDOR = "922871640035"
OUTSIDE = "401177235986"  # the attackers' own AWS account

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
EDGE = CHROME.replace("Safari/537.36", "Safari/537.36 Edg/130.0.2849.68")
SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15"
CLI_WIN = "aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.ls"
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.2 ua/2.0 os/linux lang/go#1.23.2"
MDR_UA = "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#5.10.227 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#adaptive Botocore/1.34.144 mdr-collector/4.2"
NODE = "aws-sdk-js/3.682.0 ua/2.1 os/linux#5.10.226 lang/js md/nodejs#20.18.0 api/dynamodb#3.682.0 exec-env/AWS_Lambda_nodejs20.x"

READS = [
    ("s3", "ListBuckets", 1),
    ("s3", "GetBucketLocation", 1),
    ("cloudtrail", "LookupEvents", 0.5),
]
EDISCOVERY = [
    ("s3", "GetObject", 10),
    ("s3", "PutObject", 6),
    ("s3", "HeadObject", 3),
    ("textract", "StartDocumentTextDetection", 2),
    ("textract", "GetDocumentTextDetection", 4),
    ("comprehend", "DetectEntities", 2),
    ("comprehend", "DetectPiiEntities", 1),
    ("states", "SendTaskSuccess", 2),
    ("states", "SendTaskHeartbeat", 1),
    ("kms", "GenerateDataKey", 2),
    ("kms", "Decrypt", 3),
    ("sqs", "ReceiveMessage", 3),
    ("sqs", "DeleteMessage", 2),
    ("ssm", "UpdateInstanceInformation", 0.4),
    ("ec2messages", "GetMessages", 0.6),
    ("logs", "PutLogEvents", 2),
]
PEOPLE_APIS = {
    "okta-FeeEarners": [
        ("s3", "ListObjectsV2", 4),
        ("s3", "GetObject", 5),
        ("workspaces", "DescribeWorkspaces", 1),
        ("fsx", "DescribeFileSystems", 0.3),
        ("quicksight", "GetDashboardEmbedUrl", 1),
    ],
    "okta-LitSupport": [
        ("s3", "ListObjectsV2", 4),
        ("s3", "GetObject", 3),
        ("s3", "PutObject", 2),
        ("states", "StartExecution", 1),
        ("states", "DescribeExecution", 2),
        ("textract", "GetDocumentAnalysis", 1),
        ("es", "DescribeDomain", 0.5),
        ("s3", "GetObjectRetention", 1),
    ],
    "okta-PracticeSupport": [
        ("transfer", "ListUsers", 2),
        ("transfer", "DescribeUser", 2),
        ("transfer", "DescribeServer", 1),
        ("s3", "ListObjectsV2", 3),
        ("workspaces", "DescribeWorkspaces", 1),
        ("ds", "DescribeDirectories", 0.5),
    ],
    "okta-ITAdmins": [
        ("workspaces", "DescribeWorkspaces", 3),
        ("workspaces", "RebootWorkspaces", 0.5),
        ("ds", "DescribeDirectories", 2),
        ("ds", "DescribeTrusts", 0.5),
        ("fsx", "DescribeFileSystems", 1),
        ("ec2", "DescribeInstances", 2),
        ("cloudwatch", "GetMetricData", 2),
        ("iam", "ListRoles", 0.5),
        ("workspaces", "DescribeIpGroups", 0.5),
        ("ssm", "StartSession", 0.3),
    ],
    "okta-Billing": [
        ("athena", "StartQueryExecution", 2),
        ("athena", "GetQueryExecution", 4),
        ("athena", "GetQueryResults", 3),
        ("quicksight", "DescribeDashboard", 2),
        ("quicksight", "GetDashboardEmbedUrl", 1),
        ("glue", "GetTable", 1),
    ],
    "okta-SecOps": [
        ("guardduty", "ListFindings", 3),
        ("guardduty", "GetFindings", 3),
        ("securityhub", "GetFindings", 3),
        ("cloudtrail", "LookupEvents", 2),
        ("iam", "GetAccountAuthorizationDetails", 0.2),
        ("access-analyzer", "ListFindings", 1),
    ],
    "okta-Partners": [
        ("s3", "ListObjectsV2", 3),
        ("s3", "GetObject", 4),
        ("quicksight", "GetDashboardEmbedUrl", 2),
    ],
}
EXTRANET_API = [
    ("dynamodb", "GetItem", 6),
    ("dynamodb", "Query", 4),
    ("dynamodb", "PutItem", 1),
    ("s3", "GetObject", 3),
    ("kms", "Decrypt", 2),
    ("cognito-idp", "AdminGetUser", 1),
]
BILLING_EXPORT = [
    ("athena", "StartQueryExecution", 2),
    ("athena", "GetQueryExecution", 5),
    ("athena", "GetQueryResults", 2),
    ("s3", "PutObject", 2),
    ("glue", "GetTable", 1),
]
PURGE = [
    ("s3", "GetObjectRetention", 3),
    ("s3", "ListObjectsV2", 2),
    ("states", "SendTaskSuccess", 1),
]
# (name, role, account, where: ws | office | home, office city)
PEOPLE = [
    ("eleanor.hart", "okta-Partners", "practice", "ws", "lon"),
    ("marcus.bell", "okta-Partners", "practice", "ws", "nyc"),
    ("amelia.shore", "okta-FeeEarners", "practice", "ws", "lon"),
    ("tom.okoye", "okta-FeeEarners", "practice", "ws", "lon"),
    ("grace.liu", "okta-FeeEarners", "practice", "ws", "nyc"),
    ("daniel.reyes", "okta-FeeEarners", "practice", "ws", "nyc"),
    ("hannah.moss", "okta-FeeEarners", "practice", "ws", "lon"),
    ("sarah.okafor", "okta-LitSupport", "ediscovery", "office", "lon"),
    ("jamal.price", "okta-LitSupport", "ediscovery", "office", "nyc"),
    ("fiona.grant", "okta-PracticeSupport", "extranet", "office", "lon"),
    ("oliver.kent", "okta-ITAdmins", "shared", "office", "lon"),
    ("nina.petrov", "okta-ITAdmins", "shared", "home", "nyc"),
    ("raj.mehta", "okta-Billing", "practice", "office", "lon"),
    ("claire.dubois", "okta-SecOps", "security", "home", "lon"),
]


@dataclass
class Org:
    actors: dict[str, Actor] = field(default_factory=dict)
    nets: dict[str, list[Net]] = field(default_factory=dict)
    roles: dict[str, Who] = field(default_factory=dict)
    fee_earners: list[str] = field(default_factory=list)
    joins: int = 0  # the day index the merged firm's account joins

    def role(self, account: str, name: str, ids: Ids) -> Who:
        key = f"{account}/{name}"
        if key not in self.roles:
            self.roles[key] = Who(
                "role", ACCOUNTS[account], name, principal_id="AROA" + ids.token(17)
            )
        return self.roles[key]

    def add(self, actor: Actor) -> Actor:
        self.actors[actor.name] = actor
        return actor


def build(nets: dict[str, list[Net]], ids: Ids, rng: random.Random, joins: int) -> Org:
    org = Org(nets=nets, joins=joins)
    lon, nyc = nets["aws_lon"], nets["aws_nyc"]
    ws = {"lon": [lon[0]], "nyc": [nyc[0]]}  # the WorkSpaces directories' NAT gateways
    office = {"lon": nets["bt"][:1], "nyc": nets["verizon"][:1]}
    home = {"lon": nets["virgin"][:1], "nyc": nets["comcast"][:1]}
    provider = ids.token(28)
    for i, (name, role, account, where, city) in enumerate(PEOPLE):
        base = {"ws": ws, "office": office, "home": home}[where][city]
        hours = (8, 18) if city == "lon" else (13, 23)
        org.add(
            Person(
                name,
                org.role(account, role, ids),
                PEOPLE_APIS[role],
                rate=rng.randrange(25, 60),
                hours=hours,
                weekdays_only=True,
                ua=[CHROME, EDGE, SAFARI][i % 3] if where != "ws" else CHROME,
                nets=base,
                email=f"{name}@halloranwhitcombe.com",
                saml_provider=provider,
                cli_ua=CLI_WIN
                if role in ("okta-LitSupport", "okta-ITAdmins", "okta-SecOps")
                else "",
                region="eu-west-2" if city == "lon" else "us-east-1",
            )
        )
        if where == "ws":
            org.fee_earners.append(name)
    fleet = org.add(
        Fleet(
            "ediscovery-worker",
            org.role("ediscovery", "ediscovery-worker", ids),
            EDISCOVERY,
            rate=1500,
            nets=lon[1:4],
            instances=[f"i-0{ids.token(16).lower()}"[:19] for _ in range(5)],
        )
    )
    del fleet
    org.add(
        Fleet(
            "terraform-runner",
            org.role("shared", "terraform-runner", ids),
            [
                ("sts", "GetCallerIdentity", 1),
                ("ec2", "DescribeVpcs", 2),
                ("iam", "GetRole", 2),
                ("s3", "GetObject", 2),
                ("dynamodb", "GetItem", 1),
                ("dynamodb", "PutItem", 1),
                ("workspaces", "DescribeWorkspaceDirectories", 0.5),
                ("ds", "DescribeDirectories", 0.5),
            ],
            rate=120,
            nets=lon[4:5],
            instances=["i-0a4c71e93b2d58f06"],
            ua=TERRAFORM,
        )
    )
    # Lambda functions: (name, account, role, calls, calls a day, EC2 prefix, hours a key, client)
    functions = (
        ("extranet-api", "extranet", "extranet-api-lambda", EXTRANET_API, 420, 5, 2, NODE),
        (
            "matter-billing-export",
            "practice",
            "billing-export-lambda",
            BILLING_EXPORT,
            60,
            7,
            6,
            "",
        ),
        ("ediscovery-purge", "ediscovery", "ediscovery-purge-lambda", PURGE, 36, 8, 6, ""),
    )
    for name, account, role, apis, rate, first, every, ua in functions:
        function = Function(
            name,
            org.role(account, role, ids),
            apis,
            rate=rate,
            nets=lon[first : first + (2 if name == "extranet-api" else 1)],
            every=every,
        )
        function.ua = ua or function.ua
        org.add(function)
    org.add(
        Poller(
            "mdr-vendor",
            org.role("security", "mdr-readonly", ids),
            [
                ("guardduty", "ListFindings", 2),
                ("guardduty", "GetFindings", 2),
                ("securityhub", "GetFindings", 2),
                ("cloudtrail", "LookupEvents", 1),
                ("iam", "GenerateCredentialReport", 0.2),
                ("config", "DescribeComplianceByConfigRule", 1),
            ],
            rate=200,
            nets=nets["mdr"],
            ua=MDR_UA,
            vendor=MDR_VENDOR,
            external_id="hw-" + ids.token(12).lower(),
            denied=0.0,
        )
    )
    org.add(
        Transfer(
            "transfer-uploads",
            org.role("extranet", "transfer-client-uploads", ids),
            [("s3", "PutObject", 8), ("s3", "ListObjectsV2", 2), ("s3", "HeadObject", 1)],
            rate=30,
            hours=(9, 21),
            users=["meridian-bank", "carrow-opposing", "northgate-plc", "tsai-counsel"],
            denied=0.0,
        )
    )
    for user, role, account, net in (
        ("ext.lsc.jwalsh", "contractor", "ediscovery", nets["virgin"][1]),
        ("ext.lsc.pbrennan", "contractor", "ediscovery", nets["charter"][0]),
        ("ext.lsc.kmorgan", "contractor", "shared", nets["bt"][1]),
    ):
        del role
        org.add(
            User(
                user,
                Who("user", ACCOUNTS[account], user, principal_id="AIDA" + ids.token(17)),
                PEOPLE_APIS["okta-LitSupport"]
                + ([("ds", "DescribeDirectories", 1)] if account == "shared" else []),
                rate=rng.randrange(20, 40),
                hours=(9, 17) if net.country == "GB" else (14, 22),
                weekdays_only=True,
                ua=CLI_WIN,
                nets=[net],
                key=ids.key(long_lived=True),
                console=EDGE,
                region="eu-west-2" if net.country == "GB" else "us-east-1",
            )
        )
    return org
