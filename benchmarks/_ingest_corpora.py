"""The corpora ``bench_ingest.py`` reads: the seeded S3-layout corpus of a size, the five-minute
delivery files, an existing directory counted once, a linked subset of one, and a gzip bomb.
Each is made once under the benchmark's work directory and reused (a marker file, or a
temporary name renamed when complete)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _made_once(path: Path, make: Callable[[Path], Any]) -> dict[str, Any]:
    """The corpus under ``path``: read from its marker when made before, else ``make(data)``
    (a ``write_s3_layout_corpus`` result) and its counts written to the marker."""
    marker = path / "corpus.json"
    if marker.exists():
        info: dict[str, Any] = json.loads(marker.read_text())
        return info
    shutil.rmtree(path, ignore_errors=True)
    made = make(path / "data")
    info = {
        "path": str(path / "data"),
        "files": made.files,
        "events": made.events,
        "uncompressed_bytes": made.uncompressed_bytes,
        "gzipped_bytes": made.gzipped_bytes,
    }
    marker.write_text(json.dumps(info))
    return info


def corpus_of(root: Path, gigabytes: float, seed: int) -> dict[str, Any]:
    from benchmarks.corpus import write_s3_layout_corpus

    target = int(gigabytes * 1e9)
    return _made_once(
        root / f"corpus-{gigabytes:g}gb-seed{seed}",
        lambda data: write_s3_layout_corpus(data, target_bytes=target, seed=seed),
    )


def small_corpus(root: Path, seed: int) -> dict[str, Any]:
    """Five-minute delivery files from the project's generator: about 9 events per file.

    ``write_s3_layout_corpus`` sizes files by ``EVENTS_PER_FILE``; set here for this corpus
    only (and restored): 3 accounts x 3 regions x 30 days, as CloudTrail delivers them."""
    from benchmarks import corpus

    def make(data: Path) -> Any:
        saved = corpus.EVENTS_PER_FILE
        corpus.EVENTS_PER_FILE = (1, 17)
        try:
            return corpus.write_s3_layout_corpus(
                data, target_bytes=630_000_000, seed=seed, days=30, accounts=3, workers=2
            )
        finally:
            corpus.EVENTS_PER_FILE = saved

    return _made_once(root / f"corpus-5min-seed{seed}", make)


def dir_corpus(directory: Path) -> dict[str, Any]:
    """An existing corpus directory: its files, events and uncompressed bytes, counted once."""
    from isal import igzip

    files = sorted(directory.rglob("*.json.gz"))
    events = raw = 0
    for path in files:
        data = igzip.decompress(path.read_bytes())
        raw += len(data)
        events += len(json.loads(data)["Records"])
    packed = sum(path.stat().st_size for path in files)
    return {
        "path": str(directory),
        "files": len(files),
        "events": events,
        "uncompressed_bytes": raw,
        "gzipped_bytes": packed,
    }


def subset(root: Path, directory: Path, count: int, every: int = 1) -> Path:
    """The first ``count`` files of ``directory`` (sorted), or every ``every``-th file (all
    of its days and accounts), linked under ``root``."""
    target = root / f"subset-{directory.parent.name}-{count}-{every}"
    if not target.is_dir():
        temp = target.with_name(target.name + ".tmp")
        shutil.rmtree(temp, ignore_errors=True)
        for path in sorted(directory.rglob("*.json.gz"))[::every][:count]:
            link = temp / path.relative_to(directory)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
        temp.rename(target)
    return target


def gzip_bomb(root: Path, ordinary: Path) -> Path:
    """A 4 GiB gzip bomb (spaces inside ``{"Records": [``) next to one ordinary file."""
    import zlib

    target = root / "bomb"
    if not (target / "bomb.json.gz").exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(ordinary, target / ordinary.name)
        temp = target / "bomb.json.gz.tmp"
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
        spaces = b" " * (1 << 20)
        with temp.open("wb") as sink:
            sink.write(packer.compress(b'{"Records": ['))
            for _ in range(4096):
                sink.write(packer.compress(spaces))
            sink.write(packer.compress(b"]}") + packer.flush())
        temp.rename(target / "bomb.json.gz")
    return target


__all__ = ["corpus_of", "dir_corpus", "gzip_bomb", "small_corpus", "subset"]
