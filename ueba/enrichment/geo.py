"""ASN and geography for public addresses: MaxMind databases and an IP-range to ASN table.

Both are objects you build and pass to :func:`ueba.enrichment.network.enrich_network`; nothing is
opened or downloaded behind your back.

* :class:`MaxMindReader` reads ``.mmdb`` files (GeoLite2/GeoIP2 ASN or ISP, City, Country,
  Anonymous-IP) through ``maxminddb``. It satisfies the :class:`GeoReader` protocol: given unique
  address texts it returns one row each. A path that does not exist leaves its columns null
  with one warning; a file that is not a MaxMind database of the expected kind is a
  :class:`~ueba.exceptions.FeedError` when the reader is built, never halfway through a run.
* :class:`AsnTable` is a free second source of ASNs: inclusive ``start,end,asn,org`` ranges
  (CSV without a header, as in sapics/ip-location-db, or Parquet), looked up with a sorted
  as-of join on the range start and a check of the range end.

>>> from ueba.enrichment.geo import AsnTable
>>> AsnTable.bundled().lookup_ips(["104.102.221.250"]).select("asn", "as_org").rows()
[(20940, 'Akamai International B.V.')]
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import maxminddb
import polars as pl

from ueba._collect import ENGINE
from ueba.enrichment.ip import IP_INT, parse_ips
from ueba.exceptions import FeedError

logger = logging.getLogger(__name__)

# What a GeoReader returns for each address, besides the ``ip`` column itself.
GEO_COLUMNS: dict[str, pl.DataType] = {
    "asn": pl.Int64(),
    "as_org": pl.String(),
    "country": pl.String(),
    "city": pl.String(),
    "latitude": pl.Float64(),
    "longitude": pl.Float64(),
    "ip_is_anonymous": pl.Boolean(),
    "ip_is_hosting": pl.Boolean(),
}
GEO_SCHEMA: dict[str, pl.DataType] = {"ip": pl.String(), **GEO_COLUMNS}

ASN_FIX = (
    "Give a file of inclusive ranges 'start,end,asn,org' (CSV without a header, or Parquet with "
    "those columns), e.g. asn-ipv4.csv from sapics/ip-location-db"
)
MMDB_FIX = (
    "Pass a MaxMind database of the right kind (GeoLite2-ASN, GeoLite2-City, GeoLite2-Country, "
    "GeoIP2-Anonymous-IP) or leave the option out"
)


@runtime_checkable
class GeoReader(Protocol):
    """Anything that maps unique address texts to :data:`GEO_COLUMNS`.

    ``lookup`` receives distinct, valid, public addresses and returns a frame of
    :data:`GEO_SCHEMA` with one row per address (unknown values null). ``enrich_network`` calls
    it once per run on the unique addresses, never per event. ``ueba.testing.geo.FakeGeoReader``
    is an in-memory implementation for tests.
    """

    def lookup(self, ips: pl.Series) -> pl.DataFrame: ...


# database role -> the database_type words (from the .mmdb metadata) that can fill it
_ROLES: dict[str, tuple[str, ...]] = {
    "asn_db": ("ASN", "ISP"),
    "city_db": ("City",),
    "country_db": ("Country", "City"),
    "anonymous_db": ("Anonymous-IP",),
}


def _open_mmdb(role: str, path: str | Path) -> Any:
    try:
        reader = maxminddb.open_database(str(path))
    except (maxminddb.InvalidDatabaseError, ValueError, OSError) as exc:
        raise FeedError(
            f"not a readable MaxMind database ({exc})", path=str(path), fix=MMDB_FIX
        ) from exc
    kind = str(reader.metadata().database_type)
    if not any(word in kind for word in _ROLES[role]):
        reader.close()
        raise FeedError(
            f"is a {kind!r} database, which cannot serve as {role}",
            path=str(path),
            fix=MMDB_FIX,
        )
    return reader


def _get(record: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(record, Mapping):
            return None
        record = record.get(key)
    return record


class MaxMindReader:
    """Look addresses up in MaxMind ``.mmdb`` files; each database is optional.

    Parameters
    ----------
    asn_db, city_db, country_db, anonymous_db
        Paths to GeoLite2/GeoIP2 databases. ``asn_db`` also accepts a GeoIP2-ISP database;
        ``country`` comes from ``city_db`` when given, else ``country_db``.

    A missing path leaves its columns null and logs one warning; a file of the wrong kind or a
    corrupt file raises :class:`~ueba.exceptions.FeedError` here, before any event is read.

    >>> geo = MaxMindReader(asn_db="GeoLite2-ASN.mmdb", city_db="GeoLite2-City.mmdb")  # doctest: +SKIP
    >>> geo.lookup(pl.Series(["81.2.69.142"]))["city"].to_list()  # doctest: +SKIP
    ['London']
    """

    def __init__(
        self,
        *,
        asn_db: str | Path | None = None,
        city_db: str | Path | None = None,
        country_db: str | Path | None = None,
        anonymous_db: str | Path | None = None,
    ) -> None:
        self.asn_db = asn_db
        self.city_db = city_db
        self.country_db = country_db
        self.anonymous_db = anonymous_db
        self._readers: dict[str, Any] = {}
        missing = []
        for role in _ROLES:
            path = getattr(self, role)
            if path is None:
                continue
            if not Path(path).is_file():
                missing.append(f"{role}={path}")
                continue
            self._readers[role] = _open_mmdb(role, path)
        if missing:
            warnings.warn(
                f"MaxMind database not found ({', '.join(missing)}): its columns stay null",
                UserWarning,
                stacklevel=2,
            )

    @property
    def versions(self) -> dict[str, str]:
        """``{role: "<database_type> built <epoch>"}``, to record beside results."""
        out = {}
        for role, reader in self._readers.items():
            meta = reader.metadata()
            out[role] = f"{meta.database_type} built {meta.build_epoch}"
        return out

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._readers = {}

    def __enter__(self) -> MaxMindReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _record(self, role: str, ip: str, failures: list[str]) -> Any:
        reader = self._readers.get(role)
        if reader is None:
            return None
        try:
            return reader.get(ip)
        except (ValueError, maxminddb.InvalidDatabaseError) as exc:
            # An IPv6 address against an IPv4-only file, or a damaged data section: this
            # address gets nulls and the run goes on.
            failures.append(f"{role} {ip}: {exc}")
            return None

    def lookup(self, ips: pl.Series) -> pl.DataFrame:
        """One row of :data:`GEO_SCHEMA` per address in ``ips`` (distinct address texts)."""
        columns: dict[str, list[Any]] = {name: [] for name in GEO_SCHEMA}
        failures: list[str] = []
        # One database call per distinct address: the caller has already deduplicated.
        for ip in ips.to_list():
            asn = self._record("asn_db", ip, failures)
            city = self._record("city_db", ip, failures)
            country = city if city is not None else self._record("country_db", ip, failures)
            anon = self._record("anonymous_db", ip, failures)
            columns["ip"].append(ip)
            columns["asn"].append(_get(asn, "autonomous_system_number"))
            columns["as_org"].append(_get(asn, "autonomous_system_organization"))
            columns["country"].append(_get(country, "country", "iso_code"))
            columns["city"].append(_get(city, "city", "names", "en"))
            columns["latitude"].append(_get(city, "location", "latitude"))
            columns["longitude"].append(_get(city, "location", "longitude"))
            columns["ip_is_anonymous"].append(
                None if "anonymous_db" not in self._readers else bool(_get(anon, "is_anonymous"))
            )
            columns["ip_is_hosting"].append(
                None
                if "anonymous_db" not in self._readers
                else bool(_get(anon, "is_hosting_provider"))
            )
        if failures:
            logger.warning(
                "%d MaxMind look-ups failed and were left null, e.g. %s", len(failures), failures[0]
            )
        return pl.DataFrame(columns, schema=GEO_SCHEMA)


ASN_TABLE: dict[str, pl.DataType] = {
    "ip_version": pl.Int8(),
    "start": IP_INT,
    "end": IP_INT,
    "asn": pl.Int64(),
    "as_org": pl.String(),
}


def _ranges_from_text(raw: pl.DataFrame, path: str) -> pl.DataFrame:
    """Parse ``start``/``end`` address texts (or IPv4 integers) into :data:`ASN_TABLE`."""
    if raw.schema["start"].is_integer():
        bounds = raw.with_columns(
            ip_version=pl.lit(4, pl.Int8),
            start=pl.col("start").cast(IP_INT),
            end=pl.col("end").cast(IP_INT),
        )
    else:
        starts = parse_ips(raw.lazy(), "start").rename({"ip_int": "start_int"})
        bounds = (
            parse_ips(starts.rename({"ip_version": "start_version"}), "end")
            .select(
                pl.col("start_version").alias("ip_version"),
                pl.col("start_int").alias("start"),
                pl.col("ip_int").alias("end"),
                pl.col("ip_version").alias("end_version"),
                "asn",
                "as_org",
            )
            .collect(engine=ENGINE)
        )
        broken = (
            pl.col("start").is_null()
            | pl.col("end").is_null()
            | (pl.col("ip_version") != pl.col("end_version"))
        )
        bad = bounds.with_row_index("row").filter(broken)
        if bad.height:
            first = bad.row(0, named=True)
            raise FeedError(
                f"{bad.height} rows have no valid address range, e.g. row {first['row'] + 1}",
                path=path,
                fix=ASN_FIX,
            )
    table = bounds.select(
        "ip_version",
        "start",
        "end",
        pl.col("asn").cast(pl.Int64, strict=False),
        pl.col("as_org").cast(pl.String),
    )
    inverted = table.filter(pl.col("start") > pl.col("end")).height
    if inverted:
        raise FeedError(f"{inverted} rows end before they start", path=path, fix=ASN_FIX)
    return table.sort(["ip_version", "start"])


@dataclass(frozen=True, eq=False)  # frames do not compare with ==
class AsnTable:
    """Inclusive address ranges to ASN and organisation, looked up in bulk.

    Where ranges overlap, the one starting nearest below the address is used (and only if it
    also covers the address). Build it with :meth:`from_csv`, :meth:`from_parquet` or
    :meth:`bundled`; ``ranges`` given directly must be :data:`ASN_TABLE` sorted by
    (``ip_version``, ``start``).
    """

    ranges: pl.DataFrame = field(repr=False)
    source: str = ""

    @classmethod
    def from_csv(cls, path: str | Path) -> AsnTable:
        """Read ``start,end,asn,org`` rows (no header; IPv4 or IPv6 address text)."""
        where = str(path)
        try:
            raw = pl.read_csv(
                path,
                has_header=False,
                new_columns=["start", "end", "asn", "as_org"],
                schema_overrides={
                    "start": pl.String,
                    "end": pl.String,
                    "asn": pl.String,
                    "as_org": pl.String,
                },
            )
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise FeedError(f"cannot read the ASN table ({exc})", path=where, fix=ASN_FIX) from exc
        if raw.width != 4:
            raise FeedError(f"has {raw.width} columns, not 4", path=where, fix=ASN_FIX)
        bad_asn = raw.filter(pl.col("asn").str.to_integer(strict=False).is_null()).height
        if bad_asn:
            raise FeedError(f"{bad_asn} rows have a non-numeric ASN", path=where, fix=ASN_FIX)
        return cls(ranges=_ranges_from_text(raw, where), source=where)

    @classmethod
    def from_parquet(cls, path: str | Path) -> AsnTable:
        """Read a Parquet table with ``start``, ``end`` (address text or IPv4 integers), ``asn``
        and ``org`` (or ``as_org``) columns, as written by :meth:`write_parquet`."""
        where = str(path)
        try:
            raw = pl.read_parquet(path)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise FeedError(f"cannot read the ASN table ({exc})", path=where, fix=ASN_FIX) from exc
        if "org" in raw.columns and "as_org" not in raw.columns:
            raw = raw.rename({"org": "as_org"})
        missing = {"start", "end", "asn", "as_org"} - set(raw.columns)
        if missing:
            raise FeedError(f"lacks columns {sorted(missing)}", path=where, fix=ASN_FIX)
        return cls(
            ranges=_ranges_from_text(raw.select("start", "end", "asn", "as_org"), where),
            source=where,
        )

    @classmethod
    def from_path(cls, path: str | Path) -> AsnTable:
        """:meth:`from_parquet` for ``*.parquet``, else :meth:`from_csv`."""
        return cls.from_parquet(path) if str(path).endswith(".parquet") else cls.from_csv(path)

    @classmethod
    def bundled(cls) -> AsnTable:
        """The IPv4 table shipped with ``ueba`` (sapics/ip-location-db, CC BY 4.0: RouteViews,
        DB-IP.com, NRO; see ``ueba/data/asn-ipv4.NOTICE``)."""
        resource = resources.files("ueba") / "data" / "asn-ipv4.parquet"
        with resources.as_file(resource) as path:
            return cls.from_parquet(path)

    @classmethod
    def installed(cls, feed_dir: str | Path | None = None) -> AsnTable | None:
        """The table installed by ``ueba feeds update --asn-table`` in ``feed_dir`` (default
        ``default_feed_dir()``), or ``None`` when there is none."""
        from ueba.enrichment.aws_ranges import default_feed_dir

        folder = Path(feed_dir) if feed_dir is not None else default_feed_dir()
        for name in ("asn-table.parquet", "asn-table.csv"):
            if (folder / name).is_file():
                return cls.from_path(folder / name)
        return None

    def write_parquet(self, path: str | Path) -> None:
        """Write the table (zstd); IPv4-only tables store integers, others address text."""
        frame = self.ranges
        if not frame["ip_version"].eq(4).all():
            raise FeedError(
                "only IPv4 tables are written as Parquet",
                path=str(path),
                fix="Keep a table with IPv6 ranges as CSV and load it with AsnTable.from_csv",
            )
        frame.select(
            pl.col("start").cast(pl.UInt32), pl.col("end").cast(pl.UInt32), "asn", "as_org"
        ).write_parquet(path, compression="zstd", compression_level=19)

    def lookup(self, ips: pl.LazyFrame) -> pl.LazyFrame:
        """``asn`` and ``as_org`` for a frame of unique (``ip_version``, ``ip_int``)."""
        ranges = self.ranges.lazy().select("ip_version", "start", "end", "asn", "as_org")
        return (
            ips.select("ip_version", "ip_int")
            .sort("ip_int")
            .join_asof(
                ranges,
                left_on="ip_int",
                right_on="start",
                by="ip_version",
                check_sortedness=False,  # both sides are sorted on the key above
            )
            .filter(pl.col("ip_int") <= pl.col("end"))
            .select("ip_version", "ip_int", "asn", "as_org")
        )

    def lookup_ips(self, ips: Iterable[str]) -> pl.DataFrame:
        """Eager convenience: ``ip``, ``asn``, ``as_org`` for address texts, in order."""
        frame = parse_ips(
            pl.LazyFrame({"ip": list(ips)}, schema={"ip": pl.String()}), "ip"
        ).collect(engine=ENGINE)
        found = self.lookup(frame.lazy().filter(pl.col("ip_int").is_not_null()).unique())
        return (
            frame.lazy()
            .join(found, on=["ip_version", "ip_int"], how="left", maintain_order="left")
            .select("ip", "asn", "as_org")
            .collect(engine=ENGINE)
        )


__all__ = ["ASN_TABLE", "GEO_COLUMNS", "GEO_SCHEMA", "AsnTable", "GeoReader", "MaxMindReader"]
