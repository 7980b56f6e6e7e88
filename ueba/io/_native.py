"""The compiled scanner (``ueba/io/_scan.pyx``) behind a small interface, or None without it.

:class:`ScanBatch` appends whole files to one set of growing Arrow buffers and hands them over
as one EVENTS table: no Python object per value, and no per-file cost of building 50 Arrow
columns. A file the scanner cannot reproduce exactly is refused (nothing appended) and the
caller reads it with the pure-Python parser, so both paths give the same tables.
"""

from __future__ import annotations

import importlib
import warnings
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa

from ueba.io._arrow import EVENTS_ARROW
from ueba.io._redact import NOT_SECRET, SECRET_NAMES, TooDeepToRedact
from ueba.io._table import FREE_FORM, TEXT_COLUMNS, redact_member, secret_needles
from ueba.io._writer import PartitionKey, account_dir

_BOOLS = ("read_only", "management_event", "session_credential_from_console", "mfa_authenticated")
_FLAGS = len(_BOOLS) + 1  # the scanner's per-row flags: the bools, then "creation date set"
_UTC_US = pa.timestamp("us", "UTC")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# The scanner reads the partition's account from these text columns by position.
assert TEXT_COLUMNS[10] == "recipient_account_id" and TEXT_COLUMNS[22] == "identity_account_id"


class ScanUnavailable(RuntimeWarning):
    """The compiled scanner is not built: ingest uses the pure-Python parser (slower)."""


def load_scanner(*, warn: bool = True) -> Any | None:
    """The ``ueba.io._scan`` module, or None (with one warning) when it was not compiled."""
    try:
        return importlib.import_module("ueba.io._scan")
    except ImportError as exc:
        if warn:
            warnings.warn(
                f"the compiled CloudTrail scanner is not available ({exc}); reading with the "
                "pure-Python parser, which is slower. Reinstall with a C compiler present "
                "(`pip install -e .`) to build it.",
                ScanUnavailable,
                stacklevel=2,
            )
        return None


def _text(rows: int, offsets: bytearray, data: bytearray, valid: bytearray, nulls: int) -> pa.Array:
    bitmap = None
    if nulls:
        bitmap = pa.py_buffer(np.packbits(np.frombuffer(valid, np.uint8), bitorder="little"))
    return pa.LargeStringArray.from_buffers(
        rows, pa.py_buffer(offsets), pa.py_buffer(data), bitmap, nulls
    )


def _bool(flags: np.ndarray) -> pa.Array:
    valid = flags != 2
    values = pa.py_buffer(np.packbits(flags == 1, bitorder="little"))
    nulls = int(len(flags) - valid.sum())
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(pa.bool_(), len(flags), [bitmap, values], nulls)


def _timestamps(values: np.ndarray, valid: np.ndarray | None) -> pa.Array:
    # From buffers: ``pa.array`` of a zoned type goes through pandas (imported for it, 0.3 s
    # of CPU in a worker that otherwise never needs it).
    nulls = 0 if valid is None else int(len(valid) - valid.sum())
    bitmap = None
    if valid is not None and nulls:
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    data = pa.py_buffer(np.ascontiguousarray(values))
    return pa.Array.from_buffers(_UTC_US, len(values), [bitmap, data], nulls)


class ScanBatch:
    """Files scanned into one growing EVENTS batch."""

    def __init__(self, module: Any, *, native_redaction: bool = True) -> None:
        # ``native_redaction=False`` sends every span that may hold a secret to the Python
        # rules (``_redact``): the reference the compiled rules are tested against.
        secrets = module.Secrets(SECRET_NAMES, NOT_SECRET) if native_redaction else None
        self._builder = module.Builder(redact_member, secret_needles(), secrets)

    @property
    def rows(self) -> int:
        rows: int = self._builder.rows
        return rows

    def scan(self, data: bytes | bytearray, source_file: str) -> int:
        """Rows appended from the decompressed document ``data``, or -1 if refused."""
        try:
            got: int = self._builder.scan(data, source_file.encode("utf-8", "surrogatepass"))
        except TooDeepToRedact:
            return -1  # the pure path quarantines the record, with the reason
        return got

    def take(self) -> pa.Table:
        """The rows scanned so far as an EVENTS table; the batch starts empty again."""
        return _table(*self._builder.take())

    def take_partitions(self) -> list[tuple[PartitionKey, pa.Table]]:
        """The rows scanned so far split by (event_date, account directory), as
        :func:`ueba.io._writer.partitions` splits a table (same keys, same order, rows in
        input order), but gathered by the scanner from its own buffers: a file's records
        are one run of one partition, so rows are copied a run at a time, not one by one,
        and a batch of one partition is handed over without a copy."""
        starts, codes, keys = self._builder.split_keys()
        if not starts:
            self._builder.take()
            return []
        directories = [
            (
                date.fromordinal(_EPOCH_ORDINAL + day).isoformat(),
                account_dir(None if account is None else account.decode("utf-8")),
            )
            for day, account in keys
        ]
        names = sorted(set(directories))
        if len(names) == 1:
            return [(names[0], self.take())]
        group = {name: k for k, name in enumerate(names)}
        of_code = [group[directory] for directory in directories]
        parts = self._builder.take_groups(starts, [of_code[code] for code in codes], len(names))
        return [(name, _table(*part)) for name, part in zip(names, parts, strict=True)]


def text_hashes(module: Any, column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """The scanner's 64-bit hash (``hash_texts``) of each non-null value of a text column,
    in order, as uint64. Equal texts hash equal: the commit's dedupe compares these."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    out = []
    for chunk in chunks:
        if pa.types.is_large_string(chunk.type) or pa.types.is_large_binary(chunk.type):
            width = 8
        elif pa.types.is_string(chunk.type) or pa.types.is_binary(chunk.type):
            width = 4
        else:
            raise TypeError(f"text_hashes: {chunk.type} is not a text column")
        count = len(chunk)
        if not count:
            continue
        validity, offsets, data = chunk.buffers()
        at = np.frombuffer(offsets, f"<i{width}", count + 1, chunk.offset * width)
        values = np.frombuffer(data, np.uint8) if data is not None and data.size else _NO_BYTES
        hashes = np.empty(count, np.uint64)
        module.hash_texts(np.ascontiguousarray(at, np.int64), values, hashes)
        if chunk.null_count:
            bits = np.frombuffer(validity, np.uint8)
            valid = np.unpackbits(bits, count=chunk.offset + count, bitorder="little")
            hashes = hashes[valid[chunk.offset :].astype(bool)]
        out.append(hashes)
    return np.concatenate(out) if out else np.empty(0, np.uint64)


_NO_BYTES = np.zeros(1, np.uint8)[:0]


def _table(
    rows: int, texts: list[Any], flags: bytearray, times: bytearray, source: Any
) -> pa.Table:
    """An EVENTS table over the scanner's buffers (no copy)."""
    names = [*TEXT_COLUMNS, *(column for column, _ in FREE_FORM), "extra"]
    columns = {name: _text(rows, *text) for name, text in zip(names, texts, strict=True)}
    columns["source_file"] = _text(rows, *source)
    table_flags = np.frombuffer(flags, np.uint8).reshape(rows, _FLAGS)
    for k, name in enumerate(_BOOLS):
        columns[name] = _bool(table_flags[:, k])
    stamps = np.frombuffer(times, np.int64).reshape(rows, 2)
    columns["event_time"] = _timestamps(stamps[:, 0], None)
    columns["session_creation_date"] = _timestamps(
        stamps[:, 1], table_flags[:, len(_BOOLS)].astype(bool)
    )
    return pa.Table.from_arrays([columns[name] for name in EVENTS_ARROW.names], schema=EVENTS_ARROW)


__all__ = ["ScanBatch", "ScanUnavailable", "load_scanner", "text_hashes"]
