"""Several processes ingesting at once: the calling process works too, helpers are spawned.

Files are claimed in chunks from a shared counter, so a slow file never holds up the others.
Each process stages its own Parquet parts; the caller commits them all afterwards. The
calling process is worker 0; the helpers (:mod:`ueba.io._spawn`) are best started before the
caller's own imports, so their start-up overlaps with it.
"""

from __future__ import annotations

import contextlib
import os
import queue as queue_module
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from ueba.io._claims import chunk_starts, reading_order
from ueba.io._helper import helper_main
from ueba.io._source_file import sizes_of
from ueba.io._spawn import POOL_VARIABLE, Helpers, Job, spawn_guarded
from ueba.io._spool import spooled_indices
from ueba.io._work import FileOutcome, Worker, WorkerResult
from ueba.io.sources import SourceFile


def _jemalloc() -> pa.MemoryPool | None:
    """Arrow's jemalloc pool, where this pyarrow has it (its Linux and macOS wheels do)."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        return None


@contextlib.contextmanager
def returning_memory() -> Iterator[None]:
    """Arrow allocates from jemalloc meanwhile (unless ``ARROW_DEFAULT_MEMORY_POOL`` says).

    The default pool, mimalloc, keeps the pages of freed buffers; ingest frees a batch's worth
    many times over, so each process's peak RSS drifted up with the corpus. jemalloc hands
    them back within about a second: on 5 GB, 1,022 -> 886 MB summed over two processes, no
    slower. Buffers remember their pool, so switching back afterwards is safe.
    """
    pool = None if os.environ.get(POOL_VARIABLE) else _jemalloc()
    if pool is None:
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


class Claims:
    """Chunks of files in reading order, claimed from a counter shared by all processes."""

    def __init__(self, todo: Sequence[SourceFile], workers: int) -> None:
        self.order, groups = reading_order(todo)
        # Through polars: numpy's conversion of a list of ints costs twice as much (12 M
        # instructions for 41,160 files).
        sizes = pl.Series("size", sizes_of(todo), pl.Int64).to_numpy()[self.order]
        self.starts = np.append(chunk_starts(sizes, groups, workers), len(todo))

    def take(self, counter: Any) -> list[int]:
        """The indices of the next chunk of files (empty when none is left)."""
        with counter.get_lock():
            chunk = counter.value
            counter.value += 1
        if chunk + 1 >= len(self.starts):
            return []
        return self.order[self.starts[chunk] : self.starts[chunk + 1]].tolist()  # type: ignore[no-any-return]


def run_parallel(
    todo: Sequence[SourceFile],
    staging: Path,
    run_id: str,
    count: int,
    options: dict[str, Any],
    on_file: Callable[[int, FileOutcome], None],
    on_count: Callable[[int], None] | None = None,
    helpers: Helpers | None = None,
) -> tuple[list[WorkerResult], list[str]]:
    """Ingest ``todo`` with ``count`` processes (this one included).

    ``helpers``: ``count - 1`` helpers started earlier and waiting for their job (the
    caller closes them); without, they are started here.

    This process's outcomes go to ``on_file``; each helper spools its own (the results'
    ``outcomes``) and reports only counts of files done, to ``on_count``. Returns one result
    per process that finished, and notes. A helper that dies (killed, out of memory, or
    unable to start because the calling script lacks an ``if __name__ == "__main__":``
    guard) costs time, not data: its staged parts and spool are dropped and this process
    reads its files again.
    """
    claims = Claims(todo, count)
    own = helpers is None
    if helpers is None:
        helpers = Helpers(count - 1)
    try:
        # The files as three columns (pickled and loaded in C, while the helper waits for
        # them), or their positions in the listing the helper made: ``Helpers.send``.
        helpers.send(Job(todo, claims, str(staging), run_id, options))
        return _share(todo, staging, run_id, claims, helpers, options, on_file, on_count)
    finally:
        if own:
            helpers.close()


def _share(
    todo: Sequence[SourceFile],
    staging: Path,
    run_id: str,
    claims: Claims,
    helpers: Helpers,
    options: dict[str, Any],
    on_file: Callable[[int, FileOutcome], None],
    on_count: Callable[[int], None] | None,
) -> tuple[list[WorkerResult], list[str]]:
    """This process's share of the files, then the helpers' results (and their leftovers)."""
    counter, messages = helpers.counter, helpers.results
    # The files this process read, one byte per file; helpers' files are known from their
    # spools at the end (a helper that stopped has none, and its files are read again).
    mine = np.zeros(len(todo), np.bool_)
    finished: dict[str, WorkerResult] = {}
    failed: dict[str, str] = {}
    names = helpers.names(run_id)

    def handle(message: tuple[str, str, Any]) -> None:
        kind, prefix, payload = message
        if kind == "count":
            if on_count is not None:
                on_count(payload)
        elif kind == "done":
            finished[prefix] = payload
        else:
            failed[prefix] = str(payload)

    def poll(block: bool) -> None:
        """Handle the messages waiting (with ``block``, first wait up to 0.5 s for one)."""
        while True:
            try:
                message = messages.get(timeout=0.5) if block else messages.get_nowait()
            except queue_module.Empty:
                for helper in helpers.processes:
                    prefix = names[helper.name]
                    if helper.exitcode not in (None, 0) and prefix not in finished:
                        failed.setdefault(prefix, f"exit code {helper.exitcode}")
                return
            handle(message)
            # Only the first get may wait: waiting again after a message (a helper's "done")
            # would hold the whole run for the timeout with nothing left to come.
            block = False

    worker = Worker(staging, f"{run_id}-w0", **options)
    while chunk := claims.take(counter):
        for index in chunk:
            on_file(index, worker.process(todo[index]))
        mine[chunk] = True
        poll(block=False)
    # Write this process's last row groups while the helpers finish their last files.
    result = worker.finish()
    while any(
        names[h.name] not in finished and names[h.name] not in failed for h in helpers.processes
    ):
        poll(block=True)
    for done in finished.values():
        if done.outcomes is not None:
            mine[spooled_indices(done.outcomes)] = True
    missing = np.flatnonzero(~mine).tolist()
    redone = []
    if missing:  # the files of helpers that did not finish, read again here
        again = Worker(
            staging,
            f"{run_id}-w0r",
            **{**options, "known_hashes": frozenset(worker.known_hashes)},
        )
        for index in missing:
            on_file(index, again.process(todo[index]))
        redone.append(again.finish())
    notes = [
        f"worker process {prefix.rsplit('-', 1)[-1]} stopped ({why}); its files were read "
        "again by the main process"
        for prefix, why in failed.items()
    ]
    return [result, *redone, *finished.values()], notes


__all__ = ["Claims", "helper_main", "returning_memory", "run_parallel", "spawn_guarded"]
