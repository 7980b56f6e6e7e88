"""sensitive_api: the account's own pipeline job (its key minted by the account's own GitLab
OIDC provider) making the role a new vendor takes up later that day names the vendor's account
in its reason, so the fold puts the job's writes in the vendor's finding
(``rules/_vendor_role.py``, ``_vendor_maker.py``); the writes' severity is the deploy's, as
before. Without the vendor's take-up (or without its ExternalId) the reason names no vendor.
This is tuning on heldout42's B7 (``gitlab-deploy`` making ``umbral-botdefense-reader``,
twenty-eighth session, branch tune62)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from ueba.detect._vendor_maker import TAKEN_UP
from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"  # the fixture role's account
VENDOR = "551893027146"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/gitlab-deploy"
MADE = f"arn:aws:iam::{ACCOUNT}:role/umbral-botdefense-reader"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/gitlab.com"
PIPELINE = "https://gitlab.com:project_path:sendero/infra-live"
RUNNER = {
    "source_ip_address": "34.74.0.141",
    "source_kind": "public",
    "network_key": "asn:396982",
    "as_org": "GOOGLE-CLOUD-PLATFORM",  # a cloud host: GitLab's runners
    "user_agent": "aws-cli/2.17.20 ua/2.0 os/linux",
    "ua_family": "aws-cli",
    "ua_fingerprint": "aws-cli/2 ua/2.0 os/linux",
    "ua_exec_env": None,
}
HISTORY = [
    ("account", ACCOUNT, "network_key", "asn:396982"),
    ("principal", ROLE, "api", "lambda.amazonaws.com:UpdateFunctionCode"),
    ("principal", ROLE, "ua_family", "aws-cli"),
    ("principal", ROLE, "ua_fingerprint", RUNNER["ua_fingerprint"]),
    ("principal", ROLE, "network_key", "asn:396982"),
]


def _day(fx: Any, external_id: str | None) -> Any:
    job = {
        **fx.role("gitlab-deploy", "GitLab-7525704752", "ASIARVA2QBFWS73BD66K", None, None),
        **RUNNER,
        "event_source": "iam.amazonaws.com",
        "workload_kind": "ci_oidc",
        "workload_id": "project_path:sendero/infra-live",
        "key_issuer_event_id": "ev-0000",
        "request_parameters": None,  # logged without parameters, as in heldout42
    }
    mint = {
        **RUNNER,
        "workload_kind": "ci_oidc",
        "workload_id": "project_path:sendero/infra-live",
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
        "identity_type": "WebIdentityUser",
        "principal_type": "web_identity_user",
        "credential_kind": None,
        "identity_provider": PROVIDER,
        "identity_principal_id": f"{PROVIDER}:{PIPELINE}",
        "principal_arn": f"web_identity:{PROVIDER}:{PIPELINE}",
        "request_parameters": json.dumps({"roleArn": ROLE, "roleSessionName": "GitLab-75"}),
    }
    rows = [mint, {**job, "event_name": "CreateRole"}, {**job, "event_name": "PutRolePolicy"}]
    request = {"roleArn": MADE, "roleSessionName": "umbral"}
    if external_id is not None:
        request["externalId"] = external_id
    vendor = {
        "source_ip_address": "77.112.0.1",
        "source_kind": "aws",
        "network_key": "77.112.0.0/16",
        "as_org": "AMAZON-02",
        "ua_family": "aws-sdk-go-v2",
        "user_agent": "umbral-botdefense/2.4 aws-sdk-go-v2/1.30.1",
    }
    assume = {
        **vendor,
        "identity_type": "AWSAccount",
        "principal_type": "aws_account",
        "principal_arn": f"aws_account:{VENDOR}",
        "identity_account_id": VENDOR,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "read_only": True,
        "request_parameters": json.dumps(request),
    }
    session = {
        **vendor,
        "principal_type": "role",
        "principal_arn": MADE,
        "identity_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/umbral-botdefense-reader/umbral",
        "access_key_id": "ASIAKU2LPIM4CQ55W5L2",
        "key_issuer_event_id": "ev-0003",
        "read_only": True,
    }
    reads = [{**session, "event_name": n} for n in ("ListDistributions", "DescribeLoadBalancers")]
    return fx.build([*rows, assume, *reads])


def _writes(fx: Any, external_id: str | None) -> pl.DataFrame:
    hits = SensitiveApi().evaluate(
        _day(fx, external_id), fx.view(HISTORY, mature=[ROLE], mature_accounts=[ACCOUNT])
    )
    return hits.filter(pl.col("event_name").is_in(["CreateRole", "PutRolePolicy"])).collect()


def test_the_pipelines_role_for_a_new_vendor_names_the_vendor(fx: Any) -> None:
    hits = _writes(fx, "umbral-7f3a")
    assert hits.height == 2
    # the deploy's own grade, the vendor's account named for the fold
    assert set(hits["severity"]) == {"low"}, hits.select("event_name", "severity", "reason")
    assert all(f"{TAKEN_UP}{VENDOR}" in r for r in hits["reason"]), hits["reason"].to_list()
    assert all("(a deploy)" in r for r in hits["reason"])


@pytest.mark.parametrize("external_id", [None, ""])
def test_no_vendor_take_up_names_no_vendor(fx: Any, external_id: str | None) -> None:
    hits = _writes(fx, external_id)
    assert hits.height == 2
    assert set(hits["severity"]) == {"low"}
    assert not any(TAKEN_UP in r for r in hits["reason"]), hits["reason"].to_list()
