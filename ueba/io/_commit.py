"""Publish a run's staged parts into the lake, storing each eventID once, and commit them.

The parts the lake already holds in the partitions a run touched come first, then the run's
staged parts: the first copy of an eventID is kept, later ones are dropped. A dropped copy whose
content differs from the kept one (other than ``source_file``) is a conflict: counted, one
example reported, and the dropped row kept in ``_quarantine/duplicates-<run>.parquet``.

Commit is optimistic: dedupe against the lake as of log entry ``n``, upload the parts under
unique names, append entry ``n + 1``. If another writer took ``n + 1`` first, its parts in our
partitions are read, our staged copies are deduped again and uploaded under new names, and we try
the next number. Only partitions the run wrote to are read; staged parts stay on local disk until
the entry is committed, so a retry never reads its own uploads back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ueba.io import _log
from ueba.io._arrow import EVENTS_ARROW
from ueba.io._check import BadPart, readable_parts
from ueba.io._fs import LakeFS, parquet_bytes
from ueba.io._writer import StagedPart, write_atomic
from ueba.schema import EVENTS

_CONTENT = [name for name in EVENTS if name != "source_file"]
_MAX_ATTEMPTS = 100


@dataclass
class Committed:
    events: int
    duplicates: int
    conflicts: int
    conflict_example: str | None
    partitions: int
    corrupt: tuple[BadPart, ...] = ()
    seq: int = -1
    retries: int = 0
    added: list[str] = field(default_factory=list)
    quarantine: list[str] = field(default_factory=list)  # duplicates kept aside, all attempts


def partition_rel(key: tuple[str, str]) -> str:
    return f"events/event_date={key[0]}/account_id={key[1]}"


def partition_dir(lake: Path, key: tuple[str, str]) -> Path:
    return lake / partition_rel(key)


def _in_keys(paths: list[str], keys: set[tuple[str, str]]) -> list[str]:
    prefixes = tuple(partition_rel(key) + "/" for key in keys)
    return [path for path in paths if path.startswith(prefixes)]


def commit(
    fs: LakeFS,
    staged: list[StagedPart],
    run_id: str,
    *,
    state: _log.LakeState,
    files: dict[str, Path] | None = None,
) -> Committed:
    """Dedupe ``staged`` against ``state`` (and what commits after it), upload, append an entry.

    ``files`` are other local files to publish with the parts (``rel path -> local path``): the
    run's manifest and quarantine. Returns what was stored; ``state`` is left at our entry.
    """
    keys = {part.key for part in staged}
    result = Committed(0, 0, 0, None, len(keys))
    parts = [part for part in staged if part.path.exists()]
    existing = _in_keys(state.parts, keys)
    uploaded: list[str] = []
    for attempt in range(_MAX_ATTEMPTS):
        good, corrupt = readable_parts(
            fs, existing, what="its event IDs were not checked for duplicates"
        )
        result.corrupt += tuple(corrupt)
        _dedupe(fs, good, parts, run_id, result)
        for rel in uploaded:  # an earlier attempt's uploads: no entry names them
            fs.delete(rel)
        uploaded = _upload(fs, parts, files or {}, attempt)
        if _log.append(fs, state.seq + 1, run_id, "ingest", uploaded + result.quarantine):
            _log.refresh(fs, state)
            result.seq, result.retries = state.seq, attempt
            result.added = uploaded + result.quarantine
            result.events = sum(pq.ParquetFile(p.path).metadata.num_rows for p in parts)
            for part in parts:
                part.path.unlink(missing_ok=True)
            return result
        new = _log.refresh(fs, state)
        existing = _in_keys([p for e in new for p in e.add if p.startswith("events/")], keys)
    raise OSError(
        f"{fs.uri}: {_MAX_ATTEMPTS} other commits landed while this run tried to commit; "
        "run the ingest again (nothing of this run is visible)"
    )


def _upload(fs: LakeFS, parts: list[StagedPart], files: dict[str, Path], attempt: int) -> list[str]:
    out: list[str] = []
    suffix = f"-r{attempt}" if attempt else ""
    for part in parts:
        if pq.ParquetFile(part.path).metadata.num_rows == 0:
            continue
        rel = f"{partition_rel(part.key)}/{part.path.stem}{suffix}.parquet"
        if fs.local:  # keep the staged copy until committed: a lost race dedupes it again
            target = fs.local_path(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(part.path, target)
        else:
            fs.write_bytes(rel, part.path.read_bytes())
        out.append(rel)
    for rel, path in files.items():
        if path.exists():
            fs.write_bytes(rel, path.read_bytes())
            out.append(rel)
    return out


def _dedupe(
    fs: LakeFS, existing: list[str], parts: list[StagedPart], run_id: str, result: Committed
) -> None:
    """Drop from the staged parts the eventIDs already stored or repeated among them."""
    if not parts:
        return
    tables = [fs.read_table(rel, ["event_id"]) for rel in existing]
    tables += [pq.read_table(part.path, columns=["event_id"]) for part in parts]
    ids = pl.concat(
        [
            pl.from_arrow(table)  # type: ignore[union-attr]
            .with_row_index("_row")
            .with_columns(_file=pl.lit(index, pl.Int64))
            for index, table in enumerate(tables)
        ]
    )
    repeated = ids.filter(
        pl.col("event_id").is_not_null() & ~pl.col("event_id").is_first_distinct()
    ).filter(pl.col("_file") >= len(existing))
    if not repeated.height:
        return
    read: list[Callable[[], pa.Table]] = [partial(fs.read_table, rel) for rel in existing]
    read += [partial(pq.read_table, part.path) for part in parts]
    conflicts, example = _conflicts(fs, read, ids, repeated, run_id, result)
    result.duplicates += repeated.height
    result.conflicts += conflicts
    result.conflict_example = result.conflict_example or example
    for index, group in repeated.group_by("_file"):
        path = parts[int(index[0]) - len(existing)].path  # type: ignore[call-overload]
        _drop_rows(path, group.get_column("_row"))


def _conflicts(
    fs: LakeFS,
    read: Sequence[Callable[[], pa.Table]],
    ids: pl.DataFrame,
    repeated: pl.DataFrame,
    run_id: str,
    result: Committed,
) -> tuple[int, str | None]:
    wanted = repeated.get_column("event_id").unique()
    involved = ids.filter(pl.col("event_id").is_in(wanted.implode()))
    frames = []
    for index in involved.get_column("_file").unique().sort().to_list():
        table = read[index]()
        frames.append(
            pl.from_arrow(table)
            .with_row_index("_row")  # type: ignore[union-attr]
            .filter(pl.col("event_id").is_in(wanted.implode()))
            .with_columns(_file=pl.lit(index, pl.Int64), _hash=pl.struct(_CONTENT).hash())
        )
    rows = pl.concat(frames, how="diagonal_relaxed")
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
    name = f"_quarantine/duplicates-{run_id}-{len(result.quarantine)}.parquet"
    fs.write_bytes(name, parquet_bytes(table.cast(EVENTS_ARROW), EVENTS_ARROW))
    result.quarantine.append(name)  # named by the run's entry, with its parts
    return differing.height, example


def _drop_rows(path: Path, rows: pl.Series) -> None:
    table = pq.read_table(path)
    keep = pl.Series(range(table.num_rows)).is_in(rows.implode()).not_()
    filtered = table.filter(pa.array(keep.to_numpy()))
    write_atomic(filtered, path, EVENTS_ARROW)


__all__ = ["Committed", "commit", "partition_dir", "partition_rel"]
