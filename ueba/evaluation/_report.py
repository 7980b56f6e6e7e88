"""An evaluation as Markdown-style text tables and as a self-contained HTML section."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import polars as pl

if TYPE_CHECKING:
    from ueba.evaluation import Evaluation

_TIER_COLUMNS = (
    ("tier", "tier (or above)"),
    ("attacks_found", "attacks found"),
    ("recall", "recall"),
    ("benign_flagged", "benign flagged"),
    ("findings", "findings"),
    ("false_findings", "false findings"),
    ("false_per_1000", "false / 1,000 principal-days"),
    ("precision", "precision"),
    ("findings_per_incident", "findings / incident"),
    ("max_findings_per_incident", "max / incident"),
)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "-"
    return str(value)


def _rows(ev: Evaluation) -> list[list[str]]:
    out = []
    for row in ev.tiers.iter_rows(named=True):
        cells = []
        for key, _ in _TIER_COLUMNS:
            if key == "attacks_found":
                cells.append(f"{row['attacks_found']}/{row['attacks']}")
            elif key == "benign_flagged":
                cells.append(f"{row['benign_flagged']}/{row['benign']}")
            else:
                cells.append(_cell(row[key]))
        out.append(cells)
    return out


def _markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def to_text(ev: Evaluation) -> str:
    lines = [
        f"{ev.findings.height} finding(s), {ev.population:,} principal-days, "
        f"slack {int(ev.slack.total_seconds())} s",
        "",
    ]
    lines += _markdown([label for _, label in _TIER_COLUMNS], _rows(ev))
    lines += ["", "Incidents:", ""]
    inc = ev.incidents.select(
        "id", "label", "name", "findings", "max_severity", "max_score", "rules", "matched_by"
    )
    lines += _markdown(inc.columns, [[_cell(v) for v in r] for r in inc.iter_rows()])
    if ev.rules.height:
        lines += [
            "",
            "Rules (attacks found / false findings; alone = findings the rule took part in, "
            "removed = findings another rule also raised):",
            "",
        ]
        rules = ev.rules.select(
            "rule",
            "findings",
            pl.format("{}/{}", "alone_attacks_found_medium", "alone_false_medium").alias(
                "alone medium+"
            ),
            pl.format("{}/{}", "removed_attacks_found_medium", "removed_false_medium").alias(
                "removed medium+"
            ),
            pl.format("{}/{}", "alone_attacks_found_any", "alone_false_any").alias("alone any"),
            pl.format("{}/{}", "removed_attacks_found_any", "removed_false_any").alias(
                "removed any"
            ),
            pl.col("only_rule_for").alias("sole rule of"),
        )
        lines += _markdown(rules.columns, [[_cell(v) for v in r] for r in rules.iter_rows()])
    return "\n".join(lines)


def _curve_svg(sweep: pl.DataFrame, points: dict[str, dict[str, Any]]) -> str:
    width, height, pad = 320, 240, 32

    def xy(recall: float, precision: float) -> tuple[float, float]:
        return pad + recall * (width - 2 * pad), height - pad - precision * (height - 2 * pad)

    pts = [xy(r or 0.0, p or 0.0) for r, p in sweep.select("recall", "precision").iter_rows()]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    marks = []
    for tier, point in points.items():
        if point["recall"] is None or point["precision"] is None:
            continue
        x, y = xy(point["recall"], point["precision"])
        marks.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"/><text x="{x + 5:.1f}" y="{y - 4:.1f}" '
            f'font-size="10">{html.escape(tier)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="precision against recall over score thresholds">'
        f'<rect x="{pad}" y="{pad}" width="{width - 2 * pad}" height="{height - 2 * pad}" fill="none" stroke="#999"/>'
        f'<polyline points="{path}" fill="none" stroke="#1f6feb" stroke-width="2"/>{"".join(marks)}'
        f'<text x="{width / 2}" y="{height - 8}" font-size="11" text-anchor="middle">recall</text>'
        f'<text x="10" y="{height / 2}" font-size="11" transform="rotate(-90 10 {height / 2})" '
        f'text-anchor="middle">precision</text></svg>'
    )


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(ev: Evaluation) -> str:
    inc = ev.incidents.select("id", "label", "name", "findings", "max_severity", "rules")
    return (
        '<section class="ueba-evaluation"><h2>Evaluation</h2>'
        f"<p>{ev.findings.height} finding(s) graded over {ev.population:,} principal-days.</p>"
        + _html_table([label for _, label in _TIER_COLUMNS], _rows(ev))
        + "<h3>Precision and recall by score threshold</h3>"
        + _curve_svg(ev.sweep, ev.operating_points())
        + "<h3>Incidents</h3>"
        + _html_table(inc.columns, [[_cell(v) for v in r] for r in inc.iter_rows()])
        + "</section>"
    )


__all__ = ["to_html", "to_text"]
