"""A fitted model's opinion judged in the principal's context, before the fold.

The API-rarity model says a principal's day used an unusual mix of calls. That is novelty: the
calls that make a day dangerous are ``sensitive_api``'s to grade (at their own severity), and a
rare mix from the person's usual network and client is a quarterly access review, an on-call
night, a first migration: work, at most **low** (docs/rules.md, "What each severity promises").
The opinion keeps its medium only when the same principal shows a new *context* that day:
``first_seen`` raised a place or client facet (network, country, client, OS) at low or above,
which it does only when nothing vouches for it (no MFA sign-in or identity provider from
there) or a second novelty corroborates it. This is how GuardDuty's anomaly findings read: an
unusual API is a finding when it comes "from an unusual ASN / user agent", not alone.

Joins the day's hits with themselves (a few hundred rows), never the day's events.
"""

from __future__ import annotations

import polars as pl

from ueba.schema import SEVERITIES

# first_seen's place and client signals (its FACETS "location" and "client")
CONTEXT_SIGNALS = ("new_network_key", "new_country", "new_ua_family", "new_ua_os_family")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def model_in_context(hits: pl.LazyFrame, *, cap: str = "low") -> pl.LazyFrame:
    """``hits`` with each fitted model's hit (family ``model``) lowered to ``cap`` unless its
    principal has a ``first_seen`` place or client hit of low or above the same day.

    >>> import datetime as dt
    >>> t = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
    >>> hits = pl.LazyFrame({"rule": ["rarity", "rarity", "first_seen"],
    ...     "family": ["model", "model", "novelty"], "signal": ["rare_api_set"] * 2 + ["new_country"],
    ...     "severity": ["medium", "medium", "low"], "account_id": ["1"] * 3,
    ...     "principal_arn": ["alice", "bob", "bob"], "event_time": [t] * 3})
    >>> model_in_context(hits).collect()["severity"].to_list()
    ['low', 'medium', 'low']
    """
    rank = pl.col("severity").replace_strict(_RANK, default=0, return_dtype=pl.Int64)
    day = pl.col("event_time").dt.date().alias("_day")
    context = (
        hits.filter(
            (pl.col("rule") == "first_seen")
            & pl.col("signal").is_in(CONTEXT_SIGNALS)
            & (rank >= _RANK["low"])
        )
        .select("account_id", "principal_arn", day, _context=pl.lit(True))
        .unique(["account_id", "principal_arn", "_day"])
    )
    alone = (pl.col("family") == "model") & pl.col("_context").is_null() & (rank > _RANK[cap])
    return (
        hits.with_columns(day)
        .join(context, on=["account_id", "principal_arn", "_day"], how="left")
        .with_columns(
            pl.when(alone).then(pl.lit(cap)).otherwise(pl.col("severity")).alias("severity")
        )
        .drop("_day", "_context")
    )


__all__ = ["CONTEXT_SIGNALS", "model_in_context"]
