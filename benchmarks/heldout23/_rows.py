"""A truth row as ``ueba.evaluation`` reads it (with the severity each incident expects), and an
operator's burst of calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout23._org import World
from benchmarks.heldout23._trail import Session, iso
from benchmarks.heldout23._workloads import Call

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


def row(
    w: World,
    ident: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: Sequence[str] = (),
    events: Sequence[str] = (),
    severity: str = "",
) -> None:
    w.truth.append(
        {
            "id": ident,
            "name": name,
            "label": label,
            "access_key_id": key,
            "principal_arn": principal,
            "source_ip": " ".join(sorted(set(ips))),
            "event_ids": " ".join(events),
            "start": iso(start),
            "end": iso(end),
            "expected_min_severity": severity if label == "attack" else "",
            "expected_max_severity": severity if label == "benign" else "",
        }
    )


def burst(
    w: World,
    who: Session,
    t: dt.datetime,
    calls: Sequence[Call],
    ip: str,
    agent: str,
    *,
    gap: float = 40,
    account: str | None = None,
    region: str = "af-south-1",
    params: dict[str, dict[str, Any]] | None = None,
    denied: Sequence[str] = (),
) -> tuple[list[str], dt.datetime]:
    """An operator's calls one after another (``gap`` seconds apart on average); the event IDs
    and the last call's time."""
    out = []
    for svc, api in calls:
        t += dt.timedelta(seconds=w.rng.uniform(0.3, 1.7) * gap)
        out.append(
            w.trail.call(
                who,
                t,
                svc,
                api,
                ip,
                agent,
                account=account,
                region=region,
                params=(params or {}).get(api),
                error="AccessDenied" if api in denied else None,
            )
        )
    return out, t


def attack(
    w: World,
    ident: str,
    name: str,
    who: Session,
    t: dt.datetime,
    calls: Sequence[Call],
    ip: str,
    agent: str,
    *,
    severity: str = "medium",
    named_ip: bool = True,
    first: Sequence[str] = (),
    **kw: Any,
) -> None:
    """An attacker's :func:`burst` and its truth row: the session's key, the address (unless
    ``named_ip`` is false: an insider's own), ``first`` (the events that issued the session) and
    the burst's event IDs."""
    ids, end = burst(w, who, t, calls, ip, agent, **kw)
    ips = [ip] if named_ip else []
    row(
        w,
        ident,
        name,
        "attack",
        t,
        end,
        key=who.key or "",
        ips=ips,
        events=[*first, *ids],
        severity=severity,
    )
