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
    retire_after: int = 0,
    retire_left: int = 0,
) -> None:
    """Entry point of a helper process: claim chunks of files until none are left, or until
    it has read ``retire_after`` bytes of JSON (when not 0) while ``retire_left`` stored bytes
    or more are left to claim: then it retires.

    Outcomes go to this process's own spool on disk; the parent hears only how many files
    are done (for progress), then the result naming the spool: ``done`` when no file was left
    to claim, ``retired`` when it stopped at its bound with its claimed files all read, its
    parts finished and its spool closed, and the parent may start a fresh helper in its place
    (``ueba.io._parallel``). A helper that dies loses no outcome that matters: the parent
    reads again every file no finished process recorded.
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
    read = 0  # bytes of JSON (gunzipped) read
    kind = "done"
    try:
        while chunk := claims.take(counter):
            for index in chunk:
                outcome = worker.process(sources[index])
                spool.add(index, outcome)
                read += outcome.decompressed_bytes
            unreported += len(chunk)
            if unreported >= _COUNT_EVERY:
                queue.put(("count", prefix, unreported))
                unreported = 0
            if retire_after and read >= retire_after and claims.left_bytes(counter) >= retire_left:
                kind = "retired"  # checked between chunks: a claimed chunk is read whole
                break
        if unreported:
            queue.put(("count", prefix, unreported))
        result = worker.finish()
        result.outcomes = spool.close()
        queue.put((kind, prefix, result))
    except BaseException as exc:
        queue.put(("crash", prefix, f"{type(exc).__name__}: {exc}"))
        raise


__all__ = ["helper_main"]
