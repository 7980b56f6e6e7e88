"""Read a labelled-incident ("truth") file: CSV, JSON or Parquet, into the TRUTH schema.

One row is one piece of evidence of an incident; rows that share an ``id`` are one incident
(several keys of one actor, say). Without an ``id`` column every row is its own incident.
Truth files are hand-written and small, so they are parsed and checked row by row.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from ueba.exceptions import ConfigError
from ueba.schema import TRUTH

LABELS = ("attack", "benign")
# labels other tools (and ueba.testing's generator) use for the same two things
_LABEL_ALIASES = {
    "attack": "attack",
    "compromise": "attack",
    "malicious": "attack",
    "true_positive": "attack",
    "benign": "benign",
    "benign_change": "benign",
    "change": "benign",
}
_SPLIT = re.compile(r"[\s;,|]+")
_IDENTIFIERS = ("access_key_id", "principal_arn", "source_ips", "event_ids")


def read_truth(
    source: str | os.PathLike[str] | pl.DataFrame | Sequence[Mapping[str, Any]],
) -> pl.DataFrame:
    """Labelled incidents as a TRUTH frame.

    ``source`` is a path (``.csv``, ``.json`` / ``.jsonl``, ``.parquet``), a polars DataFrame
    or a list of dicts. Columns (all but ``label`` optional, any may be empty):

    ``id``, ``name``, ``label`` (``attack`` | ``benign``), ``access_key_id``, ``principal_arn``,
    ``source_ip`` (one address, or several separated by spaces or ``;``), ``event_ids`` (same),
    ``start``, ``end`` (ISO 8601; a bare date as ``end`` means the end of that day).

    Examples
    --------
    >>> truth = read_truth([{"label": "attack", "access_key_id": "ASIAEXAMPLE",
    ...                      "source_ip": "198.51.100.7", "start": "2024-06-09T10:00:00Z"}])
    >>> truth.select("id", "label", "source_ips").row(0)
    ('row-1', 'attack', ['198.51.100.7'])
    """
    where = "truth"
    if isinstance(source, pl.DataFrame):
        rows = source.to_dicts()
    elif isinstance(source, (str, os.PathLike)):
        where = str(source)
        rows = _read_rows(Path(source))
    else:
        rows = [dict(r) for r in source]
    out = [_normalise(row, index, where) for index, row in enumerate(rows, start=1)]
    frame = (
        pl.DataFrame(out, schema=dict(TRUTH), orient="row")
        if out
        else pl.DataFrame(schema=dict(TRUTH))
    )
    return frame


def _read_rows(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise ConfigError(
            "the truth file does not exist", path=str(path), fix="check the path given to --truth"
        )
    suffix = "".join(path.suffixes[-2:]).lower()
    try:
        if suffix.endswith(".parquet"):
            return pl.read_parquet(path).to_dicts()
        if suffix.endswith(".csv"):
            return pl.read_csv(path, infer_schema=False).to_dicts()
        if suffix.endswith(".jsonl") or suffix.endswith(".ndjson"):
            return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        if suffix.endswith(".json"):
            data = json.loads(path.read_text())
            if isinstance(data, dict):
                data = data.get("incidents", data.get("truth"))
            if not isinstance(data, list):
                raise ConfigError(
                    'a JSON truth file must hold a list of incidents (or {"incidents": [...]})',
                    path=str(path),
                    fix="wrap the incidents in a JSON array",
                )
            return [dict(r) for r in data]
    except (OSError, ValueError, pl.exceptions.PolarsError) as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(
            f"cannot read the truth file ({exc})",
            path=str(path),
            fix="give a CSV, JSON or Parquet file as docs/evaluation.md describes",
        ) from None
    raise ConfigError(
        f"unknown truth file type {path.suffix!r}",
        path=str(path),
        fix="name it .csv, .json, .jsonl or .parquet",
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _many(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _many(v)]
    return [t for t in _SPLIT.split(str(value).strip()) if t]


def _time(value: Any, *, end: bool, where: str, index: int, column: str) -> dt.datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
        parsed += dt.timedelta(days=1 if end else 0)
    else:
        text = str(value).strip()
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ConfigError(
                f"{column} {text!r} is not an ISO 8601 time",
                path=where,
                record=index,
                fix="write e.g. 2024-06-09T10:00:00Z",
            ) from None
        if end and len(text) == 10:  # a bare date: the whole day
            parsed += dt.timedelta(days=1)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def _normalise(row: Mapping[str, Any], index: int, where: str) -> dict[str, Any]:
    label_text = (_text(row.get("label")) or _text(row.get("kind")) or "").lower()
    label = _LABEL_ALIASES.get(label_text)
    if label is None:
        raise ConfigError(
            f"label {label_text!r} is neither 'attack' nor 'benign'",
            path=where,
            record=index,
            fix="label each incident attack or benign",
        )
    out: dict[str, Any] = {
        "id": _text(row.get("id")) or f"row-{index}",
        "label": label,
        "name": _text(row.get("name")),
        "access_key_id": _text(row.get("access_key_id")),
        "principal_arn": _text(row.get("principal_arn")),
        "source_ips": _many(row.get("source_ip", row.get("source_ips"))),
        "event_ids": _many(row.get("event_ids", row.get("event_id"))),
        "start": _time(row.get("start"), end=False, where=where, index=index, column="start"),
        "end": _time(row.get("end"), end=True, where=where, index=index, column="end"),
    }
    if not any(out[c] for c in _IDENTIFIERS):
        raise ConfigError(
            "the incident names no access key, principal, source IP or event ID",
            path=where,
            record=index,
            fix="give at least one of access_key_id, principal_arn, source_ip, event_ids",
        )
    if out["start"] and out["end"] and out["end"] < out["start"]:
        raise ConfigError("end is before start", path=where, record=index, fix="swap start and end")
    return out


__all__ = ["LABELS", "read_truth"]
