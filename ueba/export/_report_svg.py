"""Inline SVG charts for the HTML report: no library, no script, nothing fetched.

Every label is HTML-escaped (values come from the logs). Colours are presentation attributes,
not ``style=`` attributes, so the page's Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

BAR = "#4c78a8"
NEW = "#d62728"
KNOWN = "#9aa5b1"
LINE = "#f58518"
AXIS = "#555"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def hourly_chart(
    hours: Sequence[datetime],
    events: Sequence[int],
    *,
    median: float | None = None,
    p95: float | None = None,
    title: str = "Calls per hour",
    width: int = 640,
    height: int = 180,
) -> str:
    """Bars of calls per hour, with the baseline's median and 95th percentile as lines."""
    left, right, top, bottom = 40, 10, 24, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    if not hours:
        return _empty(title, width, "no calls in this window")
    peak = max([*events, median or 0, p95 or 0, 1])
    step = plot_w / len(hours)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<text x="{left}" y="14" font-size="12" fill="{AXIS}">{_e(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{AXIS}" stroke-width="1"/>',
        f'<text x="{left - 4}" y="{top + 10}" font-size="10" text-anchor="end" '
        f'fill="{AXIS}">{peak:g}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" text-anchor="end" '
        f'fill="{AXIS}">0</text>',
    ]
    for i, (hour, count) in enumerate(zip(hours, events, strict=True)):
        h = plot_h * count / peak
        x = left + i * step
        parts.append(
            f'<rect x="{x + 0.5:.1f}" y="{top + plot_h - h:.1f}" width="{max(step - 1, 1):.1f}" '
            f'height="{h:.1f}" fill="{BAR}"><title>{_e(f"{hour:%Y-%m-%d %H}:00 UTC: {count} calls")}'
            f"</title></rect>"
        )
    for value, name, dash in ((median, "baseline median", "4 3"), (p95, "baseline p95", "")):
        if value is None:
            continue
        y = top + plot_h - plot_h * value / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{LINE}" '
            f'stroke-width="1.5" stroke-dasharray="{dash}"><title>{_e(f"{name}: {value:g}")}'
            f"</title></line>"
        )
    first, last = hours[0], hours[-1]
    parts += [
        f'<text x="{left}" y="{height - 8}" font-size="10" fill="{AXIS}">'
        f"{_e(f'{first:%Y-%m-%d %H}:00')}</text>",
        f'<text x="{left + plot_w}" y="{height - 8}" font-size="10" text-anchor="end" '
        f'fill="{AXIS}">{_e(f"{last:%Y-%m-%d %H}:00 UTC")}</text>',
    ]
    if median is not None or p95 is not None:
        parts.append(
            f'<text x="{left + plot_w}" y="14" font-size="10" text-anchor="end" fill="{LINE}">'
            "dashed: baseline median · solid: baseline p95</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def values_chart(
    rows: Sequence[tuple[str, int, int]],
    *,
    title: str = "Values seen recently: new vs known",
    width: int = 640,
) -> str:
    """Per dimension, how many of the recent values are new (red) and known (grey)."""
    if not rows:
        return _empty(title, width, "no baseline to compare with")
    left, bar_h, gap, top = 120, 16, 6, 24
    height = top + len(rows) * (bar_h + gap) + 10
    peak = max(max(new + known for _, new, known in rows), 1)
    plot_w = width - left - 130  # room for the "n new / m known" label
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<text x="4" y="14" font-size="12" fill="{AXIS}">{_e(title)}</text>',
    ]
    for i, (dimension, new, known) in enumerate(rows):
        y = top + i * (bar_h + gap)
        new_w = plot_w * new / peak
        known_w = plot_w * known / peak
        parts += [
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end" '
            f'fill="{AXIS}">{_e(dimension)}</text>',
            f'<rect x="{left}" y="{y}" width="{new_w:.1f}" height="{bar_h}" fill="{NEW}">'
            f"<title>{_e(f'{dimension}: {new} new')}</title></rect>",
            f'<rect x="{left + new_w:.1f}" y="{y}" width="{known_w:.1f}" height="{bar_h}" '
            f'fill="{KNOWN}"><title>{_e(f"{dimension}: {known} known")}</title></rect>',
            f'<text x="{left + new_w + known_w + 4:.1f}" y="{y + 12}" font-size="11" '
            f'fill="{AXIS}">{new} new / {known} known</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def _empty(title: str, width: int, message: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="40" viewBox="0 0 {width} 40" aria-label="{_e(title)}">'
        f"<title>{_e(title)}</title>"
        f'<text x="4" y="14" font-size="12" fill="{AXIS}">{_e(title)}</text>'
        f'<text x="4" y="32" font-size="11" fill="{AXIS}">{_e(message)}</text></svg>'
    )


__all__ = ["hourly_chart", "values_chart"]
