"""The trail in CloudTrail's S3 layout: one gzipped ``{"Records": [...]}`` file per account,
region and five-minute delivery, named and dated by its delivery (three to twelve minutes after
the events; about one record in a hundred a delivery later), written to a temporary name and
renamed."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
FIVE = dt.timedelta(minutes=5)


def delivered(t: dt.datetime, rng: random.Random) -> dt.datetime:
    when = t + dt.timedelta(seconds=rng.randint(180, 720))
    if rng.random() < 0.01:
        when += FIVE
    return when - dt.timedelta(
        minutes=when.minute % 5, seconds=when.second, microseconds=when.microsecond
    )


def write_trail(
    records: list[tuple[dt.datetime, str, str, dict[str, Any]]], root: Path, rng: random.Random
) -> int:
    """Every record into its delivery file below ``root`` (``AWSLogs/...``); the file count."""
    files: dict[tuple[str, str, dt.datetime], list[tuple[dt.datetime, dict[str, Any]]]] = (
        defaultdict(list)
    )
    for t, account, region, rec in records:
        files[(account, region, delivered(t, rng))].append((t, rec))
    for (account, region, when), batch in sorted(files.items()):
        batch.sort(key=lambda pair: pair[0])
        stamp = when.strftime("%Y%m%dT%H%MZ")
        name = f"{account}_CloudTrail_{region}_{stamp}_{''.join(rng.choice(_ALNUM) for _ in range(16))}.json.gz"
        folder = root / "AWSLogs" / account / "CloudTrail" / region / when.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"Records": [rec for _, rec in batch]}, separators=(",", ":")).encode()
        tmp = folder / (name + ".tmp")
        tmp.write_bytes(gzip.compress(body, compresslevel=6, mtime=0))
        tmp.replace(folder / name)
    return len(files)
