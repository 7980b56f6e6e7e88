"""Twenty-second held-out suite (BrightPath Learning, a US K-12 education-technology SaaS,
written without reading the rules): generate, ingest, run the daily job over the last five days,
grade with ``ueba.evaluate`` against issue 8's targets and each incident's expected severity.

    python benchmarks/eval_heldout22.py --seeds 1,2,3 --quiet --work /tmp/h22

Per seed: the per-tier table (attacks at medium+, false medium+ and false any per 1,000
principal-days, benign changes at medium+, findings per incident), every incident's highest
severity, the cold starts (the trail's first day and the research account's first day scored
with no history, and A10, the research account's instance key used from a VPS on its second
day, scored with no history) and the targets; exit 1 when a target is missed on some seed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded
from benchmarks.heldout22 import generate


def cold(written: Any, lake: Path) -> dict[str, Any]:
    return checks.cold_starts(
        written, lake, theft="A10", key="theft", new_account=written.new_account
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="theft",
        stolen="the research account's instance key used from a VPS (A10)",
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int = 5, quiet: bool = True
) -> dict[str, Any]:
    if scored_days != 5:
        raise SystemExit("the suite's incidents are laid out over five scored days")
    started = time.process_time()
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "trail", seed=seed, days=days, scale=scale)
    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    run["cpu_seconds"] = time.process_time() - started
    return run


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, "A10", "theft")


RUNNER = graded(
    __doc__,
    "heldout22-",
    evaluate,
    lambda runs: report.table(runs, block),
    lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    ),
)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))
