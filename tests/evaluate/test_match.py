"""Matching findings to labelled incidents: strict by default, every documented kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.evaluation import read_truth
from ueba.evaluation._match import match, merge_findings
from ueba.schema import FINDINGS

T0 = dt.datetime(2024, 6, 9, 10, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def finding(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "finding_id": kw.pop("finding_id", "f1"),
        "severity": "high",
        "score": 0.9,
        "rules": ["r"],
        "principal_arn": "arn:aws:iam::1:role/app",
        "access_key_id": "ASIAK1",
        "source_ips": ["198.51.100.7"],
        "event_ids": ["e1"],
        "first_seen": T0,
        "last_seen": T0 + dt.timedelta(minutes=10),
    }
    base.update(kw)
    return base


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return merge_findings(pl.DataFrame(list(rows), schema={k: FINDINGS[k] for k in rows[0]}))


def matched(
    findings: pl.DataFrame, truth: list[dict[str, Any]], **kw: Any
) -> list[tuple[Any, Any]]:
    out = match(findings, read_truth(truth), **kw)
    return list(zip(out["incident"].to_list(), out["matched_by"].to_list(), strict=True))


WINDOW = {"start": "2024-06-09T09:30:00Z", "end": "2024-06-09T11:00:00Z"}


def test_key_time_and_attacker_address_match() -> None:
    truth = [
        {
            "id": "A",
            "label": "attack",
            "access_key_id": "ASIAK1",
            "source_ip": "198.51.100.7",
            **WINDOW,
        }
    ]
    assert matched(frame(finding()), truth) == [("A", "key")]


def test_the_right_key_from_another_address_is_not_the_attack() -> None:
    truth = [
        {
            "id": "A",
            "label": "attack",
            "access_key_id": "ASIAK1",
            "source_ip": "203.0.113.9",
            **WINDOW,
        }
    ]
    assert matched(frame(finding()), truth) == [(None, None)]


def test_outside_the_time_range_nothing_matches_unless_slack_allows_it() -> None:
    late = {"start": "2024-06-09T10:45:00Z", "end": "2024-06-09T12:00:00Z"}
    truth = [{"id": "A", "label": "attack", "access_key_id": "ASIAK1", **late}]
    assert matched(frame(finding()), truth) == [(None, None)]
    assert matched(frame(finding()), truth, slack=HOUR) == [("A", "key")]


def test_a_shared_event_id_matches_whatever_the_time() -> None:
    truth = [
        {
            "id": "A",
            "label": "attack",
            "event_ids": "e9 e1",
            "start": "2020-01-01T00:00:00Z",
            "end": "2020-01-02T00:00:00Z",
        }
    ]
    assert matched(frame(finding()), truth) == [("A", "event")]


def test_principal_and_address_match_and_address_only_rows_match_by_address() -> None:
    truth = [{"id": "P", "label": "benign", "principal_arn": "arn:aws:iam::1:role/app", **WINDOW}]
    assert matched(frame(finding()), truth) == [("P", "principal")]
    truth = [{"id": "X", "label": "attack", "source_ip": "198.51.100.7", **WINDOW}]
    assert matched(frame(finding()), truth) == [("X", "address")]


def test_a_persons_session_in_a_shared_role_matches_that_persons_finding_only() -> None:
    # a SAML role shared by many people: ueba's finding names the role as its principal and
    # the person as its actor; the truth names the person's session (heldout46's B2)
    session = "arn:aws:sts::1:assumed-role/okta-admin/tane@example.nz"
    truth = [{"id": "B2", "label": "benign", "principal_arn": session, **WINDOW}]
    role = "arn:aws:iam::1:role/okta-admin"
    tane = finding(principal_arn=role, actor_id="tane@example.nz", access_key_id="ASIAX")
    assert matched(frame(tane), truth) == [("B2", "principal")]
    # another person of the same role, the same person in another account's role of that name,
    # or the same person's finding outside the row's window: not the row
    mere = finding(principal_arn=role, actor_id="mere@example.nz", access_key_id="ASIAX")
    other = finding(principal_arn="arn:aws:iam::2:role/okta-admin", actor_id="tane@example.nz")
    late = finding(
        principal_arn=role,
        actor_id="tane@example.nz",
        access_key_id="ASIAX",
        first_seen=T0 + 3 * HOUR,
        last_seen=T0 + 4 * HOUR,
    )
    for f in (mere, other, late):
        assert matched(frame(f), truth) == [(None, None)]


def test_any_of_the_findings_keys_matches() -> None:
    f = finding(access_key_id="ASIAK2", access_key_ids=["ASIAK2", "ASIAK3"])
    truth = [{"id": "A", "label": "attack", "access_key_id": "ASIAK3", **WINDOW}]
    assert matched(frame(f), truth) == [("A", "key")]


def test_an_attack_wins_over_a_benign_change_and_a_stronger_match_over_a_weaker() -> None:
    truth = [
        {"id": "B", "label": "benign", "event_ids": "e1", **WINDOW},
        {"id": "A", "label": "attack", "principal_arn": "arn:aws:iam::1:role/app", **WINDOW},
    ]
    assert matched(frame(finding()), truth) == [("A", "principal")]
    truth = [
        {"id": "A2", "label": "attack", "principal_arn": "arn:aws:iam::1:role/app", **WINDOW},
        {"id": "A1", "label": "attack", "access_key_id": "ASIAK1", **WINDOW},
    ]
    assert matched(frame(finding()), truth) == [("A1", "key")]


def test_a_finding_updated_on_a_later_day_counts_once_with_its_highest_severity() -> None:
    day1 = finding(severity="low", score=0.3, source_ips=["198.51.100.7"])
    day2 = finding(
        severity="high",
        score=0.9,
        source_ips=["203.0.113.1"],
        access_key_id="ASIAK9",
        first_seen=T0 + dt.timedelta(days=1),
        last_seen=T0 + dt.timedelta(days=1, hours=1),
    )
    merged = frame(day1, day2)
    assert merged.height == 1
    row = merged.row(0, named=True)
    assert row["severity"] == "high" and row["score"] == 0.9
    assert set(row["source_ips"]) == {"198.51.100.7", "203.0.113.1"}
    assert set(row["access_key_ids"]) == {"ASIAK1", "ASIAK9"}
    assert row["first_seen"] == T0 and row["last_seen"] == T0 + dt.timedelta(days=1, hours=1)


_minutes = st.integers(min_value=-600, max_value=600)


@settings(max_examples=80, deadline=None)
@given(
    start=_minutes,
    length=st.integers(min_value=0, max_value=300),
    seen=_minutes,
    duration=st.integers(min_value=0, max_value=120),
    slack=st.integers(min_value=0, max_value=120),
    same_ip=st.booleans(),
)
def test_a_key_match_is_exactly_overlap_with_slack_and_a_shared_address(
    start: int, length: int, seen: int, duration: int, slack: int, same_ip: bool
) -> None:
    t_start = T0 + dt.timedelta(minutes=start)
    t_end = t_start + dt.timedelta(minutes=length)
    first = T0 + dt.timedelta(minutes=seen)
    last = first + dt.timedelta(minutes=duration)
    f = frame(finding(first_seen=first, last_seen=last, event_ids=[]))
    truth = [
        {
            "id": "A",
            "label": "attack",
            "access_key_id": "ASIAK1",
            "source_ip": "198.51.100.7" if same_ip else "203.0.113.5",
            "start": t_start.isoformat(),
            "end": t_end.isoformat(),
        }
    ]
    width = dt.timedelta(minutes=slack)
    expected = same_ip and first <= t_end + width and last >= t_start - width
    assert matched(f, truth, slack=width) == ([("A", "key")] if expected else [(None, None)])


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=6),
    labels=st.lists(st.sampled_from(["attack", "benign"]), min_size=1, max_size=4),
)
def test_every_finding_belongs_to_at_most_one_incident(n: int, labels: list[str]) -> None:
    findings = frame(*[finding(finding_id=f"f{i}") for i in range(n)])
    truth = [
        {"id": f"I{i}", "label": lab, "principal_arn": "arn:aws:iam::1:role/app", **WINDOW}
        for i, lab in enumerate(labels)
    ]
    out = match(findings, read_truth(truth))
    assert out.height == n
    assert out["label"].to_list() == ["attack" if "attack" in labels else "benign"] * n
