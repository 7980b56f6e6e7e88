"""models/demo: built from the bundled samples, loadable, current, and meaningful for the rules."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import polars as pl
import pytest

import ueba
from ueba.baseline import Baseline
from ueba.enrichment import enrich

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "models" / "demo"
SAMPLES = ROOT / "data" / "samples"


def same(left: pl.DataFrame, right: pl.DataFrame) -> bool:
    """Equal as sets of rows (a baseline's frames come in no particular order)."""
    return left.sort(left.columns).equals(right.sort(right.columns))


@pytest.fixture(scope="module")
def demo() -> Baseline:
    return Baseline.load(DEMO)


@pytest.fixture(scope="module")
def flaws2() -> pl.DataFrame:
    events = ueba.read_cloudtrail([str(SAMPLES / "flaws2")])
    return enrich(events.lazy(), ip_ranges=ueba.AwsIpRanges.bundled()).collect()


@pytest.fixture(scope="module")
def otrf() -> pl.DataFrame:
    events = ueba.read_cloudtrail([str(SAMPLES / "otrf")])
    return enrich(events.lazy(), ip_ranges=ueba.AwsIpRanges.bundled()).collect()


def test_demo_model_loads_and_records_its_window_and_feed(demo):
    assert demo.window_end_ == dt.datetime(2020, 9, 14, 1, 0, 4, tzinfo=dt.UTC)
    assert demo.window_start_ == dt.datetime(2018, 11, 28, tzinfo=dt.UTC)
    assert demo.feeds_["ip_ranges"]["sync_token"] == ueba.AwsIpRanges.bundled().sync_token
    assert sum(p.stat().st_size for p in DEMO.iterdir()) < 100_000


def test_demo_model_is_what_the_build_script_produces(tmp_path, demo):
    spec = importlib.util.spec_from_file_location(
        "build_demo", ROOT / "benchmarks" / "build_demo_model.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build(tmp_path / "demo")
    # format 3 adds the workload -> role map (the principal scope's `workload` rows) and format 4
    # the buckets read and written (`s3_*` rows), which the committed format-1 demo predates:
    # everything else is the same
    mapped = pl.col("dimension") == "workload"
    assert demo.profile_.filter(mapped).height == 0
    assert ("principal", "lambda:level1") in rebuilt.profile_.filter(mapped).select(
        "scope", "value"
    ).rows()
    buckets = pl.col("dimension").str.starts_with("s3_")
    assert demo.profile_.filter(buckets).height == 0
    mapped = mapped | buckets
    assert same(rebuilt.profile_.filter(~mapped), demo.profile_), (
        "models/demo is stale: run benchmarks/build_demo_model.py"
    )
    assert same(rebuilt.volume_stats_, demo.volume_stats_)
    # the committed demo was saved in format 1 (before the weekly-cycle rule): it loads with the
    # rule it was saved with (min_days=1 days alone), the maturity a format-2 rebuild gives
    assert demo.manifest_["format_version"] == 1 and demo.cycle_active_days is None
    assert same(rebuilt.maturity_, demo.maturity_)


def test_stolen_lambda_key_calls_are_new_for_role_level1(demo, flaws2):
    level1 = flaws2.filter(pl.col("access_key_id") == "ASIAZQNB3KHGIGYQXVVG")
    result = demo.known(level1, scope="principal", dimension="api").sort("event_time")
    benign = result.filter(pl.col("event_name") == "CreateLogStream")
    stolen = result.filter(pl.col("source_ip_address") == "104.102.221.250")
    assert benign["is_known_for_entity"].all()
    assert stolen.height == 4 and not stolen["is_known_for_entity"].any()
    network = demo.known(stolen, scope="workload", dimension="network_key", prefix="net_")
    assert not network["net_is_known_for_entity"].any()
    # The attacker browsed the public site first, anonymously: that must not make the
    # network known for the account.
    assert not network["net_is_known_for_account"].any()


def test_ecs_task_key_of_level3_was_never_seen(demo, flaws2):
    level3 = flaws2.filter(pl.col("access_key_id") == "ASIAZQNB3KHGNXWXBSJS")
    result = demo.entity_maturity(level3, scope="credential")
    assert result["entity_is_new"].to_list() == [True]


def test_otrf_console_user_is_known_and_the_stolen_instance_key_is_new(demo, otrf):
    pedro = otrf.filter(pl.col("principal_arn").str.ends_with("user/pedro"))
    known = demo.known(pedro, scope="principal", dimension="ua_family")
    assert known["is_known_for_entity"].all()
    stolen = otrf.filter(pl.col("access_key_id") == "ASIA5FLZVX4OPVKKVBMX")
    os_family = demo.known(stolen, scope="account", dimension="ua_os_family")
    assert stolen.height == 11
    assert not os_family["is_known_for_entity"].any()  # no macOS client in the account before
