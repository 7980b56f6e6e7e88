"""One outside engineer's sitting in the role of the same name in two accounts: one incident
(heldout16's B3, the MSP's engineer rotating the vendor users' keys in the fare and the vendor
account minutes apart, from the MSP's office). This is tuning on heldout16."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect._outside_sitting import OUTSIDE_SESSION, outside_sittings
from ueba.detect.rules import HITS
from ueba.schema import conform

MSP = "902113874455"
FARE, VENDOR = "536480917253", "754663120439"
OFFICE, VPS = "64.62.130.7", "185.220.101.4"
CLI = "aws-cli/2.17.0 Python/3.11.9 Darwin/23.5.0 exe/x86_64 command/iam.create-access-key"
T0 = dt.datetime(2026, 12, 1, 23, 24, tzinfo=dt.UTC)
SITTING_ID = f"aws_account:{MSP}/AROAMSPENGINEERS:jlee as role/SMT-MSP-Operations"


def _role(account: str) -> str:
    return f"arn:aws:iam::{account}:role/SMT-MSP-Operations"


def _mint(key: str, account: str, minute: int, *, ip: str = OFFICE, who: str = "jlee") -> list:
    """The AssumeRole by the MSP's account (no key in the trail) and one call of the session."""
    base = {
        "error_code": None,
        "identity_arn": None,
        "identity_account_id": MSP,
        "identity_principal_id": f"AROAMSPENGINEERS:{who}",
        "source_ip_address": ip,
        "user_agent": CLI,
        "parent_access_key_id": None,
    }
    at = T0 + dt.timedelta(minutes=minute)
    return [
        {
            **base,
            "event_id": f"mint-{key}",
            "event_name": "AssumeRole",
            "event_time": at,
            "principal_type": "aws_account",
            "principal_arn": f"aws_account:{MSP}",
            "access_key_id": None,
            "key_issuer_event_id": None,
        },
        {
            **base,
            "event_id": f"use-{key}",
            "event_name": "CreateAccessKey",
            "event_time": at + dt.timedelta(seconds=30),
            "principal_type": "role",
            "principal_arn": _role(account),
            "identity_principal_id": f"AROASMT{account}:{who}",
            "access_key_id": key,
            "key_issuer_event_id": f"mint-{key}",
        },
    ]


def _hit(key: str, account: str, minute: int, severity: str = "low") -> dict[str, Any]:
    """sensitive_api's persistence call on the session (each account's role: its own actor)."""
    return {
        "rule": "sensitive_api",
        "family": "tactics",
        "severity": severity,
        "weight": 0.4,
        "signal": "persistence",
        "event_id": f"use-{key}",
        "event_time": T0 + dt.timedelta(minutes=minute, seconds=30),
        "event_name": "CreateAccessKey",
        "account_id": account,
        "principal_arn": _role(account),
        "principal_type": "role",
        "access_key_id": key,
        "workload_kind": None,
        "workload_id": None,
        "source_ip": OFFICE,
        "user_agent": CLI,
        "reason": f"CreateAccessKey: persistence call in {account}",
        "evidence": {
            "rule": "sensitive_api",
            "signal": "persistence",
            "baseline": None,
            "observed": "CreateAccessKey",
        },
        "basis": "novelty",
        "maturity": "mature",
    }


def _fold(hits: list[dict[str, Any]], events: list[dict[str, Any]] | None) -> pl.DataFrame:
    schema = {**HITS, "maturity": pl.String()}
    frame = conform(pl.DataFrame(hits, schema=schema, orient="row").lazy(), schema)
    sittings = None if events is None else outside_sittings(pl.LazyFrame(events))
    # the Scorer's path: its engine collects the hits between the folds (not one lazy plan)
    return fold(frame, rule_titles={}, sittings=sittings, engine=ENGINE).collect()


def test_one_engineers_sitting_in_two_accounts_is_one_incident_at_its_strongest() -> None:
    events = [*_mint("ASIAFARE", FARE, 0), *_mint("ASIAVEND", VENDOR, 3)]
    hits = [_hit("ASIAFARE", FARE, 0), _hit("ASIAVEND", VENDOR, 3, "medium")]
    found = _fold(hits, events)
    assert found.height == 1, found.select("actor_kind", "actor_id", "severity")
    row = found.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"]) == (OUTSIDE_SESSION, SITTING_ID)
    assert row["account_id"] == MSP and row["severity"] == "medium"
    assert sorted(row["access_key_ids"]) == ["ASIAFARE", "ASIAVEND"]
    # without the sittings, each account's role is its own finding
    assert _fold(hits, None).height == 2


def test_another_address_person_hour_or_a_single_account_stays_its_own() -> None:
    hits = [_hit("ASIAFARE", FARE, 0), _hit("ASIAVEND", VENDOR, 3)]
    apart = {
        # the engineer's role from a VPS in the other account: someone else's hands
        "address": [*_mint("ASIAFARE", FARE, 0), *_mint("ASIAVEND", VENDOR, 3, ip=VPS)],
        # a colleague's session (another session name) in the other account
        "person": [*_mint("ASIAFARE", FARE, 0), *_mint("ASIAVEND", VENDOR, 3, who="kpatel")],
        # the second account two hours later: another piece of work
        "hour": [*_mint("ASIAFARE", FARE, 0), *_mint("ASIAVEND", VENDOR, 120)],
    }
    for why, events in apart.items():
        found = _fold(hits, events)
        assert found.height == 2, why
        assert set(found["actor_kind"]) == {"role"}, why
    # two sessions in one account are that account's role, as before
    one = [*_mint("ASIAFARE", FARE, 0), *_mint("ASIAFAR2", FARE, 3)]
    assert outside_sittings(pl.LazyFrame(one)).collect().height == 0


def test_a_change_window_walking_through_the_accounts_is_one_sitting() -> None:
    """heldout30's B2 (this is tuning on heldout30): the partner's engineer opens one account
    after another, each session minted about 35 minutes after the last, 70 minutes first to
    last: one sitting, one incident; the hour counts from the session before, not the first."""
    third = "318245670912"
    events = [
        *_mint("ASIAFARE", FARE, 0),
        *_mint("ASIAVEND", VENDOR, 35),
        *_mint("ASIATHRD", third, 70),
    ]
    hits = [_hit("ASIAFARE", FARE, 0), _hit("ASIAVEND", VENDOR, 35), _hit("ASIATHRD", third, 70)]
    found = _fold(hits, events)
    assert found.height == 1, found.select("actor_kind", "actor_id", "access_key_ids")
    assert sorted(found.row(0, named=True)["access_key_ids"]) == [
        "ASIAFARE",
        "ASIATHRD",
        "ASIAVEND",
    ]
    # a session more than an hour after the walk's last starts another sitting: its own account
    late = [*events, *_mint("ASIALATE", "427761039285", 200)]
    keys = outside_sittings(pl.LazyFrame(late)).collect()["access_key_id"].to_list()
    assert sorted(keys) == ["ASIAFARE", "ASIATHRD", "ASIAVEND"]
    # the engineer's morning session of one of those roles (another office address): rarity's
    # hit of the role's day, which rode on it, follows the sitting; its own hits stay the role's
    morning = [*events, *_mint("ASIAMORN", FARE, -600, ip="64.62.130.9")]
    rare = {**_hit("ASIAMORN", FARE, -600, "medium"), "rule": "rarity", "signal": "rare_api_set"}
    own = {**_hit("ASIAMORN", FARE, -599), "event_id": "own-ASIAMORN"}
    found = _fold([*hits, rare, own], morning)
    assert found.height == 2, found.select("actor_kind", "access_key_ids", "rules")
    sitting = found.filter(pl.col("actor_kind") == OUTSIDE_SESSION).row(0, named=True)
    assert "ASIAMORN" in sitting["access_key_ids"] and sitting["severity"] == "medium"
    assert found.filter(pl.col("actor_kind") == "role")["rules"].to_list() == [["sensitive_api"]]
