"""People inside a shared role: the person of each row, and what they did themselves.

People federated by SAML from an external IdP share the account's roles; identity enrichment
names each one's sessions workload ``saml_user`` with the session name the IdP sent
(:mod:`ueba.enrichment._binding`). The role stays the principal (the people who share it), so
rules judge at the role and, where the comparison is the person's, at the person: the
baseline's ``workload`` entity ``saml_user:<session name>``.

People also reach a shared role by role chaining: an IAM user's own key calls ``AssumeRole``
(an IT team's admin role in every account, a lab's shared role). The session name is then
whatever the caller chose, but identity enrichment links each minted key to its parent
(``parent_access_key_id``), and :func:`ueba.detect._chains.chain_origins` names the person who
holds the chain's first key. :func:`chain_people` gives those keys their person, so that what
is judged per person in a shared SAML role is judged per person here too.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._chains import chain_origins

# chain origins that are one person (a pipeline's chain is its code's, not a person's)
CHAIN_PEOPLE = ("iam_user", "root", "federated_user", "sso_user", "saml_user")


def person_expr() -> pl.Expr:
    """``_person``: the baseline entity of the person of a shared SAML role's row (needs the
    featured ``workload_entity``), null for every other row."""
    return (
        pl.when(pl.col("workload_kind") == "saml_user")
        .then(pl.col("workload_entity"))
        .alias("_person")
    )


def chain_people(events: pl.LazyFrame) -> pl.LazyFrame:
    """(``access_key_id``, ``_chain_person``, ``_chain_label``): each session key in ``events``
    (ENRICHED) minted, directly or through other roles, from a person's key (:data:`CHAIN_PEOPLE`),
    with that person (``<kind>:<id>``) and a short name for reasons (the user name).

    >>> ev = pl.LazyFrame({
    ...     "access_key_id": ["AKIAHELEN", "ASIAADMIN", "ASIAAPP"],
    ...     "parent_access_key_id": [None, "AKIAHELEN", None],
    ...     "principal_type": ["iam_user", "role", "role"],
    ...     "principal_arn": ["arn:aws:iam::1:user/helen", "arn:aws:iam::2:role/admin",
    ...                       "arn:aws:iam::2:role/app"],
    ...     "workload_kind": [None, None, None], "workload_id": [None, None, None],
    ...     "event_time": [1, 2, 3], "event_id": ["e1", "e2", "e3"]},
    ...     schema_overrides={"workload_kind": pl.String, "workload_id": pl.String})
    >>> chain_people(ev).collect().rows()
    [('ASIAADMIN', 'iam_user:arn:aws:iam::1:user/helen', 'helen')]
    """
    if "parent_access_key_id" not in events.collect_schema():
        # a frame with no key lineage (not ENRICHED) links no key to a person
        return pl.LazyFrame(
            schema={
                "access_key_id": pl.String,
                "_chain_person": pl.String,
                "_chain_label": pl.String,
            }
        )
    return (
        chain_origins(events)
        .filter(pl.col("origin_kind").is_in(list(CHAIN_PEOPLE)))
        .select(
            "access_key_id",
            pl.format("{}:{}", "origin_kind", "origin_id").alias("_chain_person"),
            pl.col("origin_id").str.split("/").list.last().alias("_chain_label"),
        )
    )


def with_people(frame: pl.LazyFrame, chains: pl.LazyFrame | None) -> pl.LazyFrame:
    """``frame`` (featured rows) plus ``_person`` (:func:`person_expr`, else the person of the
    row's key's role chain in ``chains``, :func:`chain_people`) and ``_person_label`` (the name
    a reason gives them)."""
    frame = frame.with_columns(person_expr())
    if chains is None:
        return frame.with_columns(
            pl.when(pl.col("_person").is_not_null())
            .then(pl.col("workload_id"))
            .alias("_person_label")
        )
    return (
        frame.join(chains, on="access_key_id", how="left")
        .with_columns(
            pl.when(pl.col("_person").is_not_null())
            .then(pl.col("workload_id"))
            .otherwise(pl.col("_chain_label"))
            .alias("_person_label"),
            pl.coalesce("_person", "_chain_person").alias("_person"),
        )
        .drop("_chain_person", "_chain_label")
    )


def own_new_counts(
    firsts: pl.LazyFrame,
    events: pl.LazyFrame,
    scored: pl.LazyFrame,
    chains: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """``firsts`` (rows with ``principal``, ``day`` and the person's columns) plus ``_person``,
    ``_person_label`` and ``_own_never``: how many of the day's APIs new for the principal
    (``scored``'s ``new_for_principal``, per principal and day) that person called in
    ``events`` (featured, with ``day``); 0 for rows of no person. The person is the SAML
    person of the row (:func:`person_expr`), else the person whose key the row's role chain
    started from (``chains``, :func:`chain_people`)."""
    never = scored.select("principal", "day", pl.col("new_for_principal").alias("api")).explode(
        "api"
    )
    own = (
        with_people(events, chains)
        .filter(pl.col("_person").is_not_null())
        .join(never, on=["principal", "day", "api"], how="semi")
        .group_by("principal", "day", "_person")
        .agg(pl.col("api").n_unique().cast(pl.Int64).alias("_own_never"))
    )
    return (
        with_people(firsts, chains)
        .join(own, on=["principal", "day", "_person"], how="left")
        .with_columns(pl.col("_own_never").fill_null(0))
    )


__all__ = ["CHAIN_PEOPLE", "chain_people", "own_new_counts", "person_expr", "with_people"]
