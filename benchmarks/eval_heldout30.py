"""The thirtieth held-out suite (Gemeente Dommelvaart, written without reading the rules):
generate each seed, ingest it, run the daily job over its scored days, grade with
``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout30.py --seeds 1,2,3 --quiet --work /tmp/suite32-eval

Cold starts with no history: the trail's first day, the dataplatform account's first day
(vended by Account Factory on the third scored day) and A7, that account's Airflow instance
credentials used from a VPS on the same day."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as suite_run
from benchmarks.heldout30 import generate

THEFT = "A7"
STOLEN = "the new account's Airflow instance credentials (A7)"
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The three cold starts: the trail's first day, the new account's first day, A7's day."""
    return checks.cold_starts(
        written, lake, theft=THEFT, key="theft", new_account=written.new_account
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result, cold_start, truth, first_day=FIRST_DAY, key="theft", stolen=STOLEN
    )


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> dict[str, Any]:
    """One seed generated under ``work/trail`` and graded (``_suite_checks.graded_run``)."""
    work = Path(work)
    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, "A7 (the new account's Airflow instance credentials)", "theft")


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, block)


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = suite_run.graded(__doc__, "heldout30-", evaluate, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return suite_run.cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())
