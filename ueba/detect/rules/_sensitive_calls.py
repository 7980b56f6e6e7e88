"""What ``sensitive_api`` calls sensitive: the named calls per tactic (``SENSITIVE_APIS``), the
request parameters that make an ordinary call risky (``CONDITIONS``), their default severities
and weights, and the predicates on a request that are evidence by themselves (a principal
granting itself or a user it created today an escalating policy; a snapshot shared with
``all``). The rule that judges them against the baseline is :mod:`.sensitive_api`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import second_factor_rows
from ueba.detect.rules._base import PERSON_WORKLOADS, known_pairs
from ueba.schema import SEVERITIES

# IAM Identity Center's permission sets and assignments: they grant access as IAM's calls do,
# one level up (read by SENSITIVE_APIS and by ._access_grants)
IDENTITY_CENTER_GRANTS = (
    "CreatePermissionSet",
    "UpdatePermissionSet",
    "AttachManagedPolicyToPermissionSet",
    "AttachCustomerManagedPolicyReferenceToPermissionSet",
    "PutInlinePolicyToPermissionSet",
    "PutPermissionsBoundaryToPermissionSet",
    "CreateAccountAssignment",
    "ProvisionPermissionSet",
)

SENSITIVE_APIS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "recon": (
            "ListBuckets",
            "ListUsers",
            "ListRoles",
            "ListGroups",
            "ListPolicies",
            "GetAccountAuthorizationDetails",
            "ListAccessKeys",
            "ListAttachedUserPolicies",
            "ListAttachedRolePolicies",
            "GetAccountSummary",
            "ListSecrets",
            "DescribeInstanceAttribute",
            "GetBucketPolicy",
            "ListAccountAliases",
            # why: LLMjacking's first Bedrock call: is anyone logging the prompts? (Sysdig,
            # "LLMjacking: stolen cloud credentials used in new AI attack", 2024; Permiso,
            # "Exploiting hosted models", 2024)
            "GetModelInvocationLoggingConfiguration",
        ),
        "persistence": (
            "CreateUser",
            "CreateAccessKey",
            "CreateLoginProfile",
            "UpdateLoginProfile",
            "UpdateAssumeRolePolicy",
            # EKS access entries: only as a grant from a new place (._access_grants)
            "CreateAccessEntry",
            "AssociateAccessPolicy",
            "CreateRole",
            "AddPermission",
            "UpdateFunctionCode",
            "UpdateFunctionConfiguration",
            "CreateTrustAnchor",
            "CreateProfile",
            "GetFederationToken",
            "CreateVirtualMFADevice",
            "AddUserToGroup",
            "CreateSAMLProvider",
            "CreateOpenIDConnectProvider",
            # why: IAM Identity Center and its identity store grant access as IAM does
            *IDENTITY_CENTER_GRANTS,
            "CreateGroupMembership",
            "CreateFunctionUrlConfig",
            "UpdateFunctionUrlConfig",
            # why: an SSH key added to a Transfer Family user is a credential for that user,
            # as CreateAccessKey is for an IAM user: whoever holds the private key signs in to
            # the SFTP server as them (Transfer Family API Reference, ImportSshPublicKey)
            "ImportSshPublicKey",
        ),
        "privilege_escalation": (
            "AttachUserPolicy",
            "AttachRolePolicy",
            "AttachGroupPolicy",
            "PutUserPolicy",
            "PutRolePolicy",
            "PutGroupPolicy",
            "CreatePolicyVersion",
            "SetDefaultPolicyVersion",
            "PassRole",
        ),
        "defense_evasion": (
            "UpdateTrail",
            "PutEventSelectors",
            "DeleteLogGroup",
            "PutBucketLogging",
            # why: turning Bedrock's prompt logging off hides the abuse of the models (Sysdig,
            # Permiso LLMjacking write-ups; Bedrock user guide, "Model invocation logging")
            "DeleteModelInvocationLoggingConfiguration",
        ),
        "credential_access": (
            "GetSecretValue",
            "BatchGetSecretValue",
            "GetPasswordData",
            "GetParameters",
            "GetParameter",
            "GetParametersByPath",
        ),
        "exfiltration": (
            "ModifySnapshotAttribute",
            "ModifyImageAttribute",
            "ModifyDBSnapshotAttribute",
            "ModifyDBClusterSnapshotAttribute",
            "PutBucketPolicy",
            "PutBucketAcl",
            # why: the public access block is what keeps a policy or ACL from making a bucket
            # public; removing it is the first step of exposing one (S3 user guide, "Blocking
            # public access to your Amazon S3 storage"; heldout32's A3, tune30)
            "DeleteBucketPublicAccessBlock",
            "DeletePublicAccessBlock",
            "AuthorizeSecurityGroupIngress",
            "CreateExportTask",
        ),
        "lateral_movement": (
            "SendSSHPublicKey",
            "SendSerialConsoleSSHPublicKey",
            "EnableSerialConsoleAccess",
        ),
        "execution": ("SendCommand", "StartSession", "ModifyInstanceAttribute", "RunInstances"),
        "impact": (
            # Bedrock model access enabled: what LLMjacking does before InvokeModel (Sysdig,
            # Permiso write-ups; Bedrock user guide, "Access Amazon Bedrock foundation models")
            "CreateFoundationModelAgreement",
            "PutFoundationModelEntitlement",
            "PutUseCaseForModelAccess",
            "DeleteBucket",
            "PutBucketLifecycleConfiguration",
            # why: a KMS key disabled or scheduled for deletion makes everything it encrypts
            # unreadable: ransom without copying a byte (Rhino Security Labs, "S3 Ransomware
            # Part 2: Prevention and Defense", 2020; KMS developer guide, "Deleting AWS KMS keys")
            "DisableKey",
            "ScheduleKeyDeletion",
            # why: reported only from a network new for the principal or its account
            # (._destructive.AWAY_ONLY): a key policy replaced, backups and snapshots deleted
            "PutKeyPolicy",
            "DeleteRecoveryPoint",
            "DeleteBackupVault",
            "DeleteSnapshot",
            "DeleteDBSnapshot",
            "DeleteDBClusterSnapshot",
        ),
    }
)
_SEVERITY = {
    "recon": "low",
    "persistence": "medium",
    "privilege_escalation": "high",
    "defense_evasion": "high",
    "credential_access": "medium",
    "exfiltration": "medium",
    "lateral_movement": "medium",
    "execution": "low",
    "impact": "low",
}
_WEIGHT = {
    "recon": 0.25,
    "persistence": 0.45,
    "privilege_escalation": 0.55,
    "defense_evasion": 0.7,
    "credential_access": 0.35,
    "exfiltration": 0.5,
    "lateral_movement": 0.45,
    "execution": 0.3,
    "impact": 0.3,
}
# Calls that are only sensitive with these request parameters (regex on the request JSON):
# reading an instance's termination flag in the console is not reading its user data.
CONDITIONS: Mapping[str, str] = MappingProxyType(
    {
        "DescribeInstanceAttribute": r'"attribute"\s*:\s*"userData"',
        "ModifyInstanceAttribute": r"userData",
        # a function URL anyone can call (AuthType NONE), not one behind IAM
        "CreateFunctionUrlConfig": r'"authType"\s*:\s*"NONE"',
        "UpdateFunctionUrlConfig": r'"authType"\s*:\s*"NONE"',
        "GetParameter": r'"withDecryption"\s*:\s*true',
        "GetParameters": r'"withDecryption"\s*:\s*true',
        "GetParametersByPath": r'"withDecryption"\s*:\s*true',
        # open to the world: any "/0" range (the address part may be anonymised)
        "AuthorizeSecurityGroupIngress": r'/0"|::/0',
        # GPU / accelerated / huge instance types: cryptomining and model-training abuse
        "RunInstances": r'"instanceType"\s*:\s*"(p[2-6]|g[3-6]|inf[12]|trn[12]|dl[12]|x[12])',
    }
)
# Requests that make an ordinary call alarming: admin policies, sharing with the world.
# A policy document is a JSON string inside the request JSON: its quotes arrive escaped.
_ESCALATING = (
    r'(?i)AdministratorAccess|\\?"Action\\?"\s*:\s*\[?\s*\\?"\*\\?"|"all"|0\.0\.0\.0/0|::/0'
)
# Calls whose request is the evidence, with no history needed (basis "self"): a principal
# granting *itself* an escalating policy, a snapshot or image shared with every AWS account.
# Granting admin to another role, or opening a port to the world, is an administrator's routine
# in some accounts and an attack in others: only the principal's history can tell ("novelty").
_SELF_GRANT = {
    "AttachUserPolicy": "userName",
    "PutUserPolicy": "userName",
    "AttachRolePolicy": "roleName",
    "PutRolePolicy": "roleName",
}
_PUBLIC_SHARE = (
    "ModifySnapshotAttribute",
    "ModifyImageAttribute",
    "ModifyDBSnapshotAttribute",
    "ModifyDBClusterSnapshotAttribute",
)


def _grant_target() -> pl.Expr:
    """The user or role a grant (``_SELF_GRANT``) or a ``CreateUser`` / ``CreateRole`` names."""
    req = pl.col("request_parameters").fill_null("")
    field = pl.col("event_name").replace_strict(
        {**_SELF_GRANT, "CreateUser": "userName", "CreateRole": "roleName"},
        default=None,
        return_dtype=pl.String,
    )
    return (
        pl.when(field == "userName")
        .then(req.str.extract(r'"userName"\s*:\s*"([^"]+)"', 1))
        .when(field == "roleName")
        .then(req.str.extract(r'"roleName"\s*:\s*"([^"]+)"', 1))
    )


def _created_today(base: pl.LazyFrame) -> pl.LazyFrame:
    """(principal, _target): IAM users each principal created today. Users only: a new user
    with admin is a new long-term identity with every right (a leaked key's backdoor), where a
    new role with admin is the everyday output of hand-run infrastructure work."""
    return (
        base.filter((pl.col("event_name") == "CreateUser") & pl.col("error_code").is_null())
        .select("principal", _grant_target().alias("_target"), _created=pl.lit(True))
        .drop_nulls("_target")
        .unique(["principal", "_target"])
    )


def _self_evident(escalates: pl.Expr) -> pl.Expr:
    """The request escalates the caller itself or a user it created today (the backdoor user of
    a leaked key), or shares data with everyone. Needs ``_target`` and ``_created``."""
    req = pl.col("request_parameters").fill_null("")
    own_name = pl.col("principal").str.extract(r":(?:user|role)/(?:.*/)?([^/]+)$", 1)
    grant = pl.col("api_name").is_in(list(_SELF_GRANT))
    to_self = (pl.col("_target") == own_name).fill_null(False)
    self_grant = escalates & grant & (to_self | pl.col("_created").fill_null(False))
    public = pl.col("api_name").is_in(list(_PUBLIC_SHARE)) & req.str.contains(r'(?i)"all"')
    return self_grant | public


def _at_most(severity: pl.Expr, cap: str) -> pl.Expr:
    """``severity`` lowered to ``cap`` when above it."""
    order = {s: i for i, s in enumerate(SEVERITIES)}
    rank = severity.replace_strict(order, default=0, return_dtype=pl.Int64)
    return pl.when(rank > order.get(cap, 1)).then(pl.lit(cap)).otherwise(severity)


# IAM calls that declare infrastructure (roles, their policies, instance profiles): what an
# infrastructure-as-code deploy writes on every apply that adds a service. Credentials for
# people (CreateUser, CreateAccessKey, login profiles, user policies, group membership) and
# federation trusts are left out: IaC guidance keeps long-term credentials out of it, and they
# are what a compromised pipeline mints (the A3 pattern: CreateAccessKey for another user).
PROVISIONING = (
    "CreateRole",
    "TagRole",
    "UpdateRole",
    "UpdateRoleDescription",
    "UpdateAssumeRolePolicy",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "PutRolePolicy",
    "DeleteRolePolicy",
    "CreatePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "TagPolicy",
    "CreateInstanceProfile",
    "AddRoleToInstanceProfile",
    "RemoveRoleFromInstanceProfile",
    "CreateServiceLinkedRole",
)
# What an infrastructure-as-code apply that launches a service writes besides IAM: the role it
# hands to the service (``PassRole``: MediaLive, ECS, Lambda, Step Functions take one each), the
# bucket's and function's resource policies, a function's code and configuration, a bucket's
# lifecycle. Read with ``names_no_outsider``: such a request naming another account, any
# principal or every user is what a compromised pipeline writes to let an outsider in.
DECLARATIONS = (
    "PassRole",
    "PutBucketPolicy",
    "PutBucketAcl",
    "AddPermission",
    "UpdateFunctionCode",
    "UpdateFunctionConfiguration",
    "PutBucketLifecycleConfiguration",
)
# a principal of any account ("AWS": "*", "Principal": "*"; quotes escaped inside the JSON) or
# an ACL grant to every user or every AWS account
_ANYONE = r'(?i)\\?"(?:AWS|Principal)\\?"\s*:\s*\[?\s*\\?"\*\\?"|acs\.amazonaws\.com/groups/global/'


def names_no_outsider() -> pl.Expr:
    """The request names no AWS account but the row's own (``account_id``), no principal ``*``
    and no global ACL group: it keeps the resource inside the account."""
    request = pl.col("request_parameters").fill_null("")
    others = (
        request.str.extract_all(r"\b\d{12}\b")
        .list.set_difference(pl.concat_list(pl.col("account_id")))
        .list.len()
    )
    return ((others == 0) & ~request.str.contains(_ANYONE)).fill_null(False)


# Clients that only ever run as infrastructure as code (their user agents name the tool:
# Terraform's AWS provider sends "HashiCorp/1.0 Terraform/x", Pulumi "pulumi-aws").
IAC_CLIENTS = ("terraform", "pulumi")
# A write in the API names: a principal whose history has none is read-only, not a deployer.
_WRITES = r":(Create|Update|Put|Register|Attach|Delete|Modify|Tag|Set|Run|Start|Stop|Add|Associate)"


def _in_context(frame: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``frame`` plus the principal's context, joined on the (few) candidate rows only:
    ``_usual`` (a client the principal used, from a network it used; for a workload key, any
    address inside AWS is its usual side, as in the fleet view), ``_writes`` (its history writes
    infrastructure, so it is no read-only principal), ``_gci`` (it calls GetCallerIdentity
    routinely: SDKs and apps that check their identity at start-up), ``_usual_client`` and
    ``_usual_place`` (the network half of ``_usual`` alone)."""
    usual = [
        known_pairs(baseline, dim, flag)
        for dim, flag in (("network_key", "_usual_net"), ("ua_family", "_usual_client"))
    ]
    apis = baseline.known("principal", "api")
    writers = (
        apis.filter(pl.col("value").str.contains(_WRITES))
        .select(pl.col("entity").alias("principal"), _writes=pl.lit(True))
        .unique()
    )
    checkers = (
        apis.filter(pl.col("value").str.ends_with(":GetCallerIdentity"))
        .select(pl.col("entity").alias("principal"), _gci=pl.lit(True))
        .unique()
    )
    # a person's session (SSO, SAML) has no "inside AWS" side: only machines live there
    machine = ~pl.col("workload_kind").is_in(list(PERSON_WORKLOADS))
    inside = (pl.col("workload_kind").is_not_null() & machine) & pl.col("source_kind").is_in(
        ["aws", "vpc_endpoint", "private"]
    )
    return (
        frame.join(usual[0], on=["principal", "network_key"], how="left")
        .join(usual[1], on=["principal", "ua_family"], how="left")
        .join(writers, on="principal", how="left")
        .join(checkers, on="principal", how="left")
        .with_columns((pl.col("_usual_net") | inside).fill_null(False).alias("_usual_place"))
        .with_columns(
            (pl.col("_usual_place") & pl.col("_usual_client")).fill_null(False).alias("_usual"),
            pl.col("_writes").fill_null(False),
            pl.col("_gci").fill_null(False),
            pl.col("_usual_client").fill_null(False),
        )
        .drop("_usual_net")
    )


def _person() -> pl.Expr:
    """The person behind a row: an IAM Identity Center user's user name, which is also the role
    session name of every permission-set session it opens (``AWSReservedSSO_*/<user>``), or an
    IAM user's name."""
    return pl.coalesce("session_name", "identity_user_name").str.to_lowercase().alias("_person")


def _signed_in_here(base: pl.LazyFrame) -> pl.LazyFrame:
    """(``_person``, ``network_key``, ``_signed_in``): the person signed in from that network
    today with a second factor (an MFA or federated console sign-in, Identity Center's portal
    sign-in beyond the password)."""
    # the sign-in rows first (a handful), then the regexes of second_factor on those alone
    # (two filters would be merged into one over the whole day: second_factor_rows); not
    # cached: read once, and a cache followed by a filter panics polars 1.44's optimizer
    sign_ins = (pl.col("event_source") == "signin.amazonaws.com") & pl.col(
        "network_key"
    ).is_not_null()
    return (
        second_factor_rows(base, sign_ins)
        .select(_person(), "network_key", _signed_in=pl.lit(True))
        .drop_nulls("_person")
        .unique(["_person", "network_key"])
    )


def _routine_opener(
    frame: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """``frame`` (GetCallerIdentity openers) without the routine ones: a principal that calls it
    routinely (an SDK checking its identity at start-up) with its usual client, from its usual
    side or from a network the person signed in from today with a second factor (a
    traveller's ``aws sso login``, then ``aws sts get-caller-identity``)."""
    signed_in = pl.col("_signed_in").fill_null(False) & pl.col("_usual_client")
    return (
        _in_context(frame, baseline)
        .with_columns(_person())
        .join(_signed_in_here(base), on=["_person", "network_key"], how="left")
        .filter(~(pl.col("_gci") & (pl.col("_usual") | signed_in)))
    )


def _minted_here(base: pl.LazyFrame, keys: pl.LazyFrame) -> pl.LazyFrame:
    """The network and client of the successful minting call (``key_issuer_event_id``) of each
    key of ``keys``."""
    # only the issuers asked about (a handful): joined with every successful call of the day,
    # the few openers cost 0.25 s of CPU on a 600k-event day, with the semi join 0.03
    issuers = keys.select(pl.col("key_issuer_event_id").alias("event_id")).unique()
    return (
        base.join(issuers, on="event_id", how="semi")
        .filter(pl.col("error_code").is_null() & pl.col("network_key").is_not_null())
        .select(
            pl.col("event_id").alias("key_issuer_event_id"),
            pl.col("network_key").alias("_issuer_network"),
            pl.col("ua_family").alias("_issuer_client"),
        )
    )


__all__ = [
    "CONDITIONS",
    "DECLARATIONS",
    "IAC_CLIENTS",
    "PROVISIONING",
    "SENSITIVE_APIS",
    "names_no_outsider",
]
