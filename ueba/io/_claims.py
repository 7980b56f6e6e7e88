"""The order files are read in, and the chunks worker processes claim them in.

CloudTrail delivers a file per account, region and five minutes; the lake partitions by
(day, account). Read in listing order (account, region, day), one partition's files come in
one run per region, and with files claimed one at a time both processes write every
partition: five-minute files made about 2.4 parts of 1,750 rows per partition, and Parquet
cost twice as much per event as on large files. Files are therefore read grouped by the
(account, day) of their CloudTrail path, and claimed in chunks that never cross a group, so a
partition's rows mostly meet in one process and one row group. Chunks are sized by bytes and
shrink towards the end of the run (guided self-scheduling), so no process waits long for the
other's last chunk. The listing itself, and each file's index in it (what the manifest and
the outcome spool use), are unchanged: only the reading order is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from ueba.io._source_file import paths_of
from ueba.io.sources import SourceFile

# AWSLogs/[o-org/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/: the account and the day.
_LAYOUT = r"AWSLogs/(?:o-[a-z0-9]+/)?(\d{12})/CloudTrail/[^/]+/(\d{4}/\d{2}/\d{2})/"
MAX_CHUNK_BYTES = 8 << 20  # of stored (compressed) input
MIN_CHUNK_BYTES = 256 << 10


def reading_order(sources: Sequence[SourceFile]) -> tuple[np.ndarray, np.ndarray]:
    """The files' indices in reading order, and each one's group number in that order.

    Files with a CloudTrail path are grouped by (account, day), groups in order of first
    appearance and files in listing order within a group; other files follow, each its own
    group, in listing order.
    """
    paths = pl.Series("path", paths_of(sources), pl.String)
    keys = paths.str.extract_groups(_LAYOUT)
    frame = pl.DataFrame(
        {"key": keys.struct.field("1") + "/" + keys.struct.field("2")}
    ).with_row_index("index")
    first = frame.group_by("key", maintain_order=True).agg(pl.col("index").min().alias("first"))
    ordered = (
        frame.join(first, on="key", how="left", nulls_equal=False)
        .with_columns(pl.coalesce("first", pl.col("index").cast(pl.Int64) + len(sources)))
        .sort("first", "index")
    )
    groups = ordered.get_column("first").rle_id().to_numpy()
    return ordered.get_column("index").to_numpy().astype(np.int64), groups.astype(np.int64)


def chunk_starts(
    sizes: np.ndarray,
    groups: np.ndarray,
    workers: int,
    *,
    max_bytes: int = MAX_CHUNK_BYTES,
    min_bytes: int = MIN_CHUNK_BYTES,
) -> np.ndarray:
    """Where each chunk starts, in reading order (``sizes`` and ``groups`` in that order).

    A chunk holds at least one file, never crosses a group, and holds at most a
    ``4 * workers``-th of the bytes still to read, between ``min_bytes`` and ``max_bytes``.
    """
    count = len(sizes)
    cumulative = np.concatenate([[0], np.cumsum(np.asarray(sizes, np.int64))])
    boundaries = np.append(np.flatnonzero(np.diff(groups) != 0) + 1, count)
    total = int(cumulative[-1])
    starts = []
    position = 0
    while position < count:
        starts.append(position)
        done = int(cumulative[position])
        limit = min(max_bytes, max(min_bytes, (total - done) // (4 * max(workers, 1))))
        end = int(np.searchsorted(cumulative, done + limit, side="right")) - 1
        group_end = int(boundaries[np.searchsorted(boundaries, position, side="right")])
        position = min(max(end, position + 1), group_end)
    return np.asarray(starts, np.int64)


__all__ = ["chunk_starts", "reading_order"]
