"""DataFrame in, DataFrame out; LazyFrame in, LazyFrame out: every stage function, one test.

``ueba._frame`` holds the rule; this test walks the public stage functions that take a frame and
checks both kinds give the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import ueba
from ueba._frame import as_lazy, same_kind
from ueba.baseline.summaries import summarize_volume
from ueba.detect.features import add_features
from ueba.enrichment import enrich_identity, enrich_network, enrich_user_agent
from ueba.enrichment.geo import AsnTable
from ueba.investigate.sessions import summarize_session
from ueba.testing import make_events


@pytest.fixture(scope="module")
def events() -> pl.DataFrame:
    return make_events(300, principals=3, days=2, outside_share=0.2, error_share=0.1, seed=5)


@pytest.fixture(scope="module")
def enriched(events: pl.DataFrame) -> pl.DataFrame:
    return ueba.enrich(events, asn_table=AsnTable.bundled())


def _network(frame: Any) -> Any:
    return enrich_network(frame, asn_table=AsnTable.bundled())


def _scored(frame: Any) -> Any:
    return ueba.Scorer(None).score(frame)


ON_EVENTS: list[Callable[[Any], Any]] = [
    _network,
    enrich_user_agent,
    enrich_identity,
    lambda frame: ueba.enrich(frame, asn_table=AsnTable.bundled()),
]
ON_ENRICHED: list[Callable[[Any], Any]] = [
    add_features,
    summarize_volume,
    summarize_session,
    _scored,
]


def _check(stage: Callable[[Any], Any], frame: pl.DataFrame) -> None:
    eager = stage(frame)
    lazy = stage(frame.lazy())
    assert isinstance(eager, pl.DataFrame), stage
    assert isinstance(lazy, pl.LazyFrame), stage
    # rows in any order: sorting on the first column alone left ties in engine order (flaky)
    assert_frame_equal(eager, lazy.collect(), check_row_order=False)


@pytest.mark.parametrize("stage", ON_EVENTS, ids=lambda f: getattr(f, "__name__", "enrich"))
def test_event_stages_return_the_kind_they_are_given(
    stage: Callable[[Any], Any], events: pl.DataFrame
) -> None:
    _check(stage, events)


@pytest.mark.parametrize("stage", ON_ENRICHED, ids=lambda f: f.__name__)
def test_enriched_stages_return_the_kind_they_are_given(
    stage: Callable[[Any], Any], enriched: pl.DataFrame
) -> None:
    _check(stage, enriched)


def test_the_helpers_keep_the_kind_and_refuse_anything_else() -> None:
    frame = pl.DataFrame({"a": [1]})
    assert isinstance(same_kind(frame, as_lazy(frame)), pl.DataFrame)
    assert isinstance(same_kind(frame.lazy(), as_lazy(frame)), pl.LazyFrame)
    with pytest.raises(TypeError, match="got dict"):
        as_lazy({"a": [1]})  # type: ignore[arg-type]
