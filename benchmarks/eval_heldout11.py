"""Grade ueba on the eleventh held-out suite (Sitara Pay, written without reading the rules):
generate each seed, ingest it, run the daily job over the last --scored-days days, grade with
ueba.evaluate, and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout11.py --seeds 1,2,3 --quiet --work DIR
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import Option, Runner, cli, unmet

THEFT = "A11"  # the new account's node credentials used from a VPS


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int,
    scale: float,
    scored_days: int,
    quiet: bool,
    incidents: Any = None,
) -> dict[str, Any]:
    from benchmarks.heldout11 import write

    if scored_days != 5:
        raise SystemExit("heldout11 scores exactly its last 5 days (the incidents fall on them)")
    written = write(work / "gen", seed=seed, days=days, scale=scale)

    def cold(w: Any, lake: Path) -> dict[str, Any]:
        return checks.cold_starts(w, lake, theft=THEFT, key="theft", new_account=w.new_account)

    def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
        return checks.standard_targets(
            result,
            cold_start,
            truth,
            first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
            key="theft",
            stolen="the new account's node credentials used from a VPS (A11)",
        )

    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    run["show_incidents"] = bool(incidents)
    return run


def seed_text(run: dict[str, Any]) -> str:
    lines = report.heldout_block(run, THEFT, "theft")
    if run.get("show_incidents"):
        lines.append(
            run["result"]
            .incidents.select("id", "label", "max_severity", "findings")
            .sort("id")
            .__repr__()
        )
    return "\n".join(lines)


RUNNER = Runner(
    description=(__doc__ or "").split("\n\n")[0],
    prefix="heldout11-",
    evaluate=evaluate,
    misses=unmet,
    seed_text=seed_text,
    json_text=lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    ),
    options=(Option("--incidents", None, "Also print every incident's grade (any value)."),),
)

if __name__ == "__main__":
    raise SystemExit(cli(RUNNER))
