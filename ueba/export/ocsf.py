"""Findings as OCSF Detection Finding events (class_uid 2004), JSON Lines, for OCSF 1.1.0 or 1.5.0.

1.5.0 is the default; 1.1.0 is the version Security Lake uses for its own CloudTrail source.
Both are checked in CI against the official schemas (``ocsf-json-schema``) and Prowler's
``py-ocsf-models``. One finding -> one event. Times are epoch milliseconds (``timestamp_t``);
``time`` is the finding's last event so the output is deterministic. The mapping:

- activity Create / Update / Close from the finding's ``activity`` (a finding that grew, one a
  user suppressed: status Suppressed); ``finding_info.uid`` = ``finding_id``, stable over the
  incident's life; ``metadata.uid`` names this one report of it (id, activity, last event);
- ``finding_info``: title, the reasons as ``desc``, the rules (and the cause) as ``types``, the
  rule that weighed most as a Behavioral ``analytic``, MITRE ATT&CK ``attacks`` per rule family
  and signal (:mod:`ueba.export._attack`), first/last seen;
- ``evidences``: one per source address, with the actor (the principal, its key and account) and
  a ``src_endpoint`` carrying ``location`` and ``autonomous_system`` where enrichment knew them;
  one per (rule, signal) with the baseline-vs-observed evidence in ``data``. An address that is
  not an IP (enrichment's ``invalid`` kind, ``AWS Internal``) is never put in ``src_endpoint.ip``:
  it goes to ``unmapped.ueba.unmapped_sources``; an AWS service hostname is a ``hostname``;
- ``observables``: every valid source IP, access key, principal ARN and user name;
- ``cloud``: provider AWS, the account (``uid``, ``type_id`` 10 AWS Account, ``name`` from
  ``account_names``, else the account id), the region most of the events were in;
- ``severity_id`` 1-5 from info..critical; ``risk_score`` = round(100 * score); ``count`` events;
- ``unmapped.ueba``: what OCSF has no place for (score, rules, event ids, workload, actor, ...).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import re
import uuid
from collections.abc import Mapping
from typing import Any

import polars as pl

from ueba import __version__
from ueba._files import atomic_write
from ueba.exceptions import ConfigError
from ueba.export._attack import attacks_for
from ueba.export.jsonl import as_findings

OCSF_VERSIONS = ("1.1.0", "1.5.0")
OCSF_VERSION = "1.5.0"
CLASS_UID = 2004
CATEGORY_UID = 2
ACTIVITY_ID = {"create": 1, "update": 2, "close": 3}
ACTIVITY_NAME = {1: "Create", 2: "Update", 3: "Close"}
SEVERITY_ID = {"info": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
SEVERITY_NAME = {1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical"}
AWS_ACCOUNT = {"type_id": 10, "type": "AWS Account"}
_PRINCIPAL_RESOURCE = {
    "role": "AWS::IAM::Role",
    "iam_user": "AWS::IAM::User",
    "root": "AWS::IAM::Root",
}
# OCSF ip_t is at most 40 characters; hostname_t (1.1.0) is dot-separated DNS labels
_IP_MAX_LEN = 40
_HOSTNAME = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$"
)
# Access keys are "Other" observables named "User Credential ID": 1.1.0 has no type for them,
# and consumers built on 1.1-era enums (Prowler's py-ocsf-models) reject 1.5.0's type_id 19.
_KEY_OBSERVABLE = 99
FINDING_EVENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/ueba/ocsf-events")


def check_version(version: str) -> str:
    """``version`` if ueba writes it, else :class:`~ueba.exceptions.ConfigError`."""
    if version not in OCSF_VERSIONS:
        raise ConfigError(
            f"OCSF version {version!r} is not one ueba writes",
            fix=f"use one of {', '.join(OCSF_VERSIONS)}",
        )
    return version


def _ms(value: dt.datetime | None) -> int | None:
    return None if value is None else int(value.timestamp() * 1000)


def source_ip(value: str | None, kind: str | None) -> str | None:
    """The OCSF ``ip_t`` form of a source address, or None when it is not an IP address.

    Enrichment's ``invalid`` kind is never an IP, whatever it looks like; anything else must
    parse as IPv4 / IPv6 (no leading zeros, ``08.1.250.216`` is not an address).

    >>> source_ip("2001:DB8::1", "public"), source_ip("08.1.250.216", "public")
    ('2001:db8::1', None)
    """
    if value is None or kind == "invalid":
        return None
    try:
        text = str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
    return text if len(text) <= _IP_MAX_LEN else None


def _user(row: dict[str, Any], account: dict[str, Any] | None) -> dict[str, Any]:
    arn = row["principal_arn"]
    user: dict[str, Any] = {
        "type_id": 99 if row["principal_type"] == "role" else 1,
        "type": "Role" if row["principal_type"] == "role" else "User",
    }
    if arn:
        user["uid"] = arn
        user["name"] = _short_name(arn)
    if row["access_key_id"]:
        user["credential_uid"] = row["access_key_id"]
    if account:
        user["account"] = account
    return user


def _short_name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1] if "/" in arn else arn.rsplit(":", 1)[-1]


def _endpoint(net: dict[str, Any], ip: str, version: str) -> dict[str, Any]:
    endpoint: dict[str, Any] = {"ip": ip}
    lat, lon = net.get("latitude"), net.get("longitude")
    # OCSF wants a location to name a place (city, country, ...), not only coordinates or an ISP
    if net.get("country") or net.get("city"):
        location: dict[str, Any] = {"country": net.get("country"), "city": net.get("city")}
        if version == "1.1.0":  # no autonomous_system object before 1.2: the AS is the ISP
            location["isp"] = net.get("as_org")
            if lat is not None and lon is not None:
                location["coordinates"] = [lon, lat]
        else:
            location["lat"], location["long"] = lat, lon
        endpoint["location"] = location
    if version != "1.1.0" and (net.get("asn") is not None or net.get("as_org")):
        endpoint["autonomous_system"] = {"number": net.get("asn"), "name": net.get("as_org")}
    return endpoint


def _sources(row: dict[str, Any], version: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """(src_endpoints, unmapped sources) of a finding's addresses, in source_ips order."""
    nets = {n["ip"]: n for n in (row.get("source_networks") or []) if n and n["ip"]}
    endpoints: list[dict[str, Any]] = []
    unmapped: list[dict[str, Any]] = []
    for value in row["source_ips"] or []:
        net = nets.get(value, {})
        kind = net.get("source_kind")
        ip = source_ip(value, kind)
        if ip is not None:
            endpoints.append(_endpoint(net, ip, version))
        elif kind == "aws_service" and _HOSTNAME.match(value):
            endpoints.append({"hostname": value})
        else:
            unmapped.append({"value": value, "kind": kind or "invalid"})
    return endpoints, unmapped


def _observables(row: dict[str, Any], endpoints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()

    def add(name: str, type_id: int, type_name: str, value: str | None) -> None:
        if value and (type_id, value) not in seen:
            seen.add((type_id, value))
            out.append({"name": name, "type_id": type_id, "type": type_name, "value": value})

    for endpoint in endpoints:
        add("evidences.src_endpoint.ip", 2, "IP Address", endpoint.get("ip"))
        add("evidences.src_endpoint.hostname", 1, "Hostname", endpoint.get("hostname"))
    for key in [row["access_key_id"], *(row.get("access_key_ids") or [])]:
        add("evidences.actor.user.credential_uid", _KEY_OBSERVABLE, "User Credential ID", key)
    if row["principal_arn"]:
        add("resources.uid", 10, "Resource UID", row["principal_arn"])
        add("evidences.actor.user.name", 4, "User Name", _short_name(row["principal_arn"]))
    return out


def finding_to_ocsf(
    row: dict[str, Any],
    *,
    version: str = OCSF_VERSION,
    account_names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """One FINDINGS row (a dict) as an OCSF Detection Finding event of ``version``."""
    check_version(version)
    sev = SEVERITY_ID.get(row["severity"] or "info", 1)
    activity = ACTIVITY_ID.get(row.get("activity") or "create", 1)
    first, last = _ms(row["first_seen"]), _ms(row["last_seen"])
    reasons = list(row["reasons"] or [])
    rules = list(row["rules"] or [])
    evidence_rows = list(row["evidence"] or [])
    account_id = row["account_id"]
    account = (
        {
            "uid": account_id,
            **AWS_ACCOUNT,
            "name": (account_names or {}).get(account_id, account_id),
        }
        if account_id
        else None
    )
    actor = {"user": _user(row, account)}
    endpoints, unmapped_sources = _sources(row, version)
    evidences: list[dict[str, Any]] = [{"actor": actor, "src_endpoint": e} for e in endpoints]
    if unmapped_sources or not endpoints:
        evidences.append({"actor": actor})
    evidences += [
        {"data": {k: e[k] for k in ("rule", "signal", "baseline", "observed")}}
        for e in evidence_rows
    ]
    finding_id = row["finding_id"]
    regions = list(row.get("regions") or [])
    event: dict[str, Any] = {
        "activity_id": activity,
        "activity_name": ACTIVITY_NAME[activity],
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "class_uid": CLASS_UID,
        "class_name": "Detection Finding",
        "type_uid": CLASS_UID * 100 + activity,
        "type_name": f"Detection Finding: {ACTIVITY_NAME[activity]}",
        "severity_id": sev,
        "severity": SEVERITY_NAME[sev],
        "status_id": 3 if activity == 3 else 1,
        "status": "Suppressed" if activity == 3 else "New",
        "time": last if last is not None else 0,
        "start_time": first,
        "end_time": last,
        "count": row["event_count"],
        "message": row["title"] or (reasons[0] if reasons else "ueba finding"),
        "risk_score": round(100 * float(row["score"] or 0.0)),
        "confidence_score": round(100 * float(row["score"] or 0.0)),
        "metadata": {
            "version": version,
            "uid": str(uuid.uuid5(FINDING_EVENT_NAMESPACE, f"{finding_id}|{activity}|{last}")),
            "log_name": "ueba findings",
            "profiles": ["cloud"],  # the cloud attribute below comes from the Cloud profile
            "product": {"name": "ueba", "vendor_name": "ueba", "version": __version__},
        },
        "finding_info": {
            "uid": finding_id,
            "title": row["title"] or "ueba finding",
            "desc": " ".join(r if r.endswith(".") else r + "." for r in reasons),
            "types": rules + ([row["cause"]] if row.get("cause") else []),
            "analytic": {
                "name": row["rule"],
                "uid": row["rule"],
                "type_id": 2,
                "type": "Behavioral",
            },
            "attacks": attacks_for(rules, [e["signal"] for e in evidence_rows if e]),
            "first_seen_time": first,
            "last_seen_time": last,
            "data_sources": ["AWS CloudTrail"],
        },
        "evidences": evidences,
        "observables": _observables(row, endpoints),
        "resources": [
            {
                "uid": row["principal_arn"],
                "name": _short_name(row["principal_arn"]),
                "type": _PRINCIPAL_RESOURCE.get(row["principal_type"] or "", "AWS::IAM::Principal"),
                "cloud_partition": row["principal_arn"].split(":", 2)[1],
            }
        ]
        if row["principal_arn"] and row["principal_arn"].startswith("arn:")
        else [],
        "cloud": {"provider": "AWS", "account": account, "region": regions[0] if regions else None},
        "unmapped": {"ueba": _unmapped(row, rules, reasons, unmapped_sources)},
    }
    if version != "1.1.0":  # is_alert is new in 1.2
        event["is_alert"] = sev >= SEVERITY_ID["medium"]
    out: dict[str, Any] = _drop_nulls(event)
    return out


def _unmapped(
    row: dict[str, Any], rules: list[str], reasons: list[str], sources: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "score": row["score"],
        "rules": rules,
        "cause": row.get("cause"),
        "reasons": reasons,
        "event_ids": list(row["event_ids"] or []),
        "event_count": row["event_count"],
        "access_key_id": row["access_key_id"],
        "access_key_ids": list(row.get("access_key_ids") or []),
        "actor_kind": row.get("actor_kind"),
        "actor_id": row.get("actor_id"),
        "maturity": row.get("maturity"),
        "workload_kind": row["workload_kind"],
        "workload_id": row["workload_id"],
        "user_agents": list(row["user_agents"] or []),
        "regions": list(row.get("regions") or []),
        "source_networks": [
            {k: v for k, v in n.items() if v is not None} for n in row.get("source_networks") or []
        ],
        "unmapped_sources": sources,
    }


def _drop_nulls(value: Any) -> Any:
    # OCSF attributes are absent rather than null, and so are empty objects
    if isinstance(value, dict):
        pairs = {k: _drop_nulls(v) for k, v in value.items() if v is not None}
        return {k: v for k, v in pairs.items() if v != [] and v != {}}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value if v is not None]
    return value


def to_ocsf(
    findings: pl.LazyFrame | pl.DataFrame,
    *,
    version: str = OCSF_VERSION,
    account_names: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """FINDINGS as a list of OCSF Detection Finding dicts of ``version`` (1.1.0 or 1.5.0).

    ``account_names`` maps account ids to names for ``cloud.account.name`` (default: the id).

    Examples
    --------
    >>> events = to_ocsf(scorer.score(today), version="1.1.0")  # doctest: +SKIP
    >>> events[0]["class_uid"], events[0]["metadata"]["version"]  # doctest: +SKIP
    (2004, '1.1.0')
    """
    check_version(version)
    return [
        finding_to_ocsf(row, version=version, account_names=account_names)
        for row in as_findings(findings).iter_rows(named=True)
    ]


def write_ocsf(
    findings: pl.LazyFrame | pl.DataFrame,
    path: str | os.PathLike[str],
    *,
    version: str = OCSF_VERSION,
    account_names: Mapping[str, str] | None = None,
) -> int:
    """Write FINDINGS as OCSF Detection Finding JSON Lines; returns the number written.

    The file is replaced atomically (a temporary file in the same directory, then a rename).

    Examples
    --------
    >>> write_ocsf(scorer.score(today), "findings.ocsf.jsonl", version="1.1.0")  # doctest: +SKIP
    2
    """
    events = to_ocsf(findings, version=version, account_names=account_names)
    with atomic_write(path) as fh:
        for event in events:
            fh.write(json.dumps(event, separators=(",", ":"), sort_keys=True) + "\n")
    return len(events)


__all__ = [
    "OCSF_VERSION",
    "OCSF_VERSIONS",
    "check_version",
    "finding_to_ocsf",
    "source_ip",
    "to_ocsf",
    "write_ocsf",
]
