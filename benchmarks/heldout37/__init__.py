"""The thirty-seventh held-out suite: Pasir Merah Container Terminals (PMCT), a container-port
terminal operator in Singapore, written without reading ``ueba``'s rules. ``write(out, seed)``
generates a seeded trail (CloudTrail in S3 layout), its GeoIP databases, threat list and truth.
The generator imports nothing from ``ueba``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout37 import _background as bg
from benchmarks.heldout37 import _people as people
from benchmarks.heldout37._attacks import ATTACKS
from benchmarks.heldout37._benign import BENIGN
from benchmarks.heldout37._org import ACCOUNTS, TOKYO
from benchmarks.heldout37._plan import TOKYO_JOINS, Plan
from benchmarks.heldout37._records import Trail
from benchmarks.heldout37._world import World
from benchmarks.heldout37._write import write_geo, write_threat, write_trail, write_truth

DAYS, SCORED = 24, 5
THEFT = "A7"  # the cold-start theft: the new account's instance credentials on its first day
DAILY = (bg.eks_nodes, bg.pods, bg.greengrass, bg.lambdas, bg.edi, bg.partners, people.platform_team,
         people.operators, people.billing, people.auditor, people.terraform, people.aws_config, people.tokyo)


@dataclass(frozen=True)
class Written:
    out: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    events: int
    files: int
    accounts: tuple[str, ...]
    new_account: tuple[dt.date, str]


def write(out: Path | str, seed: int, *, days: int = DAYS, scored_days: int = SCORED, scale: float = 1.0) -> Written:
    out = Path(out)
    plan = Plan.make(days, scored_days, scale)
    trail = Trail(seed * 7919 + 37)
    world = World.make(trail, plan)
    for day in plan.days:
        for activity in DAILY:
            activity(trail, plan, world, day)
    rows = []
    for incident in (*ATTACKS, *BENIGN):
        rows += incident(trail, plan, world)
    files = write_trail(trail, out / "trail")
    asn_db, city_db = write_geo(out / "geo")
    return Written(
        out=out,
        trail=out / "trail",
        truth=write_truth(rows, out / "truth.csv"),
        threat=write_threat(out / "threat.txt"),
        asn_db=asn_db,
        city_db=city_db,
        days=list(plan.days),
        scored=list(plan.scored),
        events=len(trail.records),
        files=files,
        accounts=ACCOUNTS,
        new_account=(plan.slot(TOKYO_JOINS), TOKYO),
    )


__all__ = ["DAYS", "SCORED", "THEFT", "Written", "write"]
