"""The lake's manifest: one Parquet file per run, named by the run's commit in the log.

The manifest records every source file a run looked at: path, size, version (S3 ETag or
mtime), content hash, events stored, errors and status. A later run skips a file whose
(path, size, version) is already there, and a file whose content hash is (a copy under another
name). A run's manifest is committed in the same log entry as its parts, so a crash before
that entry means the files are read again by the next run, which completes the work.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from ueba.exceptions import LakeWarning
from ueba.io._fs import LakeFS, open_lake
from ueba.io._log import LakeState, read_state
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


def _frame(fs: LakeFS, names: list[str]) -> pl.DataFrame:
    if not names:
        return pl.DataFrame(schema=MANIFEST)
    frames: list[pl.DataFrame] = []
    for name in names:
        try:
            frames.append(pl.DataFrame(fs.read_table(name)))
        except FileNotFoundError:
            # Lost (deleted by hand, a bucket lifecycle rule): its files are read again, and
            # their events dropped as duplicates at commit. Nothing is stored twice.
            warnings.warn(
                f"{fs.display(name)}: a manifest named by the lake's log is missing; the files "
                "it listed will be read again (their events are not stored twice)",
                LakeWarning,
                stacklevel=3,
            )
    if not frames:
        return pl.DataFrame(schema=MANIFEST)
    return pl.concat([frame.cast(MANIFEST) for frame in frames], how="vertical")  # type: ignore[arg-type]


def load(fs: LakeFS, state: LakeState) -> Known:
    frame = _frame(fs, state.manifests).select("path", "size", "version", "content_hash", "status")
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


def write(staging: Path, run_id: str, files: pl.DataFrame) -> dict[str, Path]:
    """The run's manifest, staged: ``{lake path: local file}`` for the commit to publish.

    ``files`` holds one row per file read, with (at least) the manifest's per-file columns.
    """
    if not files.height:
        return {}
    frame = files.select(
        *(pl.col(name).cast(MANIFEST[name]) for name in ("path", "size", "version")),
        *(pl.col(name).cast(MANIFEST[name]) for name in ("content_hash", "events", "errors")),
        pl.col("status").cast(pl.String),
        pl.col("reason").cast(pl.String),
        run_id=pl.lit(run_id, pl.String),
        ingested_at=pl.lit(datetime.now(UTC), MANIFEST["ingested_at"]),
        schema_version=pl.lit(SCHEMA_VERSION, pl.String),
    )
    name = f"manifest-{run_id}.parquet"
    write_atomic(frame.to_arrow(compat_level=pl.CompatLevel.oldest()), staging / name)
    return {f"_manifest/{name}": staging / name}


def read_manifest(lake: str | os.PathLike[str]) -> pl.DataFrame:
    """Every manifest row of a lake, oldest run first."""
    fs = open_lake(lake)
    return _frame(fs, read_state(fs).manifests)


__all__ = ["DONE", "MANIFEST", "Known", "load", "read_manifest", "write"]
