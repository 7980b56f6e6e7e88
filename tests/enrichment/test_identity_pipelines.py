"""CI/CD pipelines' web-identity sessions (``ueba.enrichment._pipelines``): each provider's
subject shape names its pipeline, the job's key is bound to it, and nothing else is a pipeline."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.enrichment._pipelines import ci_pipeline, pipeline_workload
from ueba.enrichment.identity import enrich_identity
from ueba.schema import EVENTS

T0 = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/deploy"
U1 = "5f3c2a1b-0d4e-4f6a-8b9c-1d2e3f4a5b6c"
U2 = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d"
U3 = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"

# (issuer host, subject, pipeline): each provider's documented default subject
PROVIDERS = [
    (
        "gitlab.com",
        "project_path:sendero/checkout-api:ref_type:branch:ref:main",
        "project_path:sendero/checkout-api",
    ),
    (
        "git.corp.example",  # self-hosted GitLab: the subject names it
        "project_path:platform/infra/network:ref_type:tag:ref:v1.2.0",
        "project_path:platform/infra/network",
    ),
    (
        "app.terraform.io",
        "organization:acme:project:Default Project:workspace:prod-network:run_phase:apply",
        "organization:acme:project:Default Project:workspace:prod-network",
    ),
    (
        f"oidc.circleci.com/org/{U1}",
        f"org/{U1}/project/{U2}/user/{U3}",
        f"org/{U1}/project/{U2}",
    ),
    (
        "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
        f"{{{U1}}}:{{{U3}}}",
        f"{{{U1}}}",
    ),
    (
        "api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc",
        f"{{{U1}}}{{{U2}}}:{{{U3}}}",  # a deployment environment's step
        f"{{{U1}}}",
    ),
    (
        "agent.buildkite.com",
        "organization:acme:pipeline:deploy-api:ref:refs/heads/main:commit:4f2a9c1:step:deploy",
        "organization:acme:pipeline:deploy-api",
    ),
    (
        "vstoken.dev.azure.com/7d1e3c52-1111-4b5a-9c1d-2e3f4a5b6c7d",
        "sc://acme/platform/aws-prod",
        "sc://acme/platform/aws-prod",
    ),
]


def _frame(rows: list[dict[str, Any]]) -> pl.LazyFrame:
    columns = {name: [row.get(name) for row in rows] for name in EVENTS}
    return pl.DataFrame(columns, schema=dict(EVENTS)).lazy()


def _job(host: str, subject: str, *, key: str = "ASIACI", owner: str = ACCOUNT) -> list[dict]:
    """A job's exchange at ``host`` (as the trail logs it) and one call with the key."""
    provider = f"arn:aws:iam::{owner}:oidc-provider/{host}"
    exchange = {
        "event_time": T0,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
        "event_id": "exchange",
        "recipient_account_id": ACCOUNT,
        "identity_type": "WebIdentityUser",
        "identity_principal_id": f"{provider}:sts.amazonaws.com:{subject}",
        "identity_user_name": subject,
        "identity_provider": host,
        "source_ip_address": "203.0.113.9",
        "request_parameters": json.dumps({"roleArn": ROLE, "roleSessionName": "job-4411"}),
        "response_elements": json.dumps(
            {
                "credentials": {"accessKeyId": key},
                "provider": provider,
                "subjectFromWebIdentityToken": subject,
            }
        ),
    }
    use = {
        "event_time": T0 + timedelta(minutes=1),
        "event_name": "PutRolePolicy",
        "event_id": "use",
        "recipient_account_id": ACCOUNT,
        "identity_type": "AssumedRole",
        "identity_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/job-4411",
        "identity_principal_id": "AROAEXAMPLE:job-4411",
        "identity_account_id": ACCOUNT,
        "session_issuer_arn": ROLE,
        "access_key_id": key,
    }
    return [exchange, use]


def _kinds(rows: list[dict]) -> dict[str, tuple[str | None, str | None]]:
    out = enrich_identity(_frame(rows)).collect()
    return {
        row["event_id"]: (row["workload_kind"], row["workload_id"])
        for row in out.iter_rows(named=True)
    }


@pytest.mark.parametrize(("host", "subject", "pipeline"), PROVIDERS)
def test_each_ci_provider_s_job_is_its_pipeline_s_workload(
    host: str, subject: str, pipeline: str
) -> None:
    kinds = _kinds(_job(host, subject))
    # the job's key and the exchange itself are the pipeline's, named by the project
    assert kinds["use"] == ("ci_oidc", pipeline)
    assert kinds["exchange"] == ("ci_oidc", pipeline)


def test_one_project_s_jobs_on_two_branches_are_one_workload() -> None:
    main = _job("gitlab.com", "project_path:acme/api:ref_type:branch:ref:main", key="ASIA1")
    feature = _job("gitlab.com", "project_path:acme/api:ref_type:branch:ref:fix-7", key="ASIA2")
    feature[1]["event_id"] = "use2"
    feature[0]["event_id"] = "exchange2"
    kinds = _kinds(main + feature)
    assert kinds["use"] == kinds["use2"] == ("ci_oidc", "project_path:acme/api")


def test_github_keeps_its_kind_and_subject() -> None:
    subject = "repo:octo/app:environment:prod"
    kinds = _kinds(_job("token.actions.githubusercontent.com", subject))
    assert kinds["use"] == ("github_oidc", subject)


def test_a_ci_provider_of_another_account_is_no_pipeline_of_this_one() -> None:
    kinds = _kinds(
        _job("gitlab.com", "project_path:acme/api:ref_type:branch:ref:main", owner="444455556666")
    )
    assert kinds["use"][0] is None


@pytest.mark.parametrize(
    ("host", "subject"),
    [
        ("oidc.eks.us-east-1.amazonaws.com/id/5C0F9A41", "system:serviceaccount:web:api"),
        ("cognito-identity.amazonaws.com", "us-east-1:0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"),
        ("accounts.google.com", "109876543210987654321"),
    ],
)
def test_other_web_identities_are_no_pipeline(host: str, subject: str) -> None:
    kind = _kinds(_job(host, subject))["use"][0]
    assert kind != "ci_oidc" and kind != "github_oidc"


_segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=12)
_uuid = st.uuids().map(str)
_SHAPES = {
    "gitlab": st.builds(
        lambda g, p, t, r: (f"project_path:{g}/{p}", f"project_path:{g}/{p}:ref_type:{t}:ref:{r}"),
        _segment,
        _segment,
        st.sampled_from(["branch", "tag"]),
        _segment,
    ),
    "terraform": st.builds(
        lambda o, p, w, ph: (
            f"organization:{o}:project:{p}:workspace:{w}",
            f"organization:{o}:project:{p}:workspace:{w}:run_phase:{ph}",
        ),
        _segment,
        _segment,
        _segment,
        st.sampled_from(["plan", "apply"]),
    ),
    "circleci": st.builds(
        lambda o, p, u: (f"org/{o}/project/{p}", f"org/{o}/project/{p}/user/{u}"),
        _uuid,
        _uuid,
        _uuid,
    ),
    "bitbucket": st.builds(
        lambda r, e, s: (f"{{{r}}}", f"{{{r}}}{e}:{{{s}}}"),
        _uuid,
        st.one_of(st.just(""), _uuid.map(lambda u: f"{{{u}}}")),
        _uuid,
    ),
    "buildkite": st.builds(
        lambda o, p, r, c, s: (
            f"organization:{o}:pipeline:{p}",
            f"organization:{o}:pipeline:{p}:ref:{r}:commit:{c}:step:{s}",
        ),
        _segment,
        _segment,
        _segment,
        _segment,
        _segment,
    ),
}


@settings(max_examples=60, deadline=None)
@given(
    cases=st.lists(st.one_of(*_SHAPES.values()), min_size=1, max_size=8),
    noise=st.lists(st.text(max_size=40), max_size=6),
)
def test_subject_shapes_name_their_pipeline_and_nothing_else(
    cases: list[tuple[str, str]], noise: list[str]
) -> None:
    """Every provider's subject yields the pipeline it was built from (whatever the run-specific
    parts); arbitrary text at an unknown host is a pipeline only if its shape is one."""
    subjects = [subject for _, subject in cases]
    frame = pl.DataFrame({"subject": subjects + noise})
    kind, workload_id = pipeline_workload(
        pl.lit(""), pl.lit("idp.example.org"), pl.col("subject"), pl.lit(ACCOUNT)
    )
    out = frame.select(
        kind.alias("kind"), workload_id.alias("id"), ci_pipeline(pl.col("subject")).alias("p")
    )
    assert out["kind"].to_list()[: len(cases)] == ["ci_oidc"] * len(cases)
    assert out["id"].to_list()[: len(cases)] == [pipeline for pipeline, _ in cases]
    for text, kind_of, pipeline in zip(
        noise, out["kind"].to_list()[len(cases) :], out["p"].to_list()[len(cases) :], strict=True
    ):
        # noise is a pipeline exactly when one of the documented shapes matches it
        assert (kind_of == "ci_oidc") == (pipeline is not None), text
