"""enrich_network: source kind, AWS service, ASN and network key, on hand-made and real events."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import polars as pl
import pytest

from ueba.enrichment.aws_ranges import AwsIpRanges
from ueba.enrichment.geo import AsnTable
from ueba.enrichment.network import enrich_network
from ueba.schema import ENRICHED_NETWORK, EVENTS, SOURCE_KINDS, conform
from ueba.testing.geo import FakeGeoReader

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "geo"
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="module")
def ranges() -> AwsIpRanges:
    return AwsIpRanges.bundled()


@pytest.fixture(scope="module")
def asn_table() -> AsnTable:
    return AsnTable.from_csv(DATA / "asn-ipv4-subset.csv")


def _events(ips: list[str | None], endpoints: list[str | None] | None = None) -> pl.LazyFrame:
    frame = pl.LazyFrame(
        {
            "source_ip_address": ips,
            "vpc_endpoint_id": endpoints or [None] * len(ips),
            "event_id": [f"e{i}" for i in range(len(ips))],
        },
        schema={
            "source_ip_address": pl.String,
            "vpc_endpoint_id": pl.String,
            "event_id": pl.String,
        },
    )
    return conform(frame, EVENTS)


def test_adds_exactly_the_network_columns_and_keeps_every_row(ranges: AwsIpRanges) -> None:
    events = _events(["8.8.8.8", "10.0.0.1", "8.8.8.8", None])
    out = enrich_network(events, ip_ranges=ranges)
    assert isinstance(out, pl.LazyFrame)
    assert out.collect_schema() == pl.Schema({**EVENTS, **ENRICHED_NETWORK})
    frame = out.collect()
    assert frame["event_id"].to_list() == ["e0", "e1", "e2", "e3"]


def test_each_source_kind(ranges: AwsIpRanges) -> None:
    ips = [
        "34.234.236.212",
        "10.1.2.3",
        "10.1.2.3",
        "ec2.amazonaws.com",
        "AWS Internal",
        "104.102.221.250",
        "035.249.253.232",
        None,
    ]
    endpoints = ["vpce-0abc", "vpce-0abc", None, None, None, None, None, None]
    kinds = enrich_network(_events(ips, endpoints), ip_ranges=ranges).collect()["source_kind"]
    assert kinds.to_list() == [
        "aws",  # a public AWS address stays aws even through an endpoint
        "vpc_endpoint",
        "private",
        "aws_service",
        "aws_internal",
        "public",
        "invalid",
        "invalid",
    ]
    assert set(kinds) <= set(SOURCE_KINDS)


def test_vpc_endpoint_private_ip_is_not_outside_aws(ranges: AwsIpRanges) -> None:
    out = enrich_network(_events(["172.31.5.6"], ["vpce-0123"]), ip_ranges=ranges).collect()
    assert out.select("source_kind", "network_key").row(0) == (
        "vpc_endpoint",
        "vpc_endpoint:vpce-0123",
    )


def test_network_keys(ranges: AwsIpRanges, asn_table: AsnTable) -> None:
    ips = [
        "34.234.236.212",
        "104.102.221.250",
        "203.0.113.7",
        "2001:db8:1:2::5",
        "Lambda.amazonaws.com",
        "192.168.0.1",
        "AWS Internal",
        "not an ip",
    ]
    out = enrich_network(_events(ips), ip_ranges=ranges, asn_table=asn_table).collect()
    assert out["network_key"].to_list() == [
        "aws:34.224.0.0/12",
        "asn:20940",
        "net:203.0.113.0/24",
        "net:2001:db8:1::/48",
        "aws_service:lambda.amazonaws.com",
        "private",
        "aws_internal",
        "invalid",
    ]


def test_aws_columns_for_an_aws_address(ranges: AwsIpRanges) -> None:
    row = enrich_network(_events(["3.225.16.109"]), ip_ranges=ranges).collect().row(0, named=True)
    assert row["source_kind"] == "aws"
    assert row["aws_services"] == ["AMAZON", "EC2"]
    assert row["aws_service"] == "EC2"
    assert row["ip_aws_region"] == "us-east-1"
    assert row["ip_network_border_group"] == "us-east-1"
    assert row["ip_aws_prefix"] == "3.224.0.0/12"


def test_the_snapshot_in_force_decides(ranges: AwsIpRanges) -> None:
    old = AwsIpRanges.from_json(DATA / "ip-ranges_2018-11-27-02-33-25.json")
    events = _events(["3.225.16.109"])
    assert enrich_network(events, ip_ranges=ranges).collect()["source_kind"].to_list() == ["aws"]
    assert enrich_network(events, ip_ranges=old).collect()["source_kind"].to_list() == ["public"]


def test_geo_is_asked_once_per_distinct_routable_address(ranges: AwsIpRanges) -> None:
    geo = FakeGeoReader({"8.8.8.0/24": {"asn": 15169, "country": "US", "city": "Mountain View"}})
    events = _events(["8.8.8.8", "8.8.8.8", "10.0.0.1", "ec2.amazonaws.com", "8.8.4.4", "x"] * 50)
    out = enrich_network(events, ip_ranges=ranges, geo=geo).collect()
    assert len(geo.calls) == 1
    assert sorted(geo.calls[0]) == ["8.8.4.4", "8.8.8.8"]
    first = out.row(0, named=True)
    assert (first["asn"], first["country"], first["city"]) == (15169, "US", "Mountain View")
    assert out.filter(pl.col("source_kind") != "public")["country"].null_count() == 150


def test_nothing_is_looked_up_before_the_frame_is_collected(ranges: AwsIpRanges) -> None:
    geo = FakeGeoReader({})
    lazy = enrich_network(_events(["8.8.8.8"]), ip_ranges=ranges, geo=geo)
    assert geo.calls == []
    lazy.collect()
    assert geo.calls == [["8.8.8.8"]]


def test_recorded_whois_fills_an_address_the_table_does_not_know(
    ranges: AwsIpRanges, asn_table: AsnTable, tmp_path: Path
) -> None:
    import json

    from ueba.enrichment.whois import IpWhoisResolver, WhoisLookup

    recorded = json.loads((DATA / "ipwhois" / "rdap.json").read_text())

    def replay(ip: str) -> tuple[dict[str, object], dict[str, object]]:
        return recorded[ip]["response"], recorded[ip]["asn_data"]

    whois = WhoisLookup(tmp_path, resolver=IpWhoisResolver(fetch=replay), min_interval=0)
    events = _events(["62.239.237.1", "104.102.221.250"])
    out = enrich_network(events, ip_ranges=ranges, asn_table=asn_table, whois=whois).collect()
    assert out.select("asn", "country", "network_key").rows() == [
        (2856, "GB", "asn:2856"),
        (20940, None, "asn:20940"),
    ]


def test_maxmind_asn_comes_before_the_table(ranges: AwsIpRanges, asn_table: AsnTable) -> None:
    geo = FakeGeoReader({"104.102.221.0/24": {"asn": 64512, "as_org": "From MaxMind"}})
    out = enrich_network(
        _events(["104.102.221.250", "8.8.8.8"]), ip_ranges=ranges, geo=geo, asn_table=asn_table
    ).collect()
    assert out.select("asn", "as_org").rows() == [(64512, "From MaxMind"), (15169, "Google LLC")]


def test_whois_is_asked_only_about_public_addresses_without_asn(
    ranges: AwsIpRanges, asn_table: AsnTable
) -> None:
    whois = FakeGeoReader({"203.0.113.0/24": {"asn": 64500, "as_org": "Example", "country": "AU"}})
    events = _events(["203.0.113.9", "104.102.221.250", "34.234.236.212", "10.0.0.1"])
    out = enrich_network(events, ip_ranges=ranges, asn_table=asn_table, whois=whois).collect()
    assert whois.calls == [["203.0.113.9"]]
    assert out.select("asn", "as_org", "country", "network_key").row(0) == (
        64500,
        "Example",
        "AU",
        "asn:64500",
    )
    assert out["asn"].to_list()[1:] == [20940, 14618, None]


def test_enriching_twice_replaces_the_columns(ranges: AwsIpRanges) -> None:
    once = enrich_network(_events(["8.8.8.8"]), ip_ranges=ranges)
    twice = enrich_network(once, ip_ranges=ranges).collect()
    assert twice.columns == once.collect().columns
    assert twice.equals(once.collect())


def test_minimal_frame_without_endpoint_column(ranges: AwsIpRanges) -> None:
    events = pl.LazyFrame({"source_ip_address": ["10.0.0.1", "1.2.3.4"]})
    out = enrich_network(events, ip_ranges=ranges).collect()
    assert out["source_kind"].to_list() == ["private", "public"]
    assert out.columns == ["source_ip_address", *ENRICHED_NETWORK]


def test_empty_frame(ranges: AwsIpRanges) -> None:
    out = enrich_network(_events([]), ip_ranges=ranges).collect()
    assert out.height == 0
    assert out.schema == pl.Schema({**EVENTS, **ENRICHED_NETWORK})


# ---- the real trails in data/samples (ground truth in their README) ------------------------


@pytest.fixture(scope="module")
def read_cloudtrail():  # type: ignore[no-untyped-def]
    from ueba.io.cloudtrail import read_cloudtrail

    return read_cloudtrail


def test_flaws2_attacker_is_public_akamai_and_lambda_is_ec2(
    read_cloudtrail, ranges: AwsIpRanges, asn_table: AsnTable
) -> None:  # type: ignore[no-untyped-def]
    events = read_cloudtrail(SAMPLES / "flaws2").lazy()
    out = enrich_network(events, ip_ranges=ranges, asn_table=asn_table).collect()
    by_ip = {row["source_ip_address"]: row for row in out.iter_rows(named=True)}
    attacker = by_ip["104.102.221.250"]
    assert attacker["source_kind"] == "public"
    assert attacker["aws_service"] is None
    assert (attacker["asn"], attacker["as_org"]) == (20940, "Akamai International B.V.")
    assert attacker["network_key"] == "asn:20940"
    lambda_ip = by_ip["34.234.236.212"]
    assert lambda_ip["source_kind"] == "aws"
    assert (lambda_ip["aws_service"], lambda_ip["ip_aws_region"]) == ("EC2", "us-east-1")
    services = out.filter(pl.col("source_ip_address").str.ends_with(".amazonaws.com"))
    assert services.height > 0
    assert set(services["source_kind"]) == {"aws_service"}
    # the stolen level3 key's one call comes from outside AWS
    level3 = out.filter(pl.col("access_key_id") == "ASIAZQNB3KHGNXWXBSJS")
    assert level3["source_kind"].to_list() == ["public"]


def test_stratus_addresses_with_leading_zeros_are_invalid_and_kept(
    read_cloudtrail, ranges: AwsIpRanges
) -> None:  # type: ignore[no-untyped-def]
    events = read_cloudtrail(SAMPLES / "stratus").lazy()
    out = enrich_network(events, ip_ranges=ranges).collect()
    assert out.height == 310
    for row in out.select("source_ip_address", "source_kind").unique().iter_rows():
        text, kind = row
        if kind == "invalid" and text is not None:
            # either not an address at all or one no call can come from (240/4, multicast)
            try:
                address = ipaddress.ip_address(text)
            except ValueError:
                continue
            assert address.is_reserved or address.is_multicast or address.is_unspecified
    zeros = out.filter(pl.col("source_ip_address") == "035.249.253.232")
    assert zeros.height == 15
    assert set(zeros["source_kind"]) == {"invalid"}
    assert set(zeros["network_key"]) == {"invalid"}
    real = out.filter(pl.col("source_ip_address") == "18.236.253.47")
    assert set(real["source_kind"]) == {"aws"}


def test_otrf_sanitised_address_is_public_with_its_slash_24(
    read_cloudtrail, ranges: AwsIpRanges
) -> None:  # type: ignore[no-untyped-def]
    events = read_cloudtrail(SAMPLES / "otrf").lazy()
    out = enrich_network(events, ip_ranges=ranges).collect()
    sanitised = out.filter(pl.col("source_ip_address") == "1.2.3.4")
    assert sanitised.height > 0
    assert set(sanitised["network_key"]) == {"net:1.2.3.0/24"}
