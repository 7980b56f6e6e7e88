"""Ingest allocates Arrow memory from a pool that returns freed pages, and leaves the caller's."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

import ueba
from ueba.io._parallel import returning_memory

SAMPLES = Path(__file__).parents[2] / "data" / "samples" / "flaws2"


def _has_jemalloc() -> bool:
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    return True


@pytest.mark.skipif(not _has_jemalloc(), reason="this pyarrow has no jemalloc")
def test_a_run_allocates_from_jemalloc_then_restores_the_callers_pool() -> None:
    before = pa.default_memory_pool().backend_name
    with returning_memory():
        assert pa.default_memory_pool().backend_name == "jemalloc"
    assert pa.default_memory_pool().backend_name == before


def test_the_environment_choice_of_pool_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    before = pa.default_memory_pool().backend_name
    with returning_memory():
        assert pa.default_memory_pool().backend_name == before


def test_ingest_leaves_the_callers_arrow_pool_as_found(tmp_path: Path) -> None:
    before = pa.default_memory_pool().backend_name
    report = ueba.ingest([SAMPLES], lake=tmp_path / "lake", workers=1)
    assert report.events > 0
    assert pa.default_memory_pool().backend_name == before
