"""A bounded atheris run over the compiled scanner, seeded from the real samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.io._fuzz_run import run_bounded
from ueba.io._decode import gunzip
from ueba.io._native import load_scanner

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
HARNESS = Path(__file__).with_name("fuzz_scan.py")
RUNS = 3000


def _seeds(out: Path) -> int:
    """Small documents cut from every sample (2 records each, in the three shapes)."""
    count = 0
    for path in sorted(p for p in SAMPLES.rglob("*") if p.is_file()):
        data = path.read_bytes()
        document = gunzip(data, 1 << 30)[0] if data[:2] == b"\x1f\x8b" else data
        try:
            value = json.loads(document)
        except ValueError:
            continue
        records = value.get("Records") if isinstance(value, dict) else value
        if not isinstance(records, list) or not records:
            continue
        few = records[:2]
        for shape, text in (
            ("s3", json.dumps({"Records": few})),
            ("array", json.dumps(few, ensure_ascii=False)),
            ("ndjson", "\n".join(json.dumps(r) for r in few)),
        ):
            (out / f"{path.stem}-{shape}.json").write_text(text, encoding="utf-8")
            count += 1
    return count


def test_a_bounded_fuzz_run_finds_no_crash_and_no_difference(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installable on this platform")
    if load_scanner(warn=False) is None:
        pytest.skip("the compiled scanner is not built")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert _seeds(corpus) > 0
    run_bounded(HARNESS, corpus, tmp_path, RUNS)
