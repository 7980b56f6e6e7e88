"""The lake's manifest (one Parquet file per run) and its single-writer lock.

The manifest records every source file a run looked at: path, size, version (S3 ETag or
mtime), content hash, events stored, errors and status. A later run skips a file whose
(path, size, version) is already there, and a file whose content hash is (a copy under another
name). A run's manifest is written last, after its parts are in place, so a crash before it
means the files are read again and their events dropped as duplicates: the next run completes.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from ueba.exceptions import InputError
from ueba.io._writer import write_atomic
from ueba.schema import SCHEMA_VERSION, UTC_US

MANIFEST: dict[str, pl.DataType] = {
    "path": pl.String(),
    "size": pl.Int64(),
    "version": pl.String(),
    "content_hash": pl.String(),
    "events": pl.Int64(),
    "errors": pl.Int64(),
    "status": pl.String(),  # ok, partial, failed, skipped, duplicate_file
    "reason": pl.String(),
    "run_id": pl.String(),
    "ingested_at": UTC_US,
    "schema_version": pl.String(),
}

# Statuses after which a file is done unless it changes; "failed" ones are retried on request.
DONE = ("ok", "partial", "skipped", "duplicate_file")


@dataclass(frozen=True)
class Known:
    """What earlier runs recorded: files by (path, size, version), and content hashes."""

    files: frozenset[tuple[str, int, str]]
    failed: frozenset[tuple[str, int, str]]
    hashes: frozenset[str]


def load(lake: Path) -> Known:
    files = sorted((lake / "_manifest").glob("manifest-*.parquet"))
    if not files:
        return Known(frozenset(), frozenset(), frozenset())
    frame = (
        pl.scan_parquet(files, schema=MANIFEST)
        .select("path", "size", "version", "content_hash", "status")
        .collect()
    )
    done = frame.filter(pl.col("status").is_in(DONE))
    failed = frame.filter(pl.col("status") == "failed")
    return Known(
        files=frozenset(done.select("path", "size", "version").iter_rows()),
        failed=frozenset(failed.select("path", "size", "version").iter_rows()),
        hashes=frozenset(
            done.filter(pl.col("status") != "duplicate_file")
            .get_column("content_hash")
            .drop_nulls()
            .to_list()
        ),
    )


def write(lake: Path, run_id: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    now = datetime.now(UTC)
    frame = pl.DataFrame(
        [
            {**row, "run_id": run_id, "ingested_at": now, "schema_version": SCHEMA_VERSION}
            for row in rows
        ],
        schema=MANIFEST,
    )
    write_atomic(
        frame.to_arrow(compat_level=pl.CompatLevel.oldest()),
        lake / "_manifest" / f"manifest-{run_id}.parquet",
    )


def read_manifest(lake: str | os.PathLike[str]) -> pl.DataFrame:
    """Every manifest row of a lake, oldest run first."""
    files = sorted((Path(lake) / "_manifest").glob("manifest-*.parquet"))
    if not files:
        return pl.DataFrame(schema=MANIFEST)
    return pl.scan_parquet(files, schema=MANIFEST).collect()


def _try_lock(fd: int) -> bool:
    """Take an exclusive OS lock on ``fd`` without waiting; ``False`` when another holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def lock(lake: Path) -> Iterator[None]:
    """One ingest per lake at a time: an OS lock (``flock``) on ``_lock``, held for the run.

    The kernel releases the lock when the holder exits, however it dies, so nothing is ever
    "stale" and no PID is trusted (PIDs are reused and differ between PID namespaces). The
    PID written into the file is for people only. The file is never deleted: deleting it would
    let a third run lock a new file while a second still waits on the old one.
    """
    lake.mkdir(parents=True, exist_ok=True)
    path = lake / "_lock"
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        if not _try_lock(fd):
            holder = path.read_text(errors="replace").strip() or "unknown"
            raise InputError(
                f"another ingest (process {holder}) is writing to this lake",
                path=str(lake),
                fix="wait for it to finish; the lock is released when that process exits",
            )
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # releases the lock


__all__ = ["DONE", "MANIFEST", "Known", "load", "lock", "read_manifest", "write"]
