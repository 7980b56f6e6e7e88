"""The one-host engine: today's behaviour behind the :class:`~ueba.engines.Engine` interface.

Parsing uses this process plus helper processes for big inputs (:mod:`ueba.io._parallel`);
enrichment, summaries and scoring are polars plans over the lake, run here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.baseline.summaries import Summaries, collect_summaries, merge_summaries, summarize
from ueba.engines._enriched import EnrichedDay, enriched_between, events_between
from ueba.io._ingest import IngestPlan, OnFile, local_parse, plan_ingest
from ueba.io._work import WorkerResult

# A history of at most this many events (its context day's included) is enriched in memory first
# and summarised from that frame: polars spends more on the summaries' plan over the enrichment's
# plan than a few days' events take (a 3-day CI lake 0.9 -> 0.2 CPU s, 10 days 1.3 -> 0.5, the
# same summaries; benchmarks/README.md, "CI time", twenty-third session). A larger one is
# streamed, in bounded memory. The scorer holds a whole day of this size in memory anyway.
IN_MEMORY_EVENTS = 500_000


class LocalEngine:
    """Run every stage on this host. ``workers``: parsing processes (default: up to 2).

    The engine keeps the last day it scored (:class:`~ueba.engines._enriched.EnrichedDay`), so
    that a job scoring several days in turn enriches each day once: the next day's baseline
    update (and :meth:`enriched` of that day) reads it from there. :meth:`close` drops it.
    """

    name = "local"

    def __init__(self, *, workers: int | None = None) -> None:
        self.workers = workers
        self.last_day = EnrichedDay()

    def new_files(self, sources: Sequence[str], lake: str, **options: Any) -> IngestPlan:
        return plan_ingest(list(sources), lake, **options)

    def parse(self, plan: IngestPlan, on_file: OnFile) -> tuple[list[WorkerResult], list[str]]:
        return local_parse(self.workers)(plan, on_file)

    def enriched(
        self,
        lake: str,
        start: dt.date,
        end: dt.date,
        *,
        accounts: list[str] | None = None,
        enrich_options: dict[str, Any] | None = None,
    ) -> pl.LazyFrame:
        """``enriched_between(lake, start, end, ...)``: the last day scored when it is that."""
        if start == end:
            kept = self.last_day.get(lake, start, accounts=accounts, enrich_options=enrich_options)
            if kept is not None:
                return kept.lazy()
        return enriched_between(lake, start, end, accounts=accounts, enrich_options=enrich_options)

    def summarize(
        self, lake: str, start: dt.date, end: dt.date, *, enrich_options: dict[str, Any]
    ) -> Summaries:
        history = self.enriched(lake, start, end, enrich_options=enrich_options)
        if events_between(lake, start, end) <= IN_MEMORY_EVENTS:
            history = history.collect(engine=ENGINE).lazy()
        summary, volume = collect_summaries(summarize(history))
        return Summaries(summary.lazy(), volume.lazy())

    def merge(self, parts: Sequence[Summaries]) -> Summaries:
        return merge_summaries(list(parts))

    def score(
        self,
        lake: str,
        day: dt.date,
        accounts: Sequence[str],
        *,
        baseline: Any,
        config: Any,
        enrich_options: dict[str, Any],
        models: Sequence[Any] | None = None,
    ) -> tuple[pl.DataFrame, int]:
        """FINDINGS of ``day`` for ``accounts``, and how many events were scored."""
        from ueba.detect.scorer import Scorer

        scorer = Scorer(baseline, config=config, models=models).fit()
        chosen, options = list(accounts), enrich_options
        today = self.last_day.get(lake, day, accounts=chosen, enrich_options=options)
        if today is None:
            today = enriched_between(
                lake, day, day, accounts=chosen, enrich_options=options
            ).collect(engine=scorer.engine_)
            self.last_day.put(lake, day, today, accounts=chosen, enrich_options=options)
        return scorer.score(today.lazy()).collect(engine=scorer.engine_), today.height

    def close(self) -> None:
        self.last_day.clear()


__all__ = ["LocalEngine"]
