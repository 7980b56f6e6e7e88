"""Grade ``ueba`` on the fifteenth held-out suite (Corvid Digital Custody, ``benchmarks/heldout15``),
written without reading the rules: generate, ingest, the daily job over the last days, grade
with ``ueba.evaluate``, the cold starts (the trail's first day, the staking account's first day,
the stolen market-data instance credentials with no history) and issue 8's targets. Exit 1 when
a target is missed on some seed.

    python benchmarks/eval_heldout15.py --seeds 1,2,3 --quiet --work /tmp/heldout15
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import Runner, cli, description, unmet

SUITE = "heldout15"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    return checks.cold_starts(
        written, lake, theft="A2", key="theft", new_account=written.new_account
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="theft",
        stolen="the market-data node's stolen instance credentials (A2)",
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    from benchmarks.heldout15 import generate

    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored=scored_days)
    run = checks.graded_run(
        seed,
        work,
        written,
        source=work / "trail" / "AWSLogs",
        cold=cold,
        targets=targets,
        quiet=quiet,
    )
    now = resource.getrusage(resource.RUSAGE_SELF)
    run["seconds"] = time.perf_counter() - started
    run["cpu_seconds"] = (now.ru_utime + now.ru_stime) - (cpu.ru_utime + cpu.ru_stime)
    return run


def headline(run: dict[str, Any]) -> str:
    """The figures the targets speak of, in one line."""
    medium, every = run["result"].tier("medium"), run["result"].tier("info")
    c = run["cold"]
    return (
        f"seed {run['seed']}: attacks medium+ {medium['attacks_found']}/{medium['attacks']}; false medium+ "
        f"{medium['false_per_1000'] or 0:.2f} and false any {every['false_per_1000'] or 0:.2f} per 1,000 principal-days; "
        f"benign medium+ {medium['benign_flagged']}/{medium['benign']}; findings per incident "
        f"{every['findings_per_incident'] or 0:.2f} mean, {every['max_findings_per_incident'] or 0} max; cold start: day one "
        f"{c['medium_or_above']} medium+, new account {c['new_account_medium_or_above']} medium+, A2 {c['theft_severity'] or 'not found'}"
    )


def block(run: dict[str, Any]) -> list[str]:
    return [headline(run), "", *report.heldout_block(run, "A2", "theft")]


def final(runs: list[dict[str, Any]]) -> str:
    lines = ["## All seeds", "", *(headline(r) for r in runs), ""]
    for r in runs:
        missed = unmet(r)
        lines.append(
            f"Seed {r['seed']} targets: "
            + ("all met." if not missed else "MISSED: " + "; ".join(missed) + ".")
        )
    return "\n".join(lines)


RUNNER = Runner(
    description=description(__doc__),
    prefix="heldout15-",
    evaluate=evaluate,
    misses=unmet,
    seed_text=lambda run: report.table([run], block),
    final_text=final,
    json_text=lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    ),
)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))
