"""The per-tier table and target lines both held-out runners print (each keeps its own
generator, scoring and targets: only the rendering of ``ueba.evaluation`` results is shared)."""

from __future__ import annotations

from typing import Any

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
