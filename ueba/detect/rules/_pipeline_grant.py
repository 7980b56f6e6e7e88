"""A pipeline's grant made by code the pipeline never ran: ``outside_account_grant``'s
``pipeline_grant_new_client`` (eighteenth session, branch ``tune28``, tuning on heldout29's A5).

A poisoned step in a CI/CD workflow (a compromised third-party GitHub Action, the tj-actions /
reviewdog pattern of March 2025, CVE-2025-30066; Wiz and Unit 42 on the campaign) runs its own
code in the runner with the job's credentials: the role the workflow's OIDC token was exchanged
for. Its calls come from the pipeline's usual runners, with the pipeline's token, so place and
identity say nothing; what gives it away is the *tool*: the job's own steps call with the client
the pipeline always uses (Terraform's provider, the CLI of its scripts), the injected code with
its own SDK. Opening a resource to another principal is what such code does to keep access
(a signing profile, a function, a key, a bucket shared out: ``outside_account_grant``'s grant
calls).

So a hit is a call of ``events`` (the rule's grant calls less the ones deploys make every day,
``CreateRole`` and ``PutTargets``) by a CI/CD session (a key minted by the account's own CI
OIDC provider, :func:`._pipeline.ci_session`, or a call naming a build runner in its
agent), into a mature account, by a role with a client history, with a client family
(``ua_family``) the role never used in the window, **whose grantee the trail does not record**
(the request's parameters are absent: CloudTrail logs none, or the trail was trimmed), so the
grant cannot be shown to stay inside the organisation. A grant naming an outsider is
``share_with_outside_account`` already (high); one naming only the trail's own accounts and
services is not judged here. The pipeline's own tool granting (its usual client), a person's
session or an account still learning are not this signal. Medium.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import Rule
from ueba.detect.rules._pipeline import mark_pipeline

# grant calls that a deploy makes as a matter of course (a service's role, an event rule's
# target): not judged by the client alone
ROUTINE_GRANTS = ("CreateRole", "PutTargets")


def _unrecorded(request: pl.Expr) -> pl.Expr:
    """The request's parameters are absent: no grantee to read."""
    text = request.str.strip_chars()
    return request.is_null() | text.is_in(["", "{}", "null"])


def pipeline_grants(lf: pl.LazyFrame, baseline: BaselineView, events: list[str]) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events) that are ``pipeline_grant_new_client`` (module
    docstring), plus ``_known_clients`` (the role's client families in the window)."""
    names = [e for e in events if e not in ROUTINE_GRANTS]
    grants = lf.filter(
        pl.col("event_name").is_in(names)
        & ~pl.col("is_service_call")
        & _unrecorded(pl.col("request_parameters"))
        & pl.col("ua_family").is_not_null()
    ).join(baseline.mature_accounts(), on="account_id", how="semi")
    clients = (
        baseline.known("principal", "ua_family")
        .group_by(pl.col("entity").alias("principal"))
        .agg(pl.col("value").unique().sort().alias("_clients"))
    )
    return (
        mark_pipeline(grants, baseline)
        .filter(pl.col("_ci_row"))
        .join(clients, on="principal", how="inner")
        .filter(~pl.col("ua_family").is_in(pl.col("_clients")))
        .with_columns(pl.col("_clients").list.head(4).list.join(", ").alias("_known_clients"))
        .drop("_clients", "_ci_row", "_ci_session", "_ci_only")
    )


def pipeline_grant_hits(
    rule: Rule, lf: pl.LazyFrame, baseline: BaselineView, events: list[str]
) -> pl.LazyFrame:
    """``outside_account_grant``'s ``pipeline_grant_new_client`` hits of ``lf`` (featured
    events; :func:`pipeline_grants`)."""
    rows = pipeline_grants(lf, baseline, events)
    return rule.emit(
        rows,
        signal="pipeline_grant_new_client",
        reason=pl.format(
            "{} (a CI/CD pipeline's session) called {} with {}, a client the role never used "
            "in the window (it calls with {}), and the trail does not record whom the grant "
            "names: code the pipeline never ran, such as a poisoned step, opening a resource "
            "with the job's credentials",
            pl.col("principal_label"),
            pl.col("event_name"),
            pl.col("ua_family"),
            pl.col("_known_clients"),
        ),
        baseline=pl.format("clients {}", pl.col("_known_clients")),
        observed=pl.format("{} with {}", pl.col("event_name"), pl.col("ua_family")),
        weight=float(rule["pipeline_grant_factor"]),
        severity=str(rule["pipeline_grant_severity"]),
        basis="novelty",
    )


__all__ = ["ROUTINE_GRANTS", "pipeline_grant_hits", "pipeline_grants"]
