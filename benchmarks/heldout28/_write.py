"""The trail as CloudTrail delivers it to S3: one gzipped ``{"Records": [...]}`` file per
account, region and fifteen-minute delivery interval, named and dated by its delivery time
(``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<stamp>_<id>.json.gz``).
Each record reaches S3 3 to 15 minutes after it happened (a few later), so a file holds the
end of one interval and the start of the next. Every file is written to a temporary name and
renamed."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.heldout28._scene import TRUTH_COLUMNS

INTERVAL = dt.timedelta(minutes=15)
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _delivery(rng: random.Random, when: dt.datetime) -> dt.datetime:
    delay = dt.timedelta(
        seconds=rng.randrange(180, 900) if rng.random() < 0.97 else rng.randrange(900, 2400)
    )
    t = when + delay
    base = dt.datetime(t.year, t.month, t.day, t.hour, tzinfo=dt.UTC)
    slot = (t - base) // INTERVAL + 1
    return base + slot * INTERVAL + dt.timedelta(seconds=rng.randrange(5, 50))


def write_trail(root: Path, records: list[dict[str, Any]], rng: random.Random) -> int:
    """Write every record into its delivery file; returns the number of files."""
    records = sorted(records, key=lambda r: (r["eventTime"], r["eventID"]))
    files: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        when = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        files[(r["recipientAccountId"], r["awsRegion"], _delivery(rng, when))].append(r)
    stamps: dict[tuple[str, str, dt.datetime], dt.datetime] = {}
    merged: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
    for (account, region, at), recs in files.items():
        key = (account, region, at.replace(second=0) - dt.timedelta(minutes=at.minute % 15))
        stamps[key] = max(stamps.get(key, at), at)
        merged[key] += recs
    for key in sorted(merged):
        account, region, _ = key
        at = stamps[key]
        folder = root / account / "CloudTrail" / region / f"{at:%Y}" / f"{at:%m}" / f"{at:%d}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{account}_CloudTrail_{region}_{at:%Y%m%dT%H%MZ}_{''.join(rng.choice(ALNUM) for _ in range(16))}.json.gz"
        body = json.dumps({"Records": merged[key]}, separators=(",", ":")).encode()
        tmp = folder / (name + ".tmp")
        tmp.write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
        tmp.replace(folder / name)
    return len(merged)


def write_truth(path: Path, rows: list[dict[str, Any]]) -> Path:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        for row in sorted(rows, key=lambda r: (r["id"][0], int(r["id"][1:]))):
            writer.writerow(row)
    tmp.replace(path)
    return path
