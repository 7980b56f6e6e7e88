"""Account vending: an organisation's administrator creating a member account and giving its
people access to it, the trail naming the account it created.

AWS Organizations' ``CreateAccount`` (then ``MoveAccount`` into the organisational unit the
account belongs in) is followed, in an organisation that signs its people in through IAM
Identity Center, by ``CreateAccountAssignment`` of an existing permission set to the new
account and ``ProvisionPermissionSet`` on it (AWS Organizations User Guide, "Creating a member
account in your organization"; IAM Identity Center User Guide, "Assign user access to AWS
accounts"; Control Tower's Account Factory does the same steps through Service Catalog). Both
Identity Center calls are access grants (``_access_grants``) and new for whoever makes them
rarely, so an administrator's vending for a new team read as persistence.

:func:`mark_vending` marks the grants the trail itself explains: an assignment or provisioning
whose target is an account the same principal created today (``CreateAccount`` before it, the
new account's id named by its ``MoveAccount`` or by the creation's status), naming no other
account, by a principal that made no new permission set, policy of one, identity-store user,
group or membership today (an attacker's Identity Center persistence creates those: a new
permission set with ``AdministratorAccess`` for a new user, assigned to an existing account)
and whose history administers Organizations or Identity Center. ``sensitive_api`` reads the
mark with the caller's usual network and client and a second factor (``chores``).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._key_rotation import unmarked

# the Identity Center calls that give a new account's people their access
VENDING_GRANTS = ("CreateAccountAssignment", "ProvisionPermissionSet")
# Organizations' calls that name the account being created (request or response)
_NAMING = ("CreateAccount", "MoveAccount", "DescribeCreateAccountStatus")
# new rights or identities: what a vending does not create and a persistence does
_NEW_RIGHTS = (
    "CreatePermissionSet",
    "AttachManagedPolicyToPermissionSet",
    "AttachCustomerManagedPolicyReferenceToPermissionSet",
    "PutInlinePolicyToPermissionSet",
    "PutPermissionsBoundaryToPermissionSet",
    "CreateUser",
    "CreateGroup",
    "CreateGroupMembership",
)
_ADMIN_APIS = r"^(?:organizations|sso|identitystore)\.amazonaws\.com:"


def mark_vending(
    named: pl.LazyFrame,
    base: pl.LazyFrame,
    baseline: BaselineView,
    calls: frozenset[str] | None = None,
) -> pl.LazyFrame:
    """``named`` plus ``_vending`` and ``_vending_note`` (module docstring); needs
    ``api_name``, ``account_id``, ``principal``, ``event_time``, ``request_parameters``.
    ``calls``: the API names ``named`` holds, when known (``_key_rotation.calls_of``)."""
    if calls is not None and not calls.intersection(VENDING_GRANTS):
        # why: ``_vended`` is null on every row but a VENDING_GRANTS one, so ``_created_at``
        # joins nothing: ``_vending`` false, its note null (calls_of)
        return unmarked(named, {"_vending": False, "_vending_note": None})
    ok = base.filter(pl.col("error_code").is_null())
    orgs = ok.filter(pl.col("event_source") == "organizations.amazonaws.com")
    created = (
        orgs.filter(pl.col("event_name") == "CreateAccount")
        .group_by("account_id", "principal")
        .agg(pl.col("event_time").min().alias("_created_at"))
    )
    request = pl.col("request_parameters")
    response = pl.col("response_elements")
    named_ids = (
        orgs.filter(pl.col("event_name").is_in(_NAMING))
        .select(
            "account_id",
            "principal",
            pl.coalesce(
                request.str.json_path_match("$.accountId"),
                response.str.json_path_match("$.createAccountStatus.accountId"),
                response.str.json_path_match("$.accountId"),
            ).alias("_vended"),
        )
        .drop_nulls("_vended")
        .unique()
        .join(created, on=["account_id", "principal"], how="inner")
    )
    new_rights = (
        ok.filter(
            pl.col("event_source").is_in(["sso.amazonaws.com", "identitystore.amazonaws.com"])
            & pl.col("event_name").is_in(list(_NEW_RIGHTS))
        )
        .select("account_id", "principal", _new_rights=pl.lit(True))
        .unique()
    )
    admins = (
        baseline.known("principal", "api")
        .filter(pl.col("value").str.contains(_ADMIN_APIS))
        .select(pl.col("entity").alias("principal"), _administers=pl.lit(True))
        .unique()
    )
    target = request.fill_null("").str.json_path_match("$.targetId")
    others = (
        request.fill_null("")
        .str.extract_all(r"\b\d{12}\b")
        .list.set_difference(pl.concat_list(pl.col("account_id"), pl.col("_vended")))
        .list.len()
    )
    marked = (
        named.with_columns(
            pl.when(pl.col("api_name").is_in(list(VENDING_GRANTS))).then(target).alias("_vended")
        )
        .join(named_ids, on=["account_id", "principal", "_vended"], how="left")
        .join(new_rights, on=["account_id", "principal"], how="left")
        .join(admins, on="principal", how="left")
    )
    vending = (
        (pl.col("_created_at") <= pl.col("event_time"))
        & (others == 0)
        & pl.col("_new_rights").is_null()
        & pl.col("_administers").fill_null(False)
    ).fill_null(False)
    return marked.with_columns(
        vending.alias("_vending"),
        pl.format(
            "; account vending: access to account {} that it created today (CreateAccount at "
            "{}), an existing permission set, from its usual network and client with a second "
            "factor",
            pl.col("_vended"),
            pl.col("_created_at").dt.strftime("%H:%M"),
        ).alias("_vending_note"),
    ).drop("_vended", "_created_at", "_new_rights", "_administers")


__all__ = ["VENDING_GRANTS", "mark_vending"]
