"""What an ingest process holds stays within budgets set by the size cap, whatever the input.

These are structural: they count what is held (bytes of buffered rows, the scanner's batch,
open writers, rows per part) as the input grows, never time or RSS.
"""

from __future__ import annotations

import json
import platform
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import ueba
from ueba.io._arrow import EVENTS_ARROW
from ueba.io._memory import budget, release_memory
from ueba.io._spool import OutcomeSpool
from ueba.io._work import FileOutcome, Worker
from ueba.io._writer import StagingWriter
from ueba.io.sources import list_sources

from .conftest import MakeRecord

CAP = 8 * 1024 * 1024  # a small cap, so the budgets are met by a few MB of input


def _corpus(
    root: Path, make_record: MakeRecord, files: int, per_file: int = 400, spread: bool = True
) -> Path:
    """``files`` delivery files over 4 days x 3 accounts (or one partition), each record
    padded to about 1 KB."""
    root.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        account = f"{111122223333 + f % 3 * spread:012d}"
        day = 1 + (f // 3) % 4 * spread
        records = [
            make_record(
                f * per_file + k,
                eventTime=f"2024-07-0{day}T10:{k % 60:02d}:00Z",
                recipientAccountId=account,
                requestParameters={"bucketName": f"b-{k}", "pad": "x" * 700},
            )
            for k in range(per_file)
        ]
        (root / f"f{f:04d}.json").write_text(json.dumps({"Records": records}))
    return root


def _held_while_reading(corpus: Path, staging: Path, rows_per_group: int) -> dict[str, Any]:
    worker = Worker(
        staging,
        "t",
        known_hashes=frozenset(),
        max_decompressed_bytes=CAP,
        row_group_rows=rows_per_group,
        warn=False,
    )
    held = {"buffered_bytes": 0, "batch_bytes": 0, "open": 0, "input": 0}
    for source in list_sources([corpus]):
        worker.process(source)
        held["input"] += source.size
        held["buffered_bytes"] = max(
            held["buffered_bytes"], sum(worker.writer.buffered_bytes.values())
        )
        held["batch_bytes"] = max(held["batch_bytes"], worker.batch_bytes)
        held["open"] = max(held["open"], len(worker.writer.open))
    held["releases"] = worker.releases
    parts = worker.finish().parts
    held["part_rows"] = max(pq.read_metadata(part.path).num_rows for part in parts)
    held["rows"] = sum(pq.read_metadata(part.path).num_rows for part in parts)
    return held


@pytest.mark.parametrize("rows_per_group", [1_000_000, 2_000])
def test_a_workers_buffers_stay_within_the_caps_budget_as_the_input_grows(
    tmp_path: Path, make_record: MakeRecord, rows_per_group: int
) -> None:
    allowed = budget(CAP)
    small = _held_while_reading(
        _corpus(tmp_path / "small", make_record, 12), tmp_path / "s1", rows_per_group
    )
    large = _held_while_reading(
        _corpus(tmp_path / "large", make_record, 48), tmp_path / "s2", rows_per_group
    )
    assert large["rows"] == 48 * 400
    assert large["input"] > 2 * (allowed.batch + allowed.buffered)  # the bounds are exercised
    for held in (small, large):
        assert held["buffered_bytes"] <= allowed.buffered
        one_file = 600_000  # a batch is taken once a file takes it past the budget
        assert held["batch_bytes"] < allowed.batch + one_file
    # Four times the input holds no more than the budget: the budget, not the corpus, sets what is buffered.
    assert large["buffered_bytes"] <= allowed.buffered
    assert large["open"] <= 16
    # The free heap is looked at once per batch's worth of input, trimmed only past the slack.
    assert large["releases"] <= large["input"] // allowed.release_every


def test_a_batch_is_split_only_beside_room_for_it_and_before_a_file_overfills_it(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    """The budget-based flush: staged rows are written before the scanner's batch is split
    (staged + batch within the staged budget at that moment), and the batch is staged before
    reading a file that, at the expansion seen so far, would take it past its budget: what a
    process holds no longer depends on how a long run's files happen to line up."""
    pytest.importorskip("ueba.io._scan")
    allowed = budget(CAP)
    corpus = _corpus(tmp_path / "c", make_record, 48)
    worker = Worker(
        tmp_path / "s",
        "t",
        known_hashes=frozenset(),
        max_decompressed_bytes=CAP,
        row_group_rows=1_000_000,
        warn=False,
    )
    assert worker.batch is not None
    at_split: list[int] = []
    take = worker.batch.take_partitions

    def spy() -> Any:
        at_split.append(worker.writer.held + worker.batch_bytes)
        return take()

    worker.batch.take_partitions = spy  # type: ignore[method-assign]
    most_batch = most_held = 0
    for source in list_sources([corpus]):
        worker.process(source)
        assert worker.writer.held == sum(worker.writer.buffered_bytes.values())
        most_batch = max(most_batch, worker.batch_bytes)
        most_held = max(most_held, worker.writer.held + worker.batch_bytes)
    assert len(at_split) > 5  # the budgets are exercised
    assert max(at_split) <= allowed.buffered
    assert most_batch <= allowed.batch  # files of 0.4 MB never overfill a 4 MiB batch
    assert most_held <= allowed.buffered + allowed.batch
    assert sum(part.rows for part in worker.finish().parts) == 48 * 400


def test_making_room_writes_the_largest_partitions_first(tmp_path: Path) -> None:
    one = _table(50, "2024-07-01").nbytes
    writer = StagingWriter(tmp_path, "t", row_group_rows=1_000_000, max_buffered_bytes=10 * one)
    writer.add(_table(50, "2024-07-01"))
    writer.add(_table(150, "2024-07-02"))
    writer.add(_table(100, "2024-07-03"))
    assert writer.held == sum(writer.buffered_bytes.values())
    assert writer.make_room(4 * one) == 0  # fits beside the six staged
    assert writer.make_room(5 * one) == 1  # the largest (150 rows) goes
    assert sorted(key[0] for key in writer.buffered) == ["2024-07-01", "2024-07-03"]
    assert writer.make_room(100 * one) == 2  # more than the budget: all of it
    assert writer.held == 0 and not writer.buffered_bytes
    assert sum(part.rows for part in writer.close()) == 300


def _table(rows: int, day: str) -> pa.Table:
    names = EVENTS_ARROW.names
    columns = []
    for name in names:
        kind = EVENTS_ARROW.field(name).type
        if name == "event_time":
            stamp = datetime.fromisoformat(f"{day}T10:00:00+00:00")
            columns.append(pa.array([stamp] * rows, kind))
        elif name == "event_id":
            columns.append(pa.array([f"{day}-{k}" for k in range(rows)], kind))
        elif name == "recipient_account_id":
            columns.append(pa.array(["111122223333"] * rows, kind))
        else:
            columns.append(pa.nulls(rows, kind))
    return pa.Table.from_arrays(columns, schema=EVENTS_ARROW)


def test_a_part_is_closed_once_it_holds_its_share_of_rows(tmp_path: Path) -> None:
    writer = StagingWriter(
        tmp_path, "t", row_group_rows=100, max_buffered_bytes=1 << 30, max_part_rows=300
    )
    for _ in range(20):
        writer.add(_table(50, "2024-07-01"))
    parts = writer.close()
    # 1,000 rows in 300-row parts: the footer and any later whole-part read stay bounded.
    assert [part.rows for part in parts] == [300, 300, 300, 100]
    assert all(pq.read_metadata(part.path).num_rows == part.rows for part in parts)
    assert len({part.path for part in parts}) == 4


def test_the_row_groups_held_in_open_footers_are_bounded(tmp_path: Path) -> None:
    # Rows flushed a few at a time (the byte budget is small) into four interleaved
    # partitions: every flush is a row group whose metadata its open writer keeps until it
    # closes. The part with the most is finished whenever more than six are held.
    one = _table(50, "2024-07-01").nbytes
    writer = StagingWriter(
        tmp_path, "t", row_group_rows=1_000, max_buffered_bytes=2 * one, max_open_groups=6
    )
    most = 0
    for k in range(60):
        writer.add(_table(50, f"2024-07-0{1 + k % 4}"))
        most = max(most, writer.open_groups)
        assert writer.open_groups == sum(writer.groups.values())
        assert set(writer.groups) <= set(writer.open)
    assert 0 < most <= 6
    parts = writer.close()
    groups = [pq.read_metadata(part.path).num_row_groups for part in parts]
    assert max(groups) <= 6 and sum(groups) == writer.flushes
    stored = sorted(i for part in parts for i in pq.read_table(part.path)["event_id"].to_pylist())
    assert stored == sorted(f"2024-07-0{1 + k % 4}-{r}" for k in range(60) for r in range(50))
    assert writer.open_groups == 0 and not writer.groups


def test_staged_rows_are_bounded_in_bytes_across_partitions(tmp_path: Path) -> None:
    one = _table(50, "2024-07-01").nbytes
    writer = StagingWriter(
        tmp_path, "t", row_group_rows=1_000_000, max_buffered_bytes=3 * one, max_open=2
    )
    most = 0
    for day in range(1, 10):  # nine partitions, each far from a full row group
        writer.add(_table(50, f"2024-07-0{day}"))
        most = max(most, sum(writer.buffered_bytes.values()))
        assert len(writer.open) <= 2
    assert most <= 3 * one
    assert sum(part.rows for part in writer.close()) == 9 * 50


def test_releasing_memory_leaves_the_arrow_pool_as_found() -> None:
    before = pa.default_memory_pool().backend_name
    release_memory()
    assert pa.default_memory_pool().backend_name == before


def test_the_heap_is_trimmed_only_past_the_slack() -> None:
    assert release_memory(slack=1 << 60) is False  # never more free heap than that
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        held = [bytearray(1 << 20) for _ in range(64)]  # 64 MiB on the heap, then freed
        del held
        assert release_memory(slack=0) is True


def test_the_budget_follows_the_cap() -> None:
    small, default = budget(64 << 20), budget(512 << 20)
    assert default.batch == 8 << 20 and default.buffered == 32 << 20
    assert small.batch < default.batch and small.buffered < default.buffered
    assert budget(1).batch == budget(2).batch > 0  # a floor, so tiny caps still batch


def test_a_run_ingests_every_event_with_parts_rolled_over(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    corpus = _corpus(tmp_path / "in", make_record, 12, per_file=300, spread=False)
    report = ueba.ingest([corpus], lake=tmp_path / "lake", workers=1, row_group_rows=64)
    assert report.events == 12 * 300
    parts = list((tmp_path / "lake" / "events").rglob("*.parquet"))
    # One partition of 3,600 events, parts closed past 16 row groups of 64 rows (a file's
    # 300 rows are written at once): several parts, none far past 1,024 rows.
    assert len({part.parent for part in parts}) == 1
    assert len(parts) >= 3
    assert all(pq.read_metadata(part).num_rows <= 16 * 64 + 300 for part in parts)
    assert ueba.scan_lake(tmp_path / "lake").collect().height == 12 * 300


def _outcome(path: str, status: str = "ok", notes: tuple[str, ...] = ()) -> FileOutcome:
    row = {"path": path, "size": 1, "version": "v", "events": 1, "errors": 0, "status": status}
    return FileOutcome(**row, content_hash=None, reason=None, notes=notes, decompressed_bytes=10)


def test_the_calling_process_holds_a_bounded_number_of_file_outcomes(tmp_path: Path) -> None:
    spool = OutcomeSpool(tmp_path / "outcomes.arrow", batch_rows=64)
    for index in range(1_000):
        spool.add(index, _outcome(f"f{index}"))
    assert spool.most_held <= 64  # 1,000 files, never more than a batch in memory
    files = spool.read().collect()
    assert files.height == 1_000
    assert files["path"].to_list() == [f"f{index}" for index in range(1_000)]


def test_by_default_a_process_holds_at_most_1024_file_outcomes(tmp_path: Path) -> None:
    # 4,096 held 2.3 MiB, reached only past 4,000 files a process: RSS grew with the corpus.
    spool = OutcomeSpool(tmp_path / "outcomes.arrow")
    for index in range(5_000):
        spool.add(index, _outcome(f"f{index}"))
    assert spool.most_held <= 1_024
    assert spool.read().collect().height == 5_000


def test_a_files_last_outcome_replaces_an_earlier_one(tmp_path: Path) -> None:
    # A helper that stops has its files read again by the calling process: the second
    # outcome is the one recorded, once, in file order.
    spool = OutcomeSpool(tmp_path / "outcomes.arrow", batch_rows=2)
    spool.add(1, _outcome("b", "failed"))
    spool.add(0, _outcome("a", notes=("n1",)))
    spool.add(2, _outcome("c"))
    spool.add(1, _outcome("b", "ok", notes=("n1", "n2")))
    files = spool.read().collect()
    assert files.select("path", "status").rows() == [("a", "ok"), ("b", "ok"), ("c", "ok")]
    assert files["notes"].to_list() == [["n1"], ["n1", "n2"], []]


def test_the_report_names_a_bounded_number_of_skipped_files_and_counts_them_all(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    from ueba.io._ingest import SKIPPED_EXAMPLES
    from ueba.io.sources import SourceFile

    real = tmp_path / "in" / "f.json"
    real.parent.mkdir()
    real.write_text(json.dumps({"Records": [make_record(1)]}))
    skipped = [
        SourceFile(str(tmp_path / "in" / f"pipe{n}"), 0, "1", skipped="a FIFO (named pipe)")
        for n in range(SKIPPED_EXAMPLES + 50)
    ]
    report = ueba.ingest([*skipped, *list_sources([real])], tmp_path / "lake", workers=1)
    assert report.events == 1
    assert report.files_skipped == SKIPPED_EXAMPLES + 50
    assert len(report.skipped) == SKIPPED_EXAMPLES  # examples, not one entry per file
    assert report.skipped[0] == (skipped[0].path, "a FIFO (named pipe)")
    assert f"{SKIPPED_EXAMPLES + 50:,} file(s) skipped" in report.summary()


def test_a_worker_releasing_memory_again_and_again_holds_nothing_with_the_collector_paused(
    tmp_path: Path,
) -> None:
    """Ingest pauses the cyclic collector; each release used to make a ``ctypes.CDLL`` (a
    function-pointer class, about 4 KB that only the collector frees), so a long run's
    processes held more the more files they read."""
    import gc
    import tracemalloc

    worker = Worker(
        tmp_path / "staging",
        "w",
        known_hashes=frozenset(),
        max_decompressed_bytes=CAP,
        row_group_rows=1_000,
        warn=False,
    )
    collecting = gc.isenabled()
    gc.disable()
    tracemalloc.start()
    try:
        worker._handled(worker.budget.release_every)  # first look-ups, caches warmed
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(300):
            worker._handled(worker.budget.release_every)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        if collecting:
            gc.enable()
    assert held < 64 * 1024, held
