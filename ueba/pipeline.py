"""The daily job above the stages: new files -> lake -> enrich -> baseline -> score.

Behind ``ueba ingest``, ``ueba baseline``, ``ueba score`` and ``ueba run``, written against the
small :class:`~ueba.engines.Engine` interface, so the same job runs on this host
(:class:`~ueba.engines.local.LocalEngine`, the default) or on Spark
(:class:`~ueba.engines.spark.SparkEngine`) with the same results.

Which day is "today"? A lake can hold unrelated periods (the bundled samples span 2018, 2020 and
2024), so the unit of scoring is an *account-day*: ``day="latest"`` scores, for every account,
the newest day that account has in the lake; ``day="all"`` scores every account-day; a date
scores that day for every account present. Days are scored in date order. Before each scoring
date the baseline learns the lake's days after the baseline's window and before that date
(``update=True``; ``ueba run``), so a daily run against yesterday's model is a one-day update.

Events are enriched with the previous day as context (the AssumeRole that minted a key is often
the day before), then only the scored day is kept. Each scored day is enriched once: pass one
engine for a job that scores several days in turn (``ueba run`` does) and the local engine keeps
the day it scored for the next day's baseline update, which reads the same events.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from ueba._collect import ENGINE
from ueba._time import midnight, parse_day, parse_window
from ueba.config import Config
from ueba.engines._enriched import enriched_between
from ueba.schema import FINDINGS, SEVERITIES, empty

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import timedelta

    from ueba.engines import Engine
    from ueba.io._ingest import IngestReport, ProgressCallback

Day = dt.date


@dataclass(frozen=True)
class ScoredDay:
    """One scoring date: which accounts, how many events, what the baseline knew."""

    day: Day
    accounts: tuple[str, ...]
    events: int
    findings: int
    baseline_until: dt.datetime | None
    note: str | None = None


@dataclass
class DailyResult:
    """Findings of a run (most severe first) and what was scored."""

    findings: pl.DataFrame
    days: list[ScoredDay] = field(default_factory=list)
    baseline: Any = None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for people (the CLI prints them on stderr)."""
        lines = []
        for d in self.days:
            base = (
                f"baseline until {d.baseline_until:%Y-%m-%d %H:%M}Z"
                if d.baseline_until
                else "no baseline"
            )
            accounts = ", ".join(d.accounts[:3]) + (" ..." if len(d.accounts) > 3 else "")
            line = f"{d.day}: {d.events:,} events of {len(d.accounts)} account(s) ({accounts}), "
            line += f"{base} -> {d.findings} finding(s)"
            lines.append(line + (f"; {d.note}" if d.note else ""))
        counts = self.findings.group_by("severity").len() if self.findings.height else None
        by_sev = {r[0]: r[1] for r in counts.iter_rows()} if counts is not None else {}
        parts = [f"{by_sev[s]} {s}" for s in reversed(SEVERITIES) if s in by_sev]
        lines.append(
            f"{self.findings.height} finding(s) over {len(self.days)} scored day(s)"
            + (f": {', '.join(parts)}" if parts else "")
        )
        lines.extend(self.notes)
        return "\n".join(lines)


def lake_days(lake: str | Path) -> pl.DataFrame:
    """(day, account_id) of every partition in the lake, from the directory names."""
    from ueba.io.lake import lake_partitions  # skips (and warns about) stray directories

    rows = lake_partitions(lake)
    return pl.DataFrame(rows, schema={"day": pl.Date, "account_id": pl.String}, orient="row")


def plan_days(lake: str | Path, which: str | Day) -> dict[Day, list[str]]:
    """Scoring date -> accounts, for ``which`` in ``latest`` / ``all`` / a date.

    ``latest`` is each account's newest complete day: before today (UTC), never in the future.
    """
    parts = lake_days(lake)
    if isinstance(which, str) and which == "latest":
        # Only complete days: today (UTC) is still arriving, and a later day can only come from
        # a wrong clock or a planted record.
        today = dt.datetime.now(dt.UTC).date()
        parts = parts.filter(pl.col("day") < today)
        parts = parts.group_by("account_id").agg(pl.col("day").max())
    elif not (isinstance(which, str) and which == "all"):
        day = parse_day(which, what="day")
        parts = parts.filter(pl.col("day") == day)
    plan: dict[Day, list[str]] = {}
    for day, account in parts.select("day", "account_id").sort("day", "account_id").iter_rows():
        plan.setdefault(day, []).append(account)
    return plan


def build_baseline(
    lake: str | Path,
    *,
    until: Day,
    window: str = "30d",
    min_days: int = 7,
    enrich_options: dict[str, Any] | None = None,
    engine: Engine | None = None,
) -> Any:
    """A :class:`ueba.baseline.profile.Baseline` fitted on the lake's days before ``until``."""
    from ueba.baseline.profile import Baseline

    days = parse_window(window, what="--window")
    history = _engine(engine).summarize(
        str(lake),
        until - dt.timedelta(days=days),
        until - dt.timedelta(days=1),
        enrich_options=_with_ranges(enrich_options),
    )
    return Baseline(window=window, min_days=min_days).fit(history, until=midnight(until))


def score_days(
    lake: str | Path,
    *,
    baseline: Any = None,
    which: str | Day = "latest",
    config: Config | None = None,
    update: bool = False,
    window: str = "30d",
    min_days: int = 7,
    enrich_options: dict[str, Any] | None = None,
    models: list[Any] | None = None,
    incidents: Any = None,
    engine: Engine | None = None,
) -> DailyResult:
    """Score the planned account-days of ``lake``; with ``update``, learn the days before each.

    ``models`` are fitted models (:func:`ueba.detect.models.load_models`) the Scorer adds.
    ``incidents`` (an :class:`ueba.detect.incidents.IncidentStore`, usually
    ``IncidentStore.load(model_dir)``) makes a finding that goes on from an earlier run or day
    keep its ``finding_id`` (``activity="update"``); the caller saves the store. ``engine``
    runs the stages (default: :class:`~ueba.engines.local.LocalEngine`); incidents are matched
    here, once per day, whatever the engine.

    Examples
    --------
    >>> result = score_days("lake/", which="latest", update=True)   # doctest: +SKIP
    >>> print(result.summary())                                      # doctest: +SKIP
    """
    cfg = config or Config()
    runner = _engine(engine)
    enrich_options = _with_ranges(enrich_options)
    plan = plan_days(lake, which)
    result = DailyResult(findings=empty(FINDINGS), baseline=baseline)
    if not plan:
        result.notes.append(f"nothing to score: no events in {lake} for day={which}")
        return result
    all_days = sorted(set(lake_days(lake)["day"].to_list()))
    frames = []
    for day in sorted(plan):
        note = None
        if update:
            result.baseline, note = _learn_until(
                lake,
                result.baseline,
                day,
                all_days,
                window=window,
                min_days=min_days,
                enrich_options=enrich_options,
                engine=runner,
            )
        until = getattr(result.baseline, "window_end_", None)
        if until is not None and until >= midnight(day) + dt.timedelta(days=1):
            note = (
                f"the baseline runs to {until:%Y-%m-%d} and already includes this day "
                "(fine for a model of its benign part; otherwise novelty is judged with hindsight)"
            )
        elif until is not None and until > midnight(day):
            note = f"the baseline already covers this day up to {until:%H:%M}Z"
        found, events = runner.score(
            str(lake),
            day,
            plan[day],
            baseline=result.baseline,
            config=cfg,
            enrich_options=enrich_options,
            models=models,
        )
        if incidents is not None:
            found = incidents.assign(found, baseline=result.baseline)
        frames.append(found)
        result.days.append(ScoredDay(day, tuple(plan[day]), events, found.height, until, note))
    result.findings = pl.concat(frames, how="vertical").sort(
        [
            pl.col("severity").replace_strict(
                {s: i for i, s in enumerate(SEVERITIES)}, return_dtype=pl.Int64
            ),
            "score",
            "first_seen",
        ],
        descending=[True, True, False],
    )
    return result


def _learn_until(
    lake: str | Path,
    baseline: Any,
    day: Day,
    all_days: list[Day],
    *,
    window: str,
    min_days: int,
    enrich_options: dict[str, Any] | None,
    engine: Engine,
) -> tuple[Any, str | None]:
    """The baseline extended with the lake's days it has not seen that come before ``day``.

    A day the baseline partly covers is not added again (that would count it twice)."""
    from ueba.baseline.profile import Baseline

    if baseline is not None:
        end = baseline.window_end_
        after = (end - dt.timedelta(microseconds=1)).date()
        new = [d for d in all_days if after < d < day]
        days = parse_window(baseline.window)
    else:
        days = parse_window(window)
        new = [d for d in all_days if day - dt.timedelta(days=days) <= d < day]
    if not new:
        return baseline, None
    new = [d for d in new if d >= day - dt.timedelta(days=days)] or new[-1:]
    history = engine.summarize(str(lake), new[0], new[-1], enrich_options=enrich_options or {})
    if baseline is None:
        fitted = Baseline(window=window, min_days=min_days).fit(history, until=midnight(day))
        return fitted, None
    return baseline.update(history, until=midnight(day)), None


def _engine(engine: Engine | None) -> Engine:
    if engine is not None:
        return engine
    from ueba.engines.local import LocalEngine

    return LocalEngine()


def ingest(
    sources: Sequence[str],
    lake: str | Path,
    *,
    engine: Engine | None = None,
    clock_skew_tolerance: timedelta | None = None,
    progress: ProgressCallback | None = None,
    **options: Any,
) -> IngestReport:
    """Ingest new files into ``lake`` with ``engine``: list, parse (engine), commit (shared).

    ``options`` are :func:`ueba.io.lake.ingest`'s (``s3_endpoint``, ``retry_failed``, ...)."""
    from ueba.io._ingest import run_ingest
    from ueba.io._skew import DEFAULT_TOLERANCE

    runner = _engine(engine)
    plan = runner.new_files(list(sources), str(lake), **options)
    return run_ingest(
        plan,
        runner.parse,
        clock_skew_tolerance=clock_skew_tolerance or DEFAULT_TOLERANCE,
        progress=progress,
    )


def _with_ranges(options: dict[str, Any] | None) -> dict[str, Any]:
    """Load the feeds once per run rather than once per enriched day."""
    from ueba.enrichment import default_feeds

    out = dict(options or {})
    out["ip_ranges"], out["asn_table"] = default_feeds(
        ip_ranges=out.get("ip_ranges"), asn_table=out.get("asn_table")
    )
    return out


def load_incidents(path: str | Path | None) -> Any:
    """The :class:`ueba.detect.incidents.IncidentStore` kept in the model directory ``path``
    (empty when none is saved yet); ``None`` when no directory is given."""
    if path is None:
        return None
    from ueba.detect.incidents import IncidentStore

    return IncidentStore.load(path)


def fit_and_save(
    models: Sequence[Any],
    lake: str | os.PathLike[str],
    baseline: Any,
    out: str | os.PathLike[str],
    enrich_options: dict[str, Any] | None = None,
    *,
    required: bool = True,
) -> str:
    """Fit ``models`` on the lake's days of ``baseline``'s window, save them under ``out``.

    What ``ueba baseline`` does after saving the baseline. A model that cannot learn from so
    little history raises when ``required``, else (a default model) is skipped with a note.
    Returns a note for people: ``models: rarity`` or why a model was skipped.
    """
    from ueba.detect.models import save_models
    from ueba.exceptions import ModelError

    start = baseline.window_start_.date()
    end = (baseline.window_end_ - dt.timedelta(days=1)).date()
    history = enriched_between(Path(lake), start, end, enrich_options=enrich_options).collect(
        engine=ENGINE
    )
    done, skipped = [], []
    for model in models:
        try:
            done.append(model.fit(history.lazy()))
        except ModelError as exc:
            if required:
                raise
            skipped.append(f"{model.name} skipped ({exc.message})")
    if done:
        save_models(done, out)
    return "; ".join([f"models: {', '.join(m.name for m in done)}"] * bool(done) + skipped)


def load_model(path: str | Path | None) -> Any:
    """``Baseline.load(path)``; ``None`` when no path is given or nothing is saved there yet.

    A directory that holds something but no valid model raises ``ModelError``: a model that
    lost its manifest must not be silently replaced by one learnt from scratch."""
    from ueba.baseline._store import model_absent

    if path is None or model_absent(path):
        return None
    from ueba.baseline.profile import Baseline

    return Baseline.load(path)


__all__ = [
    "DailyResult",
    "ScoredDay",
    "build_baseline",
    "enriched_between",
    "fit_and_save",
    "ingest",
    "lake_days",
    "load_incidents",
    "load_model",
    "plan_days",
    "score_days",
]
