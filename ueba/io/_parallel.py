"""Several processes ingesting at once: the calling process works too, helpers are spawned.

Files are claimed one at a time from a shared counter, so a slow file never holds up the
others. Each process stages its own Parquet parts; the caller commits them all afterwards.
The calling process is worker 0: it has already imported everything, so only the helpers pay
for start-up, and on two cores that cost overlaps with the caller's own work.

A helper never outlives the run that started it: on Linux the kernel kills it when its parent
dies (``PR_SET_PDEATHSIG``), and everywhere it watches a pipe whose only writer is the parent,
exiting at end-of-file, which the kernel delivers however the parent died (even ``kill -9``).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue as queue_module
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ueba.io._work import FileOutcome, Worker, WorkerResult, subprocess_main
from ueba.io.sources import SourceFile

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_ORPHANED = 70  # exit status of a helper whose parent died (EX_SOFTWARE)


_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


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
    pool = None if os.environ.get(_POOL_VARIABLE) else _jemalloc()
    if pool is None:
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _exit_at_eof(lifeline: Any) -> None:
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()  # the parent never sends: this returns only at EOF
    os._exit(_ORPHANED)


def _guarded_main(
    parent_pid: int,
    lifeline: Any,
    use_prctl: bool,
    target: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    """Entry point of a helper: arrange to die with the parent, then run ``target``."""
    if use_prctl and sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl (another libc): the pipe below still works
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(_ORPHANED)
    threading.Thread(target=_exit_at_eof, args=(lifeline,), daemon=True).start()
    target(*args, **kwargs)


def spawn_guarded(
    context: Any,
    target: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    *,
    lifeline: Any,
    use_prctl: bool = True,
) -> Any:
    """Start ``target(*args, **kwargs)`` in a daemon process that exits when this one dies.

    ``lifeline`` is the read end of a ``context.Pipe(duplex=False)`` whose write end only this
    process holds: close the read end here once every helper has started.
    """
    process = context.Process(
        target=_guarded_main,
        args=(os.getpid(), lifeline, use_prctl, target, args, kwargs),
        daemon=True,
    )
    process.start()
    return process


def _start_helpers(
    todo: Sequence[SourceFile],
    staging: Path,
    run_id: str,
    count: int,
    options: dict[str, Any],
) -> tuple[Any, Any, list[Any], Any]:
    # spawn, not fork: forking a process whose polars/Arrow thread pools run can deadlock.
    context = multiprocessing.get_context("spawn")
    counter = context.Value("q", 0)
    results = context.Queue()
    lifeline, keep_alive = context.Pipe(duplex=False)
    saved = {name: os.environ.get(name) for name in ("POLARS_MAX_THREADS", _POOL_VARIABLE)}
    os.environ["POLARS_MAX_THREADS"] = "1"  # one core per helper; the processes are the parallelism
    if saved[_POOL_VARIABLE] is None and _jemalloc() is not None:
        os.environ[_POOL_VARIABLE] = "jemalloc"  # as returning_memory, read at import
    try:
        helpers = [
            spawn_guarded(
                context,
                subprocess_main,
                (todo, counter, results, str(staging), f"{run_id}-w{k}"),
                options,
                lifeline=lifeline,
            )
            for k in range(1, count)
        ]
    finally:
        lifeline.close()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return counter, results, helpers, keep_alive


def run_parallel(
    todo: Sequence[SourceFile],
    staging: Path,
    run_id: str,
    count: int,
    options: dict[str, Any],
    on_file: Callable[[int, FileOutcome], None],
) -> tuple[list[WorkerResult], list[str]]:
    """Ingest ``todo`` with ``count`` processes (this one included).

    Returns one result per process that finished, and notes. A helper that dies (killed, out
    of memory, or unable to start because the calling script lacks an
    ``if __name__ == "__main__":`` guard) costs time, not data: its staged parts are dropped
    and this process reads its files again.
    """
    counter, messages, helpers, keep_alive = _start_helpers(todo, staging, run_id, count, options)
    # Who read each file (0: nobody yet, 1: this process, k + 1: helper k), one byte per file:
    # the outcomes themselves go to ``on_file`` and are not kept here.
    reader = np.zeros(len(todo), np.uint8)
    finished: dict[str, WorkerResult] = {}
    failed: dict[str, str] = {}
    names = {helper.name: f"{run_id}-w{k}" for k, helper in enumerate(helpers, start=1)}
    numbers = {f"{run_id}-w{k}": k + 1 for k in range(1, count)}

    def handle(message: tuple[str, str, Any]) -> None:
        kind, prefix, payload = message
        if kind == "files":
            for index, outcome in payload:
                reader[index] = numbers[prefix]
                on_file(index, outcome)
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
                for helper in helpers:
                    prefix = names[helper.name]
                    if helper.exitcode not in (None, 0) and prefix not in finished:
                        failed.setdefault(prefix, f"exit code {helper.exitcode}")
                return
            handle(message)
            # Only the first get may wait: waiting again after a message (a helper's "done")
            # would hold the whole run for the timeout with nothing left to come.
            block = False

    worker = Worker(staging, f"{run_id}-w0", **options)
    try:
        while True:
            with counter.get_lock():
                index = counter.value
                counter.value += 1
            if index >= len(todo):
                break
            outcome = worker.process(todo[index])
            reader[index] = 1
            on_file(index, outcome)
            poll(block=False)
        # Write this process's last row groups while the helpers finish their last files.
        result = worker.finish()
        while any(names[h.name] not in finished and names[h.name] not in failed for h in helpers):
            poll(block=True)
        kept = [1, *(numbers[prefix] for prefix in finished)]
        missing = np.flatnonzero(~np.isin(reader, kept)).tolist()
        redone = []
        if missing:  # the files of helpers that did not finish, read again here
            again = Worker(
                staging,
                f"{run_id}-w0r",
                **{**options, "known_hashes": frozenset(worker.known_hashes)},
            )
            for index in missing:  # a later outcome of a file replaces the helper's
                on_file(index, again.process(todo[index]))
            redone.append(again.finish())
    finally:
        for helper in helpers:
            helper.join(timeout=5)
            if helper.is_alive():
                helper.terminate()
        keep_alive.close()
    notes = [
        f"worker process {prefix.rsplit('-', 1)[-1]} stopped ({why}); its files were read "
        "again by the main process"
        for prefix, why in failed.items()
    ]
    return [result, *redone, *finished.values()], notes


__all__ = ["returning_memory", "run_parallel", "spawn_guarded"]
