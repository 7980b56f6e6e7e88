"""ApiSetRarity (the estimator) and ApiRarityModel (its CloudTrail face): rarity of a day's API set."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest

pytest.importorskip("sklearn")
pytest.importorskip("skops")

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.utils.estimator_checks import parametrize_with_checks

from ueba.detect._api_rarity import ApiRarityModel
from ueba.detect._rarity import ApiSetRarity
from ueba.detect.rules import HITS
from ueba.detect.scorer import Scorer
from ueba.exceptions import ModelError


# Every generic check passes. ApiSetRarity is deliberately not tagged an outlier detector: it
# has no predict/decision_function (no contamination to cut at; the product thresholds the
# rarity itself), so the outlier checks do not apply. check_array_api_input skips itself
# unless SCIPY_ARRAY_API is set. Nothing is expected to fail.
@parametrize_with_checks([ApiSetRarity()], expected_failed_checks=lambda est: {})
def test_api_set_rarity_passes_scikit_learn_estimator_checks(estimator: Any, check: Any) -> None:
    check(estimator)


def _fleet() -> tuple[np.ndarray, list[str]]:
    """6 principals x 5 days over 8 APIs: 0-3 are called by everyone daily, each principal also
    calls its own API (4 + p % 2); 6 and 7 are almost never called (recon-like)."""
    rows, groups = [], []
    for p in range(6):
        for d in range(5):
            row = np.zeros(8)
            row[[0, 1, 2, 3]] = 5 + d
            row[4 + p % 2] = 3
            if p == 0 and d == 0:
                row[6] = 1  # one principal-day in the fleet ever called API 6
            rows.append(row)
            groups.append(f"p{p}")
    return np.array(rows), groups


def test_rare_apis_move_rarity_more_than_apis_the_fleet_calls_daily() -> None:
    X, groups = _fleet()
    model = ApiSetRarity().fit(X, groups=groups)
    usual = np.zeros(8)
    usual[[0, 1, 2, 3, 5]] = 4  # p1's ordinary day
    deploy = usual.copy()
    deploy[4] = 2  # an API half the fleet calls daily
    recon = usual.copy()
    recon[6] = 1
    out = model.score_samples(np.array([usual, deploy, recon]), groups=["p1", "p1", "p1"])
    assert out[0] < 1e-9 < out[1] < out[2]


def test_an_api_never_seen_in_training_is_rarer_than_one_seen_once() -> None:
    X, groups = _fleet()
    model = ApiSetRarity().fit(X, groups=groups)
    # a column past the training width is a token never seen (the long-form interface)
    cells = pl.DataFrame({"row": [0, 0, 0, 1, 1, 1], "col": [0, 5, 6, 0, 5, 8], "value": [1.0] * 6})
    rarity, nearest = model.nearest_long(cells, 2, groups=["p1", "p1"])
    # the same day but for one token: 6 (seen once in the fleet) or 8 (never seen)
    assert rarity[1] > rarity[0] > 0 and (nearest >= 0).all()


def test_a_principal_without_history_is_compared_with_the_fleet() -> None:
    X, groups = _fleet()
    model = ApiSetRarity(min_history=3).fit(X, groups=groups)
    rarity, nearest = model.nearest_long(
        pl.DataFrame({"row": [0] * 5, "col": [0, 1, 2, 3, 4], "value": [2.0] * 5}),
        1,
        groups=["newcomer"],
    )
    assert groups[nearest[0]] in {"p0", "p2", "p4"}  # the principals that call API 4
    assert rarity[0] < 1e-9


def test_rarity_is_in_unit_interval_and_calibration_is_monotone() -> None:
    X, groups = _fleet()
    model = ApiSetRarity().fit(X, groups=groups)
    rng = np.random.default_rng(0)
    out = model.score_samples(
        rng.integers(0, 3, size=(40, 8)), groups=[f"p{i % 7}" for i in range(40)]
    )
    assert ((out >= 0) & (out <= 1)).all()
    cal = model.calibrate(np.sort(out))
    assert (np.diff(cal) >= 0).all() and cal.min() >= 0 and cal.max() <= 1


def test_negative_counts_and_bad_min_history_are_refused() -> None:
    with pytest.raises(ValueError, match="Negative"):
        ApiSetRarity().fit(-np.ones((3, 2)))
    with pytest.raises(ValueError, match="min_history"):
        ApiSetRarity(min_history=-1).fit(np.ones((3, 2)))


# -- the product model over ENRICHED events ---------------------------------------------------


def _history(fx: Any, days: int = 6) -> pl.LazyFrame:
    rows = []
    for d in range(days):
        for i, api in enumerate(["GetObject", "PutObject", "HeadObject"] * 3):
            rows.append(
                {
                    **fx.role("app", "s", f"ASIAH{d}", None, None),
                    **fx.AWS_IP,
                    **fx.BOTO,
                    "event_name": api,
                    "event_time": fx.T0 - dt.timedelta(days=days - d, minutes=-i),
                }
            )
            rows.append(
                {
                    **fx.role("web", "s", f"ASIAW{d}", None, None),
                    **fx.AWS_IP,
                    **fx.BOTO,
                    "event_name": api if i % 2 else "GetBucketLocation",
                    "event_time": fx.T0 - dt.timedelta(days=days - d, minutes=-i),
                }
            )
    return fx.build(rows)


def _recon(fx: Any) -> pl.LazyFrame:
    usual = [
        {
            **fx.role("app", "s", "ASIATODAY", None, None),
            **fx.AWS_IP,
            **fx.BOTO,
            "event_name": api,
            "event_time": fx.T0 - dt.timedelta(hours=10, minutes=-i),
        }
        for i, api in enumerate(["GetObject", "PutObject"])
    ]
    # the app's own address and client, one recon call per hourly key
    recon = [
        {
            **fx.role("app", "s", f"ASIARECON{i}", None, None),
            **fx.AWS_IP,
            **fx.BOTO,
            "event_source": "iam.amazonaws.com",
            "event_name": api,
            "event_time": fx.T0 - dt.timedelta(hours=9 - i),
        }
        for i, api in enumerate(["ListUsers", "ListRoles", "GetAccountAuthorizationDetails"])
    ]
    return fx.build(usual + recon)


def test_recon_day_of_a_role_becomes_hits_on_the_keys_that_did_it(fx: Any) -> None:
    model = ApiRarityModel().fit(_history(fx))
    scored = model.score_samples(_recon(fx))
    assert scored.height == 1 and scored["rarity"][0] > 0.5 and scored["calibrated"][0] == 1.0
    assert scored["new_apis"][0][0].startswith("iam.amazonaws.com:")
    hits = model.hits(_recon(fx)).collect()
    assert dict(hits.schema) == dict(HITS)
    assert sorted(hits["access_key_id"]) == ["ASIARECON0", "ASIARECON1", "ASIARECON2"]
    assert set(hits["rule"]) == {"rarity"} and set(hits["severity"]) == {"medium"}
    assert "iam:ListUsers" in hits["reason"][0] and "closest own day" in hits["reason"][0]
    assert hits["evidence"][0]["rule"] == "rarity"


def test_an_ordinary_day_makes_no_hit(fx: Any) -> None:
    model = ApiRarityModel().fit(_history(fx))
    today = _history(fx, days=1).with_columns(pl.col("event_time") + dt.timedelta(days=1))
    assert model.hits(today).collect().height == 0


def test_the_scorer_reports_what_the_model_added(fx: Any) -> None:
    from ueba.baseline.profile import Baseline

    history = _history(fx)
    model = ApiRarityModel().fit(history)
    # a model's hit judges the principal against its own history: it needs a mature principal
    baseline = Baseline(window="30d", min_days=5, min_events=5).fit(history)
    out = Scorer(baseline, models=[model]).score(_recon(fx)).collect()
    # the hourly keys of the role's recon fold into one incident
    recon = out.filter(pl.col("access_key_ids").list.contains("ASIARECON0"))
    assert recon.height == 1 and "rarity" in recon["rules"][0]
    assert any("TF-IDF" in r for r in recon["reasons"][0])
    assert "rarity" in [e["rule"] for e in recon["evidence"][0]]


def test_save_and_load_keep_the_scores_and_hold_no_foreign_type(fx: Any, tmp_path: Any) -> None:
    import skops.io as sio

    model = ApiRarityModel(threshold=0.4).fit(_history(fx))
    path = model.save(tmp_path / "rarity.skops")
    assert sio.get_untrusted_types(file=path) == []
    again = ApiRarityModel.load(path)
    assert again.get_params() == model.get_params()
    assert again.score_samples(_recon(fx)).equals(model.score_samples(_recon(fx)))


def test_unfitted_and_too_little_history_are_model_errors(fx: Any) -> None:
    with pytest.raises(ModelError, match="not fitted"):
        ApiRarityModel().score_samples(_recon(fx))
    with pytest.raises(ModelError, match="principal-day"):
        ApiRarityModel().fit(
            _history(fx, days=1).filter(pl.col("principal_arn").str.ends_with("app"))
        )
    with pytest.raises(ModelError, match="severity"):
        ApiRarityModel(severity="urgent").fit(_history(fx))


def test_a_principal_without_history_is_judged_against_the_fleet_at_low(fx: Any) -> None:
    model = ApiRarityModel().fit(_history(fx))
    newcomer = _recon(fx).with_columns(
        pl.col("principal_arn").str.replace("role/app", "role/newcomer"),
        pl.col("identity_arn").str.replace("assumed-role/app", "assumed-role/newcomer"),
    )
    scored = model.score_samples(newcomer)
    assert scored["own_history"].to_list() == [False]
    hits = model.hits(newcomer).collect()
    assert hits.height and set(hits["severity"]) == {"low"}
    assert "no history" in hits["reason"][0]


def test_a_day_sharing_no_api_with_its_own_history_is_still_judged_as_its_own(fx: Any) -> None:
    model = ApiRarityModel().fit(_history(fx))
    only_recon = _recon(fx).filter(pl.col("event_source") == "iam.amazonaws.com")
    scored = model.score_samples(only_recon)
    assert scored["own_history"].to_list() == [True] and scored["rarity"][0] == 1.0
    hits = model.hits(only_recon).collect()
    assert set(hits["severity"]) == {"medium"}
    assert "no learnt day shares any of its APIs" in hits["reason"][0]


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(4, 12), st.integers(1, 6)), elements=st.integers(0, 5)),
    st.booleans(),
)
def test_rarity_is_a_unit_interval_and_zero_for_a_learnt_row(
    counts: np.ndarray, binary: bool
) -> None:
    groups = ["a" if i % 2 else "b" for i in range(counts.shape[0])]
    model = ApiSetRarity(binary=binary, min_history=1).fit(counts, groups=groups)
    out = model.score_samples(counts, groups=groups)
    assert ((out >= 0) & (out <= 1)).all()
    # a day the principal already had is not rare at all (an empty day is never rare)
    assert np.allclose(out, 0.0, atol=1e-9)


def test_the_scorer_silences_a_model_while_the_principal_is_learning(fx: Any) -> None:
    model = ApiRarityModel().fit(_history(fx))
    out = Scorer(None, models=[model]).score(_recon(fx)).collect()
    assert "rarity" not in out.explode("rules")["rules"].to_list()


def test_daily_features_fit_the_window_as_a_fit_on_its_history_does(fx: Any) -> None:
    from ueba.detect.models import DailyFeatures

    history = _history(fx).collect()
    days = history.with_columns(pl.col("event_time").dt.date().alias("_d")).partition_by(
        "_d", as_dict=True, include_key=False
    )
    window = DailyFeatures("rarity", days=4)
    for (day,), frame in sorted(days.items()):
        window.add(day, frame)
    (fitted,), notes = window.fit()
    last4 = sorted(days)[-4:]
    direct = ApiRarityModel().fit(pl.concat([days[d] for d in last4]))
    assert notes == [] and fitted.row_day_ == direct.row_day_
    np.testing.assert_allclose(
        fitted.score_samples(_recon(fx))["rarity"].to_numpy(),
        direct.score_samples(_recon(fx))["rarity"].to_numpy(),
    )


def test_daily_features_skip_a_model_with_too_little_history(fx: Any) -> None:
    from ueba.detect.models import DailyFeatures

    window = DailyFeatures("rarity", days=30)
    assert window.fit() == ([], ["rarity skipped (no history)"])
    assert DailyFeatures("none", days=30).fit() == ([], [])


def test_a_day_adding_a_single_new_api_is_context(fx: Any) -> None:
    # a person launching one CloudFormation stack is a rare day, but one call is weak evidence:
    # first_seen names it (one novelty counts once); the model speaks at medium for a sweep of
    # several new APIs
    model = ApiRarityModel().fit(_history(fx))
    today = fx.build(
        [
            {
                **fx.role("app", "s", "ASIAONE", None, None),
                **fx.AWS_IP,
                **fx.BOTO,
                "event_source": "cloudformation.amazonaws.com",
                "event_name": "CreateStack",
                "event_time": fx.T0 - dt.timedelta(hours=5),
            }
        ]
    )
    hits = model.hits(today).collect()
    assert hits["severity"].to_list() == ["info"]
    assert "more)" not in hits["reason"][0]
    loud = ApiRarityModel(few_new_severity="low").fit(_history(fx))
    assert loud.hits(today).collect()["severity"].to_list() == ["low"]


def _alternating(fx: Any, apis_today: list[str]) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(history, today) of role ``ops``: its days alternate between two routines (storage on
    even days, a weekly check with ``ListObjects`` on odd days); ``web`` is the fleet."""
    routine = {0: ["GetObject", "PutObject", "HeadObject"], 1: ["GetObject", "ListObjects"]}

    def row(name: str, key: str, api: str, when: dt.datetime) -> dict[str, Any]:
        return {
            **fx.role(name, "s", key, None, None),
            **fx.AWS_IP,
            **fx.BOTO,
            "event_name": api,
            "event_time": when,
        }

    past = [
        row(name, f"ASIA{name[0].upper()}{d}", api, fx.T0 - dt.timedelta(days=8 - d, minutes=-i))
        for d in range(8)
        for name, apis in (("ops", routine[d % 2]), ("web", ["GetObject", "HeadObject"]))
        for i, api in enumerate(apis)
    ]
    today = [
        row("ops", "ASIATODAY", api, fx.T0 + dt.timedelta(minutes=i))
        for i, api in enumerate(apis_today)
    ]
    return fx.build(past), fx.build(today)


def test_an_api_the_principal_calls_on_other_days_is_not_new_to_it(fx: Any) -> None:
    # B3 of scenario seed 3: a person's Elastic IP change (two calls new to her) on a day that
    # also holds her weekly check, absent from the closest learnt day. Counting the check as a
    # third new API made a medium out of one novelty that first_seen already names.
    history, today = _alternating(
        fx,
        [
            "GetObject",
            "PutObject",
            "HeadObject",
            "ListObjects",
            "AllocateAddress",
            "AssociateAddress",
        ],
    )
    model = ApiRarityModel().fit(history)
    hits = model.hits(today).collect()
    assert hits.height and set(hits["severity"]) == {"info"}
    assert "never called by it before: s3:AllocateAddress, s3:AssociateAddress" in hits["reason"][0]
    scored = model.score_samples(today)
    assert scored["rarity"][0] >= 0.5 and scored["calibrated"][0] >= 0.99
    assert len(scored["new_apis"][0]) == 3  # against the closest day, ListObjects is missing
    assert sorted(scored["new_for_principal"][0]) == [
        "s3.amazonaws.com:AllocateAddress",
        "s3.amazonaws.com:AssociateAddress",
    ]


def test_three_apis_never_called_by_the_principal_make_a_medium(fx: Any) -> None:
    history, today = _alternating(
        fx, ["GetObject", "PutObject", "HeadObject", "ListUsers", "ListRoles", "ListPolicies"]
    )
    hits = ApiRarityModel().fit(history).hits(today).collect()
    assert hits.height and set(hits["severity"]) == {"medium"}


def test_in_a_shared_saml_role_each_person_is_judged_on_their_own_new_calls(fx: Any) -> None:
    # one role, two people: ana sweeps three calls the role never made, bo makes one; the
    # role's day is rare, but bo's single new call is context, not a colleague's medium
    def person(who: str, key: str, api: str, minutes: int) -> dict[str, Any]:
        return {
            **fx.role("app", who, key, "saml_user", who),
            **fx.AWS_IP,
            **fx.BOTO,
            "event_source": "iam.amazonaws.com",
            "event_name": api,
            "event_time": fx.T0 - dt.timedelta(hours=5, minutes=-minutes),
        }

    today = fx.build(
        [
            person("ana@example.org", "ASIAANA", api, i)
            for i, api in enumerate(["ListUsers", "ListRoles", "GetAccountAuthorizationDetails"])
        ]
        + [person("bo@example.org", "ASIABO", "UpdateRole", 10)]
    )
    hits = ApiRarityModel().fit(_history(fx)).hits(today).collect()
    by_key = dict(zip(hits["access_key_id"], hits["severity"], strict=True))
    assert by_key == {"ASIAANA": "medium", "ASIABO": "info"}
    reason = hits.filter(pl.col("access_key_id") == "ASIABO")["reason"][0]
    assert reason.endswith("; bo@example.org called 1 of them")


def test_in_a_role_chained_from_peoples_own_keys_each_person_is_judged_on_their_own_calls(
    fx: Any,
) -> None:
    # an IT team's admin role reached by role chaining from each person's IAM user key (no
    # SAML, session names of their choosing): raj's access review makes the role's day rare
    # with three calls it never made; helen's usual check the same day is not his medium
    def user(who: str, key: str, api: str, minutes: int) -> dict[str, Any]:
        return {
            "identity_arn": f"arn:aws:iam::653711331788:user/{who}",
            "principal_arn": f"arn:aws:iam::653711331788:user/{who}",
            "principal_type": "iam_user",
            "identity_type": "IAMUser",
            "access_key_id": key,
            "credential_kind": "long_term_key",
            **fx.MAC_CLI,
            "source_ip_address": "198.51.100.7",
            "source_kind": "public",
            "network_key": "AS64500",
            "event_source": "sts.amazonaws.com",
            "event_name": api,
            "event_time": fx.T0 - dt.timedelta(hours=6, minutes=-minutes),
        }

    def chained(who: str, key: str, parent: str, api: str, minutes: int) -> dict[str, Any]:
        return {
            **fx.role("app", f"{who}-session", key, None, None),
            "parent_access_key_id": parent,
            **fx.AWS_IP,
            **fx.BOTO,
            "event_source": "iam.amazonaws.com",
            "event_name": api,
            "event_time": fx.T0 - dt.timedelta(hours=5, minutes=-minutes),
        }

    today = fx.build(
        [user("raj", "AKIARAJ", "AssumeRole", 0), user("helen", "AKIAHELEN", "AssumeRole", 1)]
        + [
            chained("raj", "ASIARAJ", "AKIARAJ", api, i)
            for i, api in enumerate(["ListUsers", "ListRoles", "GetAccountAuthorizationDetails"])
        ]
        + [chained("helen", "ASIAHELEN", "AKIAHELEN", "ListRoles", 11)]
    )
    hits = ApiRarityModel().fit(_history(fx)).hits(today).collect()
    in_role = hits.filter(pl.col("principal_arn").str.ends_with(":role/app"))
    by_key = dict(zip(in_role["access_key_id"], in_role["severity"], strict=True))
    assert by_key == {"ASIARAJ": "medium", "ASIAHELEN": "info"}
    reason = in_role.filter(pl.col("access_key_id") == "ASIAHELEN")["reason"][0]
    assert reason.endswith("; helen called 1 of them")
