"""Where a finding's events came from: network facts per source address, and AWS regions.

Rules' hits keep only the address; exporters (OCSF ``src_endpoint.location`` /
``autonomous_system``, the Security Lake ``region=`` partition) need what enrichment knew of it.
Both are looked up once per unique address / event of the findings and joined back.
"""

from __future__ import annotations

import polars as pl

from ueba.schema import ENRICHED, SOURCE_NETWORK, conform

_NETWORK_FIELDS = ("source_kind", "asn", "as_org", "country", "city", "latitude", "longitude")


def attach_sources(findings: pl.LazyFrame, enriched: pl.LazyFrame) -> pl.LazyFrame:
    """Fill FINDINGS' ``source_networks`` (aligned with ``source_ips``) and ``regions``.

    ``enriched`` is the ENRICHED frame the findings were scored from. Addresses or events it
    does not hold get null network facts / no region rather than being dropped.
    """
    today = conform(enriched, ENRICHED)
    order = findings.with_row_index("_finding")
    ips = order.select("_finding", pl.col("source_ips").alias("ip")).explode("ip")
    ips = ips.with_columns(pl.int_range(pl.len()).over("_finding").alias("_pos"))
    facts = (
        today.select(pl.col("source_ip_address").alias("ip"), *_NETWORK_FIELDS)
        .join(ips.select("ip").unique(), on="ip", how="semi")
        .unique("ip", keep="first", maintain_order=False)
    )
    networks = (
        ips.filter(pl.col("ip").is_not_null())
        .join(facts, on="ip", how="left")
        .sort("_finding", "_pos")
        .group_by("_finding", maintain_order=True)
        .agg(pl.struct("ip", *_NETWORK_FIELDS).cast(SOURCE_NETWORK).alias("source_networks"))
    )
    events = order.select("_finding", pl.col("event_ids").alias("event_id")).explode("event_id")
    regions = (
        events.join(today.select("event_id", "aws_region").drop_nulls(), on="event_id", how="inner")
        .group_by("_finding", "aws_region")
        .len()
        .sort("_finding", "len", "aws_region", descending=[False, True, False])
        .group_by("_finding", maintain_order=True)
        .agg(pl.col("aws_region").alias("regions"))
    )
    return (
        order.drop("source_networks", "regions", strict=False)
        .join(networks, on="_finding", how="left")
        .join(regions, on="_finding", how="left")
        .sort("_finding")
        .drop("_finding")
    )


__all__ = ["attach_sources"]
