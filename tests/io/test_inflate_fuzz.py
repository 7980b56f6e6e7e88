"""A bounded atheris run over the one-call inflate (libdeflate against isal), seeded from the
real gzip samples and small members with every optional header field."""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import pytest

from tests.io._fuzz_run import run_bounded

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
HARNESS = Path(__file__).with_name("fuzz_inflate.py")
RUNS = 3000


def _seeds(out: Path) -> int:
    count = 0
    for path in sorted(SAMPLES.rglob("*.gz")):
        data = path.read_bytes()
        if len(data) <= 4096:
            (out / path.name).write_bytes(data)
            count += 1
    text = b'{"Records": [{"eventName": "GetObject", "awsRegion": "us-east-1"}]}'
    (out / "two.gz").write_bytes(gzip.compress(text) + gzip.compress(text))
    (out / "garbage.gz").write_bytes(gzip.compress(text) + b"\n")
    (out / "empty.gz").write_bytes(gzip.compress(b""))
    header = b"\x1f\x8b\x08\x1e\x00\x00\x00\x00\x00\xff" + struct.pack("<H", 3) + b"abc"
    header += b"name\x00comment\x00"
    header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
    body = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = body.compress(text) + body.flush()
    (out / "fields.gz").write_bytes(
        header + deflated + struct.pack("<II", zlib.crc32(text), len(text))
    )
    return count + 4


def test_a_bounded_fuzz_run_finds_no_crash_and_no_difference(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installable on this platform")
    pytest.importorskip("ueba.io._inflate", reason="the libdeflate extension is not built")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert _seeds(corpus) > 4
    run_bounded(HARNESS, corpus, tmp_path, RUNS)
