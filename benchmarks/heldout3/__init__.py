"""A third blind held-out suite: Halvard Freight, an enterprise on AWS Organizations.

Written without reading ueba's rules, models, their docs, the other generators or their
results, and importing nothing from ``ueba``. ``generate`` writes an organisation trail
(``AWSLogs/o-<org>/<account>/CloudTrail/<region>/YYYY/MM/DD/...json.gz``), ``truth.csv``
(docs/evaluation.md's format plus ``expected_min_severity`` for attacks and
``expected_max_severity`` for benign changes), ``threat.txt`` and
``geo/heldout3-{ASN,City}.mmdb``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._attacks import run as attacks
from benchmarks.heldout3._changes import apply, late_rows, offsite_ip, schedule
from benchmarks.heldout3._net import write_geo
from benchmarks.heldout3._people import person_day
from benchmarks.heldout3._services import services_day
from benchmarks.heldout3._workloads import plan_instances, workload_day
from benchmarks.heldout3._world import World

LAST_DAY = dt.date(2025, 10, 30)  # the EU clocks go back on Sunday 26 October 2025
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


@dataclass(frozen=True)
class Written:
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]
    vended: dt.date
    accounts: dict[str, str]
    events: int
    files: int


def build(seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5) -> World:
    """The whole organisation in memory (records and truth), not yet written."""
    if days < scored_days + 5:
        raise ValueError(
            f"days={days}: need at least {scored_days + 5} (a history before the scored days)"
        )
    world = World(seed, LAST_DAY - dt.timedelta(days=days - 1), days, scored_days, scale)
    plan_instances(world)
    schedule(world)
    for day in world.days:
        for w in world.workloads:
            workload_day(world, w, day)
        services_day(world, day)
        for person in org.PEOPLE:
            person_day(world, person, day, ip=offsite_ip(world, person.user, day))
    apply(world)
    attacks(world)
    late_rows(world)
    return world


def generate(
    out: str | Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write the trail, truth, threat list and geo databases under ``out``."""
    out = Path(out)
    world = build(seed, days=days, scale=scale, scored_days=scored_days)
    files = world.trail.write(out)
    truth = out / "truth.csv"
    with truth.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(world.truth)
    threat = out / "threat.txt"
    threat.write_text(world.addr.named("tor-exit", "tor") + "\n185.220.101.1\n")
    asn_db, city_db = write_geo(out / "geo", world.addr.used)
    return Written(
        out,
        truth,
        threat,
        asn_db,
        city_db,
        tuple(world.days),
        tuple(world.scored),
        world.vended,
        dict(org.ACCOUNTS),
        world.trail.count,
        len(files),
    )


__all__ = ["LAST_DAY", "Written", "build", "generate"]
