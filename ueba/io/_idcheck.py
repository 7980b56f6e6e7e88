"""The commit's quick check that no event ID repeats, from 64-bit hashes, in bounded memory.

Each worker writes a 64-bit hash of every staged event ID beside its part; equal IDs hash
equal, so when all hashes of a run (and of the lake's IDs in the partitions it touches) are
distinct, no ID repeats and the exact dedupe has nothing to do. All hashes sorted in one
array cost 8 bytes per event, twice over while concatenated: 48 MB of the calling process's
peak at 5 GB of input (2.97 M events), more with every event. The hashes are instead spread
by their top bits over buckets of about ``bucket_ids`` each, spilled to local files as raw
uint64, and each bucket is sorted and checked on its own: equal hashes always share a bucket.
A run of one bucket never touches the disk.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np

# Hashes checked at once, on average (2 MiB); buckets vary by a few per cent around it.
# With 1 << 20 (8 MiB) the check still raised the caller's peak by 32 MB at 3 M IDs, 16 MB here.
BUCKET_IDS = 1 << 18


def _starts(buckets: int) -> np.ndarray:
    """The smallest hash of each bucket: a bucket is a range of the hashes' top 32 bits, so a
    sorted chunk splits into buckets at these values (``searchsorted``), with no index array."""
    count = np.uint64(buckets)
    tops = ((np.arange(buckets, dtype=np.uint64) << np.uint64(32)) + count - np.uint64(1)) // count
    return tops << np.uint64(32)  # the first top 32 bits b with b * buckets >> 32 == bucket


def _repeats(hashes: np.ndarray, kind: Literal["quicksort", "stable"] = "quicksort") -> bool:
    hashes.sort(kind=kind)
    return bool((hashes[1:] == hashes[:-1]).any())


def distinct_hashes(
    chunks: Iterable[np.ndarray],
    upper_bound: int,
    spill: Path,
    *,
    bucket_ids: int = BUCKET_IDS,
) -> tuple[int, int, int] | None:
    """``(hashes, buckets, most held at once)`` when no two of ``chunks``' hashes are equal,
    else None. ``upper_bound`` (at least the number of hashes) sizes the buckets; the chunks
    are read once, one at a time, and held only until spread."""
    buckets = max(1, -(-upper_bound // max(bucket_ids, 1)))
    if buckets == 1:
        held = [np.asarray(chunk, np.uint64) for chunk in chunks]
        hashes = np.concatenate(held) if held else np.empty(0, np.uint64)
        return None if _repeats(hashes) else (len(hashes), 1, len(hashes))
    spill.mkdir(parents=True, exist_ok=True)
    try:
        return _spilled(chunks, buckets, spill)
    finally:
        shutil.rmtree(spill, ignore_errors=True)


def _spilled(
    chunks: Iterable[np.ndarray], buckets: int, spill: Path
) -> tuple[int, int, int] | None:
    total = most = 0
    starts = _starts(buckets)
    # Each bucket's file stays open while the chunks are spread (an open and a close per
    # chunk and bucket cost more than the writes: a hundred parts make two hundred).
    files: dict[int, BinaryIO] = {}
    try:
        for chunk in chunks:
            chunk = np.sort(np.asarray(chunk, np.uint64))
            total += len(chunk)
            most = max(most, len(chunk))
            ends = [*np.searchsorted(chunk, starts[1:]).tolist(), len(chunk)]
            start = 0
            for number, end in enumerate(ends):
                if end > start:
                    if number not in files:
                        files[number] = (spill / f"{number}.u64").open("ab")
                    files[number].write(chunk[start:end].tobytes())
                start = end
    finally:
        for handle in files.values():
            handle.close()
    for number in range(buckets):
        path = spill / f"{number}.u64"
        if not path.exists():
            continue
        hashes = np.fromfile(path, np.uint64)
        path.unlink()  # its disk is free before the next bucket is read
        most = max(most, len(hashes))
        # A bucket is the chunks' sorted runs one after another: merged by timsort in about
        # half the time quicksort takes.
        if _repeats(hashes, "stable"):
            return None
    return total, buckets, most


__all__ = ["BUCKET_IDS", "distinct_hashes"]
