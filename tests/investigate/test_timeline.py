"""Access-key timelines: seed 002's leaked key, the OTRF stolen key, Stratus persistence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ueba.investigate import key_timeline

UTC = dt.UTC
LEAKED = "AKIA5LEAKEDEXAMPLE01"
SLEEPER = "AKIA5MMAJORSLEEPER01"
ACTIVE = "AKIA5NWOLFACTIVEKEY1"


def test_leaked_key_first_use_is_get_caller_identity(lake: Path) -> None:
    first = key_timeline(lake, LEAKED).first_use
    assert first is not None
    assert first["event_time"] == dt.datetime(2026, 1, 7, 2, 25, 18, tzinfo=UTC)
    assert first["event_name"] == "GetCallerIdentity"
    assert first["source_ip_address"] == "203.0.113.50"
    assert first["user_agent"].startswith("aws-cli/2.15.0")


def test_every_call_is_listed_in_order_with_success_or_failure(lake: Path) -> None:
    events = key_timeline(lake, LEAKED).events
    assert events.height == 9
    assert events.get_column("event_time").is_sorted()
    failed = events.filter(~pl.col("succeeded"))
    assert failed.select("event_name", "error_code").rows() == [("ListRoles", "AccessDenied")]
    # The benign user's calls in the same files are not part of this key's story.
    assert set(events.get_column("access_key_id")) == {LEAKED}


def test_leaked_key_created_two_users_and_two_keys(lake: Path) -> None:
    created = key_timeline(lake, LEAKED).created
    users = created.filter(pl.col("event_name") == "CreateUser").get_column("user_name")
    assert sorted(users) == ["tdir-workshop-mmajor-dev", "tdir-workshop-nwolf-dev"]
    keys = created.filter(pl.col("event_name") == "CreateAccessKey")
    assert dict(keys.select("user_name", "access_key_id").iter_rows()) == {
        "tdir-workshop-mmajor-dev": SLEEPER,
        "tdir-workshop-nwolf-dev": ACTIVE,
    }


def test_one_created_key_is_never_used_the_other_makes_five_calls_ending_in_delete_user(
    lake: Path,
) -> None:
    tl = key_timeline(lake, LEAKED)
    keys = tl.created.filter(pl.col("access_key_id").is_not_null())
    by_key = {r["access_key_id"]: r for r in keys.iter_rows(named=True)}
    assert by_key[SLEEPER]["used"] is False and by_key[SLEEPER]["events"] == 0
    assert by_key[ACTIVE]["used"] is True and by_key[ACTIVE]["events"] == 5
    assert by_key[ACTIVE]["source_ips"] == ["198.51.100.7"]
    delete = tl.created_activity.filter(pl.col("event_name") == "DeleteUser")
    assert delete.get_column("access_key_id").to_list() == [ACTIVE]
    assert '"tdir-workshop-admin"' in delete.get_column("request_parameters").item()


def test_sources_show_each_ip_and_agent_with_first_and_last_seen(lake: Path) -> None:
    sources = key_timeline(lake, LEAKED).sources
    assert sources.height == 1
    row = sources.row(0, named=True)
    assert row["source_ip_address"] == "203.0.113.50"
    assert row["events"] == 9 and row["failed"] == 1
    assert row["first_seen"] < row["last_seen"]


def test_otrf_stolen_key_timeline(lake: Path) -> None:
    tl = key_timeline(lake, "ASIA5FLZVX4OPVKKVBMX")
    events = tl.events
    assert events.height == 11
    assert events.get_column("event_time").min() == dt.datetime(2020, 9, 14, 1, 0, 4, tzinfo=UTC)
    assert events.get_column("event_time").max() == dt.datetime(2020, 9, 14, 1, 13, 20, tzinfo=UTC)
    assert set(events.get_column("event_name")) == {"ListBuckets", "ListObjects", "GetObject"}
    assert tl.sources.get_column("user_agent").str.contains("aws-cli/1.18.136").all()
    assert tl.created.is_empty()


def test_stratus_admin_user_key_is_created_and_never_used(lake: Path) -> None:
    tl = key_timeline(lake, "AKIAOZUDECYXYM4ONAN4")
    keys = tl.created.filter(pl.col("event_name") == "CreateAccessKey")
    assert keys.select("user_name", "access_key_id", "used").rows() == [
        ("malicious-iam-user", "AKIAXAFZN8JEPF6L682H", False)
    ]


def test_time_window_limits_the_calls(lake: Path) -> None:
    tl = key_timeline(lake, LEAKED, start="2026-01-07T02:27:00Z", end="2026-01-07T02:28:10Z")
    assert tl.events.get_column("event_name").to_list() == [
        "CreateUser",
        "CreateAccessKey",
        "CreateUser",
    ]


def test_a_frame_and_the_lake_give_the_same_timeline(
    lake: Path, fixture_events: pl.DataFrame
) -> None:
    from_lake = key_timeline(lake, LEAKED)
    from_frame = key_timeline(fixture_events.lazy(), LEAKED)
    assert from_lake.events.equals(from_frame.events)
    assert from_lake.created.equals(from_frame.created)


def test_unknown_key_gives_an_empty_timeline(lake: Path) -> None:
    tl = key_timeline(lake, "AKIANOTINTHELAKE0000")
    assert tl.first_use is None
    assert tl.events.is_empty() and tl.created.is_empty() and tl.hourly.is_empty()


def test_accounts_keep_only_those_recipient_accounts(lake: Path) -> None:
    assert key_timeline(lake, LEAKED, accounts=["111111111111"]).events.height == 9
    assert key_timeline(lake, LEAKED, accounts=["222222222222"]).events.is_empty()
