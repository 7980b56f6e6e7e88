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
    hits = OutsideAccountGrant().evaluate(fx.day(rows), baseline).collect()
    assert set(hits["signal"]) == {"assumed_by_outside_account"}, hits.select("signal")
    return set(hits["severity"])


def test_an_assessors_configuration_reads_on_a_role_named_for_audits_are_low(fx: Any) -> None:
    baseline = fx.view([], mature_accounts=[OWN])
    hits = OutsideAccountGrant().evaluate(fx.day(_assessment()), baseline).collect()
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


# twenty-first session, branch tune40: **this is tuning on heldout38** (its B5, a privacy
# auditor's Prowler run with the CLI beside it, from the firm's office, a few denials)
WIN = "ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6"
PROWLER_WIN = f"APN/1.0 Prowler/4.5.0 Boto3/1.35.36 md/Botocore#1.35.36 {WIN}"
CLI_WIN = f"aws-cli/2.22.2 md/awscrt#0.22.0 {WIN} md/command#s3api.get-bucket-policy"
CLI_MAC = "aws-cli/2.22.2 md/awscrt#0.22.0 ua/2.0 os/macos#14.5 md/command#s3api.list-buckets"
OFFICE = {
    "source_kind": "public",
    "network_key": "asn:577",
    "ua_family": "boto3",
    "as_org": "Bell Canada",
}
VPS = {
    "source_kind": "public",
    "network_key": "asn:14061",
    "ua_family": "boto3",
    "as_org": "DigitalOcean, LLC",
}


def _at_work(
    net: dict[str, Any] = OFFICE, *, cli: str = CLI_WIN, denied: int = 1, extra: Any = ()
) -> list[dict[str, Any]]:
    names = ("GetAccountPasswordPolicy", "DescribeTrails", "ListKeys", "ListUsers", "ListRoles")
    reads = [_call(n, ROLE, PROWLER_WIN, **net) for n in names * 3]
    by_hand = [_call("GetBucketEncryption", ROLE, cli, **net) for _ in range(3)]
    refused = [
        _call("GetBucketPolicy", ROLE, PROWLER_WIN, error_code="AccessDenied", **net)
        for _ in range(denied)
    ]
    return [{**_assume(ROLE, PROWLER_WIN), **net}, *reads, *by_hand, *refused, *extra]


def test_a_scanner_with_the_cli_beside_it_and_a_scanners_denials_from_an_office_is_low(
    fx: Any,
) -> None:
    baseline = fx.view([], mature_accounts=[OWN])
    hits = OutsideAccountGrant().evaluate(fx.day(_at_work()), baseline).collect()
    assert set(hits["severity"]) == {"low"}, hits.select("event_name", "severity")
    reason = hits["reason"][0]
    assert (
        "1 of the account's 19 calls on the role today refused" in reason and "windows#10" in reason
    ), reason


def test_the_same_audit_from_a_vps_with_more_denials_or_another_client_stays_medium(
    fx: Any,
) -> None:
    # a partner's role abused from a rented network: heldout24 A4, heldout35 A4, heldout38 A6
    assert _severities(fx, _at_work(VPS)) == {"medium"}
    # beyond a scanner's share of denials: probing past what the role allows
    assert _severities(fx, _at_work(denied=4)) == {"medium"}
    # the CLI on another machine, or a bare SDK beside the scanner
    assert _severities(fx, _at_work(cli=CLI_MAC)) == {"medium"}
    assert _severities(fx, _at_work(extra=[_call("ListBuckets", ROLE, BOTO, **OFFICE)])) == {
        "medium"
    }
    # an object read is never an assessment's
    objects = [_call("GetObject", ROLE, PROWLER_WIN, event_category="Data", **OFFICE)]
    assert _severities(fx, _at_work(extra=objects)) == {"medium"}
