"""Streaming equals batch: a day fed in random micro-batches of 1-500 events, in random order and
random envelopes, ends with the findings the daily job gives for that day - same IDs, same
severities, same everything (issue 10, item 3). The bundled samples' split is drawn per run
(``UEBA_STREAM_SEED`` replays one, see ``stream_seed``); the synthetic day's is fixed, and its
day before (context only: its findings are not compared) comes in batches of 1,000-2,500."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.stream.conftest import SAMPLES, micro_batches, sample_records
from ueba.io.lake import ingest
from ueba.pipeline import load_model, score_days
from ueba.schema import FINDINGS
from ueba.stream import Stream


def _by_day(records: list[dict[str, Any]]) -> dict[dt.date, list[dict[str, Any]]]:
    out: dict[dt.date, list[dict[str, Any]]] = {}
    for record in records:
        out.setdefault(
            dt.date.fromisoformat((record.get("eventTime") or record["@timestamp"])[:10]), []
        ).append(record)
    return dict(sorted(out.items()))


def _same(batch: pl.DataFrame, streamed: pl.DataFrame) -> None:
    cols = list(FINDINGS)
    a = batch.select(cols).sort("finding_id")
    b = streamed.select(cols).sort("finding_id")
    assert a["finding_id"].to_list() == b["finding_id"].to_list()
    for col in cols:
        assert a[col].equals(b[col]), f"{col} differs"


def test_bundled_samples_streamed_in_random_micro_batches_equal_the_batch_job(
    sample_findings: pl.DataFrame, model_dir: Path, stream_seed: int
) -> None:
    # one random split per run (seeds 0-2 were fixed before; any seed must pass): the seed is
    # printed, and UEBA_STREAM_SEED=<seed> replays it
    rng = random.Random(stream_seed)
    stream = Stream(model_dir)
    streamed = []
    for day, records in _by_day(sample_records(SAMPLES)).items():
        for batch in micro_batches(records, rng):
            stream.process(batch)
        streamed.append(stream.findings(day))
    result = pl.concat(streamed)
    assert result.height == sample_findings.height >= 10
    _same(sample_findings, result)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small synthetic organisation: 8 days of baseline, the 9th scored (with an incident)."""
    import json

    from benchmarks.synth import generate_org, write_cloudtrail
    from benchmarks.synth._write import cloudtrail_records
    from ueba.pipeline import build_baseline

    root = tmp_path_factory.mktemp("synth")
    org = generate_org(days=9, seed=3, scale=0.15, accounts=2, inject_days=1)
    write_cloudtrail(org.events, root / "trail")
    ingest([str(root / "trail")], str(root / "lake"))
    last = org.events["event_time"].max().date()  # type: ignore[union-attr]
    model = build_baseline(root / "lake", until=last, window="30d", min_days=3)
    model.save(root / "model")
    batch = score_days(root / "lake", baseline=load_model(root / "model"), which=last).findings
    recent = org.events.filter(pl.col("event_time").dt.date() >= last - dt.timedelta(days=1))
    records = [json.loads(r) for r in cloudtrail_records(recent).collect()["record"]]
    return {"model": root / "model", "batch": batch, "records": records, "day": last}


def test_synthetic_day_streamed_in_random_micro_batches_equals_the_batch_job(
    synthetic: dict[str, Any], tmp_path: Path
) -> None:
    rng = random.Random(7)
    stream = Stream(synthetic["model"], state_dir=tmp_path / "state")
    days = _by_day(synthetic["records"])
    assert list(days)[-1] == synthetic["day"] and len(days) == 2
    changes = []
    before, scored = days.values()  # the day before first: it holds the keys' minting calls
    # every batch re-scores the days it touches, and only the scored day is compared: the day
    # before (~5,000 events) comes in a few large random batches (random split, order and
    # envelopes still), the scored day in batches of 1-500 as everywhere else
    for batch in micro_batches(before, rng, low=1000, high=2500):
        changes.append(stream.process(batch))
    for batch in micro_batches(scored, rng):
        changes.append(stream.process(batch))
    batch_findings = synthetic["batch"]
    assert batch_findings.height >= 3
    assert set(batch_findings["severity"]) & {"high", "critical", "medium"}
    _same(batch_findings, stream.findings(synthetic["day"]))
    # every finding of the day was announced (created) by some micro-batch
    created = pl.concat(changes).filter(pl.col("activity") == "create")["finding_id"]
    assert set(batch_findings["finding_id"]) <= set(created)
