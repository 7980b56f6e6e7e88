"""The forty-first held-out suite: Karabatak Reklam Teknolojileri, an Istanbul ad exchange, five
accounts under Organizations, written without reading how ``ueba`` detects anything.

``write(out, seed, days=24, scale=1.0, scored_days=5)`` writes ``out/AWSLogs`` (the trail),
``out/truth.csv``, ``out/geo/{asn,city}.mmdb`` and ``out/geo/threat.txt``. Imports nothing from
``ueba``. The organisation and its incidents: ``benchmarks/results/heldout41.md``."""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.heldout41 import benign, intrusions, org, people, routine
from benchmarks.heldout41.trail import Trail, deliver, write_geo

COLUMNS = (
    "id",
    "name",
    "label",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "start",
    "end",
    "event_ids",
    "expected_min_severity",
    "expected_max_severity",
)


@dataclass(frozen=True)
class Written:
    trail: Path  # the AWSLogs directory
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
    out: Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    if not 1 <= scored_days < days:
        raise ValueError(f"scored_days must be between 1 and days - 1, not {scored_days} of {days}")
    out = Path(out)
    rng = random.Random(f"heldout41-{seed}")
    dates = [org.END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = dates[-scored_days:]
    slot_day = {s: scored[s * len(scored) // 5] for s in range(5)}
    w = routine.World(Trail(rng), dates, scale)
    for name, (slot, hour) in benign.SWITCHES.items():
        w.switch[name] = w.at(slot_day[slot], hour)
    w.joined[org.GULF] = slot_day[2]
    routine.setup(w)
    end = w.at(scored[-1], 24) - dt.timedelta(seconds=1)
    truth: list[dict[str, str]] = []
    for day in dates:
        for job in people.DAILY:
            job(w, day)
        for slot in (s for s in range(5) if slot_day[s] == day):
            truth += benign.changes(w, slot, day, end)
            truth += intrusions.a7_gitlab_trust(w, day, slot)
            truth += [r for s, attack in intrusions.PLAN if s == slot for r in attack(w, day)]
    files = deliver(w.trail.records, out, rng)
    truth.sort(
        key=lambda r: (r["label"] != "attack", int(r["id"][1:]), r["start"], r["principal_arn"])
    )
    path = out / "truth.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(truth)
    asn_db, city_db, threat = write_geo(out / "geo")
    return Written(
        out / "AWSLogs",
        path,
        asn_db,
        city_db,
        threat,
        dates,
        scored,
        org.ACCOUNTS,
        len(w.trail.records),
        files,
        (slot_day[2], org.GULF),
    )
