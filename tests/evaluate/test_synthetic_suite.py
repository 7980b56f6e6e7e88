"""The synthetic suite (``benchmarks/eval_detection.py``) at small scale, graded by
``ueba.evaluate``: the issue-8 targets, and ``ueba evaluate`` reproducing the suite's numbers.

Targets current detection does not meet are strict xfails with the value measured on main;
they flip (and fail, to be unmarked) when the incident work lands. The generator's own grader
(``DetectionEval``, issue 4's targets) is checked here too, on the same run: one end-to-end run
of the daily job serves both (it was run twice, once from tests/detect/test_eval_synthetic.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks.eval_detection import grade
from benchmarks.eval_targets import shortfalls
from benchmarks.synth import evaluate_detection, make_plan
from ueba.cli import main


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    work = tmp_path_factory.mktemp("synthetic")
    plan = make_plan(days=10, seed=0, scale=0.25, accounts=2, inject_days=3)
    result = evaluate_detection(plan, work_dir=work)
    return result, grade(result, work), work


def test_every_attack_is_found_at_some_severity(suite: tuple[Any, Any, Path]) -> None:
    _, graded, _ = suite
    low = graded.tier("low")
    assert low["attacks"] == 6 and low["attacks_found"] == 6, graded.to_text()


def test_ueba_evaluate_reproduces_the_suites_numbers(suite: tuple[Any, Any, Path]) -> None:
    result, graded, work = suite
    out = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--findings",
            str(work / "findings.jsonl"),
            "--truth",
            str(work / "truth.csv"),
            "--population",
            str(result.principal_days),
            "--slack",
            "1h",
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    cli = json.loads(out.stdout)
    assert cli["tiers"] == json.loads(json.dumps(graded.to_dict(), default=str))["tiers"]
    # and the generator's own grader agrees: found compromises, benign at medium+, false positives
    every, medium = cli["tiers"]["info"], cli["tiers"]["medium"]
    assert (
        every["attacks_found"]
        == result.incidents.filter(
            (result.incidents["kind"] == "compromise") & result.incidents["found"]
        ).height
    )
    assert (
        medium["benign_flagged"]
        == result.incidents.filter(
            (result.incidents["kind"] == "benign_change")
            & (result.incidents["max_rank"].fill_null(0) >= 2)
        ).height
    )
    assert every["unlabelled_findings"] == result.false_positives.height
    assert cli["population"]["principal_days"] == result.principal_days


def test_medium_and_above_finds_every_attack(suite: tuple[Any, Any, Path]) -> None:
    medium = suite[1].tier("medium")
    assert medium["attacks_found"] == medium["attacks"], suite[1].to_text()


def test_medium_and_above_flags_no_benign_change_and_at_most_1_false_per_1000(
    suite: tuple[Any, Any, Path],
) -> None:
    medium = suite[1].tier("medium")
    assert medium["benign_flagged"] == 0 and medium["false_per_1000"] <= 1.0, suite[1].to_text()


def test_any_severity_at_most_10_false_findings_per_1000(suite: tuple[Any, Any, Path]) -> None:
    assert suite[1].tier("info")["false_per_1000"] <= 10.0, suite[1].to_text()


def test_any_severity_at_most_2_findings_per_incident(suite: tuple[Any, Any, Path]) -> None:
    assert suite[1].tier("info")["max_findings_per_incident"] <= 2, suite[1].to_text()


def test_every_issue_8_target_is_met(suite: tuple[Any, Any, Path]) -> None:
    assert shortfalls(suite[1]) == []


# The generator's own verdict (issue 4): every compromise found, no benign change at medium or
# above, at most 1 false-positive finding per 1,000 principal-days.
def test_generator_grader_finds_every_injected_compromise(suite: tuple[Any, Any, Path]) -> None:
    result = suite[0]
    missed = result.incidents.filter(
        (result.incidents["kind"] == "compromise") & ~result.incidents["found"]
    )
    assert missed.height == 0, result.to_markdown()


def test_generator_grader_sees_no_benign_change_at_medium(suite: tuple[Any, Any, Path]) -> None:
    result = suite[0]
    benign = result.incidents.filter(result.incidents["kind"] == "benign_change")
    loud = benign.filter(benign["max_rank"].fill_null(0) >= 2)
    assert loud.height == 0, result.to_markdown()


def test_generator_grader_counts_under_one_false_positive_per_1000_principal_days(
    suite: tuple[Any, Any, Path],
) -> None:
    result = suite[0]
    assert result.principal_days > 0
    assert result.fp_per_1000 <= 1.0, (
        result.to_markdown()
        + "\n"
        + str(
            result.false_positives.select("day", "severity", "principal_arn", "reasons").to_dicts()
        )
    )
