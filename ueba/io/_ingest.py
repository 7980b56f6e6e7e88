"""One ingest run in three steps an engine can spread out: plan, parse, finish.

``plan_ingest`` lists the sources and keeps the files the manifest has not seen (the driver);
a *parse* step turns batches of those files into staged Parquet parts with the project's parser
and writer (:class:`~ueba.io._work.Worker`: in this process, in helper processes, or in Spark
tasks); ``finish_ingest`` quarantines, dedupes and commits the staged parts in one log entry.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from ueba._collect import ENGINE
from ueba.io import _log, _manifest
from ueba.io._arrow import ERRORS_ARROW
from ueba.io._commit import commit
from ueba.io._decode import DEFAULT_MAX_DECOMPRESSED_BYTES
from ueba.io._fs import LakeFS, open_lake
from ueba.io._memory import release_memory
from ueba.io._parallel import returning_memory, run_parallel
from ueba.io._skew import DEFAULT_TOLERANCE, delivery_times, quarantine_skewed
from ueba.io._source_file import FileColumns, paths_of, sizes_of, versions_of
from ueba.io._spawn import Helpers, process_count
from ueba.io._spool import OutcomeSpool
from ueba.io._work import FileOutcome, Worker, WorkerResult, run_in_process
from ueba.io._writer import read_part, write_atomic
from ueba.io.sources import SourceFile, listed_sources

ProgressCallback = Callable[[int, int], None]
OnFile = Callable[[int, FileOutcome], None]

# Skipped files the report names (the rest are counted in ``files_skipped``).
SKIPPED_EXAMPLES = 100


@dataclass
class IngestReport:
    """What one ``ingest`` run did. ``exit_code`` is the CLI's: 0 clean, 3 input quarantined."""

    lake: str
    run_id: str
    files: int = 0  # listed
    files_read: int = 0
    files_unchanged: int = 0  # already in the manifest: not read again
    events: int = 0  # stored by this run
    duplicates: int = 0  # eventIDs already stored (this run or before): not stored again
    duplicate_conflicts: int = 0  # of which the content differed
    duplicate_example: str | None = None
    quarantined_files: int = 0
    quarantined_records: int = 0
    # (path, reason) of the first SKIPPED_EXAMPLES files skipped; ``files_skipped`` counts all.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    files_skipped: int = 0
    corrupt_parts: list[str] = field(default_factory=list)  # lake parts that could not be read
    notes: list[str] = field(default_factory=list)
    decompressed_bytes: int = 0
    partitions: int = 0

    @property
    def exit_code(self) -> int:
        if (
            self.quarantined_files
            or self.quarantined_records
            or self.duplicate_conflicts
            or self.corrupt_parts
        ):
            return 3
        return 0

    def summary(self) -> str:
        """A few lines for people (the CLI prints this on stderr)."""
        lines = [
            f"ingested {self.events:,} events from {self.files_read:,} file(s) into "
            f"{self.partitions:,} partition(s) of {self.lake}",
        ]
        if self.files_unchanged:
            lines.append(f"{self.files_unchanged:,} file(s) already ingested, not read again")
        if self.duplicates:
            lines.append(f"{self.duplicates:,} duplicate event(s) not stored again")
        if self.duplicate_conflicts:
            lines.append(
                f"{self.duplicate_conflicts:,} duplicate(s) had different content, e.g. "
                f"{self.duplicate_example}; see _quarantine/duplicates-{self.run_id}.parquet"
            )
        if self.skipped:
            lines.append(
                f"{self.files_skipped:,} file(s) skipped, e.g. {self.skipped[0][0]}: "
                f"{self.skipped[0][1]}"
            )
        if self.quarantined_files or self.quarantined_records:
            lines.append(
                f"quarantined {self.quarantined_files:,} file(s) and "
                f"{self.quarantined_records:,} record(s); see _quarantine/errors-{self.run_id}.parquet"
            )
        lines.extend(self.notes[:5])
        return "\n".join(lines)


def _new_run_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S.%f}Z-{uuid.uuid4().hex[:6]}"


@dataclass
class IngestPlan:
    """What a run will read, and where its parts are staged (a local directory)."""

    fs: LakeFS
    report: IngestReport
    state: _log.LakeState
    todo: Sequence[SourceFile]  # a list, or columns (``FileColumns``)
    staging: Path
    options: dict[str, Any]  # the Worker's keyword options
    # Files done elsewhere, by count (helper processes spool their own outcomes): for progress.
    advance: Callable[[int], None] | None = None

    def worker(self, prefix: str) -> Worker:
        return Worker(self.staging, f"{self.report.run_id}-{prefix}", **self.options)


Parse = Callable[[IngestPlan, OnFile], tuple[list[WorkerResult], list[str]]]


def plan_ingest(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str] | SourceFile] | FileColumns,
    lake: str | os.PathLike[str] | LakeFS,
    *,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
    retry_failed: bool = False,
    s3_endpoint: str | None = None,
    row_group_rows: int = 32_768,
) -> IngestPlan:
    """List the sources; keep the files no committed manifest has (the new files)."""
    fs = open_lake(lake, s3_endpoint=s3_endpoint)
    report = IngestReport(lake=fs.display("").rstrip("/"), run_id=_new_run_id())
    # A helper's listing (``ueba.io._listing``) comes as columns and stays so.
    listed: Sequence[SourceFile] = (
        sources if isinstance(sources, FileColumns) else listed_sources(sources, s3_endpoint)
    )
    report.files = len(listed)
    state = _log.read_state(fs)
    known = _manifest.load(fs, state)
    todo = _new_files(listed, known, retry_failed)
    report.files_unchanged = len(listed) - len(todo)
    options = {
        "known_hashes": known.hashes,
        "max_decompressed_bytes": max_decompressed_bytes,
        "row_group_rows": row_group_rows,
    }
    return IngestPlan(fs, report, state, todo, Path(), options)


def _new_files(
    listed: Sequence[SourceFile], known: _manifest.Known, retry_failed: bool
) -> Sequence[SourceFile]:
    """The listed files no committed manifest has, in listing order. Columns stay columns
    (the listing itself when every file is new), read key by key without a file object."""
    if not known.files and (retry_failed or not known.failed):
        return listed
    keys = zip(paths_of(listed), sizes_of(listed), versions_of(listed), strict=True)
    kept = array(
        "q",
        (
            n
            for n, key in enumerate(keys)
            if key not in known.files and (retry_failed or key not in known.failed)
        ),
    )
    if isinstance(listed, FileColumns):
        return listed if len(kept) == len(listed) else listed.take(kept)
    return [listed[n] for n in kept]


def local_parse(workers: int | None, helpers: Helpers | None = None) -> Parse:
    """The one-host parse step: in this process, or ``workers`` processes for big inputs.

    ``helpers``: processes started before the plan (:mod:`ueba.io._spawn`), used if the new
    files call for helpers at all; the caller closes them.
    """

    def parse(plan: IngestPlan, on_file: OnFile) -> tuple[list[WorkerResult], list[str]]:
        size = sum(sizes_of(plan.todo))
        count = process_count(workers, len(plan.todo), size)
        if count <= 1:
            return [run_in_process(plan.todo, plan.worker("w0"), on_file)], []
        if helpers is not None and len(helpers):
            count = len(helpers) + 1
        return run_parallel(
            plan.todo,
            plan.staging,
            plan.report.run_id,
            count,
            plan.options,
            on_file,
            plan.advance,
            helpers=helpers if helpers is not None and len(helpers) else None,
        )

    return parse


def run_ingest(
    plan: IngestPlan,
    parse: Parse,
    *,
    clock_skew_tolerance: timedelta = DEFAULT_TOLERANCE,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Parse the plan's files with ``parse``, then quarantine, dedupe and commit."""
    report, fs, todo = plan.report, plan.fs, plan.todo
    if not todo:
        return report
    _log.ensure_log(fs, plan.state, report.run_id)
    plan.staging = _staging_dir(fs, report.run_id)
    try:
        total = len(todo)
        spool = OutcomeSpool(plan.staging / "outcomes.arrow")
        done = [0]  # files done in other processes

        def on_file(index: int, outcome: FileOutcome) -> None:
            spool.add(index, outcome)
            if progress is not None:
                progress(min(spool.added + done[0], total), total)

        def advance(files: int) -> None:
            done[0] += files
            if progress is not None:
                progress(min(spool.added + done[0], total), total)

        plan.advance = advance

        with returning_memory():  # parse and commit: every batch allocated here
            results, notes = parse(plan, on_file)
            report.notes.extend(notes)
            release_memory()  # the parse's freed batches, before the commit reads parts back
            # Collected once: the report's totals and the manifest read the same frame (each
            # query of the lazy spools read every spool again and deduped it: five times).
            outcomes = spool.read([r.outcomes for r in results if r.outcomes is not None])
            collected = outcomes.collect(engine=ENGINE)
            _fill(report, collected.lazy())
            manifest = _manifest.write(plan.staging, report.run_id, collected)
            del outcomes, collected  # a row per file: not held through the skew check
            staged = [part for r in results for part in r.parts]
            skewed = quarantine_skewed(
                staged,
                delivery_times(todo, datetime.now(UTC)),
                tolerance=clock_skew_tolerance,
            )
            files = _stage_quarantine(
                plan.staging, report.run_id, [r.error_file for r in results if r.error_file], skewed
            )
            files |= manifest
            committed = commit(
                fs, staged, report.run_id, state=plan.state, files=files, spill=plan.staging
            )
    finally:
        shutil.rmtree(plan.staging, ignore_errors=True)
    if committed.retries:
        report.notes.append(
            f"another ingest committed to this lake meanwhile: this run's events were checked "
            f"against it ({committed.retries} retry(ies))"
        )
    report.events = committed.events
    if skewed is not None:
        report.quarantined_records += skewed.num_rows
        report.notes.append(
            f"{skewed.num_rows:,} record(s) dated after their file was delivered: quarantined "
            f"as clock_skew, e.g. {skewed.column('source_file')[0]}"
        )
    report.duplicates = committed.duplicates
    report.duplicate_conflicts = committed.conflicts
    report.duplicate_example = committed.conflict_example
    report.partitions = committed.partitions
    report.corrupt_parts = [str(bad.path) for bad in committed.corrupt]
    if committed.corrupt:
        report.notes.append(
            f"{len(committed.corrupt)} corrupt part(s) in the partitions written, e.g. "
            f"{committed.corrupt[0].path}; run `ueba lake check --lake {fs.uri} --repair`"
        )
    return report


def _fill(report: IngestReport, outcomes: pl.LazyFrame) -> None:
    """The report's per-file totals from the spooled outcomes (a row per file, in order)."""
    totals = (
        outcomes.select(
            pl.len().alias("files"),
            pl.col("file_errors").sum(),
            pl.col("record_errors").sum(),
            pl.col("decompressed_bytes").sum(),
        )
        .collect(engine=ENGINE)
        .row(0)
    )
    report.files_read += totals[0]
    report.quarantined_files += totals[1] or 0
    report.quarantined_records += totals[2] or 0
    report.decompressed_bytes += totals[3] or 0
    skipped = outcomes.filter(pl.col("skipped_reason").is_not_null())
    report.files_skipped += skipped.select(pl.len()).collect(engine=ENGINE).item()
    room = max(0, SKIPPED_EXAMPLES - len(report.skipped))
    # Examples, not a list per file: a trail of FIFOs or a million broken links stays small.
    report.skipped += list(
        skipped.select("path", "skipped_reason").head(room).collect(engine=ENGINE).iter_rows()
    )
    notes = (
        outcomes.select(pl.col("notes").explode().drop_nulls())
        .group_by("notes", maintain_order=True)
        .len()
        .collect(engine=ENGINE)
    )
    report.notes += [f"{note} (in {n} file(s))" if n > 1 else note for note, n in notes.iter_rows()]


_STALE_STAGING_SECONDS = 24 * 3600


def _staging_dir(fs: LakeFS, run_id: str) -> Path:
    """A local directory for the run's parts: under the lake (same disk: publishing is a link),
    else a temp directory. Staging left by runs that died more than a day ago is removed."""
    if not fs.local:
        return Path(tempfile.mkdtemp(prefix=f"ueba-{run_id}-"))
    root = fs.local_path("_staging")
    if root.is_dir():
        cutoff = time.time() - _STALE_STAGING_SECONDS
        for old in root.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
    staging = root / run_id
    staging.mkdir(parents=True)
    return staging


def _stage_quarantine(
    staging: Path, run_id: str, files: list[Path], extra: pa.Table | None = None
) -> dict[str, Path]:
    tables = [read_part(path).cast(ERRORS_ARROW) for path in files]
    tables = [table for table in [*tables, extra] if table is not None and table.num_rows]
    if not tables:
        return {}
    name = f"errors-{run_id}.parquet"
    write_atomic(pa.concat_tables(tables), staging / name, ERRORS_ARROW)
    return {f"_quarantine/{name}": staging / name}


__all__ = [
    "IngestPlan",
    "IngestReport",
    "Parse",
    "local_parse",
    "plan_ingest",
    "run_ingest",
]
