"""What the evaluation runners print of a seed's run (``benchmarks/_suite_run.py``): the header
line, the per-tier table, the incidents' severities, the target lines, the JSON document, and
the cross-seed summary of the runners graded by ``eval_targets.shortfalls``. Each runner keeps
the lines that are its own (its cold starts, its expectations); only rendering is shared."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from benchmarks.eval_targets import markdown, summary_row

Run = dict[str, Any]

TIER_COLUMNS = (
    "attacks_found",
    "attacks",
    "benign_flagged",
    "benign",
    "false_findings",
    "false_per_1000",
    "findings_per_incident",
    "max_findings_per_incident",
)


def tier_rows(run: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per severity tier of a seed's result, with the seed."""
    frame = run["result"].tiers.select("tier", *TIER_COLUMNS)
    return [{"seed": run["seed"], **row} for row in frame.to_dicts()]


def tier_table(run: dict[str, Any]) -> list[str]:
    """The markdown lines of a seed's per-tier table."""
    lines = [
        "| tier | attacks found | benign flagged | false findings | false per 1,000 | findings per incident (max) |",
        "|---|---|---|---|---|---|",
    ]
    for r in tier_rows(run):
        lines.append(
            f"| {r['tier']} | {r['attacks_found']}/{r['attacks']} | {r['benign_flagged']}/{r['benign']} | "
            f"{r['false_findings']} | {r['false_per_1000'] or 0:.2f} | "
            f"{r['findings_per_incident'] or 0:.2f} ({r['max_findings_per_incident'] or 0}) |"
        )
    return lines


def target_lines(targets: list[tuple[bool, str]]) -> list[str]:
    return [f"- {'PASS' if met else 'MISS'} {text}" for met, text in targets]


def seed_header(run: Run, *, files: bool = False, note: str = "", took: str | None = None) -> str:
    """``## Seed 1: 9,000 events[ in 40 files], 4 accounts, scored <first>..<last>, 300
    principal-days[note] (12 s)`` and a blank line."""
    w, result = run["written"], run["result"]
    events = f"{w.events:,} events" + (f" in {w.files:,} files" if files else "")
    took = f"{run['seconds']:.0f} s" if took is None else took
    return (
        f"## Seed {run['seed']}: {events}, {len(w.accounts)} accounts, scored "
        f"{w.scored[0]}..{w.scored[-1]}, {result.population:,} principal-days{note} ({took})\n"
    )


def incident_line(run: Run, title: str = "Per incident (highest severity): ") -> str:
    """Every incident's highest severity, ``A1:high B2:-`` by id, after a blank line."""
    incidents = run["result"].incidents.select("id", "max_severity").sort("id")
    return "\n" + title + " ".join(f"{i}:{s or '-'}" for i, s in incidents.iter_rows())


def cold_line(cold: dict[str, Any], attack: str, key: str) -> str:
    """The cold starts of ``_suite_checks.cold_starts`` with a new account, in a sentence."""
    return (
        f"\nCold start with no history: day one ({cold['day']}) {cold['medium_or_above']} medium+ over "
        f"{cold['principals']} principals; new account ({cold['new_account_day']}) "
        f"{cold['new_account_medium_or_above']} medium+ over {cold['new_account_principals']}; "
        f"{attack} on {cold[key + '_day']}: {cold[key + '_severity'] or 'not found'}\n"
    )


def seed_lines(run: Run, header: str, incidents: str, cold: str) -> list[str]:
    """A seed's block: header, tier table, incidents, the cold-start line, the targets."""
    return [header, *tier_table(run), incidents, cold, *target_lines(run["targets"]), ""]


def heldout_block(run: Run, attack: str, key: str, *, note: str = "") -> list[str]:
    """A held-out seed's block with the three cold starts of ``cold_line``."""
    return seed_lines(
        run,
        seed_header(run, files=True, note=note),
        incident_line(run),
        cold_line(run["cold"], attack, key),
    )


def table(runs: list[Run], block: Callable[[Run], list[str]]) -> str:
    """Every seed's block of lines, one after another."""
    return "\n".join(line for run in runs for line in block(run))


JSON_FIELDS: dict[str, Callable[[Run], Any]] = {
    "events": lambda r: r["written"].events,
    "files": lambda r: r["written"].files,
    "population": lambda r: r["result"].population,
    "tiers": tier_rows,
    "cold_start": lambda r: r["cold"],
    "incidents": lambda r: r["result"].incidents.to_dicts(),
    "targets": lambda r: [{"met": m, "target": t} for m, t in r["targets"]],
    "seconds": lambda r: round(r["seconds"], 1),
    "cpu_seconds": lambda r: round(r["cpu_seconds"], 1),
}


def seeds_json(runs: list[Run], fields: str, **more: Callable[[Run], Any]) -> str:
    """``{"seeds": {"1": {field: value, ...}}}`` with ``fields`` (names, space-separated) in
    order, each from ``JSON_FIELDS`` or ``more``."""
    getters = {**JSON_FIELDS, **more}
    seeds = {str(r["seed"]): {f: getters[f](r) for f in fields.split()} for r in runs}
    return json.dumps({"seeds": seeds}, default=str)


def shortfall_text(run: Run) -> str:
    """A seed's block in the runners graded by ``eval_targets.shortfalls``: the header and
    ``ueba.evaluate``'s own text (with the runner's ``extra`` lines)."""
    return "\n".join([seed_header(run), run["result"].to_text() + "\n", *run.get("extra", [])])


def shortfall_summary(suite: str) -> Callable[[list[Run]], str]:
    """The cross-seed table of ``eval_targets`` and each seed's missed targets."""

    def text(runs: list[Run]) -> str:
        rows = [row for r in runs for row in summary_row(suite, r["seed"], r["result"])]
        lines = ["## All seeds\n\n" + markdown(rows) + "\n"]
        for r in runs:
            missed = r["misses"]
            lines.append(
                f"Seed {r['seed']} targets: "
                + ("all met." if not missed else "MISSED: " + "; ".join(missed) + ".")
            )
        return "\n".join(lines)

    return text


def shortfall_json(runs: list[Run]) -> str:
    """Each seed's ``ueba.evaluate`` result and missed targets, as one JSON document."""
    reports = {r["seed"]: r["result"].to_dict() for r in runs}
    missed = {r["seed"]: r["misses"] for r in runs}
    return json.dumps({"seeds": reports, "shortfalls": missed}, default=str)
