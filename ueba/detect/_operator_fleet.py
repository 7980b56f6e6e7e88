"""One operator's same change in many accounts at once: one change note.

A managed service provider's automation, a security vendor's scanner or a platform team's
pipeline assumes a role of the same name in every account it runs (``SkelligAutomation`` in each
customer, with that customer's external ID). Each account's role is its own principal and its
own fleet (:mod:`ueba.detect.fleet`), so one release of the automation (a new runtime, new SDK,
three new reads) is one finding per account, each saying the same thing. The role sessions all
come from the same **source principal**: the key that called ``AssumeRole`` (the session key's
``parent_access_key_id``) belongs to one principal of another account, the dispatcher's role.

:func:`operator_sessions` names, for each role session key minted by a key of another account,
that source principal and the role's name. :func:`operator_fleet` folds the hits of the roles
one source changed the same way into one note of the source and role name (actor
``operator_fleet``), listing every account, with every key, address and event ID as any finding
holds them (the cross-account twin of the fleet fold, and of :mod:`ueba.detect._network_people`
on the person side).

Only the change itself folds: each account's role shows nothing but new calls or a new client
(first seen, a rare day; no new network, country or region, nothing of another rule), at most
medium, mature, no credential misuse, no write among its new calls; every new value it shows is
shown by at least ``MIN_ACCOUNTS`` of the source's accounts; it starts within the hour of the
first; and those accounts are at least ``MIN_SHARE`` of the accounts the source reached with
that role today. The note is at most low: a change rolled to the whole fleet from the usual
place is what a release looks like. The same change in one account, from a new network, or with
writes, stays its account's own finding, so a thief holding the automation's key who does in
one customer what the release does not is never hidden in the note.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._role_people import ARN_ACCOUNT
from ueba.detect.features import first_by_time

OPERATOR_FLEET = "operator_fleet"
# why: two accounts changing alike is a coincidence; three or more of one source's accounts,
# within the hour, from the usual place, are a release of the source's code (AWS Prescriptive
# Guidance, "Multi-account deployments": one pipeline or StackSet rolls a change to every account)
MIN_ACCOUNTS = 3
MIN_SHARE = 0.5
# the hits a release shows: a new call or client, first seen (by the role or by the fleet), or a
# day of calls rarer than the role's. A new network, country, ASN or region is a new place, not a
# release, and any other rule's hit is the account's own finding.
_RELEASE_RULES = ("first_seen", "fleet_change")
_RELEASE_SIGNALS = r"^new_(api|ua_family|ua_os_family)(_|$)"
_RARE_DAY = "rarity"
_MEMBER = ["_home", "actor_kind", "actor_id", "cause"]
_GROUP = ["_op_source", "_op_role", "_op_day"]
_HOUR = pl.duration(hours=1)


def operator_sessions(events: pl.LazyFrame) -> pl.LazyFrame:
    """(access_key_id, _op_source, _op_role, _op_account, _op_day, _op_writes): each role session
    key in ``events`` (ENRICHED) minted by a key of a principal of another account, with that
    principal's ARN, the role's name and account, the key's first day and the names of the calls
    it wrote (``read_only`` false).

    >>> import polars as pl
    >>> ev = pl.LazyFrame({
    ...     "access_key_id": ["ASIAOPS", "ASIAC1", "ASIAC1"],
    ...     "parent_access_key_id": [None, "ASIAOPS", "ASIAOPS"],
    ...     "principal_type": ["role", "role", "role"],
    ...     "principal_arn": ["arn:aws:iam::111111111111:role/dispatcher",
    ...                       "arn:aws:iam::222222222222:role/Ops",
    ...                       "arn:aws:iam::222222222222:role/Ops"],
    ...     "event_name": ["AssumeRole", "DescribeInstances", "RebootInstances"],
    ...     "read_only": [False, True, False],
    ...     "event_time": [1, 2, 3], "event_id": ["e1", "e2", "e3"]}).with_columns(
    ...     pl.col("event_time").cast(pl.Datetime("us", "UTC")))
    >>> operator_sessions(ev).select(
    ...     "access_key_id", "_op_source", "_op_role", "_op_writes").collect().rows()
    [('ASIAC1', 'arn:aws:iam::111111111111:role/dispatcher', 'Ops', ['RebootInstances'])]
    """
    key, parent = pl.col("access_key_id"), pl.col("parent_access_key_id")
    sessions = events.filter(
        key.is_not_null()
        & parent.is_not_null()
        & (key != parent)
        & (pl.col("principal_type") == "role")
        & pl.col("principal_arn").is_not_null()
    )
    write = pl.col("read_only").not_().fill_null(False)
    per_key = sessions.group_by("access_key_id").agg(
        parent.min().alias("_parent"),  # one parent per key, whatever the row order
        first_by_time(sessions, pl.col("principal_arn")).alias("_arn"),
        pl.col("event_time").min().dt.date().alias("_op_day"),
        pl.col("event_name").filter(write).drop_nulls().unique().sort().alias("_op_writes"),
    )
    parents = (
        events.join(
            per_key.select(pl.col("_parent").alias("access_key_id")).unique(),
            on="access_key_id",
            how="semi",
        )
        .filter(pl.col("principal_arn").is_not_null())
        .group_by("access_key_id")
        .agg(first_by_time(events, pl.col("principal_arn")).alias("_op_source"))
        .select(pl.col("access_key_id").alias("_parent"), "_op_source")
    )
    return (
        per_key.join(parents, on="_parent", how="inner")
        .with_columns(
            pl.col("_arn").str.extract(ARN_ACCOUNT, 1).alias("_op_account"),
        )
        .with_columns(
            # the role's name: the last part of a role ARN, the part before the session name
            # of an assumed-role ARN
            pl.when(pl.col("_arn").str.contains(":assumed-role/"))
            .then(pl.col("_arn").str.extract(r":assumed-role/([^/]+)/", 1))
            .otherwise(pl.col("_arn").str.extract(r":role/(?:.*/)?([^/]+)$", 1))
            .alias("_op_role")
        )
        # cross-account only: a role assumed from its own account is the account's business
        .filter(
            pl.col("_op_role").is_not_null()
            & (pl.col("_op_source").str.extract(ARN_ACCOUNT, 1) != pl.col("_op_account"))
        )
        .select("access_key_id", "_op_source", "_op_role", "_op_account", "_op_day", "_op_writes")
    )


def _release() -> pl.Expr:
    """A hit a release shows: a new call or client, first seen by the role or by its fleet."""
    return (
        pl.col("rule").is_in(list(_RELEASE_RULES)) & pl.col("signal").str.contains(_RELEASE_SIGNALS)
    ).fill_null(False)


def _role(misuse: str) -> pl.Expr:
    """A hit of a role (not credential misuse): what may fold."""
    return (pl.col("actor_kind") == "role").fill_null(False) & (pl.col("cause") != misuse)


def operator_fleet_can_fold(
    h: pl.DataFrame, *, misuse: str, min_accounts: int = MIN_ACCOUNTS
) -> bool:
    """Whether :func:`operator_fleet` can fold anything of ``h`` (its input, collected), whatever
    the sessions: a note needs ``min_accounts`` accounts whose role shows a release (each member
    a role of one account with a release hit); without them it returns ``h`` as it is (the same
    rows, columns and types), and the fold skips it and the sessions' plan
    (benchmarks/README.md, "CI time", twenty-seventh session)."""
    released = h.filter(_role(misuse) & _release())
    return released.get_column("account_id").n_unique() >= min_accounts


def operator_fleet(
    h: pl.LazyFrame,
    sessions: pl.LazyFrame,
    *,
    low: int,
    medium: int,
    misuse: str,
    change: str,
    min_accounts: int = MIN_ACCOUNTS,
    min_share: float = MIN_SHARE,
) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``sev_rank``, ``maturity``, ``cause``, the actor columns and
    ``_home``) with the hits of the roles one source changed the same way folded into one note
    per source, role name and day: ``actor_kind`` ``operator_fleet``, ``actor_id`` ``"<source
    ARN> as role/<name>"``, in the source's account, cause ``change``, at most ``low``; and one
    more row (a copy of the group's strongest hit) whose reason names every account.
    ``sessions`` is :func:`operator_sessions` of the events scored."""
    pair = pl.format("{}/{}", "rule", "signal")
    release = _release()
    allowed = release | (pl.col("rule") == _RARE_DAY).fill_null(False)
    wrote = pl.col("_op_writes").list.contains(pl.col("event_name")).fill_null(False)
    value = pl.format("{}/{}", pair, pl.col("evidence").struct.field("observed").fill_null(""))
    keyed = h.join(
        sessions.select("access_key_id", "_op_source", "_op_role", "_op_writes"),
        on="access_key_id",
        how="left",
    )
    members = (
        keyed.filter(_role(misuse))
        .group_by(_MEMBER)
        .agg(
            pl.col("_op_source").drop_nulls().unique().alias("_sources"),
            pl.col("_op_role").drop_nulls().first().alias("_op_role"),
            pl.col("account_id").unique().alias("_accounts"),
            pl.col("sev_rank").max().alias("_top"),
            (pl.col("maturity").fill_null("learning") == "mature").all().alias("_mature"),
            allowed.all().alias("_only_release"),
            wrote.any().alias("_wrote"),
            value.filter(release).unique().sort().alias("_changes"),
            pl.col("event_time").min().alias("_start"),
        )
        # why: a release shows new calls or a new client from the usual place, nothing else;
        # a high, a new network or country, another rule or a write is the account's own
        .filter(
            (pl.col("_sources").list.len() == 1)
            & (pl.col("_accounts").list.len() == 1)
            & (pl.col("_top") <= medium)
            & pl.col("_mature")
            & pl.col("_only_release")
            & ~pl.col("_wrote")
            & (pl.col("_changes").list.len() > 0)
        )
        .with_columns(
            pl.col("_sources").list.first().alias("_op_source"),
            pl.col("_accounts").list.first().alias("_acct"),
            pl.col("_start").dt.date().alias("_op_day"),
        )
    )
    # every new value a member shows must be the fleet's: shown in min_accounts of the accounts
    shared = (
        members.select(*_GROUP, "_acct", pl.col("_changes").alias("_change"))
        .explode("_change")
        .group_by(*_GROUP, "_change")
        .agg(pl.col("_acct").n_unique().alias("_shown"))
    )
    alike = (
        members.select(*_MEMBER, *_GROUP, pl.col("_changes").alias("_change"))
        .explode("_change")
        .join(shared, on=[*_GROUP, "_change"], how="left")
        .group_by(_MEMBER)
        .agg((pl.col("_shown").min() >= min_accounts).alias("_alike"))
    )
    reached = sessions.group_by(_GROUP).agg(pl.col("_op_account").n_unique().alias("_reached"))
    folded = (
        members.join(alike, on=_MEMBER, how="inner")
        .filter(pl.col("_alike"))
        # within the hour of the first account's change: a release, not a slow walk
        .filter(pl.col("_start") <= pl.col("_start").min().over(_GROUP) + _HOUR)
        .with_columns(pl.col("_acct").n_unique().over(_GROUP).alias("_n"))
        .join(reached, on=_GROUP, how="left")
        .filter(
            (pl.col("_n") >= min_accounts)
            & (pl.col("_n") >= min_share * pl.col("_reached").fill_null(0))
        )
        .select(*_MEMBER, "_op_source", "_acct", "_n", "_reached", _fold_role=pl.col("_op_role"))
    )
    names = folded.group_by("_op_source", "_fold_role").agg(
        pl.col("_acct").unique().sort().str.join(", ").alias("_names")
    )
    capped = pl.min_horizontal(pl.col("sev_rank"), pl.lit(low))
    source_account = pl.col("_op_source").str.extract(ARN_ACCOUNT, 1)
    out = (
        h.join(folded, on=_MEMBER, how="left", nulls_equal=True)
        .with_columns(_in=pl.col("_fold_role").is_not_null())
        .with_columns(
            pl.when("_in").then(pl.lit(OPERATOR_FLEET)).otherwise("actor_kind").alias("actor_kind"),
            pl.when("_in")
            .then(pl.format("{} as role/{}", "_op_source", "_fold_role"))
            .otherwise("actor_id")
            .alias("actor_id"),
            pl.when("_in").then(source_account).otherwise("_home").alias("_home"),
            pl.when("_in").then(source_account).otherwise("account_id").alias("account_id"),
            pl.when("_in").then(pl.lit(change)).otherwise("cause").alias("cause"),
            pl.when("_in").then(capped).otherwise("sev_rank").alias("sev_rank"),
        )
    )
    order = ["weight", "event_time", "event_id", "reason"]
    # the note copies the strongest hit (its weight, so the score is unchanged); its sentence
    # starts with a capital "A " so that it leads that weight's reasons (sorted by text)
    note = (
        out.filter("_in")
        .sort(order, descending=[True, False, False, False])
        .group_by("_op_source", "_fold_role", maintain_order=True)
        .first()
        .join(names, on=["_op_source", "_fold_role"], how="left")
        .with_columns(
            pl.format(
                "A release of one operator's automation: role {} assumed by {} changed the "
                "same way in {} of the {} accounts it reached today, within the hour and from "
                "its usual place, with nothing else new (one change): accounts {}",
                "_fold_role",
                "_op_source",
                "_n",
                "_reached",
                "_names",
            ).alias("reason")
        )
        .drop("_names")
    )
    return pl.concat([out, note], how="diagonal_relaxed").drop(
        "_op_source", "_acct", "_n", "_reached", "_fold_role", "_in"
    )


__all__ = [
    "MIN_ACCOUNTS",
    "MIN_SHARE",
    "OPERATOR_FLEET",
    "operator_fleet",
    "operator_fleet_can_fold",
    "operator_sessions",
]
