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
    frame = pl.scan_parquet(files, schema=MANIFEST).select(
        "path", "size", "version", "content_hash", "status"
    ).collect()
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
        [{**row, "run_id": run_id, "ingested_at": now, "schema_version": SCHEMA_VERSION} for row in rows],
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def lock(lake: Path) -> Iterator[None]:
    """One ingest per lake at a time; a lock left by a process that died is taken over."""
    lake.mkdir(parents=True, exist_ok=True)
    path = lake / "_lock"
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                holder = int(path.read_text().strip() or 0)
            except (OSError, ValueError):
                holder = 0
            if holder and holder != os.getpid() and _alive(holder):
                raise InputError(
                    f"another ingest (process {holder}) is writing to this lake",
                    path=str(lake),
                    fix="wait for it to finish, or delete _lock if that process is gone",
                ) from None
            path.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


__all__ = ["DONE", "MANIFEST", "Known", "load", "lock", "read_manifest", "write"]
