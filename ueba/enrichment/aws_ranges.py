"""AWS's published address ranges (``ip-ranges.json``) and the vectorised look-up against them.

A snapshot is loaded once into a polars frame with one row per (prefix, service). Matching is
exact for nested prefixes: for each prefix length present in the snapshot the unique addresses
are masked to that length and hash-joined on (version, length, network). An address then has
every prefix that contains it, the ``AMAZON`` superset and the specific service alike.

>>> from ueba.enrichment.aws_ranges import AwsIpRanges
>>> ranges = AwsIpRanges.bundled()
>>> ranges.match_ips(["34.234.236.212"]).select("aws_service", "ip_aws_region").rows()
[('EC2', 'us-east-1')]
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.enrichment.ip import IP_INT, parse_ips
from ueba.exceptions import FeedError

AMAZON = "AMAZON"
FEEDS_ENV = "UEBA_FEEDS_DIR"
IP_RANGES_FILE = "ip-ranges.json"
FETCH_FIX = (
    "Download https://ip-ranges.amazonaws.com/ip-ranges.json again and install it with "
    "`ueba feeds update --ip-ranges FILE`"
)

PREFIXES: dict[str, pl.DataType] = {
    "ip_aws_prefix": pl.String(),
    "ip_version": pl.Int8(),
    "prefix_len": pl.Int64(),
    "network": IP_INT,
    "service": pl.String(),
    "ip_aws_region": pl.String(),
    "ip_network_border_group": pl.String(),
}

# What ``match`` adds per address.
MATCH: dict[str, pl.DataType] = {
    "aws_services": pl.List(pl.String()),
    "aws_service": pl.String(),
    "ip_aws_region": pl.String(),
    "ip_network_border_group": pl.String(),
    "ip_aws_prefix": pl.String(),
}


def default_feed_dir() -> Path:
    """Where ``ueba feeds update`` installs feeds: ``$UEBA_FEEDS_DIR``, else
    ``$XDG_DATA_HOME/ueba/feeds`` (``~/.local/share/ueba/feeds``)."""
    explicit = os.environ.get(FEEDS_ENV)
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "ueba" / "feeds"


def _block_sizes() -> pl.DataFrame:
    """Per (version, prefix length): addresses per block and the network mask."""
    rows = []
    for version, bits in ((4, 32), (6, 128)):
        # /0 is left out for IPv6 (2 ** 128 does not fit); no feed lists ::/0.
        for length in range(0 if version == 4 else 1, bits + 1):
            block = 1 << (bits - length)
            rows.append((version, length, block, (1 << bits) - block))
    return pl.DataFrame(
        rows,
        schema={
            "ip_version": pl.Int8(),
            "prefix_len": pl.Int64(),
            "block": IP_INT,
            "mask": IP_INT,
        },
        orient="row",
    )


def _records(doc: dict[str, Any], key: str, address_key: str, path: str) -> list[dict[str, Any]]:
    items = doc.get(key, [])
    if not isinstance(items, list):
        raise FeedError(f"'{key}' is not a list", path=path, fix=FETCH_FIX)
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in (address_key, "region", "service")
        ):
            raise FeedError(
                f"'{key}' entry {index} lacks {address_key}, region or service",
                path=path,
                fix=FETCH_FIX,
            )
        border = item.get("network_border_group")
        out.append(
            {
                "ip_aws_prefix": item[address_key],
                "service": item["service"],
                "ip_aws_region": item["region"],
                # Snapshots before 2019 have no border groups: null, not guessed from the region.
                "ip_network_border_group": border if isinstance(border, str) else None,
            }
        )
    return out


def _prefix_frame(records: list[dict[str, Any]], path: str) -> pl.DataFrame:
    raw = pl.DataFrame(
        records,
        schema={
            "ip_aws_prefix": pl.String(),
            "service": pl.String(),
            "ip_aws_region": pl.String(),
            "ip_network_border_group": pl.String(),
        },
    )
    parts = pl.col("ip_aws_prefix").str.split_exact("/", 1)
    frame = (
        parse_ips(
            raw.lazy().with_columns(
                address=parts.struct[0],
                prefix_len=parts.struct[1].str.to_integer(strict=False),
            ),
            "address",
        )
        .rename({"ip_int": "address_int"})
        .collect(engine=ENGINE)
    )
    frame = frame.join(_block_sizes(), on=["ip_version", "prefix_len"], how="left")
    bad = frame.filter(
        pl.col("mask").is_null()
        | ((pl.col("address_int") & pl.col("mask")) != pl.col("address_int"))
    )
    if bad.height:
        raise FeedError(
            f"{bad.height} prefixes are not valid CIDR blocks, e.g. {bad['ip_aws_prefix'][0]!r}",
            path=path,
            fix=FETCH_FIX,
        )
    return frame.select(
        pl.col("ip_aws_prefix"),
        pl.col("ip_version"),
        pl.col("prefix_len"),
        pl.col("address_int").alias("network"),
        pl.col("service"),
        pl.col("ip_aws_region"),
        pl.col("ip_network_border_group"),
    )


def _match_by_length(prefixes: pl.DataFrame, ips: pl.LazyFrame) -> pl.LazyFrame:
    """Every prefix containing each address, ranked: exact with nested prefixes.

    For each prefix length present, mask the addresses to that length and hash-join on
    (version, length, network); then rank the hits per address.
    """
    lengths = (
        prefixes.lazy()
        .select("ip_version", "prefix_len")
        .unique()
        .join(_block_sizes().lazy(), on=["ip_version", "prefix_len"])
    )
    candidates = (
        ips.select("ip_version", "ip_int")
        .join(lengths, on="ip_version")
        .with_columns(network=pl.col("ip_int") & pl.col("mask"))
    )
    hits = candidates.join(
        prefixes.lazy(), on=["ip_version", "prefix_len", "network"], how="inner"
    ).with_columns(is_amazon=pl.col("service") == AMAZON)
    # Longest prefix first; within a length a named service before AMAZON.
    order = ["prefix_len", "is_amazon", "service"]
    descending = [True, False, False]

    def ranked(column: str) -> pl.Expr:
        return pl.col(column).sort_by(order, descending=descending)

    def best(column: str) -> pl.Expr:
        return ranked(column).first()

    return hits.group_by(["ip_version", "ip_int"]).agg(
        aws_services=pl.col("service").unique().sort(),
        aws_service=ranked("service").filter(~ranked("is_amazon")).first().fill_null(AMAZON),
        ip_aws_region=best("ip_aws_region"),
        ip_network_border_group=best("ip_network_border_group"),
        ip_aws_prefix=best("ip_aws_prefix"),
    )


def _intervals(prefixes: pl.DataFrame) -> pl.DataFrame:
    """The address space cut into intervals over which the covering prefixes do not change.

    CIDR blocks either nest or are disjoint, so the set of prefixes covering an address can only
    change at a block's first address or just past its last. Matching each such boundary point
    by length gives the answer for the whole interval that starts there; addresses are then
    looked up with one as-of join. Intervals covered by no prefix are dropped.
    """
    blocks = prefixes.lazy().join(_block_sizes().lazy(), on=["ip_version", "prefix_len"])
    top = {4: (1 << 32) - 1, 6: (1 << 128) - 1}
    last = pl.col("network") + (pl.col("block") - pl.lit(1, IP_INT))
    at_top = (
        pl.when(pl.col("ip_version") == 4)
        .then(pl.lit(top[4], IP_INT))
        .otherwise(pl.lit(top[6], IP_INT))
    )
    points = pl.concat(
        [
            blocks.select("ip_version", pl.col("network").alias("ip_int")),
            blocks.filter(last < at_top).select(
                "ip_version", (last + pl.lit(1, IP_INT)).alias("ip_int")
            ),
        ]
    ).unique()
    starts = points.sort(["ip_version", "ip_int"]).with_columns(
        end=(pl.col("ip_int").shift(-1).over("ip_version") - pl.lit(1, IP_INT)).fill_null(at_top)
    )
    matched = _match_by_length(prefixes, starts.select("ip_version", "ip_int"))
    return (
        starts.join(matched, on=["ip_version", "ip_int"], how="inner")
        .rename({"ip_int": "start"})
        .select("ip_version", "start", "end", *MATCH)
        .sort(["ip_version", "start"])
        .collect(engine=ENGINE)
    )


@dataclass(frozen=True, eq=False)  # frames do not compare with ==
class AwsIpRanges:
    """One snapshot of ``ip-ranges.json``: its prefixes, ``sync_token`` and ``create_date``.

    Build it with :meth:`from_json` (a file you fetched) or :meth:`bundled` (the snapshot shipped
    with ``ueba``). Record ``sync_token`` wherever results depend on it: a baseline built with
    one snapshot explains its ``aws`` sources by that snapshot.
    """

    prefixes: pl.DataFrame = field(repr=False)
    sync_token: str
    create_date: str
    source: str = ""
    intervals: pl.DataFrame = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "intervals", _intervals(self.prefixes))

    @classmethod
    def from_json(cls, path: str | Path) -> AwsIpRanges:
        """Load any ``ip-ranges.json`` snapshot, old ones without ``network_border_group`` too.

        A path ending in ``.gz`` is decompressed first.

        Raises :class:`~ueba.exceptions.FeedError` naming the file and the fix when it is
        missing, not JSON, or not shaped like AWS's feed.

        >>> AwsIpRanges.from_json("ip-ranges.json").sync_token  # doctest: +SKIP
        '1787411825'
        """
        where = str(path)
        try:
            text = Path(path).read_bytes()
            if where.endswith(".gz"):
                text = gzip.decompress(text)
        except (OSError, EOFError) as exc:
            raise FeedError(f"cannot read the file ({exc})", path=where, fix=FETCH_FIX) from exc
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError) as exc:  # RecursionError: '[' * 100000
            raise FeedError(f"not JSON ({exc})", path=where, fix=FETCH_FIX) from exc
        return cls.from_dict(doc, source=where)

    @classmethod
    def from_dict(cls, doc: Any, *, source: str = "<dict>") -> AwsIpRanges:
        """Build from the parsed JSON document (``{"syncToken": ..., "prefixes": [...]}``)."""
        if not isinstance(doc, dict) or "prefixes" not in doc:
            raise FeedError(
                "not an AWS ip-ranges document (no 'prefixes' list)", path=source, fix=FETCH_FIX
            )
        token, created = doc.get("syncToken"), doc.get("createDate")
        if not isinstance(token, str | int) or not isinstance(created, str):
            raise FeedError("no syncToken or createDate", path=source, fix=FETCH_FIX)
        records = _records(doc, "prefixes", "ip_prefix", source)
        records += _records(doc, "ipv6_prefixes", "ipv6_prefix", source)
        if not records:
            raise FeedError("the document lists no prefixes", path=source, fix=FETCH_FIX)
        return cls(
            prefixes=_prefix_frame(records, source),
            sync_token=str(token),
            create_date=created,
            source=source,
        )

    @classmethod
    def bundled(cls) -> AwsIpRanges:
        """The snapshot shipped inside the package (``ueba/data/ip-ranges.json``)."""
        resource = resources.files("ueba") / "data" / "ip-ranges.json"
        with resources.as_file(resource) as path:
            return cls.from_json(path)

    @classmethod
    def installed(cls, feed_dir: str | Path | None = None) -> AwsIpRanges:
        """The snapshot installed by ``ueba feeds update`` in ``feed_dir`` (default
        :func:`default_feed_dir`), else the bundled one."""
        path = Path(feed_dir) if feed_dir is not None else default_feed_dir()
        candidate = path / IP_RANGES_FILE
        return cls.from_json(candidate) if candidate.is_file() else cls.bundled()

    @property
    def prefix_set(self) -> set[str]:
        """The distinct CIDR texts of the snapshot, for comparing two snapshots."""
        return set(self.prefixes["ip_aws_prefix"].to_list())

    def match(self, ips: pl.LazyFrame) -> pl.LazyFrame:
        """Match a frame of unique addresses (``ip_version``, ``ip_int``) against the snapshot.

        Returns one row per address that is in at least one prefix, with ``ip_version``,
        ``ip_int`` and the :data:`MATCH` columns. ``aws_services`` lists every service whose
        prefixes contain the address, sorted; ``aws_service`` is the most specific one (longest
        prefix, a named service before ``AMAZON``); region, border group and ``ip_aws_prefix``
        come from the longest matching prefix.

        One sorted as-of join against :attr:`intervals` (the address space cut where the set of
        covering prefixes changes), then a check of the interval's end.
        """
        return (
            ips.select("ip_version", "ip_int")
            .sort("ip_int")
            .join_asof(
                self.intervals.lazy(),
                left_on="ip_int",
                right_on="start",
                by="ip_version",
                check_sortedness=False,  # both sides are sorted on the key
            )
            .filter(pl.col("ip_int") <= pl.col("end"))
            .select("ip_version", "ip_int", *MATCH)
        )

    def match_ips(self, ips: Iterable[str]) -> pl.DataFrame:
        """Eager convenience: match address texts; unmatched addresses have null columns."""
        frame = parse_ips(
            pl.LazyFrame({"ip": list(ips)}, schema={"ip": pl.String()}), "ip"
        ).collect(engine=ENGINE)
        matched = self.match(frame.lazy().filter(pl.col("ip_int").is_not_null()).unique())
        return (
            frame.lazy()
            .join(matched, on=["ip_version", "ip_int"], how="left", maintain_order="left")
            .select("ip", *MATCH)
            .collect(engine=ENGINE)
        )


__all__ = [
    "AMAZON",
    "FEEDS_ENV",
    "IP_RANGES_FILE",
    "MATCH",
    "PREFIXES",
    "AwsIpRanges",
    "default_feed_dir",
]
