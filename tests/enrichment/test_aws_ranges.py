"""AWS ip-ranges.json: loading any snapshot, and exact matching checked against ipaddress."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.enrichment.aws_ranges import AwsIpRanges
from ueba.exceptions import FeedError

DATA = Path(__file__).resolve().parents[1] / "data" / "geo"
SNAPSHOT_2018 = DATA / "ip-ranges_2018-11-27-02-33-25.json"
SNAPSHOT_PREVIOUS = DATA / "ip-ranges_2026-08-22-11-57-05.json.gz"
BUNDLED = Path(__file__).resolve().parents[2] / "ueba" / "data" / "ip-ranges.json"


@pytest.fixture(scope="module")
def newest() -> AwsIpRanges:
    return AwsIpRanges.bundled()


@pytest.fixture(scope="module")
def old() -> AwsIpRanges:
    return AwsIpRanges.from_json(SNAPSHOT_2018)


def test_bundled_snapshot_records_its_sync_token_and_date(newest: AwsIpRanges) -> None:
    assert newest.sync_token == "1787411825"
    assert newest.create_date == "2026-08-22-15-17-05"
    assert newest.prefixes.height == 10_668 + 6_160


def test_2018_snapshot_without_border_groups_loads(old: AwsIpRanges) -> None:
    assert old.sync_token == "1543286005"
    assert old.prefixes.height == 1_306 + 469
    assert old.prefixes["ip_network_border_group"].null_count() == old.prefixes.height


def test_flaws2_lambda_address_is_ec2_us_east_1(newest: AwsIpRanges, old: AwsIpRanges) -> None:
    for ranges in (newest, old):
        row = ranges.match_ips(["34.234.236.212"]).row(0, named=True)
        assert row["aws_services"] == ["AMAZON", "EC2"]
        assert row["aws_service"] == "EC2"
        assert row["ip_aws_region"] == "us-east-1"
        assert row["ip_aws_prefix"] == "34.224.0.0/12"


def test_attacker_address_is_in_no_snapshot(newest: AwsIpRanges, old: AwsIpRanges) -> None:
    for ranges in (newest, old):
        assert ranges.match_ips(["104.102.221.250"])["aws_service"].to_list() == [None]


def test_address_added_after_2018_matches_only_the_newer_snapshot(
    newest: AwsIpRanges, old: AwsIpRanges
) -> None:
    assert newest.match_ips(["3.225.16.109"])["aws_service"].to_list() == ["EC2"]
    assert old.match_ips(["3.225.16.109"])["aws_service"].to_list() == [None]


def test_feed_update_adds_only_one_prefix(newest: AwsIpRanges) -> None:
    previous = AwsIpRanges.from_json(SNAPSHOT_PREVIOUS)
    assert newest.prefix_set - previous.prefix_set == {"1.178.86.0/24"}
    assert previous.prefix_set - newest.prefix_set == set()
    assert previous.match_ips(["1.178.86.9"])["aws_service"].to_list() == [None]
    row = newest.match_ips(["1.178.86.9"]).row(0, named=True)
    assert (row["aws_services"], row["ip_aws_region"]) == (["AMAZON", "EC2"], "ap-southeast-3")


def test_nested_prefix_gives_the_most_specific_service(newest: AwsIpRanges) -> None:
    # 18.252.0.0/16 is AMAZON and EC2; 18.252.4.0/30 inside it is EC2_INSTANCE_CONNECT.
    inside, beside = newest.match_ips(["18.252.4.1", "18.252.4.5"]).iter_rows(named=True)
    assert inside["aws_services"] == ["AMAZON", "EC2", "EC2_INSTANCE_CONNECT"]
    assert inside["aws_service"] == "EC2_INSTANCE_CONNECT"
    assert inside["ip_aws_prefix"] == "18.252.4.0/30"
    assert beside["aws_services"] == ["AMAZON", "EC2"]
    assert beside["ip_aws_prefix"] == "18.252.0.0/16"


def test_ipv6_address_matches_down_to_its_prefix(newest: AwsIpRanges) -> None:
    row = newest.match_ips(["2406:daba:f000::1"]).row(0, named=True)
    assert row["ip_aws_prefix"] == "2406:daba:f000::/40"
    assert row["ip_aws_region"] == "ap-southeast-4"


def test_host_prefixes_match_exactly() -> None:
    ranges = AwsIpRanges.from_dict(
        {
            "syncToken": "1",
            "createDate": "2020-01-01-00-00-00",
            "prefixes": [{"ip_prefix": "3.4.12.4/32", "region": "eu-west-1", "service": "AMAZON"}],
            "ipv6_prefixes": [
                {"ipv6_prefix": "2600:1f00::1/128", "region": "us-east-1", "service": "S3"}
            ],
        }
    )
    found = ranges.match_ips(["3.4.12.4", "3.4.12.5", "2600:1f00::1", "2600:1f00::2"])
    assert found["aws_service"].to_list() == ["AMAZON", None, "S3", None]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "not JSON"),
        (b"[]", "no 'prefixes'"),
        (b'{"prefixes": [], "createDate": "x"}', "no syncToken"),
        (
            b'{"syncToken": "1", "createDate": "x", "prefixes": [{"ip_prefix": "1.2.3.0/24"}]}',
            "lacks ip_prefix, region or service",
        ),
        (
            b'{"syncToken": "1", "createDate": "x", "prefixes": '
            b'[{"ip_prefix": "1.2.3.4/24", "region": "r", "service": "S"}]}',
            "not valid CIDR blocks",
        ),
    ],
)
def test_malformed_snapshot_names_file_and_fix(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "ip-ranges.json"
    path.write_bytes(content)
    with pytest.raises(FeedError) as caught:
        AwsIpRanges.from_json(path)
    message = str(caught.value)
    assert str(path) in message
    assert problem in message
    assert "ueba feeds update" in message


def test_missing_snapshot_is_a_feed_error(tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="cannot read"):
        AwsIpRanges.from_json(tmp_path / "absent.json")


# ---- property test: the vectorised join equals a reference built with ipaddress -----------


def _reference_table(doc: dict[str, Any]) -> dict[tuple[int, int, int], list[dict[str, Any]]]:
    table: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
    for key, address_key in (("prefixes", "ip_prefix"), ("ipv6_prefixes", "ipv6_prefix")):
        for item in doc[key]:
            network = ipaddress.ip_network(item[address_key])
            entry = {**item, "prefix": item[address_key], "length": network.prefixlen}
            table.setdefault(
                (network.version, network.prefixlen, int(network.network_address)), []
            ).append(entry)
    return table


def _reference_match(
    table: dict[tuple[int, int, int], list[dict[str, Any]]], text: str
) -> tuple[Any, ...]:
    address = ipaddress.ip_address(text)
    hits = []
    for length in range(address.max_prefixlen + 1):
        network = ipaddress.ip_network(f"{address}/{length}", strict=False)
        hits += table.get((address.version, length, int(network.network_address)), [])
    if not hits:
        return (None, None, None, None)
    hits.sort(key=lambda h: (-h["length"], h["service"] == "AMAZON", h["service"]))
    named = [h["service"] for h in hits if h["service"] != "AMAZON"]
    return (
        sorted({h["service"] for h in hits}),
        named[0] if named else "AMAZON",
        hits[0]["region"],
        hits[0]["prefix"],
    )


@pytest.fixture(scope="module", params=["2018", "bundled"])
def reference(
    request: pytest.FixtureRequest,
) -> tuple[AwsIpRanges, dict[tuple[int, int, int], list[dict[str, Any]]], list[str]]:
    path = SNAPSHOT_2018 if request.param == "2018" else BUNDLED
    doc = json.loads(path.read_text())
    prefixes = [p["ip_prefix"] for p in doc["prefixes"]] + [
        p["ipv6_prefix"] for p in doc["ipv6_prefixes"]
    ]
    return AwsIpRanges.from_dict(doc), _reference_table(doc), prefixes


def _near_edges(prefixes: list[str]) -> st.SearchStrategy[str]:
    """Addresses at, just inside and just outside the edges of the snapshot's prefixes."""

    def around(cidr: str, where: int, offset: int) -> str:
        network = ipaddress.ip_network(cidr)
        base = int(network.network_address) if where == 0 else int(network.broadcast_address)
        top = 2**network.max_prefixlen - 1
        value = min(max(base + offset, 0), top)
        return str(
            ipaddress.ip_address(value) if network.version == 4 else ipaddress.IPv6Address(value)
        )

    edge = st.builds(around, st.sampled_from(prefixes), st.sampled_from([0, 1]), st.integers(-2, 2))
    anywhere = st.one_of(
        st.integers(0, 2**32 - 1).map(lambda v: str(ipaddress.IPv4Address(v))),
        st.integers(0, 2**128 - 1).map(lambda v: str(ipaddress.IPv6Address(v))),
    )
    return st.one_of(edge, edge, edge, anywhere)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_vectorised_match_equals_ipaddress_reference(data: st.DataObject, reference: Any) -> None:
    ranges, table, prefixes = reference
    ips = data.draw(st.lists(_near_edges(prefixes), min_size=1, max_size=40))
    found = ranges.match_ips(ips)
    got = list(
        zip(
            found["aws_services"].to_list(),
            found["aws_service"].to_list(),
            found["ip_aws_region"].to_list(),
            found["ip_aws_prefix"].to_list(),
            strict=True,
        )
    )
    assert got == [_reference_match(table, ip) for ip in ips]
