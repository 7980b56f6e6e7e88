"""The scanner's builder reuses its buffers across batches: what it hands over is a copy of
exactly the batch's bytes, and a batch handed over is never written by a later one.

Staged pieces live across many batches (a partition's rows wait until a row group is full),
so a piece that held its builder buffer's doubled capacity held up to 1.4x its bytes outside
the staging budget (twenty-eighth session, ``benchmarks/results/ingest.md``).
"""

from __future__ import annotations

import copy
import json
import sys

import pytest

from ueba.io._native import ScanBatch, load_scanner
from ueba.io._redact import NEEDLES
from ueba.io.cloudtrail import parse_bytes

from .conftest import BASE_RECORD

scan_module = load_scanner(warn=False)
compiled = pytest.mark.skipif(scan_module is None, reason="the compiled scanner is not built")


def _document(count: int, tag: str, pad: int) -> bytes:
    records = []
    for n in range(count):
        record = copy.deepcopy(BASE_RECORD)
        record["eventID"] = f"{tag}-{n:08d}"
        record["userAgent"] = f"{tag}/" + "u" * (pad + n % 7)
        record["requestParameters"] = {"bucketName": f"{tag}-{n}", "note": "x" * (pad + n % 5)}
        if n % 3 == 0:
            record["errorCode"] = f"{tag}Denied"
        records.append(record)
    return json.dumps({"Records": records}).encode()


def _pure(document: bytes, name: str) -> dict[str, list[object]]:
    return parse_bytes(document, name).events.to_pydict()


@compiled
def test_a_batch_handed_over_is_not_touched_by_the_batches_after_it() -> None:
    batch = ScanBatch(scan_module)
    documents = [
        ("a.json", _document(700, "alpha", 40)),
        ("b.json", _document(2_500, "beta", 300)),  # larger: the buffers grow
        ("c.json", _document(30, "gamma", 5)),  # smaller: the same buffers, rows overwritten
        ("d.json", _document(900, "delta", 60)),
    ]
    tables = []
    for name, document in documents:
        assert batch.scan(document, name) > 0
        tables.append(batch.take())
    for (name, document), table in zip(documents, tables, strict=True):
        assert table.to_pydict() == _pure(document, name), name


@compiled
def test_a_batch_handed_over_holds_its_bytes_and_no_spare_capacity() -> None:
    # 600 rows of 36-byte IDs fill more than half of the builder's first buffers (1,024 rows,
    # 4 KiB of text), where shrinking a bytearray keeps its allocation.
    builder = scan_module.Builder(lambda member: member, NEEDLES, None)
    empty = sys.getsizeof(bytearray())
    for count in (600, 2_000, 600):
        assert builder.scan(_document(count, "id", 8), b"f.json") == count
        rows, texts, flags, times, source = builder.take()
        assert rows == count and builder.rows == 0
        buffers = [flags, times, *source[:3], *(buffer for text in texts for buffer in text[:3])]
        spare = [sys.getsizeof(buffer) - empty - len(buffer) for buffer in buffers]
        assert max(spare) <= 1, f"{max(spare)} bytes allocated beyond a batch's buffer"
