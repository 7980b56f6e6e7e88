"""The one-host engine: today's behaviour behind the :class:`~ueba.engines.Engine` interface.

Parsing uses this process plus helper processes for big inputs (:mod:`ueba.io._parallel`);
enrichment, summaries and scoring are polars plans over the lake, run here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from ueba.baseline.summaries import Summaries, collect_summaries, merge_summaries, summarize
from ueba.io._ingest import IngestPlan, OnFile, local_parse, plan_ingest
from ueba.io._work import WorkerResult


class LocalEngine:
    """Run every stage on this host. ``workers``: parsing processes (default: up to 2)."""

    name = "local"

    def __init__(self, *, workers: int | None = None) -> None:
        self.workers = workers

    def new_files(self, sources: Sequence[str], lake: str, **options: Any) -> IngestPlan:
        return plan_ingest(list(sources), lake, **options)

    def parse(self, plan: IngestPlan, on_file: OnFile) -> tuple[list[WorkerResult], list[str]]:
        return local_parse(self.workers)(plan, on_file)

    def summarize(
        self, lake: str, start: dt.date, end: dt.date, *, enrich_options: dict[str, Any]
    ) -> Summaries:
        from ueba.engines._enriched import enriched_between

        history = enriched_between(lake, start, end, enrich_options=enrich_options)
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
        from ueba.engines._enriched import enriched_between

        scorer = Scorer(baseline, config=config, models=models).fit()
        today = enriched_between(
            lake, day, day, accounts=list(accounts), enrich_options=enrich_options
        ).collect(engine=scorer.engine_)
        return scorer.score(today.lazy()).collect(engine=scorer.engine_), today.height

    def close(self) -> None:
        return None


__all__ = ["LocalEngine"]
