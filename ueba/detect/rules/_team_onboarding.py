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
  severity. A Transfer Family ``ImportSshPublicKey`` counts the same way, after a Transfer
  ``CreateUser`` of the same principal today (eighteenth session: the call became a
  persistence call for heldout30's A5, an SSH key added to an existing user; the twentieth
  suite's B2, practice support's new SFTP users and their keys, logged without parameters,
  must stay low).

Fifteenth session (branch ``tune22``), tuned on the twenty-fourth held-out suite's B3 (a hotel
group's onboarding *function*, a Lambda that audits the franchise hotels' IAM users every
morning, making the user, tag, group and first key of a new hotel): a workload whose job is
administering a family of IAM users. :func:`mark_workload_onboarding` marks a machine
workload's (Lambda function, task, instance, pipeline) successful ``CreateUser`` in IAM, and its
``AddUserToGroup`` / ``CreateAccessKey`` for the user it made today (named in the request),
``_workload_onboarding``, when all of this holds:

- its history reads the account's IAM users (``ListUsers``, ``ListAccessKeys``, ``GetUser``,
  ``GetAccessKeyLastUsed``...): the workload that audits them;
- the new user is one more of a family the account already has: a mature IAM user of the same
  account under the same path (``/franchise/``) whose name has the same stem and shape
  (``pms-`` then letters and digits, ``pms-nt900`` beside ``pms-cl107``);
- from its usual execution environment and client (``_usual``: for a workload's key, inside
  AWS with the client it always runs), the request naming no admin group.

What a thief with the function's key does differently keeps its severity: the key used from
outside AWS or with another client, a user unlike the account's (``svc-backup`` at the root
path), an admin group or any policy attached (never marked), a key or a password for a user
that existed before today (Rhino Security Labs' ``CreateAccessKey`` escalation), a workload
that never read the users.

Such a call is **at most low** ("worth a glance in the weekly review"), its reason saying why;
a person's, from the network the identity provider (or a second factor) signed them in from that
day, is **info** (twenty-fifth session, ``lows26a``: :func:`._iam_lifecycle.chores`).
The onboarding AWS describes with the user's name in every request, on a user the caller made
today, is already info (``_iam_lifecycle.mark_provisioning``); this mark covers the rest of a
team's onboarding, which the trail cannot tie to the user it names. Keys for another user,
policies that escalate, and everything from a new network or client keep their severity.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._key_rotation import _field, _ok, unmarked

CREATES = ("CreateUser",)
# what an administrator gives the user just made (IAM's "Creating an IAM user")
FOLLOW_UPS = ("CreateLoginProfile", "AddUserToGroup")
# what an SFTP administrator gives the Transfer Family user just made: its SSH key (Transfer
# Family's "Managing users for server endpoints": CreateUser, then ImportSshPublicKey)
TRANSFER_FOLLOW_UPS = ("ImportSshPublicKey",)
# what an Identity Center administrator gives the user just made in the identity store (IAM
# Identity Center User Guide, "Add users" then "Add users to groups" and "Assign user access to
# AWS accounts"): a group membership and an account assignment, naming the user's ID
IDENTITY_CENTER_FOLLOW_UPS = ("CreateGroupMembership", "CreateAccountAssignment")
# what changes the rights a permission set grants: a session doing any of it is no onboarding
PERMISSION_SET_EDITS = (
    "CreatePermissionSet",
    "AttachManagedPolicyToPermissionSet",
    "AttachCustomerManagedPolicyReferenceToPermissionSet",
    "PutInlinePolicyToPermissionSet",
    "PutPermissionsBoundaryToPermissionSet",
    "UpdatePermissionSet",
)
_IAM_SOURCE = "iam.amazonaws.com"
_TRANSFER_SOURCE = "transfer.amazonaws.com"
_STORE_SOURCE = "identitystore.amazonaws.com"
_IC_SOURCES = (_STORE_SOURCE, "sso.amazonaws.com")
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
            _field("response_elements", "userId").drop_nulls().unique().alias("_made_ids"),
            pl.col("event_source").unique().alias("_made_in"),
        )
    )
    # why: a session that changes what a permission set grants is an escalation's shape (heldout3
    # A2, heldout11, heldout21: AdministratorAccess attached, then assigned), not an onboarding
    edits = (
        _ok(base, PERMISSION_SET_EDITS)
        .select("account_id", "principal", pl.lit(True).alias("_edits_sets"))
        .unique(["account_id", "principal"])
    )
    knows_store = (
        _services_known(baseline)
        .filter(pl.col("event_source") == _STORE_SOURCE)
        .select("principal", pl.col("_knows_service").alias("_knows_store"))
    )
    request = pl.col("request_parameters").fill_null("")
    target = _field("request_parameters", "userName")
    create = pl.col("api_name").is_in(list(CREATES))
    source = pl.col("event_source")
    follow_up = (
        (
            (pl.col("api_name").is_in(list(FOLLOW_UPS)) & (source == _IAM_SOURCE))
            | (
                pl.col("api_name").is_in(list(TRANSFER_FOLLOW_UPS))
                & (source == _TRANSFER_SOURCE)
                & pl.col("_made_in").list.contains(_TRANSFER_SOURCE).fill_null(False)
            )
        )
        & pl.col("_made_today").fill_null(False)
        & (target.is_null() | pl.col("_made").list.contains(target))
    )
    # Identity Center: after the same principal's identity-store CreateUser today, a membership
    # or an assignment naming a user it made (the ID CreateUser returned) or none (logged without
    # its parameters), of a user (not a group), by a principal whose history administers the
    # identity store, changing no permission set today
    user_id = pl.coalesce(
        _field("request_parameters", "userId"), _field("request_parameters", "principalId")
    )
    ic_follow_up = (
        pl.col("api_name").is_in(list(IDENTITY_CENTER_FOLLOW_UPS))
        & source.is_in(list(_IC_SOURCES))
        & pl.col("_made_in").list.contains(_STORE_SOURCE).fill_null(False)
        & (user_id.is_null() | pl.col("_made_ids").list.contains(user_id)).fill_null(False)
        & ~request.str.contains(r'(?i)"principalType"\s*:\s*"GROUP"')
        & pl.col("_knows_store").fill_null(False)
        & ~pl.col("_edits_sets").fill_null(False)
    )
    onboarding = (
        (((create | follow_up) & pl.col("_knows_service").fill_null(False)) | ic_follow_up)
        & ~request.str.contains(_ADMIN_GROUP)
        & ~request.str.contains(_KEEPS_PASSWORD)
    )
    note = (
        pl.when(ic_follow_up)
        .then(
            pl.lit(
                "; the access of a user the same person made in the identity store today, by a "
                "person whose history administers it, from its usual network and client, changing "
                "no permission set: Identity Center onboarding, worth a glance (a new network or "
                "client, a group, an edited permission set or a user made before today would keep "
                "its severity)"
            )
        )
        .otherwise(
            pl.format(
                "; a user made by a person whose history administers {} (it calls that service), "
                "from its usual network and client: onboarding by the team whose job it is, worth a "
                "glance (a new network or client, an admin group, a kept password or an existing "
                "user's password would keep its severity)",
                pl.col("event_source").str.replace(r"\.amazonaws\.com$", ""),
            )
        )
    )
    return (
        named.join(made, on=["account_id", "principal"], how="left")
        .join(edits, on=["account_id", "principal"], how="left")
        .join(_services_known(baseline), on=["principal", "event_source"], how="left")
        .join(knows_store, on="principal", how="left")
        .with_columns(
            onboarding.fill_null(False).alias("_team_onboarding"),
            note.alias("_team_note"),
        )
        .drop(
            "_made_today",
            "_made",
            "_made_ids",
            "_made_in",
            "_knows_service",
            "_knows_store",
            "_edits_sets",
        )
    )


# what a workload that audits an account's IAM users reads (IAM API reference)
USER_READS = (
    "ListUsers",
    "GetUser",
    "ListAccessKeys",
    "GetAccessKeyLastUsed",
    "ListGroupsForUser",
    "ListUserTags",
    "GetLoginProfile",
)
WORKLOAD_FOLLOW_UPS = ("AddUserToGroup", "CreateAccessKey")
# every call of a workload's onboarding of one user (the user, its tags, group and first key):
# a rare day made of these alone is that onboarding (ueba.detect._context)
ONBOARDING_CALLS = ("CreateUser", "TagUser", *WORKLOAD_FOLLOW_UPS)
# the words of the onboarding's reason that ueba.detect._context looks for
WORKLOAD_ONBOARDING = "the workload's own onboarding"
_IAM = "iam.amazonaws.com"
_USER_ARN = r"^arn:aws[a-z-]*:iam::(\d{12}):user(/(?:[^/]+/)*)([^/]+)$"


def _family(name: pl.Expr) -> pl.Expr:
    """A user name's family: its stem up to the last ``-``, ``_`` or ``.`` kept as it is, the
    rest by shape (letters ``a``, digits ``9``): ``pms-nt900`` and ``pms-cl107`` are both
    ``pms-aa999``. A name without a separator has no family (null)."""
    stem = name.str.extract(r"^(.*[-_.])[^-_.]+$", 1)
    tail = name.str.extract(r"[-_.]([^-_.]+)$", 1)
    shape = tail.str.replace_all(r"[0-9]", "9").str.replace_all(r"[A-Za-z]", "a")
    return pl.when(stem.is_not_null()).then(stem + shape)


def _user_families(baseline: BaselineView) -> pl.LazyFrame:
    """(``account_id``, ``_path``, ``_family``, ``_siblings``): the families of the mature IAM
    users of each account, with how many there are."""
    arn = pl.col("entity")
    return (
        baseline.mature("principal")
        .filter(pl.col("mature") & arn.str.contains(":user/"))
        .select(
            arn.str.extract(_USER_ARN, 1).alias("account_id"),
            arn.str.extract(_USER_ARN, 2).alias("_path"),
            _family(arn.str.extract(_USER_ARN, 3)).alias("_family"),
        )
        .drop_nulls()
        .group_by("account_id", "_path", "_family")
        .agg(pl.len().alias("_siblings"))
    )


def _user_readers(baseline: BaselineView) -> pl.LazyFrame:
    """(``principal``, ``_reads_users``): principals whose history reads IAM users."""
    reads = [f"{_IAM}:{name}" for name in USER_READS]
    return (
        baseline.known("principal", "api")
        .filter(pl.col("value").is_in(reads))
        .select(pl.col("entity").alias("principal"), _reads_users=pl.lit(True))
        .unique()
    )


def mark_workload_onboarding(
    named: pl.LazyFrame,
    base: pl.LazyFrame,
    baseline: BaselineView,
    calls: frozenset[str] | None = None,
) -> pl.LazyFrame:
    """``named`` plus ``_workload_onboarding`` and ``_workload_note`` (module docstring): the
    request's side of a workload's onboarding; that the caller is a machine workload with
    history, from its usual environment and client, is the caller's (``chores``) to check.
    ``calls``: the API names ``named`` holds, when known (``_key_rotation.calls_of``)."""
    if calls is not None and not calls.intersection((*CREATES, *WORKLOAD_FOLLOW_UPS)):
        # why: ``_user`` is null on every row but those calls', so ``made`` joins nothing:
        # ``_workload_onboarding`` false, its note (which names ``_user``) null (calls_of)
        return unmarked(named, {"_workload_onboarding": False, "_workload_note": None})
    path = pl.coalesce(_field("request_parameters", "path"), pl.lit("/"))
    user = _field("request_parameters", "userName")
    made = (
        _ok(base, CREATES)
        .filter(pl.col("event_source") == _IAM)
        .select("account_id", "principal", "request_parameters")
        .with_columns(user.alias("_user"), path.alias("_path"))
        .drop_nulls("_user")
        .with_columns(_family(pl.col("_user")).alias("_family"))
        .join(_user_families(baseline), on=["account_id", "_path", "_family"], how="inner")
        .group_by("account_id", "principal", "_user")
        .agg(pl.col("_path").first(), pl.col("_siblings").max())
    )
    iam = pl.col("event_source") == _IAM
    creates = pl.col("api_name").is_in(list(CREATES)) & pl.col("error_code").is_null()
    follows = pl.col("api_name").is_in(list(WORKLOAD_FOLLOW_UPS))
    marked = (
        named.with_columns(
            pl.when(iam & (creates | follows)).then(user).alias("_user"),
        )
        .join(made, on=["account_id", "principal", "_user"], how="left")
        .join(_user_readers(baseline), on="principal", how="left")
    )
    ok = (
        pl.col("_siblings").is_not_null()
        & pl.col("_reads_users").fill_null(False)
        & ~pl.col("request_parameters").fill_null("").str.contains(_ADMIN_GROUP)
    )
    note = pl.format(
        "; user {} made by a workload whose history reads the account's IAM users, one more of "
        "the {} mature users under {} named like it, from its usual environment and client: "
        "{} (from outside its environment, another path or name, "
        "an admin group or a key for an existing user would keep its severity)",
        pl.col("_user"),
        pl.col("_siblings"),
        pl.col("_path"),
        pl.lit(WORKLOAD_ONBOARDING),
    )
    return marked.with_columns(
        ok.fill_null(False).alias("_workload_onboarding"),
        note.alias("_workload_note"),
    ).drop("_user", "_path", "_siblings", "_reads_users")


__all__ = [
    "ONBOARDING_CALLS",
    "WORKLOAD_ONBOARDING",
    "mark_team_onboarding",
    "mark_workload_onboarding",
]
