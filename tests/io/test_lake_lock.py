"""One ingest per lake: an OS lock held for the run, never a PID read from a file."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ueba.exceptions import InputError
from ueba.io._manifest import lock
from ueba.io.lake import ingest

MakeRecord = Callable[..., dict[str, Any]]

# Holds the lake's lock the way another ingest would, from another process, until stdin closes.
_HOLDER = """
import sys
from pathlib import Path
from ueba.io._manifest import lock
with lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


def _source(tmp_path: Path, make_record: MakeRecord) -> Path:
    path = tmp_path / "src" / "a.json.gz"
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.compress(json.dumps({"Records": [make_record(1)]}).encode()))
    return path.parent


def test_a_second_ingest_is_refused_while_another_process_holds_the_lock(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    lake = tmp_path / "lake"
    staged = lake / "_staging" / "other-run"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(lake)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        staged.mkdir(parents=True)
        # whatever the _lock file says (here: nothing, as if the PID were not yet written)
        (lake / "_lock").write_text("")
        with pytest.raises(InputError, match="another ingest"):
            ingest([_source(tmp_path, make_record)], lake)
        assert staged.is_dir(), "the running ingest's staging must not be touched"
    finally:
        holder.communicate("")
    assert ingest([tmp_path / "src"], lake).events == 1


def test_an_empty_lock_file_left_behind_does_not_block_and_is_not_trusted(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    lake = tmp_path / "lake"
    lake.mkdir()
    (lake / "_lock").write_text("")
    assert ingest([_source(tmp_path, make_record)], lake).events == 1


def test_a_lock_file_naming_a_live_process_that_holds_no_lock_is_taken(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    lake = tmp_path / "lake"
    lake.mkdir()
    (lake / "_lock").write_text(str(os.getppid()))  # alive, but not holding the OS lock
    assert ingest([_source(tmp_path, make_record)], lake).events == 1


def test_the_lock_is_reentrant_only_across_runs_not_within_one(tmp_path: Path) -> None:
    with lock(tmp_path), pytest.raises(InputError, match="another ingest"), lock(tmp_path):
        pass
    with lock(tmp_path):  # released on exit
        pass
