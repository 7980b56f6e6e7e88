"""A step the Scorer skips could have changed nothing (benchmarks/README.md, "CI time",
twenty-seventh session).

On the Scorer's path (an engine) each actor fold (:mod:`ueba.detect._actor_folds`) runs only
when its ``*_can_fold`` says its input holds what it needs, and each context step only when its
``*_applies`` says so; otherwise the step is skipped and its input goes on as it is. So wherever
a test says "nothing to do", the step itself must return its input unchanged: the same rows in
the same order, the same columns and types (``workload_load`` adds its ``_note``, false). And
the fold with its skips finds what the one lazy plan (every step, no engine) finds, on small
days where the steps fold and where they do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ueba._collect import ENGINE
from ueba.detect import _actor_folds
from ueba.detect._context import (
    model_context_applies,
    model_in_context,
    volume_context_applies,
    volume_in_context,
)
from ueba.detect._grouping import CHANGE, MISUSE, fold, incident_hits
from ueba.detect._network_people import network_people, network_people_can_fold
from ueba.detect._operator_fleet import operator_fleet, operator_fleet_can_fold
from ueba.detect._role_people import role_people, role_people_can_fold
from ueba.detect._trip_people import trip_people, trip_people_can_fold
from ueba.detect._trip_writes import writes_abroad_applies, writes_abroad_in_context
from ueba.detect._workload_load import (
    SHEDDING,
    USUAL_CALLS,
    unfolded,
    workload_load,
    workload_load_can_fold,
)
from ueba.detect.rules import HITS
from ueba.schema import SEVERITY_RANK, conform

ACCOUNTS = ["111111111111", "222222222222", "333333333333"]
SOURCE = "arn:aws:iam::999999999999:role/dispatcher"
T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
SCHEMA = {**HITS, "maturity": pl.String()}
LOW, MEDIUM = SEVERITY_RANK["low"], SEVERITY_RANK["medium"]
# what a hit can say: each fold's own signals (load, a release, a new network) and what stops
# an actor folding (another signal, a model's rare day, a threat-listed address)
SIGNALS = [
    ("volume_spike", "volume", "volume_spike", f"2400 calls; {USUAL_CALLS}", "9"),
    ("error_spike", "volume", "error_spike", f"90 throttled, {USUAL_CALLS} {SHEDDING}", "90"),
    ("first_seen", "novelty", "new_api", "new call", "ec2:DescribeImages"),
    ("first_seen", "novelty", "new_ua_family", "new client", "Boto3"),
    ("first_seen", "novelty", "new_network_key", "new network", "asn:29975"),
    ("first_seen", "novelty", "new_country", "new country", "ZA"),
    ("console", "console", "new_asn", "console from a new ASN", "asn:29975"),
    ("threat_intel", "threat_intel", "threat_listed_ip", "threat-listed", "203.0.113.9"),
    ("rarity", "model", "rare_api_set", "rare day", "new: iam:CreateUser"),
]
# the actors: people of a shared role (SAML), Identity Center people, function roles (a
# workload's load), one operator's role session in each account (a release)
KINDS = ["saml", "idc", "lambda", "operator"]


def _hit(kind: str, actor: int, account: int, n: int, signal: int, severity: str, mature: bool):
    rule, family, name, reason, observed = SIGNALS[signal]
    acct = ACCOUNTS[account]
    arn, ptype, wkind, wid = {
        "saml": (f"arn:aws:iam::{ACCOUNTS[0]}:role/Support", "role", "saml_user", f"p{actor}"),
        "idc": (f"p{actor}-idc", "unknown", None, None),
        "lambda": (f"arn:aws:iam::{acct}:role/fn{actor}", "role", "lambda", f"fn{actor}"),
        "operator": (f"arn:aws:iam::{acct}:role/Ops", "role", None, None),
    }[kind]
    return {
        "rule": rule,
        "family": family,
        "severity": severity,
        "weight": 0.3,
        "signal": name,
        "event_id": f"ev-{kind}-{actor}-{n}",
        "event_time": T0 + dt.timedelta(minutes=n),
        "event_name": observed.split(":")[-1],
        "account_id": acct,
        "principal_arn": arn,
        "principal_type": ptype,
        "access_key_id": f"ASIAOP{acct}" if kind == "operator" else f"ASIA{kind}{actor}",
        "workload_kind": wkind,
        "workload_id": wid,
        "source_ip": "41.5.17.1",
        "user_agent": "Boto3/1.35",
        "reason": f"{reason} ({kind} {actor})",
        "evidence": {"rule": rule, "signal": name, "baseline": None, "observed": observed},
        "basis": "novelty",
        "maturity": "mature" if mature else "learning",
    }


# what each kind of actor mostly shows: a person a new network (or country), a function role load, the
# operator's role a release
FAVOURED = {"saml": [4], "idc": [4, 6, 5], "lambda": [0, 1], "operator": [2, 3]}
SEVERITIES = ["info", "low", "low", "low", "medium"]


def _rows(kind: str) -> st.SearchStrategy[list[tuple[str, int, int, int, str, bool]]]:
    """A small day of mostly one kind of actor: one to three of them showing what that kind
    folds on (the operator's role in one to three accounts), then anything."""
    base = st.integers(1, 3).map(
        lambda n: [
            (kind, a, a if kind == "operator" else 0, FAVOURED[kind][0], "low", True)
            for a in range(n)
        ]
    )
    more = st.lists(
        st.tuples(
            st.sampled_from([kind, kind, *KINDS]),
            st.integers(0, 2),  # the actor
            st.integers(0, 2),  # the account
            st.sampled_from(FAVOURED[kind] * 4 + list(range(len(SIGNALS)))),
            st.sampled_from(SEVERITIES),
            st.sampled_from([True, True, True, False]),
        ),
        max_size=8,
    )
    return st.tuples(base, more).map(lambda parts: parts[0] + parts[1])


ROWS = st.sampled_from(KINDS).flatmap(_rows)


def _hits(rows: list[tuple[str, int, int, int, str, bool]]) -> pl.LazyFrame:
    frame = pl.DataFrame([_hit(*row[:3], n, *row[3:]) for n, row in enumerate(rows)], SCHEMA)
    return conform(frame.lazy(), SCHEMA)


def _operators() -> pl.LazyFrame:
    """The operator's role sessions: one key in each account, minted by the dispatcher."""
    return pl.LazyFrame(
        {
            "access_key_id": [f"ASIAOP{a}" for a in ACCOUNTS],
            "_op_source": [SOURCE] * len(ACCOUNTS),
            "_op_role": ["Ops"] * len(ACCOUNTS),
            "_op_account": ACCOUNTS,
            "_op_day": [T0.date()] * len(ACCOUNTS),
            "_op_writes": [[] for _ in ACCOUNTS],
        },
        schema_overrides={"_op_writes": pl.List(pl.String)},
    )


Step = tuple[str, Callable[[pl.DataFrame], bool], Callable[[pl.LazyFrame], pl.LazyFrame]]
FOLDS: list[Step] = [
    (
        "role_people",
        lambda h: role_people_can_fold(h, low=LOW, misuse=MISUSE),
        lambda h: role_people(h, low=LOW, misuse=MISUSE),
    ),
    (
        "network_people",
        lambda h: network_people_can_fold(h, misuse=MISUSE),
        lambda h: network_people(h, low=LOW, misuse=MISUSE),
    ),
    (
        "trip_people",
        lambda h: trip_people_can_fold(h, low=LOW, misuse=MISUSE),
        lambda h: trip_people(h, low=LOW, misuse=MISUSE),
    ),
    (
        "operator_fleet",
        lambda h: operator_fleet_can_fold(h, misuse=MISUSE),
        lambda h: operator_fleet(
            h, _operators(), low=LOW, medium=MEDIUM, misuse=MISUSE, change=CHANGE
        ),
    ),
    (
        "workload_load",
        workload_load_can_fold,
        lambda h: workload_load(h, low=LOW, misuse=MISUSE),
    ),
]
CONTEXTS: list[Step] = [
    ("model_in_context", model_context_applies, model_in_context),
    ("volume_in_context", volume_context_applies, volume_in_context),
    ("writes_abroad_in_context", writes_abroad_applies, writes_abroad_in_context),
]


def _skips_change_nothing(steps: list[Step], frame: pl.DataFrame) -> None:
    """Each step in turn on the last one's output: where its test says "nothing to do", the
    step returns its input as it is (with ``_note`` false, for ``workload_load``: what the
    skip gives, :func:`~ueba.detect._workload_load.unfolded`)."""
    for name, may_change, step in steps:
        out = step(frame.lazy()).collect(engine=ENGINE)
        maybe = may_change(frame)
        event(f"{name}: {'runs' if maybe else 'skipped'}")
        if not maybe:
            expected = unfolded(frame) if name == "workload_load" else frame
            assert_frame_equal(out, expected, check_row_order=True, check_dtypes=True)
        frame = out


@settings(max_examples=30, deadline=None)
@given(ROWS)
def test_a_skipped_fold_would_have_returned_its_input(rows: list[Any]) -> None:
    _skips_change_nothing(FOLDS, incident_hits(_hits(rows)).collect(engine=ENGINE))


@settings(max_examples=30, deadline=None)
@given(ROWS)
def test_a_skipped_context_step_would_have_returned_its_input(rows: list[Any]) -> None:
    _skips_change_nothing(CONTEXTS, _hits(rows).collect(engine=ENGINE))


@settings(max_examples=20, deadline=None)
@given(rows=ROWS)
def test_the_fold_with_its_skips_finds_what_it_finds_running_every_fold(
    rows: list[Any], monkeypatch_session: pytest.MonkeyPatch
) -> None:
    hits = _hits(rows)
    skipping = fold(hits, rule_titles={}, operators=_operators(), engine=ENGINE)
    with monkeypatch_session.context() as patch:
        for name in (
            "role_people",
            "network_people",
            "trip_people",
            "operator_fleet",
            "workload_load",
        ):
            patch.setattr(_actor_folds, f"{name}_can_fold", lambda *_, **__: True)
        every = fold(hits, rule_titles={}, operators=_operators(), engine=ENGINE)
        every_found = every.collect(engine=ENGINE)
    assert skipping.collect(engine=ENGINE).equals(every_found)


def _day(kind: str, signal: int, actors: int, *, accounts: int = 1) -> list[Any]:
    """``actors`` actors of ``kind`` (each in its own account when ``accounts`` > 1), each with
    one mature low hit of ``signal``."""
    return [(kind, a, a % accounts, signal, "low", True) for a in range(actors)]


def test_each_test_runs_its_step_on_a_day_it_folds_and_skips_it_with_one_actor_fewer() -> None:
    days = {
        # a role's two new people for the same reason; an office's three on a new network; two
        # colleagues arriving in a new country;
        # the operator's release in three accounts; two function roles under load
        "role_people": (_day("saml", 4, 2), _day("saml", 4, 1)),
        "network_people": (_day("idc", 4, 3), _day("idc", 4, 2)),
        "trip_people": (_day("idc", 5, 2), _day("idc", 5, 1)),
        "operator_fleet": (_day("operator", 2, 3, accounts=3), _day("operator", 2, 2, accounts=3)),
        "workload_load": (_day("lambda", 0, 2), _day("lambda", 0, 1)),
    }
    for name, may_fold, step in FOLDS:
        folds, fewer = days[name]
        frame = incident_hits(_hits(folds)).collect(engine=ENGINE)
        assert may_fold(frame), name
        # the step does fold that day: its note is one more row
        assert step(frame.lazy()).collect(engine=ENGINE).height == frame.height + 1, name
        assert not may_fold(incident_hits(_hits(fewer)).collect(engine=ENGINE)), name
    for name, applies, _ in CONTEXTS:
        # a model's rare day; a volume spike beside a new country; a new country alone
        needs = {
            "model_in_context": [8],
            "volume_in_context": [0, 5],
            "writes_abroad_in_context": [5],
        }
        day = _hits([("idc", 0, 0, s, "low", True) for s in needs[name]]).collect(engine=ENGINE)
        assert applies(day), name
        assert not applies(day.filter(pl.col("signal") != day["signal"][-1])), name


@pytest.fixture(scope="module")
def monkeypatch_session() -> Any:
    """One MonkeyPatch for the module (hypothesis runs a test's examples in one call of it)."""
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()
