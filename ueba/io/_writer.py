"""Partitioned Parquet parts in a staging directory (flat: a part's partition is its key),
memory bounded.

Rows are buffered per partition ``(event_date, account_id)`` and written as a row group once a
partition holds ``row_group_rows`` rows, or when the total buffered passes ``max_buffered_bytes``
(the largest buffers go first). At most ``max_open`` part files are open at once, a part is
closed once it holds ``max_part_rows`` rows (the next rows of its partition start a new part),
and the part with the most row groups is closed while the open ones hold more than
``max_open_groups`` (a writer keeps each row group's metadata until it closes), so neither the
footers held open nor a part, which later steps read whole, grows with the corpus. Nothing here is under a final name: the lake's commit step moves finished parts into
place.
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ueba.io._arrow import EVENTS_ARROW

# Columns with few distinct values per partition: dictionary encoding pays for them only.
# The principal's names (ARNs, principal IDs, user names) and the endpoint's host header are
# long texts that repeat within a partition (one (day, account) holds few principals: 46
# distinct ARNs in the 418 events of the real samples, 12 issuers in 90), so a dictionary
# hands zstd indices instead of 230 bytes of text per event: callgrind of one 25,742-event
# write, 24,891 -> 23,278 instructions per event, and parts 7% smaller (twelfth ingest pass).
LOW_CARDINALITY = [
    "event_version",
    "event_source",
    "event_name",
    "aws_region",
    "user_agent",
    "error_code",
    "event_type",
    "event_category",
    "recipient_account_id",
    "vpc_endpoint_id",
    "vpc_endpoint_account_id",
    "tls_version",
    "tls_cipher_suite",
    "identity_type",
    "identity_account_id",
    "invoked_by",
    "session_issuer_type",
    "session_issuer_account_id",
    "source_file",
    "identity_arn",
    "identity_principal_id",
    "identity_user_name",
    "session_issuer_arn",
    "session_issuer_principal_id",
    "session_issuer_user_name",
    "tls_client_provided_host_header",
    "web_id_federation_provider",
    "ec2_role_delivery",
]

# Statistics where they prune reads (times, names, keys); min/max of JSON text is wasted work.
STATISTICS = [
    "event_time",
    "event_source",
    "event_name",
    "aws_region",
    "source_ip_address",
    "error_code",
    "recipient_account_id",
    "event_id",
    "identity_type",
    "identity_arn",
    "identity_account_id",
    "access_key_id",
    "session_issuer_arn",
    "source_file",
]

_ACCOUNT_OK = re.compile(r"[A-Za-z0-9_-]{1,64}")

PartitionKey = tuple[str, str]


def account_dir(value: str | None) -> str:
    """The directory name for an account ID: never a path separator or ``..``."""
    if value is None:
        return "unknown"
    return value if _ACCOUNT_OK.fullmatch(value) else "invalid"


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _ints(array: pa.Array) -> np.ndarray:
    """The values of a null-free integer (or date32) array as int64, read from its buffer
    (``to_numpy`` imports pandas)."""
    width = array.type.bit_width // 8
    values = np.frombuffer(array.buffers()[1], f"<i{width}", len(array), array.offset * width)
    return values.astype(np.int64)  # and back to Arrow by ``from_buffers``: ``pa.array`` too


def partitions(
    table: pa.Table, memory_pool: pa.MemoryPool | None = None
) -> list[tuple[PartitionKey, pa.Table]]:
    """``table`` split by (event_date, account directory).

    The date is the UTC date of ``event_time`` (the column's zone, never the machine's); the
    account is ``recipientAccountId``, else ``userIdentity.accountId``, else ``unknown``. A file
    nearly always holds one day and one account, so the common case costs no copy; otherwise
    each partition's rows are gathered by one ``take`` (in their order), not a filter pass
    over every column and every row per partition. No ``pa.scalar`` here:
    it imports pandas, which the compiled scanner's workers otherwise never load.
    """
    days = pc.cast(table.column("event_time"), pa.date32(), memory_pool=memory_pool)
    days = days.combine_chunks(memory_pool)
    accounts = pc.coalesce(
        table.column("recipient_account_id"),
        table.column("identity_account_id"),
        memory_pool=memory_pool,
    ).combine_chunks(memory_pool)
    encoded = pc.dictionary_encode(accounts, null_encoding="encode", memory_pool=memory_pool)
    # Several values can share a directory (every malformed one is "invalid"): rows are
    # grouped by directory, so each partition comes once with its rows in input order.
    directories = [account_dir(name) for name in encoded.dictionary.to_pylist()]
    names = sorted(set(directories))
    to_name = np.array([names.index(d) for d in directories], np.int64)
    # Staged rows always have a time (the parser quarantines the others), so no null days.
    keys = _ints(days) * max(len(names), 1) + to_name[_ints(encoded.indices)]

    def key(code: int) -> PartitionKey:
        day, account = divmod(code, max(len(names), 1))
        return date.fromordinal(_EPOCH_ORDINAL + day).isoformat(), names[account]

    if table.num_rows == 0 or bool((keys == keys[0]).all()):
        return [(key(int(keys[0])), table)] if table.num_rows else []
    codes, inverse = np.unique(keys, return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    ends = np.cumsum(np.bincount(inverse, minlength=len(codes)))
    out = []
    start = 0
    for code, end in zip(codes.tolist(), ends.tolist(), strict=True):
        # A take per partition, not slices of one gathered copy: a partition left buffered
        # must not keep the whole batch's memory alive.
        rows = np.ascontiguousarray(order[start:end], np.int64)
        indices = pa.Array.from_buffers(pa.int64(), len(rows), [None, pa.py_buffer(rows)])
        out.append((key(code), pc.take(table, indices, memory_pool=memory_pool)))
        start = end
    return out


def parquet_writer(
    path: Path | BinaryIO,
    schema: pa.Schema = EVENTS_ARROW,
    memory_pool: pa.MemoryPool | None = None,
) -> pq.ParquetWriter:
    dictionary = [name for name in LOW_CARDINALITY if name in schema.names]
    extra = {} if memory_pool is None else {"memory_pool": memory_pool}
    return pq.ParquetWriter(
        str(path) if isinstance(path, Path) else path,
        schema,
        compression="zstd",
        use_dictionary=dictionary,
        coerce_timestamps="us",
        write_statistics=[name for name in STATISTICS if name in schema.names] or False,
        **extra,
    )


@dataclass
class StagedPart:
    key: PartitionKey
    path: Path
    rows: int
    # 64-bit hashes of the part's non-null event IDs, as raw uint64 (``StagingWriter``'s
    # ``id_hashes``): the commit's dedupe sees from them alone that no ID repeats, without
    # reading the part back. Rows removed later (clock skew) leave their hashes: a superset
    # can only send the dedupe to its exact check, never hide a repeat.
    ids: Path | None = None
    # The largest ``event_time`` written, in microseconds since the epoch; None when not
    # known (a null time, another unit). An upper bound, like ``ids``: rows removed later
    # leave it, which can only send the clock-skew check to the part's footer or its rows.
    # The check reads no footer of a part whose bound is known (a five-minute run stages
    # about a hundred parts: 0.42 ms of CPU each, in the run's serial tail).
    latest: int | None = None


def _latest(times: pa.ChunkedArray) -> int | None:
    """The largest of ``times`` in microseconds since the epoch, as a Parquet footer's
    statistics give it; None when any is null, or the unit is not microseconds.

    Read from the value buffers: ``pyarrow.compute`` costs 0.2 CPU s on its first call in a
    process (its kernels are registered then), and ``Array.to_numpy`` imports pandas."""
    kind = times.type
    if times.null_count or not pa.types.is_timestamp(kind) or kind.unit != "us":
        return None
    largest = None
    for chunk in times.chunks:
        if len(chunk):
            values = np.frombuffer(
                chunk.buffers()[1], np.int64, count=len(chunk), offset=chunk.offset * 8
            )
            top = int(values.max())
            largest = top if largest is None else max(largest, top)
    return largest


class StagingWriter:
    def __init__(
        self,
        staging: Path,
        prefix: str,
        *,
        row_group_rows: int = 32_768,
        max_buffered_bytes: int = 128 * 1024 * 1024,
        max_open: int = 64,
        max_part_rows: int = 16 * 32_768,
        max_open_groups: int | None = None,
        id_hashes: Callable[[pa.ChunkedArray], np.ndarray] | None = None,
    ) -> None:
        self.staging = staging
        self.id_hashes = id_hashes
        self.prefix = prefix
        self.row_group_rows = row_group_rows
        self.max_buffered_bytes = max_buffered_bytes
        self.max_open = max_open
        self.max_part_rows = max(max_part_rows, row_group_rows)
        self.max_open_groups = max_open_groups
        # Row groups in each open writer's footer, and their sum: a ``ParquetWriter`` keeps
        # every row group's metadata until it closes (44 KB for the 50 EVENTS columns).
        self.groups: dict[PartitionKey, int] = {}
        self.open_groups = 0
        self.buffers: dict[PartitionKey, list[pa.Table]] = {}
        self.buffered: dict[PartitionKey, int] = {}  # rows
        self.buffered_bytes: dict[PartitionKey, int] = {}
        self.held = 0  # Arrow bytes staged, all partitions together (``buffered_bytes``' sum)
        self.flushes = 0  # row-group writes so far (the caller trims freed memory after them)
        self.open: OrderedDict[PartitionKey, tuple[pq.ParquetWriter, StagedPart]] = OrderedDict()
        self.parts: list[StagedPart] = []
        self.sequence = 0
        # The C allocator, not Arrow's default (mimalloc): splitting batches and encoding
        # Parquet allocate and free large buffers over and over, and with mimalloc that cost
        # 1.4-2x the CPU (page faults, system time) in benchmarks/profile_ingest.py runs.
        self.pool = pa.system_memory_pool()

    def add(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self.add_partitions(partitions(table, self.pool))

    def add_partitions(self, split: list[tuple[PartitionKey, pa.Table]]) -> None:
        """Rows already split as :func:`partitions` splits them (the scanner does)."""
        for key, rows in split:
            self.buffers.setdefault(key, []).append(rows)
            self.buffered[key] = self.buffered.get(key, 0) + rows.num_rows
            self.buffered_bytes[key] = self.buffered_bytes.get(key, 0) + rows.nbytes
            self.held += rows.nbytes
            if self.buffered[key] >= self.row_group_rows:
                self._flush(key)
        self.make_room(0)

    def make_room(self, incoming: int) -> int:
        """Write the largest partitions' rows until ``incoming`` more bytes fit within
        ``max_buffered_bytes`` (or nothing is left staged); the row groups written.

        Called with the size of rows about to arrive *before* they are built (the scanner's
        batch before it is split), so staged rows, the batch and its split copy never add up
        past the budget at one moment, whatever the run's length."""
        flushed = 0
        while self.held and self.held + incoming > self.max_buffered_bytes:
            self._flush(max(self.buffered_bytes, key=self.buffered_bytes.__getitem__))
            flushed += 1
        return flushed

    def _flush(self, key: PartitionKey) -> None:
        tables = self.buffers.pop(key, [])
        self.buffered.pop(key, None)
        self.held -= self.buffered_bytes.pop(key, 0)
        if not tables:
            return
        writer, part = self._writer(key)
        data = pa.concat_tables(tables)
        del tables
        writer.write_table(data, row_group_size=self.row_group_rows)
        if part.ids is not None and self.id_hashes is not None:
            with part.ids.open("ab") as out:
                out.write(self.id_hashes(data.column("event_id")).tobytes())
        latest = _latest(data.column("event_time"))
        part.latest = (
            latest
            if not part.rows
            else None
            if latest is None or part.latest is None
            else max(part.latest, latest)
        )
        part.rows += data.num_rows
        self.flushes += 1
        written = -(-data.num_rows // self.row_group_rows)  # ``write_table``'s row groups
        self.groups[key] = self.groups.get(key, 0) + written
        self.open_groups += written
        if part.rows >= self.max_part_rows:
            # Rolled over: the footer is written now and the partition's next rows start a part.
            self._close(key)
        while self.max_open_groups is not None and self.open_groups > self.max_open_groups:
            # The footers held open, bounded: the part with the most row groups is finished.
            self._close(max(self.groups, key=self.groups.__getitem__))

    def _close(self, key: PartitionKey) -> None:
        writer, _ = self.open.pop(key)
        self.open_groups -= self.groups.pop(key, 0)
        writer.close()

    def _writer(self, key: PartitionKey) -> tuple[pq.ParquetWriter, StagedPart]:
        if key in self.open:
            self.open.move_to_end(key)
            return self.open[key]
        while len(self.open) >= self.max_open:
            self._close(next(iter(self.open)))
        # One flat directory: a part's partition is its key, not where it is staged. Removing
        # the staging tree after the commit cost an ``rmdir`` per partition directory, 2-7 ms
        # each of wall time on ext4 mounted with ``discard`` (0.25-0.9 s for the 90 partitions
        # of the five-minute corpus), while the process held no CPU.
        if not self.sequence:
            self.staging.mkdir(parents=True, exist_ok=True)
        self.sequence += 1
        path = self.staging / f"part-{self.prefix}-{self.sequence:05d}.parquet"
        ids = path.with_suffix(".ids") if self.id_hashes is not None else None
        part = StagedPart(key, path, 0, ids)
        writer = parquet_writer(part.path, memory_pool=self.pool)
        self.open[key] = (writer, part)
        self.parts.append(part)
        return writer, part

    def close(self) -> list[StagedPart]:
        for key in list(self.buffers):
            self._flush(key)
        while self.open:
            self._close(next(iter(self.open)))
        return [part for part in self.parts if part.rows]


def read_part(path: Path) -> pa.Table:
    """A local Parquet file read whole, by ``pq.ParquetFile``: ``pq.read_table`` imports
    ``pyarrow.dataset`` and pandas on first use (0.27 CPU s, in the run's serial tail, for a run
    with one quarantined file)."""
    with pq.ParquetFile(path) as part:
        return part.read()


def write_atomic(table: pa.Table, path: Path, schema: pa.Schema | None = None) -> None:
    """Write ``table`` to ``path`` through a temp file in the same directory, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        writer = parquet_writer(temp, schema or table.schema)
        with writer:
            writer.write_table(table)
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


__all__ = [
    "LOW_CARDINALITY",
    "StagedPart",
    "StagingWriter",
    "account_dir",
    "parquet_writer",
    "partitions",
    "read_part",
    "write_atomic",
]
