"""atheris harness for the compiled scanner: ``python tests/io/fuzz_scan.py [libFuzzer args] SEEDS``.

Each input is scanned; a crash, a sanitizer report or an exception is a finding, and so is a
table that differs from the pure-Python parser's (the scanner must match it or refuse the
file), or whose split by partition differs from ``partitions`` of that table. Each input is also handed whole to the compiled redaction (``Secrets``), which must not
crash on any bytes and, on valid JSON, must give ``_redact``'s result or defer (None). ``tests/io/test_scan_fuzz.py`` runs it bounded (``-runs=N``) with seeds cut from the
real samples; run it unbounded by hand to fuzz for longer.
"""

from __future__ import annotations

import sys

import atheris
import msgspec

with atheris.instrument_imports():
    from ueba.io._native import ScanBatch, load_scanner
    from ueba.io._redact import NOT_SECRET, SECRET_NAMES
    from ueba.io._table import redact_member
    from ueba.io._writer import partitions
    from ueba.io.cloudtrail import parse_bytes

_MODULE = load_scanner(warn=False)


def _redaction(data: bytes) -> None:
    got = _MODULE.Secrets(SECRET_NAMES, NOT_SECRET).redact(data)
    if got is None:
        return
    try:
        data.decode("utf-8")
        msgspec.json.decode(data)
    except (UnicodeDecodeError, msgspec.DecodeError, RecursionError):
        return  # the scanner never hands such a span over
    if got != redact_member(data):
        raise AssertionError(f"compiled and Python redaction differ for {data[:200]!r}")


def test_one_input(data: bytes) -> None:
    _redaction(data)
    batch = ScanBatch(_MODULE)
    if batch.scan(data, "fuzz.json") < 0:
        if batch.rows:
            raise AssertionError("a refused document left rows behind")
        return
    again = ScanBatch(_MODULE)
    again.scan(data, "fuzz.json")
    table = batch.take()
    pure = parse_bytes(data, "fuzz.json")
    if pure.errors.num_rows or not table.equals(pure.events):
        raise AssertionError(f"compiled and pure tables differ for {data[:200]!r}")
    # the scanner's own split (runs gathered in C) against the split of the table
    split = again.take_partitions()
    expected = partitions(table)
    if [key for key, _ in split] != [key for key, _ in expected] or not all(
        got.equals(want) for (_, got), (_, want) in zip(split, expected, strict=True)
    ):
        raise AssertionError(f"the scanner's split differs for {data[:200]!r}")


def main() -> None:
    if _MODULE is None:
        sys.exit("the compiled scanner is not built: nothing to fuzz")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
