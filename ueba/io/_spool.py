"""A run's per-file outcomes, spooled to local disk instead of held by the calling process.

Every file read gives a manifest row and a few figures for the report. Held as Python objects
they cost about a kilobyte per file in the calling process (a year of five-minute delivery
files is 100,000 files per account and region), so they are kept in columns of at most
``batch_rows`` rows and appended to an Arrow IPC file in the run's staging directory. At the end
the spool is read back as columns: the manifest rows in file order, and the report's totals.

A file may be reported twice: a helper process that stops has its files read again by the
calling process. The last outcome of a file is the one that counts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from ueba.io._manifest import MANIFEST
from ueba.io._work import FileOutcome

# A file's manifest row as the manifest types it (the run's own columns are added on write),
# then what the report needs of it.
_ROW = tuple(name for name in MANIFEST if name not in ("run_id", "ingested_at", "schema_version"))
SPOOL: dict[str, pl.DataType] = {
    "_index": pl.Int64(),
    **{name: MANIFEST[name] for name in _ROW},
    "file_errors": pl.Int64(),
    "record_errors": pl.Int64(),
    "skipped_reason": pl.String(),
    "notes": pl.List(pl.String()),
    "decompressed_bytes": pl.Int64(),
}


class OutcomeSpool:
    """Outcomes added one file at a time; at most ``batch_rows`` of them in memory."""

    def __init__(self, path: Path, *, batch_rows: int = 4_096) -> None:
        self.path = path
        self.batch_rows = batch_rows
        self.columns: dict[str, list[Any]] = {name: [] for name in SPOOL}
        self.writer: pa.ipc.RecordBatchFileWriter | None = None
        self.held = 0  # outcomes in memory now
        self.most_held = 0  # the most ever held (what a test can bound)
        self.added = 0

    def add(self, index: int, outcome: FileOutcome) -> None:
        columns = self.columns
        columns["_index"].append(index)
        for name in _ROW:
            columns[name].append(outcome.row.get(name))
        columns["file_errors"].append(outcome.file_errors)
        columns["record_errors"].append(outcome.record_errors)
        columns["skipped_reason"].append(outcome.skipped_reason)
        columns["notes"].append(list(outcome.notes))
        columns["decompressed_bytes"].append(outcome.decompressed_bytes)
        self.added += 1
        self.held += 1
        self.most_held = max(self.most_held, self.held)
        if self.held >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        if not self.held:
            return
        frame = pl.DataFrame(self.columns, schema=SPOOL)
        table = frame.to_arrow(compat_level=pl.CompatLevel.oldest())
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pa.ipc.new_file(str(self.path), table.schema)
        self.writer.write_table(table)
        self.columns = {name: [] for name in SPOOL}
        self.held = 0

    def read(self) -> pl.LazyFrame:
        """Every file's last outcome, in file order (the spool is closed: add no more)."""
        self._flush()
        if self.writer is None:
            return pl.LazyFrame(schema=SPOOL)
        self.writer.close()
        self.writer = None
        return (
            pl.scan_ipc(self.path).unique("_index", keep="last", maintain_order=True).sort("_index")
        )


__all__ = ["SPOOL", "OutcomeSpool"]
