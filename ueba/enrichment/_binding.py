"""Workload binding: which STS call minted each session key, and for what workload.

AWS services that run your code mint its credentials with ``AssumeRole``: ``ec2.amazonaws.com``
for instance profiles (session name = instance id), ``lambda.amazonaws.com`` (session name =
function name), ``ecs-tasks.amazonaws.com`` (session name = task id). The minting event's
``responseElements.credentials.accessKeyId`` names the key, so joining each later use of a key
to the latest minting of that key *at or before* the use (an as-of join, because keys are
recycled) tells which workload the key belongs to, when and by which event it was issued, and
which key asked for it (the parent, the link of an identity chain).

Everything is polars expressions over the whole frame; the as-of join runs on the distinct
(key, time) pairs of keys minted in the window, then joins back on them, so no row is duplicated.
"""

from __future__ import annotations

import polars as pl

from ueba.enrichment._pipelines import CI_KIND, GITHUB_KIND, pipeline_workload

# STS calls whose response carries new credentials.
MINTING_EVENTS = (
    "AssumeRole",
    "AssumeRoleWithSAML",
    "AssumeRoleWithWebIdentity",
    "AssumeRoot",
    "GetSessionToken",
    "GetFederationToken",
)

# Who called AssumeRole -> the kind of workload the minted key belongs to.
SERVICE_WORKLOADS = {
    "ec2.amazonaws.com": "ec2",
    "lambda.amazonaws.com": "lambda",
    "ecs-tasks.amazonaws.com": "ecs",  # ECS tasks, AWS Batch jobs on ECS and Fargate too
    "pods.eks.amazonaws.com": "eks_pod",
    # why: an execution role passed to a managed service (its trust policy names the service
    # principal) hands the job's code a key that lives on AWS hosts: SageMaker notebook
    # instances and training/processing jobs, Glue jobs, CodeBuild builds, Step Functions
    # state machines. Used from outside AWS it was copied out, as for an instance profile.
    "sagemaker.amazonaws.com": "sagemaker",
    "glue.amazonaws.com": "glue",
    "codebuild.amazonaws.com": "codebuild",
    "states.amazonaws.com": "step_functions",
}
# Service-run jobs whose session names are generic ("SageMaker", "GlueJobRunnerSession") or
# per run (a CodeBuild build id, a Step Functions execution): the role names the workload.
ROLE_NAMED_WORKLOADS = ("sagemaker", "glue", "codebuild", "step_functions")
# Session names these services give the keys they mint (seen in CloudTrail as
# ``assumed-role/<role>/<session>``): the fallback when the minting event is outside the window.
SERVICE_SESSIONS = {
    r"^SageMaker$": "sagemaker",
    r"^GlueJobRunnerSession$": "glue",
    r"^AWSCodeBuild-[0-9a-f-]{36}$": "codebuild",
}

# EKS IAM roles for service accounts (IRSA): the cluster's OIDC issuer is
# oidc.eks.<region>.amazonaws.com/id/<cluster id>, and the token a pod's projected service-account
# token (subject system:serviceaccount:<namespace>:<name>); the minted key is the pod's.
EKS_OIDC = r"oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/id/"
SSO_ROLE_MARK = "AWSReservedSSO_"
# why: people federating from an external IdP (Okta, Entra ID, ADFS) by AssumeRoleWithSAML share
# the account's roles; the session name the IdP sends (RoleSessionName, by default the e-mail or
# UPN) names the person. Their sessions are the workload "saml_user" (id: the session name), so
# the baseline learns each person beside the role, as it learns an instance beside its role.
SAML_PERSON = "saml_user"
# An e-mail-shaped session name (the IdPs' default RoleSessionName claim): a person's session of a
# federated role whose AssumeRoleWithSAML is outside the window.
PERSON_SESSION = r"^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$"
# Instance ids: i- then 8 (old) or 17 (current) hex digits. Rust's regex engine runs in linear
# time, so this pattern cannot backtrack.
EC2_INSTANCE_ID = r"^i-[0-9a-f]{8,17}$"

MINT_COLUMNS = (
    "_minted_key",
    "key_issued_at",
    "key_issuer_event_id",
    "parent_access_key_id",
    "_mint_kind",
    "_mint_id",
    "_mint_role",
    "_mint_session",
)


def _service_caller() -> pl.Expr:
    """The AWS service that made a call, if one did (``invokedBy`` or a service-host source)."""
    host = pl.col("source_ip_address")
    return pl.coalesce(
        pl.col("invoked_by"),
        pl.when(host.str.ends_with(".amazonaws.com")).then(host),
    ).str.to_lowercase()


def _service_kind(caller: pl.Expr) -> pl.Expr:
    return caller.replace_strict(SERVICE_WORKLOADS, default=None, return_dtype=pl.String())


def minting_events(events: pl.LazyFrame) -> pl.LazyFrame:
    """One row per successful credential-minting call: the key it minted and what for.

    Columns: ``_minted_key``, ``key_issued_at``, ``key_issuer_event_id``,
    ``parent_access_key_id`` (the key that made the call, null for AWS services),
    ``_mint_kind`` / ``_mint_id`` (the workload), ``_mint_role`` and ``_mint_session``.
    """
    request = pl.col("request_parameters")
    assumed = pl.col("response_elements").str.json_path_match("$.assumedRoleUser.arn")
    session = pl.coalesce(
        request.str.json_path_match("$.roleSessionName"), assumed.str.extract(r"/([^/]+)$")
    )
    role = request.str.json_path_match("$.roleArn")
    saml = pl.col("event_name") == "AssumeRoleWithSAML"
    provider = pl.concat_str(
        [
            pl.col("identity_provider").fill_null(""),
            pl.col("web_id_federation_provider").fill_null(""),
            pl.col("identity_principal_id").fill_null(""),
            request.str.json_path_match("$.providerId").fill_null(""),
            pl.col("response_elements").str.json_path_match("$.provider").fill_null(""),
        ],
        separator=" ",
    )
    web = pl.col("event_name") == "AssumeRoleWithWebIdentity"
    token_subject = pl.coalesce(
        pl.col("response_elements").str.json_path_match("$.subjectFromWebIdentityToken"),
        pl.col("identity_user_name"),
    )
    # why: a CI/CD job's token (GitHub's, GitLab's, HCP Terraform's...) mints a pipeline's key,
    # not a person's: ueba.enrichment._pipelines
    pipeline_kind, pipeline_id = pipeline_workload(
        provider,
        pl.coalesce(pl.col("identity_provider"), pl.col("web_id_federation_provider")),
        token_subject,
        pl.coalesce(
            role.str.extract(r"^arn:[^:]*:iam::(\d{12}):", 1), pl.col("recipient_account_id")
        ),
    )
    github = web & (pipeline_kind == GITHUB_KIND).fill_null(False)
    ci = web & (pipeline_kind == CI_KIND).fill_null(False)
    # why: an IRSA key is a workload's like an instance profile's, so it gets the same checks
    eks = web & provider.str.contains(EKS_OIDC)
    service_kind = _service_kind(_service_caller())
    sso = role.str.contains(SSO_ROLE_MARK, literal=True)
    kind = (
        pl.when(github)
        .then(pl.lit(GITHUB_KIND))
        .when(eks)
        .then(pl.lit("eks_pod"))
        .when(ci)
        .then(pl.lit(CI_KIND))
        .when(service_kind.is_not_null())
        .then(service_kind)
        .when(sso)
        .then(pl.lit("sso_user"))
        .when(saml)
        .then(pl.lit(SAML_PERSON))
    )
    subject = pl.coalesce(
        pl.col("response_elements").str.json_path_match("$.subjectFromWebIdentityToken"),
        pl.col("identity_user_name"),
        session,
    )
    workload_id = (
        pl.when(github)
        .then(pl.coalesce(pl.col("identity_user_name"), session))
        .when(eks)
        .then(subject)
        .when(ci)
        .then(pipeline_id)
        .when(kind.is_in(ROLE_NAMED_WORKLOADS))
        .then(role.str.extract(r"/([^/]+)$"))
        .when(kind.is_not_null())
        .then(session)
    )
    return (
        events.filter(
            pl.col("event_name").is_in(MINTING_EVENTS)
            & pl.col("error_code").is_null()
            & pl.col("event_time").is_not_null()
        )
        .select(
            pl.col("response_elements")
            .str.json_path_match("$.credentials.accessKeyId")
            .alias("_minted_key"),
            pl.col("event_time").alias("key_issued_at"),
            pl.col("event_id").alias("key_issuer_event_id"),
            pl.col("access_key_id").alias("parent_access_key_id"),
            kind.alias("_mint_kind"),
            workload_id.alias("_mint_id"),
            role.alias("_mint_role"),
            session.alias("_mint_session"),
        )
        .filter(pl.col("_minted_key").is_not_null())
    )


def bind_keys(mints: pl.LazyFrame, narrow: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``key_issued_at``, ``key_issuer_event_id``, ``parent_access_key_id`` and the
    minting-derived ``_mint_kind`` / ``_mint_id`` to ``narrow`` (events with at least
    ``access_key_id`` and ``event_time``), from the latest of ``mints``
    (:func:`minting_events`) for each event's key at or before the event (keys are recycled).

    Only events whose key was minted in the window take part in the as-of join; the result
    goes back by row number, which is unique, so ``narrow`` keeps its rows and their order.
    """
    numbered = narrow.with_row_index("_row")
    candidates = (
        numbered.select("_row", "access_key_id", "event_time")
        .filter(pl.col("access_key_id").is_not_null() & pl.col("event_time").is_not_null())
        .join(
            mints.select(pl.col("_minted_key").alias("access_key_id")).unique(),
            on="access_key_id",
            how="semi",
        )
        .sort("event_time")
    )
    bound = candidates.join_asof(
        mints.select(MINT_COLUMNS).sort("key_issued_at"),
        left_on="event_time",
        right_on="key_issued_at",
        by_left="access_key_id",
        by_right="_minted_key",
        strategy="backward",
        check_sortedness=False,
    ).select("_row", *MINT_COLUMNS[1:6])
    return numbered.join(bound, on="_row", how="left", maintain_order="left").drop("_row")


def session_workloads(mints: pl.LazyFrame) -> pl.LazyFrame:
    """The workload each (role ARN, session name) was last minted for, from ``mints``
    (:func:`minting_events`): the fallback for a key whose own minting event is outside the
    window (Lambda and ECS reuse one session name per function or task, so a sibling key
    minted for the same session names the workload)."""
    return (
        mints.filter(
            pl.col("_mint_kind").is_not_null()
            & pl.col("_mint_role").is_not_null()
            & pl.col("_mint_session").is_not_null()
        )
        .sort("key_issued_at")
        .group_by("_mint_role", "_mint_session")
        .agg(
            pl.col("_mint_kind").last().alias("_session_kind"),
            pl.col("_mint_id").last().alias("_session_id"),
        )
    )


def pattern_workload() -> tuple[pl.Expr, pl.Expr]:
    """(kind, id) from the identity alone, for keys with no minting event in the window.

    Needs ``principal_type``, ``principal_arn`` and ``session_name`` computed first.
    """
    session = pl.col("session_name")
    is_role = pl.col("principal_type") == "role"
    ec2 = is_role & (
        session.str.contains(EC2_INSTANCE_ID) | pl.col("ec2_role_delivery").is_not_null()
    )
    sso = is_role & pl.col("principal_arn").str.contains(SSO_ROLE_MARK, literal=True)
    # the sign-in itself (AssumeRoleWithSAML's caller, a SAMLUser named by the IdP's subject) is
    # the person too, so their sign-in networks are learnt with their sessions
    saml_caller = pl.col("identity_type") == "SAMLUser"
    person = (is_role & session.str.contains(PERSON_SESSION)) | saml_caller
    # the exchange itself (a WebIdentityUser call with a CI/CD job's token) is the pipeline's
    web = pl.col("identity_type") == "WebIdentityUser"
    pipeline_kind, pipeline_id = pipeline_workload(
        pl.concat_str(
            [
                pl.col("identity_provider").fill_null(""),
                pl.col("identity_principal_id").fill_null(""),
            ],
            separator=" ",
        ),
        pl.col("identity_provider"),
        pl.col("identity_user_name"),
        pl.col("recipient_account_id"),
    )
    github = web & (pipeline_kind == GITHUB_KIND).fill_null(False)
    ci = web & (pipeline_kind == CI_KIND).fill_null(False)
    # the exchange itself (a WebIdentityUser call with an EKS service-account token) is the pod's
    eks = (pl.col("identity_type") == "WebIdentityUser") & pl.col("identity_provider").fill_null(
        ""
    ).str.contains(EKS_OIDC)
    service = pl.lit(None, dtype=pl.String)
    for pattern, service_kind in SERVICE_SESSIONS.items():
        service = (
            pl.when(session.str.contains(pattern)).then(pl.lit(service_kind)).otherwise(service)
        )
    service = pl.when(is_role).then(service)
    kind = (
        pl.when(ec2)
        .then(pl.lit("ec2"))
        .when(sso)
        .then(pl.lit("sso_user"))
        .when(github)
        .then(pl.lit(GITHUB_KIND))
        .when(eks)
        .then(pl.lit("eks_pod"))
        .when(ci)
        .then(pl.lit(CI_KIND))
        .when(service.is_null() & person)
        .then(pl.lit(SAML_PERSON))
        .otherwise(service)
    )
    workload_id = (
        pl.when(ec2 | sso)
        .then(session)
        .when(service.is_null() & person)
        .then(pl.coalesce(session, pl.col("identity_user_name")))
        .when(github | eks)
        .then(pl.coalesce(pl.col("identity_user_name"), session))
        .when(ci)
        .then(pipeline_id)
        .when(service.is_not_null())
        .then(pl.col("principal_arn").str.extract(r"/([^/]+)$"))
    )
    return kind, workload_id


__all__ = [
    "EC2_INSTANCE_ID",
    "EKS_OIDC",
    "MINTING_EVENTS",
    "PERSON_SESSION",
    "ROLE_NAMED_WORKLOADS",
    "SAML_PERSON",
    "SERVICE_SESSIONS",
    "SERVICE_WORKLOADS",
    "bind_keys",
    "minting_events",
    "pattern_workload",
    "session_workloads",
]
