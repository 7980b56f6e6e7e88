"""The runner of a blind suite that follows the fortieth suite's shape (``write(out, seed, days=,
scale=, scored_days=)`` returning what it wrote, a new account joining during the scored days and
its instance credentials stolen there): graded with issue 8's standard targets and cold starts.
``benchmarks/eval_heldout40.py`` and the suites after it are this runner with their generator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness

STOLEN = "the new account's instance credentials (A9)"


def runner(
    doc: str | None,
    write: Callable[..., Any],
    *,
    prefix: str,
    theft: str = "A9",
    key: str = "theft",
) -> harness.Runner:
    """The suite's runner: each seed written by ``write``, ingested, scored by the daily job
    and graded; the trail's first day and the new account's first day scored with no history,
    and ``theft`` (the new account's instance credentials, ``key`` in the truth) with none."""

    def cold(written: Any, lake: Path) -> dict[str, Any]:
        return checks.cold_starts(
            written, lake, theft=theft, key=key, new_account=written.new_account
        )

    def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
        return checks.standard_targets(
            result,
            cold_start,
            truth,
            first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
            key=key,
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
        return report.heldout_block(run, f"{theft} ({STOLEN})", key)

    return harness.Runner(
        description=harness.description(doc),
        prefix=prefix,
        evaluate=evaluate,
        misses=harness.unmet,
        seed_text=lambda run: report.table([run], block),
        json_text=lambda runs: report.seeds_json(
            runs, "events files population tiers cold_start incidents targets seconds"
        ),
    )
