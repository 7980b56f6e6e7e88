"""One ingest worker: claim a file, parse it, stage its events; in-process or in a subprocess.

Workers share nothing but a counter to claim files from and a queue to report on: each writes
its own staged Parquet parts and its own error file, which the parent commits after all
workers are done (see :mod:`ueba.io._commit`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow.parquet as pq

from ueba.io._arrow import ERRORS_ARROW
from ueba.io._claims import reading_order
from ueba.io._load import legacy_hashes, load_source, member_inflater, whole_reader
from ueba.io._memory import budget, release_memory, release_pools, trimmer
from ueba.io._native import ScanBatch, load_scanner, text_hashes
from ueba.io._writer import StagedPart, StagingWriter, parquet_writer
from ueba.io.cloudtrail import parse_loaded
from ueba.io.sources import SourceFile

# The manifest's own columns of a file's entry, in order (``ueba.io._manifest.MANIFEST``).
_MANIFEST_FIELDS = (
    "path",
    "size",
    "version",
    "content_hash",
    "events",
    "errors",
    "status",
    "reason",
)


class FileOutcome(NamedTuple):
    """A file's manifest entry (its first eight fields, in the manifest's column order) plus
    what the report needs.

    A tuple, not a dict and an object: every file read makes one, so it is built by one call
    and spooled as it is (:mod:`ueba.io._spool` keeps 1,024 of them, then turns them into
    columns). A slotted dataclass holding a dict of the manifest's columns, read back with
    ``dict.get`` to make the spool's tuple, cost 1.3 µs a file; this, 0.35 µs.
    """

    path: str
    size: int
    version: str
    content_hash: str | None
    events: int
    errors: int
    status: str
    reason: str | None
    file_errors: int = 0
    record_errors: int = 0
    skipped_reason: str | None = None
    notes: tuple[str, ...] = ()
    decompressed_bytes: int = 0

    @property
    def row(self) -> dict[str, Any]:
        """The manifest row (the run's own columns are added when it is written)."""
        return dict(zip(_MANIFEST_FIELDS, self, strict=False))


@dataclass
class WorkerResult:
    """What a parse step staged. Each file's outcome goes to the ``on_file`` callback as it
    is known (the caller spools them to disk), never here: a result holds no per-file state."""

    parts: list[StagedPart] = field(default_factory=list)
    error_file: Path | None = None
    # A helper process's own outcome spool (Arrow IPC, ``ueba.io._spool``): its files'
    # outcomes never cross the pipe to the calling process one by one.
    outcomes: Path | None = None


def _status(events: int, errors: int, skipped: str | None) -> str:
    if skipped is not None:
        return "skipped"
    if errors and events:
        return "partial"
    if errors:
        return "failed"
    return "ok"


_DUPLICATE = "the same content was already ingested from another path"


_MAX_OPEN_PARTS = 16
_ROW_GROUPS_PER_PART = 16
# Row groups held in open writers' footers, all parts together (44 KB each for EVENTS). Rows
# are flushed when the staged bytes are full, so a row group holds 4,000-18,000 rows, not
# ``row_group_rows``, and 16 open parts of up to 14 row groups each held 140 (6 MB) in a 5 GB
# run's helper, against 2-10 in a 0.2 GB run's.
_OPEN_ROW_GROUPS = 2 * _ROW_GROUPS_PER_PART


def _scanner(warn: bool) -> Any | None:
    """The compiled scanner module, unless it is missing or ``UEBA_SCANNER=off``."""
    # Read once per worker, never per file: the switch is for comparing the two paths.
    if os.environ.get("UEBA_SCANNER", "").lower() in ("off", "0", "no", "false"):
        return None
    return load_scanner(warn=warn)


class Worker:
    """Parses files and stages their events.

    With the compiled scanner, files are appended to one columnar batch that becomes an Arrow
    table (and Parquet row groups) once it holds ``row_group_rows`` events: a five-minute file
    of a few dozen events no longer pays for building 50 Arrow columns of its own. A file's
    outcome is final when :meth:`process` returns (the scanner accepts only files it reads
    completely, without errors), and its rows are staged by :meth:`finish` at the latest, so
    the manifest and the staged parts still agree file by file.
    """

    def __init__(
        self,
        staging: Path,
        prefix: str,
        *,
        known_hashes: frozenset[str],
        max_decompressed_bytes: int,
        row_group_rows: int,
        warn: bool = True,
    ) -> None:
        self.staging = staging
        self.prefix = prefix
        self.known_hashes = set(known_hashes)
        # A lake ingested before content hashes were BLAKE3 knows its files by BLAKE2b: both.
        self.legacy_hash = legacy_hashes(self.known_hashes)
        self.cap = max_decompressed_bytes
        # One libdeflate decompressor for all of this worker's files, not one per file.
        self.inflate = member_inflater()
        # A small local file read and inflated by one compiled call of that decompressor's.
        self.read_whole = whole_reader(self.inflate)
        # Open Parquet writers and buffered rows are what a process holds: five-minute files
        # spread over many (day, account) partitions, so both are bounded here, in bytes from
        # the size cap, not by the corpus (peak RSS 1.12 GB summed over two processes with 64
        # open writers; 1.07 GB at 5 GB of input with 65,536 buffered rows).
        self.budget = budget(max_decompressed_bytes)
        module = _scanner(warn)
        self.writer = StagingWriter(
            staging / "events",
            prefix,
            row_group_rows=row_group_rows,
            max_buffered_bytes=self.budget.buffered,
            max_open=_MAX_OPEN_PARTS,
            max_part_rows=_ROW_GROUPS_PER_PART * row_group_rows,
            max_open_groups=_OPEN_ROW_GROUPS,
            # Event-ID hashes beside each part, so the commit need not read the IDs back.
            id_hashes=None if module is None else partial(text_hashes, module),
        )
        self.error_path = staging / f"errors-{prefix}.parquet"
        self.errors: pq.ParquetWriter | None = None
        self.batch = ScanBatch(module) if module is not None else None
        self.batch_rows = row_group_rows
        self.batch_bytes = 0  # JSON scanned into the batch since it was last taken
        # Bytes on disk and gunzipped JSON of the files the scanner took: how much a file
        # announced by its size will hold once read (``_make_room``).
        self.stored = 0
        self.scanned = 0
        self.unreleased = 0  # bytes handled since freed memory was last handed back
        self.releases = 0
        self.trimmer = trimmer()  # looked up once per worker, not per release

    def process(self, source: SourceFile) -> FileOutcome:
        # Decoding a file allocates hundreds of thousands of short-lived objects that never
        # form cycles; the cyclic collector would run over them again and again. It is paused
        # for one file at a time and restored after, so the caller's process is left as found.
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._process(source)
        finally:
            if paused:
                gc.enable()

    def _process(self, source: SourceFile) -> FileOutcome:
        batch = self.batch
        if batch is not None:
            self._make_room(source.size)
        # stat, stream, gunzip and hash within the cap
        loaded = load_source(
            source,
            self.cap,
            legacy_hash=self.legacy_hash,
            inflate=self.inflate,
            read_whole=self.read_whole,
        )
        digest = loaded.content_hash
        if digest is not None:
            legacy = loaded.legacy_hash
            if digest in self.known_hashes or (legacy is not None and legacy in self.known_hashes):
                return FileOutcome(
                    source.path,
                    source.size,
                    source.version,
                    digest,
                    0,
                    0,
                    "duplicate_file",
                    _DUPLICATE,
                )
        if batch is not None and loaded.problem is None and loaded.skipped is None:
            # The scanner's call made here, not through a method: this path is taken once per
            # file, tens of thousands of times a run on five-minute files, so each Python call
            # and object it saves counts (the outcome is one tuple).
            scanned = batch.scan(loaded.data, source.path)
            if scanned >= 0:
                if digest is not None:
                    self.known_hashes.add(digest)
                size = len(loaded.data)
                self.batch_bytes += size
                self.stored += source.size
                self.scanned += size
                # The file's bytes are freed before the batch may be staged (and rows written):
                # a flush never holds the last file too.
                del loaded
                self._stage_if_full(size)
                return FileOutcome(
                    source.path,
                    source.size,
                    source.version,
                    digest,
                    scanned,
                    0,
                    "ok",
                    None,
                    0,
                    0,
                    None,
                    (),
                    size,
                )
        parsed = parse_loaded(loaded, source.path, max_decompressed_bytes=self.cap)
        del loaded
        self.writer.add(parsed.events)
        self._handled(parsed.decompressed_bytes)
        errors = parsed.errors
        if errors.num_rows:
            self._errors(errors)
        file_errors = errors.column("record_index").null_count
        status = _status(parsed.events.num_rows, errors.num_rows, parsed.skipped_reason)
        if digest is not None and status in ("ok", "partial", "skipped"):
            self.known_hashes.add(digest)
        reason: str | None = parsed.skipped_reason
        if reason is None and errors.num_rows:
            reason = str(errors.column("reason")[0])
        return FileOutcome(
            source.path,
            source.size,
            source.version,
            digest,
            parsed.events.num_rows,
            errors.num_rows,
            status,
            reason,
            file_errors=file_errors,
            record_errors=errors.num_rows - file_errors,
            skipped_reason=parsed.skipped_reason,
            notes=parsed.notes,
            decompressed_bytes=parsed.decompressed_bytes,
        )

    def _make_room(self, announced: int) -> None:
        """Before a file is read: stage the scanner's batch now if the file, at the expansion
        the scanned files had so far, would take the batch past its budget.

        Staged rows and the batch then stay within their two budgets together at any moment
        of any run, the file read never on top of a flush (peak RSS 19-23 MB lower at every
        input size; what still grows with a long run is the C heap's fragmentation: twelfth
        ingest pass in ``benchmarks/results/ingest.md``)."""
        assert self.batch is not None
        if not self.batch_bytes or not self.stored:
            return
        incoming = min(self.cap, announced * self.scanned // self.stored)
        if self.batch_bytes + incoming > self.budget.batch:
            self._stage_batch()

    def _stage_if_full(self, size: int) -> None:
        """Stage the scanner's batch once it holds a row group or its budget of JSON."""
        assert self.batch is not None
        if self.batch.rows >= self.batch_rows or self.batch_bytes >= self.budget.batch:
            self._stage_batch()
        self._handled(size)

    def _stage_batch(self) -> None:
        """The scanner's batch split into the staged rows. Room is made first (the largest
        partitions written until the batch's JSON fits beside what is staged): the split
        copies the batch, so it must not meet a full stage. Freed memory is handed back after
        rows were written (Arrow's pools; the C heap once per batch's worth, in ``_handled``)."""
        assert self.batch is not None
        flushes = self.writer.flushes
        self.writer.make_room(self.batch_bytes)
        self.writer.add_partitions(self.batch.take_partitions())
        self.batch_bytes = 0
        if self.writer.flushes != flushes:
            release_pools()  # the heap is looked at on its own cadence (``_handled``)

    def _handled(self, size: int) -> None:
        """Count ``size`` decompressed bytes; hand freed memory back once per batch's worth."""
        self.unreleased += size
        if self.unreleased >= self.budget.release_every:
            self.releases += release_memory(self.budget.slack, self.trimmer)
            self.unreleased = 0

    def _errors(self, table: Any) -> None:
        if self.errors is None:
            self.errors = parquet_writer(self.error_path, ERRORS_ARROW)
        self.errors.write_table(table.cast(ERRORS_ARROW))

    def finish(self) -> WorkerResult:
        if self.batch is not None and self.batch.rows:
            self.writer.add_partitions(self.batch.take_partitions())
        parts = self.writer.close()
        if self.errors is not None:
            self.errors.close()
        return WorkerResult(parts=parts, error_file=self.error_path if self.errors else None)


def run_in_process(
    sources: Sequence[SourceFile],
    worker: Worker,
    on_file: Callable[[int, FileOutcome], None],
) -> WorkerResult:
    """Every file in one process, grouped by partition (``ueba.io._claims``)."""
    order, _ = reading_order(sources)
    for index in order.tolist():
        on_file(index, worker.process(sources[index]))  # the caller keeps it (on disk)
    return worker.finish()


__all__ = ["FileOutcome", "Worker", "WorkerResult", "run_in_process"]
