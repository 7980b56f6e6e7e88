"""Detection on the fourth held-out suite (``benchmarks/heldout4``, Cobalt Ridge Health), written
without reading ueba's rules, models, their docs, the other suites or their results.

For each seed: write the trail, ``ueba.ingest`` it (nothing may be quarantined), then the
daily job as ``ueba run`` does it each morning: every one of the last ``--scored-days`` days
scored with the baseline of the days before, the default models fitted on up to 30 days before
it, and open incidents carried from day to day. ``ueba.evaluate`` grades every finding against
``truth.csv`` (strict matching). Cold starts use no history at all: the trail's first day
(nothing happens on it), the joining clinic account's first day (its principals only), and the
day of A8 (an EMR node's instance credentials used from a VPS).

Run::

    python benchmarks/eval_heldout4.py --seeds 1,2,3 --quiet --work /tmp/h4eval   # 24 days, last 5 scored
    python benchmarks/eval_heldout4.py --seeds 1 --days 10 --scale 0.3 --format json

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
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
from benchmarks.heldout4 import Written, generate

COLD_ATTACK = "A8"


def cold(written: Written, lake: Path) -> dict[str, Any]:
    """No history: the trail's first day, the joining account's first day, A8's day."""
    joined = (written.joined, written.accounts["west"])
    return checks.cold_starts(
        written, lake, new_account=joined, theft=COLD_ATTACK, key="theft", earliest=True
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[tuple[bool, str]]:
    """Issue 8's targets, each (met, the sentence with the figure measured)."""
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="theft",
        stolen=f"stolen instance credentials ({COLD_ATTACK})",
    )


def evaluate_seed(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    began, cpu = time.perf_counter(), time.process_time()
    written = generate(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    run = checks.graded_run(
        seed,
        work,
        written,
        source=written.trail / "AWSLogs",
        cold=cold,
        targets=targets,
        quiet=quiet,
        what="part of the heldout4 trail",
    )
    run["seconds"], run["cpu_seconds"] = time.perf_counter() - began, time.process_time() - cpu
    return run


def _block(run: dict[str, Any]) -> list[str]:
    per = run["result"].incidents.select("id", "max_severity", "findings").sort("id")
    return report.seed_lines(
        run,
        report.seed_header(
            run,
            files=True,
            took=f"{run['seconds']:.0f} s wall, {run['cpu_seconds']:.0f} s CPU in this process",
        ),
        "\nPer incident (highest severity, findings): "
        + " ".join(f"{i}:{s or '-'}/{n}" for i, s, n in per.iter_rows()),
        report.cold_line(run["cold"], COLD_ATTACK, "theft"),
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, _block)


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    )


RUNNER = graded(__doc__, "ueba-heldout4-", evaluate_seed, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())
