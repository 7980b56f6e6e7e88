"""The daily job on Spark and on one host: the same lake and the same findings."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ueba import pipeline
from ueba.engines.local import LocalEngine
from ueba.io._manifest import read_manifest
from ueba.io.lake import lake_partitions, scan_lake

SAMPLES = Path(__file__).parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def synthetic_trail(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.synth import generate_org, write_cloudtrail

    out = tmp_path_factory.mktemp("synthetic-org")
    # three days: the first scored without history, the second and third each learning the days
    # before it (as a fourth would), the incidents on the third
    org = generate_org(days=3, seed=3, scale=0.2, accounts=2, inject_days=1)
    write_cloudtrail(org.events, out)
    (out / "broken.json.gz").write_bytes(gzip.compress(b'{"Records": [{"eventID": ')[:-6])
    return out


@pytest.fixture(scope="module")
def synthetic_lake(
    synthetic_trail: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Any, Path]:
    """The synthetic trail ingested once on one host: (its report, the lake), read by the
    differential's local side and by the baseline comparison (scoring writes nothing into it)."""
    lake = tmp_path_factory.mktemp("synthetic-local") / "lake"
    return pipeline.ingest([str(synthetic_trail)], lake, engine=LocalEngine()), lake


def _daily(engine: Any, sources: list[Path], lake: Path, which: Any) -> tuple[Any, Any]:
    report = pipeline.ingest([str(s) for s in sources], lake, engine=engine)
    return report, _score(engine, lake, which)


def _score(engine: Any, lake: Path, which: Any) -> Any:
    return pipeline.score_days(lake, which=which, update=True, engine=engine)


def _lake(lake: Path) -> pl.DataFrame:
    events = scan_lake(lake).collect()
    return events.select("event_id", "event_time", "recipient_account_id", "source_file").sort(
        "event_id"
    )


def _findings(result: Any) -> pl.DataFrame:
    return result.findings.select(
        "finding_id", "severity", "score", pl.col("reasons").list.sort()
    ).sort("finding_id")


@pytest.mark.parametrize(
    ("dataset", "which"),
    # samples: the day most accounts share (17), learning from every earlier day in the window;
    # synthetic: every account-day, each learning the days before it.
    [("samples", "2024-08-01"), ("synthetic", "all")],
)
def test_spark_and_local_store_the_same_lake_and_find_the_same(
    dataset: str,
    which: str,
    spark_engine: Any,
    synthetic_trail: Path,
    synthetic_lake: tuple[Any, Path],
    tmp_path: Path,
) -> None:
    sources = [SAMPLES] if dataset == "samples" else [synthetic_trail]
    day: Any = which if which == "all" else dt.date.fromisoformat(which)
    if dataset == "samples":
        local_lake = tmp_path / "local"
        local_report, local = _daily(LocalEngine(), sources, local_lake, day)
    else:
        local_report, local_lake = synthetic_lake
        local = _score(LocalEngine(), local_lake, day)
    spark_report, spark = _daily(spark_engine, sources, tmp_path / "spark", day)

    assert spark_report.events == local_report.events > 0
    assert spark_report.quarantined_files == local_report.quarantined_files
    assert spark_report.quarantined_records == local_report.quarantined_records
    assert spark_report.partitions == local_report.partitions
    assert _lake(tmp_path / "spark").equals(_lake(local_lake))
    manifest = ["path", "size", "content_hash", "events", "errors", "status"]
    assert (
        read_manifest(tmp_path / "spark")
        .select(manifest)
        .sort("path")
        .equals(read_manifest(local_lake).select(manifest).sort("path"))
    )

    assert local.findings.height > 0
    assert _findings(spark).equals(_findings(local))
    assert [(d.day, d.accounts, d.events) for d in spark.days] == [
        (d.day, d.accounts, d.events) for d in local.days
    ]


def test_a_broken_file_is_quarantined_by_spark_tasks_as_by_the_local_engine(
    spark_engine: Any, synthetic_trail: Path, tmp_path: Path
) -> None:
    broken = synthetic_trail / "broken.json.gz"
    report = pipeline.ingest([str(broken)], tmp_path / "lake", engine=spark_engine)
    assert (report.quarantined_files, report.exit_code) == (1, 3)
    quarantined = list((tmp_path / "lake" / "_quarantine").glob("errors-*.parquet"))
    errors = pl.read_parquet(quarantined)
    assert set(errors.get_column("source_file").to_list()) == {str(broken)}


def test_baseline_from_per_account_spark_summaries_equals_the_local_fit(
    spark_engine: Any, synthetic_lake: tuple[Any, Path]
) -> None:
    _, lake = synthetic_lake
    until = max(day for day, _ in lake_partitions(lake))
    until = until + dt.timedelta(days=1)
    local = pipeline.build_baseline(lake, until=until, engine=LocalEngine())
    spark = pipeline.build_baseline(lake, until=until, engine=spark_engine)
    keys = ["scope", "entity", "account_id", "dimension", "value", "day"]
    for name in ("summary", "volume"):
        mine = getattr(spark.summaries_, name).collect()
        theirs = getattr(local.summaries_, name).collect()
        order = [k for k in (keys if name == "summary" else mine.columns) if k in mine.columns]
        assert mine.sort(order).equals(theirs.sort(order)), name


def test_python_m_ueba_cli_spark_submit_run_is_ueba_run_on_spark(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ueba.cli
    from ueba.cli import spark_submit as spark

    seen: dict[str, Any] = {}
    monkeypatch.setattr(ueba.cli, "main", lambda **kw: seen.update(kw))
    spark.main(["run", "AWSLogs/", "--lake", "s3://b/lake"])
    assert seen["args"] == ["run", "AWSLogs/", "--lake", "s3://b/lake", "--engine", "spark"]
    spark.main(["run", "x", "--lake", "l", "--engine", "local"])
    assert seen["args"][-2:] == ["--engine", "local"]
