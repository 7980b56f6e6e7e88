"""Several processes ingesting at once: the calling process works too, helpers are spawned.

Files are claimed one at a time from a shared counter, so a slow file never holds up the
others. Each process stages its own Parquet parts; the caller commits them all afterwards.
The calling process is worker 0: it has already imported everything, so only the helpers pay
for start-up, and on two cores that cost overlaps with the caller's own work.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ueba.io._work import FileOutcome, Worker, WorkerResult, subprocess_main
from ueba.io.sources import SourceFile


def _start_helpers(
    todo: Sequence[SourceFile],
    staging: Path,
    run_id: str,
    count: int,
    options: dict[str, Any],
) -> tuple[Any, Any, list[Any]]:
    # spawn, not fork: forking a process whose polars/Arrow thread pools run can deadlock.
    context = multiprocessing.get_context("spawn")
    counter = context.Value("q", 0)
    results = context.Queue()
    saved = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"  # one core per helper; the processes are the parallelism
    try:
        helpers = [
            context.Process(
                target=subprocess_main,
                args=(todo, counter, results, str(staging), f"{run_id}-w{k}"),
                kwargs=options,
                daemon=True,
            )
            for k in range(1, count)
        ]
        for helper in helpers:
            helper.start()
    finally:
        if saved is None:
            os.environ.pop("POLARS_MAX_THREADS", None)
        else:
            os.environ["POLARS_MAX_THREADS"] = saved
    return counter, results, helpers


def run_parallel(
    todo: Sequence[SourceFile],
    staging: Path,
    run_id: str,
    count: int,
    options: dict[str, Any],
    on_file: Callable[[int, FileOutcome], None],
) -> list[WorkerResult]:
    """Ingest ``todo`` with ``count`` processes (this one included); one result per process."""
    counter, messages, helpers = _start_helpers(todo, staging, run_id, count, options)
    done: dict[str, WorkerResult] = {}
    outcomes: dict[int, FileOutcome] = {}

    def handle(message: tuple[str, Any, Any]) -> None:
        kind, key, payload = message
        if kind == "file":
            outcomes[key] = payload
            on_file(key, payload)
        elif kind == "done":
            done[key] = payload
        else:
            raise RuntimeError(f"ingest worker {key} failed: {payload}")

    def drain(block: bool) -> None:
        while True:
            try:
                message = messages.get(timeout=1.0) if block else messages.get_nowait()
            except queue_module.Empty:
                dead = [h for h in helpers if h.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(
                        f"an ingest worker died (exit code {dead[0].exitcode})"
                    ) from None
                return
            handle(message)
            if block:
                return

    try:
        worker = Worker(staging, f"{run_id}-w0", **options)
        while True:
            with counter.get_lock():
                index = counter.value
                counter.value += 1
            if index >= len(todo):
                break
            outcome = worker.process(todo[index])
            outcomes[index] = outcome
            on_file(index, outcome)
            drain(block=False)
        own = worker.finish()
        while len(done) < len(helpers):
            drain(block=True)
    finally:
        for helper in helpers:
            helper.join(timeout=5)
            if helper.is_alive():
                helper.terminate()
    own.outcomes = outcomes
    return [own, *done.values()]


__all__ = ["run_parallel"]
