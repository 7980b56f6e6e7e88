"""Notebook views: the ``_repr_html_`` of Baseline, KeyTimeline, IdentityChain and findings.

Small, self-contained HTML (an inline stylesheet scoped to ``.ueba``, no script). Every value
shown comes from CloudTrail, where attackers choose user agents, session names and request
parameters, so every value goes through :func:`esc` (quotes too). The classes attach these
with a one-line ``_repr_html_``; this module imports nothing from the stages at module level.

>>> import polars as pl
>>> html = str(findings_html(pl.DataFrame({"severity": ["high"], "title": ["<b>x</b>"]})))
>>> html.startswith('<div class="ueba"><style>'), "&lt;b&gt;x&lt;/b&gt;" in html, "<b>" in html
(True, True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import Any

import polars as pl

from ueba._collect import ENGINE

_STYLE = (
    "<style>.ueba{font:13px/1.4 system-ui,sans-serif}.ueba table{border-collapse:collapse;"
    "margin:4px 0 10px}.ueba th,.ueba td{border-bottom:1px solid #d8dde3;padding:2px 8px;"
    "text-align:left;vertical-align:top}.ueba th{background:#f4f6f8}.ueba .muted{color:#5b6570}"
    ".ueba .sev{border-radius:3px;padding:0 6px;color:#fff;font-weight:600;font-size:11px}"
    ".ueba .sev-critical{background:#7b1fa2}.ueba .sev-high{background:#c62828}"
    ".ueba .sev-medium{background:#ef6c00}.ueba .sev-low{background:#1565c0}"
    ".ueba .sev-info{background:#546e7a}.ueba .mono{font-family:ui-monospace,monospace;"
    "font-size:12px}.ueba h4{margin:8px 0 2px}</style>"
)
_SEVERITIES = ("critical", "high", "medium", "low", "info")
MAX_ROWS = 50


class Html(str):
    """A string of HTML that notebooks display as HTML (``str`` everywhere else)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def esc(value: object) -> str:
    """HTML-escape a value for a cell; lists join with commas, times print in UTC."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return escape(f"{value:%Y-%m-%d %H:%M:%S}Z")
    if isinstance(value, list | tuple):
        return escape(", ".join(str(v) for v in value), quote=True)
    if isinstance(value, float):
        return f"{value:.4g}"
    return escape(str(value), quote=True)


def _severity(value: object) -> str:
    text = str(value).lower()
    cls = text if text in _SEVERITIES else "info"
    return f'<span class="sev sev-{cls}">{esc(value)}</span>'


def table(
    frame: pl.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    max_rows: int = MAX_ROWS,
    mono: Sequence[str] = (),
) -> str:
    """An escaped HTML table of ``columns`` (default: all), at most ``max_rows`` rows."""
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    if frame.is_empty() or not cols:
        return '<p class="muted">none</p>'
    head = "".join(f"<th>{esc(c.replace('_', ' '))}</th>" for c in cols)
    body = []
    for row in frame.head(max_rows).select(cols).iter_rows(named=True):
        cells = []
        for c in cols:
            text = _severity(row[c]) if c == "severity" else esc(row[c])
            if c == "reasons" and isinstance(row[c], list):
                text = "<br>".join(esc(r) for r in row[c][:3])
            cells.append(f'<td class="mono">{text}</td>' if c in mono else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    more = frame.height - max_rows
    tail = f'<p class="muted">{more:,} more row(s) not shown</p>' if more > 0 else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{tail}"


def _page(
    title: str, facts: Sequence[tuple[str, object]], sections: Sequence[tuple[str, str]]
) -> Html:
    dl = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts if v is not None)
    parts = [f'<div class="ueba">{_STYLE}<h4>{esc(title)}</h4><table>{dl}</table>']
    parts += [f"<h4>{esc(name)}</h4>{body}" for name, body in sections]
    return Html("".join(parts) + "</div>")


FINDING_COLUMNS = (
    "severity",
    "score",
    "title",
    "principal_arn",
    "access_key_id",
    "source_ips",
    "first_seen",
    "last_seen",
    "rules",
    "reasons",
)


def findings_html(findings: pl.DataFrame | pl.LazyFrame, *, max_rows: int = MAX_ROWS) -> Html:
    """FINDINGS as an HTML table (most severe first as given), the first reasons of each.

    >>> import ueba
    >>> ueba.export.findings_html(findings)          # doctest: +SKIP
    """
    frame = findings.collect(engine=ENGINE) if isinstance(findings, pl.LazyFrame) else findings
    counts = (
        frame.group_by("severity").len().sort("severity") if "severity" in frame.columns else None
    )
    by_sev = ", ".join(f"{n} {s}" for s, n in counts.iter_rows()) if counts is not None else ""
    return _page(
        f"{frame.height:,} finding(s)",
        [("by severity", by_sev or None)],
        [("findings", table(frame, FINDING_COLUMNS, max_rows=max_rows, mono=("access_key_id",)))],
    )


def _top_values(profile: pl.DataFrame, dimension: str, name: str, k: int = 3) -> pl.DataFrame:
    return (
        profile.filter((pl.col("scope") == "principal") & (pl.col("dimension") == dimension))
        .sort("entity", "count", "value", descending=[False, True, False])
        .group_by("entity", maintain_order=True)
        .agg(
            pl.format("{} ({})", pl.col("value"), pl.col("count"))
            .head(k)
            .str.join(", ")
            .alias(name)
        )
    )


def baseline_html(baseline: Any, *, max_rows: int = 20) -> Html:
    """Window, parameters, maturity and, per principal, its top networks and clients."""
    if not hasattr(baseline, "profile_"):
        return _page(f"{baseline!r} (not fitted)", [], [])
    profile: pl.DataFrame = baseline.profile_
    maturity: pl.DataFrame | None = getattr(baseline, "maturity_", None)
    principals = (
        maturity.filter(pl.col("scope") == "principal")
        if maturity is not None and "scope" in maturity.columns
        else profile.filter(pl.col("scope") == "principal").select("entity", "account_id").unique()
    )
    sort_by = "events" if "events" in principals.columns else "entity"
    rows = (
        principals.sort(sort_by, descending=sort_by == "events")
        .join(_top_values(profile, "network_key", "top_networks"), on="entity", how="left")
        .join(_top_values(profile, "ua_family", "top_clients"), on="entity", how="left")
        .join(_top_values(profile, "api", "top_apis"), on="entity", how="left")
        .rename({"entity": "principal"})
    )
    facts: list[tuple[str, object]] = [
        (
            "window",
            f"{baseline.window_start_:%Y-%m-%d %H:%M}Z .. {baseline.window_end_:%Y-%m-%d %H:%M}Z",
        ),
        ("parameters", ", ".join(f"{k}={v}" for k, v in baseline.get_params().items())),
        ("principals", f"{principals.height:,}"),
        ("profile rows", f"{profile.height:,}"),
    ]
    if maturity is not None and "cold_start" in maturity.columns:
        cold = (
            principals.filter(pl.col("cold_start")).height
            if "cold_start" in principals.columns
            else 0
        )
        facts.append(
            ("maturity", f"{principals.height - cold:,} mature, {cold:,} learning (cold start)")
        )
    cols = [
        "principal",
        "account_id",
        "days_observed",
        "events",
        "cold_start",
        "top_networks",
        "top_clients",
        "top_apis",
    ]
    return _page(
        "Baseline",
        facts,
        [
            (
                "principals (most active first)",
                table(rows, cols, max_rows=max_rows, mono=("principal",)),
            )
        ],
    )


def timeline_html(timeline: Any, *, max_rows: int = MAX_ROWS) -> Html:
    """A KeyTimeline: first use, sources, what it created, the first calls."""
    events: pl.DataFrame = timeline.events
    first = timeline.first_use or {}
    failed = int((~events["succeeded"]).sum()) if "succeeded" in events.columns else None
    return _page(
        f"Key {timeline.access_key_id}",
        [
            ("calls", f"{events.height:,}" + (f" ({failed:,} failed)" if failed else "")),
            (
                "first use",
                " ".join(
                    esc(first.get(k)) for k in ("event_time", "event_name", "source_ip_address")
                )
                if first
                else "not seen",
            ),
            ("first user agent", first.get("user_agent")),
            ("created", f"{timeline.created.height:,} user(s) or key(s)"),
        ],
        [
            ("sources", table(timeline.sources, max_rows=max_rows)),
            ("created", table(timeline.created, max_rows=max_rows)),
            (
                "calls",
                table(
                    events,
                    (
                        "event_time",
                        "event_source",
                        "event_name",
                        "source_ip_address",
                        "user_agent",
                        "succeeded",
                        "error_code",
                    ),
                    max_rows=max_rows,
                ),
            ),
        ],
    )


def chain_html(chain: Any, *, max_rows: int = MAX_ROWS) -> Html:
    """An IdentityChain: the path from the original identity, then nodes and minting calls."""
    path = chain.path_to_target()
    return _page(
        f"Identity chain of {chain.access_key_id}",
        [
            ("path", " -> ".join(path) if path else "the key is not in the searched range"),
            ("nodes", f"{chain.nodes.height:,}"),
            ("minting calls", f"{chain.edges.height:,}"),
        ],
        [
            (
                "nodes",
                table(
                    chain.nodes.sort("depth"),
                    (
                        "depth",
                        "node_id",
                        "principal_arn",
                        "identity_type",
                        "first_seen",
                        "events",
                        "source_ips",
                        "user_agents",
                        "note",
                    ),
                    max_rows=max_rows,
                    mono=("node_id",),
                ),
            ),
            (
                "minting calls",
                table(
                    chain.edges,
                    (
                        "event_time",
                        "via",
                        "parent_id",
                        "child_id",
                        "source_ip_address",
                        "user_agent",
                        "cross_account",
                    ),
                    max_rows=max_rows,
                ),
            ),
        ],
    )


__all__ = ["Html", "baseline_html", "chain_html", "esc", "findings_html", "table", "timeline_html"]
