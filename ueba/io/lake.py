"""The Parquet lake: ``ingest`` CloudTrail into it, ``scan_lake`` it back.

Layout::

    lake/events/event_date=YYYY-MM-DD/account_id=<recipient account>/part-*.parquet
    lake/_manifest/manifest-<run>.parquet      one row per source file a run looked at
    lake/_quarantine/errors-<run>.parquet      ERRORS rows: what could not be read, and why
    lake/_quarantine/duplicates-<run>.parquet  eventIDs seen again with different content

Parts are zstd Parquet with INT64 microsecond UTC timestamps and row groups of ~32k events.
A run stages its parts on local disk, stores each eventID once, uploads the parts under unique
names and commits them, with its manifest and quarantine, in one entry of ``_log/`` (see
:mod:`ueba.io._log`). Readers see only files named by committed entries: a crash leaves nothing
visible, and the next run completes the work. Several writers, on several hosts, may ingest into
one lake at once: each event is stored once. ``lake`` is a directory or a URI (``s3://bucket/
prefix``, or any pyarrow.fs / fsspec URI).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ueba.io import _log, _manifest
from ueba.io._arrow import ERRORS_ARROW, EVENTS_ARROW
from ueba.io._check import CORRUPT_DIR, LakeCheck, check_lake, part_key, readable_parts, stray_dirs
from ueba.io._commit import commit
from ueba.io._decode import DEFAULT_MAX_DECOMPRESSED_BYTES
from ueba.io._fs import LakeFS, open_lake
from ueba.io._parallel import run_parallel
from ueba.io._skew import DEFAULT_TOLERANCE, delivery_times, quarantine_skewed
from ueba.io._work import FileOutcome, Worker, run_in_process
from ueba.io._writer import account_dir, write_atomic
from ueba.io.sources import SourceFile, list_sources
from ueba.schema import EVENTS, UTC_US

ProgressCallback = Callable[[int, int], None]

# Below this much input, starting worker processes costs more than it saves.
_PARALLEL_MIN_BYTES = 16 * 1024 * 1024


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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
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
                f"{len(self.skipped):,} file(s) skipped, e.g. {self.skipped[0][0]}: "
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


def _listed(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str] | SourceFile],
    s3_endpoint: str | None,
) -> list[SourceFile]:
    items = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    given = [item for item in items if isinstance(item, SourceFile)]
    names = [item for item in items if not isinstance(item, SourceFile)]
    listed = list_sources(names, s3_endpoint=s3_endpoint) if names else []
    return [*given, *listed]


def ingest(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str] | SourceFile],
    lake: str | os.PathLike[str],
    *,
    workers: int | None = None,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
    retry_failed: bool = False,
    s3_endpoint: str | None = None,
    row_group_rows: int = 32_768,
    clock_skew_tolerance: timedelta = DEFAULT_TOLERANCE,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest CloudTrail files into the Parquet lake at ``lake``; return what happened.

    Parameters
    ----------
    sources
        Files, directories (recursive), globs, ``s3://bucket/prefix`` URLs.
    lake
        The lake directory (created if missing).
    workers
        Worker processes (default: up to 2, one per core). Small inputs run in-process.
    max_decompressed_bytes
        A file decompressing to more is quarantined whole (gzip bomb guard).
    retry_failed
        Read again files an earlier run could not read at all (after raising the limit).
    clock_skew_tolerance
        A record dated later than its file's delivery (S3 Last-Modified, a file's mtime, and
        at most now) by more than this is quarantined as ``clock_skew``, not stored.
    progress
        Called as ``progress(files_done, files_total)`` after each file.

    Examples
    --------
    >>> import ueba
    >>> report = ueba.ingest(["data/samples/flaws2"], lake="lake/")  # doctest: +SKIP
    >>> report.events, report.exit_code  # doctest: +SKIP
    (37, 0)
    """
    fs = open_lake(lake, s3_endpoint=s3_endpoint)
    report = IngestReport(lake=fs.display("").rstrip("/"), run_id=_new_run_id())
    listed = _listed(sources, s3_endpoint)
    report.files = len(listed)
    state = _log.read_state(fs)
    known = _manifest.load(fs, state)
    todo = []
    for source in listed:
        key = (source.path, source.size, source.version)
        if key in known.files or (key in known.failed and not retry_failed):
            report.files_unchanged += 1
        else:
            todo.append(source)
    if not todo:
        return report
    _log.ensure_log(fs, state, report.run_id)
    staging = _staging_dir(fs, report.run_id)
    try:
        total = len(todo)
        done = 0

        def on_file(index: int, outcome: FileOutcome) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total)

        count = workers or min(2, os.cpu_count() or 1)
        size = sum(source.size for source in todo)
        options = {
            "known_hashes": known.hashes,
            "max_decompressed_bytes": max_decompressed_bytes,
            "row_group_rows": row_group_rows,
        }
        if count <= 1 or len(todo) < 2 or (workers is None and size < _PARALLEL_MIN_BYTES):
            worker = Worker(staging, f"{report.run_id}-w0", **options)  # type: ignore[arg-type]
            results = [run_in_process(todo, worker, on_file)]
        else:
            results, notes = run_parallel(todo, staging, report.run_id, count, options, on_file)
            report.notes.extend(notes)
        outcomes = {i: o for result in results for i, o in result.outcomes.items()}
        staged = [part for r in results for part in r.parts]
        skewed = quarantine_skewed(
            staged,
            delivery_times(todo, datetime.now(UTC)),
            tolerance=clock_skew_tolerance,
        )
        files = _stage_quarantine(
            staging, report.run_id, [r.error_file for r in results if r.error_file], skewed
        )
        files |= _manifest.write(
            staging, report.run_id, [outcomes[i].row for i in sorted(outcomes)]
        )
        committed = commit(fs, staged, report.run_id, state=state, files=files)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if committed.retries:
        report.notes.append(
            f"another ingest committed to this lake meanwhile: this run's events were checked "
            f"against it ({committed.retries} retry(ies))"
        )
    _fill(report, outcomes, committed.events)
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


def _fill(report: IngestReport, outcomes: dict[int, FileOutcome], events: int) -> None:
    report.events = events
    notes: dict[str, int] = {}
    for outcome in outcomes.values():
        report.files_read += 1
        report.quarantined_files += outcome.file_errors
        report.quarantined_records += outcome.record_errors
        report.decompressed_bytes += outcome.decompressed_bytes
        if outcome.skipped_reason is not None:
            report.skipped.append((str(outcome.row["path"]), outcome.skipped_reason))
        for note in outcome.notes:
            notes[note] = notes.get(note, 0) + 1
    report.notes += [f"{note} (in {n} file(s))" if n > 1 else note for note, n in notes.items()]


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
    tables = [pq.read_table(path).cast(ERRORS_ARROW) for path in files]
    tables = [table for table in [*tables, extra] if table is not None and table.num_rows]
    if not tables:
        return {}
    name = f"errors-{run_id}.parquet"
    write_atomic(pa.concat_tables(tables), staging / name, ERRORS_ARROW)
    return {f"_quarantine/{name}": staging / name}


def _as_date(value: str | date | datetime | None) -> date | None:
    if value is None or isinstance(value, datetime):
        return value.date() if isinstance(value, datetime) else None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def scan_lake(
    lake: str | os.PathLike[str],
    *,
    start: str | date | datetime | None = None,
    end: str | date | datetime | None = None,
    accounts: Iterable[str] | None = None,
) -> pl.LazyFrame:
    """A LazyFrame of exactly the EVENTS columns, reading only the partitions asked for.

    ``start`` is inclusive. ``end`` given as a date (``"2024-07-31"``) includes that whole day;
    given as a datetime it is exclusive. ``accounts`` keeps those account IDs (the partition's
    recipient account). Partitions are chosen by listing directories, so a year-long lake
    costs nothing for a one-day query.

    Examples
    --------
    >>> import ueba
    >>> ueba.scan_lake("lake/", start="2018-11-28", end="2018-11-28").collect().height  # doctest: +SKIP
    37
    """
    fs = open_lake(lake)
    first, last = _as_date(start), _as_date(end)
    wanted = None if accounts is None else {account_dir(a) for a in accounts}
    chosen: list[str] = []
    for rel in _log.read_state(fs).parts:
        key = part_key(rel)
        if key is None or (first is not None and key[0] < first):
            continue
        if (last is not None and key[0] > last) or (wanted is not None and key[1] not in wanted):
            continue
        chosen.append(rel)
    stray_dirs(fs)
    good, _ = readable_parts(fs, chosen)
    if not good:
        return pl.LazyFrame(schema=dict(EVENTS))
    if fs.local:
        files = [str(fs.local_path(rel)) for rel in good]
        frame = pl.scan_parquet(files, schema=dict(EVENTS), hive_partitioning=False)
    else:
        import pyarrow.dataset as ds

        dataset = ds.dataset(
            [fs.full(rel) for rel in good],
            schema=EVENTS_ARROW,
            format="parquet",
            filesystem=fs.filesystem,
        )
        frame = pl.scan_pyarrow_dataset(dataset)
    frame = frame.select(list(EVENTS))
    if isinstance(start, datetime):
        frame = frame.filter(pl.col("event_time") >= pl.lit(_utc(start), UTC_US))
    if isinstance(end, datetime):
        frame = frame.filter(pl.col("event_time") < pl.lit(_utc(end), UTC_US))
    return frame


def lake_partitions(lake: str | os.PathLike[str]) -> list[tuple[date, str]]:
    """(day, account_id) of every partition holding at least one committed part.

    A directory under ``events/`` that is not ``event_date=YYYY-MM-DD`` is skipped with a
    :class:`~ueba.exceptions.LakeWarning`.
    """
    fs = open_lake(lake)
    stray_dirs(fs)
    keys = {part_key(rel) for rel in _log.read_state(fs).parts}
    return sorted(key for key in keys if key is not None)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


__all__ = [
    "CORRUPT_DIR",
    "IngestReport",
    "LakeCheck",
    "check_lake",
    "ingest",
    "lake_partitions",
    "scan_lake",
]
