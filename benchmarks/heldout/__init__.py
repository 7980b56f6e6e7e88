"""A third, held-out scenario suite: an organisation written without reading ueba's rules.

``generate(out, seed=1)`` writes an AWS Organization's trail (management, prod and dev accounts
as an organisation trail: ``AWSLogs/<org id>/<account>/CloudTrail/<region>/Y/M/D/*.json.gz``),
``truth.csv`` in ``ueba.evaluation``'s format (plus ``expected_min_severity``), ``threat.txt``
(Tor exit addresses, as a threat feed would list them) and ``geo/heldout-{ASN,City}.mmdb``.
Nothing in ``ueba`` imports this package.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout import _ct as ct
from benchmarks.heldout._attacks import attacks
from benchmarks.heldout._cast import FLEETS, FUNCTIONS, LEGACY, PEOPLE, SERVICES
from benchmarks.heldout._incidents import benign, changes_truth, plan_changes
from benchmarks.heldout._net import Pool, write_geo
from benchmarks.heldout._org import (
    DEV,
    MGMT,
    OFFICE,
    ORG_ID,
    PROD,
    Ctx,
    Fleet,
)
from benchmarks.heldout._people import ci_day, legacy_day, person_day, services_day
from benchmarks.heldout._workloads import fleet_day, function_day, service_day

START = dt.date(2026, 6, 1)
TRUTH_COLUMNS = [
    "id",
    "name",
    "label",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "event_ids",
    "start",
    "end",
    "expected_min_severity",
]


@dataclass
class Written:
    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    scored: list[dt.date]
    accounts: list[str]
    events: int
    records: list[dict[str, Any]]


def _ops_admin_day(ctx: Ctx, day: int) -> None:
    """The ops lead's break-glass IAM user: console with MFA from the office, twice a week."""
    rng = ctx.rng("ops-admin", day)
    start = ctx.day_start(day)
    if start.weekday() not in (1, 3) or rng.random() < 0.3:
        return
    t = start + dt.timedelta(hours=rng.uniform(14, 20))
    ip = str(ctx.plan["office_ips"][rng.randrange(2)])
    base = {k: v for k, v in ct.iam_user(PROD, "ops-admin", "").items() if k != "accessKeyId"}
    ctx.out.append(
        ct.record(
            rng,
            t,
            PROD,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            base,
            ip,
            ct.BROWSER,
            response={"ConsoleLogin": "Success"},
            read_only=False,
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "Yes",
                },
                "eventType": "AwsConsoleSignIn",
            },
        )
    )
    ident = ct.iam_user(PROD, "ops-admin", ct.new_key(rng), mfa=True)
    for _ in range(rng.randint(10, 40)):
        api = rng.choice(
            [
                ("ec2", "DescribeInstances"),
                ("iam", "GetUser"),
                ("cloudwatch", "DescribeAlarms"),
                ("ce", "GetCostAndUsage"),
                ("support", "DescribeCases"),
            ]
        )
        ctx.out.append(
            ct.record(
                rng,
                t + dt.timedelta(seconds=rng.uniform(5, 2400)),
                PROD,
                "us-east-1",
                api[0],
                api[1],
                ident,
                ip,
                "console.amazonaws.com",
                from_console=True,
            )
        )


def build(seed: int = 1, days: int = 21, scale: float = 1.0, scored_days: int = 5) -> Ctx:
    if scored_days < 5 or days < scored_days + 7:
        raise ValueError("the held-out suite needs at least 5 scored days after 7 days of history")
    ctx = Ctx(
        seed=seed,
        start=START,
        days=days,
        scored_days=scored_days,
        scale=scale,
        pool=Pool(random.Random(seed * 7919), {}),
    )
    ctx.plan["office_ips"] = [ctx.pool.isp(OFFICE) for _ in range(2)]
    ctx.plan["tor_exits"] = [
        ctx.pool.isp("frantech"),
        ctx.pool.isp("calyx"),
        ctx.pool.isp("frantech"),
    ]
    plan_changes(ctx)
    fleets: list[tuple[Fleet, dict[str, Any]]] = [(f, {}) for f in FLEETS]
    rollout = Fleet(
        PROD,
        "prod-web-instance",
        2,
        FLEETS[0].apis,
        "python",
        nat=False,
        per_hour=6,
        region="eu-central-1",
    )
    rollout_state: dict[str, Any] = {"launch_at": ctx.plan["rollout_at"]}
    for day in range(days):
        start = ctx.day_start(day)
        for fleet, state in fleets:
            fleet_day(ctx, fleet, day, state)
        if start + dt.timedelta(days=1) > ctx.plan["rollout_at"]:
            fleet_day(ctx, rollout, day, rollout_state)
            first = ctx.plan["rollout_at"].hour if start < ctx.plan["rollout_at"] else 0
            function_day(ctx, FUNCTIONS[0], day, "eu-central-1", not_before=first)
        for fn in FUNCTIONS:
            function_day(ctx, fn, day)
        for svc in SERVICES:
            service_day(ctx, svc, day)
        for p in PEOPLE:
            person_day(ctx, p, day)
        for u in LEGACY:
            legacy_day(ctx, u, day)
        _ops_admin_day(ctx, day)
        for account in (PROD, DEV):
            ci_day(ctx, account, day)
        services_day(ctx, MGMT, day, ("config", "securityhub", "access-analyzer", "trustedadvisor"))
        services_day(ctx, PROD, day, ("config", "securityhub", "access-analyzer", "trustedadvisor"))
        dev_kinds = ("config", "access-analyzer")
        if start >= ctx.plan["securityhub_dev_at"].replace(hour=0, minute=0):
            dev_kinds += ("securityhub",)
        services_day(ctx, DEV, day, dev_kinds)
        if day >= ctx.first_scored:
            benign(ctx, day)
            attacks(ctx, day)
    changes_truth(ctx)
    return ctx


def generate(
    out: str | Path, *, seed: int = 1, days: int = 21, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write the organisation's trail, truth, threat list and GeoIP databases under ``out``."""
    root = Path(out)
    ctx = build(seed, days, scale, scored_days)
    end = ctx.day_start(days)
    first = ctx.day_start(0)
    records = [r for r in ctx.out if first <= _time(r) < end]
    records.sort(key=lambda r: (r["eventTime"], r["eventID"]))
    trail = root / "AWSLogs"
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        groups[(r["recipientAccountId"], r["awsRegion"], r["eventTime"][:13])].append(r)
    for (account, region, hour), batch in sorted(groups.items()):
        t = dt.datetime.strptime(hour, "%Y-%m-%dT%H")
        name = f"{account}_CloudTrail_{region}_{t:%Y%m%dT%H}05Z_{ct.stable_id('', repr((ctx.seed, account, region, hour)), 16)}.json.gz"
        folder = trail / ORG_ID / account / "CloudTrail" / region / f"{t:%Y/%m/%d}"
        folder.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"Records": batch}, separators=(",", ":")).encode()
        (folder / name).write_bytes(_gz.compress(payload))
    truth = root / "truth.csv"
    with truth.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(ctx.truth)
    threat = root / "threat.txt"
    threat.write_text("".join(f"{ip}\n" for ip in ctx.plan["tor_exits"]))
    asn_db, city_db = write_geo(ctx.pool.used, root / "geo")
    return Written(
        root=root,
        trail=trail,
        truth=truth,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        scored=[(ctx.day_start(ctx.first_scored + i)).date() for i in range(scored_days)],
        accounts=[MGMT, PROD, DEV],
        events=len(records),
        records=records,
    )


def _time(record: dict[str, Any]) -> dt.datetime:
    return dt.datetime.strptime(record["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


__all__ = ["START", "Written", "build", "generate"]
