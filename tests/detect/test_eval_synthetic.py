"""End to end on a synthetic organisation: the real enrich -> Baseline -> Scorer daily job must
find every injected compromise, stay quiet on benign change, and keep false positives rare.

This is the small-scale version of ``benchmarks/eval_detection.py`` (see benchmarks/README.md).
The targets are the project's (issue 4): every compromise found; no benign change at medium or
above; at most 1 false-positive finding per 1,000 principal-days.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synth import DetectionEval, evaluate_detection, make_plan


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> DetectionEval:
    plan = make_plan(days=10, seed=0, scale=0.25, accounts=2, inject_days=3)
    work: Path = tmp_path_factory.mktemp("eval")
    return evaluate_detection(plan, work_dir=work)


@pytest.mark.slow
def test_every_injected_compromise_is_found(result: DetectionEval) -> None:
    missed = result.incidents.filter((result.incidents["kind"] == "compromise") & ~result.incidents["found"])
    assert missed.height == 0, result.to_markdown()


@pytest.mark.slow
def test_no_benign_change_reaches_medium(result: DetectionEval) -> None:
    benign = result.incidents.filter(result.incidents["kind"] == "benign_change")
    loud = benign.filter(benign["max_rank"].fill_null(0) >= 2)
    assert loud.height == 0, result.to_markdown()


@pytest.mark.slow
def test_false_positives_stay_under_one_per_thousand_principal_days(result: DetectionEval) -> None:
    assert result.principal_days > 0
    assert result.fp_per_1000 <= 1.0, result.to_markdown() + "\n" + str(
        result.false_positives.select("day", "severity", "principal_arn", "reasons").to_dicts()
    )
