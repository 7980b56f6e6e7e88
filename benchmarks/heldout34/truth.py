"""The truth rows of the suite: one per piece of evidence, rows sharing an id one incident."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Truth:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        id: str,
        name: str,
        label: str,
        severity: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        key: str = "",
        principal: str = "",
        ips: tuple[str, ...] = (),
    ) -> None:
        self.rows.append(
            {
                "id": id,
                "name": name,
                "label": label,
                "access_key_id": key,
                "principal_arn": principal,
                "source_ip": " ".join(ips),
                "start": iso(start),
                "end": iso(end),
                "expected_min_severity": severity if label == "attack" else "",
                "expected_max_severity": severity if label == "benign" else "",
            }
        )
