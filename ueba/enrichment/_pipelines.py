"""CI/CD pipelines' web-identity sessions: which ``AssumeRoleWithWebIdentity`` exchanges are a
build job's, and which pipeline (project, repository, workspace) the job ran for.

A CI/CD system hands each job a short-lived OpenID Connect token naming the job, and the job
trades it for a role's key at the account's IAM OIDC provider for that system (IAM User Guide,
"Create an OpenID Connect (OIDC) identity provider in IAM"). The trail names the provider (its
host: ``userIdentity.identityProvider`` / ``responseElements.provider``) and the token's subject
(``responseElements.subjectFromWebIdentityToken``, also ``userIdentity.userName``). Either tells
a pipeline apart from a person, and the subject names the pipeline:

==========================  ============================================  =======================
provider (issuer host)      subject (the providers' documented default)   workload id
==========================  ============================================  =======================
GitHub Actions              ``repo:org/repo:ref:refs/heads/main``         (``github_oidc``: the
``token.actions.github…``   (``:environment:prod``, ``:pull_request``)    subject, as before)
GitLab CI (``gitlab.com``   ``project_path:group/project:ref_type:``      ``project_path:group/
or the instance's host)     ``branch:ref:main``                           project``
HCP Terraform               ``organization:o:project:p:workspace:w:``     ``organization:o:project
``app(.eu).terraform.io``   ``run_phase:apply``                           :p:workspace:w``
CircleCI                    ``org/<org id>/project/<project id>/user/``   ``org/<id>/project/<id>``
``oidc.circleci.com``       ``<user id>``
Bitbucket Pipelines         ``{repository uuid}:{step uuid}``, or         ``{repository uuid}``
``api.bitbucket.org``       ``{repository uuid}{environment uuid}:{step}``
Buildkite                   ``organization:o:pipeline:p:ref:r:commit:c:``  ``organization:o:
``agent.buildkite.com``     ``step:s``                                    pipeline:p``
Azure DevOps                ``sc://org/project/connection`` (service      the subject
``vstoken.dev.azure.com``   connection), ``p://org/project/pipeline``
==========================  ============================================  =======================

The workload id is the pipeline, not the run: the parts that change from job to job (the
triggering user, the step, the commit, the run phase, the branch) are dropped, so the baselines
learn one project's jobs as one workload and the fleet and incident folds read them as one
actor. A subject in a shape none of these has, from a provider host in the list (a custom
GitLab ``sub``), keeps the whole subject. Self-hosted GitLab, Terraform Enterprise and GitHub
Enterprise Server have hosts of their own: their subjects' shapes name them.

GitHub keeps its kind ``github_oidc`` (what every baseline saved before this kind exists holds
for its jobs); every other CI/CD system's job is ``ci_oidc``. Both are machine workloads
(``ueba.detect.rules._base.MACHINE_KINDS``) and pipelines (``ueba.detect._context.PIPELINE_KINDS``).
"""

from __future__ import annotations

import polars as pl

GITHUB_OIDC = "token.actions.githubusercontent.com"
GITHUB_KIND = "github_oidc"
CI_KIND = "ci_oidc"
# every CI/CD pipeline kind enrichment gives (GitHub's first: the kind saved baselines know)
PIPELINE_KINDS = (GITHUB_KIND, CI_KIND)

# why: the OIDC issuers of CI/CD systems, as the host of the IAM OIDC provider a job's token is
# exchanged at (GitHub "Configuring OpenID Connect in Amazon Web Services":
# token.actions.githubusercontent.com; GitLab "OpenID Connect (OIDC) Authentication Using ID
# Tokens": gitlab.com or the instance's own host; Bitbucket Pipelines
# api.bitbucket.org/2.0/workspaces/<w>/pipelines-config/identity/oidc; CircleCI
# oidc.circleci.com/org/<id>; Buildkite "OIDC with AWS": agent.buildkite.com; HCP Terraform
# "Dynamic Credentials with the AWS Provider": app.terraform.io, app.eu.terraform.io in Europe;
# Azure DevOps vstoken.dev.azure.com/<org>). A key minted there is a pipeline job's.
CI_ISSUERS = (
    r"(?i)^(?:token\.actions\.githubusercontent\.com|[^/]*gitlab[^/]*|api\.bitbucket\.org"
    r"|oidc\.circleci\.com|agent\.buildkite\.com|app\.(?:eu\.)?terraform\.io"
    r"|vstoken\.dev\.azure\.com)(?:/|$)"
)
# GitHub Enterprise Server's issuer: https://<host>/_services/token
_GHES_ISSUER = r"(?i)^[^/]+/_services/token(?:/|$)"
_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
# The providers' subject shapes, each with the pipeline as its first group.
GITHUB_SUBJECT = r"^(repo:[^:/\s]+/[^:\s]+):\S"
CI_SUBJECTS = (
    r"^(project_path:[^:\s]+/[^:\s]+):ref_type:(?:branch|tag):ref:",  # GitLab
    r"^(organization:[^:]+:project:[^:]+:workspace:[^:]+):run_phase:",  # HCP Terraform
    r"^(org/" + _UUID + r"/project/" + _UUID + r")/user/",  # CircleCI
    r"^(\{" + _UUID + r"\})(?:\{" + _UUID + r"\})?:\{" + _UUID + r"\}$",  # Bitbucket
    r"^(organization:[^:]+:pipeline:[^:]+):ref:",  # Buildkite
    r"^((?:sc|p)://[^/\s]+/[^/\s]+/[^/\s]+)$",  # Azure DevOps
)
_PROVIDER_ARN = r"arn:aws[a-z-]*:iam::(\d{12}):oidc-provider/([^\s:]+)"


def provider_host(text: pl.Expr, host: pl.Expr) -> pl.Expr:
    """The issuer host (and path) of the OIDC provider: from the IAM OIDC provider ARN
    (``arn:aws:iam::<account>:oidc-provider/<host>``) ``text`` names, else ``host`` (the
    provider as ``userIdentity.identityProvider`` gives it) without ``https://``."""
    found = pl.coalesce(text.str.extract(_PROVIDER_ARN, 2), host.str.strip_prefix("https://"))
    return pl.when(found != "").then(found)


def provider_account(text: pl.Expr) -> pl.Expr:
    """The account of the IAM OIDC provider ARN ``text`` names, if it names one."""
    return text.str.extract(_PROVIDER_ARN, 1)


def ci_pipeline(subject: pl.Expr) -> pl.Expr:
    """The pipeline a CI/CD job's token subject names (``CI_SUBJECTS``), null for any other
    subject (GitHub's included: it keeps its own kind)."""
    return pl.coalesce([subject.str.extract(shape, 1) for shape in CI_SUBJECTS])


def pipeline_workload(
    text: pl.Expr, host: pl.Expr, subject: pl.Expr, account: pl.Expr
) -> tuple[pl.Expr, pl.Expr]:
    """(kind, pipeline) of a web-identity exchange or session: ``github_oidc`` for GitHub
    Actions (its issuer named anywhere in ``text``, or a GitHub subject at no host or Enterprise
    Server's; the id is left to the caller, as before), ``ci_oidc`` with the pipeline for every
    other CI/CD system (its issuer host, or its subject's shape), null otherwise.

    ``text`` is every field naming the provider (ARNs, principal id), ``host`` the provider as
    ``identityProvider`` names it, ``subject`` the token's subject, ``account`` the account the
    role is in: a provider ARN of another account is no pipeline of this one's."""
    issuer = provider_host(text, host)
    github = text.str.contains(GITHUB_OIDC, literal=True).fill_null(False) | (
        subject.str.contains(GITHUB_SUBJECT).fill_null(False)
        & (issuer.is_null() | issuer.str.contains(_GHES_ISSUER)).fill_null(False)
    )
    pipeline = ci_pipeline(subject)
    owner = provider_account(text)
    own = (owner.is_null() | (owner == account)).fill_null(True)
    ci = (
        ~github
        & own
        & (issuer.str.contains(CI_ISSUERS).fill_null(False) | pipeline.is_not_null())
        & subject.is_not_null()
    )
    kind = pl.when(github).then(pl.lit(GITHUB_KIND)).when(ci).then(pl.lit(CI_KIND))
    workload_id = pl.when(~github & ci).then(pl.coalesce(pipeline, subject))
    return kind, workload_id


__all__ = [
    "CI_ISSUERS",
    "CI_KIND",
    "CI_SUBJECTS",
    "GITHUB_KIND",
    "GITHUB_OIDC",
    "GITHUB_SUBJECT",
    "PIPELINE_KINDS",
    "ci_pipeline",
    "pipeline_workload",
    "provider_account",
    "provider_host",
]
