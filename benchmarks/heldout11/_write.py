"""Write a generated organisation as CloudTrail delivers it to S3: one gzipped
``{"Records": [...]}`` file per account, region and five minutes of events, named and placed
by its delivery time (two to ten minutes later), plus ``truth.csv``, ``threat.txt`` and the
GeoIP databases."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout11._build import SCORED, generate
from benchmarks.heldout11._net import THREAT, write_geo
from benchmarks.heldout11._org import ACCOUNTS, LEND


@dataclass(frozen=True)
class Written:
    """What a seed wrote, as the runner and the tests read it."""

    root: Path
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
    new_account: tuple[dt.date, str]


def _bucket(stamp: str) -> dt.datetime:
    t = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    return t.replace(minute=t.minute - t.minute % 5, second=0)


def write_trail(
    records: list[tuple[str, str, dict[str, Any]]],
    out: Path,
    *,
    seed: int,
    first: dt.date,
    last: dt.date,
) -> int:
    """The delivery files under ``out/AWSLogs``; returns how many."""
    lo = dt.datetime(first.year, first.month, first.day)
    hi = dt.datetime(last.year, last.month, last.day) + dt.timedelta(days=1)
    files: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
    for acct, region, rec in records:
        b = _bucket(rec["eventTime"])
        if lo <= b < hi:
            files[(acct, region, b)].append(rec)
    rng = random.Random(seed * 31 + 7)
    for (acct, region, b), recs in sorted(files.items()):
        recs.sort(key=lambda r: r["eventTime"])
        sent = b + dt.timedelta(minutes=5 + rng.randint(2, 10))
        name = f"{acct}_CloudTrail_{region}_{sent:%Y%m%dT%H%MZ}_{''.join(rng.choice('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') for _ in range(16))}.json.gz"
        where = out / "AWSLogs" / acct / "CloudTrail" / region / f"{sent:%Y/%m/%d}"
        where.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        tmp = where / (name + ".tmp")
        tmp.write_bytes(_gz.compress(body))
        tmp.replace(where / name)
    return len(files)


def write(out: str | Path, *, seed: int = 1, days: int = 24, scale: float = 1.0) -> Written:
    """Generate seed ``seed`` and write it under ``out``."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    trail, truth, dates = generate(seed, days=days, scale=scale)
    files = write_trail(trail.records, root / "trail", seed=seed, first=dates[0], last=dates[-1])
    truth.write(root / "truth.csv")
    (root / "threat.txt").write_text(THREAT + "\n")
    asn_db, city_db = write_geo(root / "geo")
    lo = dates[0].isoformat()
    events = sum(
        1 for _, _, r in trail.records if lo <= r["eventTime"][:10] <= dates[-1].isoformat()
    )
    return Written(
        root=root,
        trail=root / "trail",
        truth=root / "truth.csv",
        threat=root / "threat.txt",
        asn_db=asn_db,
        city_db=city_db,
        events=events,
        files=files,
        accounts=tuple(ACCOUNTS),
        days=tuple(dates),
        scored=tuple(dates[-SCORED:]),
        new_account=(dates[-SCORED], LEND),
    )
