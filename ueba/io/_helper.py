"""A helper process's work: claim chunks of files until none is left, spool the outcomes."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ueba.io._spool import OutcomeSpool
from ueba.io._work import Worker
from ueba.io.sources import SourceFile

if TYPE_CHECKING:
    from ueba.io._parallel import Claims

_COUNT_EVERY = 256  # files between two progress messages of a helper


def helper_main(
    sources: Sequence[SourceFile],
    claims: Claims,
    counter: Any,
    queue: Any,
    staging: str,
    prefix: str,
    known_hashes: frozenset[str],
    max_decompressed_bytes: int,
    row_group_rows: int,
) -> None:
    """Entry point of a helper process: claim chunks of files until none are left.

    Outcomes go to this process's own spool on disk; the parent hears only how many files
    are done (for progress), then the result naming the spool. A helper that dies loses no
    outcome that matters: the parent reads again every file no finished process recorded.
    """
    # This process only parses: its objects never form cycles, so the cyclic collector's
    # passes over millions of short-lived records are pure cost here.
    gc.disable()
    worker = Worker(
        Path(staging),
        prefix,
        known_hashes=known_hashes,
        max_decompressed_bytes=max_decompressed_bytes,
        row_group_rows=row_group_rows,
        warn=False,  # the calling process has warned already
    )
    spool = OutcomeSpool(Path(staging) / f"outcomes-{prefix}.arrow")
    unreported = 0
    try:
        while chunk := claims.take(counter):
            for index in chunk:
                spool.add(index, worker.process(sources[index]))
            unreported += len(chunk)
            if unreported >= _COUNT_EVERY:
                queue.put(("count", prefix, unreported))
                unreported = 0
        if unreported:
            queue.put(("count", prefix, unreported))
        result = worker.finish()
        result.outcomes = spool.close()
        queue.put(("done", prefix, result))
    except BaseException as exc:
        queue.put(("crash", prefix, f"{type(exc).__name__}: {exc}"))
        raise


__all__ = ["helper_main"]
