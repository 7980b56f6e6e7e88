"""Destructive impact calls away from home: what ``sensitive_api`` raises to medium or high.

A *destructive* call removes the organisation's ability to read or restore its own data:

- a KMS key disabled, scheduled for deletion, or its key policy replaced (``DisableKey``,
  ``ScheduleKeyDeletion``, ``PutKeyPolicy``): everything encrypted under the key becomes
  unreadable to its owner, and a replaced policy can lock the owner out of the key;
- backups and snapshots deleted (AWS Backup recovery points and vaults, EBS, RDS and Aurora
  snapshots): what a ransom note relies on, the copy that would make it worthless;
- a bucket deleted (``DeleteBucket``).

Why: cloud ransomware needs no malware, only these calls with a stolen session: Unit 42
("Ransomware in the cloud", 2024), Invictus IR ("Ransomware in the cloud", 2024) and Halcyon
("Abusing AWS native services: ransomware encrypting S3 buckets with SSE-C", 2025) describe the
same sequence: sign in, replace or disable the key (or re-encrypt with a key the owner does not
hold), delete the backups. AWS calls key deletion "destructive and potentially dangerous" and
gives it a waiting period for that reason (KMS developer guide, "Deleting AWS KMS keys").

When such a call is new for the principal and succeeds:

- from a **public network nobody in the (mature) account used** within the window it is
  **high** with basis ``self``: judged against the account's history and the call itself, so it
  holds for a principal still learning (a security administrator who signs in to this account
  once a week);
- from a public network the (mature) principal never used it is **medium** (basis novelty).

Anywhere else it keeps the impact tier's own severity (low). The calls that are destructive
only in this sense, not tactics on their own (``AWAY_ONLY``: a key policy edit, a snapshot or
recovery point cleaned up), are reported only away from home: an administrator's routine
cleanup from the office raises nothing. What this costs: a key administrator disabling a key
from a network the account never saw (a hotel) gets a high.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import hosting_expr

# Destructive calls (api names, Lambda's dates stripped).
DESTRUCTIVE_APIS = (
    "DisableKey",
    "ScheduleKeyDeletion",
    "PutKeyPolicy",
    "DeleteRecoveryPoint",
    "DeleteBackupVault",
    "DeleteSnapshot",
    "DeleteDBSnapshot",
    "DeleteDBClusterSnapshot",
    "DeleteBucket",
)
# Destructive calls reported only away from home (see the module's docstring): routine
# housekeeping for their owners, so not in ``SENSITIVE_APIS``' impact tier by themselves.
AWAY_ONLY = (
    "PutKeyPolicy",
    "DeleteRecoveryPoint",
    "DeleteBackupVault",
    "DeleteSnapshot",
    "DeleteDBSnapshot",
    "DeleteDBClusterSnapshot",
)


def destruction(is_new: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(away, new_network, keep) on rows marked with ``_new_place`` (``_access_grants``),
    ``_usual_place`` (``_in_context``) and ``has_history`` (a mature principal): a successful
    destructive call new for the principal from a network nobody in the account used (``away``)
    or that the principal never used (``new_network``); ``keep`` drops the ``AWAY_ONLY`` rows
    that are neither."""
    destructive = (
        pl.col("api_name").is_in(list(DESTRUCTIVE_APIS)) & pl.col("error_code").is_null() & is_new
    ).fill_null(False)
    away = destructive & pl.col("_new_place").fill_null(False)
    new_network = (
        destructive
        & ~away
        & pl.col("has_history").is_not_null()
        & (pl.col("source_kind") == "public").fill_null(False)
        & ~pl.col("_usual_place").fill_null(False)
    )
    keep = ~pl.col("api_name").is_in(list(AWAY_ONLY)) | away | new_network
    return away, new_network, keep


def destruction_note(baseline: BaselineView) -> tuple[pl.Expr, pl.Expr]:
    """The reason's notes for a destructive call (away, new network)."""
    window = f" in {baseline.window_days} days"
    return (
        pl.lit(f"; a destructive call from a network nobody in the account used{window}"),
        pl.format("; a destructive call from a network {} never used", pl.col("principal_label")),
    )


__all__ = ["AWAY_ONLY", "DESTRUCTIVE_APIS", "destruction", "destruction_note"]


# why: a principal the trail has never seen act, whose first calls change what CloudTrail
# records (event selectors without the data events, a trail updated, a log group deleted),
# from a rented server, is the brand-new backdoor user of an intrusion covering its tracks
# (Stratus Red Team aws.defense-evasion.cloudtrail-event-selectors; Permiso on LUCR-3, which
# creates IAM users and then weakens logging; GuardDuty rates Stealth findings by the call,
# not the caller's history). A new automation user configures logging from its pipeline's
# network, not from a VPS; with no baseline at all (a trail's first day) nothing is "new"
def fresh_evasion(baseline: BaselineView) -> pl.Expr:
    """The row (``sensitive_api``'s named calls: ``category``, ``has_history``) is a
    defence-evasion call by a principal with no history in a present baseline, from a hosting
    provider's network (:func:`ueba.detect._hosting.hosting_expr`)."""
    return (
        pl.lit(baseline.present)
        & (pl.col("category") == "defense_evasion")
        & pl.col("has_history").is_null()
        & hosting_expr()
    ).fill_null(False)


FRESH_EVASION_NOTE = pl.lit(
    "; its first calls, with no history, change what the trail records, from a hosting "
    "provider's network (a new identity covering its tracks)"
)
