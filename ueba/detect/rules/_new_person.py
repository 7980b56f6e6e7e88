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

:func:`skip_new_users` is the IAM user's twin (twenty-second session, branch ``tune44``, **tuning
on heldout28**, its freelancer onboarded in B2: an administrator made her user, login profile and
access key from his usual desk; she signed in from her home line in Lisbon and enrolled MFA that
morning; the next morning her new key opened with ``aws sts get-caller-identity`` from that same
line, and signed in there again with MFA that evening). A long-term key's opener is dropped when
all of this holds:

- the caller is an IAM user still **learning** (not mature in the baseline: a new colleague, whose
  history cannot show a habit of checking keys yet, nor a usual client: her first CLI is new);
- the network is **her own**: in her history already (her first sign-ins were made there);
- she **signed in from that network today with a second factor** (an MFA console sign-in), before
  or after the opener: the place is vouched for by the person, not only by the key;
- the network is **not rented** (:func:`ueba.detect._hosting.rented_expr`: no hosting provider, no
  anonymiser): where a person sits, not where a backdoor user an intruder made and enrolled
  would be driven from.

What it does not hide: a found key of a mature user, or of any user from a network they never
used or never signed in from with MFA that day (a leaked key tried from a VPS, an offboarded
user's forgotten key from his own line with no sign-in: heldout28's A4); instance, task and
cross-account credentials (no IAM user).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._base import known_pairs
from ueba.detect.rules._sensitive_calls import _person, _signed_in_here

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


def skip_new_users(frame: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``frame`` (``GetCallerIdentity`` openers) without those of a learning IAM user from a
    network in her own history where she signed in today with a second factor (module
    docstring). ``base``: the day's events (the sign-ins)."""
    if not baseline.present:
        return frame
    own_place = known_pairs(baseline, "network_key", "_own_place")
    mature = baseline.mature_principals("_mature_user")
    signed_in = _signed_in_here(base).rename({"_person": "_new_user", "_signed_in": "_vouched"})
    newcomer = (
        (pl.col("principal_type") == "iam_user")
        & pl.col("_own_place").fill_null(False)
        & pl.col("_vouched").fill_null(False)
        & pl.col("_mature_user").is_null()
        & ~rented_expr()
    )
    return (
        frame.with_columns(_person().alias("_new_user"))
        .join(own_place, on=["principal", "network_key"], how="left")
        .join(mature, on="principal", how="left")
        .join(signed_in, on=["_new_user", "network_key"], how="left")
        .filter(~newcomer)
        .drop("_new_user", "_own_place", "_mature_user", "_vouched")
    )


__all__ = ["skip_new_people", "skip_new_users"]
