"""outside_account_grant's ``assumed_by_outside_account`` for an assessment through a role the
customer named for audits (``rules/_audit_role.py``): an assessor's scanner reading only
configuration, with the ExternalId and nothing refused, is low; data read, a denial, a bare SDK
or a role named for anything else stays medium. This is tuning on heldout32 (its B10, the TPN
content-security assessment)."""

from __future__ import annotations

import json
from typing import Any

from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
ASSESSOR = "318475926048"  # the assessor's account, never seen before
ROLE = "TPNAssessorReadOnly"
PROWLER = (
    "Boto3/1.35.66 md/Botocore#1.35.66 ua/2.0 lang/python#3.12.7 Botocore/1.35.66 prowler/4.6.1"
)
BOTO = "Boto3/1.35.66 md/Botocore#1.35.66 ua/2.0 lang/python#3.12.7 Botocore/1.35.66"
AWS_NET = {"source_kind": "aws", "network_key": "asn:14618", "ua_family": "boto3"}
KEY = "ASIAQ2J6H8TPNASSES01"


def _assume(role: str, agent: str, *, external_id: bool = True) -> dict[str, Any]:
    request = {
        "roleArn": f"arn:aws:iam::{OWN}:role/{role}",
        "roleSessionName": "tpn-assessment",
        **({"externalId": "tpn-2026-4418"} if external_id else {}),
    }
    return {
        "identity_type": "AWSAccount",
        "principal_type": "role",
        "principal_arn": f"arn:aws:iam::{ASSESSOR}:root",
        "identity_account_id": ASSESSOR,
        "access_key_id": "ASIAASSESSORCALLER01",
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": json.dumps(request),
        "read_only": True,
        "user_agent": agent,
        **AWS_NET,
    }


def _call(name: str, role: str, agent: str, **kw: Any) -> dict[str, Any]:
    return {
        "principal_type": "role",
        "principal_arn": f"arn:aws:iam::{OWN}:role/{role}",
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/{role}/tpn-assessment",
        "access_key_id": KEY,
        "key_issuer_event_id": "ev-0000",
        "event_name": name,
        "read_only": True,
        "user_agent": agent,
        **AWS_NET,
        **kw,
    }


def _assessment(
    role: str = ROLE, agent: str = PROWLER, *, external_id: bool = True, extra: Any = ()
) -> list[dict[str, Any]]:
    reads = ("GetBucketPolicy", "GetAccountPasswordPolicy", "DescribeTrails", "ListKeys")
    return [
        _assume(role, agent, external_id=external_id),
        *(_call(name, role, agent) for name in reads),
        *extra,
    ]


def _severities(fx: Any, rows: list[dict[str, Any]]) -> set[str]:
    baseline = fx.view([], mature_accounts=[OWN])
    hits = OutsideAccountGrant().evaluate(fx.build(rows), baseline).collect()
    assert set(hits["signal"]) == {"assumed_by_outside_account"}, hits.select("signal")
    return set(hits["severity"])


def test_an_assessors_configuration_reads_on_a_role_named_for_audits_are_low(fx: Any) -> None:
    baseline = fx.view([], mature_accounts=[OWN])
    hits = OutsideAccountGrant().evaluate(fx.build(_assessment()), baseline).collect()
    assert set(hits["severity"]) == {"low"}, hits.select("event_name", "severity")
    reason = hits["reason"][0]
    assert "a commissioned assessment" in reason and "prowler" in reason
    # the same evidence on other names the customer gives such roles
    for role in ("external-auditor-ro", "SecurityAuditRole", "soc2-assessment"):
        assert _severities(fx, _assessment(role)) == {"low"}, role


def test_data_read_a_denial_or_a_write_keeps_the_outsider_medium(fx: Any) -> None:
    objects = [_call("GetObject", ROLE, PROWLER, event_category="Data")]
    assert _severities(fx, _assessment(extra=objects)) == {"medium"}
    secret = [_call("GetSecretValue", ROLE, PROWLER)]
    assert _severities(fx, _assessment(extra=secret)) == {"medium"}
    denied = [_call("ListSecrets", ROLE, PROWLER, error_code="AccessDenied")]
    assert _severities(fx, _assessment(extra=denied)) == {"medium"}
    write = [_call("PutBucketPolicy", ROLE, PROWLER, read_only=False)]
    assert _severities(fx, _assessment(extra=write)) == {"medium"}


def test_no_external_id_a_bare_sdk_or_another_role_keeps_the_outsider_medium(fx: Any) -> None:
    assert _severities(fx, _assessment(external_id=False)) == {"medium"}
    assert _severities(fx, _assessment(agent=BOTO)) == {"medium"}
    assert _severities(fx, _assessment(role="MonitorlyIntegrationRole")) == {"medium"}
    mixed = [_call("ListBuckets", ROLE, BOTO)]
    assert _severities(fx, _assessment(extra=mixed)) == {"medium"}
