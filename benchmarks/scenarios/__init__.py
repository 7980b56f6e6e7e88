"""An adversarial CloudTrail scenario suite, written independently of ``ueba.testing.synth``.

A seeded organisation of three AWS accounts (prod in two regions, staging, CI) and a fourth
that joins ten days before the end, over ``days`` days, written the way CloudTrail delivers it
to S3 (``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
<time>_<id>.json.gz``, ``{"Records": [...]}``), with a truth CSV of the benign changes and
attacks in the last ``scored_days`` days, the threat list and the GeoIP databases a deployment
would have. Written from the seed documents, AWS's CloudTrail userIdentity reference and how
accounts behave, never from ueba's rules. ``docs/evaluation.md`` lists what happens.

    python -m benchmarks.scenarios OUT --seed 1 [--days 30 --scale 1 --scored-days 5]
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.scenarios import _attacks, _background, _incidents, _org, _people
from benchmarks.scenarios._net import write_geo

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
)


@dataclass(frozen=True)
class Written:
    """What ``generate`` wrote, and the days to score."""

    trail: Path  # the AWSLogs directory
    truth: Path
    threat: Path
    asn_db: Path
    city_db: Path
    events: int
    accounts: dict[str, str]  # name -> account id
    scored: list[dt.date]  # the last ``scored_days`` days


def generate(
    out: str | os.PathLike[str],
    *,
    seed: int = 1,
    days: int = 30,
    scale: float = 1.0,
    scored_days: int = 5,
    start: str = "2025-03-01",
) -> Written:
    """Write the scenario of ``seed`` under ``out``. The same arguments give the same files."""
    if days < scored_days + 3:
        raise ValueError(f"days={days} leaves no history before the {scored_days} scored days")
    begin = dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC)
    org = _org.build(seed, days, scale, begin)
    sc = _incidents.Scenario(org, scored_days)
    _incidents.changes(org, sc)
    _background.fleets(org)
    _people.people(org)
    _people.ci(org)
    _background.aws_config(org)
    _incidents.infrastructure(org, sc)
    _attacks.attacks(org, sc)
    root = Path(out)
    trail = root / "AWSLogs"
    events = write_trail(org.records, trail, org.ids.rng)
    truth = _atomic(root / "truth.csv", _truth_csv(org.truth))
    threat = _atomic(root / "threat.txt", _attacks.threat_address() + "\n")
    asn_db, city_db = write_geo(root / "geo", org.aws)
    scored = [(org.day(-k)).date() for k in range(scored_days, 0, -1)]
    accounts = {name: acc.id for name, acc in org.accounts.items()}
    manifest = {
        "seed": seed,
        "days": days,
        "scale": scale,
        "start": start,
        "events": events,
        "accounts": accounts,
        "scored": [d.isoformat() for d in scored],
    }
    _atomic(root / "scenario.json", json.dumps(manifest, indent=2) + "\n")
    return Written(trail, truth, threat, asn_db, city_db, events, accounts, scored)


def _truth_csv(rows: list[dict[str, Any]]) -> str:
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TRUTH_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _atomic(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(text.encode() if isinstance(text, str) else text)
    os.replace(tmp, path)
    return path


def write_trail(records: list[dict[str, Any]], trail: Path, rng: Any) -> int:
    """One gzipped delivery file per account, region and hour (CloudTrail delivers about every
    five minutes; an hour keeps the file count small without changing any record)."""
    files: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for rec in records:
        files.setdefault(
            (rec["recipientAccountId"], rec["awsRegion"], rec["eventTime"][:13]), []
        ).append(rec)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    for (account, region, hour), recs in sorted(files.items()):
        recs.sort(key=lambda r: r["eventTime"])
        day = hour[:10]
        stamp = hour.replace("-", "") + "55Z"  # YYYYMMDDTHHmmZ
        name = f"{account}_CloudTrail_{region}_{stamp}_"
        name += "".join(rng.choice(alphabet) for _ in range(16)) + ".json.gz"
        folder = trail / account / "CloudTrail" / region / day[:4] / day[5:7] / day[8:10]
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        _atomic(folder / name, gzip.compress(body, compresslevel=5, mtime=0))
    return len(records)


__all__ = ["TRUTH_COLUMNS", "Written", "generate", "write_trail"]
