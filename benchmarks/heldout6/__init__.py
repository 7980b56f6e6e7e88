"""The sixth held-out suite: Lakeshore University's research computing service.

Written blind: without reading ueba's rules, models, their docs, the other suites or their
results, and importing nothing from ``ueba`` (a test checks). A few large shared accounts
without Identity Center; researchers and students as IAM users with console passwords and
long-lived keys; SageMaker notebooks, a ParallelCluster with Spot compute, an EKS cluster with
IRSA, public datasets read by the world, a campus data-transfer node, central IT with an admin
role in every account. ``generate`` writes the trail, ``truth.csv``, ``threat.txt`` and the
MaxMind-format databases that cover every address used.

    python -m benchmarks.heldout6 OUT --seed 1            # 24 days, the last 5 with incidents
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout6._build import START, build
from benchmarks.heldout6._net import NETS, write_mmdb

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
class Written:
    trail: Path
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    days: list[dt.date]
    scored: list[dt.date]
    accounts: dict[str, str]
    joined: dt.date  # the new account's first day
    events: int
    files: int


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_trail(records: list[dict[str, Any]], out: Path) -> int:
    """One gzip file per account, region and hour, as CloudTrail delivers them."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        groups[(r["recipientAccountId"], r["awsRegion"], r["eventTime"][:13])].append(r)
    for (account, region, hour), recs in sorted(groups.items()):
        recs.sort(key=lambda r: (r["eventTime"], r["eventID"]))
        day = dt.datetime.strptime(hour, "%Y-%m-%dT%H")
        folder = out / "AWSLogs" / account / "CloudTrail" / region / day.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        tag = hashlib.sha1(f"{account}{region}{hour}".encode()).hexdigest()[:16].upper()
        name = f"{account}_CloudTrail_{region}_{day.strftime('%Y%m%dT%H')}{55:02d}Z_{tag}.json.gz"
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        _atomic(folder / name, _gz.compress(body))
    return len(groups)


def generate(
    out: str | Path, seed: int, *, days: int = 24, scale: float = 1.0, scored_days: int = 5
) -> Written:
    """Write the organisation's trail and inputs under ``out``; the last ``scored_days`` days
    carry the incidents (the suite schedules them over five days)."""
    if days < 8 or scored_days != 5:
        raise ValueError(
            "heldout6 needs at least 8 days and schedules its incidents over the last 5"
        )
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    org, truth, threat_ip = build(seed, days, scale)
    files = write_trail(org.records, out)
    truth_path = out / "truth.csv"
    with truth_path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        for r in truth:
            writer.writerow({c: r.get(c, "") for c in TRUTH_COLUMNS})
    threat = out / "threat.txt"
    # a commercial feed's entries for VPN and proxy exit nodes; only one is used here
    others = [NETS["m247"].address(random.Random(f"{seed}:feed:{i}")) for i in range(5)]
    threat.write_text("\n".join([threat_ip, *others, "185.220.101.4", "45.155.205.233"]) + "\n")
    asn_db, city_db = write_mmdb(out / "geo")
    all_days = [START + dt.timedelta(days=i) for i in range(days)]
    return Written(
        out,
        truth_path,
        threat,
        asn_db,
        city_db,
        all_days,
        all_days[-scored_days:],
        dict(org.accounts),
        all_days[org.joins],
        len(org.records),
        files,
    )


__all__ = ["START", "Written", "generate", "write_trail"]
