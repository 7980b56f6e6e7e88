"""The unit a role's fleet is counted in (an instance, a task, a person, a session key), and
the day's distinct (role, actor, ...) tuples grouped on it (:mod:`ueba.detect.fleet`)."""

from __future__ import annotations

import polars as pl

from ueba.detect.features import coded, first_by_time

# Workload kinds that are people (as ``ueba.detect.rules._base.PERSON_WORKLOADS``; not imported
# from there: the rules package imports this module)
PERSON_KINDS = ("sso_user", "saml_user")


def actor_expr() -> pl.Expr:
    """The unit a fleet is counted in: the instance or task of EC2/ECS keys (hourly keys of one
    instance are one actor), the person of a shared SAML role or of an Identity Center
    permission set (``person:<name>``, whatever the binding: one person's SAML exchange, console
    sign-ins and session keys are one actor), else the session key (Lambda environments, CI
    runs)."""
    entity = pl.col("workload_kind") + pl.lit(":") + pl.col("workload_id")
    has_id = pl.col("workload_id").is_not_null()
    # why: one person is never a fleet. A deploy is most people of a role, not most keys of
    # one person: an Identity Center sign-in writes the SAML exchange (saml_user) and the
    # console's key (sso_user) for the same person, and a person signing in twice has two
    # keys; counted as two actors they "moved together" to whatever network the person (or
    # whoever stole the session) used, and a phished admin's session from a VPS read as a
    # deploy (AWS IAM Identity Center user guide, "Logging IAM Identity Center API calls with
    # AWS CloudTrail": one user's sign-in and role sessions carry the user's name)
    return (
        pl.when(pl.col("workload_kind").is_in(list(PERSON_KINDS)) & has_id)
        .then(pl.lit("person:") + pl.col("workload_id"))
        .when(pl.col("workload_kind").is_in(["ec2", "ecs"]) & has_id)
        .then(entity)
        .otherwise(pl.coalesce("access_key_id", "session_name"))
    )


def actor_combos(rows: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """The distinct (``keys``, actor) of ``rows``: first and last time, earliest event (time,
    then id). The rows of a group-by on :func:`actor_expr` built on every row, grouped instead
    on the actor's ingredients as the day's codes and the actor built on the groups: its
    strings took 0.13 CPU s on the 941k role rows of the 1M-event day (scoring-speed.md,
    twenty-fourth session). A person's SAML and Identity Center rows are one actor of two
    ingredient groups, merged by a group-by of the groups (the earliest of the earliest)."""
    unit = (
        pl.col("workload_kind").is_in([*PERSON_KINDS, "ec2", "ecs"])
        & pl.col("workload_id").is_not_null()
    ).fill_null(False)
    kind, entity, key = coded(rows, "workload_kind", "workload_entity", "access_key_id")
    parts = {  # the entity is "<kind>:<workload_id>" when the workload has an id
        "_a_kind": pl.when(unit).then(kind),
        "_a_entity": pl.when(unit).then(entity),
        "_a_key": pl.when(~unit).then(key),
        "_a_session": pl.when(~unit & key.is_null()).then(pl.col("session_name")),
    }
    groups = (
        rows.with_columns(v.alias(k) for k, v in parts.items())
        .filter(
            pl.any_horizontal(
                pl.col(k).is_not_null() for k in ("_a_entity", "_a_key", "_a_session")
            )
        )
        .group_by(*coded(rows, *keys), *parts)
        .agg(
            pl.col("event_time").min().alias("first_seen"),
            pl.col("event_time").max().alias("last_seen"),
            first_by_time(rows, pl.col("event_id")).alias("first_event_id"),
        )
    )
    k, e = pl.col("_a_kind").cast(pl.String), pl.col("_a_entity").cast(pl.String)
    actor = (
        pl.when(k.is_in(list(PERSON_KINDS)))
        .then(pl.lit("person:") + e.str.strip_prefix(k + ":"))
        .when(e.is_not_null())
        .then(e)
        .otherwise(pl.coalesce(pl.col("_a_key").cast(pl.String), "_a_session"))
    )
    return (
        groups.with_columns(actor.alias("actor"))
        .group_by(*keys[:2], "actor", *keys[2:])
        .agg(
            pl.col("first_seen").min(),
            pl.col("last_seen").max(),
            pl.col("first_event_id").sort_by("first_seen", "first_event_id").first(),
        )
    )


__all__ = ["PERSON_KINDS", "actor_combos", "actor_expr"]
