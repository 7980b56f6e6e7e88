"""CIDR-list membership for threat and trusted lists, looked up once per unique address.

Lists are small next to a day of events, and a day has few distinct source addresses, so each
unique address is checked once (binary search over merged ranges) and joined back.
"""

from __future__ import annotations

import bisect
import ipaddress
from collections.abc import Iterable

import polars as pl

from ueba.exceptions import ConfigError


class NetworkSet:
    """An immutable set of IPv4/IPv6 networks with fast ``contains``.

    Examples
    --------
    >>> nets = NetworkSet(["203.0.113.0/24", "2001:db8::/32"])
    >>> nets.contains("203.0.113.9"), nets.contains("198.51.100.1"), nets.contains("not an ip")
    (True, False, False)
    """

    def __init__(self, cidrs: Iterable[str], *, where: str = "networks") -> None:
        ranges: dict[int, list[tuple[int, int]]] = {4: [], 6: []}
        for i, text in enumerate(cidrs):
            try:
                net = ipaddress.ip_network(str(text).strip(), strict=False)
            except ValueError as exc:
                raise ConfigError(
                    f"{where}[{i}]: {text!r} is not an IP address or CIDR ({exc})",
                    fix="write one address or network per entry, e.g. 203.0.113.0/24",
                ) from None
            ranges[net.version].append((int(net.network_address), int(net.broadcast_address)))
        self._starts: dict[int, list[int]] = {}
        self._ends: dict[int, list[int]] = {}
        for version, spans in ranges.items():
            merged: list[tuple[int, int]] = []
            for start, end in sorted(spans):
                if merged and start <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
            self._starts[version] = [s for s, _ in merged]
            self._ends[version] = [e for _, e in merged]
        self.size = sum(len(v) for v in ranges.values())

    def __len__(self) -> int:
        return self.size

    def contains(self, address: str | None) -> bool:
        if not address:
            return False
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        value = int(ip)
        starts = self._starts[ip.version]
        i = bisect.bisect_right(starts, value) - 1
        return i >= 0 and value <= self._ends[ip.version][i]

    def mark(
        self, frame: pl.LazyFrame, *, column: str = "source_ip_address", alias: str = "in_list"
    ) -> pl.LazyFrame:
        """``frame`` with a boolean ``alias`` column: is ``column`` inside this set?"""
        if self.size == 0:
            return frame.with_columns(pl.lit(False).alias(alias))

        def lookup(values: pl.Series) -> pl.Series:
            return pl.Series([self.contains(v) for v in values.to_list()], dtype=pl.Boolean)

        unique = frame.select(pl.col(column).drop_nulls().unique()).with_columns(
            pl.col(column).map_batches(lookup, return_dtype=pl.Boolean).alias(alias)
        )
        return frame.join(unique, on=column, how="left").with_columns(
            pl.col(alias).fill_null(False)
        )

    def rows_in(self, frame: pl.LazyFrame, *, column: str = "source_ip_address") -> pl.LazyFrame:
        """The rows of ``frame`` whose ``column`` is in the set: ``mark(...).filter(...)``
        without the mark, by a semi join on the listed distinct addresses, so that only the
        listed rows are gathered (a left join gathers every row of a day first)."""
        if self.size == 0:
            return frame.head(0)
        listed = self.mark(
            frame.select(pl.col(column).drop_nulls().unique()), column=column, alias="_listed"
        ).filter(pl.col("_listed"))
        return frame.join(listed.select(column), on=column, how="semi")


__all__ = ["NetworkSet"]
