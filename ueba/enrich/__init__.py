"""Enrichment: EVENTS -> ENRICHED, where each call came from, with what tool, as whom.

Three stages, each a LazyFrame -> LazyFrame function that adds its columns and keeps every row:

* :func:`enrich_network` (``ueba.enrich.network``): source kind, AWS service and region, ASN,
  geography (ENRICHED_NETWORK).
* :func:`enrich_user_agent` (``ueba.enrich.useragent``): tool, runtime, OS, distro, execution
  environment, fingerprint (ENRICHED_USER_AGENT).
* :func:`enrich_identity` (``ueba.enrich.identity``): principal, credential kind, workload
  binding (ENRICHED_IDENTITY).

:func:`enrich` runs all three and conforms the result to :data:`ueba.schema.ENRICHED`.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

import polars as pl

from ueba.enrich.identity import enrich_identity
from ueba.enrich.useragent import enrich_user_agent
from ueba.schema import ENRICHED, conform

if TYPE_CHECKING:
    from ueba.enrich.aws_ranges import AwsIpRanges
    from ueba.enrich.geo import AsnTable, GeoReader


def default_feeds(
    *, ip_ranges: AwsIpRanges | None = None, asn_table: AsnTable | None = None
) -> tuple[AwsIpRanges, AsnTable]:
    """The feeds :func:`enrich` uses when none are given: those ``ueba feeds update``
    installed, else the ip-ranges snapshot and IPv4 ASN table bundled with ``ueba``.

    Load them once and pass them on when enriching many frames (one per day, say).
    """
    from ueba.enrich.aws_ranges import AwsIpRanges
    from ueba.enrich.geo import AsnTable

    return (
        ip_ranges if ip_ranges is not None else AwsIpRanges.installed(),
        asn_table if asn_table is not None else AsnTable.installed() or AsnTable.bundled(),
    )


def enrich(
    events: pl.LazyFrame,
    *,
    ip_ranges: AwsIpRanges | None = None,
    geo: GeoReader | None = None,
    asn_table: AsnTable | None = None,
    whois: GeoReader | None = None,
) -> pl.LazyFrame:
    """Enrich CloudTrail events: EVENTS in, exactly ENRICHED out, one row per event.

    Parameters
    ----------
    events
        A LazyFrame of :data:`ueba.schema.EVENTS` (``scan_lake``, ``scan_cloudtrail``). Pass the
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
        A last resort for public IPs with no ASN (:class:`ueba.enrich.whois.WhoisLookup`); off
        unless given.

    Examples
    --------
    >>> import ueba
    >>> events = ueba.scan_cloudtrail("data/samples/flaws2")  # doctest: +SKIP
    >>> enriched = ueba.enrich(events).collect()  # doctest: +SKIP
    >>> enriched.select("source_kind", "ua_family", "principal_arn", "workload_kind")  # doctest: +SKIP
    """
    from ueba.enrich.network import enrich_network

    ip_ranges, asn_table = default_feeds(ip_ranges=ip_ranges, asn_table=asn_table)

    # Each stage reads its input more than once (distinct values, then the join back); caching
    # the input means files or a lake are scanned once, not once per branch.
    enriched = enrich_network(
        events.cache(),
        ip_ranges=ip_ranges,
        geo=geo,
        asn_table=asn_table,
        whois=whois,
    )
    enriched = enrich_user_agent(enriched.cache())
    enriched = enrich_identity(enriched)
    return conform(enriched, ENRICHED)


class _CallablePackage(types.ModuleType):
    """Lets ``ueba.enrich(events, ...)`` work as the public face promises.

    ``ueba.enrich`` names both this package and the function. Once any ``ueba.enrich.*`` module
    is imported, Python binds the attribute ``ueba.enrich`` to the package, shadowing the lazy
    export of the function; so the package forwards calls to :func:`enrich`.
    """

    def __call__(self, events: pl.LazyFrame, **options: Any) -> pl.LazyFrame:
        return enrich(events, **options)


sys.modules[__name__].__class__ = _CallablePackage


def __getattr__(name: str) -> Any:
    # enrich_network lives with the network stage; imported on first use so that importing the
    # user-agent or identity stage never pays for (or depends on) the network feeds.
    if name == "enrich_network":
        return importlib.import_module("ueba.enrich.network").enrich_network
    raise AttributeError(f"module 'ueba.enrich' has no attribute {name!r}")


__all__ = ["default_feeds", "enrich", "enrich_identity", "enrich_network", "enrich_user_agent"]
