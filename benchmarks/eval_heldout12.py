"""Grade ueba on the twelfth held-out suite (Borealis Grid Corporation, an electric utility),
written without reading the rules: generate each seed, ingest it, run the daily job over the
scored days, grade with ``ueba.evaluate`` and check issue 8's targets (exit 1 if one is missed).

    python benchmarks/eval_heldout12.py --seeds 1,2,3 --quiet --work /tmp/h12

Per seed: the per-tier table (attacks at medium+, false findings per 1,000 principal-days at
medium+ and at any severity, benign changes flagged, findings per incident mean and max), each
incident's highest severity, and the cold starts (the trail's first day and the new account's
first day scored with no history, and the new account's stolen instance key, A9, on its day).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import _suite_checks as checks  # noqa: E402
from benchmarks import _suite_report as report  # noqa: E402
from benchmarks._suite_run import cli, graded  # noqa: E402

STOLEN = "A9"  # instance credentials of the account that joined, used from Linode


def cold(written: Any, lake: Path) -> dict[str, Any]:
    return checks.cold_starts(
        written,
        lake,
        theft=STOLEN,
        key="stolen",
        new_account=(written.scored[0], written.new_account),
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="stolen",
        stolen="the new account's stolen instance credentials (A9)",
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    from benchmarks.heldout12 import generate

    started, cpu = time.perf_counter(), time.process_time()
    written = generate(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    run = checks.graded_run(
        seed,
        work,
        written,
        source=work / "trail" / "AWSLogs",
        cold=cold,
        targets=targets,
        quiet=quiet,
    )
    run["seconds"], run["cpu_seconds"] = time.perf_counter() - started, time.process_time() - cpu
    return run


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, "A9 (stolen instance key, new account)", "stolen")


RUNNER = graded(
    __doc__,
    "ueba-heldout12-",
    evaluate,
    lambda runs: report.table(runs, block),
    lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    ),
)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))
