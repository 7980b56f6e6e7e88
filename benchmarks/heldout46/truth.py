"""The truth rows: one per piece of evidence, as ``docs/evaluation.md`` reads them."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from benchmarks.heldout46.world import iso

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


def attack(
    rows: list[dict[str, Any]],
    records: list[dict[str, Any]],
    ident: str,
    name: str,
    key: str,
    ips: list[str],
    severity: str,
    events: tuple[str, ...] = (),
) -> None:
    """An attack row whose window is exactly the key's use from the attacker's addresses."""
    used = [
        r["eventTime"]
        for r in records
        if r["userIdentity"].get("accessKeyId") == key and r["sourceIPAddress"] in ips
    ]
    rows.append(
        {
            "id": ident,
            "name": name,
            "label": "attack",
            "access_key_id": key,
            "principal_arn": "",
            "source_ip": " ".join(sorted(set(ips))),
            "event_ids": " ".join(events),
            "start": min(used),
            "end": max(used),
            "expected_min_severity": severity,
            "expected_max_severity": "",
        }
    )


def benign(
    rows: list[dict[str, Any]],
    ident: str,
    name: str,
    principal: str,
    start: dt.datetime,
    end: dt.datetime,
    severity: str = "low",
) -> None:
    rows.append(
        {
            "id": ident,
            "name": name,
            "label": "benign",
            "access_key_id": "",
            "principal_arn": principal,
            "source_ip": "",
            "event_ids": "",
            "start": iso(start),
            "end": iso(end),
            "expected_min_severity": "",
            "expected_max_severity": severity,
        }
    )


def write_truth(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(
            sorted(
                rows,
                key=lambda r: (
                    r["label"],
                    int(r["id"][1:]),
                    r["access_key_id"],
                    r["principal_arn"],
                ),
            )
        )
