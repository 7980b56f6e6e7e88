"""The Arrow schemas the parser writes are exactly what polars makes of ueba.schema."""

from __future__ import annotations

import polars as pl

from ueba.io._arrow import ERRORS_ARROW, EVENTS_ARROW
from ueba.schema import ERRORS, EVENTS


def test_events_arrow_schema_is_the_events_contract() -> None:
    derived = (
        pl.DataFrame(schema=dict(EVENTS)).to_arrow(compat_level=pl.CompatLevel.oldest()).schema
    )
    assert EVENTS_ARROW.equals(derived)


def test_errors_arrow_schema_is_the_errors_contract() -> None:
    derived = (
        pl.DataFrame(schema=dict(ERRORS)).to_arrow(compat_level=pl.CompatLevel.oldest()).schema
    )
    assert ERRORS_ARROW.equals(derived)
