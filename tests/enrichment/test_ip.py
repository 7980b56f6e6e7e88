"""IP text parsing and source kinds, checked against Python's ipaddress."""

from __future__ import annotations

import ipaddress

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.enrichment.ip import block_text, ip_kind, parse_ips


def _parse(texts: list[str | None]) -> list[tuple[int | None, int | None]]:
    frame = parse_ips(pl.LazyFrame({"ip": texts}, schema={"ip": pl.String}), "ip").collect()
    return list(zip(frame["ip_version"].to_list(), frame["ip_int"].to_list(), strict=True))


def _reference(text: str | None) -> tuple[int | None, int | None]:
    try:
        address = ipaddress.ip_address(text)  # type: ignore[arg-type]
    except ValueError:
        return None, None
    return address.version, int(address)


def _kinds(texts: list[str | None]) -> list[str]:
    frame = parse_ips(pl.LazyFrame({"ip": texts}, schema={"ip": pl.String}), "ip")
    return frame.select(ip_kind("ip")).collect()["ip_kind"].to_list()


# Text an address can take: canonical, exploded, upper case, with an embedded IPv4 tail.
def _spellings(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[str]:
    out = [str(address), address.exploded, address.compressed.upper()]
    if address.version == 6:
        packed = int(address)
        tail = ipaddress.IPv4Address(packed & 0xFFFFFFFF)
        head = address.exploded.rsplit(":", 2)[0]
        out.append(f"{head}:{tail}")
    return out


addresses = st.one_of(
    st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address),
    st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address),
    # few non-zero hextets, so that "::" compression shows up in every position
    st.lists(st.sampled_from([0, 0, 0, 1, 0xFFFF, 0x0DB8]), min_size=8, max_size=8).map(
        lambda parts: ipaddress.IPv6Address(sum(p << (16 * (7 - i)) for i, p in enumerate(parts)))
    ),
)

# Garbage built from the characters addresses are made of, to probe every rejection path.
ip_like_text = st.text(alphabet="0123456789abcdefABCDEFg.:%", min_size=0, max_size=45)


@settings(max_examples=100, deadline=None)
@given(st.lists(addresses, min_size=1, max_size=20))
def test_every_spelling_of_an_address_parses_to_its_integer(
    values: list[ipaddress.IPv4Address | ipaddress.IPv6Address],
) -> None:
    texts = [text for value in values for text in _spellings(value)]
    assert _parse(texts) == [_reference(text) for text in texts]


@settings(max_examples=100, deadline=None)
@given(st.lists(ip_like_text, min_size=1, max_size=30))
def test_parser_accepts_exactly_what_ipaddress_accepts(texts: list[str]) -> None:
    assert _parse(texts) == [_reference(text) for text in texts]


@pytest.mark.parametrize(
    "text",
    [
        "035.249.253.232",  # Stratus: leading zeros are not an address
        "253.252.51.07",
        "256.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        " 1.2.3.4",
        "1:2:3:4:5:6:7:8::",
        "1::2::3",
        ":1::",
        "12345::",
        "fe80::1%",
        "1:2:3:4:5:6:7:1.2.3.4",
        "",
    ],
)
def test_malformed_text_is_not_an_address(text: str) -> None:
    assert _parse([text]) == [(None, None)]
    assert _kinds([text]) == ["invalid"]


def test_null_source_is_invalid() -> None:
    assert _parse([None]) == [(None, None)]
    assert _kinds([None]) == ["invalid"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("172.32.0.1", "public"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # CGNAT
        ("100.128.0.1", "public"),
        ("169.254.169.254", "private"),  # link-local (the instance metadata service)
        ("127.0.0.1", "private"),
        ("::1", "private"),
        ("fe80::1", "private"),
        ("fd12:3456::1", "private"),  # ULA
        ("fc00::1", "private"),
        ("8.8.8.8", "public"),
        ("2001:4860:4860::8888", "public"),
        ("0.1.2.3", "invalid"),  # "this network"
        ("224.0.0.1", "invalid"),  # multicast
        ("253.252.51.7", "invalid"),  # 240/4 reserved
        ("255.255.255.255", "invalid"),
        ("::", "invalid"),
        ("ff02::1", "invalid"),
        ("ec2.amazonaws.com", "aws_service"),
        ("lambda.amazonaws.com", "aws_service"),
        ("ssm-guiconnect.amazonaws.com", "aws_service"),
        ("console.amazon.com", "aws_service"),
        ("evil amazonaws.com", "invalid"),
        ("amazonaws.com.evil.example", "invalid"),
        ("AWS Internal", "aws_internal"),
        ("aws internal", "invalid"),
    ],
)
def test_source_kind_before_aws_ranges(text: str, kind: str) -> None:
    assert _kinds([text]) == [kind]


@settings(max_examples=50, deadline=None)
@given(st.lists(addresses, min_size=1, max_size=20))
def test_block_text_is_the_slash_24_or_slash_48_network(
    values: list[ipaddress.IPv4Address | ipaddress.IPv6Address],
) -> None:
    texts = [str(value) for value in values]
    frame = parse_ips(pl.LazyFrame({"ip": texts}), "ip").select(
        block_text(pl.col("ip_version"), pl.col("ip_int"))
    )
    expected = [
        str(ipaddress.ip_network(f"{value}/{24 if value.version == 4 else 48}", strict=False))
        for value in values
    ]
    assert frame.collect().to_series().to_list() == expected
