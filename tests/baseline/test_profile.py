"""Baseline: fit, window, maturity, update, and the rules' query helpers."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.baseline import Baseline, merge_summaries, summarize
from ueba.baseline.summaries import summarize_volume
from ueba.exceptions import ConfigError, InputError, ModelError
from ueba.schema import EVENTS, conform

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
OTHER = f"arn:aws:iam::{ACCOUNT}:role/batch"
UTC = dt.UTC


def same(left: pl.DataFrame, right: pl.DataFrame) -> bool:
    """Equal as sets of rows (a baseline's frames come in no particular order)."""
    return left.sort(left.columns).equals(right.sort(right.columns))


def at(day: int, hour: int = 9, month: int = 7) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, tzinfo=UTC)


def test_init_stores_parameters_only_and_fit_returns_self(history):
    baseline = Baseline(window="14d", min_days=3)
    assert vars(baseline) == {
        "window": "14d",
        "min_days": 3,
        "cycle_days": 7,
        "cycle_active_days": 5,
        "min_events": 20,
        "session_key_days": 2,
    }
    assert baseline.fit(history(3)) is baseline
    assert baseline.is_fitted


def test_unfitted_baseline_refuses_queries_with_the_fix(make_event, make_frame):
    with pytest.raises(ModelError, match="not fitted"):
        Baseline().known(make_frame([make_event(at(1))]), scope="principal", dimension="api")


@pytest.mark.parametrize("window", ["30x", "0d", -3, "1.5d", dt.timedelta(hours=36)])
def test_a_window_that_is_not_whole_days_is_a_config_error(history, window):
    with pytest.raises(ConfigError, match="whole number of days"):
        Baseline(window=window).fit(history(2))


def test_min_days_must_be_positive(history):
    with pytest.raises(ConfigError, match="min_days"):
        Baseline(min_days=0).fit(history(2))


def test_events_without_enrichment_are_refused():
    with pytest.raises(InputError, match="enrich"):
        Baseline().fit(conform(pl.LazyFrame({"event_time": []}), EVENTS))


def test_until_is_exclusive_and_the_window_keeps_whole_days(history):
    baseline = Baseline(window="5d").fit(history(20), until="2024-07-15")
    assert baseline.window_start_ == at(10, 0)
    assert baseline.window_end_ == at(15, 0)
    days = baseline.summaries_.summary.select("day").unique().collect().to_series().sort()
    assert days.to_list() == [dt.date(2024, 7, d) for d in range(10, 15)]


def test_without_until_the_window_ends_at_the_midnight_after_the_last_event(history):
    baseline = Baseline(window="30d").fit(history(3))
    assert baseline.window_end_ == at(4, 0)


def test_until_in_the_middle_of_a_day_keeps_only_earlier_events(make_event, make_frame):
    rows = [make_event(at(1, 9)), make_event(at(1, 23), api="s3.amazonaws.com:ListBuckets")]
    baseline = Baseline().fit(make_frame(rows), until="2024-07-01T12:00:00Z")
    assert baseline.window_end_ == at(1, 12)
    apis = baseline.profile_.filter(pl.col("dimension") == "api")["value"].unique().to_list()
    assert apis == ["s3.amazonaws.com:GetObject"]


def test_profile_counts_days_seen_and_first_last_seen(history):
    profile = Baseline().fit(history(4)).profile_
    row = profile.filter((pl.col("scope") == "principal") & (pl.col("dimension") == "api")).row(
        0, named=True
    )
    assert row["entity"] == ROLE
    assert (row["count"], row["days_seen"]) == (8, 4)
    assert (row["first_seen"], row["last_seen"]) == (at(1, 9), at(4, 10))


def test_maturity_flags_entities_seen_on_fewer_than_min_days_as_cold_start(history):
    maturity = Baseline(min_days=7, min_events=10).fit(history(6)).maturity_
    principal = maturity.filter(pl.col("scope") == "principal").row(0, named=True)
    assert (
        principal["days_observed"],
        principal["events"],
        principal["cold_start"],
        principal["maturity"],
    ) == (6, 12, True, "learning")
    mature = Baseline(min_days=7, min_events=10).fit(history(7)).maturity_
    row = mature.filter(pl.col("scope") == "principal").row(0, named=True)
    assert (row["cold_start"], row["maturity"]) == (False, "mature")


def _state(baseline: Baseline, scope: str = "principal") -> str:
    (state,) = baseline.maturity_.filter(pl.col("scope") == scope)["maturity"].to_list()
    return str(state)


def test_a_weekday_worker_is_mature_after_one_full_week(weekday):
    # Monday to Friday of the week of 1 July: 5 active days in one whole week. Counting 7 active
    # days alone kept her learning until the Wednesday after, her novelty rules silent.
    baseline = Baseline().fit(weekday(1), until="2024-07-08")
    assert _state(baseline) == "mature" and _state(baseline, "account") == "mature"
    row = baseline.maturity_.filter(pl.col("scope") == "principal").row(0, named=True)
    assert (row["days_observed"], row["age_days"], row["cold_start"]) == (5, 7, False)


@pytest.mark.parametrize("until", ["2024-07-06", "2024-07-07"])
def test_five_active_days_are_not_a_cycle_until_the_week_is_over(weekday, until):
    # by Friday or Saturday night she has 5 active days, but the weekend is not seen yet
    assert _state(Baseline().fit(weekday(1), until=until)) == "learning"


def test_active_days_scattered_over_weeks_are_counted_not_taken_for_a_cycle(weekday):
    # three days a week (a person sharing her time between accounts): no week shows her whole
    # routine, so she needs min_days active days, as before
    assert _state(Baseline().fit(weekday(2, days=(0, 2, 4)), until="2024-07-15")) == "learning"
    assert _state(Baseline().fit(weekday(3, days=(0, 2, 4)), until="2024-07-22")) == "mature"


def test_a_cycle_must_hold_enough_active_days(weekday):
    assert _state(Baseline(cycle_active_days=6).fit(weekday(1), until="2024-07-08")) == "learning"
    # cycle_active_days=None is the rule of active days alone
    assert _state(Baseline(cycle_active_days=None).fit(weekday(1), until="2024-07-08")) == (
        "learning"
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"cycle_days": 0}, "cycle_days"),
        ({"cycle_active_days": 0}, "cycle_active_days"),
        ({"cycle_active_days": 8}, "never fit in cycle_days=7"),
    ],
)
def test_the_maturity_rule_parameters_are_checked(history, params, message):
    with pytest.raises(ConfigError, match=message):
        Baseline(**params).fit(history(2))


def test_a_principal_with_too_few_events_is_learning_however_many_days(history):
    # 7 days but only 14 events: the default rule wants 20
    maturity = Baseline(min_days=7).fit(history(7)).maturity_
    assert set(maturity["maturity"]) == {"learning"}


def test_a_principal_of_a_learning_account_is_learning(make_event, make_frame, history):
    from ueba.baseline._stats import maturity as maturity_of

    summary = Baseline(min_days=2, min_events=1).fit(history(3)).summaries_.summary.collect()
    young = maturity_of(
        summary.filter((pl.col("scope") != "account") | (pl.col("day") == pl.col("day").max())),
        min_days=2,
        min_events=1,
        window_end=dt.datetime(2024, 7, 31, tzinfo=dt.UTC),
    )
    states = dict(young.select("scope", "maturity").iter_rows())
    assert states["account"] == "learning" and states["principal"] == "learning"


def test_window_given_as_days_survives_save_and_load_into_a_scorer(history, tmp_path):
    # regression: Baseline(window=14), saved and loaded, made Scorer(loaded) raise
    # "ConfigError: window: '14' is not a window"
    from ueba.detect.scorer import Scorer

    Baseline(window=14, min_days=1).fit(history(3)).save(tmp_path / "m")
    loaded = Baseline.load(tmp_path / "m")
    scorer = Scorer(loaded).fit()
    assert scorer.view_.window_days == 14
    assert loaded.view().window_days == 14


def test_volume_stats_are_robust_statistics_of_active_hours(make_event, make_frame):
    # 5 active hours with 1, 1, 1, 2 and 10 events.
    rows = [make_event(at(d, 9)) for d in (1, 2, 3)]
    rows += [make_event(at(4, 9)), make_event(at(4, 9))]
    rows += [make_event(at(5, 9)) for _ in range(10)]
    stats = Baseline().fit(make_frame(rows)).volume_stats_
    row = stats.filter(pl.col("scope") == "principal").row(0, named=True)
    assert row["hours_observed"] == 5
    assert (row["events_median"], row["events_mad"], row["events_max"]) == (1.0, 0.0, 10.0)
    assert row["events_mean"] == pytest.approx(3.0)
    assert row["errors_max"] == 0.0


def test_fit_from_summaries_equals_fit_from_events(history):
    events = history(10)
    from_events = Baseline().fit(events, until="2024-07-11")
    from_summaries = Baseline().fit(summarize(events), until="2024-07-11")
    assert same(from_events.profile_, from_summaries.profile_)
    assert same(from_events.volume_stats_, from_summaries.volume_stats_)


def test_daily_updates_equal_one_fit_over_the_same_window(history):
    events = history(40)
    batch = Baseline(window="10d").fit(events, until="2024-08-10")
    incremental = Baseline(window="10d").fit(
        events.filter(pl.col("event_time") < at(20)), until="2024-07-20"
    )
    for day in range(20, 41):
        start = dt.datetime(2024, 7, 1, tzinfo=UTC) + dt.timedelta(days=day - 1)
        one_day = events.filter(
            (pl.col("event_time") >= start) & (pl.col("event_time") < start + dt.timedelta(days=1))
        )
        incremental.update(one_day)
    assert incremental.window_end_ == batch.window_end_
    assert same(incremental.profile_, batch.profile_)
    assert same(incremental.maturity_, batch.maturity_)
    assert same(incremental.volume_stats_, batch.volume_stats_)


def test_update_drops_days_that_left_the_window_so_memory_stays_bounded(history):
    baseline = Baseline(window="5d").fit(history(5))
    sizes = []
    for offset in range(5, 25):
        baseline.update(history(1, start=dt.date(2024, 7, 1) + dt.timedelta(days=offset)))
        sizes.append(baseline.summaries_.summary.collect().height)
    assert len(set(sizes)) == 1  # constant: 5 days of the same behaviour
    assert baseline.window_start_ == at(21, 0)


def test_update_with_nothing_new_keeps_the_window(history, make_frame):
    baseline = Baseline().fit(history(3))
    end = baseline.window_end_
    assert baseline.update(make_frame([])).window_end_ == end


# ----------------------------------------------------------------------------- queries
@pytest.fixture
def fitted(history, make_event, make_frame):
    """The app role: 10 days of GetObject; another role in the account once used ListBuckets."""
    rows = history(10).collect().to_dicts()
    rows.append(make_event(at(5, 11), api="s3.amazonaws.com:ListBuckets", principal=OTHER,
                           key="ASIAOTHER", workload=None))  # fmt: skip
    return Baseline(window="30d", min_days=7).fit(make_frame(rows), until="2024-07-11")


def test_known_separates_new_for_the_role_from_new_for_the_account(fitted, make_event, make_frame):
    today = make_frame([
        make_event(at(11), api="s3.amazonaws.com:GetObject"),
        make_event(at(11), api="s3.amazonaws.com:ListBuckets"),
        make_event(at(11), api="iam.amazonaws.com:CreateUser"),
    ])  # fmt: skip
    result = fitted.known(today, scope="principal", dimension="api").collect()
    assert result["is_known_for_entity"].to_list() == [True, False, False]
    assert result["is_known_for_account"].to_list() == [True, True, False]
    assert result["value_count"].to_list() == [20, 0, 0]
    assert result["value_days_seen"].to_list() == [10, 0, 0]
    assert result["value_first_seen"].to_list() == [at(1, 9), None, None]
    assert result["account_value_first_seen"].to_list() == [at(1, 9), at(5, 11), None]
    assert result["entity_days_observed"].to_list() == [10, 10, 10]
    assert result["entity_cold_start"].to_list() == [False, False, False]
    assert result.height == 3 and result["event_name"].to_list()[1] == "ListBuckets"


def test_known_for_a_never_seen_entity_is_cold_start_and_unknown(fitted, make_event, make_frame):
    today = make_frame([make_event(at(11), principal=f"arn:aws:iam::{ACCOUNT}:role/new")])
    row = fitted.known(today, scope="principal", dimension="api").collect().row(0, named=True)
    assert (row["is_known_for_entity"], row["is_known_for_account"]) == (False, True)
    assert (row["entity_days_observed"], row["entity_cold_start"]) == (0, True)


def test_known_is_null_where_the_row_has_no_value(fitted, make_event, make_frame):
    today = make_frame([make_event(at(11), country=None)])
    row = fitted.known(today, scope="principal", dimension="country").collect().row(0, named=True)
    assert row["is_known_for_entity"] is None and row["is_known_for_account"] is None


def test_known_uses_the_workload_entity_and_network(fitted, make_event, make_frame):
    today = make_frame([
        make_event(at(11)),
        make_event(at(11), network_key="AS20940", source_kind="public"),
    ])  # fmt: skip
    result = fitted.known(today, scope="workload", dimension="network_key").collect()
    assert result["is_known_for_entity"].to_list() == [True, False]


def test_known_with_own_columns_and_prefix_can_be_chained(fitted):
    frame = pl.DataFrame({"who": [ROLE], "acct": [ACCOUNT], "net": ["52.95.255.0/24"]})
    once = fitted.known(frame, scope="principal", dimension="network_key", entity_col="who",
                        value_col="net", account_col="acct", prefix="net_")  # fmt: skip
    assert isinstance(once, pl.DataFrame)
    assert once["net_is_known_for_entity"].to_list() == [True]
    with pytest.raises(ValueError, match="prefix"):
        fitted.known(once, scope="principal", dimension="network_key", entity_col="who",
                     value_col="net", account_col="acct", prefix="net_")  # fmt: skip


def test_unknown_scope_or_dimension_names_the_valid_ones(fitted, make_event, make_frame):
    today = make_frame([make_event(at(11))])
    with pytest.raises(ValueError, match="expected one of"):
        fitted.known(today, scope="role", dimension="api")
    with pytest.raises(ValueError, match="expected one of"):
        fitted.known(today, scope="principal", dimension="ip")


def test_entity_maturity_reports_new_and_known_entities(fitted, make_event, make_frame):
    today = make_frame([make_event(at(11)), make_event(at(11), key="ASIANEW")])
    result = fitted.entity_maturity(today, scope="credential").collect()
    assert result["entity_is_new"].to_list() == [False, True]
    # a session key keeps only its last session_key_days=2 days: 2 events a day
    assert result["entity_events"].to_list() == [4, 0]
    # 2 days < min_days: a session key is always young; judge maturity on its principal
    assert result["entity_cold_start"].to_list() == [True, True]
    principal = fitted.entity_maturity(today, scope="principal").collect()
    assert principal["entity_cold_start"].to_list() == [False, False]


def test_volume_expectation_joins_hourly_stats_of_the_entity(fitted, make_event, make_frame):
    today = make_frame([make_event(at(11, 3)) for _ in range(50)])
    hourly = summarize_volume(today).filter(pl.col("scope") == "principal")
    row = fitted.volume_expectation(hourly).collect().row(0, named=True)
    assert row["events"] == 50
    assert row["baseline_hours_observed"] == 20
    assert row["baseline_events_median"] == 1.0
    unseen = summarize_volume(make_frame([make_event(at(11), key="ASIANEW")]))
    row = fitted.volume_expectation(unseen, scope="credential").filter(
        pl.col("scope") == "credential"
    ).collect().row(0, named=True)  # fmt: skip
    assert row["baseline_hours_observed"] == 0 and row["baseline_events_median"] is None


def test_top_values_lists_the_most_used_values_for_evidence(fitted, make_event, make_frame):
    result = fitted.top_values(make_frame([make_event(at(11))]), scope="principal",
                               dimension="hour_of_week", n=2).collect()  # fmt: skip
    assert len(result["known_values"].item()) == 2


def test_merge_then_fit_is_how_parts_of_a_history_combine(history):
    early, late = history(5), history(5, start=dt.date(2024, 7, 6))
    merged = merge_summaries(summarize(early), summarize(late))
    whole = Baseline().fit(history(10))
    assert same(Baseline().fit(merged).profile_, whole.profile_)


def test_update_with_an_earlier_until_never_moves_the_window_back(history):
    baseline = Baseline(window="10d").fit(history(10), until="2024-07-11")
    baseline.update(history(1, start=dt.date(2024, 7, 11)), until="2024-07-05")
    assert baseline.window_end_ == at(11, 0)
    # the new day's events fall at or after until, so nothing was added
    principal = baseline.maturity_.filter(pl.col("scope") == "principal")
    assert principal["days_observed"].item() == 10


def test_empty_history_needs_until_and_then_gives_an_empty_baseline(make_frame, make_event):
    with pytest.raises(InputError, match="until="):
        Baseline().fit(make_frame([]))
    empty = Baseline().fit(make_frame([]), until="2024-07-31")
    assert empty.profile_.is_empty() and empty.window_end_ == at(31, 0)
    today = make_frame([make_event(at(31))])
    row = empty.known(today, scope="principal", dimension="api").collect().row(0, named=True)
    assert (row["is_known_for_entity"], row["entity_cold_start"]) == (False, True)


def test_session_keys_keep_their_own_profile_for_session_key_days_only(make_event, make_frame):
    rows = [make_event(at(day), key="ASIAOLD") for day in (1, 2, 3)]
    rows += [make_event(at(day), key="AKIALONGTERM") for day in (1, 2, 3)]
    rows += [make_event(at(10), key="ASIARECENT")]
    baseline = Baseline(window="30d", session_key_days=2).fit(make_frame(rows), until="2024-07-11")
    keys = set(baseline.maturity_.filter(pl.col("scope") == "credential")["entity"])
    assert keys == {"AKIALONGTERM", "ASIARECENT"}
    volume_keys = set(baseline.volume_stats_.filter(pl.col("scope") == "credential")["entity"])
    assert volume_keys == keys
    principal = baseline.maturity_.filter(pl.col("scope") == "principal")
    assert principal["events"].item() == 7  # other scopes keep the whole window


def test_session_key_days_must_be_positive(history):
    with pytest.raises(ConfigError, match="session_key_days"):
        Baseline(session_key_days=0).fit(history(2))


_PRINCIPALS = [ROLE, OTHER, f"arn:aws:iam::{ACCOUNT}:user/carol"]
_APIS = [
    "s3.amazonaws.com:GetObject",
    "s3.amazonaws.com:ListBuckets",
    "iam.amazonaws.com:ListUsers",
]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    past=st.lists(st.tuples(st.sampled_from(_PRINCIPALS), st.sampled_from(_APIS), st.integers(1, 9)), max_size=12),
    today=st.lists(st.tuples(st.sampled_from(_PRINCIPALS), st.sampled_from(_APIS)), min_size=1, max_size=6),
)  # fmt: skip
def test_known_agrees_with_plain_set_membership(make_event, make_frame, past, today):
    history = make_frame([make_event(at(day), principal=p, api=api) for p, api, day in past])
    baseline = Baseline().fit(history, until="2024-07-10")
    frame = make_frame([make_event(at(10), principal=p, api=api) for p, api in today])
    result = baseline.known(frame, scope="principal", dimension="api").collect()
    pairs = {(p, api) for p, api, _ in past}
    apis = {api for _, api, _ in past}
    days = {p: len({d for q, _, d in past if q == p}) for p in _PRINCIPALS}
    assert result["is_known_for_entity"].to_list() == [(p, api) in pairs for p, api in today]
    assert result["is_known_for_account"].to_list() == [api in apis for _, api in today]
    assert result["entity_days_observed"].to_list() == [days[p] for p, _ in today]


def test_update_accepts_precomputed_summaries(history):
    events = history(6)
    by_events = Baseline().fit(events.filter(pl.col("event_time") < at(4)), until="2024-07-04")
    by_summaries = Baseline().fit(events.filter(pl.col("event_time") < at(4)), until="2024-07-04")
    rest = events.filter(pl.col("event_time") >= at(4, 0))
    by_events.update(rest)
    by_summaries.update(summarize(rest).collect())
    assert by_events.window_end_ == by_summaries.window_end_ == at(7, 0)
    assert same(by_events.profile_, by_summaries.profile_)
