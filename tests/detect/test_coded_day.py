"""The coded day (``features.with_codes``): group-bys on the keys' codes give the answers the
string keys give, whatever the values (shared across columns, null, repeated)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.detect._baseline import BaselineView
from ueba.detect.features import (
    CODED_KEYS,
    ORDER,
    add_features,
    coded,
    day_entities,
    decoded,
    first_by_time,
    with_codes,
)
from ueba.detect.fleet import _build_day, actor_expr
from ueba.schema import ENRICHED, conform

# values shared between columns on purpose: one string is one code in every column
_SHARED = ["X", "ec2:i-1", "ASIAONE", None]
_ROW = st.fixed_dictionaries(
    {
        "event_id": st.uuids().map(str),
        "second": st.integers(0, 5),
        "recipient_account_id": st.sampled_from(["111111111111", "222222222222"]),
        "principal_arn": st.sampled_from(["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]),
        "principal_type": st.sampled_from(["role", "role", "iam_user"]),
        "access_key_id": st.sampled_from(_SHARED),
        "session_name": st.sampled_from(_SHARED),
        "workload_kind": st.sampled_from(["ec2", "ecs", "saml_user", "lambda", None]),
        "workload_id": st.sampled_from(["i-1", "i-2", None]),
        "event_source": st.sampled_from(["s3.amazonaws.com", "iam.amazonaws.com"]),
        "event_name": st.sampled_from(["GetObject", "ListUsers"]),
        "network_key": st.sampled_from(["34.224.0.0/12", "X", None]),
        "source_kind": st.sampled_from(["aws", "public"]),
        "ua_family": st.sampled_from(["boto3", "aws-cli", None]),
        "aws_region": st.sampled_from(["us-east-1", "eu-west-1"]),
    }
)
_T0 = datetime(2026, 12, 5, tzinfo=UTC)


def _day(rows: list[dict[str, object]]) -> pl.DataFrame:
    data = [
        {
            **{k: v for k, v in r.items() if k != "second"},
            "event_time": _T0 + timedelta(seconds=cast(int, r["second"])),
        }
        for r in rows
    ]
    frame = pl.DataFrame(
        data, schema_overrides={k: pl.String for k in data[0] if k != "event_time"}
    )
    return add_features(conform(frame.lazy(), ENRICHED).collect(engine="in-memory"))


def _sorted(frame: pl.LazyFrame) -> pl.DataFrame:
    out = frame.collect(engine="in-memory")
    return out.sort(out.columns, nulls_last=True)


@settings(max_examples=40, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=30))
def test_grouping_on_codes_gives_the_string_keys_answers(rows: list[dict[str, object]]) -> None:
    plain = _day(rows)
    codes = with_codes(plain)
    assert {c for c in codes.columns if c not in plain.columns} == {
        f"_code_{c}" for c in CODED_KEYS
    } | {ORDER}
    keys = ["principal", "access_key_id", "network_key"]
    on_codes = decoded(codes.lazy().group_by(*coded(codes, *keys)).agg(pl.len()), *keys)
    on_strings = plain.lazy().group_by(keys).agg(pl.len())
    assert _sorted(on_codes).equals(_sorted(on_strings))
    assert _sorted(day_entities(codes.lazy())).equals(_sorted(day_entities(plain.lazy())))
    # the fleet's tables: the actor made from codes is the actor made from strings
    # within a scoring (engine set) the tables are collected; a lazy table rooted at a cache
    # node is not collectable alone in polars 2.1
    view = BaselineView.of(None).for_entities(pl.LazyFrame({"entity": ["x"]}), engine="in-memory")
    for a, b in zip(
        _build_day(codes.lazy(), view, 2, 0.5).__dict__.values(),
        _build_day(plain.lazy(), view, 2, 0.5).__dict__.values(),
        strict=True,
    ):
        assert _sorted(a).equals(_sorted(b))
    # the day's tables stay on codes (the actor too) until the readers' frames are cast back
    long = _build_day(codes.lazy(), view, 2, 0.5).long.collect(engine="in-memory")
    assert long.schema["actor"] == pl.Categorical
    long = long.with_columns(pl.col("actor").cast(pl.String))
    actors = plain.filter((pl.col("principal_type") == "role") & ~pl.col("is_service_call")).select(
        actor_expr().alias("actor")
    )
    assert set(long["actor"]) <= set(actors["actor"].drop_nulls())


def test_without_codes_the_keys_are_the_string_columns() -> None:
    frame = pl.LazyFrame({"principal": ["a", "a", None]})
    out = decoded(frame.group_by(*coded(frame, "principal")).agg(pl.len()), "principal")
    assert _sorted(out).rows() == [("a", 2), (None, 1)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", None]),
            st.one_of(st.none(), st.integers(0, 3)),
            st.sampled_from(["e1", "e2", "e3", "e10", None]),
            st.integers(0, 99),
        ),
        min_size=1,
        max_size=25,
    ),
    st.randoms(use_true_random=False),
)
def test_the_days_order_picks_the_row_a_sort_of_each_group_picks(
    rows: list[tuple[str | None, int | None, str | None, int]], rng: Any
) -> None:
    """``first_by_time`` on a coded day (the day's rank of (time, id)) gives each group's
    earliest and latest event's value as a sort of the group does, whatever order the rows
    come in: ties in time broken by the id, null times and ids first as ``sort_by`` puts them.
    (Distinct (time, id) pairs: the event id names one event.)"""
    seen: set[tuple[int | None, str | None]] = set()
    rows = [r for r in rows if (r[1], r[2]) not in seen and not seen.add((r[1], r[2]))]
    rng.shuffle(rows)
    plain = pl.DataFrame(
        [(p, None if s is None else _T0 + timedelta(seconds=s), e, v) for p, s, e, v in rows],
        schema={
            "principal": pl.String,
            "event_time": pl.Datetime("us", "UTC"),
            "event_id": pl.String,
            "value": pl.Int64,
        },
        orient="row",
    )
    codes = with_codes(plain)
    assert ORDER in codes.columns and ORDER not in plain.columns
    for last in (False, True):
        on_rank = (
            codes.lazy().group_by("principal").agg(first_by_time(codes, pl.col("value"), last=last))
        )
        ordered = pl.col("value").sort_by("event_time", "event_id")
        by_sort = (
            plain.lazy().group_by("principal").agg(ordered.last() if last else ordered.first())
        )
        assert _sorted(on_rank).equals(_sorted(by_sort))
        # without the rank (a day the Scorer did not code) the same expression sorts
        fallback = (
            plain.lazy().group_by("principal").agg(first_by_time(plain, pl.col("value"), last=last))
        )
        assert _sorted(fallback).equals(_sorted(by_sort))
