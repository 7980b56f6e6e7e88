"""``read_cloudtrail`` / ``scan_cloudtrail`` take the lake readers' ``start``, ``end`` and
``accounts``, and ``scan_cloudtrail`` the ``errors=`` of ``read_cloudtrail``."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from tests.io.conftest import MakeRecord
from ueba.exceptions import ConfigError, InputError
from ueba.io.cloudtrail import read_cloudtrail, scan_cloudtrail


@pytest.fixture
def trail(tmp_path: Path, make_record: MakeRecord) -> Path:
    records = [
        make_record(1, eventTime="2024-07-01T00:00:00Z"),
        make_record(2, eventTime="2024-07-01T23:59:59Z"),
        make_record(3, eventTime="2024-07-02T00:00:00Z"),
        make_record(4, eventTime="2024-07-02T12:00:00Z", recipientAccountId="444455556666"),
        # no recipient account: the caller's account decides, as it does for the lake partition
        make_record(5, eventTime="2024-07-02T13:00:00Z", recipientAccountId=None),
    ]
    path = tmp_path / "trail.json"
    path.write_text(json.dumps({"Records": records}), encoding="utf-8")
    return path


def _ids(frame: pl.DataFrame) -> list[int]:
    return sorted(int(e.rsplit("-", 1)[1]) for e in frame["event_id"])


def test_an_end_date_includes_that_whole_day(trail: Path) -> None:
    assert _ids(read_cloudtrail(trail, start="2024-07-01", end="2024-07-01")) == [1, 2]


def test_an_end_time_is_exclusive(trail: Path) -> None:
    end = datetime(2024, 7, 2, tzinfo=UTC)
    assert _ids(read_cloudtrail(trail, end=end)) == [1, 2]
    assert _ids(read_cloudtrail(trail, start="2024-07-02T00:00:00Z")) == [3, 4, 5]


def test_accounts_keep_the_recipient_else_the_callers_account(trail: Path) -> None:
    assert _ids(read_cloudtrail(trail, accounts=["111122223333"])) == [1, 2, 3, 5]
    assert _ids(read_cloudtrail(trail, accounts=["444455556666"])) == [4]


def test_scan_takes_the_same_options_and_agrees_with_read(trail: Path) -> None:
    options = {"start": "2024-07-01T12:00:00", "end": "2024-07-02", "accounts": ["111122223333"]}
    scanned = scan_cloudtrail(trail, **options).collect()  # type: ignore[arg-type]
    assert scanned.equals(read_cloudtrail(trail, **options))  # type: ignore[arg-type]
    assert _ids(scanned) == [2, 3, 5]


def test_a_bad_start_fails_when_the_scan_is_built_not_when_collected(trail: Path) -> None:
    with pytest.raises(ConfigError, match="start='yesterday' is not a date or time"):
        scan_cloudtrail(trail, start="yesterday")


def test_one_account_given_as_a_string_says_to_make_it_a_list(trail: Path) -> None:
    with pytest.raises(ConfigError, match=r"write accounts=\['111122223333'\]"):
        read_cloudtrail(trail, accounts="111122223333")


@pytest.fixture
def damaged(tmp_path: Path, make_record: MakeRecord) -> Path:
    (tmp_path / "good.json").write_text(json.dumps({"Records": [make_record(1)]}), "utf-8")
    (tmp_path / "bad.json").write_text('{"Records": [', encoding="utf-8")
    return tmp_path


def test_scan_raises_on_damage_when_asked_to(damaged: Path) -> None:
    lazy = scan_cloudtrail(damaged, errors="raise")
    with pytest.raises(InputError, match=r"bad\.json"):
        lazy.collect()


def test_scan_ignores_damage_quietly_when_asked_to(damaged: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert scan_cloudtrail(damaged, errors="ignore").collect().height == 1


def test_scan_warns_about_damage_by_default(damaged: Path) -> None:
    with pytest.warns(UserWarning, match="1 unreadable file"):
        assert scan_cloudtrail(damaged).collect().height == 1


def test_an_unknown_errors_mode_is_refused_with_the_choices(damaged: Path) -> None:
    with pytest.raises(ConfigError, match="'warn', 'raise', 'ignore'"):
        scan_cloudtrail(damaged, errors="skip")  # type: ignore[arg-type]
