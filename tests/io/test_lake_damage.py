"""A damaged lake: corrupt parts and stray directories are named, skipped and repairable."""

from __future__ import annotations

import gzip
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ueba.exceptions import LakeWarning
from ueba.io.lake import check_lake, ingest, lake_partitions, scan_lake

MakeRecord = Callable[..., dict[str, Any]]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    return path


@pytest.fixture
def lake(tmp_path: Path, make_record: MakeRecord) -> Path:
    root = tmp_path / "lake"
    _write(tmp_path / "src" / "a.json.gz", [make_record(1), make_record(2)])
    _write(
        tmp_path / "src" / "b.json.gz",
        [make_record(3, eventTime="2024-07-02T10:00:00Z")],
    )
    assert ingest([tmp_path / "src"], root).exit_code == 0
    return root


def _parts(lake: Path, day: str) -> list[Path]:
    return sorted((lake / "events" / f"event_date={day}").rglob("part-*.parquet"))


def _corrupt(path: Path) -> None:
    path.write_bytes(os.urandom(100))


def test_a_corrupt_part_is_named_skipped_and_warned_about(lake: Path) -> None:
    bad = _parts(lake, "2024-07-01")[0]
    _corrupt(bad)
    with pytest.warns(LakeWarning, match=str(bad.name)) as caught:
        frame = scan_lake(lake).collect()
    assert frame["event_id"].to_list() == ["00000000-0000-0000-0000-000000000003"]
    assert "ueba lake check --repair --lake" in str(caught[0].message)


def test_a_part_truncated_after_its_header_is_also_skipped(lake: Path) -> None:
    bad = _parts(lake, "2024-07-02")[0]
    bad.write_bytes(bad.read_bytes()[:-20])
    with pytest.warns(LakeWarning, match="2024-07-02"):
        assert scan_lake(lake).collect().height == 2


def test_ingest_into_a_partition_with_a_corrupt_part_still_stores_and_exits_3(
    lake: Path, tmp_path: Path, make_record: MakeRecord
) -> None:
    _corrupt(_parts(lake, "2024-07-01")[0])
    _write(tmp_path / "more" / "c.json.gz", [make_record(4)])
    with pytest.warns(LakeWarning, match="corrupt"):
        report = ingest([tmp_path / "more"], lake)
    assert report.events == 1
    assert report.exit_code == 3
    assert any("corrupt" in note for note in report.notes)


def test_lake_check_lists_corrupt_parts_and_repair_moves_them_aside(lake: Path) -> None:
    bad = _parts(lake, "2024-07-01")[0]
    _corrupt(bad)
    found = check_lake(lake)
    assert [p.path for p in found.corrupt] == [bad]
    assert found.parts == 2
    assert bad.exists()
    repaired = check_lake(lake, repair=True)
    assert not bad.exists()
    moved = lake / "_corrupt" / bad.relative_to(lake)
    assert moved.exists() and repaired.moved == [moved]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert scan_lake(lake).collect().height == 1
    assert check_lake(lake).corrupt == []


def test_a_stray_partition_directory_is_skipped_with_a_warning(lake: Path) -> None:
    (lake / "events" / "event_date=garbage" / "account_id=1").mkdir(parents=True)
    with pytest.warns(LakeWarning, match="event_date=garbage"):
        assert scan_lake(lake).collect().height == 3
    with pytest.warns(LakeWarning, match="event_date=garbage"):
        days = lake_partitions(lake)
    assert sorted({str(day) for day, _ in days}) == ["2024-07-01", "2024-07-02"]
    assert "event_date=garbage" in " ".join(check_lake(lake).stray)


def test_repair_commits_a_removal_so_readers_stop_seeing_the_part_first(lake: Path) -> None:
    from ueba.io import _log
    from ueba.io._fs import open_lake

    bad = _parts(lake, "2024-07-01")[0]
    _corrupt(bad)
    check_lake(lake, repair=True)
    state = _log.read_state(open_lake(lake))
    assert str(bad.relative_to(lake)) not in state.files
    last = _log.entries_after(open_lake(lake), state.seq - 1)[0]
    assert last.operation == "repair" and last.remove == (str(bad.relative_to(lake)),)
