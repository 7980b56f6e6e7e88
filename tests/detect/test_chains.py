"""Role chains fold into the actor holding the chain's first key (one incident per actor)."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.scorer import Scorer

DEV, PROD = "742019385560", "318664012957"


def _call(key: str, parent: str | None, arn: str, kind: str, recipient: str) -> dict[str, Any]:
    return {
        "access_key_id": key,
        "parent_access_key_id": parent,
        "principal_arn": arn,
        "principal_type": kind,
        "identity_type": "IAMUser" if kind == "iam_user" else "AssumedRole",
        "identity_account_id": arn.split(":")[4],
        "recipient_account_id": recipient,
        "event_source": "cloudtrail.amazonaws.com",
        "event_name": "StopLogging",  # a self-basis hit on every key, with no history
        "source_ip_address": "104.102.221.250",
        "source_kind": "public",
    }


def _chain(user: str, suffix: str) -> list[dict[str, Any]]:
    user_arn = f"arn:aws:iam::{DEV}:user/{user}"
    dev_role = f"arn:aws:iam::{DEV}:role/integration-test"
    prod_role = f"arn:aws:iam::{PROD}:role/prod-readonly-support"
    return [
        _call(f"AKIA{suffix}", None, user_arn, "iam_user", DEV),
        _call(f"ASIADEV{suffix}", f"AKIA{suffix}", dev_role, "role", DEV),
        # the dev session's cross-account call, logged in the prod account's trail too
        _call(f"ASIADEV{suffix}", f"AKIA{suffix}", dev_role, "role", PROD),
        _call(f"ASIAPROD{suffix}", f"ASIADEV{suffix}", prod_role, "role", PROD),
    ]


def test_a_dev_to_prod_role_chain_is_one_incident_of_the_person(fx: Any) -> None:
    findings = Scorer(None).score(fx.build(_chain("qa-automation", "QA"))).collect()
    assert findings.height == 1
    row = findings.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"]) == (
        "iam_user",
        f"arn:aws:iam::{DEV}:user/qa-automation",
    )
    assert row["account_id"] == DEV  # the person's account, wherever each call was logged
    assert sorted(row["access_key_ids"]) == ["AKIAQA", "ASIADEVQA", "ASIAPRODQA"]


def test_two_people_through_the_same_roles_stay_two_incidents(fx: Any) -> None:
    rows = _chain("qa-automation", "QA") + _chain("release-bot", "RB")
    findings = Scorer(None).score(fx.build(rows)).collect()
    assert sorted(findings["actor_id"].to_list()) == [
        f"arn:aws:iam::{DEV}:user/qa-automation",
        f"arn:aws:iam::{DEV}:user/release-bot",
    ]
    assert findings.filter(pl.col("access_key_ids").list.len() != 3).is_empty()


def test_a_chain_from_a_fleet_workload_stays_with_its_roles(fx: Any) -> None:
    instance = fx.role("web", "i-0123456789abcdef0", "ASIAWEB", "ec2", "i-0123456789abcdef0")
    rows = [
        {**_call("ASIAWEB", None, instance["principal_arn"], "role", DEV), **instance},
        _call("ASIAHOP", "ASIAWEB", f"arn:aws:iam::{PROD}:role/reader", "role", PROD),
    ]
    findings = Scorer(None).score(fx.build(rows)).collect()
    assert findings.height == 2
