"""A helper process that dies holding a file it claimed: the main process reads that file again.

The helper here dies inside ``open`` of the first file it claims; the main process waits
(in its own first read) until that has happened, so the run always has a file to read again.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.io.conftest import MakeRecord
from ueba.io._manifest import read_manifest
from ueba.io.lake import ingest, scan_lake
from ueba.io.sources import SourceFile


@dataclass(frozen=True)
class DiesInHelper(SourceFile):
    marker: str = ""

    def _die_in_helper(self) -> None:
        if multiprocessing.parent_process() is not None:  # in a helper process
            Path(self.marker).touch()
            os._exit(3)  # killed while holding a claimed file: nothing reported, nothing staged
        deadline = time.monotonic() + 120  # a guard against a helper that never starts
        while not Path(self.marker).exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    # Both ways a file is read: whole in one call (small local files), or opened.
    def read_small(self, limit: int) -> bytes | None:
        self._die_in_helper()
        return super().read_small(limit)

    def open(self) -> tuple[BinaryIO, int]:
        self._die_in_helper()
        return super().open()


@pytest.mark.slow
def test_files_of_a_helper_that_died_are_read_again(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    marker = tmp_path / "helper-died"
    sources = []
    for n in range(6):
        path = tmp_path / "in" / f"{n}.json.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        records = [make_record(n * 10 + k) for k in range(3)]
        path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
        stat = path.stat()
        sources.append(
            DiesInHelper(str(path), stat.st_size, str(stat.st_mtime_ns), marker=str(marker))
        )
    report = ingest(sources, tmp_path / "lake", workers=2)
    assert marker.exists()
    assert (report.events, report.exit_code) == (18, 0)
    assert any("read again by the main process" in note for note in report.notes)
    ids = scan_lake(tmp_path / "lake").select("event_id").collect().to_series()
    assert ids.len() == ids.n_unique() == 18
    manifest = read_manifest(tmp_path / "lake")
    assert sorted(manifest.get_column("path").to_list()) == sorted(s.path for s in sources)
    assert manifest.get_column("status").to_list() == ["ok"] * 6
    assert manifest.get_column("events").to_list() == [3] * 6
