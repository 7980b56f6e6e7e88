"""The forty-third held-out suite: Kawah Lestari Energi, a geothermal power producer in Jakarta,
written without reading the rules. ``write(out, seed)`` writes its organisation trail (S3
layout), ``truth.csv``, the GeoIP test databases and the threat list; seeded, byte for byte.

    python -m benchmarks.heldout43 OUT --seed 1
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout43 import _normal as normal
from benchmarks.heldout43._attacks import thefts
from benchmarks.heldout43._benign import away, changes, glue_run
from benchmarks.heldout43._intrusions import intrusions
from benchmarks.heldout43._net import write_databases
from benchmarks.heldout43._org import ACCOUNTS, PLANT, PROD, make_org, make_plan
from benchmarks.heldout43._partners import github, service_roles, user_keys, vendors
from benchmarks.heldout43._people import iam_users, workday
from benchmarks.heldout43._reviews import reviews
from benchmarks.heldout43._trail import TRUTH_COLUMNS, Trail


@dataclass(frozen=True)
class Written:
    """What ``write`` wrote, and what a runner needs of it."""

    trail: Path
    truth: Path
    asn_db: Path
    city_db: Path
    threat: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    events: int
    files: int
    new_account: tuple[dt.date, str]


def write(
    out: str | Path, seed: int = 1, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """``days`` of trail to Sunday 6 December 2026, incidents on the last ``scored_days``."""
    out = Path(out)
    rng = random.Random(seed)
    plan = make_plan(days, scored_days)
    org = make_org(rng, scale, plan)
    trail = Trail(rng)
    plan.user_keys = {name: trail.key("AKIA") for name in ("veeam", "tableau", "notebook")}
    fleet = ["i-0" + trail.hexid(16) for _ in range(org.historians)]
    plant = "i-0" + trail.hexid(16)
    skip = away(org)
    for day in plan.days:
        for instance in fleet:
            normal.historian(trail, org, day, instance)
        if day >= plan.joined():
            normal.historian(trail, org, day, plant, PLANT)
        normal.forecast(trail, org, day)
        normal.lambdas(trail, org, day)
        normal.gateways(trail, org, day)
        github(trail, org, day)
        vendors(trail, org, day)
        service_roles(trail, org, day)
        user_keys(trail, org, day, plan.user_keys)
        glue_run(trail, day, 19, 40)
        for person in org.people:
            if (person.user, day) not in skip:
                workday(trail, org, person, day)
        iam_users(trail, org, day)
    rows = changes(trail, org) + reviews(trail, org) + thefts(trail, org) + intrusions(trail, org)
    root = out / "trail"
    files, events = trail.write(root)
    asn, city, threat = write_databases(out / "feeds")
    text = io.StringIO()
    table = csv.DictWriter(text, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
    table.writeheader()
    table.writerows(rows)
    truth = out / "truth.csv"
    truth.write_text(text.getvalue())
    accounts = (*ACCOUNTS, PLANT)
    assert PROD in accounts
    return Written(
        trail=root,
        truth=truth,
        asn_db=asn,
        city_db=city,
        threat=threat,
        days=plan.days,
        scored=plan.scored,
        accounts=accounts,
        events=events,
        files=files,
        new_account=(plan.joined(), PLANT),
    )
