"""The Parquet lake: layout, idempotence, duplicates, atomicity, day isolation, quarantine."""

from __future__ import annotations

import gzip
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import ueba
from ueba.io import _commit
from ueba.io._manifest import read_manifest
from ueba.io.lake import ingest, scan_lake
from ueba.schema import ERRORS, EVENTS

MakeRecord = Callable[..., dict[str, Any]]
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
SAMPLE_DIRS = [SAMPLES / "flaws2", SAMPLES / "otrf", SAMPLES / "stratus"]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    return path


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_samples_fill_the_lake_with_every_readable_event(tmp_path: Path) -> None:
    report = ingest(SAMPLE_DIRS, tmp_path / "lake")
    assert (report.events, report.files_read, report.exit_code) == (450, 44, 0)
    frame = scan_lake(tmp_path / "lake").collect()
    assert frame.schema == pl.Schema(EVENTS)
    assert frame.height == 450
    flaws = tmp_path / "lake" / "events" / "event_date=2018-11-28" / "account_id=653711331788"
    assert len(list(flaws.glob("part-*.parquet"))) >= 1


def test_parts_are_zstd_with_int64_utc_microsecond_times_and_bounded_row_groups(
    tmp_path: Path,
) -> None:
    ingest([SAMPLES / "flaws2"], tmp_path / "lake", row_group_rows=10)
    for part in (tmp_path / "lake" / "events").rglob("part-*.parquet"):
        meta = pq.ParquetFile(part)
        assert meta.schema_arrow.field("event_time").type == pa.timestamp("us", tz="UTC")
        column = meta.schema.column(meta.schema_arrow.get_field_index("event_time"))
        assert column.physical_type == "INT64"
        for group in range(meta.metadata.num_row_groups):
            row_group = meta.metadata.row_group(group)
            assert row_group.num_rows <= 10
            assert row_group.column(0).compression == "ZSTD"


def test_running_again_adds_nothing(tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    ingest(SAMPLE_DIRS, lake)
    before = _files(lake)
    again = ingest(SAMPLE_DIRS, lake)
    assert (again.events, again.files_read, again.files_unchanged) == (0, 0, 44)
    assert _files(lake) == before


def test_the_same_file_under_another_name_is_not_stored_twice(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    first = _write(tmp_path / "in" / "a.json.gz", [make_record(1), make_record(2)])
    ingest([first], tmp_path / "lake")
    copy = tmp_path / "in2" / "copy.json.gz"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    report = ingest([copy], tmp_path / "lake")
    assert report.events == 0
    manifest = read_manifest(tmp_path / "lake").filter(pl.col("path") == str(copy))
    assert manifest.get_column("status").to_list() == ["duplicate_file"]
    assert scan_lake(tmp_path / "lake").collect().height == 2


def test_an_event_id_in_two_files_is_stored_once(tmp_path: Path, make_record: MakeRecord) -> None:
    a = _write(tmp_path / "in" / "a.json.gz", [make_record(1), make_record(2)])
    b = _write(tmp_path / "in" / "b.json.gz", [make_record(2), make_record(3)])
    report = ingest([a, b], tmp_path / "lake")
    assert (report.events, report.duplicates, report.duplicate_conflicts) == (3, 1, 0)
    assert report.exit_code == 0
    ids = scan_lake(tmp_path / "lake").select("event_id").collect().to_series()
    assert ids.n_unique() == ids.len() == 3
    # and across runs
    c = _write(tmp_path / "in" / "c.json.gz", [make_record(3), make_record(4)])
    later = ingest([c], tmp_path / "lake")
    assert (later.events, later.duplicates) == (1, 1)


def test_a_duplicate_with_different_content_is_reported_and_kept_aside(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    a = _write(tmp_path / "in" / "a.json.gz", [make_record(1)])
    b = _write(tmp_path / "in" / "b.json.gz", [make_record(1, eventName="DeleteBucket")])
    report = ingest([a, b], tmp_path / "lake")
    assert (report.events, report.duplicates, report.duplicate_conflicts) == (1, 1, 1)
    assert report.exit_code == 3
    assert report.duplicate_example is not None
    assert make_record(1)["eventID"] in report.duplicate_example
    assert "different content" in report.summary()
    aside = pl.read_parquet(next((tmp_path / "lake" / "_quarantine").glob("duplicates-*.parquet")))
    assert aside.schema == pl.Schema(EVENTS)
    assert aside.height == 1


def test_a_crash_mid_commit_leaves_nothing_visible_and_the_next_run_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = tmp_path / "lake"
    real_link = os.link
    calls = {"n": 0}

    def failing_link(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 5:  # some parts published, others not, no commit entry
            raise OSError("disk full (injected)")
        real_link(src, dst)

    monkeypatch.setattr(_commit.os, "link", failing_link)
    with pytest.raises(OSError, match="injected"):
        ingest(SAMPLE_DIRS, lake, workers=1)
    monkeypatch.setattr(_commit.os, "link", real_link)
    assert any((lake / "events").rglob("part-*.parquet"))  # uploaded, but named by no entry
    assert scan_lake(lake).collect().height == 0
    assert read_manifest(lake).height == 0
    report = ingest(SAMPLE_DIRS, lake)
    assert report.exit_code == 0
    ids = scan_lake(lake).select("event_id").collect().to_series()
    assert ids.len() == ids.n_unique() == 450
    assert not (lake / "_staging").exists() or not any((lake / "_staging").iterdir())


def test_a_crash_while_parsing_leaves_the_lake_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ueba.io import _native, _work

    lake = tmp_path / "lake"
    ingest([SAMPLES / "flaws2"], lake)
    before = _files(lake / "events")

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("injected")

    monkeypatch.setattr(_work, "parse_loaded", boom)
    monkeypatch.setattr(_native.ScanBatch, "scan", boom)  # the compiled path, when built
    with pytest.raises(MemoryError):
        ingest([SAMPLES / "otrf"], lake, workers=1)
    monkeypatch.undo()
    assert _files(lake / "events") == before
    assert ingest([SAMPLES / "otrf"], lake).events == 103


def test_a_run_for_one_day_never_touches_other_days(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    lake = tmp_path / "lake"
    day1 = _write(
        tmp_path / "in" / "d1.json.gz", [make_record(1, eventTime="2024-07-01T10:00:00Z")]
    )
    day2 = _write(
        tmp_path / "in" / "d2.json.gz", [make_record(2, eventTime="2024-07-02T10:00:00Z")]
    )
    ingest([day1, day2], lake)
    first_day = lake / "events" / "event_date=2024-07-01"
    before = _files(first_day)
    time.sleep(0.01)
    more = _write(
        tmp_path / "in" / "d2b.json.gz", [make_record(3, eventTime="2024-07-02T11:00:00Z")]
    )
    report = ingest([more], lake)
    assert report.events == 1 and report.partitions == 1
    assert _files(first_day) == before


def test_partition_date_is_the_utc_date_whatever_the_machine_zone(
    tmp_path: Path, make_record: MakeRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")  # UTC+14: local date is already the next day
    time.tzset()
    try:
        source = _write(
            tmp_path / "in" / "late.json.gz", [make_record(1, eventTime="2024-07-01T23:30:00Z")]
        )
        ingest([source], tmp_path / "lake")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    days = [p.name for p in (tmp_path / "lake" / "events").iterdir()]
    assert days == ["event_date=2024-07-01"]


def test_account_partition_falls_back_to_identity_account_then_unknown(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    no_recipient = make_record(1)
    del no_recipient["recipientAccountId"]
    nobody = make_record(2, userIdentity={"type": "AWSService", "invokedBy": "ec2.amazonaws.com"})
    del nobody["recipientAccountId"]
    sneaky = make_record(3, recipientAccountId="../../etc")
    ingest(
        [_write(tmp_path / "in" / "a.json.gz", [no_recipient, nobody, sneaky])], tmp_path / "lake"
    )
    accounts = sorted(
        p.name for p in (tmp_path / "lake" / "events" / "event_date=2024-07-01").iterdir()
    )
    assert accounts == ["account_id=111122223333", "account_id=invalid", "account_id=unknown"]


def test_unreadable_input_is_quarantined_with_path_index_and_reason(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    good = _write(tmp_path / "in" / "good.json.gz", [make_record(1)])
    empty = tmp_path / "in" / "empty.json.gz"
    empty.write_bytes(b"")
    mixed = tmp_path / "in" / "mixed.json"
    mixed.write_bytes(b'{"Records": [' + json.dumps(make_record(2)).encode() + b", NaN]}")
    report = ingest([tmp_path / "in"], tmp_path / "lake")
    assert (report.events, report.quarantined_files, report.quarantined_records) == (2, 1, 1)
    assert report.exit_code == 3
    errors = pl.read_parquet(next((tmp_path / "lake" / "_quarantine").glob("errors-*.parquet")))
    assert errors.schema == pl.Schema(ERRORS)
    rows = {
        (Path(r["source_file"]).name, r["record_index"], r["error_kind"]) for r in errors.to_dicts()
    }
    assert rows == {("empty.json.gz", None, "empty_file"), ("mixed.json", 1, "not_json")}
    assert good.exists()


def test_planted_session_token_appears_in_no_file_of_the_lake(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    token = "IQoJb3JpZ2luX2VjPLANTEDxTOKENxFORxTEST"
    good = make_record(
        1, responseElements={"credentials": {"sessionToken": token, "accessKeyId": "ASIAKEEP"}}
    )
    unknown = make_record(2, newField={"SessionToken": token})
    broken = (
        b'{"eventName": "AssumeRole", "responseElements": {"credentials": {"sessionToken": "'
        + token.encode()
        + b'"}}, "x": NaN}'
    )
    source = tmp_path / "in" / "planted.json"
    source.parent.mkdir()
    source.write_bytes(
        b'{"Records": ['
        + json.dumps(good).encode()
        + b", "
        + json.dumps(unknown).encode()
        + b", "
        + broken
        + b"]}"
    )
    dup = make_record(
        1, eventName="Changed", responseElements={"credentials": {"sessionToken": token}}
    )
    _write(tmp_path / "in" / "z-dup.json.gz", [dup])
    report = ingest([tmp_path / "in"], tmp_path / "lake")
    assert (
        report.events == 2 and report.quarantined_records == 1 and report.duplicate_conflicts == 1
    )
    written = [p for p in (tmp_path / "lake").rglob("*") if p.is_file()]
    assert any("_quarantine" in str(p) for p in written)
    for path in written:
        assert token.encode() not in path.read_bytes()
        if path.suffix == ".parquet":  # compressed pages: check the decoded values as well
            assert token not in json.dumps(pq.read_table(path).to_pylist(), default=str)
    assert "ASIAKEEP" in scan_lake(tmp_path / "lake").collect().get_column("response_elements")[0]


@pytest.fixture
def two_days_two_accounts(tmp_path: Path, make_record: MakeRecord) -> Iterator[Path]:
    records = [
        make_record(1, eventTime="2024-07-01T10:00:00Z"),
        make_record(2, eventTime="2024-07-02T10:00:00Z"),
        make_record(3, eventTime="2024-07-02T23:00:00Z", recipientAccountId="444455556666"),
        make_record(4, eventTime="2024-07-03T00:00:00Z"),
    ]
    ingest([_write(tmp_path / "in" / "x.json.gz", records)], tmp_path / "lake")
    yield tmp_path / "lake"


def test_scan_lake_prunes_by_day_and_account(two_days_two_accounts: Path) -> None:
    lake = two_days_two_accounts
    assert scan_lake(lake).collect().height == 4
    assert scan_lake(lake, start="2024-07-02").collect().height == 3
    assert scan_lake(lake, start="2024-07-02", end="2024-07-02").collect().height == 2
    assert scan_lake(lake, accounts=["444455556666"]).collect().height == 1
    plan = scan_lake(lake, start="2024-07-03").explain()
    assert "2024-07-01" not in plan and "2024-07-02" not in plan


def test_scan_lake_datetime_bounds_are_start_inclusive_end_exclusive(
    two_days_two_accounts: Path,
) -> None:
    from datetime import UTC, datetime

    frame = scan_lake(
        two_days_two_accounts,
        start=datetime(2024, 7, 2, 10, tzinfo=UTC),
        end=datetime(2024, 7, 3, tzinfo=UTC),
    ).collect()
    assert sorted(frame.get_column("event_id").str.slice(-1).to_list()) == ["2", "3"]


def test_scan_lake_of_an_empty_or_missing_lake_has_the_events_schema(tmp_path: Path) -> None:
    frame = scan_lake(tmp_path / "nothing").collect()
    assert frame.schema == pl.Schema(EVENTS) and frame.height == 0


def test_scan_lake_ignores_stray_columns_and_keeps_exactly_events(
    two_days_two_accounts: Path,
) -> None:
    assert scan_lake(two_days_two_accounts).collect_schema() == pl.Schema(EVENTS)
    assert ueba.scan_lake(two_days_two_accounts).collect().height == 4


@pytest.mark.slow
def test_two_worker_processes_store_the_same_events_as_one(tmp_path: Path) -> None:
    one = ingest(SAMPLE_DIRS, tmp_path / "one", workers=1)
    two = ingest(SAMPLE_DIRS, tmp_path / "two", workers=2)
    assert one.events == two.events == 450
    a = scan_lake(tmp_path / "one").sort("event_id").drop("source_file").collect()
    b = scan_lake(tmp_path / "two").sort("event_id").drop("source_file").collect()
    assert a.equals(b)


def test_an_s3_key_with_dotdot_is_quarantined_not_read(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    from ueba.io.sources import SourceFile

    good = _write(tmp_path / "in" / "good.json.gz", [make_record(1)])
    refused = SourceFile(
        path="s3://trail/AWSLogs/../escape.json.gz",
        size=10,
        version="1",
        refused="an S3 key with a '..' segment is not read",
    )
    report = ingest([good, refused], tmp_path / "lake")
    assert (report.events, report.quarantined_files, report.exit_code) == (1, 1, 3)
    errors = pl.read_parquet(next((tmp_path / "lake" / "_quarantine").glob("errors-*.parquet")))
    assert errors.select("source_file", "error_kind").row(0) == (refused.path, "unsafe_path")
    # nothing was written outside the lake's own directories
    assert sorted(p.name for p in (tmp_path / "lake").iterdir()) == [
        "_log",
        "_manifest",
        "_quarantine",
        "_staging",
        "events",
    ]


def test_a_failed_file_is_retried_only_when_asked(tmp_path: Path, make_record: MakeRecord) -> None:
    big = _write(tmp_path / "in" / "big.json.gz", [make_record(n) for n in range(40)])
    first = ingest([big], tmp_path / "lake", max_decompressed_bytes=2_000)
    assert (first.events, first.quarantined_files) == (0, 1)
    assert ingest([big], tmp_path / "lake").files_unchanged == 1
    retried = ingest([big], tmp_path / "lake", retry_failed=True)
    assert retried.events == 40 and retried.exit_code == 0


@pytest.mark.slow
def test_a_helper_process_that_dies_costs_time_not_data(tmp_path: Path) -> None:
    # The helper re-imports this missing module as its __main__ and dies at start-up, as it
    # does for a script without an `if __name__ == "__main__":` guard.
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import sys\n"
        "from ueba.io.lake import ingest\n"
        f"report = ingest({[str(d) for d in SAMPLE_DIRS]!r}, {str(tmp_path / 'lake')!r}, workers=2)\n"
        "print(report.events, report.exit_code)\n"
        "print(*report.notes, sep='\\n')\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "450 0"
    assert any("read again by the main process" in line for line in lines[1:])
    ids = scan_lake(tmp_path / "lake").select("event_id").collect().to_series()
    assert ids.len() == ids.n_unique() == 450
