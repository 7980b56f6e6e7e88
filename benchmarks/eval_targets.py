"""The detection targets of issue 8, checked on a ``ueba.evaluate`` result; shared by both
evaluation suites and their CI tests so that all four grade the same way.

- medium and above: every attack found, <= 1 false finding per 1,000 principal-days, no benign
  change flagged;
- any severity (every finding, info included): <= 10 false findings per 1,000 principal-days,
  <= 2 findings for any one incident.
"""

from __future__ import annotations

from typing import Any


def shortfalls(result: Any) -> list[str]:
    """One sentence per missed target; empty when every target is met."""
    out = []
    medium, every = result.tier("medium"), result.tier("info")
    if medium["attacks_found"] < medium["attacks"]:
        missed = result.incidents.filter(
            (result.incidents["label"] == "attack")
            & ~result.incidents["max_severity"]
            .is_in(["medium", "high", "critical"])
            .fill_null(False)
        )
        out.append(
            f"medium+: {medium['attacks_found']}/{medium['attacks']} attacks found (missed "
            + ", ".join(missed["id"].to_list())
            + ")"
        )
    if (medium["false_per_1000"] or 0) > 1.0:
        out.append(
            f"medium+: {medium['false_findings']} false findings = {medium['false_per_1000']:.2f} "
            "per 1,000 principal-days (target <= 1)"
        )
    if medium["benign_flagged"]:
        flagged = result.incidents.filter(
            (result.incidents["label"] == "benign")
            & result.incidents["max_severity"]
            .is_in(["medium", "high", "critical"])
            .fill_null(False)
        )
        out.append(
            f"medium+: {medium['benign_flagged']} benign change(s) flagged ("
            + ", ".join(flagged["id"].to_list())
            + ")"
        )
    if (every["false_per_1000"] or 0) > 10.0:
        out.append(
            f"any severity: {every['false_findings']} false findings = {every['false_per_1000']:.2f} "
            "per 1,000 principal-days (target <= 10)"
        )
    if (every["max_findings_per_incident"] or 0) > 2:
        out.append(
            f"any severity: up to {every['max_findings_per_incident']} findings for one incident "
            f"(mean {every['findings_per_incident']:.2f}; target <= 2)"
        )
    return out


def summary_row(suite: str, seed: int, result: Any) -> list[dict[str, Any]]:
    """The per-tier figures of one run, for the cross-seed table."""
    rows = []
    for row in result.tiers.iter_rows(named=True):
        rows.append({"suite": suite, "seed": seed, **row})
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    """The cross-seed table: suite, seed, tier and the figures the targets speak of."""
    head = (
        "| suite | seed | tier (or above) | attacks found | benign flagged | findings | false findings "
        "| false / 1,000 principal-days | findings / incident (max) |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        fpi = (
            "-"
            if r["findings_per_incident"] is None
            else f"{r['findings_per_incident']:.2f} ({r['max_findings_per_incident']})"
        )
        per = "-" if r["false_per_1000"] is None else f"{r['false_per_1000']:.2f}"
        lines.append(
            f"| {r['suite']} | {r['seed']} | {r['tier']} | {r['attacks_found']}/{r['attacks']} | "
            f"{r['benign_flagged']}/{r['benign']} | {r['findings']} | {r['false_findings']} | {per} | {fpi} |"
        )
    return "\n".join(lines)
