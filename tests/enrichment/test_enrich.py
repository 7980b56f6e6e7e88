"""``enrich()``: network + user agent + identity, exactly ENRICHED, every event kept once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import ueba
from ueba.enrichment import enrich, enrich_identity, enrich_network, enrich_user_agent
from ueba.enrichment.aws_ranges import AwsIpRanges
from ueba.enrichment.geo import AsnTable
from ueba.io.cloudtrail import read_cloudtrail, scan_cloudtrail
from ueba.schema import ENRICHED, EVENTS

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def events() -> pl.DataFrame:
    return read_cloudtrail([SAMPLES / "flaws2", SAMPLES / "otrf", SAMPLES / "stratus"])


@pytest.fixture(scope="module")
def enriched(events: pl.DataFrame) -> pl.DataFrame:
    return enrich(events.lazy(), asn_table=AsnTable.bundled()).collect()


def test_enrich_gives_exactly_the_enriched_schema(enriched: pl.DataFrame) -> None:
    assert dict(enriched.schema) == dict(ENRICHED)


def test_enrich_keeps_every_event_once_and_in_order(
    events: pl.DataFrame, enriched: pl.DataFrame
) -> None:
    assert enriched.height == events.height == 450
    assert enriched["event_id"].to_list() == events["event_id"].to_list()
    assert enriched.select(list(EVENTS)).equals(events.select(list(EVENTS)))


@pytest.mark.parametrize("sample", ["flaws2", "otrf", "stratus"])
def test_enrich_preserves_row_count_of_each_sample(sample: str) -> None:
    events = read_cloudtrail(SAMPLES / sample)
    assert enrich(events.lazy()).collect().height == events.height


def test_enrich_is_lazy_and_accepts_a_deferred_scan() -> None:
    lazy = enrich(scan_cloudtrail(SAMPLES / "flaws2"))
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect_schema() == pl.Schema(ENRICHED)
    assert lazy.collect().height == 37


def test_default_ip_ranges_are_the_bundled_snapshot(events: pl.DataFrame) -> None:
    lazy = events.lazy()
    default = enrich(lazy).select("source_kind", "ip_aws_prefix").collect()
    bundled = enrich(lazy, ip_ranges=AwsIpRanges.bundled()).select("source_kind", "ip_aws_prefix")
    assert default.equals(bundled.collect())


def test_flaws2_attacker_is_public_akamai_with_a_mac_aws_cli(enriched: pl.DataFrame) -> None:
    attacker = enriched.filter(pl.col("source_ip_address") == "104.102.221.250")
    assert set(attacker["source_kind"]) == {"public"}
    assert set(attacker["asn"]) == {20940}
    assert set(attacker["ua_os_family"]) == {"macos"}
    stolen = attacker.filter(pl.col("access_key_id") == "ASIAZQNB3KHGNXWXBSJS").row(0, named=True)
    assert (stolen["workload_kind"], stolen["ua_family"]) == ("ecs", "aws-cli")


def test_flaws2_lambda_runtime_calls_come_from_aws_ec2(enriched: pl.DataFrame) -> None:
    runtime = enriched.filter(pl.col("user_agent") == "awslambda-worker")
    assert set(runtime["source_kind"]) == {"aws"}
    assert set(runtime["aws_service"]) == {"EC2"}
    assert set(runtime["workload_kind"]) == {"lambda"}
    assert set(runtime["ua_exec_env"]) == {"Lambda"}


def test_enrich_equals_the_three_stages_run_by_hand(events: pl.DataFrame) -> None:
    # enrich()'s defaults: the bundled snapshot and the bundled ASN table (no feeds installed).
    network = enrich_network(
        events.lazy(), ip_ranges=AwsIpRanges.bundled(), asn_table=AsnTable.bundled()
    )
    by_hand = enrich_identity(enrich_user_agent(network)).collect()
    composed = enrich(events.lazy()).collect()
    assert composed.equals(by_hand.select(list(ENRICHED)))


def test_ueba_enrich_is_the_function_even_after_the_package_is_imported(
    events: pl.DataFrame,
) -> None:
    import ueba.enrichment.identity

    assert ueba.enrich is enrich
    assert ueba.enrich(events.lazy()).collect().equals(enrich(events.lazy()).collect())


def test_a_dataframe_in_gives_a_dataframe_out(events: pl.DataFrame) -> None:
    out = ueba.enrich(events, asn_table=AsnTable.bundled())
    assert isinstance(out, pl.DataFrame)
    assert out.equals(enrich(events.lazy(), asn_table=AsnTable.bundled()).collect())


@pytest.mark.parametrize("stage", [enrich_identity, enrich_user_agent])
def test_each_stage_returns_the_kind_of_frame_it_is_given(
    events: pl.DataFrame, stage: Callable[..., Any]
) -> None:
    eager = stage(events)
    lazy = stage(events.lazy())
    assert isinstance(eager, pl.DataFrame)
    assert isinstance(lazy, pl.LazyFrame)
    assert eager.equals(lazy.collect())


def test_the_network_stage_returns_the_kind_of_frame_it_is_given(events: pl.DataFrame) -> None:
    eager = enrich_network(events, asn_table=AsnTable.bundled())
    assert isinstance(eager, pl.DataFrame)
    assert eager.equals(enrich_network(events.lazy(), asn_table=AsnTable.bundled()).collect())


def test_a_stage_given_something_else_says_what_it_wants() -> None:
    with pytest.raises(TypeError, match="polars DataFrame or LazyFrame, got list"):
        enrich_identity([{"event_name": "ListBuckets"}])  # type: ignore[type-var]


def test_enrich_on_no_events_is_an_empty_enriched_frame() -> None:
    empty = pl.LazyFrame(schema=dict(EVENTS))
    out = enrich(empty).collect()
    assert out.height == 0
    assert dict(out.schema) == dict(ENRICHED)


def test_enriching_enriched_events_again_changes_nothing(enriched: pl.DataFrame) -> None:
    again = enrich(enriched.lazy(), asn_table=AsnTable.bundled()).collect()
    assert again.equals(enriched)


def test_enrich_accepts_a_frame_with_only_some_event_columns() -> None:
    events = pl.LazyFrame(
        {
            "source_ip_address": ["34.234.236.212"],
            "user_agent": ["aws-cli/2.9.0 Python/3.9.11 Linux/5.10.0-kali7-amd64"],
        }
    )
    row = enrich(events).collect().row(0, named=True)
    assert (row["source_kind"], row["ua_family"], row["ua_distro"]) == ("aws", "aws-cli", "kali")
    assert row["principal_type"] == "anonymous"
