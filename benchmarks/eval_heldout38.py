"""Grade ueba on the thirty-eighth held-out suite (Cedarline Pharmacy, written blind): generate
each seed, ingest it, run the daily job over the scored days, grade with ``ueba.evaluate`` and
check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout38.py --seeds 1,2,3 --quiet --work /tmp/suite40-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import Runner, cli, description, unmet
from benchmarks.heldout38 import THEFT, generate

FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the new Quebec account's instance credentials (A9)"


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> dict[str, Any]:
    """One seed: generated into ``work/org``, graded by ``_suite_checks.graded_run``."""
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "org", seed, days=days, scale=scale, scored_days=scored_days)

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


def seed_text(run: dict[str, Any]) -> str:
    return "\n".join(report.heldout_block(run, THEFT, "theft"))


def json_text(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = Runner(
    description=description(__doc__),
    prefix="heldout38-",
    evaluate=evaluate,
    misses=unmet,
    seed_text=seed_text,
    json_text=json_text,
)

if __name__ == "__main__":
    raise SystemExit(cli(RUNNER))
