"""The held-out organisation: who exists, and the shared generation context.

Three accounts in one AWS Organization (a management account holding IAM Identity Center, a
production and a development account), CloudTrail as an organisation trail, Terraform run by a
CI account outside the trail. The actors and their habits are data here; ``_background`` makes
their days and ``_incidents`` the changes and attacks.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout._ct import Record
from benchmarks.heldout._net import Pool

ORG_ID = "o-7k2xq9m4ab"
MGMT, PROD, DEV = "390184551720", "581726394015", "662503917448"
BUILD_OLD, BUILD_NEW = "248916302775", "973015284466"  # CI accounts, outside the org trail
HOME = "us-east-1"
SSO_PATH = "/aws-reserved/sso.amazonaws.com/"
SSO_PROVIDER = "AWSSSO_5f3a0c9d1e2b4a67_DO_NOT_DELETE"


def sso_role(permission_set: str) -> str:
    return f"AWSReservedSSO_{permission_set}_{zlib.crc32(permission_set.encode()):08x}a1c3e5f7"


@dataclass
class Person:
    email: str
    permission_sets: dict[str, str]  # account -> permission set
    utc_offset: int  # hours; office hours are local
    home: str  # operator of the home line
    office_days: float  # share of weekdays in the office (corporate egress)
    cli_os: str  # os part of the aws-cli v2 agent
    console_share: float
    weekend: float = 0.05
    first_day: int = 0


@dataclass
class Fleet:
    """An Auto Scaling group: instances whose instance-profile keys ec2 mints every hour."""

    account: str
    role: str
    size: int
    apis: list[tuple[str, str, float]]  # (service, API, weight)
    agent: str
    nat: bool  # egress through the account's NAT gateways, else own public address
    per_hour: float
    peak_extra: int = 0  # instances added in US business hours on weekdays
    region: str = HOME


@dataclass
class Function:
    account: str
    name: str
    runtime: str  # python | node
    apis: list[tuple[str, str, float]]
    per_day: float
    vpc: bool = False
    nightly: bool = False


@dataclass
class Service:
    """An ECS service (Fargate tasks) or an EKS service account (IRSA)."""

    account: str
    name: str
    kind: str  # ecs | eks
    apis: list[tuple[str, str, float]]
    agent: str
    per_hour: float
    tasks: int = 1


@dataclass
class LegacyUser:
    account: str
    name: str
    operator: str
    agent: str
    apis: list[tuple[str, str, float]]
    hours: tuple[int, int]  # UTC
    runs_per_day: float
    calls_per_run: int
    weekdays_only: bool = True


@dataclass
class Ctx:
    seed: int
    start: dt.date
    days: int
    scored_days: int
    scale: float
    pool: Pool
    out: list[Record] = field(default_factory=list)
    # actor -> [(minted at, expires, key, session or instance id, address)]
    keys: dict[str, list[tuple[dt.datetime, dt.datetime, str, str, str]]] = field(
        default_factory=dict
    )
    nat: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    truth: list[dict[str, Any]] = field(default_factory=list)
    plan: dict[str, Any] = field(default_factory=dict)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(zlib.crc32(repr((self.seed, *parts)).encode()))

    def day_start(self, day: int) -> dt.datetime:
        d = self.start + dt.timedelta(days=day)
        return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)

    @property
    def first_scored(self) -> int:
        return self.days - self.scored_days

    def at(self, offset: int, hour: float) -> dt.datetime:
        """``hour`` (UTC, fractional) of the ``offset``-th scored day."""
        return self.day_start(self.first_scored + offset) + dt.timedelta(hours=hour)

    def nat_ip(self, account: str, rng: random.Random, region: str = HOME) -> str:
        """One of the account's two NAT gateway addresses (one per availability zone)."""
        if (account, region) not in self.nat:
            self.nat[(account, region)] = [self.pool.aws(region) for _ in range(2)]
        return rng.choice(self.nat[(account, region)])

    def key_at(self, actor: str, t: dt.datetime) -> tuple[dt.datetime, dt.datetime, str, str, str]:
        """The newest key of ``actor`` minted at or before ``t`` and still valid."""
        live = [k for k in self.keys.get(actor, []) if k[0] <= t < k[1]]
        if not live:
            raise LookupError(f"{actor} holds no key at {t}")
        return max(live, key=lambda k: k[0])


# operator of the corporate egress (a cloud proxy), and the data-event-logged bucket
OFFICE = "zscaler"
DATA_BUCKET = "northwind-prod-customer-exports"
