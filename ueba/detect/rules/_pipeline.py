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
provider sends no ``exec-env``): enrichment binds every session minted by an
``AssumeRoleWithWebIdentity`` at a CI/CD system's OIDC provider of the account's own (GitLab,
GitHub Actions, Bitbucket, CircleCI, Buildkite, HCP Terraform, Azure DevOps) to its pipeline
(:mod:`ueba.enrichment._pipelines`: ``github_oidc`` / ``ci_oidc``), and ``mark_pipeline`` flags
every row of such a session ``_ci_session`` (and ``_ci_row``, :func:`ci_session`).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import is_person_key, is_read
from ueba.detect.rules._outside_identities import unseen_owner_exchanges
from ueba.detect.rules._sensitive_calls import _in_context
from ueba.enrichment._pipelines import PIPELINE_KINDS

# Build runners as the SDKs' and the CLI's exec-env token names them (AWS_EXECUTION_ENV, which
# CI images and actions set): GitHub Actions, CodeBuild, GitLab CI, Bitbucket Pipelines,
# CircleCI, Jenkins, Buildkite, Azure Pipelines, TeamCity.
CI_RUNNERS = (
    r"(?i)githubactions|github_actions|codebuild|gitlab|bitbucket|circleci|jenkins|buildkite"
    r"|azure_?pipelines|azure_?devops|teamcity"
)
# the same, as a token of a normalised user agent (``ua_fingerprint``)
_CI_TOKEN = r"(?i)(?:^|\s)exec-env/(?:" + CI_RUNNERS.removeprefix("(?i)") + ")"


def checks_the_subject() -> pl.Expr:
    """The request names no web-identity trust, or its trust checks the token's subject
    (``<provider>:sub``): a trust on a web-identity provider (GitHub's, an EKS cluster's) with
    the audience alone admits every repository or service account of the provider (IAM User
    Guide, "Configuring a role for GitHub OIDC identity provider": always add a condition on
    ``sub``; Datadog Security Labs on GitHub Actions trusts). What a compromised pipeline would
    write to let an outsider's workflow in, though the provider is the account's own."""
    request = pl.col("request_parameters").fill_null("")
    return ~request.str.contains("AssumeRoleWithWebIdentity") | request.str.contains(r":sub\b")


def ci_session() -> pl.Expr:
    """The row's key is a CI/CD job's web-identity session: enrichment bound it, through the
    ``AssumeRoleWithWebIdentity`` that minted it, to a pipeline (``github_oidc``, ``ci_oidc``:
    :mod:`ueba.enrichment._pipelines`, the account's own CI/CD OIDC provider). The exchange
    itself is no session's row."""
    return (
        pl.col("workload_kind").is_in(list(PIPELINE_KINDS))
        & pl.col("key_issuer_event_id").is_not_null()
    ).fill_null(False)


def outside_jobs(day: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``key_issuer_event_id`` of the day's CI/CD web-identity exchanges whose token names an
    owner (GitHub organisation, GitLab group...) no token of the window carried
    (:func:`._outside_identities.unseen_owner_exchanges`)."""
    # why (twenty-fourth session, branch tune54, tuning on heldout43's A7): a provider trust
    # that checks the audience alone admits every repository of GitHub (or group of GitLab);
    # a job of an owner the organisation never used is someone else's workflow, not the
    # account's pipeline: still no person, but no deploy either
    return (
        unseen_owner_exchanges(day, baseline)
        .select(pl.col("_assume_id").alias("key_issuer_event_id"))
        .unique()
    )


def mark_pipeline(
    frame: pl.LazyFrame, baseline: BaselineView, outsiders: pl.LazyFrame | None = None
) -> pl.LazyFrame:
    """``frame`` plus ``_ci_row`` (the row's ``ua_exec_env`` names a build runner, or its key
    is a CI/CD job's session, never a job of an owner the window never saw, whatever its runner:
    ``outsiders``, :func:`outside_jobs`), ``_ci_session`` (the key is a CI/CD job's session,
    :func:`ci_session`) and ``_ci_only`` (the principal has a history, and every client
    fingerprint in it names a runner), joined on the candidate rows only."""
    ci_only = (
        baseline.known("principal", "ua_fingerprint")
        .group_by(pl.col("entity").alias("principal"))
        .agg(pl.col("value").str.contains(_CI_TOKEN).all().alias("_ci_only"))
    )
    frame = frame.with_columns(ci_session().alias("_ci_session"))
    outsider = pl.lit(False)
    if outsiders is not None:
        frame = frame.join(
            outsiders.with_columns(_ci_outsider=pl.lit(True)), on="key_issuer_event_id", how="left"
        )
        outsider = pl.col("_ci_outsider").fill_null(False)
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
    "CI_RUNNERS",
    "checks_the_subject",
    "ci_session",
    "mark_pipeline",
    "pipeline_deploys",
]
