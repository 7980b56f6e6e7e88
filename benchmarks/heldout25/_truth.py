"""The rows of ``truth.csv``: one per piece of evidence, rows sharing an ``id`` are one incident
(the columns of ``ueba.evaluation``'s truth format, with the severity each attack must reach
and each benign change may reach)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from benchmarks.heldout25._records import stamp

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


class Truth:
    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(
        self,
        ident: str,
        name: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        key: str = "",
        principal: str = "",
        ips: Iterable[str] = (),
        events: Iterable[str] = (),
        severity: str = "",
    ) -> None:
        attack = ident.startswith("A")
        self.rows.append(
            {
                "id": ident,
                "name": name,
                "label": "attack" if attack else "benign",
                "access_key_id": key,
                "principal_arn": principal,
                "source_ip": " ".join(dict.fromkeys(ips)),
                "event_ids": " ".join(events),
                "start": stamp(start),
                "end": stamp(end),
                "expected_min_severity": severity if attack else "",
                "expected_max_severity": "" if attack else (severity or "low"),
            }
        )

    def write(self, path: Path) -> Path:
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(sorted(self.rows, key=lambda r: (r["id"][0], int(r["id"][1:]))))
        tmp.replace(path)
        return path
