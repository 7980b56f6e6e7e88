"""The sixteenth held-out suite (Salish Metro Transit, written without reading the rules):
generate each seed, ingest it, run the daily job over the last five days, grade with
``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed on some seed.

    python benchmarks/eval_heldout16.py --seeds 1,2,3 --quiet --work /tmp/suite18-full
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout16 import Written, generate

THEFT = "A11"  # the pilot account's instance key, two days after the account joined
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"


def cold(written: Written, lake: Path) -> dict[str, Any]:
    return checks.cold_starts(
        written, lake, theft=THEFT, key="theft", new_account=written.new_account
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day=FIRST_DAY,
        key="theft",
        stolen="the pilot's stolen instance key (A11)",
    )


def evaluate(seed: int, work: Path, *, days: int, scale: float, quiet: bool) -> dict[str, Any]:
    cpu = time.process_time()
    written = generate(work / "suite", seed=seed, days=days, scale=scale)
    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    run["cpu_seconds"] = time.process_time() - cpu
    return run


def summary_row(run: dict[str, Any]) -> str:
    """One seed in the write-up's table."""
    result, written = run["result"], run["written"]
    medium, every = result.tier("medium"), result.tier("info")
    return (
        f"| {run['seed']} | {written.events:,} ({written.files:,}) | {result.population:,} | "
        f"{medium['attacks_found']}/{medium['attacks']} | {medium['false_findings']} "
        f"({medium['false_per_1000'] or 0:.2f}) | {every['false_findings']} ({every['false_per_1000'] or 0:.2f}) | "
        f"{medium['benign_flagged']}/{medium['benign']} | {every['findings_per_incident'] or 0:.2f} "
        f"({every['max_findings_per_incident'] or 0}) |"
    )


def seed_text(run: dict[str, Any]) -> str:
    return report.table(
        [run], lambda r: report.heldout_block(r, "A11 (the pilot's instance key)", "theft")
    )


def final_text(runs: list[dict[str, Any]]) -> str:
    head = (
        "| seed | events (files) | principal-days | attacks medium+ | false medium+ (per 1,000) | "
        "false any (per 1,000) | benign medium+ | findings / incident (max) |\n|---|---|---|---|---|---|---|---|"
    )
    return "## All seeds\n\n" + "\n".join([head, *map(summary_row, runs)])


RUNNER = harness.Runner(
    description=harness.description(__doc__),
    prefix="heldout16-",
    evaluate=evaluate,
    misses=harness.unmet,
    scored_days=None,  # the incidents are on the last five days
    seed_text=seed_text,
    final_text=final_text,
    json_text=lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    ),
)

if __name__ == "__main__":
    raise SystemExit(harness.cli(RUNNER))
