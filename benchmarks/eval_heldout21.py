"""Generate the twenty-first held-out suite (Koorak Minerals, an Australian mining company),
ingest it, run the daily job over its last five days and grade it with ``ueba.evaluate``;
exit 1 when a target of issue 8 is missed on some seed.

    python benchmarks/eval_heldout21.py --seeds 1,2,3 --quiet --work /tmp/h21

Per seed: the per-tier table, each incident's highest severity, the cold starts (the trail's
first day and the lithium project's account's first day with no history, and the new account's
instance key stolen on its second day scored alone), the targets; then one row per seed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout21 import generate
from benchmarks.heldout21._org import ACCOUNTS

NEW_ACCOUNT = ACCOUNTS["lithium-project"]
THEFT, KEY = "A8", "theft"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    return checks.cold_starts(
        written, lake, theft=THEFT, key=KEY, new_account=(written.scored[1], NEW_ACCOUNT)
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key=KEY,
        stolen="the new account's instance key used from DigitalOcean",
    )


def evaluate(
    seed: int, work: Path, *, days: int = 24, scale: float = 1.0, quiet: bool = True
) -> dict[str, Any]:
    """One seed: generated into ``work/trail``, graded (``_suite_checks.graded_run``)."""
    written = generate(work / "trail", seed=seed, days=days, scale=scale)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def row(run: dict[str, Any]) -> str:
    """The seed's row: events (files), principal-days, attacks medium+, false medium+ and any
    (per 1,000), benign medium+, findings per incident mean (max)."""
    r, w = run["result"], run["written"]
    medium, every = r.tier("medium"), r.tier("info")
    return (
        f"| {run['seed']} | {w.events:,} ({w.files:,}) | {r.population:,} | "
        f"{medium['attacks_found']}/{medium['attacks']} | {medium['false_findings']} "
        f"({medium['false_per_1000'] or 0:.2f}) | {every['false_findings']} "
        f"({every['false_per_1000'] or 0:.2f}) | {medium['benign_flagged']}/{medium['benign']} | "
        f"{every['findings_per_incident'] or 0:.2f} ({every['max_findings_per_incident'] or 0}) | "
        f"{run['cold']['medium_or_above']} / {run['cold']['new_account_medium_or_above']} |"
    )


def final(runs: list[dict[str, Any]]) -> str:
    head = (
        "| seed | events (files) | principal-days | attacks medium+ | false medium+ (per 1,000) | "
        "false any (per 1,000) | benign medium+ | findings / incident (max) | "
        "cold start medium+: day one / new account |"
    )
    return "\n".join(
        ["## All seeds", "", head, "|---|---|---|---|---|---|---|---|---|"] + [row(r) for r in runs]
    )


RUNNER = harness.Runner(
    description=harness.description(__doc__),
    prefix="heldout21-",
    evaluate=evaluate,
    misses=harness.unmet,
    scored_days=None,
    seed_text=lambda run: report.table([run], lambda r: report.heldout_block(r, "A8", KEY)),
    final_text=final,
    json_text=lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    ),
)

if __name__ == "__main__":
    sys.exit(harness.cli(RUNNER))
