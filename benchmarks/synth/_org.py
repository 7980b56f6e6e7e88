"""A seeded synthetic AWS organisation: benign background, injected compromises, ground truth.

Use it to evaluate detection end to end (``benchmarks/eval_detection.py``), to benchmark the
scorer at a million events a day (``benchmarks/bench_score.py``) and in behavioural tests::

    from benchmarks.synth import generate_org, write_cloudtrail, write_geoip_mmdb
    org = generate_org(days=30, seed=7, scale=1.0)
    org.events          # polars DataFrame of exactly ueba.schema.EVENTS
    org.truth           # one row per injected incident, with what the detector should say
    write_cloudtrail(org.events, "trail/")         # S3-layout .json.gz, for ueba ingest
    write_geoip_mmdb("geo/")                       # ASN and City databases of the org's IP plan

The background is 30 days of EC2 instances with hourly AssumeRole keys on stable AWS IPs,
Lambda functions on churning AWS IPs, ECS tasks, people on the console (MFA) and CLI from a few
ISPs with DHCP churn, CI/CD from the office NAT, AWS services acting for the account, VPC
endpoints, errors and a weekly rhythm. In the last ``inject_days`` days it injects six
compromises and six benign changes (see ``truth``). Volume is linear in ``scale``:
about 6,300 events per account-weekday at 1.0 (``scale=80`` with 2 accounts: a million a
day). Every day is drawn from its own generator, so
:func:`iter_days` yields any long history one day at a time, in bounded memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from benchmarks.synth._crowd import crowd_day
from benchmarks.synth._frames import US_PER_DAY, to_events
from benchmarks.synth._incidents import compromise_day, schedule
from benchmarks.synth._people import services_day
from benchmarks.synth._plan import NETWORK, NETWORKS, THREAT_IP, Network, OrgPlan, plan_org
from benchmarks.synth._workloads import KeySlots, workload_day
from benchmarks.synth._write import write_cloudtrail, write_geoip_mmdb, write_threat_list
from ueba.schema import UTC_US

TRUTH_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "kind": pl.String(),  # compromise | benign_change
    "name": pl.String(),
    "access_key_id": pl.String(),  # null when the incident spans keys (match on principal and time)
    "principal_arn": pl.String(),
    "start": UTC_US,
    "end": UTC_US,
    "expected": pl.String(),  # "found" | "not medium+"
}


@dataclass(frozen=True)
class SynthOrg:
    """A generated organisation: its events, the ground truth, and the plan behind them."""

    events: pl.DataFrame
    truth: pl.DataFrame
    plan: OrgPlan

    @property
    def accounts(self) -> list[str]:
        return list(self.plan.accounts)

    @property
    def start(self) -> dt.date:
        return day_date(self.plan, 0)

    def day(self, index: int) -> dt.date:
        """The calendar date of day ``index`` (0-based)."""
        return day_date(self.plan, index)

    @property
    def inject_from(self) -> dt.date:
        """The first day that may carry injected incidents: baseline on the days before it."""
        return day_date(self.plan, self.plan.inject_from)


def day_date(plan: OrgPlan, index: int) -> dt.date:
    return dt.datetime.fromtimestamp((plan.start_us + index * US_PER_DAY) / 1e6, tz=dt.UTC).date()


def make_plan(
    *,
    days: int = 30,
    seed: int = 0,
    scale: float = 1.0,
    start: str | dt.date = "2024-06-01",
    accounts: int = 2,
    inject_days: int = 3,
) -> OrgPlan:
    """The organisation's plan (actors, IPs, incidents) without drawing any events.

    >>> plan = make_plan(days=10, scale=0.2, accounts=1)
    >>> [c.id for c in plan.compromises]
    ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']
    """
    if days < 2:
        raise ValueError(f"days must be at least 2, got {days}")
    if not 1 <= inject_days < days:
        raise ValueError(f"inject_days must be between 1 and days - 1, got {inject_days}")
    if scale <= 0 or accounts < 1:
        raise ValueError("scale must be positive and accounts at least 1")
    day0 = dt.date.fromisoformat(start) if isinstance(start, str) else start
    start_us = (
        int(dt.datetime(day0.year, day0.month, day0.day, tzinfo=dt.UTC).timestamp()) * 1_000_000
    )
    plan = plan_org(
        days=days,
        seed=seed,
        scale=scale,
        start_us=start_us,
        accounts=accounts,
        inject_days=inject_days,
    )
    schedule(plan)
    return plan


def day_events(plan: OrgPlan, index: int) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """Day ``index`` of the organisation (EVENTS frame, sorted by time) and its compromises.

    >>> events, truth = day_events(make_plan(days=3, scale=0.2, inject_days=1), 2)
    >>> sorted(row["id"] for row in truth)
    ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']
    """
    frames: list[pl.DataFrame] = []
    slots: dict[str, KeySlots] = {}
    for kind in ("ec2", "lambda", "ecs"):
        made, slots[kind] = workload_day(plan, kind, index)
        frames += made
    frames += crowd_day(plan, index)
    frames += services_day(plan, index)
    injected, truth = compromise_day(plan, index, slots)
    return to_events(frames + injected), truth


def iter_days(
    plan: OrgPlan, *, first: int = 0, last: int | None = None
) -> Iterator[tuple[dt.date, pl.DataFrame]]:
    """Yield ``(date, events)`` for days ``first``..``last`` (inclusive), one day in memory at a time.

    >>> plan = make_plan(days=3, scale=0.2, inject_days=1)
    >>> [d.isoformat() for d, _ in iter_days(plan, last=1)]
    ['2024-06-01', '2024-06-02']
    """
    stop = plan.days - 1 if last is None else last
    for index in range(first, stop + 1):
        events, _ = day_events(plan, index)
        yield day_date(plan, index), events


def generate_org(
    *,
    days: int = 30,
    seed: int = 0,
    scale: float = 1.0,
    start: str | dt.date = "2024-06-01",
    accounts: int = 2,
    inject_days: int = 3,
) -> SynthOrg:
    """Generate ``days`` days of a synthetic organisation with incidents in the last ``inject_days``.

    The same arguments give the same events, byte for byte.

    >>> org = generate_org(days=4, seed=1, scale=0.2, accounts=1, inject_days=2)
    >>> sorted(org.truth["kind"].unique())
    ['benign_change', 'compromise']
    """
    plan = make_plan(
        days=days, seed=seed, scale=scale, start=start, accounts=accounts, inject_days=inject_days
    )
    frames = []
    truth: list[dict[str, Any]] = list(plan.benign)
    for index in range(days):
        events, injected = day_events(plan, index)
        frames.append(events)
        truth += injected
    events = pl.concat(frames, how="vertical")
    table = pl.DataFrame(
        truth, schema={**TRUTH_SCHEMA, "start": pl.Int64(), "end": pl.Int64()}, orient="row"
    )
    table = table.with_columns(pl.col("start", "end").cast(UTC_US)).sort("id")
    return SynthOrg(events=events, truth=table, plan=plan)


def threat_ips() -> list[str]:
    """The addresses on the synthetic threat list (see :func:`write_threat_list`).

    >>> threat_ips()
    ['185.156.73.54']
    """
    import ipaddress

    return [str(ipaddress.ip_address(THREAT_IP))]


__all__ = [
    "NETWORK",
    "NETWORKS",
    "TRUTH_SCHEMA",
    "Network",
    "OrgPlan",
    "SynthOrg",
    "day_date",
    "day_events",
    "generate_org",
    "iter_days",
    "make_plan",
    "threat_ips",
    "write_cloudtrail",
    "write_geoip_mmdb",
    "write_threat_list",
]
