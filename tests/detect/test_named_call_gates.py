"""``sensitive_api``'s marks that add constants instead of their plan when the named rows hold
none of the calls they judge (``_key_rotation.calls_of``; benchmarks/README.md, "CI time",
ci28c): each gated mark gives the frame its full plan gives, column for column, on named rows
without those calls, over a day (``base``) that holds them all: an administrator creating a
user and a key for it, retiring an old key, assigning and provisioning Identity Center
permission sets, a user rotating their own key. And the rule's hits within a scoring equal
those with every gate off."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ueba.detect.rules import SensitiveApi, _sensitive_hits
from ueba.detect.rules._account_vending import mark_vending
from ueba.detect.rules._admin_rotation import mark_admin_rotation
from ueba.detect.rules._base import api_name
from ueba.detect.rules._key_rotation import calls_of, mark_rotation
from ueba.detect.rules._team_onboarding import mark_workload_onboarding
from ueba.detect.scorer import ENGINE

ACCOUNT = "653711331788"
ADMIN = f"arn:aws:iam::{ACCOUNT}:user/sofia"
BOB = f"arn:aws:iam::{ACCOUNT}:user/bob"
IAM = "iam.amazonaws.com"
SSO = "sso.amazonaws.com"
ORGS = "organizations.amazonaws.com"
OFFICE = {"source_ip_address": "23.24.0.17", "source_kind": "public", "network_key": "AS7922"}
CLI = {"user_agent": "aws-cli/2.15.0", "ua_family": "aws-cli"}
# the gated marks' own calls, all in the day
GATED = (
    (
        ORGS,
        "CreateAccount",
        {"accountName": "sandbox"},
        {"createAccountStatus": {"accountId": "111122223333"}},
    ),
    (IAM, "CreateUser", {"userName": "bob"}, None),
    (IAM, "AddUserToGroup", {"userName": "bob", "groupName": "dev"}, None),
    (IAM, "CreateAccessKey", {"userName": "bob"}, {"accessKey": {"accessKeyId": "AKIABOBNEW"}}),
    (
        IAM,
        "UpdateAccessKey",
        {"userName": "bob", "accessKeyId": "AKIABOBOLD", "status": "Inactive"},
        None,
    ),
    (IAM, "CreateAccessKey", {}, {"accessKey": {"accessKeyId": "AKIASOFIANEW"}}),
    (IAM, "DeleteAccessKey", {"accessKeyId": "AKIASOFIAOLD"}, None),
    (SSO, "CreateAccountAssignment", {"targetId": "111122223333", "principalId": "p-1"}, None),
    (SSO, "DeleteAccountAssignment", {"targetId": "111122223333", "principalId": "p-1"}, None),
    (SSO, "ProvisionPermissionSet", {"targetId": "111122223333"}, None),
)
# the named rows: sensitive calls none of the gates judges
NAMED = (
    (IAM, "CreateRole", {"roleName": "app"}, None),
    (
        IAM,
        "AttachRolePolicy",
        {"roleName": "app", "policyArn": "arn:aws:iam::aws:policy/Admin"},
        None,
    ),
    (IAM, "ListUsers", {}, None),
)
HISTORY = [
    ("principal", ADMIN, "api", "iam.amazonaws.com:ListUsers"),
    ("principal", ADMIN, "api", "sso.amazonaws.com:ListAccountAssignments"),
    ("principal", ADMIN, "ua_family", "aws-cli"),
    ("principal", ADMIN, "network_key", "AS7922"),
    ("principal", BOB, "network_key", "AS7922"),
    ("principal", BOB, "ua_family", "aws-cli"),
]


def _rows(fx: Any) -> list[dict[str, Any]]:
    def row(source: str, name: str, request: dict[str, Any], response: Any) -> dict[str, Any]:
        return {
            "identity_arn": ADMIN,
            "principal_arn": ADMIN,
            "identity_type": "IAMUser",
            "principal_type": "iam_user",
            "credential_kind": "long_term_key",
            "access_key_id": "AKIASOFIAOLD",
            "identity_user_name": "sofia",
            **OFFICE,
            **CLI,
            "event_source": source,
            "event_name": name,
            "request_parameters": json.dumps(request),
            "response_elements": None if response is None else json.dumps(response),
        }

    bob = {**row(*GATED[0]), "event_name": "ListBuckets", "event_source": "s3.amazonaws.com"}
    bob.update(identity_arn=BOB, principal_arn=BOB, access_key_id="AKIABOBNEW")
    return [*(row(*g) for g in GATED), *(row(*n) for n in NAMED), bob]


MARKS = {
    "rotation": lambda named, base, view, calls: mark_rotation(named, base, view, calls),
    "admin_rotation": lambda n, b, v, c: mark_admin_rotation(n, b, v, c),
    "vending": lambda n, b, v, c: mark_vending(n, b, v, c),
    "workload_onboarding": lambda n, b, v, c: mark_workload_onboarding(n, b, v, c),
}


FIRES = {"rotation": "_rotation", "admin_rotation": "_admin_rotation", "vending": "_vending"}


@pytest.mark.parametrize("mark", sorted(MARKS))
def test_a_gated_mark_equals_its_full_plan_on_rows_without_its_calls(fx: Any, mark: str) -> None:
    view = fx.view(HISTORY, mature=[ADMIN, BOB])
    base = (
        fx.day(_rows(fx))
        .filter(~pl.col("is_service_call"))
        .with_columns(api_name().alias("api_name"))
    )
    named = view.materialize(base.filter(pl.col("event_name").is_in([n[1] for n in NAMED])))
    calls = calls_of(named, view)
    assert calls == {n[1] for n in NAMED}
    gated = MARKS[mark](named, base, view, calls).collect(engine=ENGINE)
    full = MARKS[mark](named, base, view, None).collect(engine=ENGINE)
    assert gated.height == len(NAMED)
    assert_frame_equal(gated, full)
    # the gates are not idle: on the day's own calls the full plan marks some rows (a
    # workload's onboarding needs a family of mature users: its equality above is the test)
    every = MARKS[mark](base, base, view, None).collect(engine=ENGINE)
    if mark in FIRES:
        assert every[FIRES[mark]].any()


def test_calls_are_unknown_outside_a_scoring(fx: Any) -> None:
    alone = fx.view(HISTORY, mature=[ADMIN], alone=True)
    named = fx.day(_rows(fx)).with_columns(api_name().alias("api_name"))
    assert calls_of(named, alone) is None
    assert calls_of(named, fx.view(HISTORY, mature=[ADMIN])) == {
        *(g[1] for g in GATED),
        *(n[1] for n in NAMED),
        "ListBuckets",
    }


def test_the_rules_hits_within_a_scoring_equal_those_with_every_gate_off(
    fx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the day's own key calls are named rows: the gates are taken on the day of NAMED alone
    rows = [r for r in _rows(fx) if r["event_name"] in {n[1] for n in NAMED}]
    day = fx.day(rows)

    def hits() -> pl.DataFrame:
        out = SensitiveApi().evaluate(day, fx.view(HISTORY, mature=[ADMIN, BOB]))
        return out.collect(engine=ENGINE).sort("event_id", "signal")

    gated = hits()
    monkeypatch.setattr(_sensitive_hits, "calls_of", lambda named, baseline: None)
    full = hits()
    assert gated.height >= 2
    assert_frame_equal(gated, full)
