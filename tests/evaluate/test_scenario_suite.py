"""The adversarial scenario suite (``benchmarks/eval_scenarios.py``) at small scale: generate,
ingest, run the daily job over the last five days, grade with ``ueba.evaluate``.

Five scored days, not two: the any-severity target is a rate (<= 10 false findings per 1,000
principal-days) and the one change note a fleet-wide release is allowed (B1) is 15 per 1,000 of
the 66 principal-days two small days hold, so a two-day run cannot tell a met target from a
missed one; five days hold about 160. Three days of history before them, not seven (8 days,
not 12): every incident is in the scored five, the joining account joins on day 1 (day 2 at 12),
and every target is met at 8 days as at 12 (seed 1, scale 0.2; twelfth session, ci12b).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchmarks.eval_scenarios import evaluate_seed
from benchmarks.eval_targets import shortfalls
from ueba.cli import main


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    work = tmp_path_factory.mktemp("scenarios")
    result, written, findings = evaluate_seed(1, work, days=8, scale=0.2, scored_days=5)
    return result, written, findings


def test_every_attack_is_found_at_some_severity(suite: tuple[Any, Any, Path]) -> None:
    low = suite[0].tier("low")
    assert low["attacks"] == 8 and low["attacks_found"] == 8, suite[0].to_text()


def test_ueba_evaluate_from_files_and_the_lake_gives_the_same_figures(
    suite: tuple[Any, Any, Path],
) -> None:
    result, written, findings = suite
    out = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--findings",
            str(findings),
            "--truth",
            str(written.truth),
            "--lake",
            str(findings.parent / "lake"),
            "--days",
            f"{written.scored[0]}:{written.scored[-1]}",
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    cli = json.loads(out.stdout)
    assert cli["population"]["principal_days"] == result.population
    assert cli["tiers"] == json.loads(json.dumps(result.to_dict(), default=str))["tiers"]


def test_medium_and_above_finds_every_attack(suite: tuple[Any, Any, Path]) -> None:
    medium = suite[0].tier("medium")
    assert medium["attacks_found"] == medium["attacks"], suite[0].to_text()


def test_medium_and_above_flags_no_benign_change(suite: tuple[Any, Any, Path]) -> None:
    assert suite[0].tier("medium")["benign_flagged"] == 0, suite[0].to_text()


def test_medium_and_above_at_most_1_false_finding_per_1000_principal_days(
    suite: tuple[Any, Any, Path],
) -> None:
    assert suite[0].tier("medium")["false_per_1000"] <= 1.0, suite[0].to_text()


def test_any_severity_at_most_10_false_findings_per_1000_principal_days(
    suite: tuple[Any, Any, Path],
) -> None:
    assert suite[0].tier("info")["false_per_1000"] <= 10.0, suite[0].to_text()


def test_any_severity_at_most_2_findings_per_incident(suite: tuple[Any, Any, Path]) -> None:
    assert suite[0].tier("info")["max_findings_per_incident"] <= 2, suite[0].to_text()


def test_every_issue_8_target_is_met(suite: tuple[Any, Any, Path]) -> None:
    assert shortfalls(suite[0]) == []
