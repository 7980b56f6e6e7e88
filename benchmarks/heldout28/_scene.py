"""What an incident writes: its records and its truth rows (the columns of
``ueba/evaluation/_truth.py``, with ``expected_min_severity`` per attack and
``expected_max_severity`` per benign change)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout28._rec import Record, ts

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


@dataclass
class Scene:
    rng: random.Random
    records: list[Record] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: Record) -> None:
        self.records.append(record)

    def truth(
        self,
        id_: str,
        name: str,
        label: str,
        *,
        key: str | None = None,
        principal: str | None = None,
        ips: Sequence[str] = (),
        start: dt.datetime,
        end: dt.datetime,
        min_sev: str = "",
        max_sev: str = "",
    ) -> None:
        named = [r for r in self.rows if r["id"] == id_ and r["name"]]
        self.rows.append(
            {
                "id": id_,
                "name": name or (named[0]["name"] if named else ""),
                "label": label,
                "access_key_id": key or "",
                "principal_arn": principal or "",
                "source_ip": " ".join(ips),
                "event_ids": "",
                "start": ts(start),
                "end": ts(end + dt.timedelta(seconds=1)),
                "expected_min_severity": min_sev,
                "expected_max_severity": max_sev,
            }
        )
