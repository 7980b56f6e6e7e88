"""Several people new to one shared role on one day, each low for the same reason: one note."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect.rules import HITS
from ueba.schema import conform

ACCOUNT = "284015772613"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Okta-SupportReadOnly"
T0 = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)


def _hit(person: str, n: int, rule: str, signal: str, **kw: Any) -> dict[str, Any]:
    return {
        "rule": rule,
        "family": "console" if rule == "console" else "novelty",
        "severity": "low",
        "weight": 0.3,
        "signal": signal,
        "event_id": f"ev-{person}-{rule}-{signal}",
        "event_time": T0 + dt.timedelta(minutes=n),
        "event_name": "ConsoleLogin",
        "account_id": ACCOUNT,
        "principal_arn": ROLE,
        "principal_type": "role",
        "access_key_id": None,
        "workload_kind": "saml_user",
        "workload_id": person,
        "source_ip": f"68.100.41.{n}",
        "user_agent": "Mozilla/5.0 Chrome/131.0",
        "reason": f"{signal} of {person}",
        "evidence": {"rule": rule, "signal": signal, "baseline": None, "observed": str(n)},
        "basis": "novelty",
        "maturity": "mature",
        **kw,
    }


def _new_person(person: str, n: int, **kw: Any) -> list[dict[str, Any]]:
    # a seasonal contractor's first day: her own home network, the role's client
    return [
        _hit(person, n, "console", "new_asn", **kw),
        _hit(person, n, "first_seen", "new_network_key", **kw),
        _hit(person, n, "first_seen", "new_ua_os_family", **kw),
    ]


def _fold(rows: list[dict[str, Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={**HITS, "maturity": pl.String()}, orient="row")
    hits = conform(frame.lazy(), {**HITS, "maturity": pl.String()})
    # the Scorer's path: its engine collects the hits between the folds (not one lazy plan)
    return fold(hits, rule_titles={}, engine=ENGINE).collect()


def test_new_people_of_a_shared_role_low_for_the_same_reason_are_one_note() -> None:
    people = ["temp.alvarez@x.com", "temp.evans@x.com", "temp.chen@x.com"]
    rows = [r for i, p in enumerate(people) for r in _new_person(p, i + 1)]
    found = _fold(rows)
    assert found.height == 1, found.select("actor_kind", "actor_id", "severity")
    row = found.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"], row["severity"]) == ("role_people", ROLE, "low")
    assert row["account_id"] == ACCOUNT
    assert sorted(row["source_ips"]) == ["68.100.41.1", "68.100.41.2", "68.100.41.3"]
    assert len(row["event_ids"]) == 9
    note = [r for r in row["reasons"] if "people new to role" in r]
    assert note and all(p in note[0] for p in people), row["reasons"]


def test_a_person_with_anything_more_stays_her_own_finding() -> None:
    rows = [
        *_new_person("temp.alvarez@x.com", 1),
        *_new_person("temp.evans@x.com", 2),
        # a second reason (a new country for the role) and a medium: each its own finding
        *_new_person("temp.chen@x.com", 3),
        _hit("temp.chen@x.com", 3, "first_seen", "new_country"),
        *_new_person("temp.brooks@x.com", 4),
        _hit("temp.brooks@x.com", 4, "sensitive_api", "sensitive recon", severity="medium"),
    ]
    found = _fold(rows)
    kinds = sorted(found.select("actor_kind", "actor_id").rows())
    assert kinds == [
        ("role_people", ROLE),
        ("saml_user", "temp.brooks@x.com"),
        ("saml_user", "temp.chen@x.com"),
    ]


def test_one_new_person_or_a_learning_role_is_not_folded() -> None:
    alone = _fold(_new_person("temp.alvarez@x.com", 1))
    assert alone.select("actor_kind").to_series().to_list() == ["saml_user"]
    learning = [
        *_new_person("temp.alvarez@x.com", 1, maturity="learning"),
        *_new_person("temp.evans@x.com", 2, maturity="learning"),
    ]
    assert sorted(_fold(learning)["actor_kind"].to_list()) == ["saml_user", "saml_user"]


def test_the_fold_with_an_engine_collects_its_incidents_once_and_finds_the_same() -> None:
    rows = [
        *_new_person("temp.alvarez@x.com", 1),
        *_new_person("temp.evans@x.com", 2),
        *_new_person("temp.brooks@x.com", 4),
        _hit("temp.brooks@x.com", 4, "sensitive_api", "sensitive recon", severity="medium"),
    ]
    frame = pl.DataFrame(rows, schema={**HITS, "maturity": pl.String()}, orient="row")
    hits = conform(frame.lazy(), {**HITS, "maturity": pl.String()})
    lazy = fold(hits, rule_titles={}).collect()
    eager = fold(hits, rule_titles={}, engine="in-memory")
    # the scorer's path: the incidents' frame is already a DataFrame under the returned plan
    assert "CACHE" not in eager.explain(optimized=False)
    assert eager.collect().equals(lazy)
    assert lazy.height == 2
