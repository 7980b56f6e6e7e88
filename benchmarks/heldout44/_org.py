"""Chao Phraya Cold Chain Co., Ltd.: a refrigerated trucking and cold-storage company in Bangkok
(UTC+7), its AWS accounts under Organizations, its people and its workloads, sized by ``scale``."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from benchmarks.heldout44._trail import Ids

MGMT, PROD, DATA, SEC, MEKONG = (
    "318400000011",
    "318400000122",
    "318400000233",
    "318400000344",
    "318400000455",
)
ACCOUNTS = (MGMT, PROD, DATA, SEC, MEKONG)
HOME = "ap-southeast-7"  # Asia Pacific (Thailand)
SSO_REGION = "ap-southeast-1"
SSO_PATH = f"/aws-reserved/sso.amazonaws.com/{SSO_REGION}/"
SSO_PROVIDER = "AWSSSO_5b1e0c9d2f7a4e31_DO_NOT_DELETE"
BITBUCKET = "api.bitbucket.org/2.0/workspaces/chaophraya/pipelines-config/identity/oidc"
DATADOG_ACCOUNT, VANTA_ACCOUNT = "464622532012", "956993596390"

CLI = "aws-cli/2.{m}.{p} md/awscrt#0.19.19 ua/2.0 os/{os} md/arch#x86_64 lang#python/3.11.{m} md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe"
CONSOLE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
MAC_CONSOLE = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"
SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0"
TELEMETRY = "Boto3/1.34.{p} md/Botocore#1.34.{p} ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.{p}"
DISPATCH = "aws-sdk-java/2.{v} Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS Java/17.0.12 vendor/Amazon.com_Inc. md/io#sync md/http#Apache ua/2.1 exec-env/AWS_ECS_FARGATE"
LAMBDA_NODE = "aws-sdk-js/3.620.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.17.0 exec-env/AWS_Lambda_nodejs20.x api/{api}#3.620.0"
GLUE = "aws-sdk-java/1.12.720 Linux/5.10 OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402 scala/2.12.18 vendor/Amazon.com_Inc. exec-env/AWS_Glue"
BITBUCKET_UA = "aws-cli/2.17.{p} md/awscrt#0.20.11 ua/2.0 os/linux#5.15.0-1066-aws md/arch#x86_64 lang#python/3.11.9 md/pyimpl#CPython exec-env/Bitbucket-Pipelines cfg/retry-mode#standard"
WMS = "aws-cli/1.29.62 Python/3.8.10 Windows/10 botocore/1.31.62"
GPS_VENDOR = (
    "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/s3#1.58.2"
)
DATADOG_UA = "Datadog AWS Integration, aws-sdk-go-v2/1.30.4 os/linux lang/go#1.22.6"
VANTA_UA = "aws-sdk-js/3.637.0 ua/2.1 os/linux#5.10 lang/js md/nodejs#20.15.1 api/iam#3.637.0 Vanta"
JENKINS = "aws-cli/1.22.34 Python/3.8.10 Linux/5.4.0-150-generic botocore/1.23.34"
BEDROCK_POC = "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/macos#23.3.0 md/arch#arm64 lang/python#3.12.2 md/pyimpl#CPython Botocore/1.34.51"


@dataclass
class Person:
    name: str
    email: str
    team: str  # platform, ops, data, finance, security, exec
    home: str  # a block of _net.BLOCKS
    sets: tuple[str, ...]  # Identity Center permission sets
    console: bool  # works in the console more than the CLI
    agent: str = ""
    saturday: bool = False  # the ops desk works Saturday mornings


@dataclass
class Workload:
    role: str
    account: str
    role_id: str
    members: list[str] = field(default_factory=list)  # instance / task IDs or function names


@dataclass
class Org:
    people: list[Person]
    sets: dict[tuple[str, str], str]  # (permission set, account) -> role name
    role_ids: dict[str, str]
    telemetry: Workload
    dispatch: Workload
    functions: Workload
    keys: dict[str, tuple[str, str, str]]  # IAM user -> (account, principal ID, AKIA key)

    def sets_arn(self, pset: str, account: str) -> str:
        """The IAM role of permission set ``pset`` in ``account``."""
        return f"arn:aws:iam::{account}:role{SSO_PATH}{self.sets[(pset, account)]}"


PEOPLE = [
    ("Somchai Wongsakul", "platform", "true_home", ("PlatformAdmin",), False),
    ("Nattapong Srisuk", "platform", "ais_fibre", ("PlatformAdmin",), False),
    ("Kittipat Boonmee", "platform", "3bb_home", ("PlatformAdmin",), False),
    ("Pimchanok Rattanakorn", "platform", "true_home", ("PlatformAdmin",), False),
    ("Wanchai Thongdee", "ops", "office", ("OpsEngineer",), True),
    ("Supaporn Chaiyaporn", "ops", "office", ("OpsEngineer",), True),
    ("Anucha Kaewmanee", "ops", "ais_fibre", ("OpsEngineer",), False),
    ("Jiraporn Meesuk", "ops", "office", ("OpsEngineer",), True),
    ("Thanakorn Phromma", "data", "office", ("DataAnalyst",), True),
    ("Ratchanee Suwannarat", "data", "true_home", ("DataAnalyst",), False),
    ("Ekkachai Sangthong", "data", "office", ("DataAnalyst",), True),
    ("Duangjai Pansuwan", "data", "3bb_home", ("DataAnalyst",), False),
    ("Narumon Intharasombat", "data", "office", ("DataAnalyst",), True),
    ("Kanokwan Lertsiri", "finance", "office", ("Billing",), True),
    ("Phichit Yodkhao", "security", "ais_fibre", ("SecurityAudit", "ReadOnly"), False),
    ("Orawan Jantarasiri", "security", "office", ("SecurityAudit", "ReadOnly"), True),
    ("Prasert Limthongkul", "exec", "office", ("ReadOnly",), True),
    ("Sunisa Buranasiri", "ops", "3bb_home", ("OpsEngineer",), True),
]
SET_ACCOUNTS = {
    "PlatformAdmin": (PROD, DATA, MGMT),
    "OpsEngineer": (PROD,),
    "DataAnalyst": (DATA,),
    "Billing": (MGMT,),
    "SecurityAudit": (SEC, PROD),
    "ReadOnly": (PROD, MGMT),
    "DataPlatform": (DATA,),  # the reorganisation's new set (benign B9)
    "IncidentResponse": (SEC, PROD),  # the retained responders' set (benign B7)
}
USERS = {  # IAM users with long-term keys
    "wms-onprem-sync": PROD,
    "gps-vendor-uploader": PROD,
    "jenkins-legacy": PROD,
    "bedrock-poc": DATA,
    "prapai.acctfirm": MGMT,  # the outsourced bookkeeper's console login (MFA), kept from before SSO
}


def build(rng: random.Random, ids: Ids, scale: float) -> Org:
    """The organisation at ``scale``: at least two of each fleet, every person kept."""
    people = []
    for i, (name, team, home, sets, console) in enumerate(PEOPLE):
        first, last = name.lower().split()
        os = "Windows#10" if console else rng.choice(["Linux#6.8.0-49-generic", "Darwin#24.1.0"])
        agent = CLI.format(m=rng.randrange(15, 22), p=rng.randrange(1, 40), os=os)
        people.append(
            Person(
                name,
                f"{first}.{last[:3]}@chaophrayacold.co.th",
                team,
                home,
                sets,
                console,
                agent,
                saturday=team == "ops" and i % 2 == 0,
            )
        )
    sets = {
        (s, a): f"AWSReservedSSO_{s}_{ids.hex(16)}"
        for s, accts in SET_ACCOUNTS.items()
        for a in accts
    }
    role_ids = {role: ids.principal("AROA") for role in sorted(sets.values())}
    for role in (
        "cc-telemetry-ingest",
        "dispatch-api-task",
        "reefer-alarm-handler",
        "manifest-parser",
        "bitbucket-deploy",
        "DatadogIntegrationRole",
        "VantaAuditor",
        "glue-nightly-etl",
        "AWSServiceRoleForConfig",
        "AWSServiceRoleForECS",
        "AWSServiceRoleForAutoScaling",
        "OrganizationAccountAccessRole",
        "mekong-web",
        "stacksets-exec-4e2b1c",
    ):
        role_ids[role] = ids.principal("AROA")
    fleet = max(2, round(8 * scale))
    tasks = max(2, round(6 * scale))
    telemetry = Workload("cc-telemetry-ingest", PROD, role_ids["cc-telemetry-ingest"])
    telemetry.members = [f"i-0{ids.hex(16)}" for _ in range(fleet)]
    dispatch = Workload("dispatch-api-task", PROD, role_ids["dispatch-api-task"])
    dispatch.members = [ids.hex(32) for _ in range(tasks)]
    functions = Workload("lambda", PROD, "")
    functions.members = ["reefer-alarm-handler", "manifest-parser"]
    keys = {u: (a, ids.principal("AIDA"), ids.key("AKIA")) for u, a in USERS.items()}
    return Org(people, sets, role_ids, telemetry, dispatch, functions, keys)
