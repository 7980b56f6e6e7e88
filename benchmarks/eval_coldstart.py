"""Cold start on the adversarial scenario suite: what ueba reports with no history.

Issue 8's target: on the first day of a trail, or a new account's first day, at most 1 finding
of medium or above per 1,000 principals where nothing happened, and stolen instance credentials
still medium or above. Three labelled measurements per seed, on the suite's trail
(``benchmarks/scenarios``) ingested once:

- **first day**: the trail's first day scored with an empty baseline (nothing happens that day:
  the suite's incidents are all in its last ``--scored-days`` days);
- **new account**: the day the fourth account joins (ten days before the end), scored with the
  baseline of every day before it, as the daily job would; only that account's findings and
  principals count (the other accounts are mature);
- **attack days, no history**: each scored day (the attacks and benign changes) scored with an
  empty baseline, open incidents kept from one day to the next, graded with ``ueba.evaluate`` against the truth: which attacks stay medium or
  above, and the medium+ findings on principals where nothing happened.

"Where nothing happened" is a finding that matches no labelled incident (``unlabelled``); the
denominator is the principals observed that day (principal-days over several days).

Run::

    python benchmarks/eval_coldstart.py --seeds 1,2,3          # 30 days, last 5 are attack days
    python benchmarks/eval_coldstart.py --seeds 1 --days 10 --scale 0.2 --scored-days 2

Exit status 0 when every cold-start target is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._daily import feeds
from benchmarks._suite_run import Runner, cli, description
from benchmarks.scenarios import Written, generate

# the suite's stolen workload credentials (benchmarks/scenarios/_attacks.py): an EC2 instance's
# keys outside AWS (A1) and in another account (A2), an ECS task's key (A8), an instance key of
# the joining account from a hosting provider (A7)
WORKLOAD_ATTACKS = ("A1", "A2", "A7", "A8")
MEDIUM_UP = ("medium", "high", "critical")


def _medium_up(findings: pl.DataFrame) -> pl.DataFrame:
    return findings.filter(pl.col("severity").is_in(MEDIUM_UP))


def _row(
    case: str,
    findings: pl.DataFrame,
    principals: int,
    quiet: pl.DataFrame | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """``quiet``: the findings on principals where nothing happened (default: all of them)."""
    loud = _medium_up(findings if quiet is None else quiet)
    return {
        "case": case,
        "principals": principals,
        "findings": findings.height,
        "medium_up": loud.height,
        "per_1000": 1000.0 * loud.height / principals if principals else 0.0,
        "rules": ", ".join(
            f"{r} {n}"
            for r, n in loud.group_by("rule").len().sort("len", descending=True).iter_rows()
        ),
        **extra,
    }


def measure(written: Written, lake: Path, *, quiet: bool = True) -> list[dict[str, Any]]:
    """Ingest the trail and take the three cold-start measurements (module docstring)."""
    import ueba
    from ueba.config import Config
    from ueba.detect.incidents import IncidentStore
    from ueba.evaluation import population_from_lake
    from ueba.pipeline import lake_days, score_days

    ueba.ingest([written.trail], lake=lake)
    config = Config(
        threat_networks=tuple(line for line in written.threat.read_text().split() if line)
    )
    # the default feeds read once for the three measurements (score_days reads them on each call)
    ip_ranges, asn_table = feeds()
    options: dict[str, Any] = {
        "geo": ueba.MaxMindReader(asn_db=written.asn_db, city_db=written.city_db),
        "ip_ranges": ip_ranges,
        "asn_table": asn_table,
    }
    days = lake_days(lake)
    rows = []

    def say(text: str) -> None:
        if not quiet:
            print(text, file=sys.stderr, flush=True)

    first = min(days["day"].to_list())
    found = score_days(lake, which=first, config=config, enrich_options=options).findings
    rows.append(
        _row(f"first day ({first})", found, population_from_lake(lake, start=first, end=first))
    )
    say(f"first day {first}: {found.height} findings")

    joining = written.accounts["analytics"]
    joined = min(days.filter(pl.col("account_id") == joining)["day"].to_list())
    found = score_days(
        lake, which=joined, config=config, update=True, enrich_options=options
    ).findings.filter(pl.col("account_id") == joining)
    principals = population_from_lake(lake, start=joined, end=joined, accounts=[joining])
    rows.append(_row(f"new account's first day ({joined})", found, principals))
    say(f"new account {joined}: {found.height} findings")

    # the attack days in order with one incident store, as ``ueba run`` keeps it: a finding
    # that goes on the next day updates its incident instead of opening another
    store = IncidentStore()
    frames = [
        score_days(lake, which=day, config=config, enrich_options=options, incidents=store).findings
        for day in written.scored
    ]
    found = pl.concat(frames, how="vertical")
    start, end = written.scored[0], written.scored[-1]
    result = ueba.evaluate(
        found, written.truth, population=population_from_lake(lake, start=start, end=end)
    )
    incidents = result.incidents
    stolen = incidents.filter(pl.col("id").is_in(WORKLOAD_ATTACKS))
    kept = stolen.filter(pl.col("max_severity").is_in(MEDIUM_UP).fill_null(False))
    attacks = incidents.filter(pl.col("label") == "attack")
    loud_attacks = attacks.filter(pl.col("max_severity").is_in(MEDIUM_UP).fill_null(False))
    unlabelled = result.findings.filter(pl.col("incident").is_null())
    rows.append(
        _row(
            f"attack days, no history ({start}..{end})",
            found,
            result.population,
            unlabelled,
            stolen_instance=f"{kept.height}/{stolen.height}",
            attacks_medium_up=f"{loud_attacks.height}/{attacks.height}",
            missed=", ".join(
                f"{i} ({s or 'none'})"
                for i, s in attacks.filter(
                    ~pl.col("max_severity").is_in(MEDIUM_UP).fill_null(False)
                )
                .select("id", "max_severity")
                .iter_rows()
            ),
        )
    )
    say(f"attack days: {found.height} findings")
    return rows


def shortfalls(rows: list[dict[str, Any]]) -> list[str]:
    """One sentence per missed cold-start target."""
    out = [
        f"{r['case']}: {r['medium_up']} medium+ findings where nothing happened = "
        f"{r['per_1000']:.2f} per 1,000 principals (target <= 1)"
        for r in rows
        if r["per_1000"] > 1.0
    ]
    for r in rows:
        got, total = str(r.get("stolen_instance", "0/0")).split("/")
        if got != total:
            out.append(f"{r['case']}: stolen workload credentials medium+ {got}/{total}")
    return out


def markdown(rows: list[dict[str, Any]]) -> str:
    head = (
        "| seed | case | principals | findings | medium+ where nothing happened | per 1,000 "
        "| from | stolen instance credentials medium+ | attacks medium+ (missed) |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        missed = f" ({r['missed']})" if r.get("missed") else ""
        lines.append(
            f"| {r['seed']} | {r['case']} | {r['principals']:,} | {r['findings']} | {r['medium_up']} "
            f"| {r['per_1000']:.2f} | {r['rules'] or '-'} | {r.get('stolen_instance', '-')} "
            f"| {r.get('attacks_medium_up', '-')}{missed} |"
        )
    return "\n".join(lines)


def run_seed(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    """One seed's trail generated and measured: its rows, each with the seed."""
    written = generate(
        work / "scenario", seed=seed, days=days, scale=scale, scored_days=scored_days
    )
    return {
        "seed": seed,
        "rows": [{"seed": seed, **r} for r in measure(written, work / "lake", quiet=quiet)],
    }


def report(runs: list[dict[str, Any]]) -> str:
    """The rows of every seed and the cold-start targets missed."""
    rows = [row for run in runs for row in run["rows"]]
    missed = shortfalls(rows)
    return (
        markdown(rows)
        + "\n\nCold-start targets: "
        + ("all met." if not missed else "MISSED: " + "; ".join(missed) + ".")
    )


RUNNER = Runner(
    description=description(__doc__),
    prefix="ueba-coldstart-",
    evaluate=run_seed,
    misses=lambda run: shortfalls(run["rows"]),
    days=30,
    final_text=report,
    work_help="Keep the trail and lake here.",
)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())
