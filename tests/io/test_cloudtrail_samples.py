"""The three bundled sample sets read into exactly the EVENTS schema, every event kept."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import ueba
from ueba.io.cloudtrail import parse_source
from ueba.io.sources import list_sources
from ueba.schema import EVENTS

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.mark.parametrize(("folder", "events"), [("flaws2", 37), ("otrf", 103), ("stratus", 310)])
def test_sample_set_reads_every_event_without_errors(folder: str, events: int) -> None:
    parsed = [parse_source(s) for s in list_sources([SAMPLES / folder])]
    assert sum(p.events.num_rows for p in parsed) == events
    assert sum(p.errors.num_rows for p in parsed) == 0


def test_read_cloudtrail_returns_exactly_the_events_schema() -> None:
    frame = ueba.read_cloudtrail([SAMPLES / "flaws2", SAMPLES / "otrf", SAMPLES / "stratus"])
    assert frame.schema == pl.Schema(EVENTS)
    assert frame.height == 450
    assert frame.get_column("event_id").n_unique() == 450


def test_otrf_logstash_timestamp_becomes_event_time_and_version_goes_to_extra() -> None:
    frame = ueba.read_cloudtrail(SAMPLES / "otrf")
    assert frame.get_column("event_time").null_count() == 0
    stolen = frame.filter(pl.col("access_key_id") == "ASIA5FLZVX4OPVKKVBMX")
    assert stolen.height == 11
    first = stolen.sort("event_time").row(0, named=True)
    assert str(first["event_time"]) == "2020-09-14 01:00:04+00:00"
    assert '"@version":"1"' in first["extra"]


def test_flaws2_identity_fields_are_flat() -> None:
    frame = ueba.read_cloudtrail(SAMPLES / "flaws2")
    listing = frame.filter(pl.col("event_name") == "ListBuckets").row(0, named=True)
    assert listing["access_key_id"] == "ASIAZQNB3KHGNXWXBSJS"
    assert listing["source_ip_address"] == "104.102.221.250"
    assert listing["session_issuer_arn"] == "arn:aws:iam::653711331788:role/level3"
    assert listing["identity_type"] == "AssumedRole"
    assert listing["recipient_account_id"] == "653711331788"


def test_session_tokens_of_the_samples_are_redacted_and_key_ids_kept() -> None:
    frame = ueba.read_cloudtrail(SAMPLES / "flaws2")
    assume = frame.filter(pl.col("event_name") == "AssumeRole")
    for text in assume.get_column("response_elements").drop_nulls():
        assert '"sessionToken":"<redacted>"' in text
        assert '"accessKeyId":"ASIA' in text
    leaked = frame.select(
        pl.all().cast(pl.String).str.contains("FQoGZXIvYXdzE", literal=True).any()
    )
    assert not any(leaked.row(0))


def test_scan_cloudtrail_is_lazy_and_matches_read() -> None:
    lazy = ueba.scan_cloudtrail(SAMPLES / "stratus")
    assert lazy.collect_schema() == pl.Schema(EVENTS)
    assert lazy.filter(pl.col("event_name") == "GetPasswordData").collect().height > 0
    assert lazy.collect().height == 310
