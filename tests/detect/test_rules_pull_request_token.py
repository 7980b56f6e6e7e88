"""outside_account_grant's ``web_identity_pull_request`` (issue 8; tuning on the twenty-eighth
held-out suite's A10, seventeenth session): a GitHub pull request's OIDC token exchanged for a
role, for a repository whose tokens the window saw only from branches or environments, in a
session that writes or is refused, is medium on the session's calls. A repository that plans
on its pull requests (``pull_request`` subjects in its history), a session that only reads,
another repository's first token or a learning account is no hit."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
ROLE = f"arn:aws:iam::{OWN}:role/gh-deploy-themes"
PROVIDER = "token.actions.githubusercontent.com:sts.amazonaws.com"
RUNNER = {"source_kind": "public", "network_key": "asn:8075", "as_org": "Microsoft Corporation"}
REPO = "cardinal-web/wp-themes"


def _entity(subject: str) -> str:
    return f"web_identity:{PROVIDER}:{subject}"


def _exchange(subject: str) -> dict[str, Any]:
    return {
        "identity_type": "WebIdentityUser",
        "principal_type": "web_identity_user",
        "principal_arn": _entity(subject),
        "identity_principal_id": f"{PROVIDER}:{subject}",
        "identity_user_name": subject,
        "identity_account_id": None,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
        "request_parameters": json.dumps({"roleArn": ROLE, "roleSessionName": "GitHubActions"}),
        **RUNNER,
    }


def _call(api: str, *, read: bool, error: str | None = None) -> dict[str, Any]:
    return {
        "principal_arn": ROLE,
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/gh-deploy-themes/GitHubActions",
        "access_key_id": "ASIA5VF7IA37Z2NSPR01",
        "key_issuer_event_id": "ev-0000",
        "event_name": api,
        "read_only": read,
        "error_code": error,
        **RUNNER,
    }


def _session(subject: str) -> list[dict[str, Any]]:
    return [
        _exchange(subject),
        _call("GetInstanceAccessDetails", read=True),
        _call("ListSecrets", read=True, error="AccessDeniedException"),
        _call("SendCommand", read=False),
    ]


def _base(fx: Any, *subjects: str, accounts: tuple[str, ...] = (OWN,)) -> Any:
    return fx.view([], mature=[ROLE, *map(_entity, subjects)], mature_accounts=list(accounts))


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any) -> pl.DataFrame:
    hits = OutsideAccountGrant().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "web_identity_pull_request").sort("event_id")


MAIN = f"repo:{REPO}:ref:refs/heads/main"
PULL = f"repo:{REPO}:pull_request"


def test_a_pull_requests_token_in_a_repo_only_seen_from_main_that_writes_is_medium(
    fx: Any,
) -> None:
    hits = _hits(fx, _session(PULL), _base(fx, MAIN))
    assert hits["event_id"].to_list() == ["ev-0001", "ev-0002", "ev-0003"]
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"novelty"}
    reason = hits["reason"][0]
    assert PULL in reason and "ref:refs/heads/main" in reason
    assert "1 writes and had 1 calls refused" in reason


def test_a_repo_that_plans_on_pull_requests_or_a_read_only_session_is_not_a_hit(fx: Any) -> None:
    # the repository's pull requests assumed roles before: its routine
    assert _hits(fx, _session(PULL), _base(fx, MAIN, PULL)).is_empty()
    # a plan reads and is answered: a team that starts planning on pull requests
    reads = [_exchange(PULL), _call("DescribeInstances", read=True), _call("GetRole", read=True)]
    assert _hits(fx, reads, _base(fx, MAIN)).is_empty()
    # the main branch's own run is no pull request
    assert _hits(fx, _session(MAIN), _base(fx, MAIN)).is_empty()


def test_an_unseen_repository_a_learning_account_or_no_history_is_not_a_hit(fx: Any) -> None:
    other = _base(fx, "repo:cardinal-web/plugins:ref:refs/heads/main")
    assert _hits(fx, _session(PULL), other).is_empty()
    assert _hits(fx, _session(PULL), _base(fx, MAIN, accounts=())).is_empty()
    assert _hits(fx, _session(PULL), None).is_empty()
