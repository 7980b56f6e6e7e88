"""A helper that has read its share of input retires, and a fresh one takes its place.

The bound is one byte here, and no input need be left, so a helper retires after every chunk
it claims (each file is its own chunk: the paths are not CloudTrail's). The calling process's first read waits until the
first helper has read a file and exited, its second until a second helper has read one, so
the run always has a retirement and a replacement that reads. Every event is still stored
once and every file has its one manifest entry.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pytest

from tests.io.conftest import MakeRecord
from ueba.io import _parallel
from ueba.io._manifest import read_manifest
from ueba.io._spawn import Helpers
from ueba.io.lake import ingest, scan_lake
from ueba.io.sources import SourceFile

_DEADLINE_S = 60  # a guard against a helper that never retires: the asserts then fail


def _exited(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # not yet joined
    except FileNotFoundError:
        return True


def _helpers_read(marks: Path) -> set[int]:
    return {int(path.name.split("-")[1]) for path in marks.glob("helper-*")}


@dataclass(frozen=True)
class Marked(SourceFile):
    marks: str = ""

    def _mark(self) -> None:
        marks = Path(self.marks)
        if multiprocessing.parent_process() is not None:  # in a helper: say who read it
            (marks / f"helper-{os.getpid()}-{Path(self.path).name}").touch()
            return
        (marks / f"main-{Path(self.path).name}").touch()
        reads = len(list(marks.glob("main-*")))
        deadline = time.monotonic() + _DEADLINE_S
        while time.monotonic() < deadline:
            helpers = _helpers_read(marks)
            if reads == 1 and any(_exited(pid) for pid in helpers):
                return  # the first helper has retired
            if reads == 2 and len(helpers) >= 2:
                return  # a second helper has read a file
            if reads > 2:
                return
            time.sleep(0.05)

    def read_small(self, limit: int) -> bytes | None:
        self._mark()
        return super().read_small(limit)

    def open(self) -> tuple[BinaryIO, int]:
        self._mark()
        return super().open()


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_helper_retires_after_its_input_and_a_fresh_one_reads_on(
    tmp_path: Path, make_record: MakeRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_parallel, "RETIRE_AFTER_BYTES", 1)
    monkeypatch.setattr(_parallel, "RETIRE_LEFT_BYTES", 0)
    started = []
    replace = Helpers.replace

    def counted(self: Helpers) -> None:
        started.append(1)
        replace(self)

    monkeypatch.setattr(Helpers, "replace", counted)
    marks = tmp_path / "marks"
    marks.mkdir()
    sources = []
    for n in range(6):
        path = tmp_path / "in" / f"{n}.json.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        records = [make_record(n * 10 + k) for k in range(3)]
        path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
        stat = path.stat()
        sources.append(Marked(str(path), stat.st_size, str(stat.st_mtime_ns), marks=str(marks)))
    report = ingest(sources, tmp_path / "lake", workers=2)
    assert started, "no helper was started in place of a retired one"
    assert len(_helpers_read(marks)) >= 2
    assert (report.events, report.exit_code, report.notes) == (18, 0, [])
    ids = scan_lake(tmp_path / "lake").select("event_id").collect().to_series()
    assert ids.len() == ids.n_unique() == 18
    manifest = read_manifest(tmp_path / "lake")
    assert sorted(manifest.get_column("path").to_list()) == sorted(s.path for s in sources)
    assert manifest.get_column("status").to_list() == ["ok"] * 6
    assert manifest.get_column("events").to_list() == [3] * 6
