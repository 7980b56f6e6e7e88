"""The lake's events of some days, enriched: what every engine and the daily job start from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl

from ueba._time import midnight


def enriched_between(
    lake: str | Path,
    start: dt.date,
    end: dt.date,
    *,
    accounts: list[str] | None = None,
    context_days: int = 1,
    enrich_options: dict[str, Any] | None = None,
) -> pl.LazyFrame:
    """ENRICHED events of days ``[start, end]`` (inclusive), enriched with ``context_days`` of
    earlier events so keys minted the day before are bound to their workloads."""
    from ueba.enrichment import enrich
    from ueba.io.lake import scan_lake

    first = start - dt.timedelta(days=context_days)
    events = scan_lake(lake, start=first, end=end, accounts=accounts)
    out = enrich(events, **(enrich_options or {}))
    return out.filter(pl.col("event_time") >= pl.lit(midnight(start)))


__all__ = ["enriched_between"]
