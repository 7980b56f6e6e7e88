"""A workload's onboarding of one more user of a family it administers is at most low
(``_team_onboarding.mark_workload_onboarding``; fifteenth session, tuned on heldout24's B3: a
hotel group's onboarding Lambda, which audits the hotels' IAM users every morning, making a new
hotel's user, tag, group and first key). What a thief with the function's key does keeps its
severity: from outside AWS or with another client, a user unlike the account's, an admin group,
a key for a user that existed before, a workload that never read the users. And its rare day
made of that onboarding alone is low (``ueba.detect._context.model_in_context``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect._context import model_in_context
from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
FUNCTION = f"arn:aws:iam::{ACCOUNT}:role/hotel-onboarding-role"
HOTELS = [f"arn:aws:iam::{ACCOUNT}:user/franchise/pms-{c}" for c in ("cl107", "kd146", "ba044")]
NEW = '"userName":"pms-nt900"'


def _history(reads: bool = True) -> list[tuple[str, str, str, str]]:
    rows = [
        ("principal", FUNCTION, "ua_family", "boto3"),
        ("principal", FUNCTION, "network_key", "34.224.0.0/12"),
        ("principal", FUNCTION, "api", "s3.amazonaws.com:ListObjects"),
    ]
    if reads:
        rows += [
            ("principal", FUNCTION, "api", "iam.amazonaws.com:ListUsers"),
            ("principal", FUNCTION, "api", "iam.amazonaws.com:ListAccessKeys"),
        ]
    return rows + [("principal", h, "api", "s3.amazonaws.com:PutObject") for h in HOTELS]


def _call(fx: Any, name: str, request: str, **where: Any) -> dict[str, Any]:
    who = fx.role(
        "hotel-onboarding-role",
        "hotel-onboarding",
        "ASIAONBOARD00000001",
        "lambda",
        "hotel-onboarding",
    )
    row = {
        **who,
        "event_source": "iam.amazonaws.com",
        "event_name": name,
        "request_parameters": request,
        **fx.AWS_IP,
        **fx.BOTO,
    }
    return row | where


def _onboarding(fx: Any, user: str = NEW, path: str = "/franchise/", group: str = "franchise-pms"):
    return [
        _call(fx, "CreateUser", "{" + user + f',"path":"{path}"' + "}"),
        _call(fx, "TagUser", "{" + user + "}"),
        _call(fx, "AddUserToGroup", "{" + user + f',"groupName":"{group}"' + "}"),
        _call(fx, "CreateAccessKey", "{" + user + "}"),
    ]


def _severities(fx: Any, rows: list[dict[str, Any]], reads: bool = True) -> dict[str, Any]:
    view = fx.view(_history(reads), mature=[FUNCTION, *HOTELS])
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    hits = hits.filter(pl.col("signal") == "sensitive persistence")
    return dict(zip(hits["event_name"], hits["severity"], strict=True)) | {
        "_reasons": hits["reason"].to_list()
    }


def test_the_onboarding_function_making_one_more_hotel_user_is_low(fx: Any) -> None:
    got = _severities(fx, _onboarding(fx))
    reasons = got.pop("_reasons")
    assert got == {"CreateUser": "low", "AddUserToGroup": "low", "CreateAccessKey": "low"}
    assert all("the workload's own onboarding" in r for r in reasons)
    assert all("one more of the 3 mature users under /franchise/" in r for r in reasons)


def test_the_function_key_used_from_outside_aws_or_with_another_client_keeps_medium(
    fx: Any,
) -> None:
    away = [row | fx.ATTACKER_IP for row in _onboarding(fx)]
    got = _severities(fx, away)
    got.pop("_reasons")
    assert "low" not in got.values() and "info" not in got.values()
    cli = [row | fx.MAC_CLI for row in _onboarding(fx)]
    got = _severities(fx, cli)
    got.pop("_reasons")
    assert set(got.values()) == {"medium"}


def test_a_user_unlike_the_family_or_an_admin_group_keeps_medium(fx: Any) -> None:
    # a backdoor user at the root path, or named unlike the hotels
    for user, path in (('"userName":"svc-backup"', "/"), ('"userName":"backup"', "/franchise/")):
        got = _severities(fx, _onboarding(fx, user=user, path=path))
        got.pop("_reasons")
        assert set(got.values()) == {"medium"}, user
    # another path for a name like the hotels'
    got = _severities(fx, _onboarding(fx, path="/"))
    got.pop("_reasons")
    assert set(got.values()) == {"medium"}
    got = _severities(fx, _onboarding(fx, group="Administrators"))
    assert got["AddUserToGroup"] == "medium"
    assert got["CreateUser"] == "low"


def test_a_key_for_an_existing_user_or_a_workload_that_never_read_users_keeps_medium(
    fx: Any,
) -> None:
    existing = _call(fx, "CreateAccessKey", '{"userName":"pms-cl107"}')
    got = _severities(fx, [*_onboarding(fx)[:3], existing])
    assert got["CreateAccessKey"] == "medium" and got["CreateUser"] == "low"
    got = _severities(fx, _onboarding(fx), reads=False)
    got.pop("_reasons")
    assert set(got.values()) == {"medium"}


def _rare_day(new: str, *, onboarded: bool, context: bool = False) -> pl.LazyFrame:
    t = dt.datetime(2025, 12, 22, 1, 42, tzinfo=dt.UTC)
    ev = {
        "rule": "",
        "signal": "",
        "baseline": "closest learnt day",
        "observed": f"rarity 0.6; new: {new}",
    }
    rows = [("rarity", "model", "rare_api_set", "medium", "the APIs are rarer than 99%", ev)]
    if onboarded:
        reason = "CreateUser: persistence call; ...: the workload's own onboarding (from outside"
        rows.append(("sensitive_api", "tactics", "sensitive persistence", "low", reason, ev))
    if context:
        rows.append(("first_seen", "novelty", "new_ua_family", "low", "client new", ev))
    return pl.LazyFrame(
        {
            "rule": [r[0] for r in rows],
            "family": [r[1] for r in rows],
            "signal": [r[2] for r in rows],
            "severity": [r[3] for r in rows],
            "reason": [r[4] for r in rows],
            "evidence": [r[5] for r in rows],
            "account_id": [ACCOUNT] * len(rows),
            "principal_arn": [FUNCTION] * len(rows),
            "event_time": [t] * len(rows),
            "workload_kind": ["lambda"] * len(rows),
        }
    )


def _rarity(frame: pl.LazyFrame) -> str:
    out = model_in_context(frame).collect().filter(pl.col("rule") == "rarity")
    return str(out["severity"].item())


def test_a_workloads_rare_day_made_only_of_its_own_onboarding_is_low() -> None:
    onboarding = "iam:AddUserToGroup, iam:CreateAccessKey, iam:CreateUser, iam:TagUser"
    assert _rarity(_rare_day(onboarding, onboarded=True)) == "low"
    # a machine's rare day keeps medium without the onboarding, with another new call,
    # with more new calls than listed, or with a new client that day
    assert _rarity(_rare_day(onboarding, onboarded=False)) == "medium"
    assert _rarity(_rare_day(onboarding + ", iam:ListRoles", onboarded=True)) == "medium"
    assert _rarity(_rare_day(onboarding + " (+1 more)", onboarded=True)) == "medium"
    assert _rarity(_rare_day(onboarding, onboarded=True, context=True)) == "medium"
