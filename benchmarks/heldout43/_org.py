"""Kawah Lestari Energi: a geothermal power producer in Jakarta (WIB, UTC+7) with plants in West
Java and, from the third scored slot, North Sulawesi. Its accounts, people, workloads and the
calendar of the trail: which day each incident slot falls on, and the keys every workload held
(the attacks steal some of them)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

MGMT, PROD, DATA, SEC, PLANT = (
    "311846209557",
    "528904716243",
    "649021375810",
    "730618452906",
    "846357102984",
)
ACCOUNTS = (MGMT, PROD, DATA, SEC)
REGION = "ap-southeast-3"
GLOBAL = "us-east-1"
WIB = dt.timedelta(hours=7)
END = dt.date(2026, 12, 6)  # a Sunday

SAML = "AWSSSO_7c2e91d04b3a5f18_DO_NOT_DELETE"
SSO_PATH = f"aws-reserved/sso.amazonaws.com/{REGION}/"
SET_ID = {
    "PlatformAdmin": "9f3a1c0e5b27d684",
    "PlantEngineer": "41d8e7a2c6b09f35",
    "DataAnalyst": "c07b5e39a1f2d846",
    "DataPlatformAnalyst": "5e2d90b1f7a4c368",
    "SecurityAudit": "a68f24c13e9d07b5",
    "IncidentResponse": "3b91e4d7f0a2c865",
    "AdministratorAccess": "d2c7f14a9e03b658",
    "Billing": "7a04c9e2b5d13f86",
    "ExternalAuditReadOnly": "e15b3a87d29c4f06",
}

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
MAC_BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)
CLI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/{os} md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
BOTO = "Boto3/{v} md/Botocore#{v2} ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#{py} md/pyimpl#CPython cfg/retry-mode#legacy Botocore/{v2}"
GG = "aws-sdk-java/2.25.64 Linux/5.15.0-1061-raspi OpenJDK_64-Bit_Server_VM/17.0.12+7 Java/17.0.12 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/legacy ft/s3-transfer AwsIotGreengrass/2.13.0"


def sso_role(permission_set: str) -> str:
    return f"{SSO_PATH}AWSReservedSSO_{permission_set}_{SET_ID[permission_set]}"


def cli(os: str = "windows#10", cmd: str = "s3.ls") -> str:
    return CLI.format(os=os, cmd=cmd)


def boto(version: str = "1.34.162", py: str = "3.11.9") -> str:
    return BOTO.format(v=version, v2=version, py=py)


@dataclass
class Person:
    """An Identity Center user: where she works from, which permission set in which account,
    whether she uses the console or the CLI, and what she does."""

    user: str
    account: str
    permission_set: str
    home: str
    apis: tuple[tuple[str, str], ...]
    console: bool = True
    mac: bool = False
    office_days: tuple[int, ...] = (1, 2, 3)  # Tue-Thu in the office, else at home
    weekend: float = 0.08
    host: int = 10  # her home address within her home network

    def role(self) -> str:
        return sso_role(self.permission_set)

    def arn(self, account: str | None = None, permission_set: str | None = None) -> str:
        ps = permission_set or self.permission_set
        return (
            f"arn:aws:sts::{account or self.account}:assumed-role/"
            f"AWSReservedSSO_{ps}_{SET_ID[ps]}/{self.user}"
        )


PLATFORM_APIS = (
    ("ec2", "DescribeInstances"),
    ("ec2", "DescribeSecurityGroups"),
    ("ecs", "DescribeServices"),
    ("ecs", "ListTasks"),
    ("logs", "FilterLogEvents"),
    ("cloudwatch", "DescribeAlarms"),
    ("s3", "ListBuckets"),
    ("ssm", "GetParameter"),
    ("iam", "GetRole"),
    ("autoscaling", "DescribeAutoScalingGroups"),
)
PLANT_APIS = (
    ("cloudwatch", "GetDashboard"),
    ("cloudwatch", "DescribeAlarms"),
    ("iot", "ListThings"),
    ("greengrass", "ListCoreDevices"),
    ("s3", "ListBuckets"),
    ("timestream", "DescribeEndpoints"),
)
ANALYST_APIS = (
    ("athena", "StartQueryExecution"),
    ("athena", "GetQueryExecution"),
    ("athena", "GetQueryResults"),
    ("athena", "ListWorkGroups"),
    ("glue", "GetTables"),
    ("s3", "ListBuckets"),
)
SOC_APIS = (
    ("guardduty", "ListFindings"),
    ("guardduty", "GetFindings"),
    ("securityhub", "GetFindings"),
    ("cloudtrail", "LookupEvents"),
    ("config", "DescribeComplianceByConfigRule"),
    ("access-analyzer", "ListFindings"),
)
ADMIN_APIS = (
    ("organizations", "ListAccounts"),
    ("sso", "ListPermissionSets"),
    ("sso", "ListAccountAssignments"),
    ("identitystore", "ListUsers"),
    ("iam", "ListRoles"),
    ("cloudtrail", "DescribeTrails"),
)
BILLING_APIS = (
    ("ce", "GetCostAndUsage"),
    ("ce", "GetCostForecast"),
    ("budgets", "DescribeBudgets"),
    ("billing", "GetBillingData"),
)

FIRST = [
    "agus",
    "budi",
    "citra",
    "dewi",
    "eko",
    "fajar",
    "gita",
    "hadi",
    "intan",
    "joko",
    "kartika",
    "lestari",
    "made",
    "nadia",
    "oki",
    "putri",
    "rudi",
    "sari",
    "teguh",
    "wulan",
    "yanto",
]
LAST = [
    "santoso",
    "wijaya",
    "pratama",
    "kusuma",
    "hidayat",
    "saputra",
    "nugroho",
    "siregar",
    "simanjuntak",
    "lubis",
    "halim",
    "tanoto",
]


@dataclass
class Org:
    """The organisation at a scale: its people and the sizes of its fleets."""

    people: list[Person]
    historians: int
    tasks: int
    gateways: dict[str, int]
    plan: Plan


def make_org(rng: random.Random, scale: float, plan: Plan) -> Org:
    def n(full: int, least: int) -> int:
        return max(least, round(full * scale))

    names = [f"{f}.{la}" for f in FIRST for la in LAST]
    rng.shuffle(names)
    pool = iter(names)
    people: list[Person] = []

    def add(
        count: int,
        account: str,
        ps: str,
        apis: tuple[tuple[str, str], ...],
        homes: tuple[str, ...],
        **kw: Any,
    ) -> None:
        for _ in range(count):
            user = f"{next(pool)}@kawahlestari.co.id"
            people.append(
                Person(user, account, ps, rng.choice(homes), apis, host=rng.randint(4, 250), **kw)
            )

    add(n(5, 2), PROD, "PlatformAdmin", PLATFORM_APIS, ("home_jkt", "home_biznet"), console=False)
    add(n(6, 2), PROD, "PlantEngineer", PLANT_APIS, ("home_bdg", "vsat_kamojang"))
    add(n(6, 2), DATA, "DataAnalyst", ANALYST_APIS, ("home_jkt", "home_biznet"))
    add(n(3, 1), SEC, "SecurityAudit", SOC_APIS, ("home_jkt",), weekend=0.3)
    add(n(2, 1), MGMT, "AdministratorAccess", ADMIN_APIS, ("home_jkt", "home_biznet"), mac=True)
    add(n(2, 1), MGMT, "Billing", BILLING_APIS, ("home_jkt",), office_days=(0, 1, 2, 3, 4))
    return Org(
        people=people,
        historians=n(8, 2),
        tasks=n(6, 2),
        gateways={"kamojang": n(4, 1), "darajat": n(3, 1)},
        plan=plan,
    )


# the benign changes that alter the routine: (slot, UTC hour, minute)
CHANGES = {
    "release": (0, 3, 10),  # B1: the historian release adds a secret and a parameter read
    "uplink_down": (0, 6, 40),  # B10: Kamojang's VSAT link fails over to LTE...
    "uplink_up": (0, 27, 15),  # ...and back the next morning
    "sdk": (1, 4, 0),  # B3: the forecast tasks' SDK and Python upgrade
    "reorg": (2, 1, 0),  # B9: the analysts' new permission set
    "nat": (2, 2, 30),  # B5: prod's NAT gateway replaced, a new Elastic IP
    "join": (2, 3, 0),  # B12: the Lahendong plant's account joins
    "vpce": (3, 3, 0),  # B4: S3 and Secrets Manager endpoints in prod's VPC
}


@dataclass
class Plan:
    """The trail's days, the scored ones, and which day each incident slot (0-4) falls on."""

    days: list[dt.date]
    scored: list[dt.date]
    keys: dict[str, list[tuple[dt.datetime, dt.datetime, str, str]]] = field(default_factory=dict)
    user_keys: dict[str, str] = field(default_factory=dict)  # the IAM users' long-term keys

    def slot(self, k: int) -> dt.date:
        return self.scored[k % len(self.scored)]

    def at(self, k: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
        """UTC time on slot ``k``'s day (hours past 23 run into the next day)."""
        day = self.slot(k)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(
            hours=hour, minutes=minute, seconds=second
        )

    def when(self, change: str) -> dt.datetime:
        """When a benign change that alters the routine happens (``CHANGES``)."""
        return self.at(*CHANGES[change])

    def joined(self) -> dt.date:
        """The day the Lahendong plant's account joins the organisation."""
        return self.slot(2)

    def hold(self, who: str, start: dt.datetime, end: dt.datetime, key: str, session: str) -> None:
        self.keys.setdefault(who, []).append((start, end, key, session))

    def held(self, who: str, t: dt.datetime) -> tuple[str, str, dt.datetime]:
        """The key ``who`` held at ``t``: (key, session name, when it was minted)."""
        for start, end, key, session in self.keys[who]:
            if start <= t < end:
                return key, session, start
        raise KeyError(f"{who} held no key at {t}")


def make_plan(days: int, scored_days: int) -> Plan:
    if days < 2 or not 1 <= scored_days < days:
        raise ValueError("need at least two days and at least one unscored day before the scored")
    all_days = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    return Plan(all_days, all_days[-scored_days:])


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
