"""Thirty-first held-out suite (Xlendi Gaming plc, written without reading the rules): generate
each seed's trail, ingest it, run the daily job over the scored days, grade by severity tier
with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout31.py --seeds 1,2,3 --quiet --work /tmp/suite33-eval

The organisation, its incidents and the blind figures are in benchmarks/results/heldout31.md.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout31 import generate

THEFT = "A7"  # the new account's node credentials, stolen on its first day
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the new account's stolen node credentials (A7)"


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    """Generate, ingest, run the daily job and grade one seed under ``work``."""
    for part in ("trail", "lake", "model"):
        shutil.rmtree(work / part, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)

    def cold(prepared: Any, lake: Path) -> dict[str, Any]:
        return checks.cold_starts(
            prepared, lake, theft=THEFT, key="theft", new_account=written.new_account
        )

    def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
        return checks.standard_targets(
            result, cold_start, truth, first_day=FIRST_DAY, key="theft", stolen=STOLEN
        )

    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, THEFT, "theft"))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = harness.graded(__doc__, "suite-heldout31-", evaluate, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return harness.cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())
