"""The cold-start measurement (``benchmarks/eval_coldstart.py``) at small scale: the trail's first
day and the joining account's first day with no history, and the attack days with an empty
baseline, graded against the scenario's truth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.eval_coldstart import markdown, measure, shortfalls
from benchmarks.scenarios import generate


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    work: Path = tmp_path_factory.mktemp("coldstart")
    # 6 days: the joining account's first day is the trail's second whatever the days (the
    # scenario joins it ten days before the end, at the earliest on day 1), and no measurement
    # here reads a baseline older than that day; the two attack days hold every incident. At 5
    # days the generator draws another trail in which one stolen workload key (of 4) is low
    written = generate(work / "scenario", seed=1, days=6, scale=0.2, scored_days=2)
    return measure(written, work / "lake")


def test_three_labelled_cold_cases_are_measured(rows: list[dict[str, Any]]) -> None:
    cases = [r["case"].split(" (")[0] for r in rows]
    assert cases == ["first day", "new account's first day", "attack days, no history"]
    assert all(r["principals"] > 0 for r in rows)
    assert "| first day (" in markdown([{"seed": 1, **r} for r in rows])


def test_cold_days_raise_at_most_1_medium_finding_per_1000_quiet_principals(
    rows: list[dict[str, Any]],
) -> None:
    assert [r["per_1000"] for r in rows] == [0.0, 0.0, 0.0], markdown(
        [{"seed": 1, **r} for r in rows]
    )


def test_stolen_instance_credentials_stay_medium_or_above_with_no_history(
    rows: list[dict[str, Any]],
) -> None:
    assert rows[2]["stolen_instance"] == "4/4", rows[2]
    assert shortfalls(rows) == []


def test_a_medium_finding_on_a_quiet_principal_is_a_shortfall() -> None:
    loud = {"case": "first day (x)", "principals": 500, "medium_up": 1, "per_1000": 2.0}
    assert shortfalls([loud]) == [
        "first day (x): 1 medium+ findings where nothing happened = 2.00 per 1,000 principals "
        "(target <= 1)"
    ]
