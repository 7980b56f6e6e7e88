"""Move a run's staged parts into the lake, storing each eventID once.

The parts already in the partitions a run touched come first, then the run's staged parts: the
first copy of an eventID is kept, later ones are dropped. A dropped copy whose content differs
from the kept one (other than ``source_file``) is a conflict: counted, one example reported,
and the dropped row kept in ``_quarantine/duplicates-<run>.parquet`` so nothing is lost.
Only partitions the run wrote to are read, so a run for one day never touches other days.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ueba.io._arrow import EVENTS_ARROW
from ueba.io._check import BadPart, readable
from ueba.io._writer import StagedPart, write_atomic
from ueba.schema import EVENTS

_CONTENT = [name for name in EVENTS if name != "source_file"]


@dataclass(frozen=True)
class Committed:
    events: int
    duplicates: int
    conflicts: int
    conflict_example: str | None
    partitions: int
    corrupt: tuple[BadPart, ...] = ()


def partition_dir(lake: Path, key: tuple[str, str]) -> Path:
    return lake / "events" / f"event_date={key[0]}" / f"account_id={key[1]}"


def commit(lake: Path, staged: list[StagedPart], run_id: str) -> Committed:
    keys = sorted({part.key for part in staged})
    # A corrupt part already in a partition cannot be checked for duplicates: the run's events
    # are stored beside it (so nothing new is lost) and the caller reports it.
    existing, corrupt = readable(
        (path for key in keys for path in sorted(partition_dir(lake, key).glob("part-*.parquet"))),
        what="its event IDs were not checked for duplicates",
    )
    files: list[Path] = [*existing, *(part.path for part in staged)]
    if not files:
        return Committed(0, 0, 0, None, 0, tuple(corrupt))
    ids = pl.concat(
        [
            pl.scan_parquet(path)
            .select("event_id")
            .with_row_index("_row")
            .with_columns(_file=pl.lit(index, pl.Int64))
            for index, path in enumerate(files)
        ]
    ).collect()
    repeated = ids.filter(
        pl.col("event_id").is_not_null() & ~pl.col("event_id").is_first_distinct()
    ).filter(pl.col("_file") >= len(existing))
    conflicts, example = 0, None
    if repeated.height:
        conflicts, example = _conflicts(lake, files, ids, repeated, run_id)
        for index, group in repeated.group_by("_file"):
            _drop_rows(files[int(index[0])], group.get_column("_row"))  # type: ignore[call-overload]
    stored = 0
    for part in staged:
        if not part.path.exists():
            continue
        rows = pq.ParquetFile(part.path).metadata.num_rows
        if rows == 0:
            part.path.unlink()
            continue
        target = partition_dir(lake, part.key)
        target.mkdir(parents=True, exist_ok=True)
        os.replace(part.path, target / part.path.name)
        stored += rows
    return Committed(stored, repeated.height, conflicts, example, len(keys), tuple(corrupt))


def _conflicts(
    lake: Path, files: list[Path], ids: pl.DataFrame, repeated: pl.DataFrame, run_id: str
) -> tuple[int, str | None]:
    wanted = repeated.get_column("event_id").unique()
    involved = ids.filter(pl.col("event_id").is_in(wanted.implode()))
    rows = pl.concat(
        [
            pl.scan_parquet(files[index])
            .with_row_index("_row")
            .filter(pl.col("event_id").is_in(wanted.implode()))
            .with_columns(
                _file=pl.lit(index, pl.Int64),
                _hash=pl.struct(_CONTENT).hash(),
            )
            for index in involved.get_column("_file").unique().sort().to_list()
        ]
    ).collect()
    ordered = involved.join(
        rows, on=["_file", "_row", "event_id"], how="left", maintain_order="left"
    )
    kept = ordered.group_by("event_id", maintain_order=True).first()
    compared = repeated.join(rows, on=["_file", "_row", "event_id"], how="left").join(
        kept.select("event_id", _kept_hash="_hash", _kept_file="source_file"), on="event_id"
    )
    differing = compared.filter(pl.col("_hash") != pl.col("_kept_hash"))
    if differing.height == 0:
        return 0, None
    first = differing.row(0, named=True)
    example = (
        f"eventID {first['event_id']} in {first['source_file']} differs from the copy "
        f"stored from {first['_kept_file']}"
    )
    table = differing.select(list(EVENTS)).to_arrow(compat_level=pl.CompatLevel.oldest())
    write_atomic(table.cast(EVENTS_ARROW), lake / "_quarantine" / f"duplicates-{run_id}.parquet")
    return differing.height, example


def _drop_rows(path: Path, rows: pl.Series) -> None:
    table = pq.read_table(path)
    keep = pl.Series(range(table.num_rows)).is_in(rows.implode()).not_()
    filtered = table.filter(pa.array(keep.to_numpy()))
    write_atomic(filtered, path, EVENTS_ARROW)


__all__ = ["Committed", "commit", "partition_dir"]
