"""A lake on S3 (moto on loopback): same layout, commits safe with several writers at once."""

from __future__ import annotations

import gzip
import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.io.conftest import MakeRecord
from ueba.io import _log
from ueba.io._fs import open_lake
from ueba.io._manifest import read_manifest
from ueba.io.lake import check_lake, ingest, lake_partitions, scan_lake

boto3 = pytest.importorskip("boto3")


@pytest.fixture
def s3_lake(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto_endpoint)
    bucket = f"lake-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=moto_endpoint).create_bucket(Bucket=bucket)
    yield f"s3://{bucket}/org/lake"


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    return path


def _ids(lake: str) -> pl.Series:
    return scan_lake(lake).select("event_id").collect().to_series()


def test_ingest_into_s3_stores_the_same_events_as_a_local_lake(
    s3_lake: str, tmp_path: Path, make_record: MakeRecord
) -> None:
    files = [
        _write(tmp_path / "in" / f"f{k}.json.gz", [make_record(k * 10 + n) for n in range(10)])
        for k in range(3)
    ]
    remote = ingest(files, s3_lake)
    local = ingest(files, tmp_path / "lake")
    assert (remote.events, remote.exit_code) == (local.events, 0) == (30, 0)
    assert sorted(_ids(s3_lake).to_list()) == sorted(_ids(str(tmp_path / "lake")).to_list())
    assert lake_partitions(s3_lake) == lake_partitions(tmp_path / "lake")
    assert read_manifest(s3_lake).height == 3
    assert ingest(files, s3_lake).files_unchanged == 3  # the manifest is read back from S3
    assert check_lake(s3_lake).ok


def test_two_concurrent_writers_never_store_an_event_twice(
    s3_lake: str, tmp_path: Path, make_record: MakeRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = [make_record(n) for n in range(20)]  # the same events delivered in two copies
    first = _write(tmp_path / "a" / "one.json.gz", [*shared, make_record(100)])
    second = _write(tmp_path / "b" / "two.json.gz", [*shared, make_record(200)])
    # Both writers reach the commit holding the same log position: exactly one can win it.
    barrier = threading.Barrier(2, timeout=60)
    real_append = _log.append
    arrived: list[int] = []

    def racing_append(fs: Any, seq: int, *args: Any, **kwargs: Any) -> bool:
        if seq > 0 and len(arrived) < 2:
            arrived.append(seq)
            barrier.wait()
        return real_append(fs, seq, *args, **kwargs)

    monkeypatch.setattr(_log, "append", racing_append)
    reports: dict[str, Any] = {}
    threads = [
        threading.Thread(target=lambda n=n, f=f: reports.__setitem__(n, ingest([f], s3_lake)))
        for n, f in (("a", first), ("b", second))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert arrived[0] == arrived[1]  # they did race for the same entry
    ids = _ids(s3_lake)
    assert ids.len() == ids.n_unique() == 22
    assert sorted(r.events for r in reports.values()) == [1, 21]
    assert sum(r.duplicates for r in reports.values()) == 20
    assert any("another ingest committed" in " ".join(r.notes) for r in reports.values())
    entries = _log.entries_after(open_lake(s3_lake), -1)
    assert [e.operation for e in entries] == ["init", "ingest", "ingest"]


def test_two_writer_processes_on_one_local_lake_store_each_event_once(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    import multiprocessing

    shared = [make_record(n) for n in range(50)]
    files = [
        _write(tmp_path / "in" / f"copy{k}.json.gz", [*shared, make_record(1000 + k)])
        for k in range(4)
    ]
    lake = str(tmp_path / "lake")
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        pool.starmap(ingest, [([files[0], files[1]], lake), ([files[2], files[3]], lake)])
    ids = _ids(lake)
    assert ids.len() == ids.n_unique() == 54


def test_a_writer_that_dies_before_its_commit_leaves_nothing_visible_on_s3(
    s3_lake: str, tmp_path: Path, make_record: MakeRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _write(tmp_path / "in" / "x.json.gz", [make_record(n) for n in range(5)])

    def dies(*args: Any, **kwargs: Any) -> bool:
        if args[1] > 0:
            raise OSError("killed before committing (injected)")
        return bool(_real(*args, **kwargs))

    _real = _log.append
    monkeypatch.setattr(_log, "append", dies)
    with pytest.raises(OSError, match="injected"):
        ingest([source], s3_lake)
    monkeypatch.setattr(_log, "append", _real)
    fs = open_lake(s3_lake)
    assert fs.listdir("events", recursive=True)  # the parts were uploaded ...
    assert scan_lake(s3_lake).collect().height == 0  # ... but no reader sees them
    assert read_manifest(s3_lake).height == 0
    assert ingest([source], s3_lake).events == 5
    assert _ids(s3_lake).len() == 5
