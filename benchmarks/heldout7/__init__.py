"""The seventh held-out suite: Wattle Pay, a Sydney payments company (written without reading
the rules; see ``benchmarks/README.md``, "Seventh held-out suite").

``generate(out, seed=1)`` writes ``out/AWSLogs/...`` (CloudTrail as S3 delivers it),
``out/truth.csv``, ``out/geo/heldout7-{ASN,City}.mmdb`` and ``out/suite.json``. The same seed
and arguments give the same files byte for byte. It imports nothing from ``ueba``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
from pathlib import Path
from typing import Any

from benchmarks.heldout7 import _org as org
from benchmarks.heldout7._background import Org, all_days
from benchmarks.heldout7._changes import changes, configure
from benchmarks.heldout7._incidents import attacks
from benchmarks.heldout7._trail import Trail, write_geo, write_trail

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


def calendar(days: int = 24) -> tuple[list[dt.date], list[dt.date]]:
    """(every UTC day of the trail, the scored days): the trail ends on 2026-10-07."""
    every = all_days(org.END - dt.timedelta(days=days - 1), org.END)
    return every, every[-org.SCORED :]


def generate(
    out: str | os.PathLike[str],
    *,
    seed: int = 1,
    days: int = 24,
    scale: float = 1.0,
    minutes: int = 5,
) -> dict[str, Any]:
    """Write the suite under ``out``; returns what ``suite.json`` holds."""
    if days < org.SCORED + 2:
        raise ValueError(f"days must be at least {org.SCORED + 2}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    every, scored = calendar(days)
    trail = Trail(random.Random(f"heldout7-ids:{seed}"))
    o = Org(trail, random.Random(f"heldout7:{seed}"), scale)
    configure(o)
    for day in all_days(every[0] - dt.timedelta(days=1), org.END + dt.timedelta(days=1)):
        o.day(day)  # Sydney calendar days around the UTC window
    truth = attacks(o) + changes(o)
    lo = dt.datetime.combine(every[0], dt.time(), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    hi = dt.datetime.combine(org.END + dt.timedelta(days=1), dt.time(), dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    records = [r for r in trail.records if lo <= r["eventTime"] < hi]
    files = write_trail(records, out, random.Random(f"heldout7-files:{seed}"), minutes=minutes)
    asn_db, city_db = write_geo(out / "geo")
    tmp = out / "truth.csv.tmp"
    with open(tmp, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(truth)
    os.replace(tmp, out / "truth.csv")
    summary = {
        "suite": "heldout7",
        "organisation": "Wattle Pay",
        "seed": seed,
        "scale": scale,
        "days": [d.isoformat() for d in every],
        "scored": [d.isoformat() for d in scored],
        "events": len(records),
        "files": files,
        "new_account": org.ACCOUNTS["data"],
        "new_account_day": org.NEW_ACCOUNT_DAY.isoformat(),
        "accounts": org.ACCOUNTS,
        "geo": {"asn": asn_db.name, "city": city_db.name},
    }
    (out / "suite.json").write_text(json.dumps(summary, indent=1, sort_keys=True))
    return summary


__all__ = ["TRUTH_COLUMNS", "calendar", "generate"]
