"""LwaziPay's accounts, people and calendar, and the state the background reads each day (which
change is on: load-shedding blocks, the NOC's egress, the EKS version, the DR region)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from benchmarks.heldout23._net import BLOCKS, aws_address
from benchmarks.heldout23._trail import Ids, Session, Trail, role_session

ACCOUNTS = {
    "shared": "310455870112",  # Organizations, IAM Identity Center, Jenkins
    "payments": "310455870224",  # PCI cardholder-data environment: wallet EKS, MSK, Aurora
    "billing": "310455870336",  # telecom billing: USSD gateway EKS, invoice Lambda, SES
    "datalake": "310455870448",  # fraud analytics: Athena, SageMaker
    "contact": "310455870550",  # Amazon Connect contact centre
    "security": "310455870662",  # log archive, GuardDuty delegated admin
    "fraudml": "310455870774",  # vended in the scored window (a new account)
}
OUTSIDE_ACCOUNT = "739104562281"  # nobody's: the attackers' own
HOME = "af-south-1"
DR = "eu-west-1"
END = dt.date(2026, 11, 27)  # a Friday; the 25th (Wednesday) is salary day


@dataclass(frozen=True)
class Person:
    """Somebody who signs in through Okta and IAM Identity Center (``sets``: account name ->
    permission set), works from ``where`` (block names, the first the usual one) with ``tool``."""

    user: str
    sets: tuple[tuple[str, str], ...]
    where: tuple[str, ...]
    tool: str
    menu: tuple[tuple[str, str], ...]  # (service, API) they use
    console: bool = False
    shift: tuple[int, int] = (6, 16)  # UTC hours
    weekends: bool = False
    office: str | None = None  # the office block they sit in on weekdays, if any


PLATFORM_MENU = (
    ("eks", "DescribeCluster"),
    ("eks", "ListNodegroups"),
    ("ec2", "DescribeInstances"),
    ("rds", "DescribeDBClusters"),
    ("kafka", "ListClustersV2"),
    ("logs", "FilterLogEvents"),
    ("cloudwatch", "GetMetricData"),
    ("iam", "GetRole"),
    ("ecr", "DescribeImages"),
    ("sts", "GetCallerIdentity"),
    ("kms", "DescribeKey"),
    ("autoscaling", "DescribeAutoScalingGroups"),
)
DEV_MENU = (
    ("logs", "FilterLogEvents"),
    ("logs", "GetLogEvents"),
    ("lambda", "GetFunction"),
    ("lambda", "ListFunctions"),
    ("ecr", "DescribeRepositories"),
    ("ssm", "GetParameter"),
    ("cloudwatch", "GetMetricData"),
    ("sts", "GetCallerIdentity"),
    ("sqs", "ListQueues"),
)
ANALYST_MENU = (
    ("athena", "StartQueryExecution"),
    ("athena", "GetQueryExecution"),
    ("athena", "GetQueryResults"),
    ("glue", "GetTable"),
    ("glue", "GetDatabases"),
    ("sagemaker", "DescribeNotebookInstance"),
    ("sagemaker", "CreatePresignedNotebookInstanceUrl"),
    ("s3", "ListBuckets"),
)
SECURITY_MENU = (
    ("guardduty", "ListFindings"),
    ("guardduty", "GetFindings"),
    ("securityhub", "GetFindings"),
    ("cloudtrail", "LookupEvents"),
    ("config", "DescribeComplianceByConfigRule"),
    ("access-analyzer", "ListFindings"),
    ("iam", "GetRole"),
)
NOC_MENU = (
    ("cloudwatch", "DescribeAlarms"),
    ("cloudwatch", "GetMetricData"),
    ("ec2", "DescribeInstances"),
    ("eks", "DescribeCluster"),
    ("kafka", "ListClustersV2"),
    ("kafka", "DescribeClusterV2"),
    ("rds", "DescribeDBClusters"),
    ("logs", "FilterLogEvents"),
    ("elasticloadbalancing", "DescribeTargetHealth"),
)
CONNECT_MENU = (
    ("connect", "ListQueues"),
    ("connect", "DescribeUser"),
    ("connect", "ListUsers"),
    ("connect", "GetCurrentMetricData"),
    ("connect", "ListContactFlows"),
    ("connect", "DescribeQueue"),
)

PEOPLE = (
    Person(
        "thandi.mokoena",
        (("payments", "PlatformAdmin"), ("billing", "PlatformAdmin"), ("shared", "PlatformAdmin")),
        ("home_afrihost", "ct_office"),
        "cli_mac",
        PLATFORM_MENU,
        console=True,
        office="ct_office",
    ),
    Person(
        "ruan.vdmerwe",
        (("payments", "PlatformAdmin"), ("billing", "PlatformAdmin")),
        ("home_cybersmart", "ct_office"),
        "cli_old",
        PLATFORM_MENU,
        office="ct_office",
    ),
    Person(
        "sipho.dlamini",
        (("billing", "PlatformAdmin"), ("shared", "PlatformAdmin"), ("fraudml", "PlatformAdmin")),
        ("home_mtn", "jhb_dc"),
        "cli_old",
        PLATFORM_MENU,
        console=True,
    ),
    Person(
        "naledi.khumalo",
        (("billing", "Developer"),),
        ("ct_office", "home_afrihost"),
        "cli_win",
        DEV_MENU,
        console=True,
        office="ct_office",
    ),
    Person(
        "kyle.peters",
        (("billing", "Developer"), ("payments", "DeveloperReadOnly")),
        ("ct_office", "home_cybersmart"),
        "cli_mac",
        DEV_MENU,
        office="ct_office",
    ),
    Person("ayesha.patel", (("billing", "Developer"),), ("home_mtn",), "cli_old", DEV_MENU),
    Person(
        "zanele.ngcobo",
        (("datalake", "FraudAnalyst"),),
        ("ct_office", "home_afrihost"),
        "cli_mac",
        ANALYST_MENU,
        console=True,
        office="ct_office",
    ),
    Person(
        "pieter.botha",
        (("datalake", "FraudAnalyst"),),
        ("ct_office",),
        "cli_win",
        ANALYST_MENU,
        console=True,
        office="ct_office",
    ),
    Person(
        "lindiwe.zulu",
        (("datalake", "FraudAnalyst"), ("fraudml", "FraudAnalyst")),
        ("home_cybersmart", "ct_office"),
        "cli_mac",
        ANALYST_MENU,
        console=True,
    ),
    Person(
        "bongani.nkosi",
        (("security", "SecurityAudit"), ("payments", "SecurityAudit")),
        ("ct_office", "home_afrihost"),
        "cli_mac",
        SECURITY_MENU,
        console=True,
        office="ct_office",
    ),
    Person(
        "farah.ismail",
        (("security", "SecurityAudit"),),
        ("ct_office",),
        "cli_win",
        SECURITY_MENU,
        console=True,
        office="ct_office",
    ),
    Person(
        "nomsa.cele",
        (("contact", "ConnectSupervisor"),),
        ("dbn_cc",),
        "console",
        CONNECT_MENU,
        console=True,
        shift=(5, 15),
    ),
    Person(
        "themba.mahlangu",
        (("contact", "ConnectSupervisor"),),
        ("jhb_cc",),
        "console",
        CONNECT_MENU,
        console=True,
        shift=(8, 18),
    ),
    # the outsourced NOC in Pune, 24x7 in three shifts, read-only
    Person(
        "noc.rahul.k",
        (("payments", "NOCReadOnly"), ("billing", "NOCReadOnly")),
        ("noc_old",),
        "cli_win",
        NOC_MENU,
        shift=(2, 10),
        weekends=True,
    ),
    Person(
        "noc.priya.s",
        (("payments", "NOCReadOnly"), ("billing", "NOCReadOnly")),
        ("noc_old",),
        "cli_win",
        NOC_MENU,
        shift=(10, 18),
        weekends=True,
    ),
    Person(
        "noc.arjun.m",
        (("payments", "NOCReadOnly"), ("billing", "NOCReadOnly")),
        ("noc_old",),
        "cli_win",
        NOC_MENU,
        shift=(18, 26),
        weekends=True,
    ),
)
# the wider engineering floor: developers and data engineers who keep to their own work
_FIRST = (
    "lebo",
    "johan",
    "tshepo",
    "megan",
    "kabelo",
    "amahle",
    "riaan",
    "nokuthula",
    "dylan",
    "keabetswe",
    "mandisa",
    "wian",
    "thabiso",
    "chloe",
    "sibongile",
    "ruben",
    "zinhle",
    "gareth",
    "boitumelo",
    "yusuf",
)
_LAST = (
    "molefe",
    "pretorius",
    "mthembu",
    "jacobs",
    "sithole",
    "naidoo",
    "fourie",
    "radebe",
    "adams",
    "maseko",
)
_HOMES = ("home_afrihost", "home_cybersmart", "home_mtn")
_TOOLS = ("cli_old", "cli_mac", "cli_win")
_TEAMS = (
    (("billing", "Developer"),),
    (("payments", "DeveloperReadOnly"), ("billing", "Developer")),
    (("datalake", "FraudAnalyst"),),
    (("billing", "Developer"), ("datalake", "FraudAnalyst")),
)
ENGINEERS = tuple(
    Person(
        f"{first}.{_LAST[i % len(_LAST)]}",
        _TEAMS[i % len(_TEAMS)],
        (_HOMES[i % 3], "ct_office") if i % 4 else ("jhb_dc",),
        _TOOLS[(i // 2) % 3],
        ANALYST_MENU if "FraudAnalyst" in str(_TEAMS[i % len(_TEAMS)][0]) else DEV_MENU,
        console=i % 3 == 0,
        office="ct_office" if i % 2 else None,
        shift=(5 + i % 3, 14 + i % 4),
    )
    for i, first in enumerate(_FIRST)
)
# permission-set role name suffixes, as IAM Identity Center makes them
SET_IDS = {
    "PlatformAdmin": "4f1c2a9be07d3e55",
    "Developer": "8a02d1c77b5e9f10",
    "DeveloperReadOnly": "0b7e55a1c9f2d3a8",
    "FraudAnalyst": "c3d9e1f04a6b7255",
    "SecurityAudit": "19ad6e0f2b4c8d73",
    "ConnectSupervisor": "e6b1a0d5f3c29847",
    "NOCReadOnly": "7d2f9c0a1e8b6d44",
}
DOMAIN = "lwazipay.co.za"


def sso_role(permission_set: str) -> str:
    return f"AWSReservedSSO_{permission_set}_{SET_IDS[permission_set]}"


def sso_principal(account: str, permission_set: str, user: str) -> str:
    """The principal ``ueba`` learns for a person's Identity Center session."""
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(permission_set)}/{user}@{DOMAIN}"


@dataclass
class World:
    """The seed's generator, trail and calendar, and the state the changes switch."""

    seed: int
    days: list[dt.date]
    scale: float
    rng: random.Random
    ids: Ids
    trail: Trail
    # state that the background keeps from day to day
    nat: dict[tuple[str, str], str] = field(default_factory=dict)
    fleets: dict[str, list[str]] = field(default_factory=dict)
    addresses: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # long-lived IAM user keys
    truth: list[dict[str, str]] = field(default_factory=list)
    notes: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def scored(self) -> list[dt.date]:
        return self.days[-5:]

    def s(self, n: int) -> dt.date:
        """The n-th scored day (1-based)."""
        return self.scored[n - 1]

    def count(self, base: float, low: int = 1) -> int:
        return max(low, round(base * self.scale))

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=hour)

    def jitter(self, day: dt.date, start: float, end: float) -> dt.datetime:
        return self.at(day, start + self.rng.random() * (end - start))

    def nat_ip(self, account: str, region: str) -> str:
        """An account's NAT gateway address in a region (fixed once chosen)."""
        if (account, region) not in self.nat:
            self.nat[(account, region)] = aws_address(self.rng, region)
        return self.nat[(account, region)]

    def person_ip(self, person: Person, place: str) -> str:
        """A person's address at a place: an office's fixed egress, a home lease, or a fresh
        carrier CGNAT address."""
        if place.endswith("_lte"):
            return BLOCKS[place].host(self.rng.randrange(1000))
        slot = f"{person.user}:{place}" if place.startswith(("home", "noc_home")) else place
        if slot not in self.addresses:
            self.addresses[slot] = BLOCKS[place].host(self.rng.randrange(250))
        return self.addresses[slot]

    def person_ip_fixed(self, place: str, n: int) -> str:
        """A fixed host of a block (a data centre's NAT, one person's home line)."""
        return BLOCKS[place].host(n)

    def session(self, account: str, role: str, name: str, t: dt.datetime, **kw: object) -> Session:
        return role_session(self.ids, account, role, name, t, **kw)  # type: ignore[arg-type]

    def load_shedding(self, day: dt.date) -> list[tuple[int, int]]:
        """Stage 4 on the second and fourth scored days: the Cape Town office on LTE for two
        four-hour blocks (UTC)."""
        return [(7, 11), (13, 17)] if day in (self.s(2), self.s(4)) else []

    def noc_block(self, day: dt.date) -> str:
        return "noc_new" if day >= self.s(1) else "noc_old"

    def dr_region(self, day: dt.date) -> str:
        return DR if day == self.s(4) else HOME

    def salary(self, day: dt.date) -> float:
        """Wallet volume: x5 on the 25th, x2 the day after, x1.5 on Fridays."""
        if day.day == 25:
            return 5.0
        if day.day == 26:
            return 2.0
        return 1.5 if day.weekday() == 4 else 1.0
