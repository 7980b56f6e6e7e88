"""outside_account_grant's ``pipeline_grant_new_client`` and Signer's ``AddProfilePermission``
as a grant (issue 8; eighteenth session, tuning on heldout29's A5): a CI/CD pipeline's session
(a key minted by the account's GitHub OIDC provider) calling a grant with a client family the
role never used, when the trail does not record whom the grant names, is medium on that call.
The pipeline's own tool, a grant naming the account's own principals, a person's session, a
role with no client history or a learning account is no hit; a profile permission naming an
outside account is the rule's share signal (high)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
ROLE = f"arn:aws:iam::{OWN}:role/github-terraform"
PROVIDER_ARN = f"arn:aws:iam::{OWN}:oidc-provider/token.actions.githubusercontent.com"
SUBJECT = "repo:acme/platform-infra:ref:refs/heads/main"
RUNNER = {"source_kind": "public", "network_key": "asn:8075", "as_org": "Microsoft Corporation"}
TERRAFORM = {
    "user_agent": "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 terraform-provider-aws/5.70.0",
    "ua_family": "terraform",
    "ua_os_family": "linux",
    "ua_fingerprint": "Terraform terraform-provider-aws",
}
BOTO = {
    "user_agent": "Boto3/1.35.36 md/Botocore#1.35.36 os/linux lang/python#3.12.7",
    "ua_family": "boto3",
    "ua_os_family": "linux",
    "ua_fingerprint": "Boto3 Botocore linux python",
}
OUTSIDER = "987654321098"


def _exchange() -> dict[str, Any]:
    return {
        "identity_type": "WebIdentityUser",
        "principal_type": "web_identity_user",
        "principal_arn": f"web_identity:token.actions.githubusercontent.com:{SUBJECT}",
        "identity_principal_id": f"{PROVIDER_ARN}:sts.amazonaws.com:{SUBJECT}",
        "identity_provider": PROVIDER_ARN,
        "identity_user_name": SUBJECT,
        "identity_account_id": None,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
        "request_parameters": json.dumps({"roleArn": ROLE, "roleSessionName": "GitHubActions"}),
        **RUNNER,
        **BOTO,
    }


def _call(
    api: str, client: dict[str, Any], request: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {
        "principal_arn": ROLE,
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/github-terraform/GitHubActions",
        "access_key_id": "ASIA5VF7IA37Z2NSPR01",
        "key_issuer_event_id": "ev-0000",
        # enrichment's binding of the GitHub job's key (ueba.enrichment._pipelines)
        "workload_kind": "github_oidc",
        "workload_id": SUBJECT,
        "event_source": "signer.amazonaws.com",
        "event_name": api,
        "read_only": api.startswith(("Get", "List")),
        "request_parameters": None if request is None else json.dumps(request),
        **RUNNER,
        **client,
    }


def _base(fx: Any, clients: tuple[str, ...] = ("terraform",), mature: bool = True) -> Any:
    rows = [("principal", ROLE, "ua_family", c) for c in clients]
    return fx.view(rows, mature=[ROLE], mature_accounts=[OWN] if mature else [])


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any, signal: str) -> pl.DataFrame:
    hits = OutsideAccountGrant().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == signal).sort("event_id")


def _session(client: dict[str, Any], request: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [
        _exchange(),
        _call("GetSigningProfile", client),
        _call("AddProfilePermission", client, request),
    ]


def test_a_pipelines_unrecorded_grant_with_a_client_it_never_used_is_medium(fx: Any) -> None:
    hits = _hits(fx, _session(BOTO), _base(fx), "pipeline_grant_new_client")
    assert hits["event_id"].to_list() == ["ev-0002"]
    assert hits["severity"].to_list() == ["medium"] and hits["basis"].to_list() == ["novelty"]
    reason = hits["reason"][0]
    assert "AddProfilePermission with boto3" in reason and "terraform" in reason


def test_the_pipelines_own_tool_or_a_grant_naming_its_own_account_is_not_a_hit(fx: Any) -> None:
    signal = "pipeline_grant_new_client"
    assert _hits(fx, _session(TERRAFORM), _base(fx), signal).is_empty()
    assert _hits(fx, _session(BOTO), _base(fx, ("terraform", "boto3")), signal).is_empty()
    own = {"profileName": "fw", "action": "signer:StartSigningJob", "principal": OWN}
    assert _hits(fx, _session(BOTO, own), _base(fx), signal).is_empty()


def test_no_pipeline_no_client_history_or_a_learning_account_is_not_a_hit(fx: Any) -> None:
    signal = "pipeline_grant_new_client"
    # the same key with no CI exchange behind it (a person's or a host's session)
    no_ci = [{**r, "key_issuer_event_id": None} for r in _session(BOTO)[1:]]
    assert _hits(fx, no_ci, _base(fx), signal).is_empty()
    assert _hits(fx, _session(BOTO), _base(fx, ()), signal).is_empty()
    assert _hits(fx, _session(BOTO), _base(fx, mature=False), signal).is_empty()
    assert _hits(fx, _session(BOTO), None, signal).is_empty()


def test_a_signing_profile_permission_for_an_outside_account_is_a_grant(fx: Any) -> None:
    request = {"profileName": "fw", "action": "signer:StartSigningJob", "principal": OUTSIDER}
    hits = _hits(fx, _session(TERRAFORM, request), _base(fx), "share_with_outside_account")
    assert hits["event_id"].to_list() == ["ev-0002"]
    assert hits["severity"].to_list() == ["high"]
    assert f"opened fw to account {OUTSIDER} (AddProfilePermission)" in hits["reason"][0]
