"""Fixtures for the investigation views: real CloudTrail files through the real parser and lake.

``tests/data/investigate/`` holds three hand-written CloudTrail files (see its README):
seed 002's leaked-key story, an identity chain across two accounts with a recycled key ID, and
a console sign-in followed by a role switch. ``data/samples/`` holds the real attack trails.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ueba.io.cloudtrail import read_cloudtrail
from ueba.io.lake import ingest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "investigate"
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def fixture_events() -> pl.DataFrame:
    """Every hand-written fixture event, as EVENTS (no lake)."""
    return read_cloudtrail([str(p) for p in sorted(FIXTURES.glob("*.json"))], errors="raise")


@pytest.fixture(scope="session")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lake of the fixtures and the real samples (flaws2, OTRF, Stratus)."""
    path = tmp_path_factory.mktemp("investigate") / "lake"
    report = ingest(
        [
            *sorted(FIXTURES.glob("*.json")),
            SAMPLES / "flaws2",
            SAMPLES / "otrf",
            SAMPLES / "stratus",
        ],
        path,
        workers=1,
    )
    assert report.quarantined_files == 0
    return path
