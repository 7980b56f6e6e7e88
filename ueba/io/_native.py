"""The compiled scanner (``ueba/io/_scan.pyx``) behind a small interface, or None without it.

:class:`ScanBatch` appends whole files to one set of growing Arrow buffers and hands them over
as one EVENTS table: no Python object per value, and no per-file cost of building 50 Arrow
columns. A file the scanner cannot reproduce exactly is refused (nothing appended) and the
caller reads it with the pure-Python parser, so both paths give the same tables.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

import numpy as np
import pyarrow as pa

from ueba.io._arrow import EVENTS_ARROW
from ueba.io._redact import NOT_SECRET, SECRET_NAMES, TooDeepToRedact
from ueba.io._table import FREE_FORM, TEXT_COLUMNS, redact_member, secret_needles

_BOOLS = ("read_only", "management_event", "session_credential_from_console", "mfa_authenticated")
_FLAGS = len(_BOOLS) + 1  # the scanner's per-row flags: the bools, then "creation date set"
_UTC_US = pa.timestamp("us", "UTC")


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
        rows, texts, flags, times, source = self._builder.take()
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
        return pa.Table.from_arrays(
            [columns[name] for name in EVENTS_ARROW.names], schema=EVENTS_ARROW
        )


__all__ = ["ScanBatch", "ScanUnavailable", "load_scanner"]
