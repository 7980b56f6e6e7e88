"""Identity Center onboarding by the person who administers the identity store, from its usual
network and client, is at most low (``_team_onboarding``'s Identity Center follow-ups; this is
tuning on heldout32, its B3: an IT admin's ``CreateUser``, ``CreateGroupMembership`` and
``CreateAccountAssignment`` for a new show's freelancers, requests logged without their
parameters). A membership or an assignment with no user made today, for another user, for a
group, beside an edited permission set or from a new place keeps its severity (heldout3's A2,
heldout11's and heldout21's assignments after AdministratorAccess was attached)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
ADMIN = f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_b05e/it-admin"
STORE = "identitystore.amazonaws.com"
SSO = "sso.amazonaws.com"
OFFICE = {
    "source_ip_address": "23.24.0.17",
    "source_kind": "public",
    "network_key": "AS7922",
    "asn": 7922,
    "as_org": "Comcast",
    "country": "CA",
}
BROWSER = {
    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Chrome/131.0.0.0",
    "ua_family": "browser",
    "ua_os_family": "macos",
}


def _history(service: str = STORE) -> list[tuple[str, str, str, str]]:
    return [
        ("principal", ADMIN, "api", f"{service}:ListUsers"),
        ("principal", ADMIN, "ua_family", "browser"),
        ("principal", ADMIN, "network_key", "AS7922"),
    ]


def _call(name: str, source: str, request: Any = None, **where: Any) -> dict[str, Any]:
    row = {
        "identity_type": "AssumedRole",
        "principal_type": "role",
        "identity_arn": ADMIN,
        "principal_arn": ADMIN,
        "access_key_id": "ASIAITADMINCONSOLE01",
        "event_source": source,
        "event_name": name,
        "request_parameters": None if request is None else json.dumps(request),
        **OFFICE,
        **BROWSER,
    }
    return row | where


def _severities(fx: Any, rows: list[dict[str, Any]], service: str = STORE) -> dict[str, Any]:
    view = fx.view(_history(service), mature=[ADMIN])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    hits = hits.filter(pl.col("signal") == "sensitive persistence")
    return dict(zip(hits["event_name"], hits["severity"], strict=True)) | {
        "_reasons": hits["reason"].to_list()
    }


ONBOARDING = [
    _call("CreateUser", STORE),
    _call("CreateGroupMembership", STORE),
    _call("CreateAccountAssignment", SSO),
]


def test_identity_center_onboarding_unlogged_from_the_usual_desk_is_low(fx: Any) -> None:
    got = _severities(fx, ONBOARDING)
    reasons = got.pop("_reasons")
    assert got == {
        "CreateUser": "low",
        "CreateGroupMembership": "low",
        "CreateAccountAssignment": "low",
    }
    assert sum("Identity Center onboarding" in r for r in reasons) == 2


def test_the_assignment_of_the_user_made_today_by_its_id_is_low_and_another_users_is_not(
    fx: Any,
) -> None:
    made = _call("CreateUser", STORE, {"userName": "jd"}, response_elements='{"userId": "u-1"}')
    mine = _call("CreateAccountAssignment", SSO, {"principalType": "USER", "principalId": "u-1"})
    got = _severities(fx, [made, mine])
    assert got["CreateAccountAssignment"] == "low"
    other = _call("CreateAccountAssignment", SSO, {"principalType": "USER", "principalId": "u-9"})
    assert _severities(fx, [made, other])["CreateAccountAssignment"] == "medium"
    group = _call("CreateAccountAssignment", SSO, {"principalType": "GROUP", "principalId": "g"})
    assert _severities(fx, [made, group])["CreateAccountAssignment"] == "medium"


def test_no_user_made_today_or_an_edited_permission_set_keeps_medium(fx: Any) -> None:
    alone = _severities(fx, ONBOARDING[1:])
    alone.pop("_reasons")
    assert set(alone.values()) == {"medium"}
    escalation = [*ONBOARDING, _call("AttachManagedPolicyToPermissionSet", SSO)]
    got = _severities(fx, escalation)
    assert got["CreateAccountAssignment"] != "low" and got["CreateGroupMembership"] != "low"


def test_from_a_new_network_or_by_a_stranger_to_the_store_keeps_medium(fx: Any) -> None:
    away = _severities(fx, [row | fx.ATTACKER_IP for row in ONBOARDING])
    away.pop("_reasons")
    assert "low" not in away.values() and "info" not in away.values()
    stranger = _severities(fx, ONBOARDING, service="s3.amazonaws.com")
    stranger.pop("_reasons")
    assert set(stranger.values()) == {"medium"}
