"""The staging writer's split by (event_date, account directory), and what workers import."""

from __future__ import annotations

import copy
import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.io._arrow import EVENTS_ARROW
from ueba.io._native import load_scanner
from ueba.io._writer import account_dir, partitions

from .conftest import BASE_RECORD

_ACCOUNTS = st.sampled_from([None, "111122223333", "222233334444", "not/an/account", ""])
_DAYS = [datetime(2024, 7, 1, tzinfo=UTC) + timedelta(days=n) for n in (0, 1, 400)]


def _table(rows: list[tuple[int, str | None, str | None]]) -> pa.Table:
    """EVENTS rows with the given (day index, recipient account, identity account)."""
    columns: dict[str, pa.Array] = {
        name: pa.nulls(len(rows), field.type)
        for name, field in zip(EVENTS_ARROW.names, EVENTS_ARROW, strict=True)
    }
    times = [_DAYS[day] + timedelta(seconds=k) for k, (day, _, _) in enumerate(rows)]
    columns["event_time"] = pa.array(times, EVENTS_ARROW.field("event_time").type)
    columns["event_id"] = pa.array([f"id-{k}" for k in range(len(rows))], pa.large_string())
    columns["recipient_account_id"] = pa.array([r[1] for r in rows], pa.large_string())
    columns["identity_account_id"] = pa.array([r[2] for r in rows], pa.large_string())
    return pa.Table.from_arrays([columns[name] for name in EVENTS_ARROW.names], schema=EVENTS_ARROW)


def _expected(rows: list[tuple[int, str | None, str | None]]) -> dict[tuple[str, str], list[str]]:
    """The reference split, one row at a time: event IDs per partition, in input order."""
    out: dict[tuple[str, str], list[str]] = {}
    for k, (day, recipient, identity) in enumerate(rows):
        account = recipient if recipient is not None else identity
        key = (_DAYS[day].date().isoformat(), account_dir(account))
        out.setdefault(key, []).append(f"id-{k}")
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_DAYS) - 1), _ACCOUNTS, _ACCOUNTS), max_size=60))
def test_partitions_put_each_row_in_its_day_and_account_in_input_order(
    rows: list[tuple[int, str | None, str | None]],
) -> None:
    got: dict[tuple[str, str], list[str]] = {}
    for key, part in partitions(_table(rows), pa.system_memory_pool()):
        assert part.schema.equals(EVENTS_ARROW)
        got.setdefault(key, []).extend(part.column("event_id").to_pylist())
    assert got == _expected(rows)


def test_partitions_of_a_sliced_table_read_the_slice_only() -> None:
    rows = [(0, "111122223333", None)] * 3 + [(1, None, "222233334444")] * 3
    table = _table(rows).slice(2, 3)
    split = {key: part.column("event_id").to_pylist() for key, part in partitions(table)}
    assert split == {
        ("2024-07-01", "111122223333"): ["id-2"],
        ("2024-07-02", "222233334444"): ["id-3", "id-4"],
    }


@pytest.mark.skipif(load_scanner(warn=False) is None, reason="the compiled scanner is not built")
def test_a_worker_reading_with_the_scanner_never_imports_pandas(tmp_path: Path) -> None:
    # pandas costs a helper about 0.3 s of CPU at start-up; pa.scalar, pa.array of a zoned
    # type and Array.to_numpy import it, so the scanner's path must not call them.
    records = []
    for n, day in enumerate(("2024-07-01", "2024-07-02")):
        record = copy.deepcopy(BASE_RECORD)
        record["eventID"] = f"00000000-0000-0000-0000-{n:012d}"
        record["eventTime"] = f"{day}T23:59:59Z"
        record["recipientAccountId"] = f"11112222333{n}"
        records.append(record)
    source = tmp_path / "in.json.gz"
    source.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    code = f"""
import sys
from pathlib import Path
from ueba.io._native import load_scanner
from ueba.io._work import Worker
from ueba.io.sources import list_sources
assert load_scanner(warn=False) is not None, "scanner not built"
worker = Worker(Path({str(tmp_path / "staging")!r}), "w", known_hashes=frozenset(),
                max_decompressed_bytes=1 << 20, row_group_rows=1)
outcome = worker.process(list_sources([{str(source)!r}])[0])
parts = worker.finish().parts
assert outcome.row["events"] == 2 and len(parts) == 2, (outcome.row, parts)
print("pandas" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


_SCANNER = load_scanner(warn=False)
_FILE_ACCOUNTS = st.sampled_from([None, "111122223333", "222233334444", "not/an/account", "", "é"])
_TIMES = st.sampled_from(
    [
        "2024-07-01T23:59:59Z",
        "2024-07-02T00:00:00Z",
        "1969-12-31T23:59:59.999999Z",
        "0001-01-01T00:00:00Z",
    ]
)


@pytest.mark.skipif(_SCANNER is None, reason="the compiled scanner is not built")
@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(_TIMES, _FILE_ACCOUNTS, _FILE_ACCOUNTS), min_size=1, max_size=6),
        max_size=8,
    )
)
def test_the_scanner_splits_its_batch_as_partitions_splits_a_table(
    files: list[list[tuple[str, str | None, str | None]]],
) -> None:
    # Same keys, same order, same rows in input order; what is buffered afterwards is empty.
    from ueba.io._native import ScanBatch

    split, whole = ScanBatch(_SCANNER), ScanBatch(_SCANNER)
    n = 0
    for k, rows in enumerate(files):
        records = []
        for when, recipient, identity in rows:
            record = copy.deepcopy(BASE_RECORD)
            record["eventID"] = f"id-{n}"
            n += 1
            record["eventTime"] = when
            record["recipientAccountId"] = recipient
            record["userIdentity"]["accountId"] = identity
            records.append(record)
        document = json.dumps({"Records": records}).encode()
        assert split.scan(document, f"f{k}") == whole.scan(document, f"f{k}") == len(rows)
    got = split.take_partitions()
    expected = partitions(whole.take(), pa.system_memory_pool())
    assert [key for key, _ in got] == [key for key, _ in expected]
    for (_, table), (_, reference) in zip(got, expected, strict=True):
        assert table.schema.equals(EVENTS_ARROW)
        assert table.equals(reference)
    assert split.rows == 0 and split.take_partitions() == []
