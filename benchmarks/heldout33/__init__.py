"""The thirty-third held-out suite: Tern Orbital, a small-satellite Earth-observation operator,
written blind (without reading how ``ueba`` detects anything).

``write(out, seed)`` writes a seeded trail in S3 layout below ``out/trail``, the truth file
``out/truth.csv`` and the GeoIP databases and threat list under ``out/geo``. The incidents
sit in five slots that fold onto the scored days (two scored days hold all of them), so that
a CI run needs few days. Nothing here imports ``ueba``.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout33 import _background as bg
from benchmarks.heldout33 import _org as o
from benchmarks.heldout33 import _partners as pt
from benchmarks.heldout33 import _workloads as wl
from benchmarks.heldout33._attacks_late import ATTACKS
from benchmarks.heldout33._changes_late import CHANGES
from benchmarks.heldout33._net import write_geo
from benchmarks.heldout33._trail import Trail

END = dt.date(2026, 11, 27)  # a Friday; the scored days are Monday to Friday
SLOTS = 5
THEFT = "A7"  # the cold-start theft: the edge account's instance credentials on its first day
COLUMNS = (
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


@dataclass(frozen=True)
class Written:
    """What a seed wrote, and what its runner needs to grade it."""

    out: Path
    trail: Path
    truth: Path
    asn_db: Path
    city_db: Path
    threat: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def slot_day(slot: int, scored: list[dt.date]) -> dt.date:
    """The scored day a slot folds onto."""
    return scored[min(len(scored) - 1, slot * len(scored) // SLOTS)]


def write(
    out: Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Generate seed ``seed``: ``days`` days ending on :data:`END`, the last ``scored_days``
    holding the incidents."""
    if not 1 <= scored_days < days:
        raise ValueError("scored_days must be at least 1 and fewer than days")
    out = Path(out)
    rng = random.Random(seed * 7919 + 33)
    trail = Trail(rng, scale)
    dates = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = dates[-scored_days:]
    lasting = bg.State()
    contract_end = max(dates[1], scored[0] - dt.timedelta(days=3))
    end_of_trail = dt.datetime(END.year, END.month, END.day) + dt.timedelta(days=1)
    rows: list[dict[str, str]] = []
    edge_day = slot_day(CHANGES["B8"][0], scored)
    for day in dates:
        if day >= contract_end:
            lasting.contractor_active = False
        todays = [
            (i, f)
            for i, (s, _, f) in CHANGES.items()
            if day in scored and slot_day(s, scored) == day
        ]
        for i, fn in todays:
            if CHANGES[i][1]:
                rows += fn(trail, rng, day, lasting, end_of_trail)
        state = copy.deepcopy(lasting)
        for i, fn in todays:
            if not CHANGES[i][1]:
                rows += fn(trail, rng, day, state, end_of_trail)
        bg.people(trail, rng, day, state)
        bg.config_recorder(trail, rng, day, state)
        bg.ground(trail, rng, day, state)
        wl.batch(trail, rng, day, state)
        if day.weekday() < 5:
            wl.sagemaker(trail, rng, day)
        pt.customers(trail, rng, day, state)
        wl.deploys(trail, rng, day, state)
        pt.vendor(trail, rng, day)
        pt.moc_bridge(trail, rng, day, state)
        pt.contractor(trail, rng, day, state)
        wl.edge(trail, rng, day, state, since=9.0 if day == edge_day else 0.0)
        for s, fn in ATTACKS.values():
            if day in scored and slot_day(s, scored) == day:
                rows += fn(trail, rng, day)
    files = trail.write(out / "trail")
    asn_db, city_db, threat = write_geo(out / "geo")
    truth = out / "truth.csv"
    rows.sort(key=lambda r: (r["id"][0], int(r["id"][1:]), r["start"]))
    tmp = truth.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(truth)
    return Written(
        out,
        out / "trail",
        truth,
        asn_db,
        city_db,
        threat,
        dates,
        scored,
        o.ACCOUNTS,
        (edge_day, o.EDGE),
        trail.count,
        files,
    )
