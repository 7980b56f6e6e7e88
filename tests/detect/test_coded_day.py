"""The coded day (``features.with_codes``): group-bys on the keys' codes give the answers the
string keys give, whatever the values (shared across columns, null, repeated)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.detect._baseline import BaselineView
from ueba.detect.features import CODED_KEYS, add_features, coded, day_entities, decoded, with_codes
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
    }
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
