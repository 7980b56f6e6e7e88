"""Helpers started before the caller's imports, waiting for their job (``ueba.io._spawn``)."""

from __future__ import annotations

import gc
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.io.conftest import MakeRecord
from ueba.io._manifest import read_manifest
from ueba.io._spawn import (
    BLAS_VARIABLE,
    PARALLEL_MIN_BYTES,
    Helpers,
    helper_environment,
    process_count,
    started_helpers,
)
from ueba.io.lake import ingest, scan_lake

ROOT = Path(__file__).resolve().parents[2]


def test_process_count_follows_workers_input_size_and_file_count() -> None:
    big = PARALLEL_MIN_BYTES
    assert process_count(3, 10, 1) == 3  # asked for: even for a small input
    assert process_count(None, 10, big - 1) == 1  # small and not asked for: this process
    assert process_count(None, 10, big) == min(2, os.cpu_count() or 1)
    assert process_count(4, 1, big) == 1  # one file: nothing to share
    assert process_count(1, 10, big) == 1


def test_a_helper_never_sent_a_job_exits_cleanly_when_closed() -> None:
    helpers = Helpers(2)
    processes = list(helpers.processes)
    helpers.close()
    assert [p.exitcode for p in processes] == [0, 0]


def test_started_helpers_of_zero_starts_none() -> None:
    with started_helpers(0) as helpers:
        assert helpers is None


def _write(directory: Path, make_record: MakeRecord, files: int, per_file: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        records = [make_record(n * per_file + k) for k in range(per_file)]
        (directory / f"{n}.json.gz").write_bytes(
            gzip.compress(json.dumps({"Records": records}).encode())
        )


@pytest.mark.slow
def test_ingest_with_prestarted_helpers_stores_every_event_once_then_nothing_again(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    _write(tmp_path / "in", make_record, files=8, per_file=50)
    first = ingest(tmp_path / "in", tmp_path / "lake", workers=2)
    assert (first.events, first.files_read, first.exit_code) == (400, 8, 0)
    ids = scan_lake(tmp_path / "lake").select("event_id").collect().to_series()
    assert ids.len() == ids.n_unique() == 400
    manifest = read_manifest(tmp_path / "lake")
    assert manifest.height == 8 and set(manifest["status"]) == {"ok"}
    # Every file known: the helpers started for the listing get no job and the run is a no-op.
    again = ingest(tmp_path / "in", tmp_path / "lake", workers=2)
    assert (again.events, again.files_read, again.files_unchanged) == (0, 0, 8)


def test_the_ingest_entry_imports_neither_polars_nor_arrow(tmp_path: Path) -> None:
    code = (
        "import sys, ueba.io._entry, ueba.cli.ingest\n"
        "print(sorted(m for m in ('polars', 'pyarrow', 'numpy') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pyarrow's Linux builds")
@pytest.mark.parametrize(("given", "expected"), [(None, "jemalloc"), ("system", "system")])
def test_the_ingest_command_gives_its_process_arrows_jemalloc_pool_unless_told(
    given: str | None, expected: str
) -> None:
    code = (
        "from ueba.cli.ingest import _arrow_pool_for_ingest\n"
        "_arrow_pool_for_ingest()\n"
        "import pyarrow as pa\n"
        "print(pa.default_memory_pool().backend_name)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if given is not None:
        env["ARROW_DEFAULT_MEMORY_POOL"] = given
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.strip() == expected


def test_the_entrys_clock_skew_default_is_the_skew_checks() -> None:
    from ueba.io._entry import DEFAULT_TOLERANCE
    from ueba.io._skew import DEFAULT_TOLERANCE as CHECKED

    assert DEFAULT_TOLERANCE == CHECKED


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_helpers_and_the_ingest_command_start_without_openblas_threads_unless_told(
    monkeypatch: pytest.MonkeyPatch, given: str | None, expected: str
) -> None:
    # numpy's OpenBLAS threads spin at import (about 0.035 CPU s a process) for nothing here.
    if given is None:
        monkeypatch.delenv(BLAS_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(BLAS_VARIABLE, given)
    with helper_environment():
        assert os.environ[BLAS_VARIABLE] == expected
    assert os.environ.get(BLAS_VARIABLE) == given  # restored after the spawn
    code = (
        "from ueba.cli.ingest import _arrow_pool_for_ingest\n"
        "_arrow_pool_for_ingest()\n"
        "import os\n"
        f"print(os.environ[{BLAS_VARIABLE!r}])"
    )
    env = {k: v for k, v in os.environ.items() if k != BLAS_VARIABLE}
    if given is not None:
        env[BLAS_VARIABLE] = given
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.strip() == expected


@pytest.mark.parametrize("enabled", [True, False])
def test_ingest_pauses_the_cyclic_collector_and_leaves_it_as_found(
    tmp_path: Path, make_record: MakeRecord, enabled: bool
) -> None:
    source = tmp_path / "in" / "a.json.gz"
    source.parent.mkdir()
    source.write_bytes(gzip.compress(json.dumps({"Records": [make_record()]}).encode()))
    seen: list[bool] = []
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        report = ingest(
            source.parent, tmp_path / "lake", progress=lambda *_: seen.append(gc.isenabled())
        )
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert report.events == 1
    assert seen and not any(seen)


def test_ingest_restores_the_cyclic_collector_when_it_fails(tmp_path: Path) -> None:
    # A lake path that is a file: the plan fails after the collector was paused.
    source = tmp_path / "in" / "a.json.gz"
    source.parent.mkdir()
    source.write_bytes(gzip.compress(b'{"Records": []}'))
    (tmp_path / "lake").write_text("not a directory")
    was = gc.isenabled()
    gc.enable()
    try:
        with pytest.raises(OSError):
            ingest(source.parent, tmp_path / "lake")
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
