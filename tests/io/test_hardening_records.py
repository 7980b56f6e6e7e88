"""Issue 11, the record side: out-of-range times (1), records without an eventID (4), a BOM (14)."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.io.conftest import MakeRecord
from ueba.io._writer import partitions
from ueba.io.cloudtrail import parse_bytes
from ueba.io.lake import ingest, scan_lake

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# ---- 1. an eventTime outside the years 0001-9999 -------------------------------------------
def _stamp(year: str, rest: datetime, zone: str) -> str:
    return f"{year}-{rest:%m-%dT%H:%M:%S}{zone}"


@st.composite
def out_of_range_times(draw: st.DrawFn) -> str:
    moment = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2000, 12, 28)))
    kind = draw(st.sampled_from(["year0", "wide", "late_offset", "early_offset"]))
    if kind == "year0":
        return _stamp("0000", moment, draw(st.sampled_from(["Z", "+00:00", "-05:00"])))
    if kind == "wide":
        year = draw(st.integers(10_000, 999_999))
        return _stamp(f"+{year}", moment, "Z")
    if kind == "late_offset":  # 9999-12-31 local, past the end of year 9999 in UTC
        minutes = draw(st.integers(1, 14 * 60))
        local = datetime(9999, 12, 31, 23, 59, 59) - timedelta(
            minutes=draw(st.integers(0, minutes - 1))
        )
        return f"{local:%Y-%m-%dT%H:%M:%S}-{minutes // 60:02d}:{minutes % 60:02d}"
    minutes = draw(st.integers(1, 14 * 60))  # 0001-01-01 local, before year 1 in UTC
    local = datetime(1, 1, 1) + timedelta(minutes=draw(st.integers(0, minutes - 1)))
    return f"{local:%Y-%m-%dT%H:%M:%S}+{minutes // 60:02d}:{minutes % 60:02d}"


@SETTINGS
@given(bad=out_of_range_times(), position=st.integers(0, 3), good=st.integers(1, 3))
def test_an_out_of_range_event_time_quarantines_that_record_only(
    make_record: MakeRecord, bad: str, position: int, good: int
) -> None:
    records: list[dict[str, Any]] = [make_record(n) for n in range(good)]
    records.insert(min(position, good), make_record(99, eventTime=bad))
    parsed = parse_bytes(json.dumps({"Records": records}).encode(), "t.json")
    assert parsed.events.num_rows == good
    assert parsed.errors.column("error_kind").to_pylist() == ["bad_time"]
    assert parsed.errors.column("record_index").to_pylist() == [min(position, good)]
    assert bad in parsed.errors.column("reason")[0].as_py()
    partitions(parsed.events)  # where one such time raised OverflowError and aborted ingest


def test_the_issue_file_beside_the_samples_stores_every_sample(tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(SAMPLES / "flaws2", source / "flaws2")
    bad = {
        "Records": [
            {"eventID": "a", "eventTime": t, "eventName": "X"}
            for t in ("0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00")
        ]
    }
    (source / "bad.json").write_text(json.dumps(bad))
    report = ingest([source], tmp_path / "lake")
    assert report.quarantined_records == 3
    assert report.events == scan_lake(tmp_path / "lake").collect().height > 0


# ---- 4. records without an eventID ----------------------------------------------------------
def _no_id(make_record: MakeRecord, n: int) -> dict[str, Any]:
    record = make_record(n, eventTime=f"2024-07-01T10:{n // 60 % 60:02d}:{n % 60:02d}Z")
    del record["eventID"]
    return record


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(count=st.integers(1, 30), appended=st.integers(1, 3), repeated=st.booleans())
def test_records_without_an_event_id_are_stored_once_however_often_read(
    make_record: MakeRecord, tmp_path_factory: Any, count: int, appended: int, repeated: bool
) -> None:
    root = tmp_path_factory.mktemp("noid")
    records = [_no_id(make_record, n) for n in range(count)]
    if repeated:  # the same call twice in a second is two events, not a duplicate
        records.append(dict(records[0]))
    path = root / "in" / "trail.json.gz"
    path.parent.mkdir()
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    lake = root / "lake"
    assert ingest([path.parent], lake).events == len(records)
    shutil.rmtree(lake / "_manifest")  # a crash after the parts moved, before the manifest
    assert ingest([path.parent], lake).events == 0
    records += [_no_id(make_record, 1000 + n) for n in range(appended)]
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))  # one appended
    assert ingest([path.parent], lake).events == appended
    ids = scan_lake(lake).select("event_id").collect().to_series()
    assert ids.len() == ids.n_unique() == len(records)
    assert all(i.startswith("ueba:") for i in ids.to_list())


def test_a_derived_event_id_does_not_depend_on_the_working_directory(
    make_record: MakeRecord, tmp_path: Path, monkeypatch: Any
) -> None:
    data = json.dumps([_no_id(make_record, 1)]).encode()
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path)
    first = parse_bytes(data, "a/x.json").events.column("event_id").to_pylist()
    monkeypatch.chdir(tmp_path / "a")
    assert parse_bytes(data, "x.json").events.column("event_id").to_pylist() == first
    assert parse_bytes(data, "y.json").events.column("event_id").to_pylist() != first


def test_a_real_event_id_is_kept_as_written(make_record: MakeRecord) -> None:
    parsed = parse_bytes(json.dumps([make_record(7), _no_id(make_record, 8)]).encode(), "m.json")
    ids = parsed.events.column("event_id").to_pylist()
    assert ids[0] == make_record(7)["eventID"] and ids[1].startswith("ueba:")


# ---- 14. a UTF-8 byte order mark ------------------------------------------------------------
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    shape=st.sampled_from(["records", "array", "ndjson", "single"]),
    space=st.sampled_from(["", " ", "\n", "\r\n\t"]),
    zipped=st.booleans(),
    count=st.integers(1, 3),
)
def test_a_byte_order_mark_at_the_start_is_accepted(
    make_record: MakeRecord, shape: str, space: str, zipped: bool, count: int
) -> None:
    records = [make_record(n) for n in range(count if shape != "single" else 1)]
    text = {
        "records": lambda: json.dumps({"Records": records}),
        "array": lambda: json.dumps(records),
        "ndjson": lambda: "\n".join(json.dumps(r) for r in records),
        "single": lambda: json.dumps(records[0]),
    }[shape]()
    data = b"\xef\xbb\xbf" + (space + text).encode()
    parsed = parse_bytes(gzip.compress(data) if zipped else data, "bom.json")
    assert parsed.errors.num_rows == 0
    assert parsed.events.num_rows == len(records)


def test_a_time_within_range_with_an_offset_lands_on_its_utc_day(make_record: MakeRecord) -> None:
    parsed = parse_bytes(
        json.dumps([make_record(1, eventTime="0001-01-01T10:00:00+09:00")]).encode(), "e.json"
    )
    assert parsed.events.column("event_time").to_pylist() == [datetime(1, 1, 1, 1, tzinfo=UTC)]
