"""The labelled incidents, written as ``ueba.evaluation`` reads them: one row per piece of
evidence, rows sharing an ``id`` are one incident; attacks carry ``expected_min_severity``,
benign changes ``expected_max_severity``."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.heldout21._trail import stamp

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


@dataclass
class Truth:
    rows: list[dict[str, str]] = field(default_factory=list)

    def attack(
        self,
        id_: str,
        name: str,
        severity: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        key: str = "",
        principal: str = "",
        ips: tuple[str, ...] = (),
        events: tuple[str, ...] = (),
    ) -> None:
        self._row(id_, name, "attack", start, end, key, principal, ips, events, severity, "")

    def benign(
        self,
        id_: str,
        name: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        principal: str = "",
        ips: tuple[str, ...] = (),
        events: tuple[str, ...] = (),
        key: str = "",
    ) -> None:
        self._row(id_, name, "benign", start, end, key, principal, ips, events, "", "low")

    def _row(
        self,
        id_: str,
        name: str,
        label: str,
        start: dt.datetime,
        end: dt.datetime,
        key: str,
        principal: str,
        ips: tuple[str, ...],
        events: tuple[str, ...],
        low: str,
        high: str,
    ) -> None:
        if not (key or principal or ips or events):
            raise ValueError(f"truth row {id_} names nothing")
        self.rows.append(
            {
                "id": id_,
                "name": name,
                "label": label,
                "access_key_id": key,
                "principal_arn": principal,
                "source_ip": " ".join(sorted(set(ips))),
                "event_ids": " ".join(events),
                "start": stamp(start),
                "end": stamp(end),
                "expected_min_severity": low,
                "expected_max_severity": high,
            }
        )

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(self.rows)
        tmp.replace(path)
