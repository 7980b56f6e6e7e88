"""The lake's events of some days, enriched: what every engine and the daily job start from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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


def events_between(lake: str | Path, start: dt.date, end: dt.date, *, context_days: int = 1) -> int:
    """How many events :func:`enriched_between` reads for these days (its context included):
    the lake's row counts, from the Parquet footers."""
    from ueba._collect import ENGINE
    from ueba.io.lake import scan_lake

    first = start - dt.timedelta(days=context_days)
    count = scan_lake(lake, start=first, end=end).select(pl.len()).collect(engine=ENGINE)
    return int(count.item())


class EnrichedDay:
    """The last day a job enriched, kept for the job's next stage that reads the same events.

    A daily job that scores several days reads each scored day again the next morning: to add
    it to the baseline (and, in an evaluation, to the models' window). The scorer collects the
    day's ENRICHED events anyway; this keeps that one frame, keyed by exactly what it was
    computed from (the lake, the day, the committed parts read for the day and its context day,
    the enrichment options' objects), so a later read of the same parts with the same options
    takes it instead of enriching the day again. Any other read (another day, another account
    selection that reads other parts, a lake changed since) misses. One day is kept, the last
    one put: memory stays one day of events. An object the job (its engine) owns, never shared.
    """

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._options: dict[str, Any] = {}
        self._frame: pl.DataFrame | None = None

    def get(
        self,
        lake: str | Path,
        day: dt.date,
        *,
        accounts: Iterable[str] | None = None,
        enrich_options: dict[str, Any] | None = None,
    ) -> pl.DataFrame | None:
        """The kept frame when it is ``enriched_between(lake, day, day, accounts=accounts,
        enrich_options=enrich_options)``, else ``None``."""
        if self._frame is None or not _same_objects(self._options, enrich_options or {}):
            return None
        return self._frame if _read_key(lake, day, accounts) == self._key else None

    def put(
        self,
        lake: str | Path,
        day: dt.date,
        frame: pl.DataFrame,
        *,
        accounts: Iterable[str] | None = None,
        enrich_options: dict[str, Any] | None = None,
    ) -> None:
        """Keep ``frame`` (``enriched_between`` of that read, collected) in place of the last."""
        self._key = _read_key(lake, day, accounts)
        self._options = dict(enrich_options or {})
        self._frame = frame

    def clear(self) -> None:
        self._key, self._options, self._frame = None, {}, None


def _same_objects(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.keys() == b.keys() and all(a[k] is b[k] for k in a)


def _read_key(
    lake: str | Path, day: dt.date, accounts: Iterable[str] | None, context_days: int = 1
) -> tuple[Any, ...]:
    """What ``scan_lake`` reads for ``day`` and its context days: the committed parts in order,
    each with the log entry that committed it (a part written again is another entry)."""
    from ueba.io import _log
    from ueba.io._check import part_key
    from ueba.io._fs import open_lake
    from ueba.io._writer import account_dir

    first = day - dt.timedelta(days=context_days)
    wanted = None if accounts is None else {account_dir(a) for a in accounts}
    state = _log.read_state(open_lake(lake))
    parts = []
    for rel in state.parts:
        key = part_key(rel)
        if key is not None and first <= key[0] <= day and (wanted is None or key[1] in wanted):
            parts.append((rel, state.files[rel]))
    return (str(lake), day, tuple(parts))


__all__ = ["EnrichedDay", "enriched_between"]
