"""NetworkSet: CIDR membership agrees with the standard library, for IPv4 and IPv6."""

from __future__ import annotations

import ipaddress

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.detect._ipmatch import NetworkSet
from ueba.exceptions import ConfigError

v4_nets = st.builds(
    lambda a, p: ipaddress.ip_network((a, p), strict=False),
    st.integers(0, 2**32 - 1),
    st.integers(8, 32),
)
v6_nets = st.builds(
    lambda a, p: ipaddress.ip_network((a, p), strict=False),
    st.integers(0, 2**128 - 1),
    st.integers(16, 128),
)
v4_ips = st.integers(0, 2**32 - 1).map(lambda i: str(ipaddress.IPv4Address(i)))
v6_ips = st.integers(0, 2**128 - 1).map(lambda i: str(ipaddress.IPv6Address(i)))


@settings(max_examples=60, deadline=None)
@given(
    nets=st.lists(st.one_of(v4_nets, v6_nets), max_size=8),
    ips=st.lists(st.one_of(v4_ips, v6_ips), max_size=8),
)
def test_contains_agrees_with_ipaddress(nets: list, ips: list[str]) -> None:
    s = NetworkSet([str(n) for n in nets])
    for ip in ips:
        addr = ipaddress.ip_address(ip)
        expected = any(addr.version == n.version and addr in n for n in nets)
        assert s.contains(ip) is expected
    # a member of each network is found, including the edges that merging must keep
    for n in nets:
        assert s.contains(str(n.network_address)) and s.contains(str(n.broadcast_address))


def test_mark_joins_membership_back_per_row() -> None:
    s = NetworkSet(["104.102.221.0/24"])
    lf = pl.LazyFrame(
        {"source_ip_address": ["104.102.221.250", "1.2.3.4", None, "104.102.221.250", "not an ip"]}
    )
    out = s.mark(lf, alias="hit").collect()
    assert out.height == 5
    assert out.filter(pl.col("hit")).height == 2


@pytest.mark.parametrize("bad", ["300.1.1.1", "10.0.0.0/33", "example.com", ""])
def test_bad_entries_are_config_errors(bad: str) -> None:
    with pytest.raises(ConfigError, match="not an IP address or CIDR"):
        NetworkSet(["10.0.0.0/8", bad], where="intel.threat")
