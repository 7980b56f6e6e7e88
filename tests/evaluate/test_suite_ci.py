"""The suite modules' shared helpers (``tests/evaluate/_suite_ci.py``)."""

from __future__ import annotations

import ipaddress

from hypothesis import given
from hypothesis import strategies as st

from tests.evaluate._suite_ci import in_any

V4 = st.builds(
    lambda a, n: str(ipaddress.ip_network(f"{ipaddress.IPv4Address(a)}/{n}", strict=False)),
    st.integers(0, 2**32 - 1),
    st.integers(0, 32),
)
V6 = st.builds(
    lambda a, n: str(ipaddress.ip_network(f"{ipaddress.IPv6Address(a)}/{n}", strict=False)),
    st.integers(0, 2**128 - 1),
    st.integers(0, 128),
)
ADDRESS = st.one_of(
    st.integers(0, 2**32 - 1).map(lambda a: str(ipaddress.IPv4Address(a))),
    st.integers(0, 2**128 - 1).map(lambda a: str(ipaddress.IPv6Address(a))),
)


@given(st.lists(st.one_of(V4, V6), max_size=12), st.lists(ADDRESS, max_size=12))
def test_in_any_answers_as_a_test_against_every_prefix(
    prefixes: list[str], addresses: list[str]
) -> None:
    # addresses at the prefixes' edges too, where an off-by-one would show
    nets = [ipaddress.ip_network(p) for p in prefixes]
    edges = [str(a) for n in nets for a in (n[0], n[-1], n[0] - 1 if int(n[0]) else n[0])]
    test = in_any(prefixes)
    for address in addresses + edges:
        ip = ipaddress.ip_address(address)
        assert test(address) == any(ip in n for n in nets), (address, prefixes)


def test_in_any_of_nothing_is_false() -> None:
    assert not in_any([])("10.0.0.1")
    assert in_any(["10.0.0.0/8"])("10.255.255.255")
    assert not in_any(["10.0.0.0/8"])("11.0.0.0")
