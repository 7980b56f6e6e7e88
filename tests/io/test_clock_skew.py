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
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io import _skew
from ueba.io._arrow import EVENTS_ARROW
from ueba.io._skew import delivery_times, quarantine_skewed
from ueba.io._writer import StagedPart, write_atomic
from ueba.io.lake import ingest, scan_lake
from ueba.io.sources import SourceFile

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
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
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


def _part(path: Path, times: list[datetime], source: str) -> StagedPart:
    table = pa.table(
        {
            name: pa.nulls(len(times), kind.type)
            for name, kind in zip(EVENTS_ARROW.names, EVENTS_ARROW, strict=True)
        }
    )
    table = table.set_column(
        table.schema.get_field_index("event_time"),
        "event_time",
        pa.array(times, EVENTS_ARROW.field("event_time").type),
    ).set_column(
        table.schema.get_field_index("source_file"),
        "source_file",
        pa.array([source] * len(times), EVENTS_ARROW.field("source_file").type),
    )
    write_atomic(table, path, EVENTS_ARROW)
    return StagedPart(("2024-07-01", "111122223333"), path, len(times))


def test_parts_dated_before_every_delivery_are_told_apart_by_their_footers_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivered = datetime(2024, 7, 2, tzinfo=UTC)
    files = [SourceFile("a.json.gz", 1, str(int(delivered.timestamp() * 1e9)))]
    times = delivery_times(files, datetime(2024, 7, 5, tzinfo=UTC))
    early = [datetime(2024, 7, 1, hour, tzinfo=UTC) for hour in range(20)]
    parts = [_part(tmp_path / f"p{k}.parquet", early, "a.json.gz") for k in range(3)]
    read: list[object] = []
    real = _skew.pl.scan_parquet

    def counted(*args: object, **kwargs: object) -> pl.LazyFrame:
        read.append(args[0])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_skew.pl, "scan_parquet", counted)
    assert quarantine_skewed(parts, times) is None
    assert read == []  # nothing per event was read: every part's latest time is in bounds
    late = _part(tmp_path / "late.parquet", [*early, datetime(2024, 7, 4, tzinfo=UTC)], "a.json.gz")
    skewed = quarantine_skewed([*parts, late], times)
    assert skewed is not None and skewed.num_rows == 1
    assert read == [[late.path]]  # only the part that may hold one is read
    assert pq.read_metadata(late.path).num_rows == 20


def test_a_part_without_time_statistics_is_read_and_checked(tmp_path: Path) -> None:
    delivered = datetime(2024, 7, 2, tzinfo=UTC)
    files = [SourceFile("a.json.gz", 1, str(int(delivered.timestamp() * 1e9)))]
    times = delivery_times(files, datetime(2024, 7, 5, tzinfo=UTC))
    table = pa.table(
        {
            name: pa.nulls(2, kind.type)
            for name, kind in zip(EVENTS_ARROW.names, EVENTS_ARROW, strict=True)
        }
    )
    table = table.set_column(
        table.schema.get_field_index("event_time"),
        "event_time",
        pa.array(
            [datetime(2024, 7, 1, tzinfo=UTC), datetime(2024, 7, 9, tzinfo=UTC)],
            EVENTS_ARROW.field("event_time").type,
        ),
    ).set_column(
        table.schema.get_field_index("source_file"),
        "source_file",
        pa.array(["a.json.gz"] * 2, EVENTS_ARROW.field("source_file").type),
    )
    path = tmp_path / "nostats.parquet"
    pq.write_table(table, path, write_statistics=False)
    skewed = quarantine_skewed([StagedPart(("2024-07-01", "x"), path, 2)], times)
    assert skewed is not None and skewed.num_rows == 1


def test_the_writer_bounds_each_part_and_the_check_reads_no_footer_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A staged part carries the largest time its writer wrote (what its footer says), so the
    check needs no footer; a part with a record past its delivery is still found, rewritten,
    and its row count follows (the commit counts it)."""
    from ueba.io._writer import StagingWriter

    delivered = datetime(2024, 7, 1, 12, tzinfo=UTC)
    files = [SourceFile("a.json.gz", 1, str(int(delivered.timestamp() * 1e9)))]
    times = delivery_times(files, datetime(2024, 7, 5, tzinfo=UTC))
    early = [
        datetime(2024, 7, 1, hour, minute, tzinfo=UTC) for hour in range(10) for minute in (0, 30)
    ]
    late = datetime(2024, 7, 1, 20, tzinfo=UTC)  # the same day's partition
    writer = StagingWriter(tmp_path / "staging", "w0", row_group_rows=8)
    for piece in (early[:10], [late], early[10:]):  # three flushes into one part
        writer.add(pq.read_table(_part(tmp_path / "in.parquet", piece, "a.json.gz").path))
    (part,) = writer.close()
    footer = pq.read_metadata(part.path)
    column = footer.schema.names.index("event_time")
    largest = max(
        footer.row_group(g).column(column).statistics.max_raw for g in range(footer.num_row_groups)
    )
    assert part.latest == largest == int(late.timestamp() * 1e6)
    assert part.rows == footer.num_rows == 21

    def no_footer(*args: object, **kwargs: object) -> None:
        raise AssertionError("a footer was read")

    monkeypatch.setattr("ueba.io._skew.pq.read_metadata", no_footer)
    skewed = quarantine_skewed([part], times)
    assert skewed is not None and skewed.num_rows == 1
    assert part.rows == pq.ParquetFile(part.path).metadata.num_rows == 20
    # A part whose times include a null has no bound: its footer decides, as before.
    unknown = StagingWriter(tmp_path / "staging2", "w0")
    table = pq.read_table(_part(tmp_path / "in2.parquet", early[:3], "a.json.gz").path)
    index = table.schema.get_field_index("event_time")
    unknown.add(
        table.set_column(
            index,
            "event_time",
            pa.array([early[0], None, early[1]], table.schema.field(index).type),
        )
    )
    assert unknown.close()[0].latest is None
