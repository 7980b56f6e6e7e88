"""The S3 buckets a principal reads and writes as baseline dimensions (twentieth session, branch
tune33): learnt from the request's ``bucketName`` of successful object calls only, per principal
and per account, with the buckets people write; merged like every dimension; saved in format 4
and a format-3 baseline loading without them, its bucket rules silent until its window is
covered."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl

from tests.baseline.conftest import ACCOUNT, ROLE, USER, daily_history, event, frame
from ueba.baseline import Baseline, Summaries, merge_summaries, summarize
from ueba.baseline._store import DEFAULT_MODEL_KEY, _sign, model_dir

T = dt.datetime(2024, 7, 1, 9)


def _object(api: str, bucket: str, *, minutes: int = 0, **columns: Any) -> dict[str, Any]:
    request = json.dumps({"bucketName": bucket, "key": f"a/{minutes}.bin", "Host": "x"})
    return event(
        T + dt.timedelta(minutes=minutes),
        api=f"s3.amazonaws.com:{api}",
        request_parameters=request,
        **columns,
    )


def _person(**columns: Any) -> dict[str, Any]:
    return {"principal": USER, "workload": None, "principal_type": "iam_user", **columns}


def _buckets(summary: pl.LazyFrame) -> list[tuple[str, str, str, str, int]]:
    return sorted(
        summary.filter(pl.col("dimension").str.starts_with("s3_"))
        .select("scope", "entity", "dimension", "value", "count")
        .collect()
        .rows()
    )


def test_reads_writes_and_the_buckets_people_write_are_learnt_per_principal_and_account() -> None:
    rows = [
        _object("GetObject", "plates", minutes=1, **_person()),
        _object("GetObject", "plates", minutes=2, **_person()),
        _object("PutObject", "frames", minutes=3, **_person()),
        _object("PutObject", "releases", minutes=4),  # the app role (an EC2 instance)
        _object("GetObject", "secret", minutes=5, error_code="AccessDenied", **_person()),
        _object("HeadObject", "plates", minutes=6, **_person()),
        event(T, api="s3.amazonaws.com:ListBuckets", **_person()),
    ]
    summary, _ = summarize(frame(rows))
    assert _buckets(summary) == [
        ("account", ACCOUNT, "s3_person_write", "frames", 1),
        ("account", ACCOUNT, "s3_read", "plates", 2),
        ("account", ACCOUNT, "s3_write", "frames", 1),
        ("account", ACCOUNT, "s3_write", "releases", 1),
        ("principal", ROLE, "s3_write", "releases", 1),
        ("principal", USER, "s3_read", "plates", 2),
        ("principal", USER, "s3_write", "frames", 1),
    ]
    # never per key or workload: their rows would repeat their principal's
    scopes = summary.filter(pl.col("dimension").str.starts_with("s3_")).select("scope").unique()
    assert set(scopes.collect()["scope"]) == {"account", "principal"}


def test_bucket_counts_merge_to_the_summary_of_the_whole() -> None:
    rows = [_object("GetObject", "plates", minutes=k, **_person()) for k in range(6)]
    whole, _ = summarize(frame(rows))
    parts = merge_summaries(summarize(frame(rows[:2])), summarize(frame(rows[2:])))
    assert _buckets(parts.summary) == _buckets(whole)
    assert ("principal", USER, "s3_read", "plates", 6) in _buckets(whole)


def test_a_fitted_baseline_saves_and_loads_its_buckets_and_judges_them(tmp_path: Path) -> None:
    history = pl.concat(
        [daily_history(5), frame([_object("PutObject", "releases", minutes=9)])],
        how="diagonal_relaxed",
    )
    baseline = Baseline(window="30d", min_days=3).fit(history, until="2024-07-06")
    assert baseline.buckets_since_ == baseline.window_start_
    assert baseline.view().buckets
    loaded = Baseline.load(baseline.save(tmp_path / "m"))
    writes = loaded.profile_.filter(pl.col("dimension") == "s3_write")
    assert sorted(writes.select("scope", "value").rows()) == [
        ("account", "releases"),
        ("principal", "releases"),
    ]
    assert loaded.buckets_since_ == baseline.window_start_ and loaded.view().buckets


def test_a_format_3_baseline_loads_and_its_bucket_rules_wait_for_a_covered_window(
    tmp_path: Path,
) -> None:
    old = Baseline(window="3d", min_days=1).fit(daily_history(3), until="2024-07-04")
    buckets = pl.col("dimension").str.starts_with("s3_")
    old.profile_ = old.profile_.filter(~buckets)
    old.summaries_ = Summaries(old.summaries_.summary.filter(~buckets), old.summaries_.volume)
    old.save(tmp_path / "m")
    files = model_dir(tmp_path / "m")
    path = files / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["format_version"] = 3
    del manifest["params"]["buckets_since"]
    for name in ("profile.parquet", "summary.parquet"):
        manifest["files"][name]["sha256"] = hashlib.sha256((files / name).read_bytes()).hexdigest()
    manifest["hmac"] = _sign(manifest, DEFAULT_MODEL_KEY)
    path.write_text(json.dumps(manifest))

    loaded = Baseline.load(tmp_path / "m")
    # nothing before its window's end had its buckets learnt: every bucket would look new
    assert loaded.buckets_since_ == loaded.window_end_
    assert not loaded.view().buckets
    for day in range(4, 7):
        start = dt.date(2024, 7, day)
        loaded.update(daily_history(1, start=start), until=start + dt.timedelta(days=1))
        # the window's start passes the first learnt day after three updates of a 3-day window
        assert loaded.view().buckets == (day == 6)
    # and the instant is kept when saved again
    again = Baseline.load(loaded.save(tmp_path / "again"))
    assert again.buckets_since_ == loaded.buckets_since_ and again.view().buckets
