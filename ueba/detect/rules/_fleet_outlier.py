"""One session of a large fleet of identities driven by a client the fleet never used, calling
what the fleet never called (``credential_outside_workload``'s ``fleet_outlier`` signal).

Some roles are held by a crowd of one-shot identities whose code fixes what they do: an Amazon
Cognito identity pool's role, assumed through ``AssumeRoleWithWebIdentity`` by every player of a
game (one identity, one key each), calls the three APIs the game client calls, with the game's
SDKs, from players' networks all over the world. Such a role is learnt as a fleet, not per key
(each key is new and has no history): its clients and APIs over the window are the fleet's. The
pool's unauthenticated keys are handed to anyone who asks, so an attacker who takes the pool id
from the client gets a legitimate key, and then uses it with their own tool (a Boto3, the CLI)
to call what the game never does (``GetCallerIdentity``, ``ListBuckets``, IAM listing): public
research on over-permissive identity pools describes exactly that. A player's network says
nothing there (players come from everywhere); the client and the calls do.

The signal: a role with at least ``min_fleet`` actors today (``ueba.detect.fleet.actor_expr``:
the session key, the instance or task), whose people (IAM Identity Center, SAML) are not in it,
where one actor, from outside AWS, uses a client family the role never used (over the window)
and no other actor uses today, and calls at least one API the role never called and no other
actor calls today. A deploy or SDK upgrade reaches many actors at once (``fleet``); a canary
instance calls from inside AWS; a stolen workload key outside AWS is ``outside_aws`` (high).
"""

from __future__ import annotations

import polars as pl

from ueba.baseline.summaries import dimension_expr
from ueba.detect._baseline import BaselineView
from ueba.detect.fleet import actor_expr
from ueba.detect.rules._base import OUTSIDE_KINDS, PERSON_WORKLOADS, rows_at

_ROLE = ["account_id", "principal"]


def fleet_outliers(lf: pl.LazyFrame, baseline: BaselineView, *, min_fleet: int) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events) by a fleet's outlier (module docstring), with the
    actor's client, plus ``_fleet`` (the role's actors today), ``_new_apis`` (the lone new
    calls, sorted, joined) and ``_n_new``."""
    is_role = (
        (pl.col("principal_type") == "role")
        & pl.col("principal").is_not_null()
        & ~pl.col("is_service_call")
    )

    def known(dim: str) -> pl.LazyFrame:
        return (
            baseline.known("principal", dim)
            .select(pl.col("entity").alias("principal"), pl.col("value").alias(dim))
            .unique()
        )

    # Only a role with a client it never used, seen from outside AWS today, can have an
    # outlier: find those (role, client) pairs on a few columns first, so that the actor
    # counts below group the rows of those roles, not every role row of the day (a large
    # day's EC2 fleets alone are most of it). A null source kind is kept, as `.all()` below
    # ignores nulls.
    # Within a scoring (the view has an engine) the candidate roles and their rows are each
    # collected once: every branch below reads them, projected differently, and polars'
    # common-subplan elimination then misses them, re-running the day's scans per branch (six
    # times, ~0.1 s of CPU each on a 1M-event day, with no candidate at all).
    candidates = baseline.materialize(
        lf.select(*_ROLE, "ua_family", "source_kind", "principal_type", "is_service_call")
        .filter(
            is_role
            & pl.col("ua_family").is_not_null()
            & pl.col("source_kind").is_in(OUTSIDE_KINDS).fill_null(True)
        )
        .select(*_ROLE, "ua_family")
        .unique()
        .join(known("ua_family"), on=["principal", "ua_family"], how="anti")
        .select(_ROLE)
        .unique()
    )
    # The rows are chosen on a few columns, then fetched whole by position: a filter after
    # the join would be pushed below it and gather every column of every role row of the day.
    day = lf.with_row_index("_row")
    chosen = (
        day.select("_row", *_ROLE, "principal_type", "is_service_call")
        .filter(is_role)
        .join(candidates, on=_ROLE, how="semi")
        .select("_row")
    )
    roles = baseline.materialize(
        rows_at(day, chosen).drop("_row").with_columns(actor_expr().alias("_actor"))
    )
    people = (
        roles.filter(pl.col("workload_kind").is_in(PERSON_WORKLOADS).fill_null(False))
        .select(_ROLE)
        .unique()
    )
    fleets = (
        roles.filter(pl.col("_actor").is_not_null())
        .group_by(_ROLE)
        .agg(pl.col("_actor").n_unique().cast(pl.Int64).alias("_fleet"))
        .filter(pl.col("_fleet") >= min_fleet)
        .join(people, on=_ROLE, how="anti")
    )
    rows = roles.join(fleets, on=_ROLE, how="inner")

    # a client new for the role that exactly one actor uses today, from outside AWS
    clients = (
        rows.select(*_ROLE, "ua_family", "_actor", "source_kind")
        .unique()
        .join(known("ua_family"), on=["principal", "ua_family"], how="anti")
        .group_by(*_ROLE, "ua_family")
        .agg(
            pl.col("_actor").n_unique().alias("_users"),
            pl.col("_actor").first(),
            pl.col("source_kind").is_in(OUTSIDE_KINDS).all().alias("_outside"),
        )
        .filter((pl.col("_users") == 1) & pl.col("_outside") & pl.col("ua_family").is_not_null())
        .select(*_ROLE, "ua_family", "_actor")
    )
    api = dimension_expr("api")
    # the APIs new for the role that only that actor calls today
    calls = (
        rows.join(clients.select(*_ROLE, "_actor"), on=[*_ROLE, "_actor"], how="semi")
        .select(*_ROLE, "_actor", api)
        .unique()
        .join(known("api"), on=["principal", "api"], how="anti")
    )
    others = (
        rows.with_columns(api)
        .join(calls.select(*_ROLE, "api").unique(), on=[*_ROLE, "api"], how="semi")
        .group_by(*_ROLE, "api")
        .agg(pl.col("_actor").n_unique().alias("_callers"))
    )
    lone = (
        calls.join(others, on=[*_ROLE, "api"], how="inner")
        .filter(pl.col("_callers") == 1)
        .group_by(*_ROLE, "_actor")
        .agg(
            pl.col("api").str.extract(r":(.+)$", 1).sort().str.join(", ").alias("_new_apis"),
            pl.len().cast(pl.Int64).alias("_n_new"),
        )
    )
    return rows.join(clients, on=[*_ROLE, "ua_family", "_actor"], how="inner").join(
        lone, on=[*_ROLE, "_actor"], how="inner"
    )


__all__ = ["fleet_outliers"]
