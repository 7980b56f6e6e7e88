"""Ingest's helper processes, started before the calling process imports polars and Arrow.

A helper spends about 0.3 s of CPU importing its modules before it reads a file, and the
calling process as long importing its own and reading the lake's manifest. Started after
both, as it was, the helper's start-up ran alone on one core while the other waited; started
first, the two overlap. So a helper is spawned as soon as the sources are listed, imports
what it needs, then waits on a pipe for its job (the files to read, the staging directory,
the run's options) which the caller sends once its plan is made, or closes the pipe when
there is nothing for helpers to do. This module imports nothing heavy, so the caller can
use it first.

A helper never outlives the run that started it: on Linux the kernel kills it when its parent
dies (``PR_SET_PDEATHSIG``), and everywhere it watches a pipe whose only writer is the parent,
exiting at end-of-file, which the kernel delivers however the parent died (even ``kill -9``).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ueba.io._listing import OwnListing, list_for_parent, positions, received_listing
from ueba.io._source_file import as_columns

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_ORPHANED = 70  # exit status of a helper whose parent died (EX_SOFTWARE)

POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
# numpy's OpenBLAS starts a thread per core at import, and each spins for a while (about
# 0.035 CPU s per process here) waiting for matrix work that ingest never gives it.
BLAS_VARIABLE = "OPENBLAS_NUM_THREADS"

# Below this much input, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
# How long close() waits for a helper before killing it (see Helpers.close).
CLOSE_TIMEOUT_S = 30.0


def process_count(workers: int | None, files: int, size: int) -> int:
    """How many processes parse ``files`` files of ``size`` stored bytes (this one included)."""
    count = workers or min(2, os.cpu_count() or 1)
    small = workers is None and size < PARALLEL_MIN_BYTES
    return 1 if count <= 1 or files < 2 or small else count


def jemalloc_assumed() -> bool:
    """Whether a process that has not imported pyarrow yet may ask for its jemalloc pool.

    pyarrow's Linux builds have it; elsewhere an unknown pool name only makes Arrow warn, so
    the name is given on Linux alone. A process that has imported pyarrow asks it directly.
    """
    if "pyarrow" in sys.modules:
        import pyarrow as pa

        try:
            pa.jemalloc_memory_pool()
        except NotImplementedError:
            return False
        return True
    return sys.platform.startswith("linux")


@contextlib.contextmanager
def helper_environment() -> Iterator[None]:
    """The environment a helper starts with: one polars thread (the processes are the
    parallelism), no OpenBLAS threads and Arrow's jemalloc pool, all read at import.
    Restored after the spawn."""
    names = ("POLARS_MAX_THREADS", POOL_VARIABLE, BLAS_VARIABLE)
    saved = {name: os.environ.get(name) for name in names}
    os.environ["POLARS_MAX_THREADS"] = "1"
    if saved[BLAS_VARIABLE] is None:
        os.environ[BLAS_VARIABLE] = "1"
    if saved[POOL_VARIABLE] is None and jemalloc_assumed():
        os.environ[POOL_VARIABLE] = "jemalloc"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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


@dataclass
class Job:
    """What a waiting helper is sent once the caller's plan is made."""

    sources: Sequence[Any] | OwnListing  # SourceFile, or positions in the helper's listing
    claims: Any  # ueba.io._parallel.Claims
    staging: str
    run_id: str
    options: dict[str, Any]  # the Worker's keyword options


def waiting_helper(
    number: int,
    jobs: Any,
    counter: Any,
    results: Any,
    names: list[str] | None = None,
    lister: Any = None,
) -> None:
    """A helper's life: list ``names`` for the caller (the first helper, when asked), import
    the parser and writer, wait for the job, do it."""
    # The cyclic collector stays off for the helper's life (``helper_main`` says why): the
    # imports alone ran it about 120 times, 0.04 CPU s.
    gc.disable()
    own = None
    if names is not None and lister is not None:
        own = list_for_parent(names, lister)  # while the caller imports its modules
    from ueba.io._helper import helper_main  # the heavy imports, while the caller plans

    try:
        job: Job = jobs.recv()
    except EOFError:  # nothing for helpers this time
        return
    finally:
        jobs.close()
    sources = job.sources.files(own) if isinstance(job.sources, OwnListing) else job.sources
    helper_main(
        sources,
        job.claims,
        counter,
        results,
        job.staging,
        f"{job.run_id}-w{number}",
        **job.options,
    )


class Helpers:
    """Helper processes started ahead of their job; ``close`` when done or unused.

    ``names``: local sources the first helper lists before its imports and sends back
    (:mod:`ueba.io._listing`); :meth:`listing` receives it.
    """

    def __init__(self, count: int, names: list[str] | None = None) -> None:
        # spawn, not fork: forking a process whose polars/Arrow thread pools run can deadlock.
        context = multiprocessing.get_context("spawn")
        self.counter = context.Value("q", 0)
        self.results = context.Queue()
        lifeline, self._keep_alive = context.Pipe(duplex=False)
        self._jobs: list[Any] = []
        self._sending: threading.Thread | None = None
        self._listing: Any = None  # the read end of the first helper's listing
        self._listed: Sequence[Any] | None = None  # SourceFile: what the first helper listed
        self.processes: list[Any] = []
        try:
            with helper_environment():
                for number in range(1, count + 1):
                    receive, send = context.Pipe(duplex=False)
                    lister = None
                    if number == 1 and names is not None:
                        self._listing, lister = context.Pipe(duplex=False)
                    self.processes.append(
                        spawn_guarded(
                            context,
                            waiting_helper,
                            (number, receive, self.counter, self.results, names, lister),
                            {},
                            lifeline=lifeline,
                        )
                    )
                    receive.close()  # the helper holds it now
                    if lister is not None:
                        lister.close()  # its only writer is the helper: EOF if it dies
                    self._jobs.append(send)
        except BaseException:
            lifeline.close()
            self.close()
            raise
        lifeline.close()

    def __len__(self) -> int:
        return len(self.processes)

    def names(self, run_id: str) -> dict[str, str]:
        """Each process's name to its staging prefix."""
        return {p.name: f"{run_id}-w{k}" for k, p in enumerate(self.processes, start=1)}

    def listing(self) -> Sequence[Any] | None:
        """The first helper's listing of the names it was given (``SourceFile``s, as columns
        when plain), or None when there is none (not asked, failed, or the helper died):
        list them here."""
        conn, self._listing = self._listing, None
        if conn is not None:
            self._listed = received_listing(conn)
        return self._listed

    def send(self, job: Job) -> None:
        """Hand every helper the job, from a thread: a pipe takes the job only as fast as
        the helper reads it, which it does after its imports. (A helper that died meanwhile
        is noticed by its exit code.) The helper that listed the files is sent their
        positions in its own listing instead, when the job's files are listed ones."""
        files = job.sources
        if isinstance(files, OwnListing):  # made here, from the files
            raise TypeError("a job is sent with its files, not with positions")
        jobs, self._jobs = self._jobs, []
        own = None
        if self._listed is not None:
            found = positions(self._listed, files)
            own = None if found is None else dataclasses.replace(job, sources=found)
        # The others get the files as three columns: pickled and loaded in C.
        shared = job
        if len(jobs) > (own is not None):
            shared = dataclasses.replace(job, sources=as_columns(files))

        def deliver() -> None:
            for number, conn in enumerate(jobs):
                with contextlib.suppress(OSError):  # BrokenPipeError: that helper is gone
                    conn.send(own if number == 0 and own is not None else shared)
                conn.close()

        self._sending = threading.Thread(target=deliver, daemon=True)
        self._sending.start()

    def close(self) -> None:
        """Let helpers with no job exit, and wait for every helper (killed after
        ``CLOSE_TIMEOUT_S``: a helper with no job exits as soon as its imports are done, which
        on a loaded machine can take several seconds; killing it earlier is harmless to the data
        but leaves a non-zero exit code)."""
        if self._listing is not None:  # never read: the lister's send fails and it goes on
            self._listing.close()
            self._listing = None
        for jobs in self._jobs:
            jobs.close()  # a helper still waiting sees end-of-file and returns
        self._jobs = []
        for process in self.processes:
            process.join(timeout=CLOSE_TIMEOUT_S)
            if process.is_alive():
                process.terminate()
        if self._sending is not None:  # done: its helpers have read the job or are gone
            self._sending.join(timeout=CLOSE_TIMEOUT_S)
        self._keep_alive.close()


@contextlib.contextmanager
def started_helpers(count: int, names: list[str] | None = None) -> Iterator[Helpers | None]:
    """``count`` helpers for the block (none when ``count`` is 0), closed after it; the first
    lists ``names`` when given (:meth:`Helpers.listing`)."""
    if count <= 0:
        yield None
        return
    helpers = Helpers(count, names)
    try:
        yield helpers
    finally:
        helpers.close()


__all__ = [
    "BLAS_VARIABLE",
    "PARALLEL_MIN_BYTES",
    "POOL_VARIABLE",
    "Helpers",
    "Job",
    "helper_environment",
    "jemalloc_assumed",
    "process_count",
    "spawn_guarded",
    "started_helpers",
]
