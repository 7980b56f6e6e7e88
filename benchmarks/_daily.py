"""The daily job as the evaluation runners drive it, shared so that every suite grades the same
job; each suite keeps its own generator, truth, targets and report."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl


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
) -> tuple[pl.DataFrame, int]:
    """Each of ``scored`` in order, as a morning ``ueba run``: the models (default: those ``ueba
    baseline`` fits) fitted on the days of ``days`` in the 30 before it, the baseline updated
    day by day, open incidents kept in ``incidents`` (an ``IncidentStore``) when given.
    Returns (findings, principal-days scored)."""
    from ueba.detect.models import DailyFeatures, default_models
    from ueba.engines.local import LocalEngine
    from ueba.enrichment import default_feeds
    from ueba.evaluation import population_from_lake
    from ueba.pipeline import score_days

    # the feeds (AWS ranges, ASN table) read once for the job, as `ueba run` does, not again for
    # every day enriched and every day scored
    ip_ranges, asn_table = default_feeds(
        ip_ranges=options.get("ip_ranges"), asn_table=options.get("asn_table")
    )
    options = {**options, "ip_ranges": ip_ranges, "asn_table": asn_table}
    # one engine for the job, as `ueba run` has: it keeps the day it last scored, so that the
    # next morning's model window and baseline update read it rather than enrich it again
    engine = LocalEngine()
    window = DailyFeatures(models if models is not None else default_models(), days=30)
    summarised: set[dt.date] = set()
    baseline: Any = None
    found = []
    for day in scored:
        for past in days:
            if day - dt.timedelta(days=30) <= past < day and past not in summarised:
                window.add(past, engine.enriched(str(lake), past, past, enrich_options=options))
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
    engine.close()
    population = population_from_lake(lake, start=scored[0], end=scored[-1])
    return pl.concat(found, how="vertical"), population
