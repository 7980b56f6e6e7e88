"""sensitive_api: an access grant (IAM, Identity Center, a public function) new for the principal
from a network nobody in the mature account used is high, whatever the principal's maturity."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi
from ueba.detect.rules._access_grants import is_access_grant

OWN = "653711331788"
OFFICE = {
    "source_ip_address": "62.157.140.10",
    "source_kind": "public",
    "network_key": "asn:3320",
    "country": "DE",
}
HOSTING = {
    "source_ip_address": "89.187.187.145",
    "source_kind": "public",
    "network_key": "asn:60068",
    "country": "GB",
}
ADMIN = f"arn:aws:sts::{OWN}:assumed-role/AWSReservedSSO_OrgAdmin_0123456789abcdef/a.admin"
CLI = {"user_agent": "aws-cli/2.18.1", "ua_family": "aws-cli", "ua_os_family": "linux"}


def _call(source: str, name: str, where: dict[str, Any], request: Any = None) -> dict[str, Any]:
    return {
        "identity_arn": ADMIN,
        "principal_arn": ADMIN,
        "access_key_id": "ASIAQ3EXAMPLEADMIN01",
        "workload_kind": "sso_user",
        "event_source": f"{source}.amazonaws.com",
        "event_name": name,
        "request_parameters": None if request is None else json.dumps(request),
        **where,
        **CLI,
    }


def _identity_center(where: dict[str, Any]) -> list[dict[str, Any]]:
    admin = {"managedPolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
    return [
        _call("sso", "CreatePermissionSet", where, {"name": "Support"}),
        _call("sso", "AttachManagedPolicyToPermissionSet", where, admin),
        _call("sso", "CreateAccountAssignment", where, {"targetId": OWN}),
        _call("identitystore", "CreateUser", where, {"userName": "helpdesk"}),
    ]


def _baseline(fx: Any, *, account_mature: bool = True) -> Any:
    # the account's people work from the office; the admin's session itself is still learning
    rows = [("account", OWN, "network_key", "asn:3320"), ("account", OWN, "ua_family", "aws-cli")]
    return fx.view(rows, mature_accounts=[OWN] if account_mature else [])


def _hits(fx: Any, rows: list[dict[str, Any]], baseline: Any) -> pl.DataFrame:
    return SensitiveApi().evaluate(fx.day(rows), baseline).collect()


def test_identity_center_grants_from_a_place_the_account_never_used_are_high(fx: Any) -> None:
    hits = _hits(fx, _identity_center(HOSTING), _baseline(fx))
    assert set(hits["event_name"]) == {
        "CreatePermissionSet",
        "AttachManagedPolicyToPermissionSet",
        "CreateAccountAssignment",
        "CreateUser",
    }
    assert set(hits["severity"]) == {"high"}
    # judged against the account and the request: it counts while the session is learning
    assert set(hits["basis"]) == {"self"}
    assert all("network nobody in the account used" in r for r in hits["reason"])


def test_the_same_grants_from_the_accounts_office_keep_their_novelty_severity(fx: Any) -> None:
    hits = _hits(fx, _identity_center(OFFICE), _baseline(fx))
    assert not hits.is_empty()
    assert "high" not in set(hits["severity"]) and set(hits["basis"]) == {"novelty"}


def test_a_learning_account_has_no_places_to_compare_with(fx: Any) -> None:
    hits = _hits(fx, _identity_center(HOSTING), _baseline(fx, account_mature=False))
    assert "high" not in set(hits["severity"])


def test_a_function_made_public_from_a_new_place_is_high(fx: Any) -> None:
    rows = [
        _call("lambda", "UpdateFunctionCode20150331v2", HOSTING, {"functionName": "eta"}),
        _call(
            "lambda",
            "AddPermission20150331v2",
            HOSTING,
            {"functionName": "eta", "principal": "*", "action": "lambda:InvokeFunctionUrl"},
        ),
        _call("lambda", "CreateFunctionUrlConfig", HOSTING, {"authType": "NONE"}),
    ]
    hits = _hits(fx, rows, _baseline(fx))
    severity = dict(zip(hits["event_name"], hits["severity"], strict=True))
    assert severity["AddPermission20150331v2"] == "high"
    assert severity["CreateFunctionUrlConfig"] == "high"
    # new code is persistence, but no grant: its novelty severity
    assert severity["UpdateFunctionCode20150331v2"] == "medium"


def test_a_function_url_behind_iam_or_a_permission_for_an_account_is_no_public_grant(
    fx: Any,
) -> None:
    rows = [
        _call("lambda", "CreateFunctionUrlConfig", HOSTING, {"authType": "AWS_IAM"}),
        _call("lambda", "AddPermission20150331v2", HOSTING, {"principal": "s3.amazonaws.com"}),
    ]
    hits = _hits(fx, rows, _baseline(fx))
    assert "CreateFunctionUrlConfig" not in set(hits["event_name"])
    assert "high" not in set(hits["severity"])


def test_credentials_for_oneself_are_not_a_grant_for_another_user_are() -> None:
    frame = pl.DataFrame(
        {
            "api_name": ["CreateAccessKey", "CreateAccessKey", "CreateAccessKey", "CreateUser"],
            "request_parameters": [None, '{"userName":"bob"}', '{"userName":"alice"}', None],
            "principal": [f"arn:aws:iam::{OWN}:user/alice"] * 4,
            "error_code": [None] * 4,
        }
    )
    assert frame.select(is_access_grant()).to_series().to_list() == [False, True, False, True]


def _eks_grant(where: dict[str, Any]) -> list[dict[str, Any]]:
    outsider = "arn:aws:iam::999988887777:role/ops"
    return [
        _call("eks", "CreateAccessEntry", where, {"name": "prod", "principalArn": outsider}),
        _call(
            "eks",
            "AssociateAccessPolicy",
            where,
            {
                "principalArn": outsider,
                "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            },
        ),
    ]


def test_an_eks_access_entry_from_a_place_the_account_never_used_is_high(fx: Any) -> None:
    hits = _hits(fx, _eks_grant(HOSTING), _baseline(fx))
    assert set(hits["event_name"]) == {"CreateAccessEntry", "AssociateAccessPolicy"}
    assert set(hits["severity"]) == {"high"} and set(hits["basis"]) == {"self"}


def test_an_eks_access_entry_from_the_office_is_the_platform_teams_routine(fx: Any) -> None:
    assert _hits(fx, _eks_grant(OFFICE), _baseline(fx)).is_empty()


def _bucket_made_public(where: dict[str, Any]) -> list[dict[str, Any]]:
    bucket = {"bucketName": "review-proxies"}
    return [
        _call("s3", "DeleteBucketPublicAccessBlock", where, bucket),
        _call("s3", "PutBucketPolicy", where, bucket),
    ]


def test_a_buckets_public_access_block_taken_away_from_a_new_place_is_high(fx: Any) -> None:
    # nineteenth session, branch tune30, tuning on heldout32's A3: a TD's stolen token cache
    # deletes the review bucket's public access block, then writes its policy and ACL
    hits = _hits(fx, _bucket_made_public(HOSTING), _baseline(fx))
    severity = dict(zip(hits["event_name"], hits["severity"], strict=True))
    assert severity["DeleteBucketPublicAccessBlock"] == "high"
    # the policy call logged without its document shows no public grant: its own severity
    assert severity["PutBucketPolicy"] == "medium"
    reason = hits.filter(pl.col("event_name") == "DeleteBucketPublicAccessBlock")["reason"][0]
    assert "network nobody in the account used" in reason


def test_a_public_access_block_taken_away_from_the_office_is_no_grant_from_a_new_place(
    fx: Any,
) -> None:
    hits = _hits(fx, _bucket_made_public(OFFICE), _baseline(fx))
    assert "high" not in set(hits["severity"])
    assert "DeleteBucketPublicAccessBlock" in set(hits["event_name"])
