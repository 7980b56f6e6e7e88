"""What an ingest process may hold, in bytes, and handing freed memory back to the system.

A run's memory follows the size cap (``max_decompressed_bytes``, 512 MiB by default), not the
corpus: each process holds one file within the cap, a scanner batch of at most
:func:`budget` ``.batch`` bytes of JSON and staged rows of at most ``.buffered`` bytes.

Freed memory must also leave the process. The scanner's columns, gunzipped files and the
writer's buffers come from the C allocator (glibc's ``malloc``). After its first large free,
glibc raises its mmap threshold (up to 32 MiB), so later batches live on the heap, and a heap
is returned to the system only from its top: in a 5 GB run a helper held 100-200 MB of free
heap (``mallinfo2``), RSS it never used again. :func:`release_memory` trims it once per batch
written, which is cheap next to writing the batch.
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass

import pyarrow as pa

_MIN_BATCH = 4 * 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """Bytes one ingest process may hold in buffers, derived from the size cap."""

    batch: int  # JSON scanned into the compiled scanner's batch before it becomes a table
    buffered: int  # Arrow bytes of rows staged and not yet written, all partitions together
    release_every: int  # decompressed bytes handled between two trims of freed memory


def budget(max_decompressed_bytes: int) -> Budget:
    """The buffers of a process whose largest file may decompress to ``max_decompressed_bytes``.

    An eighth of the cap for staged rows and a sixteenth for the scanner's batch: at the default
    cap that is 64 MiB and 32 MiB (about 45,000 and 19,000 events), so a process's buffers stay
    well under the one file the cap already lets it hold.
    """
    batch = max(_MIN_BATCH, max_decompressed_bytes // 16)
    return Budget(batch=batch, buffered=2 * batch, release_every=batch)


def _trim() -> None:
    if not sys.platform.startswith("linux"):
        return
    # Looked up per call (a few µs, once per batch): no handle is kept between runs.
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl and other C libraries have no malloc_trim
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)


def release_memory() -> None:
    """Return freed pages to the system: glibc's free heap and Arrow's pools' cached pages."""
    for pool in (pa.default_memory_pool(), pa.system_memory_pool()):
        pool.release_unused()
    _trim()


__all__ = ["Budget", "budget", "release_memory"]
