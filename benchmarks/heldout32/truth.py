"""Truth rows in the format ``ueba/evaluation/_truth.py`` reads (docs/evaluation.md, "Truth
files"), with the severity each attack must reach and each benign change may reach."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path
from typing import Any

COLUMNS = (
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


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def row(
    incident: str,
    name: str,
    label: str,
    *,
    start: dt.datetime,
    end: dt.datetime,
    severity: str,
    key: str = "",
    principal: str = "",
    source_ip: str = "",
) -> dict[str, Any]:
    """One piece of evidence: an attack's ``severity`` is the least it must reach, a benign
    change's the most it may reach."""
    return {
        "id": incident,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": source_ip,
        "event_ids": "",
        "start": _iso(start - dt.timedelta(minutes=1)),
        "end": _iso(end + dt.timedelta(minutes=1)),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


def write(path: Path, rows: list[dict[str, Any]]) -> None:
    """The truth file, written whole (a temporary file, then renamed)."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        out.writeheader()
        for r in sorted(rows, key=lambda r: (r["id"][0], int(r["id"][1:]), r["start"])):
            out.writerow(r)
    os.replace(tmp, path)
