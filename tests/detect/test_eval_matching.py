"""Grading findings against the synthetic truth: what counts as found, benign, false positive."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synth import TRUTH_SCHEMA, grade, match_findings
from ueba.schema import FINDINGS, UTC_US, conform

T0 = dt.datetime(2024, 6, 28, 12, tzinfo=dt.UTC)
KEY = "ASIAAAAAAAAAAAAAAAAA"
ROLE = "arn:aws:iam::111111111111:role/app"
USER = "arn:aws:iam::111111111111:user/alice"


def _truth() -> pl.DataFrame:
    rows = [
        ("C1", "compromise", "stolen key", KEY, ROLE, T0, T0 + dt.timedelta(minutes=10), "found"),
        (
            "B1",
            "benign_change",
            "deploy",
            None,
            ROLE,
            T0 - dt.timedelta(days=1),
            T0 + dt.timedelta(days=2),
            "not medium+",
        ),
        ("C2", "compromise", "console", None, USER, T0, T0 + dt.timedelta(minutes=5), "found"),
    ]
    return pl.DataFrame(rows, schema=TRUTH_SCHEMA, orient="row")


def _findings(*rows: tuple[str, str | None, str, dt.datetime]) -> pl.DataFrame:
    frame = pl.DataFrame(
        [
            {
                "finding_id": f"f{i}",
                "severity": sev,
                "access_key_id": key,
                "principal_arn": principal,
                "first_seen": at,
                "last_seen": at + dt.timedelta(minutes=1),
                "rules": ["r"],
            }
            for i, (sev, key, principal, at) in enumerate(rows)
        ],
        schema_overrides={"first_seen": UTC_US, "last_seen": UTC_US},
    )
    return conform(frame.lazy(), FINDINGS).collect()


def test_key_match_inside_the_window_is_the_compromise() -> None:
    matched = match_findings(_findings(("high", KEY, ROLE, T0 + dt.timedelta(minutes=2))), _truth())
    assert matched["incident"].to_list() == ["C1"]


def test_same_principal_outside_the_compromise_window_is_the_benign_change() -> None:
    later = T0 + dt.timedelta(hours=5)
    matched = match_findings(_findings(("low", "ASIAOTHER", ROLE, later)), _truth())
    assert matched["incident"].to_list() == ["B1"]


def test_finding_on_an_unrelated_principal_is_a_false_positive() -> None:
    other = "arn:aws:iam::111111111111:role/other"
    matched = match_findings(_findings(("medium", "ASIAX", other, T0)), _truth())
    assert matched["incident"].to_list() == [None]


def test_console_finding_without_a_key_matches_by_principal_and_time() -> None:
    matched = match_findings(
        _findings(("high", None, USER, T0), ("high", None, USER, T0 + dt.timedelta(days=1))),
        _truth(),
    )
    assert matched["incident"].to_list() == ["C2", None]


def test_grade_reports_found_missed_benign_severity_and_fp_rate() -> None:
    findings = _findings(
        ("high", KEY, ROLE, T0),
        ("medium", None, ROLE, T0 + dt.timedelta(hours=6)),
        ("low", None, "arn:aws:iam::111111111111:role/other", T0),
    )
    result = grade(findings, _truth(), principal_days=500, scored_days=[T0.date()])
    by_id = {r["id"]: r for r in result.incidents.iter_rows(named=True)}
    assert by_id["C1"]["found"] and by_id["C1"]["max_severity"] == "high"
    assert not by_id["C2"]["found"]
    assert by_id["B1"]["max_severity"] == "medium"
    assert result.false_positives.height == 1
    assert result.fp_per_1000 == 2.0
    problems = " ".join(result.shortfalls())
    assert "C2 (console) was not found" in problems
    assert "B1 (deploy) raised a medium finding" in problems
    assert "2.00 per 1,000" in problems
    assert "| C1 stolen key | compromise | found | 1 | high | found |" in result.to_markdown()


def test_grade_with_every_target_met_has_no_shortfalls() -> None:
    findings = _findings(
        ("high", KEY, ROLE, T0),
        ("critical", None, USER, T0),
        ("low", None, ROLE, T0 + dt.timedelta(hours=3)),
    )
    result = grade(findings, _truth(), principal_days=1000, scored_days=[T0.date()])
    assert result.shortfalls() == []
    assert result.fp_per_1000 == 0.0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["low", "medium", "high"]),
            st.sampled_from([KEY, "ASIAOTHER", None]),
            st.sampled_from([ROLE, USER, "arn:aws:iam::111111111111:role/other"]),
            st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60),
        ),
        min_size=1,
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_matching_is_explained_by_key_or_principal_and_time_whatever_the_order(
    rows: list[tuple[str, str | None, str, int]], shuffler: random.Random
) -> None:
    truth = _truth().to_dicts()
    findings = _findings(
        *[(sev, key, arn, T0 + dt.timedelta(minutes=m)) for sev, key, arn, m in rows]
    )
    matched = match_findings(findings, _truth())
    by_id = {row["finding_id"]: row["incident"] for row in matched.iter_rows(named=True)}
    order = list(range(findings.height))
    shuffler.shuffle(order)
    again = match_findings(findings[order], _truth())
    assert {row["finding_id"]: row["incident"] for row in again.iter_rows(named=True)} == by_id
    for row in matched.iter_rows(named=True):
        if row["incident"] is None:
            continue
        incident = next(t for t in truth if t["id"] == row["incident"])
        assert (
            row["access_key_id"] == incident["access_key_id"]
            or row["principal_arn"] == incident["principal_arn"]
        )
        assert row["first_seen"] <= incident["end"] + dt.timedelta(hours=1)
        assert row["last_seen"] >= incident["start"] - dt.timedelta(hours=1)


def test_an_incident_finding_matches_by_any_of_its_folded_keys() -> None:
    # the fold names the strongest key in access_key_id; the stolen one may be another of them
    other_role = "arn:aws:iam::111111111111:role/other"
    frame = _findings(("high", "ASIASTRONGEST", other_role, T0 + dt.timedelta(minutes=2)))
    frame = frame.with_columns(
        access_key_ids=pl.lit(["ASIASTRONGEST", KEY], dtype=pl.List(pl.String))
    )
    assert match_findings(frame, _truth())["incident"].to_list() == ["C1"]


def test_findings_per_incident_counts_the_findings_of_found_incidents() -> None:
    two = _findings(
        ("high", KEY, ROLE, T0 + dt.timedelta(minutes=2)),
        ("medium", KEY, ROLE, T0 + dt.timedelta(minutes=3)),
        ("high", None, USER, T0),
    )
    result = grade(two.with_columns(day=pl.lit(T0.date())), _truth(), 1000, [T0.date()])
    assert result.findings_per_incident == 1.5
    assert "Findings per found incident: **1.50**" in result.to_markdown()
