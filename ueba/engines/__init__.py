"""Engines: where the pure stage functions run. Same functions, same results, any engine.

An engine answers six questions the daily job (:mod:`ueba.pipeline`) asks, and nothing else:

================  ===================================================================
``new_files``     the sources the lake's manifest has not seen (an :class:`IngestPlan`)
``parse``         parse batches of those files to Arrow and stage lake parts
                  (the project's parser and writer; the commit is shared, see ``ingest``)
``summarize``     mergeable summaries of the enriched events of some days
``merge``         summaries of parts -> summary of the whole (:func:`merge_summaries`)
``score``         FINDINGS of one day for some accounts, against a baseline
``close``         release what the engine holds (a Spark session it started)
================  ===================================================================

:class:`~ueba.engines.local.LocalEngine` runs on this host (processes for parsing);
:class:`~ueba.engines.spark.SparkEngine` runs the same functions in Spark tasks
(``pip install 'ueba[spark]'``). :func:`get_engine` builds one by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import polars as pl

from ueba.baseline.summaries import Summaries
from ueba.io._ingest import IngestPlan, OnFile
from ueba.io._work import WorkerResult


class Engine(Protocol):
    """What the daily job needs from an engine (see the module's table)."""

    name: str

    def new_files(self, sources: Sequence[str], lake: str, **options: Any) -> IngestPlan: ...

    def parse(self, plan: IngestPlan, on_file: OnFile) -> tuple[list[WorkerResult], list[str]]: ...

    def summarize(
        self, lake: str, start: dt.date, end: dt.date, *, enrich_options: dict[str, Any]
    ) -> Summaries: ...

    def merge(self, parts: Sequence[Summaries]) -> Summaries: ...

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
    ) -> tuple[pl.DataFrame, int]: ...

    def close(self) -> None: ...


ENGINES = ("local", "spark")


def get_engine(name: str = "local", **options: Any) -> Engine:
    """The engine called ``name`` (``local`` or ``spark``), built with ``options``."""
    if name == "local":
        from ueba.engines.local import LocalEngine

        return LocalEngine(**options)
    if name == "spark":
        from ueba.engines.spark import SparkEngine

        return SparkEngine(**options)
    from ueba.exceptions import ConfigError

    raise ConfigError(f"unknown engine {name!r}", fix=f"use one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "Engine", "get_engine"]
