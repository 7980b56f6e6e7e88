"""A CI/CD job's role chain: the session a pipeline's web-identity session mints with
``AssumeRole`` (Terraform's provider assuming a deployer role in another account of the
organisation), judged by the pipeline's own history.

A deploy pipeline that manages several accounts exchanges its job's token at the account's own
CI/CD OIDC provider (:func:`._pipeline.ci_session`), then assumes a deployer role in each
account it writes to: AWS records that ``AssumeRole`` in the target account, and every call of
the deployer's session names the pipeline's key as its ``parent_access_key_id``. A deployer
role only ever used by the pipeline's rare applies has no history of its own in the trail, so
its first apply is "new" in every dimension; what it runs from and with is the pipeline's:
:func:`mark_ci_chain` flags its rows ``_ci_chain`` when they come from a network and with a
client the pipeline's role (the chain's first hop) used in the baseline.

``sensitive_api`` reads it for onboarding only (:func:`chain_onboarding`): a service user that
is no IAM identity (a Transfer Family SFTP user) created by the chained session, and the first
SSH key it imports for that user, in the same day (``_provisioning``,
:mod:`._iam_lifecycle`), the request naming no account but the row's own. That is a new
trading partner's login made by the apply that declares it (AWS Transfer Family user guide,
"Managing users for server endpoints": ``CreateUser``, then ``ImportSshPublicKey``): at most
low. A key added to a user that existed before today, an IAM user (long-term credentials that
infrastructure-as-code guidance keeps out of pipelines), an escalating request, a session no
CI job minted, or one from a network or client the pipeline never used keep their severity.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import is_person_key, known_pairs
from ueba.detect.rules._pipeline import ci_session
from ueba.detect.rules._sensitive_calls import names_no_outsider


def mark_ci_chain(
    named: pl.LazyFrame, day: pl.LazyFrame, baseline: BaselineView, outsiders: pl.LazyFrame
) -> pl.LazyFrame:
    """``named`` plus ``_ci_chain``: the row's key was minted (``parent_access_key_id``) by a
    key of one of the day's CI/CD web-identity sessions (:func:`._pipeline.ci_session`) whose
    exchange is not one of ``outsiders`` (:func:`._pipeline.outside_jobs`), and the row's
    network and client are ones that
    session's role used in the baseline; ``_ci_parent`` names that role."""
    parents = (
        day.filter(ci_session())
        # a job of an owner the window never saw is no pipeline of the account's (tune54)
        .join(outsiders, on="key_issuer_event_id", how="anti")
        .select(
            pl.col("access_key_id").alias("parent_access_key_id"),
            pl.col("principal").alias("_ci_parent"),
        )
        .unique("parent_access_key_id")
    )
    nets = known_pairs(baseline, "network_key", "_ci_net").rename({"principal": "_ci_parent"})
    clients = known_pairs(baseline, "ua_family", "_ci_client").rename({"principal": "_ci_parent"})
    return (
        named.join(parents, on="parent_access_key_id", how="left")
        .join(nets, on=["_ci_parent", "network_key"], how="left")
        .join(clients, on=["_ci_parent", "ua_family"], how="left")
        .with_columns(
            (
                pl.col("_ci_parent").is_not_null()
                & pl.col("_ci_net").fill_null(False)
                & pl.col("_ci_client").fill_null(False)
                & ~is_person_key()
            )
            .fill_null(False)
            .alias("_ci_chain")
        )
        .drop("_ci_net", "_ci_client")
    )


def chain_onboarding(escalates: pl.Expr) -> pl.Expr:
    """A pipeline's chained session (``_ci_chain``) making a service user that is no IAM
    identity, or that user's first key, the same day (``_provisioning``), naming no outside
    account, with no escalating request (module docstring). Needs :func:`mark_ci_chain`'s and
    ``mark_provisioning``'s columns."""
    return (
        pl.col("_ci_chain")
        & pl.col("_provisioning")
        & (pl.col("event_source") != "iam.amazonaws.com")
        & names_no_outsider()
        & ~escalates
    ).fill_null(False)


def chain_note() -> pl.Expr:
    """The reason's note for :func:`chain_onboarding`'s rows."""
    return pl.format(
        "; a CI/CD pipeline's apply (a role its job assumed after the account's own OIDC"
        " provider minted the job's session, from {}'s usual network and client) onboarding a"
        " service user it created today",
        pl.col("_ci_parent"),
    )


__all__ = ["chain_note", "chain_onboarding", "mark_ci_chain"]
