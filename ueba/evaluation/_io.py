"""Findings files back into FINDINGS frames, and the population (principal-days) of a lake."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.exceptions import ConfigError, InputError
from ueba.schema import FINDINGS, SEVERITIES, UTC_US, conform


def read_findings(path: str | os.PathLike[str]) -> pl.DataFrame:
    """A findings file as FINDINGS: ``ueba`` JSON Lines, OCSF Detection Finding JSON Lines
    (``ueba score --format ocsf``) or Parquet, recognised by content.

    Examples
    --------
    >>> findings = read_findings("findings.ocsf.jsonl")  # doctest: +SKIP
    """
    source = Path(path)
    if not source.exists():
        raise ConfigError(
            "the findings file does not exist",
            path=str(source),
            fix="write one with `ueba score --format jsonl --out FILE`",
        )
    if source.suffix.lower() == ".parquet":
        return conform(pl.scan_parquet(source), FINDINGS).collect(engine=ENGINE)
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            raise ConfigError(
                "not a JSON line",
                path=str(source),
                record=number,
                fix="give ueba JSON Lines or OCSF JSON Lines findings",
            ) from None
        rows.append(_from_ocsf(record) if "class_uid" in record else record)
    if not rows:
        return pl.DataFrame(schema=dict(FINDINGS))
    text_schema = {c: (pl.String() if t == UTC_US else t) for c, t in FINDINGS.items()}
    frame = pl.DataFrame(
        [{c: r.get(c) for c in FINDINGS} for r in rows],
        schema=text_schema,
        orient="row",
        strict=False,
    )
    return parse_times(frame)


def parse_times(findings: pl.DataFrame) -> pl.DataFrame:
    """``findings`` with its FINDINGS time columns parsed where they are ISO 8601 text.

    A findings file read by hand (``pl.read_ndjson("findings.jsonl")``) holds its times as
    text; grading needs them as UTC datetimes. Columns already datetimes are left as they are.
    """
    text = [c for c, t in FINDINGS.items() if t == UTC_US and findings.schema.get(c) == pl.String]
    try:
        return findings.with_columns(
            pl.col(c).str.to_datetime(time_unit="us", time_zone="UTC") for c in text
        )
    except (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError) as error:
        raise InputError(
            f"a findings time column is text that is not an ISO 8601 time ({error})",
            fix="give ueba.evaluate the findings file's path, or times such as "
            "2025-03-03T04:05:06Z",
        ) from None


def _iso(ms: Any) -> str | None:
    if ms is None:
        return None
    return dt.datetime.fromtimestamp(int(ms) / 1000, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _from_ocsf(event: dict[str, Any]) -> dict[str, Any]:
    """One OCSF Detection Finding (as ``ueba.export.ocsf`` writes it) as a FINDINGS dict."""
    info = event.get("finding_info") or {}
    extra = (event.get("unmapped") or {}).get("ueba") or {}
    evidences = event.get("evidences") or []
    users = [
        e["actor"]["user"]
        for e in evidences
        if isinstance(e.get("actor"), dict) and "user" in e["actor"]
    ]
    keys = list(extra.get("access_key_ids") or [])
    keys += [u["credential_uid"] for u in users if u.get("credential_uid")]
    resources = event.get("resources") or []
    severity_id = int(event.get("severity_id") or 1)
    return {
        "finding_id": info.get("uid") or (event.get("metadata") or {}).get("uid"),
        "activity": (event.get("activity_name") or "create").lower(),
        "rule": (info.get("analytic") or {}).get("uid"),
        "rules": extra.get("rules") or info.get("types") or [],
        "cause": extra.get("cause"),
        "severity": SEVERITIES[min(max(severity_id, 1), 5) - 1],
        "score": extra.get("score", (event.get("risk_score") or 0) / 100),
        "title": info.get("title"),
        "account_id": ((event.get("cloud") or {}).get("account") or {}).get("uid"),
        "actor_kind": extra.get("actor_kind"),
        "actor_id": extra.get("actor_id"),
        "maturity": extra.get("maturity"),
        "principal_arn": (resources[0].get("uid") if resources else None)
        or (users[0].get("uid") if users else None),
        "principal_type": None,
        "access_key_id": extra.get("access_key_id") or (keys[0] if keys else None),
        "access_key_ids": list(dict.fromkeys(keys)),
        "workload_kind": extra.get("workload_kind"),
        "workload_id": extra.get("workload_id"),
        "source_ips": [
            e["src_endpoint"]["ip"] for e in evidences if (e.get("src_endpoint") or {}).get("ip")
        ],
        "user_agents": extra.get("user_agents") or [],
        "first_seen": _iso(info.get("first_seen_time", event.get("start_time"))),
        "last_seen": _iso(info.get("last_seen_time", event.get("end_time"))),
        "event_count": extra.get("event_count"),
        "event_ids": extra.get("event_ids") or [],
        "reasons": extra.get("reasons") or [],
        "evidence": [],
    }


def population_from_lake(
    lake: str | os.PathLike[str],
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    accounts: list[str] | None = None,
) -> int:
    """Principal-days observed in ``lake`` between ``start`` and ``end`` (inclusive dates): the
    distinct (principal, day) pairs with at least one event, principals as ``ueba.enrich``
    derives them (a role's sessions are its role)."""
    from ueba.enrichment.identity import enrich_identity
    from ueba.io.lake import scan_lake

    events = scan_lake(lake, start=start, end=end, accounts=accounts)
    pairs = (
        enrich_identity(events)
        .select(pl.col("principal_arn"), pl.col("event_time").dt.date().alias("_day"))
        .drop_nulls()
        .unique()
    )
    return int(pairs.select(pl.len()).collect(engine=ENGINE).item())


__all__ = ["parse_times", "population_from_lake", "read_findings"]
