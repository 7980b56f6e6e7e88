"""A fitted model's opinion judged in the principal's context, before the fold.

The API-rarity model says a principal's day used an unusual mix of calls. That is novelty: the
calls that make a day dangerous are ``sensitive_api``'s to grade (at their own severity), and a
rare mix from a person's usual network and client is a quarterly access review, an on-call
night, a first migration: work, at most **low** (docs/rules.md, "What each severity promises").
The opinion keeps its medium only when the same principal shows a new *context* that day:
``first_seen`` raised a place or client facet (network, country, client, OS) at low or above,
which it does only when nothing vouches for it (no MFA sign-in or identity provider from
there) or a second novelty corroborates it. With another corroborated novelty that day (a
``first_seen`` hit of low or above on a call or region) it is low; with none, the rare day is
the same observation as ``first_seen``'s uncorroborated new calls, counted once: info ("one
novelty is context; low needs corroboration"). This is how GuardDuty's anomaly findings read:
an unusual API is a finding when it comes "from an unusual ASN / user agent", not alone.

Machine workloads (EC2, ECS, Lambda, EKS pods, CI pipelines) are not lowered: their code fixes their calls,
so one instance's rare day is a popped box, not exploration.

Joins the day's hits with themselves (a few hundred rows), never the day's events.
"""

from __future__ import annotations

import polars as pl

from ueba.detect.rules._base import MACHINE_KINDS
from ueba.schema import SEVERITIES

# first_seen's place and client signals (its FACETS "location" and "client")
CONTEXT_SIGNALS = ("new_network_key", "new_country", "new_ua_family", "new_ua_os_family")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def model_in_context(hits: pl.LazyFrame) -> pl.LazyFrame:
    """``hits`` with each fitted model's hit (family ``model``) kept when its principal has a
    ``first_seen`` place or client hit of low or above the same day, else lowered to low when it
    has another ``first_seen`` hit of low or above, else to info.

    >>> import datetime as dt
    >>> t = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
    >>> hits = pl.LazyFrame({"rule": ["rarity", "rarity", "first_seen", "rarity", "first_seen"],
    ...     "family": ["model", "model", "novelty", "model", "novelty"],
    ...     "signal": ["rare_api_set"] * 2 + ["new_country", "rare_api_set", "new_region"],
    ...     "severity": ["medium", "medium", "low", "medium", "low"], "account_id": ["1"] * 5,
    ...     "principal_arn": ["alice", "bob", "bob", "carol", "carol"], "event_time": [t] * 5,
    ...     "workload_kind": pl.Series([None] * 5, dtype=pl.String)})
    >>> model_in_context(hits).collect()["severity"].to_list()
    ['info', 'medium', 'low', 'low', 'low']
    """
    rank = pl.col("severity").replace_strict(_RANK, default=0, return_dtype=pl.Int64)
    day = pl.col("event_time").dt.date().alias("_day")
    # per principal and day: 2 = a new place or client, 1 = another corroborated novelty
    context = (
        hits.filter((pl.col("rule") == "first_seen") & (rank >= _RANK["low"]))
        .group_by("account_id", "principal_arn", day)
        .agg(
            pl.when(pl.col("signal").is_in(CONTEXT_SIGNALS).any())
            .then(pl.lit(2))
            .otherwise(pl.lit(1))
            .alias("_context")
        )
    )
    level = pl.col("_context").fill_null(0)
    cap = pl.when(level == 1).then(pl.lit("low")).otherwise(pl.lit("info"))
    # a machine workload's calls are fixed by its code: one instance's rare day is no person's
    # exploration, and keeps the model's severity (a fleet-wide change is the fleet view's)
    machine = pl.col("workload_kind").is_in(MACHINE_KINDS).fill_null(False)
    lowered = (pl.col("family") == "model") & (level < 2) & ~machine
    return (
        hits.with_columns(day)
        .join(context, on=["account_id", "principal_arn", "_day"], how="left")
        .with_columns(
            pl.when(lowered & (rank > pl.when(level == 1).then(_RANK["low"]).otherwise(0)))
            .then(cap)
            .otherwise(pl.col("severity"))
            .alias("severity")
        )
        .drop("_day", "_context")
    )


__all__ = ["CONTEXT_SIGNALS", "MACHINE_KINDS", "model_in_context"]
