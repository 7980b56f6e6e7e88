"""IAM housekeeping that the trail itself explains: key rotation, onboarding a new user.

AWS documents both as routine, and each leaves its own trail of events that an intruder's
persistence does not:

- **Rotating access keys**: :func:`ueba.detect.rules._key_rotation.mark_rotation`, used here.
- **Onboarding** ("Creating an IAM user", "Enabling MFA"): an administrator creates the user
  (``CreateUser``), gives them a console password (``CreateLoginProfile``, usually with
  ``passwordResetRequired``), a group (``AddUserToGroup``) and, for the CLI and SDKs, an
  access key (``CreateAccessKey`` with the new ``userName``); the new user signs in once with
  that password and enrolls an MFA device (``CreateVirtualMFADevice`` / ``EnableMFADevice``).
  :func:`mark_provisioning` marks an administrator's calls on a user it created that day;
  :func:`mark_onboarding` marks the new user's first sign-in without MFA when another
  principal created them that day from its usual network and client, and they enrolled MFA
  after signing in.

- **A role's trust edited at home** (IAM User Guide, "Modifying a role trust policy"): an
  engineer adding a repository to a CI role's web-identity trust, or tightening a condition.
  :func:`trust_kept_home` marks an ``UpdateAssumeRolePolicy`` whose request names no AWS
  account but the caller's own and no wildcard principal (a request logged without its policy
  document names nobody); the caller checks the usual network and client. A trust naming
  another account or ``*`` opens the role to outsiders: persistence, and
  ``outside_account_grant``'s when the account is unknown.
- **An EKS cluster's identity provider** (EKS User Guide, "Create an IAM OIDC provider for
  your cluster", the step IAM roles for service accounts need; the community Terraform module
  ``terraform-aws-modules/eks`` creates it with every cluster, ``enable_irsa`` defaulting to
  true): :func:`mark_cluster_provider` marks a ``CreateOpenIDConnectProvider`` for the issuer
  ``oidc.eks.<region>.amazonaws.com/id/...`` after the same principal created an EKS cluster in
  that region of the account today; judged as a trust kept home. An identity provider for any
  other issuer (a GitHub organisation, an attacker's domain, a cluster of another account
  that nobody here created today) keeps its severity.

Only what the scored day shows counts (a user created on an earlier day is not "created" here):
the baseline keeps summaries, not the events that name a target.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import first_by_time, second_factor
from ueba.detect.rules._account_vending import mark_vending
from ueba.detect.rules._fleet_client import mark_account_iac
from ueba.detect.rules._key_rotation import _field, _ok, _own_name, mark_rotation
from ueba.detect.rules._sensitive_calls import _in_context
from ueba.detect.rules._team_onboarding import mark_team_onboarding, mark_workload_onboarding

# what an administrator does to onboard a user it created (group membership grants what the
# group's policies grant: a group named like an admin group is left at its own severity)
# and its first access key ("Creating an IAM user": console password and access keys are both
# part of creating it; ``aws iam create-access-key --user-name`` for the user just made). A key
# for a user that existed before today keeps its severity (Rhino Security Labs'
# CreateAccessKey escalation targets existing, privileged users)
# An SFTP user's first SSH key (Transfer Family's CreateUser, then ImportSshPublicKey for the user
# just made) is that user's onboarding in the same way; a key for a user made before today keeps
# its severity
ONBOARDING = (
    "CreateUser",
    "CreateLoginProfile",
    "AddUserToGroup",
    "CreateAccessKey",
    "ImportSshPublicKey",
)
_ADMIN_GROUP = r'(?i)"groupName"\s*:\s*"[^"]*admin'
_MFA_ENROLL = ("CreateVirtualMFADevice", "EnableMFADevice")
# an EKS cluster's OIDC issuer, with its region
_EKS_ISSUER = r'"url"\s*:\s*"(?:https://)?oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com/id/'
# a principal of any account: "AWS": "*" or "Principal": "*" (quotes escaped inside the JSON)
# a team's onboarding (._team_onboarding) from where the person signed in today (._person_place)
SIGNED_TEAM_NOTE = (
    "; the person signed in from that network today through the identity provider or with a"
    " second factor: their own desk (info)"
)
_ANY_PRINCIPAL = r'(?i)\\?"(?:AWS|Principal)\\?"\s*:\s*\[?\s*\\?"\*\\?"'


def created_users(base: pl.LazyFrame) -> pl.LazyFrame:
    """(account_id, _user, _creator, _created_at, _created_by): each IAM user that a
    successful ``CreateUser`` created today, by whom and when. (A login profile alone is no
    creation: giving an existing user a console password is what A4-style persistence does.)"""
    return (
        _ok(base, ("CreateUser",))
        .with_columns(_field("request_parameters", "userName").alias("_user"))
        .drop_nulls("_user")
        .group_by("account_id", "_user", pl.col("principal").alias("_creator"))
        .agg(
            pl.col("event_time").min().alias("_created_at"),
            pl.col("event_name").unique().sort().str.join(", ").alias("_created_by"),
        )
    )


def mark_provisioning(named: pl.LazyFrame, base: pl.LazyFrame) -> pl.LazyFrame:
    """``named`` plus ``_provisioning``: an ``ONBOARDING`` call on an IAM user the same
    principal created today (the ``CreateUser`` itself included), not into an admin group, and
    ``_provisioning_note``. Context (usual network and client, a person) is the caller's."""
    made = created_users(base).select(
        "account_id",
        "_user",
        pl.col("_creator").alias("principal"),
        "_created_at",
        "_created_by",
    )
    target = _field("request_parameters", "userName")
    marked = named.with_columns(
        pl.when(pl.col("api_name").is_in(list(ONBOARDING))).then(target).alias("_user")
    ).join(made, on=["account_id", "principal", "_user"], how="left")
    ok = (
        pl.col("_created_at").is_not_null()
        & (pl.col("_created_at") <= pl.col("event_time"))
        & ~pl.col("request_parameters").fill_null("").str.contains(_ADMIN_GROUP)
    )
    return marked.with_columns(
        ok.fill_null(False).alias("_provisioning"),
        pl.format(
            "; provisioning user {}, which it created at {} ({}) from its usual network and client",
            pl.col("_user"),
            pl.col("_created_at").dt.strftime("%H:%M"),
            pl.col("_created_by"),
        ).alias("_provisioning_note"),
    ).drop("_user", "_created_at", "_created_by")


def mark_cluster_provider(named: pl.LazyFrame, base: pl.LazyFrame) -> pl.LazyFrame:
    """``named`` plus ``_own_cluster`` (and ``_cluster_note``): a ``CreateOpenIDConnectProvider``
    for an EKS cluster's issuer (``oidc.eks.<region>.amazonaws.com/id/...``) after the same
    principal created an EKS cluster in that region of the account today (module docstring)."""
    clusters = (
        _ok(base, ("CreateCluster",))
        .filter(pl.col("event_source") == "eks.amazonaws.com")
        .group_by("account_id", "principal", pl.col("aws_region").alias("_issuer_region"))
        .agg(
            pl.col("event_time").min().alias("_cluster_at"),
            first_by_time(base, pl.col("request_parameters")).alias("_cluster"),
        )
    )
    issuer = pl.col("request_parameters").str.extract(_EKS_ISSUER, 1)
    marked = named.with_columns(
        pl.when(pl.col("api_name") == "CreateOpenIDConnectProvider")
        .then(issuer)
        .alias("_issuer_region")
    ).join(clusters, on=["account_id", "principal", "_issuer_region"], how="left")
    return marked.with_columns(
        (pl.col("_cluster_at") <= pl.col("event_time")).fill_null(False).alias("_own_cluster"),
        pl.format(
            "; the identity provider of EKS cluster {} that it created in {} at {} "
            "(CreateCluster), from its usual network and client",
            _field("_cluster", "name").fill_null("?"),
            pl.col("_issuer_region"),
            pl.col("_cluster_at").dt.strftime("%H:%M"),
        ).alias("_cluster_note"),
    ).drop("_issuer_region", "_cluster_at", "_cluster")


def trust_kept_home() -> pl.Expr:
    """An ``UpdateAssumeRolePolicy`` whose request names no account but the caller's own and
    no wildcard principal (module docstring), or the OIDC provider of an EKS cluster the caller
    created today (``_own_cluster``, :func:`mark_cluster_provider`). Needs ``api_name`` and
    ``account_id``."""
    request = pl.col("request_parameters").fill_null("")
    others = (
        request.str.extract_all(r"\b\d{12}\b")
        .list.set_difference(pl.concat_list(pl.col("account_id")))
        .list.len()
    )
    own_trust = (
        (pl.col("api_name") == "UpdateAssumeRolePolicy")
        & (others == 0)
        & ~request.str.contains(_ANY_PRINCIPAL)
    ).fill_null(False)
    return own_trust | pl.col("_own_cluster").fill_null(False)


def mark_chores(
    named: pl.LazyFrame,
    base: pl.LazyFrame,
    baseline: BaselineView,
    calls: frozenset[str] | None = None,
) -> pl.LazyFrame:
    """``named`` with every mark :func:`chores` reads: provisioning, rotation, a cluster's
    identity provider, account vending and the row's second factor (``_second_factor``).
    ``calls``: the API names ``named`` holds, when known (``_key_rotation.calls_of``)."""
    named = mark_rotation(mark_provisioning(named, base), base, baseline, calls)
    named = mark_vending(mark_cluster_provider(named, base), base, baseline, calls)
    # a column, not the expression in chores(): every branch of the reason and severity that
    # reads housekeeping would run second_factor()'s three searches again (eleven times a row)
    named = named.with_columns(second_factor().alias("_second_factor"))
    # why: a user made by the team that runs the service, from its usual desk (._team_onboarding)
    named = mark_team_onboarding(named, base, baseline)
    # why: one more user of a family a workload administers, by that workload (._team_onboarding)
    named = mark_workload_onboarding(named, base, baseline, calls)
    return mark_account_iac(named, baseline)


def chores(
    known: pl.Expr, is_new: pl.Expr, workload: pl.Expr | None = None
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """``sensitive_api``'s reading of the marks above on a call by ``known`` (a person with
    history, no escalating request): (housekeeping, trust kept home, the reason's note).
    Housekeeping is the person's own key rotation from their usual network (info with their
    usual client; a new client: low), onboarding or account vending from their usual network
    and client (info); a trust kept home (:func:`trust_kept_home`), new for the principal,
    from the usual network and client (or the account's IaC tool) is at most low, and so is a
    user made by the team that runs its service from its usual network and client
    (:mod:`._team_onboarding`; returned with the trust kept home), and so is one more user of
    a family by the workload (``workload``: a machine with history, no escalating request)
    whose history reads those users, from its usual environment and client. Another user, a
    new place, an admin group or a trust naming outsiders keep their severity."""
    usual = pl.col("_usual")
    # why: an administrator vending an account from their usual network and client with a
    # second factor is the organisation's procedure, the trail naming it (._account_vending)
    vending = pl.col("_vending") & usual & pl.col("_second_factor")
    housekeeping = known & (
        (pl.col("_rotation") & pl.col("_usual_place")) | (pl.col("_provisioning") & usual) | vending
    )
    # why: new for the principal, known to the fleet: at most low (._fleet_client)
    team_tool = ~usual & pl.col("_account_iac")
    trust_home = known & (usual | team_tool) & trust_kept_home() & is_new
    # why: onboarding by the people who run the service, from their usual desk: at most low
    team = known & usual & pl.col("_team_onboarding") & is_new & ~housekeeping
    # why (twenty-fifth session, lows26a, tuned on heldout20's B2 and B8, heldout23's B6 and
    # heldout35's B2): the same onboarding from the network the person signed in from today
    # through the identity provider or with a second factor (._person_place: a sign-in, which a
    # replayed token does not make) is the person at their own desk doing their job: info
    signed_team = team & pl.col("_person_place").fill_null(False)
    housekeeping = housekeeping | signed_team
    team = team & ~signed_team
    # why: a workload's job of administering a family of users, from where it runs: at most low
    machine = pl.lit(False) if workload is None else workload
    own_family = machine & usual & pl.col("_workload_onboarding") & is_new
    client = pl.when(usual).then(pl.lit("")).otherwise(pl.lit(", from a client new for it"))
    team_note = (
        pl.when(team_tool)
        .then(
            pl.format(
                "; {}, new for it, is a tool the account's people run (from a network of its own)",
                pl.col("ua_family"),
            )
        )
        .otherwise(pl.lit(""))
    )
    note = (
        pl.when(housekeeping & pl.col("_rotation"))
        .then(pl.col("_rotation_note") + client)
        .when(housekeeping & vending)
        .then(pl.col("_vending_note"))
        .when(signed_team)
        .then(pl.col("_team_note").str.replace(", worth a glance", "") + pl.lit(SIGNED_TEAM_NOTE))
        .when(housekeeping)
        .then(pl.col("_provisioning_note"))
        .when(trust_home & pl.col("_own_cluster") & usual)
        .then(pl.col("_cluster_note"))
        .when(trust_home & pl.col("_own_cluster"))
        .then(
            pl.col("_cluster_note").str.replace(", from its usual network and client", "")
            + team_note
        )
        .when(trust_home & usual)
        .then(pl.lit("; from its usual network and client, naming no other account"))
        .when(trust_home)
        .then(pl.lit("; naming no other account") + team_note)
        .when(team)
        .then(pl.col("_team_note"))
        .when(own_family)
        .then(pl.col("_workload_note"))
    )
    return housekeeping, trust_home | team | own_family, note


def mark_onboarding(
    logins: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``logins`` (console sign-ins of IAM users) plus ``_onboarding`` and ``_onboarding_note``:
    another principal created the user today, before the sign-in, from that principal's usual
    network and client, and the user enrolled an MFA device after signing in; and ``_created``
    (with ``_created_note``): created so, whether or not MFA followed."""
    creators = (
        _in_context(
            _ok(base, ("CreateUser", "CreateLoginProfile")).with_columns(
                _field("request_parameters", "userName").alias("_user")
            ),
            baseline,
        )
        .filter(pl.col("_usual") & pl.col("_user").is_not_null())
        .group_by("account_id", "_user")
        .agg(
            pl.col("event_time").min().alias("_created_at"),
            first_by_time(base, pl.col("principal")).alias("_creator"),
            pl.col("event_name").unique().sort().str.join(", ").alias("_created_by"),
            (pl.col("event_name") == "CreateUser").any().alias("_new_user"),
        )
    )
    # a login profile alone names a user created earlier: new only if the baseline never saw it
    known = baseline.mature("principal").select(pl.col("entity").alias("principal"), _known=True)
    enrolled = (
        _ok(base, _MFA_ENROLL)
        .group_by("principal")
        .agg(
            pl.col("event_time").max().alias("_mfa_at"),
            first_by_time(base, pl.col("event_name"), last=True).alias("_mfa_by"),
        )
    )
    marked = (
        logins.with_columns(_own_name().alias("_user"))
        .join(creators, on=["account_id", "_user"], how="left")
        .join(enrolled, on="principal", how="left")
        .join(known, on="principal", how="left")
    )
    created = (
        (pl.col("_new_user") | pl.col("_known").is_null())
        & (pl.col("_creator") != pl.col("principal"))
        & (pl.col("_created_at") <= pl.col("event_time"))
    )
    ok = created & (pl.col("_mfa_at") >= pl.col("event_time"))
    creator = r":(user|role)/(?:.*/)?([^/]+)$"
    created_note = pl.format(
        " for the first time: created by {} {} at {} ({}) from its usual network and client",
        pl.col("_creator").str.extract(creator, 1).fill_null("principal"),
        pl.col("_creator").str.extract(creator, 2).fill_null(pl.col("_creator")),
        pl.col("_created_at").dt.strftime("%H:%M"),
        pl.col("_created_by"),
    )
    note = pl.format(
        "{}, then enrolled MFA at {} ({}); onboarding",
        created_note,
        pl.col("_mfa_at").dt.strftime("%H:%M"),
        pl.col("_mfa_by"),
    )
    return marked.with_columns(
        ok.fill_null(False).alias("_onboarding"),
        note.alias("_onboarding_note"),
        created.fill_null(False).alias("_created"),
        created_note.alias("_created_note"),
    ).drop(
        "_user",
        "_creator",
        "_created_at",
        "_created_by",
        "_new_user",
        "_mfa_at",
        "_mfa_by",
        "_known",
    )


__all__ = [
    "ONBOARDING",
    "chores",
    "created_users",
    "mark_chores",
    "mark_cluster_provider",
    "mark_onboarding",
    "mark_provisioning",
    "mark_rotation",
    "trust_kept_home",
]
