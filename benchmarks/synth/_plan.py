"""The plan of the synthetic organisation: its networks, accounts, workloads and people.

The plan is drawn once from the seed; each day's events are then drawn from the plan and a
per-day generator, so any day can be produced alone and the same seed gives the same org.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

# ------------------------------------------------------------------------------------------
# Networks outside AWS. The CIDRs are outside every prefix of the bundled ip-ranges.json (a test
# checks it); the GeoIP/ASN database written by ``write_geoip_mmdb`` describes exactly these.
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Network:
    """A network of the IP plan and what the synthetic GeoIP database says about it."""

    name: str
    cidr: str
    asn: int
    as_org: str
    country: str
    city: str
    latitude: float
    longitude: float
    role: str  # home, office, travel, attacker, threat, aws

    @property
    def start(self) -> int:
        return int(ipaddress.ip_network(self.cidr).network_address)

    @property
    def size(self) -> int:
        return int(ipaddress.ip_network(self.cidr).num_addresses)


NETWORKS: tuple[Network, ...] = (
    Network(
        "comcast",
        "73.12.0.0/14",
        7922,
        "Comcast Cable Communications, LLC",
        "US",
        "Seattle",
        47.61,
        -122.33,
        "home",
    ),
    Network(
        "verizon", "71.160.0.0/12", 701, "Verizon Business", "US", "New York", 40.71, -74.01, "home"
    ),
    Network(
        "telekom",
        "79.192.0.0/10",
        3320,
        "Deutsche Telekom AG",
        "DE",
        "Berlin",
        52.52,
        13.40,
        "home",
    ),
    Network(
        "bt",
        "86.128.0.0/10",
        2856,
        "British Telecommunications PLC",
        "GB",
        "London",
        51.51,
        -0.13,
        "home",
    ),
    Network(
        "office",
        "38.100.20.0/24",
        174,
        "Cogent Communications",
        "US",
        "Seattle",
        47.61,
        -122.33,
        "office",
    ),
    Network("orange", "90.0.0.0/9", 3215, "Orange S.A.", "FR", "Paris", 48.86, 2.35, "travel"),
    Network(
        "charter",
        "66.108.0.0/15",
        20115,
        "Charter Communications",
        "US",
        "Denver",
        39.74,
        -104.99,
        "attacker",
    ),
    Network(
        "viettel", "27.64.0.0/12", 7552, "Viettel Group", "VN", "Hanoi", 21.03, 105.85, "attacker"
    ),
    Network(
        "hetzner",
        "95.216.0.0/15",
        24940,
        "Hetzner Online GmbH",
        "FI",
        "Helsinki",
        60.17,
        24.94,
        "attacker",
    ),
    Network(
        "m247",
        "185.156.72.0/22",
        9009,
        "M247 Europe SRL",
        "RO",
        "Bucharest",
        44.43,
        26.10,
        "threat",
    ),
)
NETWORK = {n.name: n for n in NETWORKS}

# The office's NAT address: CI/CD and people in the office leave through it.
OFFICE_NAT = NETWORK["office"].start + 10
# One address of the threat list (written by ``write_threat_list``).
THREAT_IP = NETWORK["m247"].start + 310

REGIONS = ("us-east-1", "eu-west-1")
FOREVER = 2**62
FOREIGN_AWS_REGION = "us-west-2"  # another account's EC2 host lives here


def _aws_prefixes() -> dict[str, list[tuple[int, int, str]]]:
    """EC2 prefixes (start, size, cidr) of the bundled ip-ranges.json, per region."""
    text = resources.files("ueba").joinpath("data/ip-ranges.json").read_text()
    out: dict[str, list[tuple[int, int, str]]] = {}
    for p in json.loads(text)["prefixes"]:
        if p["service"] != "EC2" or p.get("network_border_group") != p["region"]:
            continue
        net = ipaddress.ip_network(p["ip_prefix"])
        if 16 <= net.prefixlen <= 22:
            out.setdefault(p["region"], []).append(
                (int(net.network_address), net.num_addresses, p["ip_prefix"])
            )
    for prefixes in out.values():
        prefixes.sort()
    return out


# ------------------------------------------------------------------------------------------
# API catalogues: (event source, event name). read_only follows the verb.
# ------------------------------------------------------------------------------------------
APP_APIS: tuple[tuple[str, str], ...] = (
    ("s3.amazonaws.com", "GetObject"),
    ("s3.amazonaws.com", "PutObject"),
    ("sqs.amazonaws.com", "ReceiveMessage"),
    ("sqs.amazonaws.com", "DeleteMessage"),
    ("sqs.amazonaws.com", "SendMessage"),
    ("dynamodb.amazonaws.com", "GetItem"),
    ("dynamodb.amazonaws.com", "PutItem"),
    ("dynamodb.amazonaws.com", "Query"),
    ("kms.amazonaws.com", "Decrypt"),
    ("kms.amazonaws.com", "GenerateDataKey"),
    ("secretsmanager.amazonaws.com", "GetSecretValue"),
    ("ssm.amazonaws.com", "GetParameter"),
    ("logs.amazonaws.com", "PutLogEvents"),
    ("logs.amazonaws.com", "CreateLogStream"),
    ("cloudwatch.amazonaws.com", "PutMetricData"),
    ("sns.amazonaws.com", "Publish"),
    ("ssm.amazonaws.com", "UpdateInstanceInformation"),
    ("ec2messages.amazonaws.com", "GetMessages"),
)
PEOPLE_APIS: tuple[tuple[str, str], ...] = (
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("logs.amazonaws.com", "FilterLogEvents"),
    ("cloudformation.amazonaws.com", "DescribeStacks"),
    ("lambda.amazonaws.com", "ListFunctions20150331"),
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("ecs.amazonaws.com", "DescribeServices"),
    ("cloudwatch.amazonaws.com", "GetMetricData"),
    ("iam.amazonaws.com", "GetRole"),
    ("ssm.amazonaws.com", "StartSession"),
    ("dynamodb.amazonaws.com", "Scan"),
)
CONSOLE_APIS: tuple[tuple[str, str], ...] = (
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("cloudwatch.amazonaws.com", "DescribeAlarms"),
    ("logs.amazonaws.com", "DescribeLogGroups"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("health.amazonaws.com", "DescribeEventAggregates"),
    ("ce.amazonaws.com", "GetCostAndUsage"),
    ("signin.amazonaws.com", "CheckMfa"),
)
CI_APIS: tuple[tuple[str, str], ...] = (
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeSubnets"),
    ("ec2.amazonaws.com", "DescribeVpcs"),
    ("iam.amazonaws.com", "GetRole"),
    ("iam.amazonaws.com", "GetRolePolicy"),
    ("s3.amazonaws.com", "GetBucketPolicy"),
    ("lambda.amazonaws.com", "GetFunction20150331v2"),
    ("ecs.amazonaws.com", "DescribeTaskDefinition"),
    ("ecs.amazonaws.com", "RegisterTaskDefinition"),
    ("ecs.amazonaws.com", "UpdateService"),
    ("lambda.amazonaws.com", "UpdateFunctionCode20150331v2"),
    ("sts.amazonaws.com", "GetCallerIdentity"),
)
SERVICE_APIS: tuple[tuple[str, str], ...] = (
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeVolumes"),
    ("iam.amazonaws.com", "GetRole"),
    ("s3.amazonaws.com", "GetBucketAcl"),
)
READ_PREFIXES = ("Get", "List", "Describe", "Head", "Scan", "Query", "Filter", "Check", "Receive")

UA_BOTO = "Boto3/{v} md/Botocore#{v} ua/2.0 os/linux#5.10.219-208.866.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/{env} cfg/retry-mode#legacy Botocore/{v}"
UA_GO = "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 exec-env/AWS_ECS_FARGATE api/{svc}#1.40.0"
UA_CLI = {
    "macos": "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}",
    "linux": "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-39-generic md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}",
    "windows": "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}",
}
UA_BROWSER = {
    "macos": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "linux": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
}
UA_TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.8.5 (+https://www.terraform.io) terraform-provider-aws/5.58.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.1 ua/2.0 os/linux lang/go#1.22.4 md/GOOS#linux md/GOARCH#amd64"


def read_only(name: str) -> bool:
    """CloudTrail's readOnly flag, from the verb of the API name."""
    return name.startswith(READ_PREFIXES)


# ------------------------------------------------------------------------------------------
# Actors
# ------------------------------------------------------------------------------------------


@dataclass
class Role:
    """A workload role: EC2 instances, Lambda functions or ECS tasks sharing one IAM role."""

    account: str
    name: str
    kind: str  # ec2, lambda, ecs
    region: str
    role_id: str  # AROA...
    apis: list[tuple[str, str]]
    weights: np.ndarray
    user_agent: str
    rate: float  # events per hour per unit, before the daily rhythm
    units: list[str]  # instance ids, function names, ECS service names
    unit_ips: np.ndarray  # EC2: public IP per unit (int); ECS: per service
    unit_private_ips: np.ndarray
    vpc_endpoint: str | None = None  # EC2 roles whose S3/SQS calls go through an endpoint
    # benign changes (see _synth_incidents): when each starts, in epoch microseconds
    unit_from: list[int] = field(default_factory=list)  # per unit; 0 = always there
    unit_until: list[int] = field(default_factory=list)  # per unit; 2**62 = never retired
    ua_change: tuple[int, str] | None = None
    api_change: tuple[int, list[tuple[str, str]]] | None = None
    vpce_change: tuple[int, str] | None = None

    def __post_init__(self) -> None:
        self.unit_from = self.unit_from or [0] * len(self.units)
        self.unit_until = self.unit_until or [FOREVER] * len(self.units)

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role/{self.name}"


@dataclass
class Person:
    """A person (IAM user) on the console and the CLI, or the CI/CD user."""

    account: str
    name: str
    user_id: str  # AIDA...
    key: str  # their long-term AKIA key
    home: str  # network name
    os: str
    office: bool
    console: bool
    apis: list[tuple[str, str]]
    ci: bool = False

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user/{self.name}"


@dataclass
class OrgPlan:
    """Everything the day generators need; drawn from the seed by :func:`plan_org`."""

    seed: int
    start_us: int
    days: int
    accounts: list[str]
    roles: list[Role]
    people: list[Person]
    aws_prefixes: dict[str, list[tuple[int, int, str]]]
    service_roles: list[ServiceRole]
    inject_from: int  # first day index that may carry injected incidents
    travel: dict[int, tuple[int, str]] = field(default_factory=dict)  # person -> (day, network)
    compromises: list[Compromise] = field(default_factory=list)
    benign: list[dict[str, object]] = field(default_factory=list)  # truth rows of benign changes


@dataclass
class ServiceRole:
    """A role an AWS service assumes to act for the account (Config, Backup, ...)."""

    account: str
    name: str
    role_id: str
    service: str  # config.amazonaws.com
    apis: list[tuple[str, str]]
    active_from: int = 0

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role/aws-service-role/{self.name}"


@dataclass
class Compromise:
    """An injected compromise: what, against whom, when (day index and hour)."""

    id: str
    name: str
    day: int
    hour: int
    target: str  # "role" or "person"
    index: int  # into plan.roles or plan.people


def _ids(rng: np.random.Generator, prefix: str, n: int = 1) -> list[str]:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return [prefix + "".join(alphabet[i] for i in rng.integers(0, 32, 16)) for _ in range(n)]


def _hex(rng: np.random.Generator, width: int) -> str:
    return "".join("0123456789abcdef"[i] for i in rng.integers(0, 16, width))


def plan_org(
    *, days: int, seed: int, scale: float, start_us: int, accounts: int, inject_days: int
) -> OrgPlan:
    """Draw the organisation: accounts, roles with their units and IPs, people, service roles."""
    rng = np.random.default_rng([seed, 0x0A9])
    prefixes = _aws_prefixes()
    account_ids = [str(100000000000 + int(rng.integers(0, 899999999999))) for _ in range(accounts)]

    def count(base: float, minimum: int) -> int:
        return max(minimum, round(base * scale))

    roles: list[Role] = []
    people: list[Person] = []
    service_roles: list[ServiceRole] = []
    app_names = ["orders", "billing", "search", "ingest", "reports", "media", "auth", "catalog"]
    for a, account in enumerate(account_ids):
        region = REGIONS[a % len(REGIONS)]
        pool = prefixes[region]
        # enough EC2 roles and people that every incident has a principal of its own
        ec2_min = -(-6 // accounts)
        for kind, base, minimum, rate in (
            ("ec2", 4, ec2_min, 20.0),
            ("lambda", 3, 1, 10.0),
            ("ecs", 2, 1, 15.0),
        ):
            for r in range(count(base, minimum)):
                name = f"{app_names[r % len(app_names)]}-{kind}-{r // len(app_names)}"
                n_units = 2 if kind != "lambda" else 1
                n_apis = int(rng.integers(3, 7))
                picked = rng.choice(len(APP_APIS) - 2, size=n_apis, replace=False)
                apis = [APP_APIS[i] for i in picked]
                if kind == "ec2":
                    apis += [APP_APIS[-2], APP_APIS[-1]]  # the SSM agent on every instance
                    units = [f"i-0{_hex(rng, 16)}" for _ in range(n_units)]
                    ua = UA_BOTO.format(v="1.34.69", env="EC2")
                elif kind == "lambda":
                    units = [f"{name}-handler"]
                    ua = UA_BOTO.format(v="1.34.42", env="AWS_Lambda_python3.12")
                else:
                    units = [f"{name}-svc{u}" for u in range(n_units)]
                    ua = UA_GO.format(svc=apis[0][0].split(".")[0])
                picks = rng.integers(0, len(pool), size=n_units)
                unit_ips = np.array(
                    [pool[p][0] + 1 + int(rng.integers(0, pool[p][1] - 2)) for p in picks]
                )
                private = 0x0A000000 + (a << 16) + rng.integers(256, 65000, size=n_units)
                weights = rng.dirichlet(np.ones(len(apis)) * 2.0)
                roles.append(
                    Role(
                        account,
                        name,
                        kind,
                        region,
                        _ids(rng, "AROA")[0],
                        apis,
                        weights,
                        ua,
                        rate,
                        units,
                        unit_ips,
                        private,
                        vpc_endpoint=f"vpce-0{_hex(rng, 16)}" if kind == "ec2" and r == 1 else None,
                    )
                )
        first = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]
        for p in range(count(5, max(3, -(-4 // accounts)))):
            home = ("comcast", "verizon", "telekom", "bt")[int(rng.integers(0, 4))]
            n_apis = int(rng.integers(4, 8))
            picked = rng.choice(len(PEOPLE_APIS), size=n_apis, replace=False)
            people.append(
                Person(
                    account,
                    f"{first[p % len(first)]}{p // len(first) or ''}",
                    _ids(rng, "AIDA")[0],
                    _ids(rng, "AKIA")[0],
                    home,
                    ("macos", "linux", "windows")[p % 3],
                    office=bool(p % 2 == 0),
                    console=True,
                    apis=[PEOPLE_APIS[i] for i in picked],
                )
            )
        people.append(
            Person(
                account,
                "ci-deployer",
                _ids(rng, "AIDA")[0],
                _ids(rng, "AKIA")[0],
                "office",
                "linux",
                office=True,
                console=False,
                apis=list(CI_APIS),
                ci=True,
            )
        )
        service_roles.append(
            ServiceRole(
                account,
                "AWSServiceRoleForConfig",
                _ids(rng, "AROA")[0],
                "config.amazonaws.com",
                list(SERVICE_APIS),
            )
        )
    return OrgPlan(
        seed,
        start_us,
        days,
        account_ids,
        roles,
        people,
        prefixes,
        service_roles,
        inject_from=max(0, days - inject_days),
    )
