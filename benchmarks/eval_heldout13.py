"""Thirteenth held-out suite (the Ashgrove Institute for Biomedical Research, written without
reading the rules): generate each seed, ingest it, run the daily job over the scored days,
grade with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout13.py --seeds 1,2,3 --quiet --work /tmp/suite15-eval
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded
from benchmarks.heldout13 import NEW_ACCOUNT, generate

ATTACK, KEY = "A11 (the new lab's workstation key from DigitalOcean)", "stolen"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day, the new lab account's first day and A11's day, each scored with
    no history at all."""
    return checks.cold_starts(
        written, lake, theft="A11", key=KEY, new_account=(written.scored[0], NEW_ACCOUNT)
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key=KEY,
        stolen="the new lab's stolen workstation credentials (A11)",
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    started = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "trail", seed=seed, days=days, scored_days=scored_days, scale=scale)
    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    after = resource.getrusage(resource.RUSAGE_SELF)
    run["seconds"] = time.perf_counter() - started
    run["cpu_seconds"] = (after.ru_utime + after.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
    return run


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, ATTACK, KEY)


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, block)


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    )


RUNNER = graded(__doc__, "suite15-", evaluate, render_table, render_json)

if __name__ == "__main__":
    raise SystemExit(cli(RUNNER))
