"""The nineteenth held-out scenario suite: Kurenai Mobility, a Japanese connected-car platform.

Written without reading the rules (``ueba/detect/``, ``ueba/models/``, ``docs/rules.md``) or any
other suite's generator, runner, test or results; it imports nothing from ``ueba``. One call,
:func:`generate`, writes an S3-layout CloudTrail, ``truth.csv``, ``threat.txt`` and GeoIP
stand-ins; the same seed writes the same bytes (the GeoIP files aside, which carry their build
time). See ``benchmarks/results/heldout19.md`` for the organisation and its incidents.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout19._attacks import ATTACKS
from benchmarks.heldout19._background import (
    export_instances,
    fleet_gateway,
    functions,
    github_actions,
    ota_pipeline,
)
from benchmarks.heldout19._benign import benign_events, benign_truth, campaign
from benchmarks.heldout19._changes import CHANGE_DAYS, active
from benchmarks.heldout19._files import write_files, write_geo
from benchmarks.heldout19._partners import config_recorders, iam_users, suppliers
from benchmarks.heldout19._people import everyone
from benchmarks.heldout19._plan import ACCOUNTS, THREAT_ADDRESS, days, workday
from benchmarks.heldout19._trail import Day

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
NEW_ACCOUNT = (CHANGE_DAYS["B11"], ACCOUNTS["charging"])
COLD_START_ATTACK = "A10"


@dataclass(frozen=True)
class Written:
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    events: int
    files: int
    accounts: tuple[str, ...]
    days: tuple[dt.date, ...]
    scored: tuple[dt.date, ...]


def one_day(
    seed: int, day: dt.date, scale: float, *, incidents: bool
) -> tuple[Day, list[dict[str, str]]]:
    """Every record of ``day`` and the truth rows of its attacks."""
    d = Day(seed, day, scale)
    today = active(day) if incidents else set()
    fleet_gateway(d)
    functions(d, boost={"telemetry-ingest": 2.0} if "B9" in today else None)
    export_instances(d)
    ota_pipeline(d)
    github_actions(d)
    suppliers(d)
    iam_users(d)
    config_recorders(d, [a for k, a in ACCOUNTS.items() if k != "charging"])
    everyone(d)
    if d.rng("small-campaign").random() < 0.3 * workday(day):
        campaign(d, 1)
    rows = []
    if incidents:
        benign_events(d)
        for attack in ATTACKS.get(day, []):
            rows += attack(d)
    elif day >= CHANGE_DAYS["B11"]:
        benign_events(d)
    return d, rows


def generate(
    out: str | Path, *, seed: int = 1, days_: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write the trail, truth, threat list and GeoIP databases of one seed into ``out``."""
    out = Path(out)
    trail = out / "trail"
    if trail.exists():  # files are added to across days: start from nothing
        shutil.rmtree(trail)
    all_days = days(days_)
    scored = all_days[-scored_days:]
    events = 0
    accounts: set[str] = set()
    truth: list[dict[str, str]] = []
    for day in all_days:
        d, rows = one_day(seed, day, scale, incidents=day in scored)
        truth += rows
        events += len(d.records)
        accounts |= {r["recipientAccountId"] for r in d.records}
        write_files(d.records, trail)
    files = sum(1 for _ in trail.rglob("*.json.gz"))
    truth += [r for r in benign_truth() if CHANGE_DAYS[r["id"]] in scored]
    truth.sort(key=lambda r: (r["id"][0], int(r["id"][1:])))
    truth_path = out / "truth.csv"
    with (out / "truth.csv.tmp").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS, extrasaction="raise")
        writer.writeheader()
        for r in truth:
            writer.writerow({c: r.get(c, "") for c in TRUTH_COLUMNS})
    (out / "truth.csv.tmp").replace(truth_path)
    threat = out / "threat.txt"
    threat.write_text(THREAT_ADDRESS + "\n")
    asn_db, city_db = write_geo(out / "geo")
    return Written(
        trail,
        truth_path,
        threat,
        asn_db,
        city_db,
        events,
        files,
        tuple(sorted(accounts)),
        tuple(all_days),
        tuple(scored),
    )


__all__ = ["COLD_START_ATTACK", "NEW_ACCOUNT", "TRUTH_COLUMNS", "Written", "generate"]
