"""The twenty-seventh held-out suite: Tamarack Genome Institute, a Canadian genomics research
institute (Montréal) in ``ca-central-1`` with HealthOmics in ``us-east-1`` and burst capacity in
``us-west-2``, written blind (without reading how ``ueba`` detects anything; it imports nothing
from ``ueba``).

``generate(out, seed=1)`` writes ``out/AWSLogs/...`` (CloudTrail in S3 layout, one file per
account, region and delivery: fifteen minutes in ca-central-1, thirty elsewhere), ``out/truth.csv``, ``out/threat.txt`` and
``out/geo/tamarack-{ASN,City}.mmdb``; see ``benchmarks/results/heldout27.md``."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout27._attacks import attacks
from benchmarks.heldout27._background import at, day
from benchmarks.heldout27._benign import benign, newcomer, plan
from benchmarks.heldout27._net import Addresses, write_geo
from benchmarks.heldout27._org import CRYOEM, PLATFORM, RESEARCH, SEQCORE, build
from benchmarks.heldout27._trail import Ids, Trail

END = dt.date(2026, 12, 4)  # a Friday: the scored days are Monday 30 November to Friday
SLOTS = 5
TRUTH_COLUMNS = (
    "id",
    "label",
    "name",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "event_ids",
    "start",
    "end",
    "expected_min_severity",
    "expected_max_severity",
)
# the threat feed the institute's SOC subscribes to: Tor exits (one of them FlokiNET's)
THREAT = ("185.100.87.174", "185.220.101.33", "204.8.96.151")


@dataclass(frozen=True)
class Written:
    """What ``generate`` wrote, and the trail's shape."""

    root: Path
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: tuple[str, ...]
    new_account: tuple[dt.date, str]
    events: int
    files: int


def slots(scored: list[dt.date]) -> list[dt.date]:
    """The scored day each of the five incident slots falls on: one slot a day over five
    scored days; fewer scored days (CI scale) fold the slots onto them in order."""
    return [scored[min(len(scored) - 1, k * len(scored) // SLOTS)] for k in range(SLOTS)]


def generate(
    out: Path, *, seed: int = 1, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    if days < scored_days + 2 or scored_days < 1:
        raise ValueError("days must leave at least two days of history before the scored days")
    rng = random.Random(f"heldout27-{seed}")
    trail = Trail(Ids(random.Random(f"heldout27-ids-{seed}")))
    addr = Addresses(random.Random(f"heldout27-net-{seed}"))
    org = build(rng, trail, addr, scale)
    all_days = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    scored = all_days[-scored_days:]
    by_slot = slots(scored)
    changes = plan(org, by_slot.__getitem__)
    rows = newcomer(org, by_slot[0])
    for d in all_days:
        day(org, d, changes)
    rows += benign(org, by_slot.__getitem__, changes)
    rows = attacks(org, by_slot.__getitem__, changes) + rows
    out.mkdir(parents=True, exist_ok=True)
    events, files = write_trail(trail, out / "AWSLogs", at(all_days[-1], 24))
    truth = out / "truth.csv"
    write_atomic(truth, truth_text(rows))
    threat = out / "threat.txt"
    write_atomic(threat, "\n".join((org.tor_ip, *THREAT)) + "\n")
    asn_db, city_db = write_geo(addr.used, out / "geo")
    assert changes.cryo_joins is not None
    return Written(
        out,
        out / "AWSLogs",
        truth,
        threat,
        asn_db,
        city_db,
        all_days,
        scored,
        (PLATFORM, RESEARCH, SEQCORE, CRYOEM),
        (changes.cryo_joins, CRYOEM),
        events,
        files,
    )


def truth_text(rows: list[dict[str, Any]]) -> str:
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
    writer.writeheader()
    order = {"attack": 0, "benign": 1}
    for r in sorted(rows, key=lambda r: (order[r["label"]], int(r["id"][1:]))):
        writer.writerow(r)
    return buf.getvalue()


def write_atomic(path: Path, text: str | bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(text.encode() if isinstance(text, str) else text)
    part.replace(path)


def write_trail(trail: Trail, root: Path, cut: dt.datetime) -> tuple[int, int]:
    """One gzipped ``{"Records": [...]}`` per account, region and delivery interval,
    named and foldered by its delivery time; the trail ends at ``cut`` (later events are not
    in it)."""
    groups: dict[tuple[str, str, dt.datetime], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for delivered, account, region, rec in trail.records:
        if rec["eventTime"] >= cut.strftime("%Y-%m-%dT%H:%M:%SZ"):
            continue
        every = 15 if region == "ca-central-1" else 30
        slot = delivered.replace(
            minute=delivered.minute - delivered.minute % every, second=0, microsecond=0
        )
        groups[(account, region, slot)].append((rec["eventTime"], rec))
    names = random.Random(len(trail.records))
    events = 0
    for account, region, slot in sorted(groups):
        recs = [r for _, r in sorted(groups[(account, region, slot)], key=lambda x: x[0])]
        stamp = slot + dt.timedelta(minutes=15 if region == "ca-central-1" else 30)
        folder = root / account / "CloudTrail" / region / f"{stamp:%Y/%m/%d}"
        folder.mkdir(parents=True, exist_ok=True)
        tag = "".join(
            names.choice("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            for _ in range(16)
        )
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        write_atomic(
            folder / f"{account}_CloudTrail_{region}_{stamp:%Y%m%dT%H%MZ}_{tag}.json.gz",
            _gz.compress(body),
        )
        events += len(recs)
    return events, len(groups)
