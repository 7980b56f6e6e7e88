"""Identity columns: principal, session, credential kind, and binding keys to workloads."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from ueba.enrichment.identity import enrich_identity
from ueba.schema import ENRICHED_IDENTITY, EVENTS, conform

T0 = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"


def _frame(rows: list[dict[str, Any]]) -> pl.LazyFrame:
    columns = {name: [row.get(name) for row in rows] for name in EVENTS}
    return pl.DataFrame(columns, schema=dict(EVENTS)).lazy()


def _mint(
    key: str,
    *,
    at: datetime,
    caller: str | None,
    session: str,
    role: str = ROLE,
    event_name: str = "AssumeRole",
    event_id: str = "mint",
    parent_key: str | None = None,
    error_code: str | None = None,
    **identity: Any,
) -> dict[str, Any]:
    row = {
        "event_time": at,
        "event_source": "sts.amazonaws.com",
        "event_name": event_name,
        "event_id": event_id,
        "identity_type": "AWSService" if caller else "IAMUser",
        "invoked_by": caller,
        "source_ip_address": caller or "198.51.100.7",
        "access_key_id": parent_key,
        "error_code": error_code,
        "request_parameters": json.dumps({"roleArn": role, "roleSessionName": session}),
        "response_elements": None
        if error_code
        else json.dumps({"credentials": {"accessKeyId": key, "expiration": "later"}}),
    }
    row.update(identity)
    return row


def _use(
    key: str, *, at: datetime, session: str, role: str = ROLE, event_id: str = "use", **extra: Any
) -> dict[str, Any]:
    name = role.rsplit("/", 1)[1]
    row = {
        "event_time": at,
        "event_name": "ListBuckets",
        "event_id": event_id,
        "identity_type": "AssumedRole",
        "identity_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}",
        "identity_principal_id": f"AROAEXAMPLE:{session}",
        "identity_account_id": ACCOUNT,
        "session_issuer_arn": role,
        "access_key_id": key,
    }
    row.update(extra)
    return row


def _enrich(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return enrich_identity(_frame(rows)).collect()


def _row(frame: pl.DataFrame, event_id: str) -> dict[str, Any]:
    return frame.filter(pl.col("event_id") == event_id).row(0, named=True)


# ---- principal, session, credential kind ---------------------------------------------------

PRINCIPALS = [
    (
        {
            "identity_type": "AssumedRole",
            "session_issuer_arn": ROLE,
            "identity_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/app/alice",
        },
        ("role", ROLE, "alice"),
    ),
    (
        {
            "identity_type": "AssumedRole",
            "identity_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/app/bob",
        },
        ("role", ROLE, "bob"),
    ),
    (
        {
            "identity_type": "AssumedRole",
            "identity_principal_id": "AROAEXAMPLE:carol",
            "session_issuer_arn": ROLE,
        },
        ("role", ROLE, "carol"),
    ),
    (
        {"identity_type": "IAMUser", "identity_arn": f"arn:aws:iam::{ACCOUNT}:user/pedro"},
        ("iam_user", f"arn:aws:iam::{ACCOUNT}:user/pedro", None),
    ),
    (
        {"identity_type": "Root", "identity_account_id": ACCOUNT},
        ("root", f"arn:aws:iam::{ACCOUNT}:root", None),
    ),
    (
        {
            "identity_type": "FederatedUser",
            "identity_arn": f"arn:aws:sts::{ACCOUNT}:federated-user/dave",
            "identity_principal_id": f"{ACCOUNT}:dave",
        },
        ("federated_user", f"arn:aws:sts::{ACCOUNT}:federated-user/dave", "dave"),
    ),
    (
        {"identity_type": "AWSService", "invoked_by": "lambda.amazonaws.com"},
        ("aws_service", "lambda.amazonaws.com", None),
    ),
    (
        {"identity_type": "AWSAccount", "identity_account_id": "444455556666"},
        ("aws_account", "aws_account:444455556666", None),
    ),
    (
        {"identity_type": "AWSAccount", "identity_account_id": "ANONYMOUS_PRINCIPAL"},
        ("anonymous", "anonymous", None),
    ),
    (
        {"identity_type": "SAMLUser", "identity_principal_id": "SAMLPROVIDER:erin"},
        ("saml_user", "saml:SAMLPROVIDER:erin", None),
    ),
]


@pytest.mark.parametrize(("identity", "expected"), PRINCIPALS)
def test_principal_is_the_stable_identity_behind_each_caller(
    identity: dict[str, Any], expected: tuple[str, str, str | None]
) -> None:
    row = _enrich([{"event_id": "e", **identity}]).row(0, named=True)
    assert (row["principal_type"], row["principal_arn"], row["session_name"]) == expected


@pytest.mark.parametrize(
    ("event", "kind"),
    [
        ({"identity_type": "IAMUser", "access_key_id": "AKIAEXAMPLE"}, "long_term_key"),
        ({"identity_type": "AssumedRole", "access_key_id": "ASIAEXAMPLE"}, "session_key"),
        (
            {
                "identity_type": "IAMUser",
                "access_key_id": "ASIAEXAMPLE",
                "session_credential_from_console": True,
            },
            "console_session",
        ),
        (
            {
                "identity_type": "IAMUser",
                "access_key_id": "ASIAEXAMPLE",
                "user_agent": "console.ec2.amazonaws.com",
            },
            "console_session",
        ),
        ({"identity_type": "IAMUser", "event_name": "ConsoleLogin"}, "console_session"),
        ({"identity_type": "AWSService", "invoked_by": "ec2.amazonaws.com"}, "aws_service"),
        ({"identity_type": "AWSAccount", "identity_account_id": "ANONYMOUS_PRINCIPAL"}, "none"),
        (
            {
                "identity_type": "IAMUser",
                "access_key_id": "AKIAEXAMPLE",
                "user_agent": "[S3Console/0.4]",
            },
            "long_term_key",
        ),
    ],
)
def test_credential_kind_says_how_the_key_was_obtained(event: dict[str, Any], kind: str) -> None:
    assert _enrich([event])["credential_kind"].to_list() == [kind]


def test_console_session_without_the_user_agent_stage_asks_the_same_parser() -> None:
    agents = ["sid/1\tconsole.amazonaws.com", " [S3Console/0.4]", "aws-cli/2.0 console.x", None]
    events = _frame(
        [
            {"identity_type": "IAMUser", "access_key_id": "ASIAEXAMPLE", "user_agent": a}
            for a in agents
        ]
    )
    kinds = enrich_identity(events).collect()["credential_kind"].to_list()
    assert kinds == ["console_session", "console_session", "session_key", "session_key"]


def test_console_session_uses_ua_family_when_the_user_agent_stage_ran() -> None:
    events = _frame(
        [{"identity_type": "IAMUser", "access_key_id": "ASIAEXAMPLE", "user_agent": "x"}]
    )
    events = events.with_columns(pl.lit("console").alias("ua_family"))
    assert enrich_identity(events).collect()["credential_kind"].to_list() == ["console_session"]


# ---- workload binding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "session", "kind"),
    [
        ("ec2.amazonaws.com", "i-0317f6c6b66ae9c40", "ec2"),
        ("lambda.amazonaws.com", "level1", "lambda"),
        ("ecs-tasks.amazonaws.com", "d190d14a-2404-45d6-9113-4eda22d7f2c7", "ecs"),
    ],
)
def test_key_is_bound_to_the_workload_of_the_service_that_minted_it(
    caller: str, session: str, kind: str
) -> None:
    out = _enrich(
        [
            _mint("ASIAKEY1", at=T0, caller=caller, session=session, event_id="mint"),
            _use("ASIAKEY1", at=T0 + timedelta(minutes=5), session=session, event_id="use"),
        ]
    )
    use = _row(out, "use")
    assert (use["workload_kind"], use["workload_id"]) == (kind, session)
    assert use["key_issued_at"] == T0
    assert use["key_issuer_event_id"] == "mint"
    assert use["parent_access_key_id"] is None


def test_recycled_key_binds_to_the_latest_minting_before_each_use() -> None:
    out = _enrich(
        [
            _mint(
                "ASIAKEY1", at=T0, caller="lambda.amazonaws.com", session="fn-a", event_id="mint-a"
            ),
            _use("ASIAKEY1", at=T0 + timedelta(minutes=1), session="fn-a", event_id="use-a"),
            _mint(
                "ASIAKEY1",
                at=T0 + timedelta(hours=2),
                caller="ecs-tasks.amazonaws.com",
                session="0123456789abcdef0123456789abcdef",
                event_id="mint-b",
            ),
            _use(
                "ASIAKEY1",
                at=T0 + timedelta(hours=2, minutes=1),
                session="0123456789abcdef0123456789abcdef",
                event_id="use-b",
            ),
        ]
    )
    assert _row(out, "use-a")["key_issuer_event_id"] == "mint-a"
    assert _row(out, "use-a")["workload_kind"] == "lambda"
    assert _row(out, "use-b")["key_issuer_event_id"] == "mint-b"
    assert _row(out, "use-b")["workload_kind"] == "ecs"


def test_use_before_any_minting_of_its_key_is_not_bound_to_it() -> None:
    out = _enrich(
        [
            _use(
                "ASIAKEY1",
                at=T0 - timedelta(minutes=1),
                session="fn",
                event_id="early",
                session_issuer_arn="arn:aws:iam::1:role/other",
            ),
            _mint("ASIAKEY1", at=T0, caller="lambda.amazonaws.com", session="fn", event_id="mint"),
        ]
    )
    assert _row(out, "early")["key_issuer_event_id"] is None


def test_failed_assume_role_mints_nothing() -> None:
    out = _enrich(
        [
            _mint(
                "ASIAKEY1",
                at=T0,
                caller="lambda.amazonaws.com",
                session="fn",
                error_code="AccessDenied",
            ),
            _use("ASIAKEY1", at=T0 + timedelta(minutes=1), session="fn", event_id="use"),
        ]
    )
    assert _row(out, "use")["key_issuer_event_id"] is None
    assert _row(out, "use")["workload_kind"] is None


def test_parent_key_is_the_key_that_asked_for_the_session() -> None:
    out = _enrich(
        [
            _mint(
                "ASIACHILD",
                at=T0,
                caller=None,
                session="ops",
                parent_key="AKIAPARENT",
                identity_arn=f"arn:aws:iam::{ACCOUNT}:user/ops",
            ),
            _use("ASIACHILD", at=T0 + timedelta(seconds=30), session="ops", event_id="use"),
        ]
    )
    use = _row(out, "use")
    assert use["parent_access_key_id"] == "AKIAPARENT"
    assert use["workload_kind"] is None


def test_key_minted_in_the_same_second_as_its_use_is_bound() -> None:
    out = _enrich(
        [
            _mint("ASIAKEY1", at=T0, caller="ec2.amazonaws.com", session="i-0123456789abcdef0"),
            _use("ASIAKEY1", at=T0, session="i-0123456789abcdef0", event_id="use"),
        ]
    )
    assert _row(out, "use")["key_issued_at"] == T0


def test_lambda_session_without_its_own_minting_event_falls_back_to_a_sibling_key() -> None:
    out = _enrich(
        [
            _mint("ASIAOLD", at=T0, caller="lambda.amazonaws.com", session="level1"),
            _use("ASIANEW", at=T0 + timedelta(hours=3), session="level1", event_id="use"),
        ]
    )
    use = _row(out, "use")
    assert (use["workload_kind"], use["workload_id"]) == ("lambda", "level1")
    assert use["key_issued_at"] is None  # the key's own minting was not seen


def test_instance_id_session_binds_to_ec2_without_a_minting_event() -> None:
    use = _enrich([_use("ASIAKEY1", at=T0, session="i-0317f6c6b66ae9c40", event_id="use")]).row(
        0, named=True
    )
    assert (use["workload_kind"], use["workload_id"]) == ("ec2", "i-0317f6c6b66ae9c40")


def test_session_that_only_looks_like_an_instance_id_is_not_ec2() -> None:
    use = _enrich([_use("ASIAKEY1", at=T0, session="i-am-not-an-instance", event_id="use")]).row(
        0, named=True
    )
    assert use["workload_kind"] is None


def test_sso_permission_set_role_binds_to_the_sso_user() -> None:
    role = (
        f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd"
    )
    use = _enrich([_use("ASIAKEY1", at=T0, session="alice@example.com", role=role)]).row(
        0, named=True
    )
    assert (use["workload_kind"], use["workload_id"]) == ("sso_user", "alice@example.com")
    assert use["principal_arn"] == (
        f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123abcd/alice@example.com"
    )


def test_people_sharing_a_permission_set_are_different_principals() -> None:
    role = (
        f"arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd"
    )
    out = _enrich(
        [
            _use("ASIAKEY1", at=T0, session="alice@example.com", role=role, event_id="a"),
            _use("ASIAKEY2", at=T0, session="bob@example.com", role=role, event_id="b"),
        ]
    )
    principals = dict(zip(out["event_id"], out["principal_arn"], strict=True))
    assert principals["a"] != principals["b"]
    assert principals["b"].endswith("/AWSReservedSSO_Admin_0123abcd/bob@example.com")


def test_a_plain_role_session_is_still_learnt_per_role() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/app"
    out = _enrich(
        [
            _use("ASIAKEY1", at=T0, session="one", role=role, event_id="a"),
            _use("ASIAKEY2", at=T0, session="two", role=role, event_id="b"),
        ]
    )
    assert out["principal_arn"].to_list() == [role, role]


def test_github_actions_oidc_binds_to_the_repository_subject() -> None:
    subject = "repo:octo/app:ref:refs/heads/main"
    out = _enrich(
        [
            _mint(
                "ASIAGH",
                at=T0,
                caller=None,
                session="GitHubActions",
                event_name="AssumeRoleWithWebIdentity",
                identity_type="WebIdentityUser",
                identity_user_name=subject,
                identity_provider=f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com",
            ),
            _use("ASIAGH", at=T0 + timedelta(minutes=2), session="GitHubActions", event_id="use"),
        ]
    )
    use = _row(out, "use")
    assert (use["workload_kind"], use["workload_id"]) == ("github_oidc", subject)


def test_eks_irsa_web_identity_binds_the_key_to_the_pods_service_account() -> None:
    subject = "system:serviceaccount:kube-system:external-dns"
    provider = (
        f"arn:aws:iam::{ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C0F9A41D8E2"
    )
    out = _enrich(
        [
            _mint(
                "ASIAEKS",
                at=T0,
                caller=None,
                session="1781913600000",
                event_name="AssumeRoleWithWebIdentity",
                identity_type="WebIdentityUser",
                identity_user_name=subject,
                identity_provider=provider,
            ),
            _use("ASIAEKS", at=T0 + timedelta(minutes=2), session="1781913600000", event_id="use"),
        ]
    )
    assert (_row(out, "use")["workload_kind"], _row(out, "use")["workload_id"]) == (
        "eks_pod",
        subject,
    )
    # the exchange itself is the pod's too (it has no key of its own)
    exchange = out.filter(pl.col("event_name") == "AssumeRoleWithWebIdentity").row(0, named=True)
    assert exchange["workload_kind"] == "eks_pod"


def test_duplicate_minting_events_do_not_duplicate_rows() -> None:
    rows = [
        _mint(
            "ASIAKEY1",
            at=T0,
            caller="ec2.amazonaws.com",
            session="i-0123456789abcdef0",
            event_id="m1",
        ),
        _mint(
            "ASIAKEY1",
            at=T0,
            caller="ec2.amazonaws.com",
            session="i-0123456789abcdef0",
            event_id="m2",
        ),
        *[
            _use(
                "ASIAKEY1",
                at=T0 + timedelta(seconds=i),
                session="i-0123456789abcdef0",
                event_id=f"u{i}",
            )
            for i in range(5)
        ],
        _use(
            "ASIAKEY1", at=T0 + timedelta(seconds=1), session="i-0123456789abcdef0", event_id="u1"
        ),
    ]
    out = _enrich(rows)
    assert out.height == len(rows)
    assert out["event_id"].to_list() == [row["event_id"] for row in rows]


def test_identity_columns_have_the_schema_types_and_replace_old_ones() -> None:
    events = _frame([_use("ASIAKEY1", at=T0, session="s")]).with_columns(
        pl.lit("stale").alias("principal_arn")
    )
    out = enrich_identity(events).collect()
    for name, dtype in ENRICHED_IDENTITY.items():
        assert out.schema[name] == dtype, name
    assert out["principal_arn"].to_list() == [ROLE]


def test_events_without_times_or_identity_survive() -> None:
    out = _enrich([{"event_id": "a"}, {"event_id": "b", "access_key_id": "ASIAKEY1"}])
    assert out["event_id"].to_list() == ["a", "b"]
    assert out["principal_type"].to_list() == ["anonymous", "anonymous"]


def test_enrich_identity_accepts_a_frame_with_only_some_event_columns() -> None:
    events = conform(_frame([_use("ASIAKEY1", at=T0, session="s")]), EVENTS).select(
        "event_time", "identity_type", "identity_arn", "session_issuer_arn", "access_key_id"
    )
    assert enrich_identity(events).collect()["principal_arn"].to_list() == [ROLE]


SERVICE_JOBS = [
    ("sagemaker.amazonaws.com", "AmazonSageMaker-ExecutionRole-20240611T101532", "SageMaker"),
    ("glue.amazonaws.com", "glue-etl", "GlueJobRunnerSession"),
    ("codebuild.amazonaws.com", "codebuild-web-service-role", "AWSCodeBuild-7f3c1e2a"),
    ("states.amazonaws.com", "sfn-nightly", "4fcdbc5a240a0c82"),
]


@pytest.mark.parametrize(("service", "role_name", "session"), SERVICE_JOBS)
def test_service_execution_role_key_is_bound_to_the_service_job_by_its_minting(
    service: str, role_name: str, session: str
) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/service-role/{role_name}"
    out = _enrich(
        [
            _mint("ASIAJOB", at=T0, caller=service, session=session, role=role),
            _use("ASIAJOB", at=T0 + timedelta(minutes=5), session=session, role=role),
        ]
    )
    use = _row(out, "use")
    kind = {
        "sagemaker.amazonaws.com": "sagemaker",
        "glue.amazonaws.com": "glue",
        "codebuild.amazonaws.com": "codebuild",
        "states.amazonaws.com": "step_functions",
    }[service]
    # the role names the job: these services' session names are generic or per run
    assert (use["workload_kind"], use["workload_id"]) == (kind, role_name)
    assert use["key_issuer_event_id"] == "mint"


@pytest.mark.parametrize(
    ("session", "kind"),
    [
        ("SageMaker", "sagemaker"),
        ("GlueJobRunnerSession", "glue"),
        ("AWSCodeBuild-0b4f6c8e-2d51-4e7a-9c3b-5f1a2e8d7c60", "codebuild"),
        ("alice", None),
    ],
)
def test_service_session_names_bind_a_key_whose_minting_is_outside_the_window(
    session: str, kind: str | None
) -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/service-role/job-role"
    use = _row(_enrich([_use("ASIAOLD", at=T0, session=session, role=role)]), "use")
    assert use["workload_kind"] == kind
    assert use["workload_id"] == ("job-role" if kind else None)
