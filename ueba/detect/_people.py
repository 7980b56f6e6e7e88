"""People inside a shared role: the person of each row, and what they did themselves.

People federated by SAML from an external IdP share the account's roles; identity enrichment
names each one's sessions workload ``saml_user`` with the session name the IdP sent
(:mod:`ueba.enrichment._binding`). The role stays the principal (the people who share it), so
rules judge at the role and, where the comparison is the person's, at the person: the
baseline's ``workload`` entity ``saml_user:<session name>``.
"""

from __future__ import annotations

import polars as pl


def person_expr() -> pl.Expr:
    """``_person``: the baseline entity of the person of a shared SAML role's row (needs the
    featured ``workload_entity``), null for every other row."""
    return (
        pl.when(pl.col("workload_kind") == "saml_user")
        .then(pl.col("workload_entity"))
        .alias("_person")
    )


def own_new_counts(
    firsts: pl.LazyFrame, events: pl.LazyFrame, scored: pl.LazyFrame
) -> pl.LazyFrame:
    """``firsts`` (rows with ``principal``, ``day`` and the person's columns) plus ``_person``
    and ``_own_never``: how many of the day's APIs new for the principal (``scored``'s
    ``new_for_principal``, per principal and day) that person called in ``events`` (featured,
    with ``day``); 0 for rows of no person."""
    never = scored.select("principal", "day", pl.col("new_for_principal").alias("api")).explode(
        "api"
    )
    own = (
        events.with_columns(person_expr())
        .filter(pl.col("_person").is_not_null())
        .join(never, on=["principal", "day", "api"], how="semi")
        .group_by("principal", "day", "_person")
        .agg(pl.col("api").n_unique().cast(pl.Int64).alias("_own_never"))
    )
    return (
        firsts.with_columns(person_expr())
        .join(own, on=["principal", "day", "_person"], how="left")
        .with_columns(pl.col("_own_never").fill_null(0))
    )


__all__ = ["own_new_counts", "person_expr"]
