"""Publish a run's staged parts into the lake, storing each eventID once, and commit them.

The parts the lake already holds in the partitions a run touched come first, then the run's
staged parts: the first copy of an eventID is kept, later ones are dropped. A dropped copy whose
content differs from the kept one (other than ``source_file``) is a conflict: counted, one
example reported, and the dropped row kept in ``_quarantine/duplicates-<run>.parquet``. The
dedupe holds one hash bucket of event IDs at a time, whatever the run's size (:mod:`._dedupe`).

Commit is optimistic: dedupe against the lake as of log entry ``n``, upload the parts under
unique names, append entry ``n + 1``. If another writer took ``n + 1`` first, its parts in our
partitions are read, our staged copies are deduped again and uploaded under new names, and we try
the next number. Only partitions the run wrote to are read; staged parts stay on local disk until
the entry is committed, so a retry never reads its own uploads back.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from ueba.io import _log
from ueba.io._check import BadPart, readable_parts
from ueba.io._dedupe import DedupeStats, Limits, dedupe
from ueba.io._fs import LakeFS
from ueba.io._idcheck import BUCKET_IDS, distinct_hashes
from ueba.io._memory import release_memory
from ueba.io._native import load_scanner, text_hashes
from ueba.io._writer import StagedPart

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
    dedupe: list[DedupeStats] = field(default_factory=list)  # one per attempt


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
    spill: Path | None = None,
    limits: Limits | None = None,
) -> Committed:
    """Dedupe ``staged`` against ``state`` (and what commits after it), upload, append an entry.

    ``files`` are other local files to publish with the parts (``rel path -> local path``): the
    run's manifest and quarantine. ``spill`` is a local directory for the dedupe's bucket files
    (a temporary one when omitted). Returns what was stored; ``state`` is left at our entry.
    """
    with tempfile.TemporaryDirectory(prefix="ueba-dedupe-", dir=spill) as where:
        return _commit(fs, staged, run_id, state, files or {}, Path(where), limits or Limits())


def _commit(
    fs: LakeFS,
    staged: list[StagedPart],
    run_id: str,
    state: _log.LakeState,
    files: dict[str, Path],
    spill: Path,
    limits: Limits,
) -> Committed:
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
        _dedupe(fs, good, parts, run_id, result, spill / f"attempt-{attempt}", limits)
        release_memory()
        for rel in uploaded:  # an earlier attempt's uploads: no entry names them
            fs.delete(rel)
        uploaded = _upload(fs, parts, files, attempt)
        if _log.append(fs, state.seq + 1, run_id, "ingest", uploaded + result.quarantine):
            _log.refresh(fs, state)
            result.seq, result.retries = state.seq, attempt
            result.added = uploaded + result.quarantine
            result.events = sum(part.rows for part in parts)
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
        if not part.rows:  # every row dropped (clock skew, duplicates)
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
    fs: LakeFS,
    existing: list[str],
    parts: list[StagedPart],
    run_id: str,
    result: Committed,
    spill: Path,
    limits: Limits,
) -> None:
    """Drop from the staged parts the eventIDs already stored or repeated among them."""
    if not parts:
        return
    quick = _distinct_ids(fs, existing, parts, spill)
    if quick is not None:  # no ID repeats: nothing to drop, nothing to read back
        result.dedupe.append(quick)
        return
    sources: list[Callable[[], pq.ParquetFile]] = [
        partial(pq.ParquetFile, fs.full(rel), filesystem=fs.filesystem) for rel in existing
    ]
    sources += [partial(pq.ParquetFile, part.path) for part in parts]
    rows = [fs.read_metadata(rel).num_rows for rel in existing]
    rows += [pq.read_metadata(part.path).num_rows for part in parts]
    found = dedupe(sources, rows, [part.path for part in parts], spill, limits)
    for part in parts:  # rewritten without the IDs stored before
        part.rows = pq.read_metadata(part.path).num_rows
    result.duplicates += found.duplicates
    result.conflicts += found.conflicts
    result.conflict_example = result.conflict_example or found.example
    result.dedupe.append(found.stats)
    if found.quarantine is not None:
        name = f"_quarantine/duplicates-{run_id}-{len(result.quarantine)}.parquet"
        fs.upload(found.quarantine, name)
        result.quarantine.append(name)  # named by the run's entry, with its parts


def _distinct_ids(
    fs: LakeFS,
    existing: list[str],
    parts: list[StagedPart],
    spill: Path | None = None,
    bucket_ids: int = BUCKET_IDS,
) -> DedupeStats | None:
    """How many event IDs there are when no ID repeats among ``existing`` and ``parts``, told
    from the 64-bit hashes the workers wrote beside their parts; None when that is not known
    (a part without hashes, or two equal hashes: the exact dedupe then decides).

    Equal IDs hash equal, so distinct hashes prove distinct IDs; a collision only costs the
    exact check. The hashes are checked in buckets of about ``bucket_ids`` spilled under
    ``spill`` (:mod:`._idcheck`), so the memory held does not grow with the run. The lake's
    parts in the run's partitions are read and hashed here (the exact check would read them
    too)."""
    files = [part.ids for part in parts]
    if any(path is None or not path.exists() for path in files):
        return None
    module = load_scanner(warn=False)
    if existing and module is None:
        return None
    bound = sum(path.stat().st_size // 8 for path in files if path is not None)
    bound += sum(fs.read_metadata(rel).num_rows for rel in existing)  # an upper bound

    def chunks() -> Iterator[np.ndarray]:
        for path in files:  # a part's hashes (up to 4 MiB) in pieces of at most a bucket's
            if path is not None:
                with path.open("rb") as handle:
                    while (piece := np.fromfile(handle, np.uint64, count=bucket_ids)).size:
                        yield piece
        for rel in existing:
            source = pq.ParquetFile(fs.full(rel), filesystem=fs.filesystem)
            for batch in source.iter_batches(batch_size=65_536, columns=["event_id"]):
                yield text_hashes(module, batch.column(0))

    if spill is not None:
        found = distinct_hashes(chunks(), bound, spill / "id-hashes", bucket_ids=bucket_ids)
    else:
        with tempfile.TemporaryDirectory(prefix="ueba-ids-") as where:
            found = distinct_hashes(chunks(), bound, Path(where), bucket_ids=bucket_ids)
    if found is None:
        return None
    ids, buckets, held = found
    return DedupeStats(ids=ids, buckets=buckets, max_ids_held=held)


__all__ = ["Committed", "commit", "partition_dir", "partition_rel"]
