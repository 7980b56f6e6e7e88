"""The manifest's content hash: BLAKE3, versioned by its prefix; lakes hashed with BLAKE2b before
keep recognising copies of the files they hold."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from blake3 import blake3

from ueba.io._load import HASH_PREFIX, legacy_hashes, load_source
from ueba.io._manifest import read_manifest
from ueba.io.lake import ingest, scan_lake
from ueba.io.sources import list_sources

MakeRecord = Callable[..., dict[str, Any]]


def _write(path: Path, records: list[dict[str, Any]], *, compress: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"Records": records}).encode()
    path.write_bytes(gzip.compress(text) if compress else text)
    return path


def _to_blake2b(lake: Path) -> None:
    """Rewrite the lake's manifests as a lake ingested before BLAKE3 had them: BLAKE2b-128
    of each file's stored bytes, no prefix."""
    for name in (lake / "_manifest").glob("*.parquet"):
        table = pq.read_table(name)
        old = [
            None if digest is None else hashlib.blake2b(Path(path).read_bytes(), digest_size=16)
            for path, digest in zip(
                table.column("path").to_pylist(),
                table.column("content_hash").to_pylist(),
                strict=True,
            )
        ]
        values = pa.array([None if d is None else d.hexdigest() for d in old], pa.string())
        index = table.schema.get_field_index("content_hash")
        pq.write_table(table.set_column(index, "content_hash", values), name)


@pytest.mark.parametrize("compress", [True, False])
def test_the_hash_is_blake3_of_the_stored_bytes_with_its_prefix(
    tmp_path: Path, make_record: MakeRecord, compress: bool
) -> None:
    path = _write(tmp_path / "in" / "a.json.gz", [make_record(1)], compress=compress)
    ingest([path], tmp_path / "lake")
    (digest,) = read_manifest(tmp_path / "lake").get_column("content_hash").to_list()
    assert digest == "blake3:" + blake3(path.read_bytes()).hexdigest(16)
    assert len(digest) == len(HASH_PREFIX) + 32
    (source,) = list_sources([path])
    loaded = load_source(source, 1 << 20)
    assert (loaded.content_hash, loaded.legacy_hash) == (digest, None)
    both = load_source(source, 1 << 20, legacy_hash=True)
    assert both.content_hash == digest
    assert both.legacy_hash == hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def test_legacy_hashes_are_the_values_without_the_prefix() -> None:
    assert not legacy_hashes([])
    assert not legacy_hashes(["blake3:" + "0" * 32])
    assert legacy_hashes(["blake3:" + "0" * 32, "f" * 32])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_lake_hashed_with_blake2b_still_knows_its_files_under_another_name(
    tmp_path: Path, make_record: MakeRecord, workers: int
) -> None:
    lake = tmp_path / "lake"
    first = _write(tmp_path / "in" / "a.json.gz", [make_record(1), make_record(2)])
    ingest([first], lake)
    _to_blake2b(lake)
    assert not read_manifest(lake).get_column("content_hash")[0].startswith(HASH_PREFIX)
    copy = tmp_path / "in2" / "copy.json.gz"
    copy.parent.mkdir()
    copy.write_bytes(first.read_bytes())
    other = _write(tmp_path / "in2" / "b.json.gz", [make_record(3)])
    report = ingest([copy, other], lake, workers=workers)
    assert report.events == 1
    manifest = read_manifest(lake).filter(pl.col("path").is_in([str(copy), str(other)]))
    rows = {row["path"]: row for row in manifest.iter_rows(named=True)}
    assert rows[str(copy)]["status"] == "duplicate_file"
    assert rows[str(other)]["status"] == "ok"
    # rows written from now on carry the new hash, so the next run knows them by it
    assert all(row["content_hash"].startswith(HASH_PREFIX) for row in rows.values())
    assert scan_lake(lake).collect().height == 3
    again = tmp_path / "in3" / "b-again.json.gz"
    again.parent.mkdir()
    again.write_bytes(other.read_bytes())
    assert ingest([again], lake).events == 0
    last = read_manifest(lake).filter(pl.col("path") == str(again))
    assert last.get_column("status").to_list() == ["duplicate_file"]
