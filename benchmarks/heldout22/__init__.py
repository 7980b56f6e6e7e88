"""The twenty-second held-out suite: BrightPath Learning, a US K-12 education-technology SaaS,
written without reading the rules (``docs/evaluation.md``, "The twenty-second held-out suite").

``python -m benchmarks.heldout22 OUT --seed N [--days 24] [--scale 1.0]`` writes
``OUT/AWSLogs/...`` (five-minute delivery files per account and region), ``OUT/truth.csv``,
``OUT/threat.txt`` and ``OUT/geo/heldout22-{ASN,City}.mmdb``. Nothing is imported from ``ueba``.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._attacks import attacks
from benchmarks.heldout22._calendar import Calendar
from benchmarks.heldout22._changes import benign_changes, research_day
from benchmarks.heldout22._nightly import roster_day, services_day
from benchmarks.heldout22._org import (
    Ctx,
    cognito_day,
    deploys_day,
    lambda_day,
    rotate_appsync,
)
from benchmarks.heldout22._people import people_day
from benchmarks.heldout22._thefts import legacy_sis_day
from benchmarks.heldout22._trail import Trail

TRUTH_COLUMNS = (
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
    "expected_max_severity",
)
SCORED = 5


@dataclass(frozen=True)
class Written:
    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: list[str]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def generate(out: Path | str, *, seed: int = 1, days: int = 24, scale: float = 1.0) -> Written:
    if days < SCORED + 3:
        raise ValueError(f"days must be at least {SCORED + 3}: {days}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"heldout22/{seed}")
    cal = Calendar(w.END)
    calendar = [w.END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    ctx = Ctx(Trail(rng), rng, calendar, scale, cal)
    d = {k: w.END + dt.timedelta(days=k) for k in range(-SCORED + 1, 1)}
    research_keys: dict[int, str] = {}
    for day in calendar:
        lambda_day(ctx, day)
        deploys_day(ctx, day)
        cognito_day(ctx, day)
        roster_day(ctx, day)
        services_day(ctx, day)
        people_day(ctx, day)
        legacy_sis_day(ctx, day)
        if cal.rotation(day) and cal.k(day) != -3:  # the scored week's rotation is B6's
            rotate_appsync(ctx, day)
        if cal.research_live(day):
            keys = research_day(ctx, day, first=cal.k(day) == -2)
            if cal.k(day) == -1:
                research_keys = keys
    benign_changes(ctx, d)
    attacks(ctx, d, research_keys)
    files, events = ctx.trail.write(out)
    truth = out / "truth.csv"
    with truth.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        for row in ctx.truth:
            writer.writerow({c: row.get(c, "") for c in TRUTH_COLUMNS})
    threat = out / "threat.txt"
    threat.write_text("\n".join(w.THREAT) + "\n")
    asn_db, city_db = w.write_geo(out / "geo")
    return Written(
        root=out,
        trail=out / "AWSLogs",
        truth=truth,
        threat=threat,
        asn_db=asn_db,
        city_db=city_db,
        days=calendar,
        scored=calendar[-SCORED:],
        accounts=[*w.ACCOUNTS.values(), w.NEW_ACCOUNT[1]],
        new_account=(d[-2], w.NEW_ACCOUNT[1]),
        events=events,
        files=len(files),
    )
