"""The ninth held-out suite (Tallgrass Goods), end to end: generate, ingest, the daily job on
the scored days (open incidents kept from one day to the next, as ``ueba run`` keeps them beside
the model), grade with ``ueba.evaluate``; then cold start: the trail's first day scored
with no history, and the marketplace account that joins on the first scored day.

    python benchmarks/eval_heldout9.py --seeds 1,2,3 --quiet --work DIR

Prints per-seed rows and the per-tier tables; exits 1 when a target of
``benchmarks/eval_targets.py`` (or a cold-start target of issue 8) is missed.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import eval_targets
from benchmarks._daily import daily_job
from benchmarks._suite_report import target_lines, tier_table
from benchmarks._suite_run import Runner, cli, description
from benchmarks.heldout9 import generate

RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
MEDIUM_UP = ["medium", "high", "critical"]


def run_seed(seed: int, work: Path, *, days: int, scale: float, quiet: bool) -> dict[str, Any]:
    import ueba
    from ueba.config import Config
    from ueba.detect.incidents import IncidentStore
    from ueba.evaluation import population_from_lake

    work.mkdir(parents=True, exist_ok=True)
    out, lake, model = work / f"seed{seed}", work / f"lake{seed}", work / f"model{seed}"
    for path in (out, lake, model):
        shutil.rmtree(path, ignore_errors=True)
    started = time.time()
    summary = generate(out, seed=seed, days=days, scale=scale)
    ueba.ingest([str(out / "AWSLogs")], lake=str(lake))
    geo = ueba.MaxMindReader(
        asn_db=out / "geo" / "heldout9-ASN.mmdb", city_db=out / "geo" / "heldout9-City.mmdb"
    )
    options = {"geo": geo}
    all_days = [dt.date.fromisoformat(d) for d in summary["days"]]
    scored = [dt.date.fromisoformat(d) for d in summary["scored"]]
    findings, population = daily_job(
        lake,
        days=all_days,
        scored=scored,
        config=Config(),
        options=options,
        incidents=IncidentStore(model),
        quiet=quiet,
    )
    findings.write_parquet(work / f"findings{seed}.parquet")  # to grade again without scoring
    result = ueba.evaluate(findings, out / "truth.csv", population=population)
    # cold start 1: the trail's first day, no history at all
    first, _ = daily_job(
        lake, days=all_days[:1], scored=all_days[:1], config=Config(), options=options, quiet=True
    )
    first_principals = population_from_lake(lake, start=all_days[0], end=all_days[0])
    # cold start 2: the account that joined on the first scored day (attacks excluded)
    matched = result.findings
    new_account = matched.filter(
        (pl.col("account_id") == summary["new_account"])
        & (pl.col("label").fill_null("") != "attack")
    )
    new_pd = population_from_lake(
        lake, start=scored[0], end=scored[-1], accounts=[summary["new_account"]]
    )
    return {
        "seed": seed,
        "result": result,
        "summary": summary,
        "truth": list(csv.DictReader(open(out / "truth.csv"))),
        "day_one_medium": first.filter(pl.col("severity").is_in(MEDIUM_UP)).height,
        "day_one_any": first.height,
        "day_one_principals": first_principals,
        "new_account_medium": new_account.filter(pl.col("severity").is_in(MEDIUM_UP)).height,
        "new_account_principal_days": new_pd,
        "seconds": time.time() - started,
    }


def severity_checks(run: dict[str, Any]) -> list[tuple[bool, str]]:
    """Each attack at its expected minimum, each benign change at most its allowed maximum."""
    incidents = {row["id"]: row for row in run["result"].incidents.to_dicts()}
    checks = []
    seen = set()
    for row in run["truth"]:
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        got = (incidents.get(row["id"]) or {}).get("max_severity")
        if row["label"] == "attack":
            want = row["expected_min_severity"]
            checks.append(
                (
                    got is not None and RANK[got] >= RANK[want],
                    f"{row['id']} at {want} or above (got {got or 'nothing'}): {row['name']}",
                )
            )
        else:
            allowed = row["expected_max_severity"]
            checks.append(
                (
                    got is None or RANK[got] <= RANK[allowed],
                    f"{row['id']} at most {allowed} (got {got or 'nothing'}): {row['name']}",
                )
            )
    return checks


def cold_start_checks(run: dict[str, Any]) -> list[tuple[bool, str]]:
    day_one = 1000 * run["day_one_medium"] / max(run["day_one_principals"], 1)
    new = 1000 * run["new_account_medium"] / max(run["new_account_principal_days"], 1)
    return [
        (
            day_one <= 1.0,
            f"cold start, trail day one: {run['day_one_medium']} medium+ findings over {run['day_one_principals']} principals = {day_one:.1f} per 1,000 (target <= 1)",
        ),
        (
            new <= 1.0,
            f"cold start, new account: {run['new_account_medium']} false medium+ findings over {run['new_account_principal_days']} principal-days = {new:.1f} per 1,000 (target <= 1)",
        ),
    ]


def seed_row(run: dict[str, Any]) -> str:
    result = run["result"]
    medium, every = result.tier("medium"), result.tier("info")
    return (
        f"| {run['seed']} | {medium['attacks_found']}/{medium['attacks']} | {medium['false_per_1000'] or 0:.2f} | "
        f"{every['false_per_1000'] or 0:.2f} | {medium['benign_flagged']}/{medium['benign']} | "
        f"{every['findings_per_incident'] or 0:.2f} ({every['max_findings_per_incident'] or 0}) | "
        f"{run['day_one_medium']} / {run['day_one_principals']} | {run['new_account_medium']} / {run['new_account_principal_days']} |"
    )


def targets(run: dict[str, Any]) -> list[tuple[bool, str]]:
    """Issue 8's targets (``eval_targets.py``) and the cold starts: what the exit code counts."""
    graded = [(False, s) for s in eval_targets.shortfalls(run["result"])] or [
        (True, "issue 8 targets (eval_targets.py)")
    ]
    return graded + cold_start_checks(run)


def report(runs: list[dict[str, Any]]) -> str:
    """Every seed's row, then each seed's tiers, targets, expected severities, incidents and
    false findings; printed once every seed is done."""
    sizes = ", ".join(
        f"seed {r['seed']}: {r['summary']['events']} events, {r['seconds']:.0f} s" for r in runs
    )
    lines = [
        f"load average {os.getloadavg()[0]:.1f}; {sizes}",
        "\n| seed | attacks medium+ | false medium+ / 1,000 | false any / 1,000 | benign medium+ | findings / incident (max) | day one medium+ / principals | new account medium+ / principal-days |",
        "|---|---|---|---|---|---|---|---|",
        *(seed_row(run) for run in runs),
    ]
    for run in runs:
        lines += [f"\nseed {run['seed']}", *tier_table(run), *target_lines(targets(run))]
        lines += target_lines(severity_checks(run))
        incidents = run["result"].incidents.select(
            "id", "label", "findings", "max_severity", "rules"
        )
        lines += [
            f"  {r['id']} {r['label']}: {r['findings']} findings, max {r['max_severity']}, rules {','.join(r['rules'] or [])}"
            for r in incidents.sort("id").to_dicts()
        ]
        false = run["result"].false_findings.sort("severity", "principal_arn")
        lines += [
            f"  false {r['severity']}: {r['incident'] or 'unlabelled'} {r['principal_arn']} [{','.join(r['rules'] or [])}] {r['title']}"
            for r in false.select(
                "severity", "incident", "principal_arn", "rules", "title"
            ).to_dicts()
        ]
    return "\n".join(lines)


RUNNER = Runner(
    description=description(__doc__),
    prefix="heldout9-",
    evaluate=run_seed,
    misses=lambda run: [text for ok, text in targets(run) if not ok],
    scored_days=None,
    final_text=report,
    seed_dir=None,  # run_seed keeps seed<N> and lake<N> below --work
    work_default="/tmp/heldout9-eval",
)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    sys.exit(main())
