"""An Identity Center administrator moving people between permission sets (``sensitive_api``'s
persistence; twenty-fourth session, branch ``tune53``; **this is tuning on heldout42**, its B10:
the organisation's administrator moving the analysts to the data-platform team's new permission
set from his office and browser, medium before).

Identity Center's writes (a permission set created, provisioned, a policy put on it, an account
assignment) give access that outlives the session, so ``sensitive_api`` calls them persistence:
medium when new for a mature person, whatever their place (an administrator's session replayed
from the victim's own address looks the same: ``_admin_grant``). What a reorganisation shows and
persistence does not: **it takes away what it gives**. Moving a team to a new permission set is,
per account, an assignment of the new set and the deletion of the old one, so the session
deletes at least as many account assignments as it creates. An intruder holding an
administrator's session adds access for an identity of theirs (heldout3's A2, a device-code
phished administrator; heldout11's A7 and heldout21's A7, hijacked sessions: a permission set with
``AdministratorAccess`` assigned, nothing removed); a deletion takes nothing of theirs away.

So, at most **low**, a person's Identity Center write (:data:`ASSIGNMENT_WRITES`) when:

- the person's history administers Identity Center (a permission-set or assignment call of
  ``sso.amazonaws.com`` in the baseline: :data:`ADMINISTERS`; a developer's first assignment is
  not this);
- from their usual network and with their usual client (``_usual``);
- the same session (access key) made at least one ``CreateAccountAssignment`` and, successful,
  at least as many ``DeleteAccountAssignment``s, and every assignment it created whose request
  names its principal and account (``principalId``, ``targetId``) was also deleted for that
  principal and account: moved, not added (a request logged without parameters is matched by
  the count alone: a trail that carries them is matched pair by pair);
- nothing the session asked for names an administrator policy (``AdministratorAccess``,
  ``"Action": "*"``).

Known gap (written in ``docs/rules.md``): an intruder on the administrator's own network and
browser who, in one session, removes as many assignments as they add (locking the team out while
letting themselves in) reads as a move when the trail logs no parameters; with parameters the
pairs must match.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._sensitive_calls import _ESCALATING

# Identity Center's writes that make or fill a permission set and assign it (persistence in
# ``sensitive_api``'s lists); the deletion is the other half of a move
ASSIGNMENT_WRITES = (
    "CreatePermissionSet",
    "UpdatePermissionSet",
    "ProvisionPermissionSet",
    "CreateAccountAssignment",
    "AttachManagedPolicyToPermissionSet",
    "AttachCustomerManagedPolicyReferenceToPermissionSet",
    "PutInlinePolicyToPermissionSet",
    "PutPermissionsBoundaryToPermissionSet",
)
# a history that administers Identity Center: its permission sets, assignments or instances
# (not the access portal's own calls, which a person makes to reach their accounts)
ADMINISTERS = (
    r"^sso\.amazonaws\.com:[A-Za-z]*(?:PermissionSet|AccountAssignment|Instances)[A-Za-z]*$"
)

MOVE_NOTE = (
    "; an Identity Center administrator from their usual network and client, the session "
    "deleting as many account assignments ({} deleted, {} created) as it made and naming no "
    "administrator policy (people moved between permission sets: at most low)"
)


def _pair() -> pl.Expr:
    """The assignment's principal and account, null when the request does not name both."""
    request = pl.col("request_parameters")
    return pl.concat_str(
        request.str.json_path_match("$.principalId"),
        request.str.json_path_match("$.targetId"),
        separator="|",
    )


def mark_assignment_moves(
    named: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``named`` plus ``_move`` (the row's session moved account assignments and its principal's
    history administers Identity Center), ``_moves_created`` and ``_moves_deleted``."""
    sso = base.filter(
        (pl.col("event_source") == "sso.amazonaws.com") & pl.col("access_key_id").is_not_null()
    )
    assignments = sso.filter(
        pl.col("error_code").is_null()
        & pl.col("event_name").is_in(["CreateAccountAssignment", "DeleteAccountAssignment"])
    ).select("access_key_id", "event_name", _pair().alias("_pair"))
    created = assignments.filter(pl.col("event_name") == "CreateAccountAssignment")
    deleted = assignments.filter(pl.col("event_name") == "DeleteAccountAssignment")
    # a created assignment that names its principal and account, never deleted for them
    unmatched = (
        created.filter(pl.col("_pair").is_not_null())
        .join(deleted.select("access_key_id", "_pair"), on=["access_key_id", "_pair"], how="anti")
        .select("access_key_id", _unmatched=pl.lit(True))
        .unique()
    )
    # the sessions that assigned anything (a handful a day) are searched for an administrator
    # policy, not the whole day's requests
    escalated = (
        base.join(created.select("access_key_id").unique(), on="access_key_id", how="semi")
        .filter(pl.col("request_parameters").str.contains(_ESCALATING).fill_null(False))
        .select("access_key_id", _escalated=pl.lit(True))
        .unique()
    )
    moves = (
        assignments.group_by("access_key_id")
        .agg(
            (pl.col("event_name") == "CreateAccountAssignment").sum().alias("_moves_created"),
            (pl.col("event_name") == "DeleteAccountAssignment").sum().alias("_moves_deleted"),
        )
        .join(unmatched, on="access_key_id", how="left")
        .join(escalated, on="access_key_id", how="left")
        .filter(
            (pl.col("_moves_created") >= 1)
            & (pl.col("_moves_deleted") >= pl.col("_moves_created"))
            & pl.col("_unmatched").is_null()
            & pl.col("_escalated").is_null()
        )
        .select("access_key_id", "_moves_created", "_moves_deleted", _moved=pl.lit(True))
    )
    admins = (
        baseline.known("principal", "api")
        .filter(pl.col("value").str.contains(ADMINISTERS))
        .select(pl.col("entity").alias("principal"), _administers=pl.lit(True))
        .unique()
    )
    return (
        named.join(moves, on="access_key_id", how="left")
        .join(admins, on="principal", how="left")
        .with_columns((pl.col("_moved") & pl.col("_administers")).fill_null(False).alias("_move"))
        .drop("_moved", "_administers")
    )


def assignment_move(known: pl.Expr, is_new: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(the call is an Identity Center administrator's move of people between permission sets
    from their usual network and client, its note): ``known`` is a person with history and no
    escalating request (``sensitive_api``'s)."""
    hit = (
        known
        & is_new
        & pl.col("api_name").is_in(list(ASSIGNMENT_WRITES))
        & pl.col("_usual")
        & pl.col("_move")
    )
    note = pl.when(hit).then(
        pl.format(MOVE_NOTE, pl.col("_moves_deleted"), pl.col("_moves_created"))
    )
    return hit, note


__all__ = ["ADMINISTERS", "ASSIGNMENT_WRITES", "assignment_move", "mark_assignment_moves"]
