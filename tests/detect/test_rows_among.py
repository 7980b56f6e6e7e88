"""``rows_among`` chooses the same rows as the semi join it replaces within a scoring.

Rules choose a few rows of the day by key (the new keys' calls, the issuing calls of judged
keys, the launches' regions) with ``rows_among``: within a scoring (a view with ``engine`` set)
the keys are collected and the rows chosen by ``is_in``, or none at all when there is no key;
a rule run alone keeps the semi join. Both must keep the same rows in the same order, nulls
never matching, whatever the keys.
"""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import rows_among

VALUES = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "AKIA1", "ASIA2"]))


def _frame(rows: list[tuple[str | None, str | None]]) -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "k1": [r[0] for r in rows],
            "k2": [r[1] for r in rows],
            "n": list(range(len(rows))),
        },
        schema={"k1": pl.String, "k2": pl.String, "n": pl.Int64},
    )


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(VALUES, VALUES), max_size=30),
    keys=st.lists(st.tuples(VALUES, VALUES), max_size=6),
    both=st.booleans(),
)
def test_rows_among_is_the_semi_join(
    rows: list[tuple[str | None, str | None]],
    keys: list[tuple[str | None, str | None]],
    both: bool,
) -> None:
    on = ["k1", "k2"] if both else ["k1"]
    frame, chosen = _frame(rows), _frame(keys).select(on)
    alone = rows_among(frame, chosen, on, BaselineView()).collect(engine="in-memory")
    scoring = BaselineView().for_entities(pl.LazyFrame({"entity": ["x"]}), engine="in-memory")
    within = rows_among(frame, chosen, on, scoring).collect(engine="in-memory")
    assert within.schema == alone.schema
    assert within.sort("n").equals(alone.sort("n"))
    assert within["n"].to_list() == sorted(within["n"].to_list())  # the frame's own order


def test_no_key_keeps_no_row_and_the_schema() -> None:
    frame = _frame([("a", "b"), (None, "c")])
    scoring = BaselineView().for_entities(pl.LazyFrame({"entity": ["x"]}), engine="in-memory")
    none = _frame([]).select("k1")
    got = rows_among(frame, none, ["k1"], scoring).collect(engine="in-memory")
    assert got.height == 0
    assert got.schema == frame.collect_schema()
    only_null = pl.LazyFrame({"k1": [None]}, schema={"k1": pl.String})
    assert rows_among(frame, only_null, ["k1"], scoring).collect().height == 0
