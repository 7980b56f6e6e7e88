"""MaxMind databases and the IP-range to ASN table."""

from __future__ import annotations

import ipaddress
import logging
import warnings
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.enrichment.geo import ASN_TABLE, GEO_SCHEMA, AsnTable, GeoReader, MaxMindReader
from ueba.exceptions import FeedError
from ueba.testing.geo import FakeGeoReader

DATA = Path(__file__).resolve().parents[1] / "data" / "geo"
ASN_SUBSET = DATA / "asn-ipv4-subset.csv"


def _build_mmdb(
    path: Path, database_type: str, networks: dict[str, dict[str, object]], *, ip_version: int = 4
) -> Path:
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    writer = MMDBWriter(
        ip_version=ip_version, database_type=database_type, ipv4_compatible=ip_version == 6
    )
    for cidr, record in networks.items():
        writer.insert_network(IPSet([cidr]), record)
    writer.to_db_file(str(path))
    return path


@pytest.fixture
def akamai_asn_db(tmp_path: Path) -> Path:
    return _build_mmdb(
        tmp_path / "Akamai-ASN.mmdb",
        "GeoLite2-ASN",
        {
            "104.102.221.0/24": {
                "autonomous_system_number": 20940,
                "autonomous_system_organization": "Akamai International B.V.",
            }
        },
    )


def test_maxmind_test_databases_give_asn_city_and_anonymity() -> None:
    with MaxMindReader(
        asn_db=DATA / "GeoLite2-ASN-Test.mmdb",
        city_db=DATA / "GeoIP2-City-Test.mmdb",
        anonymous_db=DATA / "GeoIP2-Anonymous-IP-Test.mmdb",
    ) as geo:
        found = geo.lookup(pl.Series(["1.128.0.1", "81.2.69.142", "1.2.0.1", "12.81.92.5"]))
    assert found.schema == pl.Schema(GEO_SCHEMA)
    rows = {row["ip"]: row for row in found.iter_rows(named=True)}
    assert (rows["1.128.0.1"]["asn"], rows["1.128.0.1"]["as_org"]) == (1221, "Telstra Pty Ltd")
    assert rows["12.81.92.5"]["asn"] == 7018
    london = rows["81.2.69.142"]
    assert (london["city"], london["country"]) == ("London", "GB")
    assert london["latitude"] == pytest.approx(51.5142)
    assert london["longitude"] == pytest.approx(-0.0931)
    assert (rows["1.2.0.1"]["ip_is_anonymous"], rows["1.2.0.1"]["ip_is_hosting"]) == (True, False)
    # in MaxMind's test data 81.2.69.142 carries every anonymity flag, hosting included
    assert rows["81.2.69.142"]["ip_is_hosting"] is True
    assert (rows["12.81.92.5"]["ip_is_anonymous"], rows["12.81.92.5"]["ip_is_hosting"]) == (
        False,
        False,
    )


def test_country_database_fills_country_without_a_city_database() -> None:
    geo = MaxMindReader(country_db=DATA / "GeoLite2-Country-Test.mmdb")
    found = geo.lookup(pl.Series(["81.2.69.142"]))
    assert found["country"].to_list() == ["GB"]
    assert found["city"].to_list() == [None]
    assert found["ip_is_anonymous"].to_list() == [None]  # unknown, not "not anonymous"


def test_isp_database_serves_as_asn_source() -> None:
    geo = MaxMindReader(asn_db=DATA / "GeoIP2-ISP-Test.mmdb")
    assert geo.lookup(pl.Series(["1.128.0.1"]))["asn"].to_list() == [1221]


def test_database_built_with_mmdb_writer_maps_akamai(akamai_asn_db: Path) -> None:
    geo = MaxMindReader(asn_db=akamai_asn_db)
    found = geo.lookup(pl.Series(["104.102.221.250", "104.102.222.1"]))
    assert found["asn"].to_list() == [20940, None]
    assert found["as_org"].to_list() == ["Akamai International B.V.", None]


def test_ipv6_address_against_ipv4_only_database_is_null_not_a_crash(
    akamai_asn_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    geo = MaxMindReader(asn_db=akamai_asn_db)
    with caplog.at_level(logging.WARNING, logger="ueba.enrichment.geo"):
        found = geo.lookup(pl.Series(["2001:db8::1", "104.102.221.1"]))
    assert found["asn"].to_list() == [None, 20940]
    assert "1 MaxMind look-ups failed" in caplog.text


def test_missing_database_warns_once_and_leaves_columns_null(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        geo = MaxMindReader(
            asn_db=tmp_path / "GeoLite2-ASN.mmdb", city_db=tmp_path / "GeoLite2-City.mmdb"
        )
        found = geo.lookup(pl.Series(["81.2.69.142", "1.128.0.1"]))
    assert len(caught) == 1
    assert "GeoLite2-ASN.mmdb" in str(caught[0].message)
    assert "GeoLite2-City.mmdb" in str(caught[0].message)
    assert found.drop("ip").null_count().row(0) == (2,) * (found.width - 1)


def test_database_of_the_wrong_kind_is_refused_when_opened() -> None:
    with pytest.raises(FeedError, match="cannot serve as city_db") as caught:
        MaxMindReader(city_db=DATA / "GeoLite2-ASN-Test.mmdb")
    assert "GeoLite2-ASN-Test.mmdb" in str(caught.value)


def test_broken_test_database_is_refused_when_opened() -> None:
    # MaxMind's deliberately broken file reads back plausible but wrong records, so it must be
    # stopped at the door (its type is "Test"), not trusted halfway through a run.
    with pytest.raises(FeedError, match="'Test' database"):
        MaxMindReader(asn_db=DATA / "MaxMind-DB-test-broken-search-tree-24.mmdb")


def test_truncated_database_is_a_feed_error(tmp_path: Path) -> None:
    damaged = tmp_path / "GeoLite2-ASN.mmdb"
    damaged.write_bytes((DATA / "GeoLite2-ASN-Test.mmdb").read_bytes()[:3000])
    with pytest.raises(FeedError, match="not a readable MaxMind database") as caught:
        MaxMindReader(asn_db=damaged)
    assert str(damaged) in str(caught.value)


def test_damaged_data_section_nulls_the_address_not_the_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import random

    data = bytearray((DATA / "GeoLite2-ASN-Test.mmdb").read_bytes())
    noise = random.Random(1)  # this seed damages records but leaves the file openable
    for _ in range(200):
        data[noise.randrange(0, len(data) - 200)] = noise.randrange(256)
    damaged = tmp_path / "GeoLite2-ASN.mmdb"
    damaged.write_bytes(bytes(data))
    geo = MaxMindReader(asn_db=damaged)
    ips = ["1.128.0.1", "12.81.92.5", "2.125.160.216", "81.2.69.142", "1.0.0.1", "2001:218::1"]
    with caplog.at_level(logging.WARNING, logger="ueba.enrichment.geo"):
        found = geo.lookup(pl.Series(ips))
    assert found["ip"].to_list() == ips
    assert "MaxMind look-ups failed" in caplog.text


def test_readers_satisfy_the_geo_reader_protocol(akamai_asn_db: Path) -> None:
    assert isinstance(MaxMindReader(asn_db=akamai_asn_db), GeoReader)
    assert isinstance(FakeGeoReader({}), GeoReader)


def test_versions_name_each_database(akamai_asn_db: Path) -> None:
    assert MaxMindReader(asn_db=akamai_asn_db).versions["asn_db"].startswith("GeoLite2-ASN built ")


# ---- ASN table ------------------------------------------------------------------------------


def test_asn_table_csv_places_flaws2_addresses() -> None:
    table = AsnTable.from_csv(ASN_SUBSET)
    found = table.lookup_ips(["104.102.221.250", "34.234.236.212", "18.236.253.47", "10.0.0.1"])
    assert found.rows() == [
        ("104.102.221.250", 20940, "Akamai International B.V."),
        ("34.234.236.212", 14618, "Amazon.com, Inc."),
        ("18.236.253.47", 16509, "Amazon.com, Inc."),
        ("10.0.0.1", None, None),
    ]


def test_asn_table_range_ends_are_inclusive_and_gaps_are_null() -> None:
    table = AsnTable.from_csv(ASN_SUBSET)
    found = table.lookup_ips(
        ["104.102.128.0", "104.102.244.255", "104.102.245.0", "104.102.127.255"]
    )
    assert found["asn"].to_list() == [20940, 20940, None, None]


def test_asn_table_parquet_round_trip(tmp_path: Path) -> None:
    table = AsnTable.from_csv(ASN_SUBSET)
    table.write_parquet(tmp_path / "asn.parquet")
    again = AsnTable.from_parquet(tmp_path / "asn.parquet")
    assert again.ranges.equals(table.ranges)


def test_bundled_asn_table_is_the_full_ipv4_table() -> None:
    table = AsnTable.bundled()
    assert table.ranges.height == 411_961
    assert table.lookup_ips(["104.102.221.250"])["asn"].to_list() == [20940]


def test_asn_table_with_ipv6_ranges(tmp_path: Path) -> None:
    path = tmp_path / "asn-ipv6.csv"
    path.write_text(
        "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n1.0.0.0,1.0.0.255,13335,Cloudflare\n"
    )
    table = AsnTable.from_csv(path)
    found = table.lookup_ips(["2001:4860:4860::8888", "2001:4861::1", "1.0.0.1"])
    assert found["asn"].to_list() == [15169, None, 13335]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("1.0.0.0,1.0.0.255,13335\n", "columns"),
        ("1.0.0.0,1.0.0.255,AS13335,Cloudflare\n", "non-numeric ASN"),
        ("1.0.0.0,1.0.0.256,13335,Cloudflare\n", "no valid address range, e.g. row 1"),
        ("1.0.0.255,1.0.0.0,13335,Cloudflare\n", "end before they start"),
    ],
)
def test_malformed_asn_table_names_file_and_fix(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "asn.csv"
    path.write_text(content)
    with pytest.raises(FeedError, match=problem) as caught:
        AsnTable.from_csv(path)
    assert str(path) in str(caught.value)
    assert "start,end,asn,org" in str(caught.value)


def test_fake_geo_reader_longest_match_wins_and_rejects_unknown_columns() -> None:
    geo = FakeGeoReader(
        {"10.0.0.0/8": {"country": "AA"}, "10.1.0.0/16": {"country": "BB", "asn": 64512}}
    )
    found = geo.lookup(pl.Series(["10.1.2.3", "10.2.0.1", "192.0.2.1"]))
    assert found["country"].to_list() == ["BB", "AA", None]
    assert found["asn"].to_list() == [64512, None, None]
    assert geo.calls == [["10.1.2.3", "10.2.0.1", "192.0.2.1"]]
    with pytest.raises(ValueError, match="unknown geo columns"):
        FakeGeoReader({"10.0.0.0/8": {"asn_number": 1}})


@st.composite
def _disjoint_ranges(draw: st.DrawFn) -> list[tuple[int, int, int]]:
    cuts = sorted(draw(st.sets(st.integers(0, 2**32 - 1), min_size=2, max_size=40)))
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    return [(start, end, 64512 + i) for i, (start, end) in enumerate(pairs)]


@settings(max_examples=40, deadline=None)
@given(_disjoint_ranges(), st.data())
def test_asn_table_lookup_equals_a_linear_scan(
    ranges: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    edges = [v + d for start, end, _ in ranges for v in (start, end) for d in (-1, 0, 1)]
    probes = data.draw(
        st.lists(
            st.one_of(st.sampled_from(edges), st.integers(0, 2**32 - 1)).filter(
                lambda v: 0 <= v < 2**32
            ),
            min_size=1,
            max_size=30,
        )
    )
    table = AsnTable(
        ranges=pl.DataFrame(
            {
                "ip_version": [4] * len(ranges),
                "start": [r[0] for r in ranges],
                "end": [r[1] for r in ranges],
                "asn": [r[2] for r in ranges],
                "as_org": [None] * len(ranges),
            },
            schema=ASN_TABLE,
        )
    )
    texts = [str(ipaddress.IPv4Address(v)) for v in probes]
    expected = [next((asn for s, e, asn in ranges if s <= v <= e), None) for v in probes]
    assert table.lookup_ips(texts)["asn"].to_list() == expected
