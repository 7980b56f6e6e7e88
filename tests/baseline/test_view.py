"""BaselineView.for_entities: the profile cut to one day's entities answers every asked entity
exactly as the whole profile does."""

from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from ueba.baseline._view import BaselineView

T0 = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def _profile() -> pl.DataFrame:
    rows = [
        # scope, entity, dimension, value, count, last_seen (days after T0)
        ("principal", "arn:role/app", "api", "s3:GetObject", 5, 6),
        ("principal", "arn:role/app", "api", "s3:PutObject", 1, 1),
        ("principal", "arn:role/other", "api", "kms:Decrypt", 2, 6),
        ("credential", "ASIAOLD", "network_key", "AS1", 3, 6),
        ("credential", "ASIATODAY", "network_key", "AS2", 4, 6),
        ("workload", "ec2:i-1", "network_key", "AS2", 9, 6),
        ("account", "111", "region", "us-east-1", 7, 6),
        ("account", "222", "region", "eu-west-1", 7, 6),
    ]
    return pl.DataFrame(
        {
            "scope": [r[0] for r in rows],
            "entity": [r[1] for r in rows],
            "account_id": ["111"] * len(rows),
            "dimension": [r[2] for r in rows],
            "value": [r[3] for r in rows],
            "count": [r[4] for r in rows],
            "days_seen": [1] * len(rows),
            "first_seen": [T0] * len(rows),
            "last_seen": [T0 + dt.timedelta(days=r[5]) for r in rows],
        }
    )


def _view() -> BaselineView:
    return BaselineView.from_frames(profile=_profile(), window_days=3)


def _today() -> pl.LazyFrame:
    return pl.LazyFrame({"entity": ["arn:role/app", "ASIATODAY", "ec2:i-1", "111", None]})


def _sorted(lf: pl.LazyFrame) -> pl.DataFrame:
    return lf.collect(engine="in-memory").sort("entity", "value")


def test_for_entities_keeps_only_the_days_entities_rows() -> None:
    cut = _view().for_entities(_today(), engine="in-memory")
    kept = cut.profile.collect(engine="in-memory")
    assert sorted(kept["entity"].unique()) == ["111", "ASIATODAY", "arn:role/app", "ec2:i-1"]


def test_known_answers_each_days_entity_as_the_whole_profile_does() -> None:
    whole, cut = _view(), _view().for_entities(_today(), engine="in-memory")
    names = pl.LazyFrame({"entity": ["arn:role/app", "ASIATODAY", "ec2:i-1", "111"]})
    for scope, dim in [
        ("principal", "api"),
        ("credential", "network_key"),
        ("workload", "network_key"),
        ("account", "region"),
    ]:
        for days in (None, 30):
            expected = whole.known(scope, dim, window_days=days).join(names, on="entity")
            got = cut.known(scope, dim, window_days=days)
            assert_frame_equal(_sorted(got), _sorted(expected))


def test_for_entities_keeps_the_window_of_the_baseline() -> None:
    # s3:PutObject was last seen 5 days before the end: outside a 3-day window in both views
    cut = _view().for_entities(_today(), engine="in-memory")
    values = cut.known("principal", "api").collect(engine="in-memory")["value"].to_list()
    assert values == ["s3:GetObject"]


def test_for_entities_gives_a_fresh_memo() -> None:
    view = _view()
    view.memo["x"] = 1
    assert view.for_entities(_today(), engine="in-memory").memo == {}


def test_for_entities_of_an_empty_view_stays_empty() -> None:
    cut = BaselineView.of(None).for_entities(_today(), engine="in-memory")
    assert not cut.present
    assert cut.known("principal", "api").collect(engine="in-memory").height == 0


def test_known_collected_within_a_scoring_answers_as_the_lazy_plan() -> None:
    lazy, scoring = _view(), _view().for_entities(_today(), engine="in-memory")
    assert scoring.engine == "in-memory" and lazy.engine is None
    for _ in range(2):  # the second ask reads the memo
        got = scoring.known("credential", "network_key")
        expected = lazy.known("credential", "network_key").filter(pl.col("entity") != "ASIAOLD")
        assert_frame_equal(_sorted(got), _sorted(expected))
    assert len([k for k in scoring.memo if k[0] == "known"]) == 1


def test_materialize_collects_only_within_a_scoring() -> None:
    plan = _today().filter(pl.col("entity").is_not_null())
    assert _view().materialize(plan) is plan
    scoring = _view().for_entities(_today(), engine="in-memory")
    assert_frame_equal(scoring.materialize(plan).collect(), plan.collect())
