"""The evaluation harness's daily job engine (``benchmarks/_daily.py``): it keeps every day it
scored enriched, so that a cold start scoring one of those days again enriches nothing and
finds exactly what a fresh engine finds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks._daily import KeptDays, job_engine, window_day
from ueba import pipeline
from ueba.engines import local
from ueba.enrichment import default_feeds


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.synth import generate_org, write_cloudtrail

    trail = tmp_path_factory.mktemp("trail")
    org = generate_org(days=3, seed=5, scale=0.05, accounts=1, inject_days=1)
    write_cloudtrail(org.events, trail)
    out = tmp_path_factory.mktemp("kept") / "lake"
    pipeline.ingest([str(trail)], out)
    return out


def test_every_day_put_is_kept_and_only_for_the_same_read(lake: Path) -> None:
    ip_ranges, asn_table = default_feeds()
    options = {"ip_ranges": ip_ranges, "asn_table": asn_table}
    days = sorted(pipeline.plan_days(lake, "all"))
    store = KeptDays()
    frames = {d: pl.DataFrame({"day": [str(d)]}) for d in days}
    for day in days:
        store.put(str(lake), day, frames[day], enrich_options=options)
    # each day, not only the last one put
    assert all(store.get(str(lake), d, enrich_options=options) is frames[d] for d in days)
    assert store.get(str(lake), days[-1] + dt.timedelta(days=1), enrich_options=options) is None
    other = {**options, "ip_ranges": default_feeds()[0]}
    assert store.get(str(lake), days[0], enrich_options=other) is None
    store.clear()
    assert store.get(str(lake), days[0], enrich_options=options) is None


def test_a_day_scored_again_with_the_job_engine_is_not_enriched_again(
    lake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = dict(zip(("ip_ranges", "asn_table"), default_feeds(), strict=True))
    first, last = sorted(pipeline.plan_days(lake, "all"))[1:3]
    calls: list[dt.date] = []
    real = local.enriched_between

    def counting(lake: Any, start: dt.date, end: dt.date, **kw: Any) -> pl.LazyFrame:
        calls.append(start)
        return real(lake, start, end, **kw)

    monkeypatch.setattr(local, "enriched_between", counting)
    engine = job_engine()
    for day in (first, last):  # the job scores both days in turn
        pipeline.score_days(lake, which=day, enrich_options=options, engine=engine)
    assert calls == [first, last]
    # the cold start: the first day again, with no history, from the kept day
    again = pipeline.score_days(lake, which=first, enrich_options=options, engine=engine)
    assert calls == [first, last]
    engine.close()
    fresh = pipeline.score_days(lake, which=first, enrich_options=options)
    assert calls == [first, last, first]
    assert again.findings.height > 0
    assert again.findings.equals(fresh.findings)


def test_a_window_day_is_kept_for_the_baseline_and_the_cold_start_reads(lake: Path) -> None:
    """The models' window enriches the trail's first day once (``window_day``): the same rows
    as ``enriched_between`` of that day, kept in the job's engine, so the baseline's fit of that
    day alone and a cold start scoring it (every account of the day: the same parts) read them.
    A day not kept is the engine's lazy read, as before."""
    from ueba._collect import ENGINE
    from ueba.engines._enriched import enriched_between

    options = dict(zip(("ip_ranges", "asn_table"), default_feeds(), strict=True))
    plan = pipeline.plan_days(lake, "all")
    first = min(plan)
    engine = job_engine()
    frame = window_day(engine, lake, first, options, keep=True)
    assert frame.height > 0
    assert frame.equals(
        enriched_between(str(lake), first, first, enrich_options=options).collect(engine=ENGINE)
    )
    assert window_day(engine, lake, first, options, keep=True) is frame  # kept: not enriched again
    assert engine.enriched(str(lake), first, first, enrich_options=options).collect().equals(frame)
    cold_read = engine.last_day.get(str(lake), first, accounts=plan[first], enrich_options=options)
    assert cold_read is frame
    # another day, or other feed objects, is another read
    assert engine.last_day.get(str(lake), max(plan), enrich_options=options) is None
    other = {**options, "ip_ranges": default_feeds()[0]}
    assert engine.last_day.get(str(lake), first, enrich_options=other) is None
    second = sorted(plan)[1]
    assert isinstance(window_day(engine, lake, second, options, keep=False), pl.LazyFrame)
    assert engine.last_day.get(str(lake), second, enrich_options=options) is None
    engine.close()
    assert engine.last_day.get(str(lake), first, enrich_options=options) is None
