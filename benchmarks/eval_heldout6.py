"""Detection on the sixth held-out suite (``benchmarks/heldout6``, Lakeshore University's
research computing service), written without reading ueba's rules, models, their docs, the
other suites or their results.

For each seed: write the trail, ``ueba.ingest`` it (nothing may be quarantined), then the
daily job as ``ueba run`` does it each morning (``benchmarks._daily.daily_job``): every one of
the last five days scored with the baseline of the days before, the default models fitted on
up to 30 days before it, open incidents carried from day to day. ``ueba.evaluate`` grades every
finding against ``truth.csv`` (strict matching). Three cold starts use no history at all: the
trail's first day (nothing happens on it), the neuroscience lab's new account on its first day
(its principals only), and the day of A3 (a notebook's execution-role credentials used from a
VPS).

Run::

    python benchmarks/eval_heldout6.py --seeds 1,2,3 --quiet --work /tmp/h6eval
    python benchmarks/eval_heldout6.py --seeds 1 --days 10 --scale 0.3 --format json

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_checks import RANK, inputs
from benchmarks._suite_checks import expected as expectations
from benchmarks._suite_run import cli, graded
from benchmarks.heldout6 import Written, generate

__all__ = ["RANK", "evaluate_seed", "expectations", "inputs", "main", "targets"]


def cold_starts(written: Written, lake: Path) -> dict[str, Any]:
    """Scoring with no history: day one, the new account's first day, and A3's day."""
    joined = (written.joined, written.accounts["neuro"])
    return checks.cold_starts(written, lake, new_account=joined, theft="A3", key="a3")


def targets(result: Any, cold: dict[str, Any], truth: Path) -> list[tuple[bool, str]]:
    """Issue 8's targets, each (met, a sentence with the measured figure)."""
    return checks.standard_targets(
        result,
        cold,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="a3",
        stolen="a notebook's stolen workload credentials (A3)",
    )


def evaluate_seed(seed: int, work: Path, *, days: int, scale: float, quiet: bool) -> dict[str, Any]:
    written = generate(work / "trail", seed, days=days, scale=scale)
    return checks.graded_run(
        seed,
        work,
        written,
        source=written.trail / "AWSLogs",
        cold=cold_starts,
        targets=targets,
        quiet=quiet,
        what="part of the heldout6 trail",
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, "A3", "a3"))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(runs, "events population tiers cold_start incidents targets seconds")


RUNNER = graded(
    __doc__, "ueba-heldout6-", evaluate_seed, render_table, render_json, scored_days=None
)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())
