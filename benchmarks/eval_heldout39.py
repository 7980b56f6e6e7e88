"""Grade ueba on the thirty-ninth held-out suite (Fjordlaks Havbruk, a Norwegian salmon farmer
and seafood exporter, written without reading the rules): generate each seed, ingest it, run the
daily job over the scored days, grade with ``ueba.evaluate`` and check issue 8's targets; exit 1
when one is missed.

    python benchmarks/eval_heldout39.py --seeds 1,2,3 --quiet --work /tmp/suite41-eval

The organisation and its incidents: benchmarks/results/heldout39.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded
from benchmarks.heldout39 import generate

THEFT = "A8"
KEY = "theft"
STOLEN = "the new Japan account's quote tool instance credentials (A8)"
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """Day one, the Japan account's first day and its stolen instance credentials, each
    scored with no history."""
    return checks.cold_starts(written, lake, theft=THEFT, key=KEY, new_account=written.new_account)


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result, cold_start, truth, first_day=FIRST_DAY, key=KEY, stolen=STOLEN
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
    """One seed generated into ``work/trail``, ingested, scored and graded."""
    written = generate(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed,
        work,
        written,
        source=written.trail / "AWSLogs",
        cold=cold,
        targets=targets,
        quiet=quiet,
    )


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, THEFT, KEY)


RUNNER = graded(
    __doc__,
    "heldout39-",
    evaluate,
    lambda runs: report.table(runs, block),
    lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    ),
)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    sys.exit(main())
