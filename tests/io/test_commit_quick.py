"""The commit's quick dedupe check: event-ID hashes written beside staged parts."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.io._arrow import EVENTS_ARROW
from ueba.io._commit import _distinct_ids
from ueba.io._fs import open_lake
from ueba.io._idcheck import distinct_hashes
from ueba.io._native import load_scanner, text_hashes
from ueba.io._writer import StagedPart, StagingWriter, write_atomic

scanner = load_scanner(warn=False)
pytestmark = pytest.mark.skipif(scanner is None, reason="the compiled scanner is not built")

_TEXT = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["a", "", "abcdefgh"]))


def _one(value: str) -> int:
    return int(text_hashes(scanner, pa.array([value], pa.large_string()))[0])


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, max_size=60), st.integers(0, 10), st.booleans())
def test_text_hashes_are_each_values_own_hash_whatever_the_chunking_and_type(
    values: list[str | None], cut: int, large: bool
) -> None:
    kind = pa.large_string() if large else pa.string()
    array = pa.array(values, kind)
    cut = min(cut, len(values))
    chunked = pa.chunked_array([array.slice(0, cut), array.slice(cut)], kind)
    expected = [_one(v) for v in values if v is not None]
    assert text_hashes(scanner, chunked).tolist() == expected
    assert text_hashes(scanner, array).tolist() == expected


def test_text_hashes_tell_texts_apart_by_length_and_bytes() -> None:
    values = ["", "\x00", "a", "a\x00", "abcdefgh", "abcdefgh\x00", "abcdefghi", "bacdefgh"]
    hashes = text_hashes(scanner, pa.array(values, pa.large_string()))
    assert len(set(hashes.tolist())) == len(values)


def _table(ids: list[str | None]) -> pa.Table:
    columns = {
        name: pa.nulls(len(ids), field.type)
        for name, field in zip(EVENTS_ARROW.names, EVENTS_ARROW, strict=True)
    }
    times = np.full(len(ids), 1_720_000_000_000_000, np.int64)
    columns["event_time"] = pa.array(times, pa.int64()).cast(EVENTS_ARROW.field("event_time").type)
    columns["event_id"] = pa.array(ids, pa.large_string())
    columns["recipient_account_id"] = pa.array(["111122223333"] * len(ids), pa.large_string())
    return pa.Table.from_arrays([columns[name] for name in EVENTS_ARROW.names], schema=EVENTS_ARROW)


def _stage(tmp_path: Path, *batches: list[str | None], rows: int = 4) -> list[StagedPart]:
    writer = StagingWriter(
        tmp_path / "staging",
        "w0",
        row_group_rows=rows,
        max_part_rows=2 * rows,  # parts roll over: hashes are per part
        id_hashes=partial(text_hashes, scanner),
    )
    for ids in batches:
        writer.add(_table(ids))
    return writer.close()


def test_staged_parts_carry_the_hash_of_every_non_null_event_id(tmp_path: Path) -> None:
    ids = [f"id-{k}" for k in range(11)] + [None]
    parts = _stage(tmp_path, ids[:4], ids[4:8], ids[8:])
    assert len(parts) > 1
    got = sorted(h for part in parts for h in np.fromfile(part.ids, np.uint64).tolist())  # type: ignore[arg-type]
    assert got == sorted(_one(i) for i in ids if i is not None)


def test_distinct_ids_are_counted_without_the_exact_dedupe(tmp_path: Path) -> None:
    lake = open_lake(tmp_path / "lake")
    parts = _stage(tmp_path, [f"id-{k}" for k in range(9)], ["x", None, "y"])
    found = _distinct_ids(lake, [], parts)
    assert found is not None and found.ids == 11


def test_a_repeated_id_in_the_run_or_in_the_lake_leaves_it_to_the_exact_dedupe(
    tmp_path: Path,
) -> None:
    lake = open_lake(tmp_path / "lake")
    repeated = _stage(tmp_path / "a", ["a", "b", "c"], ["d", "a"])
    assert _distinct_ids(lake, [], repeated) is None
    rel = "events/event_date=2024-07-03/account_id=111122223333/part-old.parquet"
    write_atomic(_table(["q", "r"]), tmp_path / "lake" / rel, EVENTS_ARROW)
    fresh = _stage(tmp_path / "b", ["s", "t"])
    found = _distinct_ids(lake, [rel], fresh)
    assert found is not None and found.ids == 4
    again = _stage(tmp_path / "c", ["s", "r"])
    assert _distinct_ids(lake, [rel], again) is None


def test_a_hash_collision_or_a_part_without_hashes_is_not_taken_for_distinct(
    tmp_path: Path,
) -> None:
    lake = open_lake(tmp_path / "lake")
    parts = _stage(tmp_path, ["a", "b"])
    (part,) = parts
    assert part.ids is not None
    np.array([7, 7], np.uint64).tofile(part.ids)  # two different IDs, one hash
    assert _distinct_ids(lake, [], parts) is None
    part.ids.unlink()
    assert _distinct_ids(lake, [], parts) is None
    assert _distinct_ids(lake, [], [StagedPart(part.key, part.path, part.rows)]) is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 2**64 - 1), max_size=40), max_size=6),
    st.integers(1, 50),
)
def test_hashes_checked_in_buckets_find_a_repeat_exactly_when_there_is_one(
    tmp_path_factory: pytest.TempPathFactory, chunks: list[list[int]], bucket_ids: int
) -> None:
    spill = tmp_path_factory.mktemp("ids")
    arrays = [np.array(chunk, np.uint64) for chunk in chunks]
    flat = [h for chunk in chunks for h in chunk]
    found = distinct_hashes(iter(arrays), len(flat), spill / "b", bucket_ids=bucket_ids)
    if len(set(flat)) < len(flat):
        assert found is None
    else:
        assert found is not None and found[0] == len(flat)
    assert not (spill / "b").exists()  # the spill files are removed either way


def test_hashes_held_at_once_stay_bounded_as_the_run_grows(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    held = []
    for size in (4_000, 16_000, 64_000):
        hashes = rng.integers(0, 2**64 - 1, size, dtype=np.uint64, endpoint=True)  # as hash_texts
        chunks = np.array_split(hashes, 40)
        found = distinct_hashes(iter(chunks), size, tmp_path / f"s{size}", bucket_ids=2_000)
        assert found is not None
        ids, buckets, most = found
        assert ids == size and buckets == size // 2_000
        held.append(most)
    # A bucket holds about bucket_ids hashes whatever the run's size (16x here).
    assert max(held) < 2 * 2_000
    assert held[-1] < 1.5 * held[0]


def test_a_run_over_many_buckets_still_finds_a_repeat_in_the_run_or_the_lake(
    tmp_path: Path,
) -> None:
    lake = open_lake(tmp_path / "lake")
    ids = [f"id-{k}" for k in range(200)]
    parts = _stage(tmp_path / "a", ids[:70], ids[70:140], ids[140:], rows=32)
    found = _distinct_ids(lake, [], parts, tmp_path / "spill", bucket_ids=16)
    assert found is not None and found.ids == 200 and found.buckets == 13
    assert found.max_ids_held <= 70  # the largest part (70 IDs) or a bucket (about 16)
    repeated = _stage(tmp_path / "b", ids[:70], [*ids[70:139], "id-3"], rows=32)
    assert _distinct_ids(lake, [], repeated, tmp_path / "spill", bucket_ids=16) is None
    rel = "events/event_date=2024-07-03/account_id=111122223333/part-old.parquet"
    write_atomic(_table(["old-1", "id-150", "old-2"]), tmp_path / "lake" / rel, EVENTS_ARROW)
    assert _distinct_ids(lake, [rel], parts, tmp_path / "spill", bucket_ids=16) is None
    assert not (tmp_path / "spill" / "id-hashes").exists()
