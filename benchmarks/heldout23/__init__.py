"""The twenty-third held-out suite: LwaziPay, a South African mobile-money and telecom-billing
company (af-south-1, eu-west-1 for DR), written without reading the rules.

``python -m benchmarks.heldout23 OUT --seed N`` writes an S3-layout CloudTrail
(``OUT/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz``, five-minute delivery files),
``OUT/truth.csv`` (the incidents, with ``expected_min_severity`` per attack and
``expected_max_severity`` per benign change), ``OUT/threat.txt`` and
``OUT/geo/lwazi-{ASN,City}.mmdb``. The same seed writes the same bytes (the GeoIP files aside,
which carry their build time). Nothing here imports ``ueba``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout23._attacks import attacks
from benchmarks.heldout23._benign import benign
from benchmarks.heldout23._net import threat_list, write_geo
from benchmarks.heldout23._org import ACCOUNTS, END, World
from benchmarks.heldout23._people import connect_agents, people, planned_work
from benchmarks.heldout23._rows import COLUMNS
from benchmarks.heldout23._trail import Ids, Trail
from benchmarks.heldout23._workloads import (
    config_service,
    eks_nodes,
    invoice_lambda,
    irsa_pods,
    jenkins,
    legacy_users,
    notebooks,
    services_acting,
)

# the background of each day, in the order it is generated
DAILY = (
    eks_nodes,
    irsa_pods,
    jenkins,
    invoice_lambda,
    notebooks,
    config_service,
    legacy_users,
    services_acting,
    people,
    connect_agents,
    planned_work,
)


@dataclass(frozen=True)
class Written:
    """What a seed wrote: where, how much, and the calendar the runner scores."""

    out: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    events: int
    files: int
    accounts: tuple[str, ...]
    days: list[dt.date]
    scored: list[dt.date]
    new_account: tuple[dt.date, str]


def build(*, seed: int = 1, days: int = 24, scale: float = 1.0) -> World:
    """LwaziPay's ``days`` days ending on 2026-11-27 in memory (records and truth rows), the last
    five scored; at least seven days (the new account joins on the second scored day)."""
    if days < 7:
        raise ValueError("heldout23 needs at least 7 days (5 scored and 2 of history)")
    rng = random.Random(f"heldout23:{seed}")
    calendar = [END - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]
    ids = Ids(rng)
    w = World(seed=seed, days=calendar, scale=scale, rng=rng, ids=ids, trail=Trail(ids))
    for day in calendar:
        for make in DAILY:
            make(w, day)
    attacks(w)
    benign(w)
    # the trail ends at midnight after the last day (the NOC's night shift runs past it)
    last = (END + dt.timedelta(days=1)).isoformat()
    w.trail.records = [r for r in w.trail.records if r["eventTime"] < last]
    return w


def generate(out: Path, *, seed: int = 1, days: int = 24, scale: float = 1.0) -> Written:
    """:func:`build`, written to ``out`` (trail, truth, threat list, GeoIP databases)."""
    w = build(seed=seed, days=days, scale=scale)
    out.mkdir(parents=True, exist_ok=True)
    files = w.trail.write(out)
    truth = out / "truth.csv"
    with truth.with_suffix(".tmp").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(w.truth)
    truth.with_suffix(".tmp").replace(truth)
    threat = out / "threat.txt"
    threat.write_text("\n".join(threat_list()) + "\n")
    asn_db, city_db = write_geo(out / "geo")
    return Written(
        out=out,
        trail=out / "AWSLogs",
        truth=truth,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        events=len(w.trail.records),
        files=files,
        accounts=tuple(ACCOUNTS.values()),
        days=w.days,
        scored=w.scored,
        new_account=(w.s(2), ACCOUNTS["fraudml"]),
    )
