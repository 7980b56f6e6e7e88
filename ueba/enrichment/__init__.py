"""Enrichment: EVENTS -> ENRICHED, where each call came from, with what tool, as whom.

Three stages, each a function that adds its columns, keeps every row and returns the kind of
frame it was given (LazyFrame or DataFrame):

* :func:`enrich_network` (``ueba.enrichment.network``): source kind, AWS service and region, ASN,
  geography (ENRICHED_NETWORK).
* :func:`enrich_user_agent` (``ueba.enrichment.useragent``): tool, runtime, OS, distro, execution
  environment, fingerprint (ENRICHED_USER_AGENT).
* :func:`enrich_identity` (``ueba.enrichment.identity``): principal, credential kind, workload
  binding (ENRICHED_IDENTITY).

:func:`enrich` runs all three and conforms the result to :data:`ueba.schema.ENRICHED`. It is
the public ``ueba.enrich``; this package is ``ueba.enrichment``, so each name means one thing
whatever was imported first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ueba._frame import FrameT, as_lazy, same_kind
from ueba.enrichment.identity import enrich_identity
from ueba.enrichment.useragent import enrich_user_agent
from ueba.schema import ENRICHED, conform

if TYPE_CHECKING:
    from ueba.enrichment.aws_ranges import AwsIpRanges
    from ueba.enrichment.geo import AsnTable, GeoReader


def default_feeds(
    *, ip_ranges: AwsIpRanges | None = None, asn_table: AsnTable | None = None
) -> tuple[AwsIpRanges, AsnTable]:
    """The feeds :func:`enrich` uses when none are given: those ``ueba feeds update``
    installed, else the ip-ranges snapshot and IPv4 ASN table bundled with ``ueba``.

    Load them once and pass them on when enriching many frames (one per day, say).
    """
    from ueba.enrichment.aws_ranges import AwsIpRanges
    from ueba.enrichment.geo import AsnTable

    return (
        ip_ranges if ip_ranges is not None else AwsIpRanges.installed(),
        asn_table if asn_table is not None else AsnTable.installed() or AsnTable.bundled(),
    )


def enrich(
    events: FrameT,
    *,
    ip_ranges: AwsIpRanges | None = None,
    geo: GeoReader | None = None,
    asn_table: AsnTable | None = None,
    whois: GeoReader | None = None,
) -> FrameT:
    """Enrich CloudTrail events: EVENTS in, exactly ENRICHED out, one row per event.

    Parameters
    ----------
    events
        A LazyFrame of :data:`ueba.schema.EVENTS` (``scan_lake``, ``scan_cloudtrail``), or a
        DataFrame (``read_cloudtrail``): the result is of the same kind. Pass the
        whole window at once: a key is bound to its workload by the AssumeRole event that minted
        it, which is usually in the same window.
    ip_ranges
        The AWS ip-ranges snapshot; ``None`` uses the one installed by ``ueba feeds update``,
        else the one bundled with ``ueba`` (:meth:`AwsIpRanges.installed`).
    geo
        A MaxMind reader (:class:`ueba.MaxMindReader`) for ASN, city, country, anonymity;
        ``None`` leaves those columns null.
    asn_table
        An IP-range -> ASN table (:class:`ueba.AsnTable`), a free second ASN source after
        ``geo``; ``None`` uses the table installed by ``ueba feeds update``, else the IPv4 table
        bundled with ``ueba`` (:meth:`AsnTable.bundled`), so public networks are keyed by ASN.
    whois
        A last resort for public IPs with no ASN (:class:`ueba.enrichment.whois.WhoisLookup`); off
        unless given.

    Examples
    --------
    >>> import ueba
    >>> events = ueba.scan_cloudtrail("data/samples/flaws2")  # doctest: +SKIP
    >>> enriched = ueba.enrich(events).collect()  # doctest: +SKIP
    >>> enriched.select("source_kind", "ua_family", "principal_arn", "workload_kind")  # doctest: +SKIP
    """
    from ueba.enrichment.network import enrich_network

    ip_ranges, asn_table = default_feeds(ip_ranges=ip_ranges, asn_table=asn_table)

    # Each stage reads its input more than once (distinct values, then the join back); caching
    # the input means files or a lake are scanned once, not once per branch.
    enriched = enrich_network(
        as_lazy(events).cache(),
        ip_ranges=ip_ranges,
        geo=geo,
        asn_table=asn_table,
        whois=whois,
    )
    enriched = enrich_user_agent(enriched.cache())
    enriched = enrich_identity(enriched)
    return same_kind(events, conform(enriched, ENRICHED))


def __getattr__(name: str) -> Any:
    # enrich_network lives with the network stage; imported on first use so that importing the
    # user-agent or identity stage never pays for (or depends on) the network feeds.
    if name == "enrich_network":
        return importlib.import_module("ueba.enrichment.network").enrich_network
    raise AttributeError(f"module 'ueba.enrichment' has no attribute {name!r}")


__all__ = ["default_feeds", "enrich", "enrich_identity", "enrich_network", "enrich_user_agent"]
