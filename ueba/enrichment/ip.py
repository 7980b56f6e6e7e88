"""IP text to integers, and the kind of a call's source, as polars expressions.

Every address becomes one ``UInt128`` (IPv4 in the low 32 bits) plus its version (4 or 6), so
IPv4 and IPv6 share one code path: masks, joins and interval look-ups are plain integer
operations. Parsing follows Python's :mod:`ipaddress` exactly (checked by a property test):
IPv4 is four decimal octets without leading zeros (``035.1.2.3`` is *not* an address), IPv6 is
RFC 4291 text with at most one ``::``, an optional dotted IPv4 tail and an optional ``%scope``.
Anything else parses to null and its kind is ``invalid``.

>>> import polars as pl
>>> from ueba.enrichment.ip import parse_ips
>>> frame = pl.LazyFrame({"ip": ["10.0.0.1", "::1", "035.1.2.3"]})
>>> parse_ips(frame, "ip").collect().rows()
[('10.0.0.1', 4, 167772161), ('::1', 6, 1), ('035.1.2.3', None, None)]
"""

from __future__ import annotations

import ipaddress

import polars as pl

IP_INT = pl.UInt128()

_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
_IPV4_RE = rf"^{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}$"
_HEXTET_RE = r"^[0-9A-Fa-f]{1,4}$"
_SCOPE_RE = r"^([^%]*)(?:%([^%]+))?$"
# AWS service principals appear as the source of calls AWS makes on your behalf.
_SERVICE_HOST_RE = r"(?i)^[a-z0-9][a-z0-9.-]*\.(amazonaws|amazon)\.com$"
AWS_INTERNAL = "AWS Internal"

# Special-purpose blocks (IANA registries). ``private``: addresses a call can legitimately come
# from inside a network (RFC 1918, CGNAT, link-local, loopback, ULA). ``invalid``: addresses no
# call can come from (unspecified, "this network", multicast, the 240/4 reserved block).
PRIVATE_NETWORKS = (
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10",
    "169.254.0.0/16",
    "127.0.0.0/8",
    "::1/128",
    "fe80::/10",
    "fc00::/7",
)
UNROUTABLE_NETWORKS = (
    "0.0.0.0/8",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "::/128",
    "ff00::/8",
)


def _col(column: str | pl.Expr) -> pl.Expr:
    return pl.col(column) if isinstance(column, str) else column


def _u128(value: int) -> pl.Expr:
    return pl.lit(value, dtype=IP_INT)


def ipv4_to_int(column: str | pl.Expr) -> pl.Expr:
    """The IPv4 address in ``column`` as an integer, null unless it is strict dotted-quad text."""
    groups = _col(column).str.extract_groups(_IPV4_RE)
    # 64-bit arithmetic, one cast at the end: 128-bit multiplication is several times slower.
    value = pl.lit(0, pl.UInt64)
    for index, weight in enumerate((1 << 24, 1 << 16, 1 << 8, 1)):
        value = value + groups.struct[index].cast(pl.UInt64) * weight
    return value.cast(IP_INT)


def _ipv6_columns(text: pl.Expr) -> list[list[pl.Expr]]:
    """The IPv6 parse as successive ``with_columns`` steps over temporary ``_v6_*`` columns.

    Mirrors ``ipaddress.IPv6Address._ip_int_from_string``: split on ``:``, turn a dotted tail
    into two hextets, allow one ``::`` and expand it to the missing zero hextets. Each step
    names its intermediate results so that polars computes them once.
    """
    c = pl.col
    step1 = [
        text.str.extract_groups(_SCOPE_RE).struct[0].str.split(":").alias("_v6_raw"),
    ]
    step2 = [
        c("_v6_raw").list.len().cast(pl.Int64).alias("_v6_raw_len"),
        c("_v6_raw").list.last().alias("_v6_tail"),
    ]
    step3 = [
        c("_v6_tail").str.contains(".", literal=True).alias("_v6_has_v4"),
        ipv4_to_int(c("_v6_tail")).alias("_v6_tail_v4"),
    ]
    # A dotted tail stands for the last two hextets: parse it as "0:0" and add its value.
    step4 = [
        pl.when(c("_v6_has_v4"))
        .then(pl.concat_list(c("_v6_raw").list.head(c("_v6_raw_len") - 1), pl.lit(["0", "0"])))
        .otherwise(c("_v6_raw"))
        .alias("_v6_parts"),
    ]
    step5 = [
        c("_v6_parts").list.len().cast(pl.Int64).alias("_v6_count"),
        c("_v6_parts").list.eval(pl.element() == "").alias("_v6_empty"),
        c("_v6_parts")
        .list.eval((pl.element() == "") | pl.element().str.contains(_HEXTET_RE))
        .list.all()
        .alias("_v6_hextets_ok"),
    ]
    step6 = [
        c("_v6_empty").list.first().cast(pl.Int64).alias("_v6_first_empty"),
        c("_v6_empty").list.last().cast(pl.Int64).alias("_v6_last_empty"),
        c("_v6_empty").list.slice(1, c("_v6_count") - 2).alias("_v6_interior"),
    ]
    step7 = [
        c("_v6_interior").list.sum().alias("_v6_interior_empties"),
        (c("_v6_interior").list.arg_max().cast(pl.Int64) + 1).alias("_v6_skip"),
    ]
    has_skip = c("_v6_interior_empties") == 1
    step8 = [
        pl.when(has_skip)
        .then(c("_v6_skip") - c("_v6_first_empty"))
        .otherwise(c("_v6_count"))
        .alias("_v6_hi"),
        pl.when(has_skip)
        .then(c("_v6_count") - c("_v6_skip") - 1 - c("_v6_last_empty"))
        .otherwise(0)
        .alias("_v6_lo"),
    ]
    hi, lo, count = c("_v6_hi"), c("_v6_lo"), c("_v6_count")
    valid = (
        (c("_v6_raw_len") >= 3)
        & (~c("_v6_has_v4") | c("_v6_tail_v4").is_not_null())
        & (count <= 9)
        & (c("_v6_interior_empties") <= 1)
        & c("_v6_hextets_ok")
        & pl.when(has_skip)
        .then(
            ((c("_v6_first_empty") == 0) | (hi == 0))
            & ((c("_v6_last_empty") == 0) | (lo == 0))
            & (hi + lo <= 7)
        )
        .otherwise((count == 8) & (c("_v6_first_empty") == 0) & (c("_v6_last_empty") == 0))
    )
    # Each half in 64-bit arithmetic, joined with one 128-bit multiply-add.
    halves = [pl.lit(0, pl.UInt64), pl.lit(0, pl.UInt64)]
    for position in range(8):
        # hextet ``position`` of the expanded address: from the left part, the right part or 0
        source = (
            pl.when(hi > position)
            .then(position)
            .when(lo >= 8 - position)
            .then(count - 8 + position)
            .otherwise(None)
        )
        hextet = (
            c("_v6_parts")
            .list.get(source, null_on_oob=True)
            .str.to_integer(base=16, strict=False)
            .fill_null(0)
            .cast(pl.UInt64)
        )
        half = position // 4
        halves[half] = halves[half] + hextet * (1 << (16 * (3 - position % 4)))
    value = halves[0].cast(IP_INT) * _u128(1 << 64) + halves[1].cast(IP_INT)
    value = value + pl.when(c("_v6_has_v4")).then(c("_v6_tail_v4")).otherwise(_u128(0))
    step9 = [pl.when(valid.fill_null(False)).then(value).otherwise(None).alias("_v6_value")]
    return [step1, step2, step3, step4, step5, step6, step7, step8, step9]


def parse_ips(frame: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """Add ``ip_version`` (``Int8``: 4, 6 or null) and ``ip_int`` (``UInt128``) for ``column``.

    The fast path for many addresses: IPv4 text never enters the IPv6 parse.

    >>> parse_ips(pl.LazyFrame({"ip": ["1.2.3.4", "::1", "x"]}), "ip").collect().rows()
    [('1.2.3.4', 4, 16909060), ('::1', 6, 1), ('x', None, None)]
    """
    col = pl.col(column)
    out = frame.with_columns(
        ipv4_to_int(col).alias("_v4_value"),
        pl.when(col.str.contains(":", literal=True)).then(col).otherwise(None).alias("_v6_text"),
    )
    for step in _ipv6_columns(pl.col("_v6_text")):
        out = out.with_columns(step)
    temporary = [name for name in out.collect_schema() if name.startswith(("_v4_", "_v6_"))]
    return out.with_columns(
        pl.when(pl.col("_v4_value").is_not_null())
        .then(pl.lit(4, pl.Int8))
        .when(pl.col("_v6_value").is_not_null())
        .then(pl.lit(6, pl.Int8))
        .otherwise(None)
        .alias("ip_version"),
        pl.coalesce("_v4_value", "_v6_value").alias("ip_int"),
    ).drop(temporary)


def network_bounds(cidr: str) -> tuple[int, int, int]:
    """``(version, first, last)`` of a CIDR block, as integers."""
    network = ipaddress.ip_network(cidr)
    return network.version, int(network.network_address), int(network.broadcast_address)


def in_networks(version: pl.Expr, value: pl.Expr, cidrs: tuple[str, ...]) -> pl.Expr:
    """True where the address falls in any of ``cidrs`` (a handful of fixed blocks)."""
    test = pl.lit(False)
    for cidr in cidrs:
        net_version, first, last = network_bounds(cidr)
        test = test | ((version == net_version) & value.is_between(_u128(first), _u128(last)))
    return test


def int_to_ipv4_text(value: pl.Expr) -> pl.Expr:
    """Dotted-quad text of an IPv4 integer."""
    small = value.cast(pl.UInt64)
    octets = [((small // (1 << shift)) % 256).cast(pl.String) for shift in (24, 16, 8, 0)]
    return pl.concat_str(octets, separator=".")


def _hex(value: pl.Expr) -> pl.Expr:
    """Lower-case hexadecimal text of a 16-bit integer, without leading zeros (``"db8"``).

    Two gathers from 256-entry byte tables: far cheaper per row than formatting digits.
    """
    short = pl.lit(pl.Series([format(i, "x") for i in range(256)], dtype=pl.String))
    padded = pl.lit(pl.Series([format(i, "02x") for i in range(256)], dtype=pl.String))
    high, low = (value // 256).cast(pl.Int64), (value % 256).cast(pl.Int64)
    return (
        pl.when(high == 0)
        .then(short.gather(low))
        .otherwise(pl.concat_str(short.gather(high), padded.gather(low)))
    )


def block_text(version: pl.Expr, value: pl.Expr) -> pl.Expr:
    """The /24 (IPv4) or /48 (IPv6) block holding an address, as CIDR text.

    ``1.2.3.4`` gives ``1.2.3.0/24``; ``2001:db8:1:2::5`` gives ``2001:db8:1::/48``.
    """
    v4 = pl.concat_str(int_to_ipv4_text(value & _u128(0xFFFFFF00)), pl.lit("/24"))
    top = (value // _u128(1 << 64)).cast(pl.UInt64)  # the first four hextets
    hextets = [_hex((top // (1 << (16 * (3 - i)))) % (1 << 16)) for i in range(3)]
    # The five trailing zero hextets are always the longest zero run, so "::" goes there and
    # swallows any zero hextets just before it, as in ipaddress' canonical text.
    first, second, third = hextets
    v6 = (
        pl.when(third != "0")
        .then(pl.concat_str([first, second, third], separator=":") + pl.lit("::/48"))
        .when(second != "0")
        .then(pl.concat_str([first, second], separator=":") + pl.lit("::/48"))
        .when(first != "0")
        .then(first + pl.lit("::/48"))
        .otherwise(pl.lit("::/48"))
    )
    return pl.when(version == 4).then(v4).when(version == 6).then(v6).otherwise(None)


def ip_kind(
    raw: str | pl.Expr, version: str | pl.Expr = "ip_version", value: str | pl.Expr = "ip_int"
) -> pl.Expr:
    """The kind of a ``sourceIPAddress`` value before AWS ranges and endpoints are known.

    ``raw`` is the text, ``version`` and ``value`` its :func:`parse_ips` columns. One of
    ``aws_internal``, ``aws_service``, ``private``, ``public`` or ``invalid``; the caller refines
    ``public`` into ``aws`` (ip-ranges.json) and ``private`` into ``vpc_endpoint``.

    >>> ips = ["ec2.amazonaws.com", "10.1.2.3", "8.8.8.8", "AWS Internal", "035.1.2.3"]
    >>> parse_ips(pl.LazyFrame({"ip": ips}), "ip").select(ip_kind("ip")).collect()["ip_kind"].to_list()
    ['aws_service', 'private', 'public', 'aws_internal', 'invalid']
    """
    text, ver, val = _col(raw), _col(version), _col(value)
    return (
        pl.when(text == AWS_INTERNAL)
        .then(pl.lit("aws_internal"))
        .when(text.str.contains(_SERVICE_HOST_RE))
        .then(pl.lit("aws_service"))
        .when(ver.is_null() | in_networks(ver, val, UNROUTABLE_NETWORKS))
        .then(pl.lit("invalid"))
        .when(in_networks(ver, val, PRIVATE_NETWORKS))
        .then(pl.lit("private"))
        .otherwise(pl.lit("public"))
        .alias("ip_kind")
    )


__all__ = [
    "AWS_INTERNAL",
    "IP_INT",
    "PRIVATE_NETWORKS",
    "UNROUTABLE_NETWORKS",
    "block_text",
    "in_networks",
    "int_to_ipv4_text",
    "ip_kind",
    "ipv4_to_int",
    "network_bounds",
    "parse_ips",
]
