"""The principal view: recent values against the baseline, new ones flagged; hourly volume."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from ueba.baseline.profile import Baseline
from ueba.exceptions import UebaError
from ueba.investigate import principal_view
from ueba.schema import ENRICHED, conform

UTC = dt.UTC
ROLE = "arn:aws:iam::111111111111:role/app"
USUAL = {
    "source_ip_address": "3.225.16.109",
    "network_key": "aws:3.224.0.0/12",
    "asn": 14618,
    "country": "US",
    "ua_family": "aws-sdk-java",
    "ua_os_family": "linux",
    "ua_fingerprint": "aws-sdk-java/1",
    "source_kind": "aws",
}
STOLEN = {
    "source_ip_address": "104.102.221.250",
    "network_key": "asn:20940",
    "asn": 20940,
    "country": "NL",
    "ua_family": "aws-cli",
    "ua_os_family": "macos",
    "ua_fingerprint": "aws-cli/1.16",
    "source_kind": "public",
}


def _event(when: dt.datetime, name: str, net: dict[str, object]) -> dict[str, object]:
    return {
        "event_time": when,
        "event_source": "s3.amazonaws.com",
        "event_name": name,
        "aws_region": "us-east-1",
        "recipient_account_id": "111111111111",
        "access_key_id": f"ASIA{when:%d}",
        "principal_arn": ROLE,
        "principal_type": "role",
        **net,
    }


@pytest.fixture(scope="module")
def enriched() -> pl.DataFrame:
    """Ten days of GetObject from EC2, three calls a day; then a day of ListBuckets from a laptop."""
    rows = [
        _event(dt.datetime(2024, 7, day, hour, 5, tzinfo=UTC), "GetObject", USUAL)
        for day in range(1, 11)
        for hour in (9, 10, 11)
    ]
    rows += [
        _event(dt.datetime(2024, 7, 11, 3, minute, tzinfo=UTC), name, STOLEN)
        for minute, name in enumerate(
            ["ListBuckets", "GetObject", "GetObject", "GetObject", "GetObject"]
        )
    ]
    return conform(pl.DataFrame(rows).lazy(), ENRICHED).collect()


def test_values_never_seen_in_the_baseline_are_new(enriched: pl.DataFrame) -> None:
    view = principal_view(enriched, ROLE)
    assert (view.recent_start, view.recent_end) == (
        dt.datetime(2024, 7, 11, tzinfo=UTC),
        dt.datetime(2024, 7, 12, tzinfo=UTC),
    )
    new = {(r["dimension"], r["value"]) for r in view.new_values.iter_rows(named=True)}
    assert ("network_key", "asn:20940") in new
    assert ("country", "NL") in new
    assert ("ua_os_family", "macos") in new
    assert ("api", "s3.amazonaws.com:ListBuckets") in new
    assert ("api", "s3.amazonaws.com:GetObject") not in new
    known = view.values.filter(pl.col("value") == "s3.amazonaws.com:GetObject").row(0, named=True)
    assert (known["recent_count"], known["baseline_count"], known["baseline_days_seen"]) == (
        4,
        30,
        10,
    )
    # The baseline's usual network is shown too, with no recent use.
    usual = view.values.filter(pl.col("value") == "aws:3.224.0.0/12").row(0, named=True)
    assert (usual["recent_count"], usual["is_new"]) == (0, False)


def test_hourly_volume_is_set_against_the_baseline(enriched: pl.DataFrame) -> None:
    view = principal_view(enriched, ROLE)
    assert view.hourly.height == 24
    burst = view.hourly.filter(pl.col("events") > 0)
    assert burst.select("hour", "events").rows() == [(dt.datetime(2024, 7, 11, 3, tzinfo=UTC), 5)]
    assert burst.row(0, named=True)["baseline_events_median"] == 1.0
    assert view.maturity.row(0, named=True)["days_observed"] == 10


def test_a_saved_model_is_used_when_given(enriched: pl.DataFrame, tmp_path: Path) -> None:
    history = enriched.filter(pl.col("event_time") < dt.datetime(2024, 7, 11, tzinfo=UTC))
    Baseline(window="30d", min_days=3).fit(history, until="2024-07-11").save(tmp_path / "model")
    view = principal_view(enriched, ROLE, model=tmp_path / "model", end="2024-07-11")
    assert ("country", "NL") in set(view.new_values.select("dimension", "value").iter_rows())
    assert view.values.filter(pl.col("value") == "US").get_column("baseline_count").item() == 30


def test_raw_lake_events_are_enriched_for_the_view(lake: Path) -> None:
    view = principal_view(lake, "arn:aws:iam::653711331788:role/service-role/level1")
    networks = view.values.filter(pl.col("dimension") == "network_key")
    # No history before the attack day: everything is new, both the Lambda's and the attacker's.
    values = sorted(networks.get_column("value"))
    # the attacker's network (Akamai, by the bundled ASN table) and the Lambda's AWS prefix
    assert values == ["asn:20940", "aws:34.224.0.0/12"]
    assert networks.get_column("is_new").all()
    assert view.hourly.get_column("events").sum() == 9


def test_unknown_principal_is_a_clear_error(lake: Path) -> None:
    with pytest.raises(UebaError, match="no events of arn:aws:iam::1:role/nobody"):
        principal_view(lake, "arn:aws:iam::1:role/nobody")
