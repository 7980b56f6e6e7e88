"""The local engine enriches each scored day once: the next day's baseline update reads the day
it kept from scoring, and finds exactly what enriching the day again finds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ueba import pipeline
from ueba.engines import _enriched, local
from ueba.engines.local import LocalEngine
from ueba.enrichment import default_feeds
from ueba.io.lake import scan_lake


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.synth import generate_org, write_cloudtrail

    trail = tmp_path_factory.mktemp("trail")
    # three days: the first scored with no history, two more each updated from the day kept
    # (the same code for every later day; five days scored ten times before, for the same checks)
    org = generate_org(days=3, seed=5, scale=0.1, accounts=2, inject_days=2)
    write_cloudtrail(org.events, trail)
    out = tmp_path_factory.mktemp("reuse") / "lake"
    pipeline.ingest([str(trail)], out)
    return out


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[dt.date, dt.date]]:
    """Every enrichment the local engine starts, as (start, end)."""
    calls: list[tuple[dt.date, dt.date]] = []
    real = local.enriched_between

    def counting(lake: Any, start: dt.date, end: dt.date, **kw: Any) -> pl.LazyFrame:
        calls.append((start, end))
        return real(lake, start, end, **kw)

    monkeypatch.setattr(local, "enriched_between", counting)
    return calls


def _frames(result: Any) -> list[pl.DataFrame]:
    base = result.baseline
    summary, volume = pl.collect_all([base.summaries_.summary, base.summaries_.volume])
    return [
        result.findings,
        *(f.sort(f.columns) for f in (summary, volume, base.profile_, base.maturity_)),
    ]


def test_each_scored_day_is_enriched_once_and_finds_the_same(
    lake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = dict(zip(("ip_ranges", "asn_table"), default_feeds(), strict=True))
    calls = _counted(monkeypatch)
    kept = pipeline.score_days(
        lake, which="all", update=True, enrich_options=options, engine=LocalEngine()
    )
    reused = list(calls)

    calls.clear()
    monkeypatch.setattr(_enriched.EnrichedDay, "get", lambda self, *a, **kw: None)
    again = pipeline.score_days(
        lake, which="all", update=True, enrich_options=options, engine=LocalEngine()
    )

    days = sorted(pipeline.plan_days(lake, "all"))
    assert len(days) == 3
    # without the kept day: the first day scored, then each later day's update and score
    assert len(calls) == 1 + 2 * (len(days) - 1)
    # with it: every day scored once, the updates read the day before from the engine
    assert sorted(reused) == [(d, d) for d in days]
    assert len(kept.findings) > 0
    for mine, theirs in zip(_frames(kept), _frames(again), strict=True):
        assert mine.equals(theirs)


def test_a_kept_day_is_taken_only_for_the_same_read(lake: Path) -> None:
    ip_ranges, asn_table = default_feeds()
    options = {"ip_ranges": ip_ranges, "asn_table": asn_table}
    day = max(pipeline.plan_days(lake, "all"))
    accounts = sorted(pipeline.plan_days(lake, day)[day])
    store = _enriched.EnrichedDay()
    frame = pl.DataFrame({"x": [1]})
    store.put(str(lake), day, frame, accounts=accounts, enrich_options=options)

    # every account of the day and its context day read the same parts as no selection
    assert store.get(str(lake), day, enrich_options=dict(options)) is frame
    assert store.get(str(lake), day, accounts=accounts, enrich_options=options) is frame
    # another day, fewer accounts, other feed objects: other events, so nothing kept
    assert store.get(str(lake), day - dt.timedelta(days=1), enrich_options=options) is None
    assert store.get(str(lake), day, accounts=accounts[:1], enrich_options=options) is None
    other = {**options, "ip_ranges": default_feeds()[0]}
    assert store.get(str(lake), day, enrich_options=other) is None
    assert store.get(str(lake), day, enrich_options={**options, "geo": None}) is None
    store.clear()
    assert store.get(str(lake), day, enrich_options=options) is None


def test_a_day_ingested_again_is_enriched_again(tmp_path: Path) -> None:
    from benchmarks.synth import generate_org, write_cloudtrail

    mine = tmp_path / "lake"
    org = generate_org(days=2, seed=6, scale=0.05, accounts=1, inject_days=1)
    write_cloudtrail(org.events, tmp_path / "trail")
    pipeline.ingest([str(tmp_path / "trail")], mine)
    day = max(pipeline.plan_days(mine, "all"))
    store = _enriched.EnrichedDay()
    store.put(str(mine), day, pl.DataFrame({"x": [1]}))
    assert store.get(str(mine), day) is not None

    write_cloudtrail(org.events.with_columns(pl.col("event_id") + "-b"), tmp_path / "later")
    pipeline.ingest([str(tmp_path / "later")], mine)  # new parts for the same day
    assert store.get(str(mine), day) is None


def test_a_small_history_enriched_in_memory_summarises_as_the_streamed_one(
    lake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = dict(zip(("ip_ranges", "asn_table"), default_feeds(), strict=True))
    days = sorted(pipeline.plan_days(lake, "all"))
    engine = LocalEngine()
    events = _enriched.events_between(lake, days[0], days[-1])
    assert 0 < events <= local.IN_MEMORY_EVENTS  # the in-memory path
    # every day of the lake (and the context day before the first): all its events
    assert events == scan_lake(lake).select(pl.len()).collect().item()
    small = pl.collect_all(
        list(engine.summarize(str(lake), days[0], days[-1], enrich_options=options))
    )
    monkeypatch.setattr(local, "IN_MEMORY_EVENTS", 0)  # every history streamed, as before
    streamed = pl.collect_all(
        list(engine.summarize(str(lake), days[0], days[-1], enrich_options=options))
    )
    for mine, theirs in zip(small, streamed, strict=True):
        assert mine.height > 0
        assert mine.sort(mine.columns).equals(theirs.sort(theirs.columns))
