"""A third party's role tried by a stranger and refused (``outside_account_grant``'s
``refused_to_outside_account`` signal; eighteenth session, branch ``tune27``, tuning on
heldout30's A3).

A managed-service partner's or a SaaS vendor's role (``DataplanMonitoring``, a CSPM's scan role)
trusts the vendor's account and holds it to an ``ExternalId``; the IAM User Guide's confused
deputy guidance ("The confused deputy problem") is the reason. Someone who learnt the role's
name (it is in the vendor's onboarding documents and in every customer's accounts) and tries it
from their own account, or through the vendor's platform naming a guessed ``ExternalId``, is
refused. The refusal is written in the *role's* account only: its ``userIdentity`` is of type
``AWSAccount`` with the caller's account ID, no ARN and no key (CloudTrail User Guide,
"CloudTrail userIdentity element": a request from another account), so no session of the
trail is behind it and ``assumed_by_outside_account`` (which judges the session a successful
``AssumeRole`` minted) never sees it.

The evidence is the attempt against the trail: a cross-account ``AssumeRole`` refused (any
error), by an account none of the trail's accounts, principals or past callers ever were, that
made no successful call today, of a role another account assumed today with an ``ExternalId``
(the role's trust names a partner, and the partner uses it), in at least ``min_accounts`` of
the organisation's mature accounts. One account trying one role once is a typo in a vendor's
console; the same stranger walking the role through several accounts is someone trying the
trust, **medium**: nothing was granted, and nobody the organisation knows made the requests.

In one account it takes more (nineteenth session, branch ``tune30``, **tuning on heldout32's
A11**: six refused tries of a distributor's QC pull role from a Contabo host): at least
``rented_min_tries`` refusals of the role, every one of them from a rented network (a hosting
provider's or an anonymiser's address, :func:`ueba.detect._hosting.rented_expr`). A partner's
engineer mistyping the ExternalId works from the partner's platform or office and is not a
stranger; someone retrying a role over and over from a VPS is trying the trust.
Or (twentieth session, branch ``tune34``, **tuning on heldout34's A11**: another account's EC2
instance trying a donor-CRM vendor's role six times in three minutes, without an ExternalId and
with ``lumen``, ``givestack`` and ``lumenrelief``) the stranger's refused tries in one account
name at least ``guess_min_ids`` (2) *different* ExternalIds. The ExternalId is the secret
between the vendor and the customer, and the partner passes its one value every time; a
partner's misconfiguration is one wrong value (retried, it is the same value), a rotation is the
partner's own account. Someone who does not know the secret and tries one value after another
is guessing it, the confused-deputy probe itself, wherever they call from.
Or (twenty-first session, branch ``tune41``, **tuning on heldout37's A8**: another account's
EC2 instance refused six times on five different roles in two accounts, a port authority's feed
role, a customs broker's, a crane maker's, the SFTP partners' and the organisation's own
access role, no ExternalId named) the stranger was refused on at least ``spread_min_roles`` (3)
*different* roles of the organisation today, one of them a partner's. A partner's
misconfiguration is its own role, one or two refusals, then success (which makes it no
stranger); someone trying one role after another is walking the organisation's trusts to see
which one lets them in.
The hits are the refused ``AssumeRole`` records, the stranger's own actor (``aws_account:<id>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._base import role_name

if TYPE_CHECKING:
    from ueba.detect.rules._base import Rule

_ROLE_ACCOUNT = r"^arn:[^:]+:iam::(\d{12}):"


def refused_outsiders(
    lf: pl.LazyFrame,
    trail_accounts: pl.LazyFrame,
    baseline: BaselineView,
    *,
    trusted: list[str],
    min_accounts: int,
    rented_min_tries: int,
    guess_min_ids: int,
    spread_min_roles: int,
) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events): the refused cross-account ``AssumeRole`` calls of an
    account not in ``trail_accounts`` (``grantee``) nor ``trusted``, with no successful call
    today, of a role another account assumed today with an ``ExternalId``, made into at least
    ``min_accounts`` mature accounts, or at least ``rented_min_tries`` times, each from a rented
    network, or naming at least ``guess_min_ids`` different ExternalIds, into one, or by a
    caller refused on at least ``spread_min_roles`` different roles of the organisation today.
    Plus ``_caller``, ``_role``, ``_partner`` (the accounts
    that assumed the role with an ExternalId), ``_tries``, ``_accounts`` (their count),
    ``_account_list``, ``_with_id`` (the refused calls that named an ExternalId) and ``_how``
    (which of the two it was, for the reason)."""
    request = pl.col("request_parameters").fill_null("")
    cross = (
        (pl.col("event_name") == "AssumeRole")
        & ~pl.col("is_service_call")
        & (pl.col("identity_account_id") != pl.col("account_id")).fill_null(False)
    )
    role_arn = request.str.json_path_match("$.roleArn")
    external = request.str.contains(r'"externalId"\s*:')
    # the partner's use: a successful cross-account AssumeRole with an ExternalId, per role
    partners = (
        lf.filter(cross & pl.col("error_code").is_null() & external)
        .group_by(role_arn.alias("_role_arn"))
        .agg(pl.col("identity_account_id").unique().sort().alias("_partners"))
    )
    known = trail_accounts.drop_nulls("grantee").select(pl.col("grantee").alias("_caller")).unique()
    succeeded = (
        lf.filter(pl.col("error_code").is_null())
        .select(pl.col("identity_account_id").alias("_caller"))
        .drop_nulls()
        .unique()
    )
    mature = baseline.mature_accounts()
    strangers = (
        lf.filter(cross & pl.col("error_code").is_not_null())
        .with_columns(
            pl.col("identity_account_id").alias("_caller"),
            role_arn.alias("_role_arn"),
            external.alias("_external_id"),
            request.str.json_path_match("$.externalId").alias("_external_value"),
            rented_expr().alias("_rented"),
        )
        .filter(pl.col("_caller").is_not_null() & ~pl.col("_caller").is_in(trusted))
        .join(known, on="_caller", how="anti")
        .join(succeeded, on="_caller", how="anti")
        .join(mature, on="account_id", how="semi")
    )
    strangers = baseline.materialize(strangers)
    # every role the stranger was refused today, a partner's or not (._outside_refused: a walk)
    spread = strangers.group_by("_caller").agg(pl.col("_role_arn").n_unique().alias("_spread"))
    tries = (
        strangers.join(partners, on="_role_arn", how="inner")
        # the partner is someone else: the stranger's own earlier success would be no stranger
        .filter(~pl.col("_partners").list.contains(pl.col("_caller")))
        .with_columns(
            role_name(pl.col("_role_arn")).alias("_role"),
            pl.col("_partners").list.join(", ").alias("_partner"),
        )
        .join(spread, on="_caller", how="left")
    )
    per_caller = (
        tries.group_by("_caller", "_role")
        .agg(
            pl.len().alias("_tries"),
            pl.col("account_id").n_unique().alias("_accounts"),
            pl.col("account_id").unique().sort().str.join(", ").alias("_account_list"),
            pl.col("_external_id").sum().cast(pl.Int64).alias("_with_id"),
            pl.col("_rented").all().alias("_all_rented"),
            pl.col("_external_value").drop_nulls().n_unique().alias("_ids"),
            pl.col("_spread").first(),
        )
        .with_columns(
            pl.when(pl.col("_accounts") >= min_accounts)
            .then(pl.lit("in several accounts"))
            .when((pl.col("_tries") >= rented_min_tries) & pl.col("_all_rented"))
            .then(
                pl.lit("each try from a rented network (a hosting provider's or an anonymiser's)")
            )
            .when(pl.col("_ids") >= guess_min_ids)
            .then(
                pl.format(
                    "naming {} different ExternalIds (guessing the partner's secret)",
                    pl.col("_ids"),
                )
            )
            .when(pl.col("_spread") >= spread_min_roles)
            .then(
                pl.format(
                    "one of {} different roles of the organisation it was refused today"
                    " (walking its trusts)",
                    pl.col("_spread"),
                )
            )
            .alias("_how")
        )
        .filter(pl.col("_how").is_not_null())
        .drop("_all_rented", "_ids", "_spread")
    )
    return tries.join(per_caller, on=["_caller", "_role"], how="inner").drop(
        "_role_arn", "_partners", "_external_id", "_external_value", "_rented", "_spread"
    )


def refused_hits(
    rule: Rule, lf: pl.LazyFrame, trail_accounts: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``outside_account_grant``'s ``refused_to_outside_account`` hits of ``lf`` (featured
    events; :func:`refused_outsiders`)."""
    rows = refused_outsiders(
        lf,
        trail_accounts,
        baseline,
        trusted=list(rule["trusted_accounts"]),
        min_accounts=int(rule["refused_min_accounts"]),
        rented_min_tries=int(rule["refused_rented_min_tries"]),
        guess_min_ids=int(rule["refused_guess_min_ids"]),
        spread_min_roles=int(rule["refused_spread_min_roles"]),
    )
    return rule.emit(
        rows,
        signal="refused_to_outside_account",
        reason=pl.format(
            "role {} refused to account {} {} times in {} accounts ({}; AssumeRole {}, {} of them "
            "naming an ExternalId), an account the trail has never seen (none of its accounts, "
            "principals or past callers) that made no successful call today, where account {} "
            "assumes the role with an ExternalId, {}: a stranger trying a third party's trust",
            pl.col("_role"),
            pl.col("_caller"),
            pl.col("_tries"),
            pl.col("_accounts"),
            pl.col("_account_list"),
            pl.col("error_code"),
            pl.col("_with_id"),
            pl.col("_partner"),
            pl.col("_how"),
        ),
        baseline=pl.format("the role assumed by {} with an ExternalId", pl.col("_partner")),
        observed=pl.format("AssumeRole by {} {}", pl.col("_caller"), pl.col("error_code")),
        weight=float(rule["refused_factor"]),
        severity=str(rule["refused_severity"]),
    )


__all__ = ["refused_hits", "refused_outsiders"]
