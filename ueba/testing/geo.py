"""An in-memory :class:`~ueba.enrichment.geo.GeoReader` for tests: no files, no network.

>>> import polars as pl
>>> from ueba.testing.geo import FakeGeoReader
>>> geo = FakeGeoReader({"104.102.221.0/24": {"asn": 20940, "as_org": "Akamai", "country": "US"}})
>>> geo.lookup(pl.Series(["104.102.221.250", "8.8.8.8"]))["asn"].to_list()
[20940, None]
>>> geo.calls
[['104.102.221.250', '8.8.8.8']]
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

import polars as pl

from ueba.enrichment.geo import GEO_COLUMNS, GEO_SCHEMA


class FakeGeoReader:
    """Answers from ``records``: ``{address or CIDR: {column: value}}``; the longest match wins.

    Every call to :meth:`lookup` is remembered in ``calls`` (the addresses asked, in order), so
    a test can check that look-ups run once per distinct address and never for private ones.
    """

    def __init__(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        unknown = {key for row in records.values() for key in row} - set(GEO_COLUMNS)
        if unknown:
            raise ValueError(f"unknown geo columns {sorted(unknown)}; use {sorted(GEO_COLUMNS)}")
        self.records = {ipaddress.ip_network(k, strict=False): dict(v) for k, v in records.items()}
        self.calls: list[list[str]] = []

    def lookup(self, ips: pl.Series) -> pl.DataFrame:
        asked = [str(ip) for ip in ips.to_list()]
        self.calls.append(asked)
        rows = []
        for ip in asked:
            address = ipaddress.ip_address(ip)
            matches = [net for net in self.records if address in net]
            best = max(matches, key=lambda net: net.prefixlen, default=None)
            found = self.records[best] if best is not None else {}
            rows.append({"ip": ip, **{name: found.get(name) for name in GEO_COLUMNS}})
        return pl.DataFrame(rows, schema=GEO_SCHEMA)


__all__ = ["FakeGeoReader"]
