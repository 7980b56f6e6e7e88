"""Findings as OCSF 1.5.0 Detection Finding events (class_uid 2004), JSON Lines.

One finding -> one ``Detection Finding: Create`` event. Times are epoch milliseconds
(OCSF ``timestamp_t``); ``time`` is the finding's last event so the output is deterministic.
The mapping:

- ``finding_info``: ``uid`` = finding_id, ``title``, ``desc`` = the reasons, ``types`` = the rules,
  ``analytic`` = the rule that weighed most (a Behavioral analytic), first/last seen times;
- ``evidences``: one per source address (actor = the principal and its access key, the address)
  and one per (rule, signal) with the baseline-vs-observed evidence in ``data``;
- ``resources``: the principal, with its account; ``cloud``: provider AWS and the account;
- ``severity_id`` 1-5 from info..critical; ``risk_score`` = round(100 * score);
- ``unmapped.ueba``: score, rules, event_ids, workload - what OCSF has no place for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

import polars as pl

from ueba import __version__
from ueba.export.jsonl import as_findings, atomic_path

OCSF_VERSION = "1.5.0"
CLASS_UID = 2004
CATEGORY_UID = 2
ACTIVITY_CREATE = 1
SEVERITY_ID = {"info": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
SEVERITY_NAME = {1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}
_PRINCIPAL_RESOURCE = {
    "role": "AWS::IAM::Role",
    "iam_user": "AWS::IAM::User",
    "root": "AWS::IAM::Root",
}


def _ms(value: dt.datetime | None) -> int | None:
    return None if value is None else int(value.timestamp() * 1000)


def _user(row: dict[str, Any]) -> dict[str, Any]:
    arn = row["principal_arn"]
    user: dict[str, Any] = {
        "type_id": 99 if row["principal_type"] == "role" else 1,
        "type": "Role" if row["principal_type"] == "role" else "User",
    }
    if arn:
        user["uid"] = arn
        user["name"] = arn.rsplit("/", 1)[-1] if "/" in arn else arn.rsplit(":", 1)[-1]
    if row["access_key_id"]:
        user["credential_uid"] = row["access_key_id"]
    if row["account_id"]:
        user["account"] = {"uid": row["account_id"], "type_id": 10, "type": "AWS Account"}
    return user


def finding_to_ocsf(row: dict[str, Any]) -> dict[str, Any]:
    """One FINDINGS row (a dict) as an OCSF Detection Finding event."""
    sev = SEVERITY_ID.get(row["severity"] or "info", 1)
    first, last = _ms(row["first_seen"]), _ms(row["last_seen"])
    reasons = list(row["reasons"] or [])
    rules = list(row["rules"] or [])
    actor = {"user": _user(row)}
    evidences: list[dict[str, Any]] = [
        {"actor": actor, "src_endpoint": {"ip": ip}} for ip in (row["source_ips"] or [])
    ]
    evidences += [
        {"data": {k: e[k] for k in ("rule", "signal", "baseline", "observed")}}
        for e in (row["evidence"] or [])
    ]
    if not evidences:
        evidences = [{"actor": actor}]
    event: dict[str, Any] = {
        "activity_id": ACTIVITY_CREATE,
        "activity_name": "Create",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Detection Finding",
        "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
        "type_name": "Detection Finding: Create",
        "severity_id": sev,
        "severity": SEVERITY_NAME[sev],
        "status_id": 1,
        "status": "New",
        "time": last if last is not None else 0,
        "start_time": first,
        "end_time": last,
        "message": row["title"] or (reasons[0] if reasons else "ueba finding"),
        "is_alert": sev >= SEVERITY_ID["medium"],
        "risk_score": round(100 * float(row["score"] or 0.0)),
        "confidence_score": round(100 * float(row["score"] or 0.0)),
        "metadata": {
            "version": OCSF_VERSION,
            "uid": row["finding_id"],
            "log_name": "ueba findings",
            "profiles": ["cloud"],  # the cloud attribute below comes from the Cloud profile
            "product": {"name": "ueba", "vendor_name": "ueba", "version": __version__},
        },
        "finding_info": {
            "uid": row["finding_id"],
            "title": row["title"] or "ueba finding",
            "desc": " ".join(r if r.endswith(".") else r + "." for r in reasons),
            "types": rules,
            "analytic": {
                "name": row["rule"],
                "uid": row["rule"],
                "type_id": 2,
                "type": "Behavioral",
            },
            "first_seen_time": first,
            "last_seen_time": last,
            "data_sources": ["AWS CloudTrail"],
        },
        "evidences": evidences,
        "resources": [
            {
                "uid": row["principal_arn"],
                "type": _PRINCIPAL_RESOURCE.get(row["principal_type"] or "", "AWS::IAM::Principal"),
            }
        ]
        if row["principal_arn"]
        else [],
        "cloud": {
            "provider": "AWS",
            **({"account": {"uid": row["account_id"]}} if row["account_id"] else {}),
        },
        "unmapped": {
            "ueba": {
                "score": row["score"],
                "rules": rules,
                "reasons": reasons,
                "event_ids": list(row["event_ids"] or []),
                "event_count": row["event_count"],
                "access_key_id": row["access_key_id"],
                "workload_kind": row["workload_kind"],
                "workload_id": row["workload_id"],
                "user_agents": list(row["user_agents"] or []),
            }
        },
    }
    out: dict[str, Any] = _drop_nulls(event)
    return out


def _drop_nulls(value: Any) -> Any:
    # OCSF attributes are absent rather than null
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value if v is not None]
    return value


def to_ocsf(findings: pl.LazyFrame | pl.DataFrame) -> list[dict[str, Any]]:
    """FINDINGS as a list of OCSF Detection Finding dicts.

    Examples
    --------
    >>> events = to_ocsf(scorer.score(today))  # doctest: +SKIP
    >>> events[0]["class_uid"]  # doctest: +SKIP
    2004
    """
    return [finding_to_ocsf(row) for row in as_findings(findings).iter_rows(named=True)]


def write_ocsf(findings: pl.LazyFrame | pl.DataFrame, path: str | os.PathLike[str]) -> int:
    """Write FINDINGS as OCSF 1.5.0 Detection Finding JSON Lines; returns the number written.

    Examples
    --------
    >>> write_ocsf(scorer.score(today), "findings.ocsf.jsonl")  # doctest: +SKIP
    2
    """
    events = to_ocsf(findings)
    with atomic_path(path) as fh:
        for event in events:
            fh.write(json.dumps(event, separators=(",", ":"), sort_keys=True) + "\n")
    return len(events)


__all__ = ["OCSF_VERSION", "finding_to_ocsf", "to_ocsf", "write_ocsf"]
