"""What an ingest process may hold, in bytes, and handing freed memory back to the system.

A run's memory follows the size cap (``max_decompressed_bytes``, 512 MiB by default), not the
corpus: each process holds one file within the cap, a scanner batch of at most
:func:`budget` ``.batch`` bytes of JSON and staged rows of at most ``.buffered`` bytes.

Freed memory must also leave the process. The scanner's columns, gunzipped files and the
writer's buffers come from the C allocator (glibc's ``malloc``). After its first large free,
glibc raises its mmap threshold (up to 32 MiB), so later batches live on the heap, and a heap
is returned to the system only from its top: in a 5 GB run a helper held 100-200 MB of free
heap (``mallinfo2``), RSS it never used again, and more the longer it ran.
:func:`release_memory` trims the heap once it holds more than ``.slack`` free bytes. Not after
every batch: a trimmed page is faulted in again by the next batch, and trimming every batch
cost five times the page faults (326,000 against 65,000 for 800 files, about 1 µs of system
time per event); with the slack a helper trims about once per 800 files.
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

_MIN_BATCH = 4 * 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """Bytes one ingest process may hold in buffers, derived from the size cap."""

    batch: int  # JSON scanned into the compiled scanner's batch before it becomes a table
    buffered: int  # Arrow bytes of rows staged and not yet written, all partitions together
    release_every: int  # decompressed bytes handled between two looks at the free heap
    slack: int  # free heap kept for the next batches; more is handed back


def budget(max_decompressed_bytes: int) -> Budget:
    """The buffers of a process whose largest file may decompress to ``max_decompressed_bytes``.

    A sixteenth of the cap for staged rows and a sixty-fourth for the scanner's batch: at the
    default cap that is 32 MiB and 8 MiB (about 22,000 and 4,700 events). Small enough that a
    0.2 GB input already fills them, so peak RSS no longer climbs with the corpus (with twice
    and four times these, a 5 GB run's helper peaked 90 MB above a 0.2 GB run's). A quarter of
    the cap (128 MiB) of free heap is kept for the next batches to reuse; beyond it, the heap is
    trimmed (a sixteenth was measured: 0.5-0.7 s more system CPU on 1 GB, trimmed pages faulted
    in again).
    """
    batch = max(_MIN_BATCH, max_decompressed_bytes // 64)
    buffered = max(2 * _MIN_BATCH, max_decompressed_bytes // 16)
    return Budget(batch=batch, buffered=buffered, release_every=batch, slack=4 * buffered)


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


@dataclass(frozen=True)
class Trimmer:
    """glibc's ``malloc_trim`` and ``mallinfo2``, looked up once (``trimmer``); both None where
    the C library has no ``malloc_trim`` (musl, other systems)."""

    trim: Any = None
    info: Any = None  # mallinfo2 is glibc 2.33+; without it, always trim


def trimmer() -> Trimmer:
    """The C library's trim functions. A worker looks them up once: a ``ctypes.CDLL`` made
    per look creates a function-pointer class each time, about 4 KB that only the cyclic
    collector frees, and ingest runs with it paused (0.2 GB -> 5 GB: a few hundred looks per
    process, 1-2.5 MB held to the end of the run). No handle outlives its holder."""
    if not sys.platform.startswith("linux"):
        return Trimmer()
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return Trimmer()
    trim.argtypes = [ctypes.c_size_t]
    info = getattr(libc, "mallinfo2", None)
    if info is not None:
        info.restype = _MallInfo2
    return Trimmer(trim, info)


def _trim(slack: int, functions: Trimmer) -> bool:
    """glibc's ``malloc_trim`` when its heap holds more than ``slack`` free bytes."""
    if functions.trim is None:
        return False
    # Trimmed pages are faulted in again by the next batch (1.4 µs of system time per event
    # when trimming every batch): trim only when the free heap is worth it.
    if functions.info is not None and functions.info().fordblks <= slack:
        return False
    functions.trim(0)
    return True


def release_memory(slack: int = 0, functions: Trimmer | None = None) -> bool:
    """Return freed pages to the system: Arrow's pools' cached pages, and glibc's free heap when
    it holds more than ``slack`` bytes. True when the heap was trimmed. ``functions``: from
    :func:`trimmer`, for a caller that releases again and again; else looked up now."""
    release_pools()
    return _trim(slack, trimmer() if functions is None else functions)


def release_pools() -> None:
    """Hand back the pages Arrow's pools keep cached (the default one and the system one)."""
    for pool in (pa.default_memory_pool(), pa.system_memory_pool()):
        pool.release_unused()


__all__ = ["Budget", "Trimmer", "budget", "release_memory", "release_pools", "trimmer"]
