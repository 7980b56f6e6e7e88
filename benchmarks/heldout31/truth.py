"""Truth rows: one piece of evidence of an incident per row (ueba/evaluation/_truth.py's format,
with the severity each attack must reach and each benign change may reach)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout31.records import iso

COLUMNS = (
    "id", "name", "label", "access_key_id", "principal_arn", "source_ip", "event_ids", "start",
    "end", "expected_min_severity", "expected_max_severity",
)  # fmt: skip


@dataclass
class Truth:
    rows: list[dict[str, str]] = field(default_factory=list)

    def add(
        self,
        incident: str,
        name: str,
        *,
        start: dt.datetime,
        end: dt.datetime,
        key: str = "",
        principal: str = "",
        ips: tuple[str, ...] = (),
        records: list[dict[str, Any]] | None = None,
        severity: str = "",
    ) -> None:
        attack = incident.startswith("A")
        self.rows.append(
            {
                "id": incident,
                "name": name,
                "label": "attack" if attack else "benign",
                "access_key_id": key,
                "principal_arn": principal,
                "source_ip": " ".join(ips),
                "event_ids": " ".join(r["eventID"] for r in records or []),
                "start": iso(start),
                "end": iso(end),
                "expected_min_severity": severity if attack else "",
                "expected_max_severity": "" if attack else (severity or "low"),
            }
        )
