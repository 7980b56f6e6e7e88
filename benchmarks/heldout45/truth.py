"""The truth rows and the bursts of calls incidents are made of."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout45.events import Session, Trail, iso

COLUMNS = [
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
]
Call = str | tuple[str, str | None] | tuple[str, str | None, dict[str, Any]]


def burst(
    trail: Trail,
    s: Session,
    t: dt.datetime,
    calls: list[Call],
    region: str,
    *,
    gap: tuple[float, float] = (4.0, 40.0),
    **kw: Any,
) -> tuple[dt.datetime, dt.datetime]:
    """``calls`` one after another with ``s``'s key (each ``name``, ``(name, error)`` or
    ``(name, error, params)``); returns the first and last call's times."""
    first = None
    for c in calls:
        name, error, params = (c, None, None) if isinstance(c, str) else (*c, None)[:3]
        t += dt.timedelta(seconds=trail.rng.uniform(*gap))
        first = first or t
        call_region = "us-east-1" if name.startswith(("iam:", "organizations:", "ce:")) else region
        trail.call(s, t, name, call_region, error=error, params=params, **kw)
    assert first is not None
    return first, t


def attack(
    incident: str,
    name: str,
    key: str,
    principal: str,
    ips: list[str],
    window: tuple[dt.datetime, dt.datetime],
    severity: str,
    event_ids: list[str] | None = None,
) -> dict[str, str]:
    return {
        "id": incident,
        "name": name,
        "label": "attack",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(sorted(set(ips))),
        "event_ids": " ".join(event_ids or []),
        "start": iso(window[0] - dt.timedelta(seconds=1)),
        "end": iso(window[1] + dt.timedelta(seconds=1)),
        "expected_min_severity": severity,
        "expected_max_severity": "",
    }


def benign(
    incident: str,
    name: str,
    principal: str,
    window: tuple[dt.datetime, dt.datetime],
    *,
    ips: list[str] | None = None,
    key: str = "",
    severity: str = "low",
) -> dict[str, str]:
    return {
        "id": incident,
        "name": name,
        "label": "benign",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(sorted(set(ips or []))),
        "event_ids": "",
        "start": iso(window[0]),
        "end": iso(window[1]),
        "expected_min_severity": "",
        "expected_max_severity": severity,
    }
