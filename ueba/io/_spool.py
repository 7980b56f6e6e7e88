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

from collections.abc import Sequence
from pathlib import Path

import numpy as np
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
# ``FileOutcome``'s fields are these columns after ``_index``, in order (a test holds them equal).
_SCHEMA = pl.DataFrame(schema=SPOOL).to_arrow(compat_level=pl.CompatLevel.oldest()).schema
_NAMES = list(SPOOL)
_TYPES = list(_SCHEMA.types)


class OutcomeSpool:
    """Outcomes added one file at a time; at most ``batch_rows`` of them in memory.

    Each worker process keeps its own spool, so no outcome crosses a pipe; the calling process
    reads every finished worker's spool back with :meth:`read` (``others``).
    """

    def __init__(self, path: Path, *, batch_rows: int = 1_024) -> None:
        # 1,024 outcomes are about 0.4 MiB of tuples and strings (4,096 held 2.3 MiB, which a
        # process filled only past 4,000 files: peak RSS grew with the corpus by that much),
        # and turning them into columns costs less CPU per outcome than 4,096 at once
        # (0.09-0.10 against 0.135-0.14 s for 41,160 outcomes).
        self.path = path
        self.batch_rows = batch_rows
        # The outcomes themselves (each a tuple of the spool's columns after ``_index``) and
        # their file indices, turned into columns per batch: a file costs two appends here.
        self.indices: list[int] = []
        self.rows: list[FileOutcome] = []
        self.writer: pa.ipc.RecordBatchFileWriter | None = None
        self.most_held = 0  # the most ever held (what a test can bound)
        self.added = 0

    @property
    def held(self) -> int:
        """Outcomes in memory now."""
        return len(self.rows)

    def add(self, index: int, outcome: FileOutcome) -> None:
        self.indices.append(index)
        self.rows.append(outcome)
        self.added += 1
        if len(self.rows) > self.most_held:
            self.most_held = len(self.rows)
        if len(self.rows) >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        if not self.rows:
            return
        columns = [self.indices, *zip(*self.rows, strict=True)]
        # Through polars, not ``pa.array``: pyarrow's conversion of Python lists imports
        # pandas (0.3-0.4 s of CPU in every helper process); polars' does not. The notes,
        # nearly always empty, are flattened into one column and offsets.
        arrays = [
            pl.Series(name, values, SPOOL[name]).to_arrow().cast(kind)
            for name, values, kind in zip(_NAMES[:-2], columns[:-2], _TYPES[:-2], strict=True)
        ]
        notes = columns[-2]
        lengths = np.fromiter(map(len, notes), np.int64, len(notes))
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        flat = pl.Series("notes", [n for group in notes for n in group], pl.String).to_arrow()
        arrays.append(
            pa.LargeListArray.from_arrays(
                pa.Array.from_buffers(pa.int64(), len(offsets), [None, pa.py_buffer(offsets)]),
                flat.cast(pa.large_string()),
            )
        )
        arrays.append(pl.Series(columns[-1], dtype=pl.Int64).to_arrow())
        table = pa.Table.from_arrays(arrays, schema=_SCHEMA)
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.writer = pa.ipc.new_file(str(self.path), _SCHEMA)
        self.writer.write_table(table)
        self.indices = []
        self.rows = []

    def close(self) -> Path | None:
        """Write what is held and close the file; its path, None when nothing was added."""
        self._flush()
        if self.writer is None:
            return None
        self.writer.close()
        self.writer = None
        return self.path

    def read(self, others: Sequence[Path] = ()) -> pl.LazyFrame:
        """Every file's last outcome, in file order, from this spool and ``others`` (closed
        spools of other processes, read first: this one's outcomes win). Add no more."""
        mine = self.close()
        paths = [*others, *([mine] if mine is not None else [])]
        if not paths:
            return pl.LazyFrame(schema=SPOOL)
        frames = pl.concat([pl.scan_ipc(path) for path in paths], how="vertical")
        # A stable sort keeps a file's outcomes in spool order, so its last is the last of its
        # run. ``unique(keep="last", maintain_order=True)`` then ``sort`` gave the same rows
        # at five times the CPU and three times the memory (41,160 files: 0.175 against
        # 0.033 CPU s, +80 against +27 MB of peak RSS; the calling process's peak on
        # five-minute files was set here, after the parse).
        ordered = frames.sort("_index", maintain_order=True)
        return ordered.filter(pl.col("_index").is_last_distinct())


def spooled_indices(path: Path) -> np.ndarray:
    """The file indices a closed spool holds (to find the files a stopped helper left)."""
    # polars, not ``np.asarray`` of an Arrow array: that imports pandas.
    return pl.read_ipc(path, columns=["_index"]).get_column("_index").to_numpy()


__all__ = ["SPOOL", "OutcomeSpool", "spooled_indices"]
