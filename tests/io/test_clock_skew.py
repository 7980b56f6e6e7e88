"""Records dated after their file's delivery are quarantined as clock_skew with the reason."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io.lake import ingest, scan_lake

MakeRecord = Callable[..., dict[str, Any]]


def _write(path: Path, records: list[dict[str, Any]], delivered: datetime) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    stamp = delivered.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def _errors(lake: Path) -> pl.DataFrame:
    return pl.concat([pl.read_parquet(p) for p in (lake / "_quarantine").glob("errors-*.parquet")])


def test_a_record_dated_after_its_delivery_is_quarantined_not_stored(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    delivered = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    _write(
        tmp_path / "src" / "a.json.gz",
        [
            make_record(1, eventTime="2024-07-01T11:50:00Z"),
            make_record(2, eventTime="2024-07-09T00:00:00Z"),  # eight days after delivery
        ],
        delivered,
    )
    lake = tmp_path / "lake"
    report = ingest([tmp_path / "src"], lake)
    assert (report.events, report.quarantined_records, report.exit_code) == (1, 1, 3)
    assert not (lake / "events" / "event_date=2024-07-09").exists()
    error = _errors(lake).row(0, named=True)
    assert error["error_kind"] == "clock_skew"
    assert error["source_file"].endswith("a.json.gz")
    assert "2024-07-09T00:00:00Z" in error["reason"] and "7.5 days" in error["reason"]
    assert "000000000002" in error["excerpt"]


def test_a_record_within_the_tolerance_is_stored(tmp_path: Path, make_record: MakeRecord) -> None:
    delivered = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    _write(
        tmp_path / "src" / "a.json.gz",
        [make_record(1, eventTime="2024-07-01T12:30:00Z")],
        delivered,
    )
    report = ingest([tmp_path / "src"], tmp_path / "lake")
    assert (report.events, report.exit_code) == (1, 0)


def test_a_future_record_is_quarantined_even_when_the_file_claims_a_future_mtime(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    future = datetime.now(UTC) + timedelta(days=30)
    _write(
        tmp_path / "src" / "a.json.gz",
        [make_record(1, eventTime=future.strftime("%Y-%m-%dT%H:%M:%SZ"))],
        future,  # a planted file may set any mtime: delivery is capped at the ingest time
    )
    report = ingest([tmp_path / "src"], tmp_path / "lake")
    assert (report.events, report.quarantined_records) == (0, 1)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offsets=st.lists(st.integers(min_value=-72, max_value=72), min_size=1, max_size=12))
def test_every_record_is_either_stored_or_quarantined_by_its_offset(
    tmp_path_factory: Any, make_record: MakeRecord, offsets: list[int]
) -> None:
    root = tmp_path_factory.mktemp("skew")
    delivered = datetime(2024, 7, 10, 0, 0, tzinfo=UTC)
    records = [
        make_record(i, eventTime=(delivered + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        for i, h in enumerate(offsets)
    ]
    _write(root / "src" / "a.json.gz", records, delivered)
    report = ingest([root / "src"], root / "lake")
    late = sum(1 for h in offsets if h > 1)  # the default tolerance is one hour
    assert report.quarantined_records == late
    assert scan_lake(root / "lake").collect().height == len(offsets) - late
