"""The commit's dedupe in bounded memory: event IDs hash-bucketed through local spill files.

The sources are read in commit order (the lake's parts in the partitions a run touched, then
the run's staged parts), one batch of ``event_id`` at a time. Each ID goes, with its (file,
row), to one of ``buckets`` spill files chosen by a hash of the ID: every copy of an ID lands
in the same bucket, in source order, so the first copy is found one bucket at a time. The
number of buckets grows with the input, the IDs held at once do not (``bucket_ids`` on
average). A run small enough for one bucket never touches the disk.

Conflicts (a dropped copy whose content differs from the kept one) are settled for a bounded
group of repeated IDs at a time, reading only the files those IDs are in, batch by batch. The
rows to drop are spilled too, then removed part by part, one row group at a time, through a
temporary file and a rename.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ueba.io._arrow import EVENTS_ARROW
from ueba.io._writer import parquet_writer
from ueba.schema import EVENTS

_CONTENT = [name for name in EVENTS if name != "source_file"]
_KEYS = ["_file", "_row", "event_id"]
_EMPTY = {"_file": pl.Int32(), "_row": pl.Int64(), "event_id": pl.String()}


@dataclass(frozen=True)
class Limits:
    """What the dedupe may hold at once (IDs and rows); the defaults keep it near 100 MB."""

    bucket_ids: int = 262_144  # IDs per hash bucket, on average
    batch_rows: int = 65_536  # event IDs read per batch
    conflict_ids: int = 65_536  # repeated-ID rows whose content is compared in one group
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


class _Spill:
    """Arrow IPC files under ``directory``, opened on first write."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.writers: dict[str, pa.ipc.RecordBatchFileWriter] = {}

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.arrow"

    def write(self, name: str, frame: pl.DataFrame) -> None:
        table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
        if name not in self.writers:
            self.writers[name] = pa.ipc.new_file(str(self.path(name)), table.schema)
        self.writers[name].write_table(table)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()


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
    first_staged = len(sources) - len(staged)
    stats = out.stats
    stats.buckets = max(1, -(-sum(rows) // limits.bucket_ids))
    spill.mkdir(parents=True, exist_ok=True)
    files = _Spill(spill)
    held: list[pl.DataFrame] = []
    try:
        for index, open_source in enumerate(sources):
            for frame in _id_batches(open_source(), index, limits.batch_rows):
                stats.batches += 1
                stats.ids += frame.height
                if stats.buckets == 1:
                    held.append(frame)
                    continue
                bucket = (pl.col("event_id").hash(seed=0) % stats.buckets).alias("_bucket")
                for key, group in (
                    frame.with_columns(bucket)
                    .partition_by("_bucket", as_dict=True, include_key=False)
                    .items()
                ):
                    files.write(f"ids-{key[0]}", group)
        files.close()
        pending: list[tuple[pl.DataFrame, pl.DataFrame]] = []
        waiting = 0
        content = _Content(sources, first_staged, spill / "duplicates.parquet", limits)
        for number in range(stats.buckets):
            if stats.buckets == 1:
                ids = pl.concat(held) if held else pl.DataFrame(schema=_EMPTY)
                held.clear()
            elif files.path(f"ids-{number}").exists():
                ids = pl.read_ipc(files.path(f"ids-{number}"))
            else:
                continue
            stats.max_ids_held = max(stats.max_ids_held, ids.height + waiting)
            repeated = ids.filter(
                ~pl.col("event_id").is_first_distinct() & (pl.col("_file") >= first_staged)
            )
            if not repeated.height:
                continue
            wanted = repeated.get_column("event_id").unique().implode()
            involved = ids.filter(pl.col("event_id").is_in(wanted))
            del ids
            out.duplicates += repeated.height
            files.write("drops", repeated.select("_file", "_row"))
            pending.append((involved, repeated))
            waiting += involved.height
            if waiting >= limits.conflict_ids:
                content.compare(pending, out)
                pending, waiting = [], 0
        if pending:
            content.compare(pending, out)
        out.quarantine = content.close()
        files.close()
        if out.duplicates:
            _drop_all(files.path("drops"), staged, first_staged)
    finally:
        files.close()
    return out


class _Content:
    """Compares repeated copies with the kept one; keeps the differing ones aside."""

    def __init__(self, sources: list[Open], first_staged: int, path: Path, limits: Limits):
        self.sources = sources
        self.first_staged = first_staged
        self.path = path
        self.rows = limits.content_rows
        self.writer: pq.ParquetWriter | None = None

    def _rows(self, index: int, wanted: pl.Series) -> Iterator[pl.DataFrame]:
        """Rows of source ``index`` whose event_id is in ``wanted``, a batch at a time."""
        offset = 0
        for batch in self.sources[index]().iter_batches(batch_size=self.rows):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            yield frame.with_row_index("_row", offset).filter(pl.col("event_id").is_in(wanted))
            offset += batch.num_rows

    def compare(self, pending: list[tuple[pl.DataFrame, pl.DataFrame]], out: Deduped) -> None:
        involved = pl.concat([group for group, _ in pending])
        repeated = pl.concat([group for _, group in pending])
        wanted = involved.get_column("event_id").unique().implode()
        hashed = []
        for index in involved.get_column("_file").unique().sort().to_list():
            for frame in self._rows(index, wanted):
                hashed.append(
                    frame.select(
                        "event_id",
                        "source_file",
                        _row=pl.col("_row").cast(pl.Int64),
                        _file=pl.lit(index, pl.Int32),
                        _hash=pl.struct(_CONTENT).hash(),
                    )
                )
        found = pl.concat(hashed)
        kept = (
            involved.join(found, on=_KEYS, how="left", maintain_order="left")
            .group_by("event_id", maintain_order=True)
            .first()
        )
        differing = (
            repeated.join(found, on=_KEYS, how="left", maintain_order="left")
            .join(
                kept.select("event_id", _kept_hash="_hash", _kept_file="source_file"),
                on="event_id",
                maintain_order="left",
            )
            .filter(pl.col("_hash") != pl.col("_kept_hash"))
        )
        if not differing.height:
            return
        out.conflicts += differing.height
        if out.example is None:
            first = differing.row(0, named=True)
            out.example = (
                f"eventID {first['event_id']} in {first['source_file']} differs from the copy "
                f"stored from {first['_kept_file']}"
            )
        for (index,), group in differing.group_by("_file", maintain_order=True):
            rows = group.get_column("_row").implode()
            wanted = group.get_column("event_id").unique().implode()
            for frame in self._rows(int(index), wanted):  # type: ignore[call-overload]
                self._keep_aside(frame.filter(pl.col("_row").cast(pl.Int64).is_in(rows)))

    def _keep_aside(self, frame: pl.DataFrame) -> None:
        if not frame.height:
            return
        table = frame.select(list(EVENTS)).to_arrow(compat_level=pl.CompatLevel.oldest())
        if self.writer is None:
            self.writer = parquet_writer(self.path, EVENTS_ARROW)
        self.writer.write_table(table.cast(EVENTS_ARROW))

    def close(self) -> Path | None:
        if self.writer is None:
            return None
        self.writer.close()
        self.writer = None
        return self.path


def _drop_all(drops: Path, staged: list[Path], first_staged: int) -> None:
    listed = pl.scan_ipc(drops)
    touched = listed.select(pl.col("_file").unique()).collect().get_column("_file").to_list()
    for index in sorted(touched):
        gone = listed.filter(pl.col("_file") == index).select("_row").collect()
        drop_rows(staged[index - first_staged], gone.get_column("_row"))


def drop_rows(path: Path, rows: pl.Series) -> None:
    """Rewrite ``path`` without ``rows`` (row numbers), a row group at a time, then rename."""
    source = pq.ParquetFile(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    gone = rows.implode()
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
