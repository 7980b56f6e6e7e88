"""Truth rows and the small helpers the incidents share: a burst of calls, finding a minted key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout7._background import M, Org
from benchmarks.heldout7._trail import stamp

Row = dict[str, Any]
D = {i: dt.date(2026, 10, 2 + i) for i in range(1, 6)}  # UTC dates of the scored days
S = {i: dt.date(2026, 10, 2 + i) for i in range(1, 6)}  # the same dates on Sydney's calendar


def _attack(
    rid: str,
    name: str,
    key: str,
    ip: str,
    ids: list[str],
    t0: dt.datetime,
    t1: dt.datetime,
    sev: str,
    principal: str = "",
) -> Row:
    return {
        "id": rid,
        "name": name,
        "label": "attack",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ip,
        "event_ids": " ".join(ids),
        "start": stamp(t0 - M),
        "end": stamp(t1 + M),
        "expected_min_severity": sev,
        "expected_max_severity": "",
    }


def _benign(
    rid: str,
    name: str,
    *,
    principal: str = "",
    key: str = "",
    ip: str = "",
    ids: list[str] | None = None,
    t0: dt.datetime,
    t1: dt.datetime,
) -> Row:
    return {
        "id": rid,
        "name": name,
        "label": "benign",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ip,
        "event_ids": " ".join(ids or []),
        "start": stamp(t0),
        "end": stamp(t1),
        "expected_min_severity": "",
        "expected_max_severity": "low",
    }


def _find_key(o: Org, acct: str, session: str, after: dt.datetime) -> tuple[str, dt.datetime]:
    """The first key minted for ``session`` in ``acct`` at or after ``after``."""
    best = None
    for rec in o.t.records:
        if (
            rec["recipientAccountId"] == acct
            and rec["eventName"] == "AssumeRole"
            and (rec["requestParameters"] or {}).get("roleSessionName") == session
            and rec["eventTime"] >= stamp(after)
        ) and (best is None or rec["eventTime"] < best["eventTime"]):
            best = rec
    assert best is not None, (acct, session, after)
    when = dt.datetime.strptime(best["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    return best["responseElements"]["credentials"]["accessKeyId"], when


def _burst(
    o: Org,
    t0: dt.datetime,
    acct: str,
    ident: dict[str, Any],
    ip: str,
    ua: str,
    calls: list[tuple[str, str, str, Any]],
    gap: float = 20.0,
) -> tuple[list[str], dt.datetime]:
    """Calls one after the other, ``gap`` seconds apart on average: (region, source, name, params)."""
    ids, t = [], t0
    for region, src, name, params in calls:
        t += dt.timedelta(seconds=3 + int(o.rng.random() * gap * 2))
        err = None
        if isinstance(params, dict) and params.pop("_error", None):
            err = "AccessDenied"
        ids.append(
            o.t.add(
                t,
                acct,
                region,
                f"{src}.amazonaws.com",
                name,
                ident,
                ip,
                ua.format(cmd=f"{src}.{name.lower()}"),
                req=params,
                error=err,
                data=name in ("GetObject", "Scan"),
            )
        )
    return ids, t
