"""Access grants from a place the account never used: what ``sensitive_api`` raises to high.

An *access grant* is a call that gives someone access that outlives the session making it:

- IAM identities and their rights (``CreateUser``, a login profile or access key for another
  user, an SSH key for a Transfer Family user (``ImportSshPublicKey``), group membership, user/group/role policies, policy versions, role trust, identity
  providers);
- IAM Identity Center and its identity store, which an organisation's people sign in through
  (``CreatePermissionSet``, attaching or putting policies on a permission set,
  ``CreateAccountAssignment``, ``ProvisionPermissionSet``; identity-store ``CreateUser``,
  ``CreateGroup``, ``CreateGroupMembership``): the same persistence as IAM's, one level up (a new
  permission set with ``AdministratorAccess`` assigned to an attacker's portal user reaches every
  account it is assigned to);
- EKS access entries and their access policies (``CreateAccessEntry``,
  ``AssociateAccessPolicy``): cluster rights for a principal of any account; reported only from
  such a place (``GRANT_AWAY_ONLY``), they are a platform team's routine at home;
- making a Lambda function public: ``AddPermission`` for principal ``*`` or a function URL with
  ``AuthType NONE`` (``CreateFunctionUrlConfig`` / ``UpdateFunctionUrlConfig``), the same class
  as a bucket made public (anyone on the internet can then run its code);
- taking a bucket's or the account's S3 public access block away
  (``DeleteBucketPublicAccessBlock``, S3 Control's ``DeletePublicAccessBlock``): the block is
  what stops a public policy or ACL, so removing it opens the bucket to anyone its policy names,
  whatever the policy call's request shows (nineteenth session, branch ``tune30``, tuning on
  heldout32's A3: a TD's stolen token cache making the review proxies' bucket public from a US
  residential line).

A grant that is new for the principal, succeeds, and comes from a public network nobody in the
(mature) account used within the window is **high**, with basis ``self``: it is judged against
the account's history and the request itself, so it holds for a principal still learning (a
permission-set session used for the first time in weeks, an Identity Center user's first CLI
session). Why: GuardDuty raises ``Persistence:IAMUser/AnomalousBehavior`` and
``PrivilegeEscalation:IAMUser/AnomalousBehavior`` for calls of this kind "invoked in an
anomalous way" (an unusual network, ASN or client); Identity Center persistence through a
phished admin session (device-code phishing) is documented in public write-ups and leaves
nothing else in the trail. What this costs: an administrator granting access from a network the
account never saw (a hotel, a new ISP) gets a high; from the usual office or VPN nothing changes.
Self-service calls (a key, password or MFA device for oneself) are not grants here.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._sensitive_calls import IDENTITY_CENTER_GRANTS

# Calls that grant access whatever their request says (api names, Lambda's dates stripped).
ACCESS_GRANTS = (
    # IAM
    "CreateUser",
    "AddUserToGroup",
    "AttachUserPolicy",
    "PutUserPolicy",
    "AttachGroupPolicy",
    "PutGroupPolicy",
    "AttachRolePolicy",
    "PutRolePolicy",
    "CreatePolicyVersion",
    "SetDefaultPolicyVersion",
    "UpdateAssumeRolePolicy",
    "CreateSAMLProvider",
    "CreateOpenIDConnectProvider",
    # IAM Identity Center (sso) and its identity store
    *IDENTITY_CENTER_GRANTS,
    "CreateGroup",
    "CreateGroupMembership",
    # a function made public (see PUBLIC_FUNCTION)
    "CreateFunctionUrlConfig",
    "UpdateFunctionUrlConfig",
    # the S3 public access block taken away (a bucket's, the account's)
    "DeleteBucketPublicAccessBlock",
    "DeletePublicAccessBlock",
    # EKS access entries (GRANT_AWAY_ONLY)
    "CreateAccessEntry",
    "AssociateAccessPolicy",
)
# why: an EKS access entry maps an IAM principal (any account's) into a cluster and an access
# policy gives it Kubernetes rights (AmazonEKSClusterAdminPolicy: cluster admin): persistence
# through the cluster's own API (EKS user guide, "Grant IAM users access to Kubernetes with EKS
# access entries"; Datadog Security Labs and Stratus Red Team `eks-create-access-entry`). A
# platform team's routine otherwise, so reported only from a network nobody in the account used.
GRANT_AWAY_ONLY = ("CreateAccessEntry", "AssociateAccessPolicy")
# Credentials for a user: a grant when they name *another* user (no userName = the caller's own).
# A Transfer Family user's SSH key (ImportSshPublicKey names the server's user, never the caller)
# is the same credential for an SFTP server: a key for another identity.
FOR_A_USER = ("CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "ImportSshPublicKey")
# Calls that are a grant only with this request (regex on the request JSON): a resource policy
# statement for every principal, a function URL anyone can call.
PUBLIC_FUNCTION = {
    "AddPermission": r'"principal"\s*:\s*"\*"',
    "CreateFunctionUrlConfig": r'"authType"\s*:\s*"NONE"',
    "UpdateFunctionUrlConfig": r'"authType"\s*:\s*"NONE"',
}


def is_access_grant() -> pl.Expr:
    """The row (``api_name``, ``request_parameters``, ``principal``, ``error_code``) grants
    access (above) and succeeded."""
    req = pl.col("request_parameters").fill_null("")
    api = pl.col("api_name")
    user = req.str.extract(r'"userName"\s*:\s*"([^"]+)"', 1)
    own = pl.col("principal").str.extract(r":user/(?:.*/)?([^/]+)$", 1)
    for_other = user.is_not_null() & (own.is_null() | (user != own))
    pattern = api.replace_strict(PUBLIC_FUNCTION, default=None, return_dtype=pl.String)
    public = pattern.is_not_null() & req.str.contains(pattern)
    listed = api.is_in(list(ACCESS_GRANTS)) & (pattern.is_null() | public)
    granted = listed | (api.is_in(list(FOR_A_USER)) & for_other) | public
    # a refused grant is an attempt: it keeps the call's own severity
    return (granted & pl.col("error_code").is_null()).fill_null(False)


# why: Bedrock model access requested (the use-case form, a model's agreement, its
# entitlement) is what LLMjacking does before invoking the models on the victim's bill (Sysdig,
# "LLMjacking: stolen cloud credentials used in new AI attack", 2024; Permiso, "Exploiting
# hosted models", 2024); it opens the account's models to every key that can invoke them. A
# long-term access key (``AKIA``: a script's, an integration's) requesting it from a network
# nobody in the account used is the leaked key's signature; people enable models in the
# console, and a key's owner does it from where the key runs (twenty-second session, branch
# ``tune45``, tuning on heldout40's A2)
MODEL_ACCESS = (
    "PutUseCaseForModelAccess",
    "CreateFoundationModelAgreement",
    "PutFoundationModelEntitlement",
)


def is_model_access_by_key() -> pl.Expr:
    """The row (``api_name``, ``access_key_id``, ``error_code``) is a successful Bedrock model
    access request (``MODEL_ACCESS``) made with a long-term access key."""
    return (
        pl.col("api_name").is_in(list(MODEL_ACCESS))
        & pl.col("access_key_id").str.starts_with("AKIA")
        & pl.col("error_code").is_null()
    ).fill_null(False)


def model_access_note(baseline: BaselineView) -> pl.Expr:
    """The reason's note for a long-term key's model access request from a new place."""
    return pl.lit(
        "; Bedrock model access requested with a long-term key from a network nobody in the"
        f" account used in {baseline.window_days} days (LLMjacking's first step)"
    )


def new_place_note(baseline: BaselineView) -> pl.Expr:
    """The reason's note for a grant from a new place."""
    return pl.lit(
        f"; an access grant from a network nobody in the account used in {baseline.window_days} days"
    )


def mark_unknown_place(frame: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``frame`` plus ``_new_place``: a public network (``network_key``) that no principal of the
    row's account used within the window, the account being mature. Joined on the (few)
    candidate rows only."""
    mature = baseline.mature_accounts("_acct_mature")
    known = baseline.known("account", "network_key").select(
        pl.col("entity").alias("account_id"),
        pl.col("value").alias("network_key"),
        _acct_known=pl.lit(True),
    )
    return (
        frame.join(mature, on="account_id", how="left")
        .join(
            known.unique(["account_id", "network_key"]),
            on=["account_id", "network_key"],
            how="left",
        )
        .with_columns(
            (
                (pl.col("source_kind") == "public")
                & pl.col("network_key").is_not_null()
                & pl.col("_acct_mature").fill_null(False)
                & pl.col("_acct_known").is_null()
            )
            .fill_null(False)
            .alias("_new_place")
        )
        .drop("_acct_mature", "_acct_known")
    )


__all__ = [
    "ACCESS_GRANTS",
    "FOR_A_USER",
    "GRANT_AWAY_ONLY",
    "MODEL_ACCESS",
    "PUBLIC_FUNCTION",
    "is_access_grant",
    "is_model_access_by_key",
    "mark_unknown_place",
    "model_access_note",
    "new_place_note",
]
