"""``ueba._time``: one reading of the dates and times people type, for every reader and command."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ueba._time import day_span, parse_day, parse_window, time_range, to_utc
from ueba.exceptions import ConfigError, did_you_mean

days = st.dates(min_value=date(1970, 1, 2), max_value=date(9998, 12, 30))
naive = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9998, 12, 30))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)


@given(days)
def test_a_date_string_and_a_date_mean_the_same_midnight(day: date) -> None:
    assert to_utc(day.isoformat()) == to_utc(day) == datetime(*day.timetuple()[:3], tzinfo=UTC)


@given(days)
def test_an_end_date_includes_the_whole_day(day: date) -> None:
    since, until = time_range(day.isoformat(), day.isoformat())
    assert since is not None and until is not None
    assert until - since == timedelta(days=1)
    assert day_span(since, until) == (day, day)


@given(naive, offsets)
def test_an_aware_time_is_the_same_instant_in_utc(moment: datetime, zone: timezone) -> None:
    aware = moment.replace(tzinfo=zone)
    parsed = to_utc(aware.isoformat())
    assert parsed == aware
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@given(naive)
def test_a_naive_time_is_utc_and_z_means_utc(moment: datetime) -> None:
    text = moment.isoformat()
    assert to_utc(text) == to_utc(text + "Z") == moment.replace(tzinfo=UTC)


@given(naive)
def test_an_end_time_is_exclusive_and_not_moved_to_the_end_of_its_day(moment: datetime) -> None:
    _, until = time_range(None, moment)
    assert until == moment.replace(tzinfo=UTC)


@given(st.text(max_size=30))
def test_any_text_is_a_time_or_a_config_error_naming_the_option(text: str) -> None:
    try:
        to_utc(text, what="--start")
    except ConfigError as exc:
        assert "--start=" in str(exc)


def test_none_is_no_bound() -> None:
    assert time_range(None, None) == (None, None)
    assert day_span(None, None) == (None, None)


def test_a_day_is_parsed_strictly_with_the_option_in_the_error() -> None:
    assert parse_day(" 2024-07-31 ") == date(2024, 7, 31)
    assert parse_day(datetime(2024, 7, 31, 23, tzinfo=timezone(timedelta(hours=-2)))) == date(
        2024, 8, 1
    )
    with pytest.raises(ConfigError, match="--day 'yesterday' is not a date"):
        parse_day("yesterday", what="--day")


@given(st.integers(1, 10_000), st.sampled_from(["d", "D", "w", "W", ""]), st.booleans())
def test_a_window_reads_the_same_as_text_int_or_timedelta(
    count: int, unit: str, spaced: bool
) -> None:
    text = f" {count} {unit} " if spaced else f"{count}{unit}"
    days = count * (7 if unit.lower() == "w" else 1)
    assert parse_window(text) == days
    assert parse_window(days) == parse_window(timedelta(days=days)) == days


@pytest.mark.parametrize("bad", ["0d", "-3d", "30h", "thirty", "", True, timedelta(hours=36)])
def test_anything_but_whole_positive_days_is_refused_naming_the_option(bad: object) -> None:
    with pytest.raises(
        ConfigError, match=r"--window: .* is not a window \(a whole number of days\)"
    ):
        parse_window(bad, what="--window")  # type: ignore[arg-type]


def test_did_you_mean_names_the_closest_known_word_or_nothing() -> None:
    assert did_you_mean("min_severty", ["min_severity", "max_reasons"]) == (
        " (did you mean min_severity?)"
    )
    assert did_you_mean("colour", ["window"]) == ""
