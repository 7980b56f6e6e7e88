"""The whois last resort, offline: recorded RDAP responses through ipwhois' own parser."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ueba.enrichment.whois import IpWhoisResolver, WhoisLookup, record_from_rdap
from ueba.exceptions import FeedError

RECORDED = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "geo" / "ipwhois" / "rdap.json").read_text()
)


def _replay(ip: str) -> tuple[dict[str, Any], dict[str, Any]]:
    entry = RECORDED[ip]
    return entry["response"], entry["asn_data"]


class CountingResolver:
    """Wraps the replaying resolver and counts calls: the cache must spare the network."""

    def __init__(self) -> None:
        self.inner = IpWhoisResolver(fetch=_replay)
        self.asked: list[str] = []

    def __call__(self, ip: str) -> dict[str, Any] | None:
        self.asked.append(ip)
        return self.inner(ip)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_recorded_rdap_response_parses_to_asn_org_and_block() -> None:
    record = IpWhoisResolver(fetch=_replay)("74.125.225.229")
    assert record == {"asn": 15169, "as_org": "GOOGLE", "country": "US", "cidr": "74.125.225.0/24"}


def test_recorded_ipv6_response_parses() -> None:
    record = IpWhoisResolver(fetch=_replay)("2a00:2381:ffff::1")
    assert record is not None
    assert (record["asn"], record["country"], record["cidr"]) == (2856, "GB", "2a00:2380::/25")


def test_private_address_is_not_sent_to_whois() -> None:
    def refuse(ip: str) -> tuple[dict[str, Any], dict[str, Any]]:
        raise AssertionError(f"{ip} should never be fetched")

    assert IpWhoisResolver(fetch=refuse)("10.0.0.1") is None


def test_record_without_asn_keeps_network_name_and_block() -> None:
    record = record_from_rdap(
        {"network": {"cidr": "196.11.239.0/24, 196.11.240.0/22", "name": "X"}}
    )
    assert record == {"asn": None, "as_org": "X", "country": None, "cidr": "196.11.239.0/24"}


def test_cache_answers_a_second_address_in_the_same_block(tmp_path: Path) -> None:
    resolver = CountingResolver()
    lookup = WhoisLookup(tmp_path, resolver=resolver, min_interval=0)
    first = lookup.lookup(pl.Series(["74.125.225.229"]))
    assert first.select("asn", "as_org", "country").row(0) == (15169, "GOOGLE", "US")
    again = WhoisLookup(tmp_path, resolver=resolver, min_interval=0)
    second = again.lookup(pl.Series(["74.125.225.1"]))  # same /24, answered from disk
    assert second["asn"].to_list() == [15169]
    assert resolver.asked == ["74.125.225.229"]
    cache = json.loads((tmp_path / "whois-cache.json").read_text())
    assert set(cache["blocks"]) == {"74.125.225.0/24"}
    assert not list(tmp_path.glob("*.tmp"))


def test_expired_cache_entry_is_fetched_again(tmp_path: Path) -> None:
    clock = FakeClock()
    resolver = CountingResolver()
    lookup = WhoisLookup(
        tmp_path, resolver=resolver, ttl=timedelta(days=1), clock=clock, sleep=clock.sleep
    )
    lookup.lookup(pl.Series(["74.125.225.229"]))
    clock.now += 2 * 86_400
    lookup.lookup(pl.Series(["74.125.225.229"]))
    assert resolver.asked == ["74.125.225.229", "74.125.225.229"]


def test_queries_are_spaced_by_the_minimum_interval(tmp_path: Path) -> None:
    clock = FakeClock()
    lookup = WhoisLookup(
        tmp_path, resolver=CountingResolver(), min_interval=2.0, clock=clock, sleep=clock.sleep
    )
    lookup.lookup(pl.Series(["74.125.225.229", "62.239.237.1", "210.107.73.73"]))
    assert clock.slept == [2.0, 2.0]


def test_query_budget_leaves_the_rest_null(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    resolver = CountingResolver()
    lookup = WhoisLookup(tmp_path, resolver=resolver, min_interval=0, max_queries=1)
    found = lookup.lookup(pl.Series(["74.125.225.229", "62.239.237.1"]))
    assert found["asn"].to_list() == [15169, None]
    assert resolver.asked == ["74.125.225.229"]
    assert "1 addresses left without an ASN" in caplog.text


def test_resolver_failure_leaves_that_address_null(tmp_path: Path) -> None:
    def broken(ip: str) -> dict[str, Any] | None:
        raise TimeoutError("RDAP server did not answer")

    found = WhoisLookup(tmp_path, resolver=broken, min_interval=0).lookup(pl.Series(["8.8.8.8"]))
    assert found["asn"].to_list() == [None]
    assert not (tmp_path / "whois-cache.json").exists()


def test_damaged_cache_names_the_file_and_the_fix(tmp_path: Path) -> None:
    (tmp_path / "whois-cache.json").write_text("{truncated")
    with pytest.raises(FeedError, match="Delete the file") as caught:
        WhoisLookup(tmp_path, resolver=CountingResolver()).lookup(pl.Series(["8.8.8.8"]))
    assert "whois-cache.json" in str(caught.value)
