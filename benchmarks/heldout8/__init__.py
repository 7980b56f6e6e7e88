"""The eighth held-out suite: Kessler Antriebstechnik, a German/US/Japanese drives manufacturer.

Written without reading ``ueba``'s rules or models, or any other suite's generator, runner or
results (see ``benchmarks/README.md``, "Eighth held-out suite"); it imports nothing from
``ueba`` (a test checks). ``python -m benchmarks.heldout8 OUT --seed N`` writes:

- ``OUT/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz``: one file per account,
  region and five-minute delivery;
- ``OUT/truth.csv``: attacks (key or principal, address, event IDs, ``expected_min_severity``)
  and benign changes (principal, window, ``expected_max_severity``);
- ``OUT/geo/heldout8-{ASN,City}.mmdb``: MaxMind-format stand-ins for exactly its networks.

The last five days (2026-11-06 .. 2026-11-10) carry the incidents; the trail ends on Patch
Tuesday. Europe leaves summer time on 2026-10-25 and the US on 2026-11-01; Japan's Culture Day
(2026-11-03) is a holiday at the Nagoya plant. Deterministic per seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.heldout8._attacks import attacks
from benchmarks.heldout8._background import Background
from benchmarks.heldout8._benign import benign, changes_for
from benchmarks.heldout8._net import write_mmdb
from benchmarks.heldout8._trail import Trail

LAST_DAY = dt.date(2026, 11, 10)  # Patch Tuesday; the past, so no record is in the future
SCORED = 5
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
class Suite:
    out: Path
    days: list[dt.date]
    scored: list[dt.date]
    events: int
    files: int
    truth: Path
    asn_db: Path
    city_db: Path


def generate(
    out: str | os.PathLike[str], *, seed: int = 1, days: int = 24, scale: float = 1.0
) -> Suite:
    """Write the trail, truth and GeoIP stand-ins under ``out``; the last 5 of ``days`` are scored."""
    if days < SCORED + 2:
        raise ValueError(f"days must be at least {SCORED + 2}")
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    all_days = [LAST_DAY - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-SCORED:]
    trail = Trail(np.random.default_rng([seed, 8]))
    bg = Background(trail, scale, changes_for(scored[0]))
    for day in all_days:
        bg.day(day)
    end = dt.datetime(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day, tzinfo=dt.UTC) + dt.timedelta(
        days=1
    )
    rows = attacks(bg, scored[0]) + benign(bg, scored[0], end)
    files = trail.write(root)
    truth = root / "truth.csv"
    tmp = truth.with_suffix(".tmp")
    with open(tmp, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(truth)
    asn_db, city_db = write_mmdb(root / "geo")
    return Suite(root, all_days, scored, len(trail.records), files, truth, asn_db, city_db)


__all__ = ["LAST_DAY", "SCORED", "Suite", "generate"]
