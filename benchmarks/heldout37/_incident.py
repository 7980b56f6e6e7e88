"""What the attacks and benign changes share: truth rows and the keys the background minted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout37._records import Key, Trail

Row = dict[str, str]


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def row(
    id_: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: tuple[str, ...] = (),
    events: tuple[str, ...] = (),
    severity: str = "",
) -> Row:
    return {
        "id": id_,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(ips),
        "event_ids": " ".join(events),
        "start": iso(start),
        "end": iso(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


def minted(
    t: Trail, account: str, role: str, session: str, before: dt.datetime, *, ec2: bool = False
) -> Key:
    """The key an AWS service last minted for ``session`` of ``role`` at or before ``before``."""
    stamp = iso(before)
    best: dict[str, Any] | None = None
    for record in t.records:
        if record["eventName"] != "AssumeRole" or record["recipientAccountId"] != account:
            continue
        params = record["requestParameters"] or {}
        if params.get("roleSessionName") != session or not str(params.get("roleArn", "")).endswith(
            "/" + role
        ):
            continue
        if record["eventTime"] <= stamp and (
            best is None or record["eventTime"] > best["eventTime"]
        ):
            best = record
    if best is None:
        raise LookupError(f"no key minted for {role}/{session} before {stamp}")
    created = dt.datetime.strptime(best["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    key_id = best["responseElements"]["credentials"]["accessKeyId"]
    return t.role_session(account, role, session, created, ec2=ec2, key=key_id)


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def sso_arn(account: str, permission_set: str, set_id: str, user: str) -> str:
    return f"arn:aws:sts::{account}:assumed-role/AWSReservedSSO_{permission_set}_{set_id}/{user}"


def spread(start: dt.datetime, n: int, minutes: float) -> list[dt.datetime]:
    """``n`` times over ``minutes`` from ``start``, evenly."""
    return [start + dt.timedelta(minutes=minutes * i / max(n - 1, 1)) for i in range(n)]
