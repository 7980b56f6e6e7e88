"""``truth.csv``: the incidents, in the columns ``ueba.evaluation`` reads, with the severity each
attack must reach and each benign change may reach."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
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


def stamp(t: dt.datetime | dt.date) -> str:
    if isinstance(t, dt.datetime):
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.isoformat()


def attack(
    rows: list[dict[str, Any]],
    ident: str,
    name: str,
    *,
    severity: str,
    events: Iterable[str],
    start: dt.datetime,
    end: dt.datetime,
    key: str = "",
    ips: Iterable[str] = (),
    principal: str = "",
) -> None:
    """An attack's row: its events, and the key (and addresses) they used."""
    rows.append(
        {
            "id": ident,
            "name": name,
            "label": "attack",
            "access_key_id": key,
            "principal_arn": principal,
            "source_ip": " ".join(ips),
            "event_ids": " ".join(events),
            "start": stamp(start),
            "end": stamp(end),
            "expected_min_severity": severity,
            "expected_max_severity": "",
        }
    )


def benign(
    rows: list[dict[str, Any]],
    ident: str,
    name: str,
    principals: Iterable[str],
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    *,
    ips: Iterable[str] = (),
) -> None:
    """A benign change's rows: one per principal it touches, over its window, at most low."""
    for principal in principals:
        rows.append(
            {
                "id": ident,
                "name": name,
                "label": "benign",
                "access_key_id": "",
                "principal_arn": principal,
                "source_ip": " ".join(ips),
                "event_ids": "",
                "start": stamp(start),
                "end": stamp(end),
                "expected_min_severity": "",
                "expected_max_severity": "low",
            }
        )


def write(rows: list[dict[str, Any]], path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        out.writeheader()
        out.writerows(sorted(rows, key=lambda r: (r["id"], r["principal_arn"], r["access_key_id"])))
    tmp.replace(path)


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59))


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def w_at(day: dt.date, hour: float) -> dt.datetime:
    return start_of(day) + dt.timedelta(seconds=int(hour * 3600))


def w_end(day: dt.date, days: int) -> dt.datetime:
    return end_of(day + dt.timedelta(days=days - 1))
