"""The person who made a new vendor's role and the vendor's first sessions on it: one finding
(twenty-seventh session, branch lows28). This is tuning on heldout44's and heldout46's B6: a
platform engineer's ``CreateRole`` / ``AttachRolePolicy`` for a compliance vendor (low,
``rules._vendor_role``) and the vendor's first scans on the role (low) were two findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect._vendor_maker import TAKEN_UP
from ueba.detect.rules import HITS
from ueba.schema import conform

VENDOR, ACCOUNT = "956993596390", "318400000122"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/VantaAuditor"
PERSON = "somchai.won@chaophrayacold.co.th"
T0 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def _hit(minute: int, **extra: Any) -> dict[str, Any]:
    """The person's low ``sensitive_api`` hit on a role write naming the vendor's take-up."""
    return {
        "rule": "sensitive_api",
        "family": "tactics",
        "severity": "low",
        "weight": 0.4,
        "signal": "sensitive persistence",
        "event_id": f"e-{minute}",
        "event_time": T0 + dt.timedelta(minutes=minute),
        "event_name": "CreateRole",
        "account_id": ACCOUNT,
        "principal_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Admin_c9/{PERSON}",
        "principal_type": "assumed_role",
        "access_key_id": "ASIAPERSON1",
        "workload_kind": "sso_user",
        "workload_id": PERSON,
        "source_ip": "171.96.10.4",
        "user_agent": "Mozilla/5.0",
        "reason": f"CreateRole: persistence call; {TAKEN_UP}{VENDOR}, never seen before",
        "evidence": {"rule": "sensitive_api", "signal": "x", "baseline": None, "observed": "x"},
        "basis": "novelty",
        "maturity": "mature",
        **extra,
    }


def _takeup(hour: int) -> dict[str, Any]:
    """outside_account_grant's take-up of the role by the vendor, ``hour`` hours after T0."""
    return _hit(
        60 * hour,
        rule="outside_account_grant",
        family="exfiltration",
        signal="assumed_by_outside_account",
        event_id=f"t-{hour}",
        event_name="AssumeRole",
        principal_arn=ROLE,
        principal_type="role",
        access_key_id=None,
        workload_kind=None,
        workload_id=None,
        source_ip="3.90.1.7",
        reason=f"role VantaAuditor assumed by account {VENDOR}",
        weight=0.2,
        evidence={
            "rule": "o",
            "signal": "a",
            "baseline": None,
            "observed": f"AssumeRole by {VENDOR}",
        },
    )


def _fold(hits: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {**HITS, "maturity": pl.String()}
    frame = conform(pl.DataFrame(hits, schema=schema, orient="row").lazy(), schema)
    return fold(frame, rule_titles={}, engine=ENGINE).collect()


def test_the_person_making_a_new_vendors_role_is_in_the_vendors_finding() -> None:
    # the role write, the same event's info note (a call new for the person), and the person's
    # info note elsewhere (a vouched-for place), then the vendor's first scans
    info_new = _hit(0, rule="first_seen", family="novelty", signal="new_api", severity="info")
    elsewhere = _hit(30, rule="first_seen", family="novelty", signal="new_country", severity="info")
    found = _fold([_hit(0), info_new, _hit(2), elsewhere, _takeup(3), _takeup(7)])
    assert found.height == 1, found.select("actor_kind", "actor_id", "severity")
    row = found.row(0, named=True)
    # the vendor's role leads the finding (its principal), the person's writes its context
    assert (row["actor_id"], row["principal_arn"], row["severity"]) == (ROLE, ROLE, "low")
    assert {"e-0", "e-2", "t-3", "t-7"} <= set(row["event_ids"]), row["event_ids"]
    assert "ASIAPERSON1" in row["access_key_ids"]
    assert any(TAKEN_UP in r for r in row["reasons"]), row["reasons"]


def test_a_person_who_did_more_or_a_vendor_without_its_take_up_stays_alone() -> None:
    # something else low of the person that day: their own finding, whole
    more = _hit(40, rule="rarity", family="model", signal="rare_api_set", event_id="r-1")
    found = _fold([_hit(0), more, _takeup(3)])
    assert sorted(found["actor_id"].to_list()) == sorted([PERSON, ROLE])
    # the vendor took nothing up in the trail that day (another account's take-up)
    other = _takeup(3) | {"principal_arn": "arn:aws:iam::604215839720:role/VantaAuditor"}
    found = _fold([_hit(0), other])
    assert PERSON in found["actor_id"].to_list()
    # a medium on the writes themselves (another rule's): the person's own finding
    loud = _hit(0, rule="first_seen", family="novelty", signal="new_country", severity="medium")
    found = _fold([_hit(0), loud, _takeup(3)])
    assert PERSON in found["actor_id"].to_list()
    # another vendor's account named
    found = _fold([_hit(0, reason=f"CreateRole; {TAKEN_UP}111122223333, never"), _takeup(3)])
    assert PERSON in found["actor_id"].to_list()
