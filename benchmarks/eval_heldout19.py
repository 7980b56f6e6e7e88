"""Grade ``ueba`` on the nineteenth held-out suite (Kurenai Mobility, a Japanese connected-car
platform), written without reading the rules: generate each seed, ingest it, run the daily job
on the scored days, grade with ``ueba.evaluate`` and check issue 8's targets; exit 1 if one is
missed on some seed.

    python benchmarks/eval_heldout19.py --seeds 1,2,3 --quiet --work /tmp/suite21-eval
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks._suite_report import heldout_block, seeds_json, table
from benchmarks._suite_run import cli, graded
from benchmarks.heldout19 import COLD_START_ATTACK, NEW_ACCOUNT, generate

FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day, the charging account's first day and the cold-start theft (A10,
    the day after the account is vended), each scored with no history."""
    return checks.cold_starts(
        written, lake, theft=COLD_START_ATTACK, key="theft", new_account=NEW_ACCOUNT
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day=FIRST_DAY,
        key="theft",
        stolen="the new account's instance key used from a VPS (A10)",
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    """One seed: generated into ``work``, graded; the run's dict for the report."""
    started, cpu = time.perf_counter(), time.process_time()
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work, seed=seed, days_=days, scale=scale, scored_days=scored_days)
    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    run["seconds"] = time.perf_counter() - started
    run["cpu_seconds"] = time.process_time() - cpu
    return run


def render(runs: list[dict[str, Any]]) -> str:
    return table(runs, lambda r: heldout_block(r, "A10", "theft"))


def render_json(runs: list[dict[str, Any]]) -> str:
    return seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    )


RUNNER = graded(__doc__, "suite21-", evaluate, render, render_json)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))
