"""The commit's dedupe holds one hash bucket of event IDs at a time, and still stores each ID once.

Each case is checked against the plain answer computed in memory over every row at once: the
first copy of an ID (lake parts first, then staged parts, in order) is kept, later staged copies
are dropped, and a dropped copy whose content differs from the kept one is a conflict.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io._arrow import EVENTS_ARROW
from ueba.io._dedupe import Limits, dedupe
from ueba.io._writer import parquet_writer
from ueba.schema import EVENTS

_CONTENT = [name for name in EVENTS if name != "source_file"]

Rows = list[tuple[str | None, str]]  # (event_id, event_name)


def _write(path: Path, rows: Rows, group_rows: int = 64) -> Path:
    frame = pl.DataFrame(
        {
            "event_id": [row[0] for row in rows],
            "event_name": [row[1] for row in rows],
            "event_time": [datetime(2024, 7, 1, tzinfo=UTC)] * len(rows),
            "source_file": [path.name] * len(rows),
        },
        schema_overrides={"event_id": pl.String},
    )
    frame = frame.with_columns(
        [pl.lit(None, dtype).alias(name) for name, dtype in EVENTS.items() if name not in frame]
    ).select(list(EVENTS))
    table = frame.to_arrow(compat_level=pl.CompatLevel.oldest()).cast(EVENTS_ARROW)
    with parquet_writer(path, EVENTS_ARROW) as writer:
        writer.write_table(table, row_group_size=group_rows)
    return path


def _expected(sources: list[Rows], first_staged: int) -> tuple[list[Rows], int, int]:
    """The kept rows of each staged source, the duplicates and the conflicts, all in memory."""
    kept: dict[str, str] = {}
    out: list[Rows] = []
    duplicates = conflicts = 0
    for index, rows in enumerate(sources):
        mine: Rows = []
        for event_id, name in rows:
            if event_id is not None and event_id in kept:
                if index >= first_staged:
                    duplicates += 1
                    conflicts += kept[event_id] != name
                    continue
            elif event_id is not None:
                kept[event_id] = name
            mine.append((event_id, name))
        out.append(mine)
    return out[first_staged:], duplicates, conflicts


def _run(tmp: Path, existing: list[Rows], staged: list[Rows], limits: Limits):  # type: ignore[no-untyped-def]
    tmp.mkdir(parents=True, exist_ok=True)
    paths = [_write(tmp / f"lake-{i}.parquet", rows) for i, rows in enumerate(existing)]
    parts = [_write(tmp / f"staged-{i}.parquet", rows) for i, rows in enumerate(staged)]
    found = dedupe(
        [partial(pq.ParquetFile, path) for path in paths + parts],
        [len(rows) for rows in existing + staged],
        parts,
        tmp / "spill",
        limits,
    )
    stored = [
        list(
            zip(
                *pq.read_table(p, columns=["event_id", "event_name"]).to_pydict().values(),
                strict=True,
            )
        )
        for p in parts
    ]
    return found, stored


def _corpus(seed: int, parts: int, rows: int, ids: int) -> list[Rows]:
    draw = random.Random(seed)
    return [
        [
            (f"id-{draw.randrange(ids)}", draw.choice(["ListBuckets", "ListBuckets", "GetObject"]))
            for _ in range(rows)
        ]
        for _ in range(parts)
    ]


def test_many_staged_parts_are_deduped_one_bucket_of_ids_at_a_time(tmp_path: Path) -> None:
    # 15 files, 19 buckets: a bucket's pass reads every file, so the files times the buckets is
    # what the case costs (43 files and 27 buckets before: 9.7 against 3.0 CPU s, the same checks)
    existing = _corpus(1, parts=3, rows=250, ids=2_000)
    staged = _corpus(2, parts=12, rows=250, ids=2_000)
    limits = Limits(bucket_ids=200, batch_rows=128, content_rows=64)
    found, stored = _run(tmp_path, existing, staged, limits)
    kept, duplicates, conflicts = _expected(existing + staged, len(existing))
    assert stored == kept
    assert (found.duplicates, found.conflicts) == (duplicates, conflicts)
    assert duplicates > 1_000 and conflicts > 300  # the case exercises both
    stats = found.stats
    assert stats.ids == 15 * 250
    assert stats.buckets == 19  # 3,750 IDs in buckets of 200
    assert stats.batches == 15 * 2  # 250 rows: a batch of 128 and one of 122, per file
    # One bucket (the hash spreads IDs about evenly), never the whole run.
    assert stats.max_ids_held <= 2 * limits.bucket_ids
    assert stats.max_ids_held * 10 < stats.ids
    assert found.quarantine is not None
    aside = pq.read_table(found.quarantine)
    assert aside.schema == EVENTS_ARROW and aside.num_rows == conflicts


def test_one_bucket_and_many_buckets_give_the_same_lake(tmp_path: Path) -> None:
    existing = _corpus(3, parts=2, rows=300, ids=2_000)
    staged = _corpus(4, parts=8, rows=300, ids=2_000)
    small, stored_small = _run(tmp_path / "small", existing, staged, Limits(bucket_ids=100))
    whole, stored_whole = _run(tmp_path / "whole", existing, staged, Limits())
    assert whole.stats.buckets == 1 and small.stats.buckets == 30
    assert stored_small == stored_whole
    assert (small.duplicates, small.conflicts) == (whole.duplicates, whole.conflicts)
    assert small.quarantine is not None and whole.quarantine is not None
    assert sorted(pq.read_table(small.quarantine).column("event_id").to_pylist()) == sorted(
        pq.read_table(whole.quarantine).column("event_id").to_pylist()
    )


def test_an_id_repeated_only_in_the_lake_drops_nothing(tmp_path: Path) -> None:
    existing = [[("a", "X"), ("a", "Y")], [("a", "Z")]]
    found, stored = _run(tmp_path, existing, [[("b", "X")]], Limits(bucket_ids=1))
    assert (found.duplicates, found.conflicts, found.quarantine) == (0, 0, None)
    assert stored == [[("b", "X")]]


ids = st.one_of(st.none(), st.sampled_from([f"id-{n}" for n in range(12)]))
sources = st.lists(
    st.lists(st.tuples(ids, st.sampled_from(["A", "B"])), max_size=30), min_size=1, max_size=6
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    existing=st.lists(st.lists(st.tuples(ids, st.just("A")), max_size=20), max_size=3),
    staged=sources,
    bucket_ids=st.integers(1, 40),
    batch_rows=st.integers(1, 16),
)
def test_any_bucketing_keeps_exactly_the_first_copy(
    tmp_path: Path,
    existing: list[Rows],
    staged: list[Rows],
    bucket_ids: int,
    batch_rows: int,
) -> None:
    limits = Limits(bucket_ids, batch_rows, content_rows=batch_rows)
    found, stored = _run(Path(tempfile.mkdtemp(dir=tmp_path)), existing, staged, limits)
    kept, duplicates, conflicts = _expected(existing + staged, len(existing))
    assert stored == kept
    assert (found.duplicates, found.conflicts) == (duplicates, conflicts)
    aside = 0 if found.quarantine is None else pq.read_metadata(found.quarantine).num_rows
    assert aside == conflicts
