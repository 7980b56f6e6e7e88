"""Findings as JSON Lines, Parquet and a terminal table.

Writers accept a FINDINGS LazyFrame or DataFrame, collect it once, and never leave a half-written
file: they write through :func:`ueba._files.atomic_write` (temporary file, fsync, rename).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Any

import polars as pl

from ueba._collect import ENGINE
from ueba._files import atomic_write
from ueba.schema import FINDINGS, UTC_US, conform

ISO_US = "%Y-%m-%dT%H:%M:%S%.6fZ"
SEVERITY_STYLE = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


def as_findings(findings: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """Collect ``findings`` to exactly the FINDINGS schema."""
    return conform(findings.lazy(), FINDINGS).collect(engine=ENGINE)


def _atomic_write(path: str | os.PathLike[str], write: Callable[[IO[Any]], None]) -> None:
    with atomic_write(path, binary=True) as fh:
        write(fh)


def to_json_ready(findings: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """FINDINGS with times as ISO-8601 UTC text (``2018-11-28T23:09:28.000000Z``)."""
    df = as_findings(findings)
    return df.with_columns(
        [pl.col(c).dt.strftime(ISO_US) for c, t in FINDINGS.items() if t == UTC_US]
    )


def write_jsonl(findings: pl.LazyFrame | pl.DataFrame, path: str | os.PathLike[str]) -> int:
    """Write FINDINGS as JSON Lines (one finding per line); returns the number written.

    Examples
    --------
    >>> write_jsonl(scorer.score(today), "findings.jsonl")  # doctest: +SKIP
    2
    """
    df = to_json_ready(findings)
    _atomic_write(path, lambda fh: df.write_ndjson(fh))
    return df.height


def write_parquet(findings: pl.LazyFrame | pl.DataFrame, path: str | os.PathLike[str]) -> int:
    """Write FINDINGS as one Parquet file (zstd); returns the number written.

    Examples
    --------
    >>> write_parquet(scorer.score(today), "findings.parquet")  # doctest: +SKIP
    2
    """
    df = as_findings(findings)
    _atomic_write(path, lambda fh: df.write_parquet(fh, compression="zstd"))
    return df.height


def render_table(
    findings: pl.LazyFrame | pl.DataFrame, *, max_reasons: int = 4, title: str | None = None
) -> Any:
    """A ``rich.table.Table`` of findings for people: severity, score, who, key, why.

    Examples
    --------
    >>> from rich.console import Console
    >>> Console().print(render_table(scorer.score(today)))  # doctest: +SKIP
    """
    from rich.table import Table
    from rich.text import Text

    df = as_findings(findings)
    table = Table(title=title or f"{df.height} finding(s)", show_lines=True, expand=False)
    table.add_column("severity", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("when (UTC)", no_wrap=True)
    table.add_column("principal / key", max_width=36, overflow="fold")
    table.add_column("from", no_wrap=True)
    table.add_column("why", ratio=1, min_width=40)
    for row in df.iter_rows(named=True):
        sev = row["severity"] or "info"
        who = (row["principal_arn"] or "?").split(":", 5)[-1]
        key = row["access_key_id"] or "-"
        when = row["first_seen"].strftime("%Y-%m-%d %H:%M") if row["first_seen"] else "?"
        ips = "\n".join((row["source_ips"] or [])[:3])
        reasons = list(row["reasons"] or [])
        why = "\n".join(f"• {r}" for r in reasons[:max_reasons])
        if len(reasons) > max_reasons:
            why += f"\n  (+{len(reasons) - max_reasons} more)"
        table.add_row(
            Text(sev, style=SEVERITY_STYLE.get(sev, "")),
            f"{row['score']:.2f}",
            when,
            f"{who}\n{row['account_id'] or '?'}\n{key}\n{row['event_count']} event(s)",
            ips,
            why,
        )
    return table


__all__ = [
    "as_findings",
    "render_table",
    "to_json_ready",
    "write_jsonl",
    "write_parquet",
]
