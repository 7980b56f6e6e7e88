"""The truth rows of the suite (the columns of ``ueba.evaluation``'s truth files, with the
severity each incident expects) and the slots the scored incidents sit on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout26.records import stamp

Row = dict[str, Any]
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


def slots(scored: list[int]) -> list[int]:
    """The day index of each of the five slots."""
    return [scored[s * len(scored) // 5] for s in range(5)]


def row(
    id_: str,
    name: str,
    label: str,
    severity: str,
    start: dt.datetime,
    end: dt.datetime,
    **what: Any,
) -> Row:
    out = {
        "id": id_,
        "name": name,
        "label": label,
        "access_key_id": "",
        "principal_arn": "",
        "source_ip": "",
        "event_ids": "",
        "start": stamp(start),
        "end": stamp(end),
        "expected_min_severity": "",
        "expected_max_severity": "",
    }
    out["expected_min_severity" if label == "attack" else "expected_max_severity"] = severity
    out.update({k: v for k, v in what.items()})
    return out
