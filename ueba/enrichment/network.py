"""Where each call came from: ``EVENTS`` in, ``EVENTS`` + :data:`ENRICHED_NETWORK` out.

Every look-up runs once per distinct ``source_ip_address`` and is joined back to the events:
parse (:mod:`ueba.enrichment.ip`), AWS ranges (:class:`~ueba.enrichment.aws_ranges.AwsIpRanges`),
then ASN and geography with this precedence: MaxMind (``geo``) first, the ASN table second,
``whois`` last and only for public addresses that still have no ASN.

``network_key`` is the value baselines remember a source by:

==================  ==========================================================
``source_kind``     ``network_key``
==================  ==========================================================
``aws``             ``aws:<most specific prefix>``, e.g. ``aws:34.224.0.0/12``
``public``          ``asn:<n>`` when the ASN is known, else ``net:<a.b.c.0/24>``
                    (IPv4) or ``net:<x:y:z::/48>`` (IPv6)
``vpc_endpoint``    ``vpc_endpoint:<vpce id>``
``aws_service``     ``aws_service:<host, lower case>``
``private``, ``aws_internal``, ``invalid``   the kind itself
==================  ==========================================================
"""

from __future__ import annotations

import polars as pl

from ueba._frame import FrameT, as_lazy, same_kind
from ueba.enrichment.aws_ranges import MATCH, AwsIpRanges
from ueba.enrichment.geo import GEO_COLUMNS, GEO_SCHEMA, AsnTable, GeoReader
from ueba.enrichment.ip import block_text, ip_kind, parse_ips
from ueba.schema import ENRICHED_NETWORK

_IP = "source_ip_address"
_ROUTABLE = ("public", "aws")


def _geo_frame(reader: GeoReader, ips: pl.LazyFrame, prefix: str) -> pl.LazyFrame:
    """``reader.lookup`` on the distinct addresses of ``ips``, deferred until collection."""

    def call(frame: pl.DataFrame) -> pl.DataFrame:
        found = reader.lookup(frame[_IP])
        return found.select(
            pl.col("ip").cast(pl.String).alias(_IP),
            *(
                (pl.col(name) if name in found.columns else pl.lit(None))
                .cast(dtype)
                .alias(f"{prefix}{name}")
                for name, dtype in GEO_COLUMNS.items()
            ),
        ).unique(_IP, keep="first")

    schema = {_IP: pl.String(), **{f"{prefix}{k}": v for k, v in GEO_COLUMNS.items()}}
    return ips.select(_IP).map_batches(call, schema=schema)


def _unique_sources(
    events: pl.LazyFrame,
    ip_ranges: AwsIpRanges,
    geo: GeoReader | None,
    asn_table: AsnTable | None,
    whois: GeoReader | None,
) -> pl.LazyFrame:
    """One row per distinct source text with every column that depends only on it."""
    parsed = parse_ips(events.select(_IP).unique().filter(pl.col(_IP).is_not_null()), _IP)
    # Parsed once: the AWS match, the ASN table, MaxMind and whois all start from it.
    parsed = parsed.with_columns(_kind=ip_kind(_IP)).cache()
    keys = ["ip_version", "ip_int"]
    routable = parsed.filter(pl.col("_kind").is_in(_ROUTABLE))
    sources = parsed.join(ip_ranges.match(routable.select(keys)), on=keys, how="left").with_columns(
        _kind=pl.when(pl.col("_kind").eq("public") & pl.col("ip_aws_prefix").is_not_null())
        .then(pl.lit("aws"))
        .otherwise(pl.col("_kind"))
    )
    geo_cols = {name: pl.lit(None).cast(dtype) for name, dtype in GEO_COLUMNS.items()}
    if geo is not None:
        sources = sources.join(_geo_frame(geo, routable, "_geo_"), on=_IP, how="left")
        geo_cols = {name: pl.col(f"_geo_{name}") for name in GEO_COLUMNS}
    asn, as_org = geo_cols["asn"], geo_cols["as_org"]
    if asn_table is not None:
        table = asn_table.lookup(routable.select(keys)).rename(
            {"asn": "_tab_asn", "as_org": "_tab_as_org"}
        )
        sources = sources.join(table, on=keys, how="left")
        # Keep ASN and organisation from the same source.
        from_geo = asn.is_not_null()
        asn = pl.when(from_geo).then(asn).otherwise(pl.col("_tab_asn"))
        as_org = pl.when(from_geo).then(as_org).otherwise(pl.col("_tab_as_org"))
    sources = sources.with_columns(
        *(expr.alias(name) for name, expr in geo_cols.items() if name not in ("asn", "as_org")),
        asn.alias("asn"),
        as_org.alias("as_org"),
    )
    if whois is not None:
        # Last resort, and only for what nothing else could place: whois is slow and remote.
        unknown = sources.filter(pl.col("_kind").eq("public") & pl.col("asn").is_null())
        found = _geo_frame(whois, unknown, "_who_")
        sources = sources.join(found, on=_IP, how="left").with_columns(
            asn=pl.coalesce("asn", "_who_asn"),
            as_org=pl.when(pl.col("asn").is_null())
            .then(pl.col("_who_as_org"))
            .otherwise(pl.col("as_org")),
            country=pl.coalesce("country", "_who_country"),
        )
    network_key = (
        pl.when(pl.col("_kind") == "aws")
        .then(pl.lit("aws:") + pl.col("ip_aws_prefix"))
        .when((pl.col("_kind") == "public") & pl.col("asn").is_not_null())
        .then(pl.lit("asn:") + pl.col("asn").cast(pl.String))
        .when(pl.col("_kind") == "public")
        .then(pl.lit("net:") + block_text(pl.col("ip_version"), pl.col("ip_int")))
        .when(pl.col("_kind") == "aws_service")
        .then(pl.lit("aws_service:") + pl.col(_IP).str.to_lowercase())
        .otherwise(pl.col("_kind"))
    )
    return sources.select(
        _IP,
        "_kind",
        network_key.alias("_network_key"),
        *MATCH,
        *GEO_COLUMNS,
    )


def enrich_network(
    events: FrameT,
    *,
    ip_ranges: AwsIpRanges | None = None,
    geo: GeoReader | None = None,
    asn_table: AsnTable | None = None,
    whois: GeoReader | None = None,
) -> FrameT:
    """Add the :data:`~ueba.schema.ENRICHED_NETWORK` columns to a frame of events.

    Parameters
    ----------
    events
        A LazyFrame or DataFrame (the result is of the same kind) with at least ``source_ip_address`` (and ``vpc_endpoint_id`` when known).
        Other columns pass through unchanged; earlier network columns are replaced.
    ip_ranges
        The ``ip-ranges.json`` snapshot; ``None`` uses :meth:`AwsIpRanges.installed` (the one
        ``ueba feeds update`` installed, else the bundled one).
    geo
        A :class:`~ueba.enrichment.geo.GeoReader` such as :class:`~ueba.enrichment.geo.MaxMindReader`;
        ``None`` leaves geography null.
    asn_table
        An :class:`~ueba.enrichment.geo.AsnTable`, used where ``geo`` gives no ASN.
    whois
        A last resort for public addresses with no ASN, e.g.
        :class:`~ueba.enrichment.whois.WhoisLookup`; off unless given.

    Examples
    --------
    >>> events = pl.LazyFrame({"source_ip_address": ["34.234.236.212", "104.102.221.250"]})
    >>> out = enrich_network(events, asn_table=AsnTable.bundled()).collect()
    >>> out.select("source_kind", "aws_service", "asn", "network_key").rows()
    [('aws', 'EC2', 14618, 'aws:34.224.0.0/12'), ('public', None, 20940, 'asn:20940')]
    """
    ranges = ip_ranges if ip_ranges is not None else AwsIpRanges.installed()
    lazy = as_lazy(events)
    have = lazy.collect_schema()
    stale = [name for name in ENRICHED_NETWORK if name in have]
    base = lazy.drop(stale) if stale else lazy
    if _IP not in have:
        base = base.with_columns(pl.lit(None, pl.String).alias(_IP))
    endpoint = pl.col("vpc_endpoint_id") if "vpc_endpoint_id" in have else pl.lit(None, pl.String)
    sources = _unique_sources(base, ranges, geo, asn_table, whois)
    joined = base.join(sources, on=_IP, how="left", maintain_order="left")
    has_endpoint = endpoint.is_not_null() & (endpoint != "")
    is_endpoint = (pl.col("_kind") == "private") & has_endpoint
    joined = joined.with_columns(
        pl.when(is_endpoint)
        .then(pl.lit("vpc_endpoint"))
        .otherwise(pl.col("_kind").fill_null("invalid"))
        .alias("source_kind"),
        pl.when(is_endpoint)
        .then(pl.lit("vpc_endpoint:") + endpoint)
        .otherwise(pl.col("_network_key").fill_null("invalid"))
        .alias("network_key"),
    )
    original = [name for name in base.collect_schema() if name not in ENRICHED_NETWORK]
    out = joined.select(
        *original,
        *(pl.col(name).cast(dtype) for name, dtype in ENRICHED_NETWORK.items()),
    )
    return same_kind(events, out)


__all__ = ["GEO_SCHEMA", "enrich_network"]
