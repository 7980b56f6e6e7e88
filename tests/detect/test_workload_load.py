"""Several workload roles of one account under load in the same hours, nothing else raised: one
note (heldout22's B1, back-to-school: every LMS API function's role ten times busier, DynamoDB
throttling some of it). This is tuning on heldout22."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect._workload_load import SHEDDING, USUAL_CALLS, WORKLOAD_LOAD
from ueba.detect.rules import HITS
from ueba.schema import conform

PROD = "582930174465"
T0 = dt.datetime(2026, 8, 17, 14, 5, tzinfo=dt.UTC)
ROLES = ["lms-api-courses-role", "lms-api-grades-role", "lms-api-assignments-role"]


def _hit(role: str, n: int, signal: str = "volume_spike", **kw: Any) -> dict[str, Any]:
    """A low volume hit of a Lambda function's key, its hour's every call the role's usual."""
    rule = "first_seen" if signal == "new_api" else signal
    reason = {
        "volume_spike": f"2400 calls by {role}; every call one it makes, {USUAL_CALLS}",
        "error_spike": f"90 failed calls by {role}; 90 of them throttled and none refused, "
        f"{USUAL_CALLS} {SHEDDING}",
        "new_api": f"{role} called dynamodb:ExportTableToPointInTime",
    }[signal]
    return {
        "rule": rule,
        "family": "novelty" if rule == "first_seen" else "volume",
        "severity": "low",
        "weight": 0.3,
        "signal": signal,
        "event_id": f"ev-{role}-{signal}-{n}",
        "event_time": T0 + dt.timedelta(minutes=n),
        "event_name": "Query",
        "account_id": PROD,
        "principal_arn": f"arn:aws:iam::{PROD}:role/{role}",
        "principal_type": "role",
        "access_key_id": f"ASIA{role[8:12].upper()}{n}",
        "workload_kind": "lambda",
        "workload_id": role.removesuffix("-role"),
        "source_ip": f"52.4.{len(role)}.{n}",
        "user_agent": "aws-sdk-js/3.600.0 exec-env/AWS_Lambda_nodejs20.x",
        "reason": reason,
        "evidence": {"rule": rule, "signal": signal, "baseline": None, "observed": str(n)},
        "basis": "novelty",
        "maturity": "mature",
        **kw,
    }


def _fold(rows: list[dict[str, Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={**HITS, "maturity": pl.String()}, orient="row")
    hits = conform(frame.lazy(), {**HITS, "maturity": pl.String()})
    # the Scorer's path: its engine collects the hits between the folds (not one lazy plan)
    return fold(hits, rule_titles={}, engine=ENGINE).collect()


def _kinds(found: pl.DataFrame) -> list[tuple[str, str]]:
    return sorted((k, i.split("/")[-1]) for k, i in found.select("actor_kind", "actor_id").rows())


def test_a_surge_over_several_function_roles_is_one_note_of_the_account() -> None:
    rows = [_hit(r, i + 1) for i, r in enumerate(ROLES)] + [
        _hit(ROLES[0], 40, "error_spike"),
        _hit(ROLES[1], 70),  # the next hour too
    ]
    found = _fold(rows)
    assert _kinds(found) == [(WORKLOAD_LOAD, PROD)]
    row = found.row(0, named=True)
    assert (row["severity"], row["account_id"], row["cause"]) == ("low", PROD, "behaviour_change")
    assert len(row["event_ids"]) == 5 and len(row["access_key_ids"]) == 5
    assert len(row["source_ips"]) == 5
    note = row["reasons"][:1]  # the note leads, whatever its members' reasons say
    assert "3 workload roles of account" in note[0], row["reasons"]
    assert all(r.removesuffix("-role") in note[0] for r in ROLES), row["reasons"]
    assert "lms-api-grades-role (2 hour(s) from 14:00Z to 15:00Z)" in note[0]
    assert "lms-api-courses-role (1 hour(s) from 14:00Z to 14:00Z, throttled)" in note[0]
    # every role's own reasons stay in the note
    assert all(any(r in reason for reason in row["reasons"]) for r in ROLES)
    # the id is the incident's (account, actor, cause, opened day): the same surge scored again
    # (a later file of the day) gets the same id, which the incident store carries on
    assert _fold(rows[:3])["finding_id"].to_list() == [row["finding_id"]]


def test_a_role_with_anything_but_load_stays_its_own_finding() -> None:
    rows = [
        *(_hit(r, i + 1) for i, r in enumerate(ROLES)),
        # the reports function's key under load too, but calling something new: its own finding
        _hit("lms-api-reports-role", 4),
        _hit("lms-api-reports-role", 5, "new_api"),
        # a throttled hour with a refusal: a medium error spike is no load
        _hit("lms-api-users-role", 6),
        _hit("lms-api-users-role", 7, "error_spike", severity="medium", reason="12 refused"),
        # an hour with a call from an unusual place or client (no usual clause)
        _hit("lms-api-files-role", 8, reason="2400 calls by files"),
    ]
    assert _kinds(_fold(rows)) == [
        ("role", "lms-api-files-role"),
        ("role", "lms-api-reports-role"),
        ("role", "lms-api-users-role"),
        (WORKLOAD_LOAD, PROD),
    ]


def test_one_role_people_different_hours_or_a_stolen_key_are_not_folded() -> None:
    assert _kinds(_fold([_hit(ROLES[0], 1)])) == [("role", ROLES[0])]
    # two roles busy in different hours of the day: no shared cause in the trail
    apart = _fold([_hit(ROLES[0], 1), _hit(ROLES[1], 200)])
    assert _kinds(apart) == [("role", ROLES[0]), ("role", ROLES[1])]
    # a long-term user key, or a person, is no workload: never the account's load
    people = [
        _hit(ROLES[0], 1),
        _hit("svc", 2, principal_type="iam_user", workload_kind=None),
        _hit("jo", 3, workload_kind="sso_user"),
    ]
    assert WORKLOAD_LOAD not in _fold(people)["actor_kind"].to_list()
    # one role's key also misused elsewhere (a stolen function key): its own theft incident
    stolen = [*(_hit(r, i + 1) for i, r in enumerate(ROLES[:2]))]
    stolen.append(_hit(ROLES[1], 9, family="credential_misuse", rule="compute_hijack"))
    assert _kinds(_fold(stolen)) == [("role", ROLES[0]), ("role", ROLES[1])]
