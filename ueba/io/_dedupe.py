"""The commit's dedupe in bounded memory: event IDs hash-bucketed through local spill files.

The sources are read in commit order (the lake's parts in the partitions a run touched, then
the run's staged parts), one batch of ``event_id`` at a time. Each ID goes, with its (file,
row), to one of ``buckets`` spill files chosen by a hash of the ID: every copy of an ID lands
in the same bucket, in source order, so the first copy is found one bucket at a time. The
number of buckets grows with the input, the IDs held at once do not (``bucket_ids`` on
average). A run small enough for one bucket never touches the disk.

Only when an ID is repeated is more read: every copy of the repeated IDs is hashed (content
without ``source_file``), each file holding one read once, batch by batch, and the hashes go to
the same buckets, where a dropped copy differing from the kept one is a conflict. The rows to
drop, to compare and to keep aside are spilled as (file, row) lists, used one file at a time;
dropping rewrites a part a row group at a time, through a temporary file and a rename.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ueba._collect import ENGINE
from ueba.io._arrow import EVENTS_ARROW
from ueba.io._writer import parquet_writer
from ueba.schema import EVENTS

_CONTENT = [name for name in EVENTS if name != "source_file"]
_KEYS = ["_file", "_row", "event_id"]
_EMPTY = {"_file": pl.Int32(), "_row": pl.Int64(), "event_id": pl.String()}


@dataclass(frozen=True)
class Limits:
    """What the dedupe may hold at once; the defaults keep it to tens of MB."""

    bucket_ids: int = 262_144  # IDs per hash bucket, on average
    batch_rows: int = 65_536  # event IDs read per batch
    content_rows: int = 8_192  # whole rows read per batch when comparing content


@dataclass
class DedupeStats:
    """Structural figures of one dedupe (what a test can hold the bound to)."""

    ids: int = 0  # non-null event IDs read
    buckets: int = 0
    batches: int = 0  # event_id batches read
    max_ids_held: int = 0  # IDs (with their file and row) in memory at once, at most


@dataclass
class Deduped:
    duplicates: int = 0
    conflicts: int = 0
    example: str | None = None
    quarantine: Path | None = None  # local Parquet of the conflicting copies dropped
    stats: DedupeStats = field(default_factory=DedupeStats)


Open = Callable[[], pq.ParquetFile]


class _Spill:
    """Arrow IPC files under ``directory``, opened on first write, or frames held in memory
    when there is one bucket (a small run never touches the disk)."""

    def __init__(self, directory: Path, buckets: int) -> None:
        self.directory = directory
        self.buckets = buckets
        self.writers: dict[str, pa.ipc.RecordBatchFileWriter] = {}
        self.held: dict[str, list[pl.DataFrame]] = {}

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.arrow"

    def write(self, name: str, frame: pl.DataFrame) -> None:
        if self.buckets == 1:
            self.held.setdefault(name, []).append(frame)
            return
        table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
        if name not in self.writers:
            self.directory.mkdir(parents=True, exist_ok=True)
            self.writers[name] = pa.ipc.new_file(str(self.path(name)), table.schema)
        self.writers[name].write_table(table)

    def spread(self, name: str, frame: pl.DataFrame) -> None:
        """``frame`` split by the hash bucket of its ``event_id``."""
        if self.buckets == 1:
            self.write(f"{name}-0", frame)
            return
        bucket = (pl.col("event_id").hash(seed=0) % self.buckets).alias("_bucket")
        groups = frame.with_columns(bucket).partition_by("_bucket", as_dict=True, include_key=False)
        for key, group in groups.items():
            self.write(f"{name}-{key[0]}", group)

    def read(self, name: str) -> pl.LazyFrame | None:
        """Everything written under ``name``, in writing order, or None (write it no more)."""
        writer = self.writers.pop(name, None)
        if writer is not None:
            writer.close()
        if self.buckets == 1:
            frames = self.held.pop(name, [])
            return pl.concat(frames).lazy() if frames else None
        return pl.scan_ipc(self.path(name)) if self.path(name).exists() else None

    def remove(self, name: str) -> None:
        """Free the disk of a list read whole."""
        self.path(name).unlink(missing_ok=True)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()


def _id_batches(source: pq.ParquetFile, index: int, rows: int) -> Iterator[pl.DataFrame]:
    offset = 0
    for batch in source.iter_batches(batch_size=rows, columns=["event_id"]):
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        yield (
            frame.with_columns(
                _file=pl.lit(index, pl.Int32),
                _row=pl.int_range(offset, offset + batch.num_rows, dtype=pl.Int64),
            )
            .filter(pl.col("event_id").is_not_null())  # a missing ID is never a duplicate
            .select(_KEYS)
        )
        offset += batch.num_rows


def _rows_of(source: pq.ParquetFile, wanted: np.ndarray, rows: int) -> Iterator[pl.DataFrame]:
    """The rows numbered ``wanted`` (sorted) of ``source``, with ``_row``, a batch at a time;
    batches holding none of them are not converted."""
    offset = 0
    for batch in source.iter_batches(batch_size=rows):
        end = offset + batch.num_rows
        low, high = np.searchsorted(wanted, [offset, end])
        if high > low:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            yield frame.with_columns(_row=pl.int_range(offset, end, dtype=pl.Int64)).filter(
                pl.col("_row").is_in(pl.Series(wanted[low:high]).implode())
            )
        offset = end


def _numbers(listed: pl.LazyFrame) -> Iterator[tuple[int, np.ndarray]]:
    """``(file, its sorted row numbers)`` of a spilled (file, row) list, one file at a time."""
    files = (
        listed.select(pl.col("_file").unique()).collect(engine=ENGINE).get_column("_file").to_list()
    )
    for index in sorted(files):
        rows = listed.filter(pl.col("_file") == index).select("_row").collect(engine=ENGINE)
        yield int(index), rows.get_column("_row").sort().to_numpy()


def dedupe(
    sources: list[Open],
    rows: list[int],
    staged: list[Path],
    spill: Path,
    limits: Limits = Limits(),
) -> Deduped:
    """Drop from ``staged`` (the last ``len(staged)`` of ``sources``) the IDs seen before.

    ``rows`` are the sources' row counts (from their footers), which size the buckets.
    """
    out = Deduped()
    stats = out.stats
    stats.buckets = max(1, -(-sum(rows) // limits.bucket_ids))
    first_staged = len(sources) - len(staged)
    files = _Spill(spill, stats.buckets)
    try:
        for index, open_source in enumerate(sources):
            for frame in _id_batches(open_source(), index, limits.batch_rows):
                stats.batches += 1
                stats.ids += frame.height
                files.spread("ids", frame)
        for number in range(stats.buckets):
            _repeated(files, number, first_staged, out)
        if not out.duplicates:
            return out
        # The content of every copy of a repeated ID, hashed file by file (each file read
        # once), then compared with the kept copy's one bucket at a time.
        involved = files.read("involved")
        assert involved is not None
        for index, wanted in _numbers(involved):
            for frame in _rows_of(sources[index](), wanted, limits.content_rows):
                files.spread(
                    "hashed",
                    frame.select(
                        "event_id",
                        "source_file",
                        _file=pl.lit(index, pl.Int32),
                        _row="_row",
                        _hash=pl.struct(_CONTENT).hash(),
                    ),
                )
        first: tuple[int, int, str] | None = None
        for number in range(stats.buckets):
            found = _differing(files, number, first_staged, stats)
            if found is None or not found.height:
                continue
            out.conflicts += found.height
            files.write("differing", found.select("_file", "_row"))
            row = found.row(0, named=True)
            text = (
                f"eventID {row['event_id']} in {row['source_file']} differs from the copy "
                f"stored from {row['_kept_file']}"
            )
            if first is None or (row["_file"], row["_row"]) < first[:2]:
                first = (row["_file"], row["_row"], text)
        out.example = first[2] if first else None
        differing = files.read("differing")
        if differing is not None:
            out.quarantine = _keep_aside(
                sources, _numbers(differing), spill / "duplicates.parquet", limits
            )
        drops = files.read("drops")
        assert drops is not None
        for index, gone in _numbers(drops):
            drop_rows(staged[index - first_staged], gone)
    finally:
        files.close()
    return out


def _repeated(files: _Spill, number: int, first_staged: int, out: Deduped) -> None:
    """Spill the staged copies of bucket ``number``'s repeated IDs (to drop), and every copy
    of those IDs (to compare)."""
    listed = files.read(f"ids-{number}")
    if listed is None:
        return
    ids = listed.collect(engine=ENGINE)
    files.remove(f"ids-{number}")
    out.stats.max_ids_held = max(out.stats.max_ids_held, ids.height)
    later = ~pl.col("event_id").is_first_distinct()
    repeated = ids.filter(later & (pl.col("_file") >= first_staged))
    if not repeated.height:
        return
    out.duplicates += repeated.height
    files.write("drops", repeated.select("_file", "_row"))
    wanted = repeated.get_column("event_id").unique().implode()
    files.write("involved", ids.filter(pl.col("event_id").is_in(wanted)).select("_file", "_row"))


def _differing(
    files: _Spill, number: int, first_staged: int, stats: DedupeStats
) -> pl.DataFrame | None:
    """Bucket ``number``'s dropped copies whose content differs from the kept copy's."""
    listed = files.read(f"hashed-{number}")
    if listed is None:
        return None
    hashed = listed.collect(engine=ENGINE).sort("_file", "_row")
    files.remove(f"hashed-{number}")
    stats.max_ids_held = max(stats.max_ids_held, hashed.height)
    kept = hashed.group_by("event_id", maintain_order=True).first()
    later = ~pl.col("event_id").is_first_distinct()
    return (
        hashed.filter(later & (pl.col("_file") >= first_staged))
        .join(
            kept.select("event_id", _kept_hash="_hash", _kept_file="source_file"),
            on="event_id",
            maintain_order="left",
        )
        .filter(pl.col("_hash") != pl.col("_kept_hash"))
    )


def _keep_aside(
    sources: list[Open], rows: Iterator[tuple[int, np.ndarray]], path: Path, limits: Limits
) -> Path:
    """The conflicting copies, whole, into a local Parquet file (EVENTS)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with parquet_writer(path, EVENTS_ARROW) as writer:
        for index, wanted in rows:
            for frame in _rows_of(sources[index](), wanted, limits.content_rows):
                table = frame.select(list(EVENTS)).to_arrow(compat_level=pl.CompatLevel.oldest())
                writer.write_table(table.cast(EVENTS_ARROW))
    return path


def drop_rows(path: Path, rows: np.ndarray) -> None:
    """Rewrite ``path`` without ``rows`` (row numbers), a row group at a time, then rename."""
    source = pq.ParquetFile(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    gone = pl.Series(rows).implode()
    try:
        with parquet_writer(temp, EVENTS_ARROW) as writer:
            offset = 0
            for group in range(source.num_row_groups):
                table = source.read_row_group(group)
                numbers = pl.int_range(offset, offset + table.num_rows, dtype=pl.Int64, eager=True)
                keep = numbers.is_in(gone).not_()
                offset += table.num_rows
                if keep.all():
                    writer.write_table(table)
                elif keep.any():
                    writer.write_table(table.filter(pa.array(keep.to_numpy())))
        source.close()
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


__all__ = ["DedupeStats", "Deduped", "Limits", "dedupe", "drop_rows"]
