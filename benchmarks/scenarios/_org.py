"""The organisation: accounts, workload fleets, people and CI, as timelines that benign changes
edit before any event is drawn (a new address from a moment on, a new client, new calls)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.scenarios._cloudtrail import Ids, Role
from benchmarks.scenarios._net import NETWORKS, AwsAddresses

Timeline = list[tuple[dt.datetime, Any]]  # (from, value), sorted by time


def at(timeline: Timeline, t: dt.datetime) -> Any:
    """The value of ``timeline`` at ``t`` (the last entry that starts at or before it)."""
    value = timeline[0][1]
    for start, v in timeline:
        if start <= t:
            value = v
        else:
            break
    return value


@dataclass(frozen=True)
class Call:
    source: str  # event source, s3.amazonaws.com
    name: str
    weight: float = 1.0
    read_only: bool = True
    data: bool = False  # a data event (S3 objects, DynamoDB items)


@dataclass
class Member:
    """One instance, task or function of a fleet, with its addresses over time."""

    id: str
    start: dt.datetime
    end: dt.datetime
    ips: Timeline
    keys: list[tuple[dt.datetime, str, dt.datetime]] = field(
        default_factory=list
    )  # (minted, key, issued)

    def key_at(self, t: dt.datetime) -> tuple[str, dt.datetime]:
        current = self.keys[0]
        for minted in self.keys:
            if minted[0] <= t:
                current = minted
        return current[1], current[0]


@dataclass
class Fleet:
    """Every instance (EC2), task (ECS) or function (Lambda) that runs as one role."""

    role: Role
    kind: str  # ec2 | ecs | lambda
    region: str
    members: list[Member]
    calls: list[Call]
    rate: float  # events per member-hour at scale 1
    ua: Timeline
    mint_hours: int = 1
    new_calls: list[tuple[dt.datetime, list[Call]]] = field(default_factory=list)
    vpce: Timeline = field(default_factory=list)  # (from, (vpce id, services, share) | None)
    cw_agent_from: dt.datetime | None = None
    service: str = "ec2.amazonaws.com"

    def calls_at(self, t: dt.datetime) -> list[Call]:
        out = list(self.calls)
        for start, extra in self.new_calls:
            if start <= t:
                out += extra
        return out


@dataclass
class Person:
    name: str
    kind: str  # iam (IAM user, AKIA key) | sso (IAM Identity Center)
    account: str
    user_id: str
    key: str  # the AKIA key (iam) or the session key of the day (sso: redrawn daily)
    home: Timeline  # (from, address): DHCP leases of the home ISP
    home_net: str
    cli_ua: str
    office_days: tuple[int, ...]  # weekdays at the office
    tz: int  # hours from UTC of the person's working day
    console: bool = True
    travel: list[tuple[dt.datetime, dt.datetime, str]] = field(
        default_factory=list
    )  # (from, to, address)


@dataclass
class Account:
    id: str
    name: str
    regions: tuple[str, ...]
    joins: dt.datetime  # when its trail starts
    deployer: Role | None = None
    config_role: Role | None = None


@dataclass
class Org:
    start: dt.datetime
    days: int
    scale: float
    rng: random.Random
    ids: Ids
    aws: AwsAddresses
    accounts: dict[str, Account]
    fleets: list[Fleet]
    people: list[Person]
    office_ip: str
    ci_role: Role
    sso_role: dict[str, Role]  # account name -> AWSReservedSSO role
    records: list[dict[str, Any]] = field(default_factory=list)
    truth: list[dict[str, Any]] = field(default_factory=list)
    pending: list[tuple[str, dt.datetime, Any, str]] = field(
        default_factory=list
    )  # infra events to write

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(days=self.days)

    def day(self, index: int) -> dt.datetime:
        """Midnight of day ``index`` (negative: from the end, -1 = the last day)."""
        return self.start + dt.timedelta(days=index if index >= 0 else self.days + index)

    def fleet(self, role_name: str) -> Fleet:
        return next(f for f in self.fleets if f.role.name == role_name)

    def person(self, name: str) -> Person:
        return next(p for p in self.people if p.name == name)


def _boto3(rng: random.Random, env: str, version: str = "1.34.69") -> str:
    core = "1.34.69" if version.startswith("1.34") else "1.35.10"
    return (
        f"Boto3/{version} md/Botocore#{core} ua/2.0 os/linux#5.10.215-203.850.amzn2.x86_64 md/arch#x86_64 "
        f"lang/python#3.11.8 md/pyimpl#CPython exec-env/{env} cfg/retry-mode#legacy Botocore/{core}"
    )


GO_ECS = (
    "aws-sdk-go-v2/1.24.1 os/linux lang/go#1.21.6 md/GOOS#linux md/GOARCH#amd64 api/s3#1.48.0 "
    "exec-env/AWS_ECS_FARGATE"
)
JAVA_EC2 = (
    "aws-sdk-java/2.21.46 Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS "
    "Java/17.0.10 vendor/Amazon.com_Inc. exec-env/AWS_EC2 io/sync http/Apache cfg/retry-mode/standard"
)
CLI_MAC = "aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64 prompt/off command/{cmd}"
CLI_LINUX = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-26-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
CLI_WIN = "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/{cmd}"

_APP = [
    Call("s3.amazonaws.com", "GetObject", 6, data=True),
    Call("s3.amazonaws.com", "PutObject", 2, False, True),
    Call("kms.amazonaws.com", "Decrypt", 2),
    Call("dynamodb.amazonaws.com", "GetItem", 4, data=True),
    Call("dynamodb.amazonaws.com", "PutItem", 2, False, True),
    Call("ssm.amazonaws.com", "GetParameter", 1),
]
_WORKER = [
    Call("sqs.amazonaws.com", "ReceiveMessage", 6, False, True),
    Call("sqs.amazonaws.com", "DeleteMessage", 5, False, True),
    Call("s3.amazonaws.com", "GetObject", 3, data=True),
    Call("kms.amazonaws.com", "Decrypt", 1),
]
_LAMBDA = [
    Call("s3.amazonaws.com", "GetObject", 3, data=True),
    Call("s3.amazonaws.com", "PutObject", 3, False, True),
    Call("dynamodb.amazonaws.com", "UpdateItem", 1, False, True),
]
_ECS = [
    Call("dynamodb.amazonaws.com", "Query", 5, data=True),
    Call("s3.amazonaws.com", "GetObject", 2, data=True),
    Call("kms.amazonaws.com", "GenerateDataKey", 1),
    Call("sqs.amazonaws.com", "SendMessage", 2, False, True),
]


def _account_id(rng: random.Random) -> str:
    return str(rng.randrange(10**11, 10**12))


def build(seed: int, days: int, scale: float, start: dt.datetime) -> Org:
    """The organisation of ``seed``: 3 accounts from day 0 and one joining 10 days before the end."""
    rng = random.Random(seed)
    ids = Ids(rng)
    aws = AwsAddresses()
    joins = start + dt.timedelta(days=max(1, days - 10))
    accounts = {
        n: Account(_account_id(rng), n, r, j)
        for n, r, j in (
            ("prod", ("us-east-1", "eu-west-1"), start),
            ("staging", ("us-east-1",), start),
            ("ci", ("us-east-1",), start),
            ("analytics", ("us-east-1",), joins),
        )
    }
    for acc in accounts.values():
        acc.deployer = Role(acc.id, "deployer", ids.unique_id("AROA"))
        acc.config_role = Role(
            acc.id,
            "AWSServiceRoleForConfig",
            ids.unique_id("AROA"),
            "/aws-service-role/config.amazonaws.com/",
        )
    end = start + dt.timedelta(days=days)

    def ec2_members(
        n: int, region: str, since: dt.datetime = start, nat: str | None = None
    ) -> list[Member]:
        return [
            Member(ids.instance(), since, end, [(since, nat or aws.address(rng, region))])
            for _ in range(n)
        ]

    def fleet(
        account: str,
        name: str,
        kind: str,
        region: str,
        members: list[Member],
        calls: list[Call],
        rate: float,
        ua: str,
        **kw: Any,
    ) -> Fleet:
        role = Role(accounts[account].id, name, ids.unique_id("AROA"))
        service = {
            "ec2": "ec2.amazonaws.com",
            "ecs": "ecs-tasks.amazonaws.com",
            "lambda": "lambda.amazonaws.com",
        }
        return Fleet(
            role, kind, region, members, calls, rate, [(start, ua)], service=service[kind], **kw
        )

    nat = aws.address(rng, "us-east-1")
    fleets = [
        fleet(
            "prod",
            "web-app",
            "ec2",
            "us-east-1",
            ec2_members(4, "us-east-1"),
            _APP,
            24,
            _boto3(rng, "EC2"),
        ),
        fleet(
            "prod",
            "worker",
            "ec2",
            "us-east-1",
            ec2_members(3, "us-east-1", nat=nat),
            _WORKER,
            20,
            _boto3(rng, "EC2"),
        ),
        fleet(
            "prod", "edge", "ec2", "us-east-1", ec2_members(2, "us-east-1"), _APP[:3], 12, JAVA_EC2
        ),
        fleet(
            "prod",
            "etl",
            "ec2",
            "us-east-1",
            ec2_members(2, "us-east-1"),
            _WORKER[2:] + _APP[3:5],
            14,
            _boto3(rng, "EC2"),
        ),
        fleet(
            "prod",
            "indexer",
            "ec2",
            "eu-west-1",
            ec2_members(2, "eu-west-1"),
            _APP[:4],
            12,
            JAVA_EC2,
        ),
        fleet(
            "prod",
            "batch",
            "ec2",
            "eu-west-1",
            ec2_members(2, "eu-west-1"),
            _WORKER,
            10,
            _boto3(rng, "EC2"),
        ),
        fleet(
            "prod",
            "reports",
            "ec2",
            "us-east-1",
            ec2_members(2, "us-east-1"),
            _APP[:2] + _APP[3:4],
            8,
            _boto3(rng, "EC2"),
        ),
        fleet(
            "prod",
            "scheduler",
            "ec2",
            "us-east-1",
            ec2_members(2, "us-east-1"),
            _APP[2:5],
            8,
            JAVA_EC2,
        ),
        fleet(
            "prod",
            "thumbnailer",
            "lambda",
            "us-east-1",
            [Member("thumbnailer", start, end, [(start, "")])],
            _LAMBDA,
            30,
            _boto3(rng, "AWS_Lambda_python3.11"),
            mint_hours=3,
        ),
        fleet("prod", "api-task", "ecs", "us-east-1", [], _ECS, 18, GO_ECS, mint_hours=6),
        fleet("prod", "billing-task", "ecs", "us-east-1", [], _ECS[:2], 8, GO_ECS, mint_hours=6),
        fleet(
            "staging",
            "web-app",
            "ec2",
            "us-east-1",
            ec2_members(2, "us-east-1"),
            _APP,
            6,
            _boto3(rng, "EC2"),
        ),
        fleet("staging", "api-task", "ecs", "us-east-1", [], _ECS, 5, GO_ECS, mint_hours=6),
        fleet(
            "analytics",
            "analytics-etl",
            "ec2",
            "us-east-1",
            ec2_members(2, "us-east-1", since=joins),
            _WORKER[2:] + _APP[:2],
            10,
            _boto3(rng, "EC2"),
        ),
        fleet(
            "analytics",
            "loader",
            "lambda",
            "us-east-1",
            [Member("loader", joins, end, [(joins, "")])],
            _LAMBDA,
            10,
            _boto3(rng, "AWS_Lambda_python3.11"),
            mint_hours=3,
        ),
    ]
    for f in fleets:
        if f.kind == "ec2" and f.role.name != "reports":  # the CloudWatch agent, baked into the AMI
            f.cw_agent_from = start
        if f.kind == "ecs":  # a deploy a day replaces each of two tasks: new task id, new address
            first = start if f.role.account != accounts["analytics"].id else joins
            for d in range((end - first).days):
                for _ in range(2):
                    since = first + dt.timedelta(days=d, hours=rng.uniform(0, 2) if d else 0)
                    f.members.append(
                        Member(
                            ids.task(),
                            since,
                            first + dt.timedelta(days=d + 1, minutes=5),
                            [(since, aws.address(rng, f.region))],
                        )
                    )
    office = NETWORKS["office"].address(rng)
    people = []
    for name, kind, net, ua, tz in (
        ("alice", "iam", "comcast", CLI_MAC, -8),
        ("bob", "iam", "verizon", CLI_LINUX, -5),
        ("carol", "iam", "comcast", CLI_MAC, -8),
        ("dave", "sso", "telekom", CLI_MAC, 1),
        ("erin", "sso", "bt", CLI_WIN, 0),
        ("frank", "iam", "verizon", CLI_MAC, -5),
        ("grace", "iam", "comcast", CLI_LINUX, -8),
        ("heidi", "sso", "verizon", CLI_MAC, -5),
    ):
        home: Timeline = []
        lease = start
        while lease < end:  # DHCP: a new address of the same ISP every 3-9 days
            home.append((lease, NETWORKS[net].address(rng)))
            lease += dt.timedelta(days=rng.randint(3, 9), hours=rng.randint(0, 23))
        people.append(
            Person(
                name,
                kind,
                accounts["prod"].id,
                ids.unique_id("AIDA"),
                ids.key("AKIA"),
                home,
                net,
                ua,
                tuple(sorted(rng.sample(range(5), 3))),
                tz,
            )
        )
    sso_role = {
        n: Role(
            a.id,
            "AWSReservedSSO_AdministratorAccess_3f2a1b0c9d8e7f6a",
            ids.unique_id("AROA"),
            "/aws-reserved/sso.amazonaws.com/",
        )
        for n, a in accounts.items()
    }
    ci_role = Role(accounts["ci"].id, "github-actions", ids.unique_id("AROA"))
    return Org(
        start, days, scale, rng, ids, aws, accounts, fleets, people, office, ci_role, sso_role
    )
