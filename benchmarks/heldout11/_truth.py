"""Truth rows in the CSV ``ueba.evaluation`` reads, with the severity each incident must reach
(attacks) or may reach (benign changes)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path

from benchmarks.heldout11._trail import Session, stamp


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    label: str
    start: str
    end: str
    access_key_id: str = ""
    principal_arn: str = ""
    source_ip: str = ""
    event_ids: str = ""
    expected_min_severity: str = ""
    expected_max_severity: str = ""


class Truth:
    def __init__(self) -> None:
        self.rows: list[Row] = []

    def attack(
        self,
        tid: str,
        name: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        key: str = "",
        ip: str = "",
        events: list[str] = (),
        wants: str = "medium",
        principal: str = "",
    ) -> None:  # type: ignore[assignment]
        self.rows.append(
            Row(
                tid,
                name,
                "attack",
                stamp(start),
                stamp(end),
                key,
                principal,
                ip,
                " ".join(events),
                wants,
            )
        )

    def benign(
        self,
        tid: str,
        name: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        principal: str = "",
        key: str = "",
        ip: str = "",
        allows: str = "low",
    ) -> None:
        self.rows.append(
            Row(tid, name, "benign", stamp(start), stamp(end), key, principal, ip, "", "", allows)
        )

    def sessions(
        self, tid: str, name: str, found: list[Session], start: dt.datetime, end: dt.datetime
    ) -> None:
        """A benign change carried by some sessions: one row per key."""
        for s in found:
            self.benign(tid, name, start, end, key=s.key)

    def write(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([f.name for f in fields(Row)])
            for r in self.rows:
                out.writerow([getattr(r, f.name) for f in fields(Row)])
        tmp.replace(path)
