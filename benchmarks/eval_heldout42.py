"""The forty-second held-out suite (Sendero Boletos, written without reading the rules): generate
each seed with ``benchmarks.heldout42``, ingest it, run the daily job over its scored days, grade
the findings with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout42.py --seeds 1,2,3 --quiet --work /tmp/suite44-eval

The organisation and its incidents: ``benchmarks/results/heldout42.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout42 import write

THEFT, KEY = "A9", "theft"
STOLEN = "the new account's instance credentials (A9)"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day and the festival account's first day scored with no history, and
    A9 (its web instance's credentials from Contabo on that day) with none."""
    return checks.cold_starts(written, lake, theft=THEFT, key=KEY, new_account=written.new_account)


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key=KEY,
        stolen=STOLEN,
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    written = write(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, f"{THEFT} ({STOLEN})", KEY)


RUNNER = harness.Runner(
    description=harness.description(__doc__),
    prefix="heldout42-",
    evaluate=evaluate,
    misses=harness.unmet,
    seed_text=lambda run: report.table([run], block),
    json_text=lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    ),
)


def main(argv: list[str] | None = None) -> int:
    return harness.cli(RUNNER, argv)


if __name__ == "__main__":
    sys.exit(main())
