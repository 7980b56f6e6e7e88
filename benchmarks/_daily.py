"""The daily job as the evaluation runners drive it, shared so that every suite grades the same
job; each suite keeps its own generator, truth, targets and report."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from ueba.engines._enriched import EnrichedDay


class KeptDays(EnrichedDay):
    """Every scored day's ENRICHED events kept for the job, not only the last: an evaluation
    scores some of its days again with no history (the cold starts), and the enriched events of
    a day do not depend on the baseline or the models it is scored with. Each day is an
    :class:`EnrichedDay`, so a read that differs from the one kept (other parts, other account
    selection, other enrichment objects) misses as it would there. Memory: the scored days."""

    def __init__(self) -> None:
        super().__init__()
        self._days: dict[dt.date, EnrichedDay] = {}

    def get(
        self,
        lake: str | Path,
        day: dt.date,
        *,
        accounts: Iterable[str] | None = None,
        enrich_options: dict[str, Any] | None = None,
    ) -> pl.DataFrame | None:
        kept = self._days.get(day)
        if kept is None:
            return None
        return kept.get(lake, day, accounts=accounts, enrich_options=enrich_options)

    def put(
        self,
        lake: str | Path,
        day: dt.date,
        frame: pl.DataFrame,
        *,
        accounts: Iterable[str] | None = None,
        enrich_options: dict[str, Any] | None = None,
    ) -> None:
        kept = self._days.setdefault(day, EnrichedDay())
        kept.put(lake, day, frame, accounts=accounts, enrich_options=enrich_options)

    def clear(self) -> None:
        self._days.clear()


# The default feeds read once per process for each installed set: a runner, its cold starts and
# every suite module one pytest worker runs read the same files (``AwsIpRanges`` and
# ``AsnTable`` are frozen values, ~0.3 CPU s to read). Keyed by the feed directory and the stat
# of what may be installed there, so another ``UEBA_FEEDS_DIR`` or a ``ueba feeds update`` in
# between reads them again. Harness state, not the library's (``ueba`` keeps none).
_FEEDS: dict[tuple[Any, ...], tuple[Any, Any]] = {}


def feeds(*, ip_ranges: Any = None, asn_table: Any = None) -> tuple[Any, Any]:
    """``ueba.enrichment.default_feeds(ip_ranges=, asn_table=)``, the defaults read once per
    process for the same installed files (see ``_FEEDS``)."""
    from ueba.enrichment import default_feeds
    from ueba.enrichment.aws_ranges import IP_RANGES_FILE, default_feed_dir

    folder = default_feed_dir()
    names = (IP_RANGES_FILE, "asn-table.parquet", "asn-table.csv")
    key = (str(folder), *(_stat(folder / name) for name in names))
    if key not in _FEEDS:
        _FEEDS.clear()  # one set kept: the last read
        _FEEDS[key] = default_feeds()
    ranges, table = _FEEDS[key]
    return (
        ip_ranges if ip_ranges is not None else ranges,
        asn_table if asn_table is not None else table,
    )


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def job_engine() -> Any:
    """A ``LocalEngine`` that keeps every day it scored (:class:`KeptDays`) until ``close()``:
    for a caller that scores some of the job's days again (``_suite_checks.graded_run``)."""
    from ueba.engines.local import LocalEngine

    engine = LocalEngine()
    engine.last_day = KeptDays()
    return engine


def window_day(
    engine: Any, lake: Path, day: dt.date, options: dict[str, Any], *, keep: bool
) -> pl.LazyFrame | pl.DataFrame:
    """``day``'s ENRICHED events for the models' window: the engine's kept day when it is that
    read; else, with ``keep``, enriched (as ``engine.enriched`` would) and kept in the engine for
    the job's next read of the same events. The daily job keeps the trail's first day: the
    baseline's first fit reads it again when it is the only day before the first scored one
    (``LocalEngine.summarize`` of that day), and the cold start scores it with no history
    (``LocalEngine.score`` of every account of the day: the same parts, so the same key); each
    takes the kept frame instead of enriching the day again. Other history days are read again
    only as part of a range (another context), so they are not kept: memory stays the scored
    days and one more. A read of other parts or options misses, as any :class:`EnrichedDay`
    read."""
    from ueba._collect import ENGINE
    from ueba.engines._enriched import enriched_between

    if not keep:
        return engine.enriched(str(lake), day, day, enrich_options=options)
    kept = engine.last_day.get(str(lake), day, enrich_options=options)
    if kept is not None:
        return kept
    frame = enriched_between(str(lake), day, day, enrich_options=options).collect(engine=ENGINE)
    engine.last_day.put(str(lake), day, frame, enrich_options=options)
    return frame


def daily_job(
    lake: Path,
    *,
    days: Sequence[dt.date],
    scored: Sequence[dt.date],
    config: Any,
    options: dict[str, Any],
    models: Any = None,
    incidents: Any = None,
    quiet: bool = True,
    engine: Any = None,
) -> tuple[pl.DataFrame, int]:
    """Each of ``scored`` in order, as a morning ``ueba run``: the models (default: those ``ueba
    baseline`` fits) fitted on the days of ``days`` in the 30 before it, the baseline updated
    day by day, open incidents kept in ``incidents`` (an ``IncidentStore``) when given.
    ``engine``: the caller's (it closes it), e.g. :func:`job_engine` to score some days again;
    default: a ``LocalEngine`` of the job's own. Returns (findings, principal-days scored)."""
    from ueba.detect.models import DailyFeatures, default_models
    from ueba.evaluation import population_from_lake
    from ueba.pipeline import score_days

    # the feeds (AWS ranges, ASN table) read once for the job, as `ueba run` does, not again for
    # every day enriched and every day scored
    ip_ranges, asn_table = feeds(
        ip_ranges=options.get("ip_ranges"), asn_table=options.get("asn_table")
    )
    options = {**options, "ip_ranges": ip_ranges, "asn_table": asn_table}
    # one engine for the job, as `ueba run` has: it keeps the day it last scored, so that the
    # next morning's model window and baseline update read it rather than enrich it again
    own = engine is None
    if engine is None:
        from ueba.engines.local import LocalEngine

        engine = LocalEngine()
    window = DailyFeatures(models if models is not None else default_models(), days=30)
    summarised: set[dt.date] = set()
    baseline: Any = None
    found = []
    for day in scored:
        for past in days:
            if day - dt.timedelta(days=30) <= past < day and past not in summarised:
                window.add(past, window_day(engine, lake, past, options, keep=past == days[0]))
                summarised.add(past)
        fitted, skipped = window.fit()
        if skipped and not quiet:
            print("; ".join(skipped), file=sys.stderr)
        result = score_days(
            lake,
            baseline=baseline,
            which=day,
            config=config,
            update=True,
            enrich_options=options,
            models=fitted,
            incidents=incidents,
            engine=engine,
        )
        baseline = result.baseline
        found.append(result.findings)
        if not quiet:
            print(result.summary().splitlines()[0], file=sys.stderr)
    if own:
        engine.close()
    population = population_from_lake(lake, start=scored[0], end=scored[-1])
    return pl.concat(found, how="vertical"), population
