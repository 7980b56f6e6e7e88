"""The fold with an engine (the Scorer's path: its intermediate frames collected between the
person folds) finds exactly what the one lazy plan finds, on any small set of hits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.detect._grouping import fold
from ueba.detect._network_people import NETWORK_PEOPLE
from ueba.detect._role_people import ROLE_PEOPLE
from ueba.detect.rules import HITS
from ueba.schema import conform

ACCOUNT = "284015772613"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Okta-SupportReadOnly"
T0 = dt.datetime(2026, 11, 26, 14, 0, tzinfo=dt.UTC)
SCHEMA = {**HITS, "maturity": pl.String()}
# what a person's hit can say: the onboarding day's lows, and what stops a person folding
SIGNALS = [
    ("console", "console", "new_asn"),
    ("first_seen", "novelty", "new_network_key"),
    ("first_seen", "novelty", "new_ua_os_family"),
    ("first_seen", "novelty", "new_country"),
    ("sensitive_api", "sensitive", "sensitive recon"),
    ("threat_intel", "threat", "threat_listed_ip"),
]


def _hit(
    person: str, kind: str, n: int, signal: int, severity: str, mature: bool
) -> dict[str, Any]:
    rule, family, name = SIGNALS[signal]
    saml = kind == "saml"
    return {
        "rule": rule,
        "family": family,
        "severity": severity,
        "weight": 0.3,
        "signal": name,
        "event_id": f"ev-{person}-{rule}-{name}-{n}",
        "event_time": T0 + dt.timedelta(minutes=n),
        "event_name": "ConsoleLogin" if saml else "GetRoleCredentials",
        "account_id": ACCOUNT,
        "principal_arn": ROLE if saml else f"{person}-idc",
        "principal_type": "role" if saml else "unknown",
        "access_key_id": None,
        "workload_kind": "saml_user" if saml else None,
        "workload_id": person if saml else None,
        # the network of one office (the carrier all moved to) or of each person
        "source_ip": f"41.5.17.{n % 4}",
        "user_agent": "Mozilla/5.0 Chrome/131.0",
        "reason": f"{name} of {person}",
        "evidence": {"rule": rule, "signal": name, "baseline": None, "observed": "asn:29975"},
        "basis": "novelty",
        "maturity": "mature" if mature else "learning",
    }


PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(["saml", "idc"]),
        st.lists(
            st.tuples(
                st.integers(0, len(SIGNALS) - 1),
                st.sampled_from(["info", "low", "low", "medium"]),
            ),
            min_size=1,
            max_size=3,
        ),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


def _hits(people: list[tuple[str, list[tuple[int, str]], bool]]) -> pl.LazyFrame:
    rows = [
        _hit(f"person{i}", kind, i * 3 + j, signal, severity, mature)
        for i, (kind, hits, mature) in enumerate(people)
        for j, (signal, severity) in enumerate(hits)
    ]
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    return conform(frame.lazy(), SCHEMA)


def _sorted(findings: pl.DataFrame) -> pl.DataFrame:
    return findings.sort("finding_id")


@settings(max_examples=40, deadline=None)
@given(PEOPLE)
def test_the_fold_collected_between_its_person_folds_finds_what_one_plan_finds(
    people: list[tuple[str, list[tuple[int, str]], bool]],
) -> None:
    hits = _hits(people)
    one_plan = fold(hits, rule_titles={}).collect()
    collected = fold(hits, rule_titles={}, engine="in-memory").collect()
    assert _sorted(collected).equals(_sorted(one_plan))


def test_both_person_folds_fire_on_one_day_with_an_engine() -> None:
    # three people new to the role for the same reason, and three Identity Center people on
    # the office's new carrier for that alone: one note each, as without an engine
    people = [("saml", [(0, "low"), (1, "low")], True) for _ in range(3)]
    people += [("idc", [(1, "low")], True) for _ in range(3)]
    found = fold(_hits(people), rule_titles={}, engine="in-memory").collect()
    assert sorted(found["actor_kind"].to_list()) == sorted([ROLE_PEOPLE, NETWORK_PEOPLE])
    assert _sorted(found).equals(_sorted(fold(_hits(people), rule_titles={}).collect()))
