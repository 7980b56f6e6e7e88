"""A finding's evidence, score and decision do not depend on the order the day's rows arrive in
(the order files were ingested, the lake's parts read, the engine's threads), nor on how many
threads the engine runs.

Each choice of "the first row" is made on time, then event id: ``volume``'s evidence rows (the
``nth`` first of a spike hour), the first network of an ``ip_lock`` key and its region, the
workload a key's own user agent names, ``_iam_lifecycle``'s creator and retirement, the origin
of an identity chain. The crafted days below tie every row on the second (CloudTrail's
resolution) so that any tie left to the row order shows; the bundled sample trails are scored
whole with their rows shuffled, and in a process whose engine runs one thread.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ueba.detect.features import add_features
from ueba.detect.rules import ErrorSpike, VolumeSpike

ROOT = Path(__file__).resolve().parents[2]
ROLE = "arn:aws:iam::653711331788:role/app"
ORDERS = ["reversed", "shuffled"]


def _reorder(frame: pl.DataFrame, how: str) -> pl.DataFrame:
    return (
        frame.reverse() if how == "reversed" else frame.sample(fraction=1.0, shuffle=True, seed=7)
    )


def _same_second(fx: Any, n: int, **extra: Any) -> pl.DataFrame:
    """``n`` calls of one role in the same second (ids ev-0000 ...)."""
    r = {**fx.role("app", "s", "ASIAAPP", None, None), **fx.AWS_IP, **fx.BOTO, **extra}
    return fx.build([{**r, "event_time": fx.T0} for _ in range(n)]).collect()


@pytest.mark.parametrize("how", ORDERS)
def test_a_spike_hours_evidence_is_its_earliest_calls_by_event_id(fx: Any, how: str) -> None:
    base = fx.view([], volume=[("principal", ROLE, 40, 0, 0), ("principal", ROLE, 60, 0, 0)])
    day = _same_second(fx, 400)
    hits = VolumeSpike(max_events=5).evaluate(_reorder(day, how).lazy(), base).collect()
    assert sorted(hits["event_id"]) == [f"ev-{i:04d}" for i in range(5)]


@pytest.mark.parametrize("how", ORDERS)
def test_an_error_bursts_evidence_is_its_earliest_failures_by_event_id(fx: Any, how: str) -> None:
    day = _same_second(fx, 60).with_columns(
        pl.format("List{}", pl.int_range(pl.len()) % 8).alias("event_name"),
        pl.lit("AccessDenied").alias("error_code"),
    )
    hits = ErrorSpike(max_events=3).evaluate(_reorder(day, how).lazy(), None).collect()
    assert sorted(hits["event_id"]) == ["ev-0000", "ev-0001", "ev-0002"]


@pytest.mark.parametrize("how", ORDERS)
def test_the_workload_a_keys_agent_names_is_its_earliest_rows(fx: Any, how: str) -> None:
    # a session key identity enrichment did not place, whose agents name two places in one
    # second: the earliest event (by id) decides, whatever the order
    lam = {"user_agent": "Boto3/1.9 exec-env/AWS_Lambda_python3.12", "ua_exec_env": "Lambda"}
    ecs = {"user_agent": "Boto3/1.9 exec-env/AWS_ECS_FARGATE", "ua_exec_env": "ECS"}
    r = {**fx.role("app", "s", "ASIAAPP", None, None), **fx.AWS_IP, "event_time": fx.T0}
    day = fx.build([{**r, **lam}, {**r, **ecs}, {**r, **ecs}]).collect()
    kinds = add_features(_reorder(day, how).lazy()).collect()["workload_kind"]
    assert set(kinds) == {"lambda"}


def _sample_days() -> list[pl.DataFrame]:
    from ueba.enrichment import enrich
    from ueba.io.cloudtrail import read_cloudtrail

    events = enrich(read_cloudtrail([str(ROOT / "data" / "samples")]).lazy()).collect()
    dated = events.with_columns(pl.col("event_time").dt.date().alias("_d"))
    days = dated.partition_by("_d", include_key=False, maintain_order=True)
    return [d for d in days if d.height >= 20]


@functools.cache
def _demo_scorer() -> Any:
    """A Scorer of the demo model, fitted once per process and used for every day, as the
    stream uses one for all its batches (each scoring makes its own view and memo)."""
    from ueba.detect.scorer import Scorer
    from ueba.pipeline import load_model

    return Scorer(load_model(ROOT / "models" / "demo")).fit()


def _findings_json(day: pl.DataFrame) -> str:
    findings = _demo_scorer().score(day)
    return "\n".join(json.dumps(r, default=str, sort_keys=True) for r in findings.to_dicts())


@pytest.fixture(scope="module")
def sample_days(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The sample trails' days (as Parquet, for the one-thread process) and their findings."""
    where = tmp_path_factory.mktemp("sample-days")
    days = _sample_days()
    for i, day in enumerate(days):
        day.write_parquet(where / f"day{i}.parquet")
    return where, [_findings_json(day) for day in days]


def test_the_sample_days_give_findings_to_compare(sample_days: tuple[Path, list[str]]) -> None:
    _, found = sample_days
    assert len(found) >= 3 and sum(text.count("\n") + 1 for text in found if text) >= 10


@pytest.mark.parametrize("seed", [1, 2])
def test_sample_days_shuffled_give_the_same_findings(
    sample_days: tuple[Path, list[str]], seed: int
) -> None:
    # each seed shuffles every other day (seed 1 the first, third...; seed 2 the others): every
    # day is scored shuffled once here and reversed on one thread below, besides its reference
    where, found = sample_days
    for i, reference in enumerate(found):
        if i % 2 != (seed - 1):
            continue
        day = pl.read_parquet(where / f"day{i}.parquet")
        assert _findings_json(day.sample(fraction=1.0, shuffle=True, seed=seed)) == reference


def test_sample_days_on_one_thread_give_the_same_findings(
    sample_days: tuple[Path, list[str]], tmp_path: Path
) -> None:
    where, found = sample_days
    script = (
        "import sys, polars as pl\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_row_order import _findings_json\n"
        "assert pl.thread_pool_size() == 1\n"
        f"for i in range({len(found)}):\n"
        f"    day = pl.read_parquet({str(where)!r} + f'/day{{i}}.parquet').reverse()\n"
        f"    open({str(tmp_path)!r} + f'/f{{i}}.json', 'w').write(_findings_json(day))\n"
    )
    env = {**os.environ, "POLARS_MAX_THREADS": "1"}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=None)
    for i, reference in enumerate(found):
        assert (tmp_path / f"f{i}.json").read_text() == reference


def test_the_crafted_days_tie_on_the_second(fx: Any) -> None:
    # the premise of the tests above: every row in one second, so only the tie-break orders them
    day = _same_second(fx, 3)
    assert day["event_time"].n_unique() == 1
    assert day["event_time"][0] == fx.T0.replace(tzinfo=dt.UTC)
