"""``ingest``'s entry point, which imports nothing heavy until its helpers are started.

The sources are listed (a directory walk or an object-store listing: no polars, no Arrow),
helper processes are started if the input calls for them (:mod:`ueba.io._spawn`; before the
listing when ``workers`` asks for them), and only then are the lake's modules imported and
the manifest read, while the helpers import theirs. When ``workers`` asks for helpers and the
sources are local paths, the first helper makes the listing itself while this process
imports (:mod:`ueba.io._listing`).
On the 1 GB corpus the calling process spent about 0.5 s importing and planning before a
helper was even spawned, and the helper as long again starting up, with one core idle.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

from ueba.io._decode import DEFAULT_MAX_DECOMPRESSED_BYTES
from ueba.io._listing import local_names
from ueba.io._source_file import sizes_of
from ueba.io._spawn import process_count, started_helpers
from ueba.io.sources import SourceFile, listed_sources

if TYPE_CHECKING:
    from ueba.io._ingest import IngestReport

ProgressCallback = Callable[[int, int], None]

# ``ueba.io._skew.DEFAULT_TOLERANCE``, which imports polars (a test holds them equal).
DEFAULT_TOLERANCE = timedelta(hours=1)


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
    stack = contextlib.ExitStack()
    # The cyclic collector is paused for the call and restored after, as ``Worker.process``
    # does per file: the imports, the plan and the commit create objects by the hundred
    # thousand and no cycle worth collecting (130-330 collections, 0.05-0.1 CPU s a run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        items = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
        helpers = listed = None
        if workers is not None and workers > 1:
            # Asked for: started before even the listing, which the first helper makes (local
            # sources) while this process imports the lake's modules (``ueba.io._listing``).
            helpers = stack.enter_context(started_helpers(workers - 1, local_names(items)))
            from ueba.io._ingest import local_parse, plan_ingest, run_ingest

            listed = helpers.listing() if helpers is not None else None
        if listed is None:
            listed = listed_sources(items, s3_endpoint)
        if helpers is None:
            count = process_count(workers, len(listed), sum(sizes_of(listed)))
            helpers = stack.enter_context(started_helpers(count - 1))
        # Imported only now: polars, Arrow and the lake's modules load while helpers start.
        from ueba.io._ingest import local_parse, plan_ingest, run_ingest

        plan = plan_ingest(
            listed,
            lake,
            max_decompressed_bytes=max_decompressed_bytes,
            retry_failed=retry_failed,
            s3_endpoint=s3_endpoint,
            row_group_rows=row_group_rows,
        )
        return run_ingest(
            plan,
            local_parse(workers, helpers),
            clock_skew_tolerance=clock_skew_tolerance,
            progress=progress,
        )
    finally:
        try:
            stack.close()  # helpers with no job exit; the others have finished
        finally:
            if collecting:
                gc.enable()


__all__ = ["DEFAULT_TOLERANCE", "ingest"]
