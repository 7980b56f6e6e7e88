"""``ueba.testing.make_events``: a small seeded EVENTS frame that the whole pipeline accepts."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ueba
from ueba.schema import EVENTS
from ueba.testing import make_events


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(0, 300),
    principals=st.integers(1, 6),
    days=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
)
def test_any_arguments_give_exactly_events_sorted_in_the_window(
    n: int, principals: int, days: int, seed: int
) -> None:
    events = make_events(n, principals=principals, days=days, seed=seed, start="2024-07-01")
    assert dict(events.schema) == dict(EVENTS)
    assert events.height == n
    assert events["event_id"].n_unique() == n
    assert events["event_time"].is_sorted()
    if n:
        first, last = events["event_time"].dt.date().min(), events["event_time"].dt.date().max()
        assert first >= dt.date(2024, 7, 1)  # type: ignore[operator]
        assert last < dt.date(2024, 7, 1) + dt.timedelta(days=days)  # type: ignore[operator]
        assert events["access_key_id"].str.len_chars().eq(20).all()


def test_the_same_seed_gives_the_same_frame_and_another_seed_another() -> None:
    assert make_events(100, seed=7).equals(make_events(100, seed=7))
    assert not make_events(100, seed=7).equals(make_events(100, seed=8))


def test_roles_use_hourly_session_keys_and_users_long_term_keys() -> None:
    events = make_events(500, principals=2, days=2, seed=3)
    roles = events.filter(pl.col("identity_type") == "AssumedRole")
    users = events.filter(pl.col("identity_type") == "IAMUser")
    assert roles["access_key_id"].str.starts_with("ASIA").all()
    assert users["access_key_id"].n_unique() == 1
    assert roles["access_key_id"].n_unique() > 24  # a new key each hour over two days


def test_the_shares_of_outside_calls_and_refusals_are_as_asked() -> None:
    events = make_events(4000, outside_share=0.25, error_share=0.1, seed=1)
    outside = events["source_ip_address"].is_in(["198.51.100.7", "203.0.113.9", "192.0.2.44"])
    assert 0.2 < outside.mean() < 0.3  # type: ignore[operator]
    assert 0.07 < events["error_code"].is_not_null().mean() < 0.13  # type: ignore[operator]


def test_the_events_enrich_into_the_principals_and_workloads_they_describe() -> None:
    enriched = ueba.enrich(make_events(200, principals=2, outside_share=0.0, seed=2))
    kinds = dict(enriched.select("principal_type", "credential_kind").unique().iter_rows())
    assert kinds == {"role": "session_key", "iam_user": "long_term_key"}
    assert set(enriched["source_kind"]) == {"aws"}
    roles = enriched.filter(pl.col("principal_type") == "role")
    assert set(roles["workload_kind"]) == {"ec2"}


@pytest.mark.parametrize("bad", [{"n": -1}, {"principals": 0}, {"days": 0}, {"outside_share": 1.5}])
def test_impossible_arguments_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=r"make_events|share"):
        make_events(**bad)  # type: ignore[arg-type]
