"""The HTML report: the day's findings, each with its timeline, chain, session and charts.

One self-contained page: inline CSS, a few lines of inline script (a severity filter) and inline
SVG charts; nothing is fetched when it is opened, so it can be mailed or attached to a ticket.
Everything taken from the logs is HTML-escaped, and a Content-Security-Policy lets only the
report's own script run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from ueba._collect import ENGINE
from ueba._files import write_text
from ueba._time import parse_day, time_range
from ueba.exceptions import InputError, UebaError
from ueba.export._report_html import SEVERITY_ORDER, chain_list, e, facts, page, severity_class
from ueba.export._report_html import table as html_table
from ueba.export._report_svg import hourly_chart, values_chart
from ueba.investigate import chain, key_timeline, principal_view, session_summary
from ueba.investigate._source import Source
from ueba.investigate.chains import IdentityChain
from ueba.investigate.principal import PrincipalView
from ueba.investigate.timeline import KeyTimeline
from ueba.schema import FINDINGS, UTC_US, conform

if TYPE_CHECKING:
    from ueba.baseline.profile import Baseline

# How far around a finding to look: a session key lives at most 36 hours, so its minting call
# and the rest of its use fall inside this margin.
CONTEXT = timedelta(hours=36)


def read_findings(path: str | os.PathLike[str]) -> pl.DataFrame:
    """Read findings (JSON Lines or Parquet) as a FINDINGS frame.

    Examples
    --------
    >>> findings = read_findings("findings.jsonl")  # doctest: +SKIP
    """
    name = os.fspath(path)
    try:
        if name.endswith(".parquet"):
            frame = pl.read_parquet(name)
        else:
            frame = pl.read_ndjson(name, infer_schema_length=None)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise InputError(
            f"cannot read findings ({exc.__class__.__name__}: {exc})",
            path=name,
            fix="give the JSONL or Parquet file written by `ueba score` / `ueba run`",
        ) from exc
    times = [
        pl.col(c).str.to_datetime(time_zone="UTC", time_unit="us", strict=False)
        for c, t in FINDINGS.items()
        if t == UTC_US and c in frame.columns and frame.schema[c] == pl.String
    ]
    try:
        return conform(frame.lazy().with_columns(times), FINDINGS).collect(engine=ENGINE)
    except pl.exceptions.PolarsError as exc:
        raise InputError(
            f"the findings do not match the FINDINGS schema ({exc})",
            path=name,
            fix="give findings written by ueba (see ueba.schema.FINDINGS)",
        ) from exc


@dataclass(frozen=True)
class FindingContext:
    """What the report shows for one finding (None where there was nothing to show)."""

    finding: dict[str, Any]
    timeline: KeyTimeline | None
    chain: IdentityChain | None
    session: pl.DataFrame | None
    principal: PrincipalView | None
    notes: tuple[str, ...]


def investigate_finding(
    finding: Mapping[str, Any],
    source: Source,
    *,
    model: Baseline | str | os.PathLike[str] | None = None,
    **enrich_options: Any,
) -> FindingContext:
    """Run every investigation view for one finding (a FINDINGS row as a dict)."""
    key = finding.get("access_key_id")
    first, last = finding.get("first_seen"), finding.get("last_seen")
    start = first - CONTEXT if isinstance(first, datetime) else None
    end = last + CONTEXT if isinstance(last, datetime) else None
    notes: list[str] = []
    timeline = identity = session = None
    if key:
        timeline = key_timeline(source, key, start=start, end=end)
        identity = chain(source, key, start=start, end=end)
        session = session_summary(source, key, start=start, end=end)
    else:
        notes.append("The finding names no access key: no timeline, chain or session.")
    view = None
    arn = finding.get("principal_arn")
    if arn and isinstance(last, datetime):
        day_end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1)
        try:
            view = principal_view(source, arn, model=model, end=day_end, **enrich_options)
        except (ImportError, UebaError) as exc:
            notes.append(f"No baseline comparison for this principal: {exc}")
    return FindingContext(dict(finding), timeline, identity, session, view, tuple(notes))


def _charts(ctx: FindingContext) -> str:
    view = ctx.principal
    if view is not None and not view.hourly.is_empty():
        hourly = view.hourly
        stats = hourly.row(0, named=True)
        volume = hourly_chart(
            hourly.get_column("hour").to_list(),
            hourly.get_column("events").to_list(),
            median=stats["baseline_events_median"],
            p95=stats["baseline_events_p95"],
            title="Calls per hour by this principal vs its baseline",
        )
        counts = (
            view.values.filter(pl.col("recent_count") > 0)
            .group_by("dimension", maintain_order=True)
            .agg(new=pl.col("is_new").sum(), known=(~pl.col("is_new")).sum())
        )
        dims = values_chart([(r[0], int(r[1]), int(r[2])) for r in counts.iter_rows()])
        return volume + dims
    if ctx.timeline is not None:
        hourly = ctx.timeline.hourly
        return hourly_chart(
            hourly.get_column("hour").to_list(),
            hourly.get_column("events").to_list(),
            title="Calls per hour by this key (no baseline available)",
        )
    return ""


def _section(index: int, ctx: FindingContext) -> str:
    f = ctx.finding
    sev = severity_class(f.get("severity"))
    score = f.get("score")
    head = (
        f'<header><span class="sev sev-{sev}">{e(sev)}</span>'
        f"<h2>{e(f.get('title') or f.get('rule') or 'finding')}</h2>"
        f'<span class="muted">score {score:.2f}</span></header>'
        if isinstance(score, float)
        else f'<header><span class="sev sev-{sev}">{e(sev)}</span><h2>{e(f.get("title"))}</h2></header>'
    )
    info = facts(
        [
            ("rule", f.get("rule")),
            ("rules", f.get("rules")),
            ("principal", f.get("principal_arn")),
            ("access key", f.get("access_key_id")),
            ("account", f.get("account_id")),
            ("workload", " ".join(x for x in (f.get("workload_kind"), f.get("workload_id")) if x)),
            ("first seen", f.get("first_seen")),
            ("last seen", f.get("last_seen")),
            ("events", f.get("event_count")),
            ("source IPs", f.get("source_ips")),
            ("user agents", f.get("user_agents")),
        ]
    )
    reasons = "".join(f"<li>{e(r)}</li>" for r in f.get("reasons") or [])
    parts = [head, info, f"<h3>Why</h3><ul>{reasons}</ul>" if reasons else ""]
    evidence = f.get("evidence") or []
    if evidence:
        parts.append(
            "<h3>Evidence</h3>"
            + html_table(pl.DataFrame(evidence), ["rule", "signal", "baseline", "observed"])
        )
    parts.append("<h3>Charts</h3>" + _charts(ctx))
    parts += [f'<p class="note">{e(n)}</p>' for n in ctx.notes]
    if ctx.chain is not None:
        parts.append("<h3>Identity chain</h3>" + chain_list(ctx.chain))
    if ctx.session is not None:
        parts.append(
            "<h3>Session summary</h3>"
            + html_table(
                ctx.session,
                ["event_source", "event_name", "total", "succeeded", "failed", "sensitive",
                 "access_denied_targets", "filter_sets", "sample_request_parameters"],
                mono=["access_denied_targets", "filter_sets", "sample_request_parameters"],
                flag="sensitive",
            )
        )  # fmt: skip
    if ctx.timeline is not None:
        tl = ctx.timeline
        first = tl.first_use
        if first:
            parts.append(
                "<h3>Timeline</h3>"
                + facts([("first use", first["event_time"]), ("first API", first["event_name"]),
                         ("from", first["source_ip_address"]), ("user agent", first["user_agent"])])
                + "<details><summary>Every call, in order "
                f"({tl.events.height})</summary>"
                + html_table(tl.events, ["event_time", "event_name", "event_source", "aws_region",
                                         "source_ip_address", "succeeded", "error_code", "user_agent"])
                + "</details><h4>Source IPs and user agents over time</h4>"
                + html_table(tl.sources, ["source_ip_address", "user_agent", "first_seen",
                                          "last_seen", "events", "failed"])
            )  # fmt: skip
        if not tl.created.is_empty():
            parts.append(
                "<h3>Users and keys it created</h3>"
                + html_table(tl.created, ["created_at", "event_name", "user_name", "access_key_id",
                                          "used", "events", "apis", "source_ips"])
            )  # fmt: skip
    if ctx.principal is not None:
        new = ctx.principal.new_values
        parts.append(
            "<h3>New for this principal</h3>"
            + html_table(new, ["dimension", "value", "recent_count", "recent_first_seen"])
        )
    return (
        f'<section class="finding" id="finding-{index}" data-severity="{sev}">'
        + "".join(parts)
        + "</section>"
    )


def render_report(
    findings: pl.DataFrame | pl.LazyFrame | str | os.PathLike[str],
    source: Source,
    *,
    model: Baseline | str | os.PathLike[str] | None = None,
    day: date | str | None = None,
    max_findings: int = 100,
    progress: Callable[[int, int], None] | None = None,
    **enrich_options: Any,
) -> str:
    """The report as one HTML string (see :func:`write_report`)."""
    frame = (
        read_findings(findings)
        if isinstance(findings, str | os.PathLike)
        else conform(findings.lazy(), FINDINGS).collect(engine=ENGINE)
    )
    if day is not None:
        lo, hi = time_range(parse_day(day, what="day"), parse_day(day, what="day"))
        frame = frame.filter((pl.col("last_seen") >= lo) & (pl.col("first_seen") < hi))
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    frame = (
        frame.with_columns(
            _rank=pl.col("severity").replace_strict(rank, default=len(rank), return_dtype=pl.Int64)
        )
        .sort("_rank", "score", descending=[False, True], nulls_last=True)
        .drop("_rank")
    )
    shown = frame.head(max_findings)
    contexts = []
    for row in shown.iter_rows(named=True):
        contexts.append(investigate_finding(row, source, model=model, **enrich_options))
        if progress is not None:
            progress(len(contexts), shown.height)
    label = str(day) if day is not None else "all findings"
    index = html_table(
        shown.with_row_index("n", offset=1),
        ["n", "severity", "score", "title", "principal_arn", "access_key_id", "first_seen"],
    )
    counts = shown.group_by("severity").len()
    by_sev = dict(zip(counts["severity"], counts["len"], strict=True))
    buttons = "".join(
        f'<button type="button" data-sev="{s}" aria-pressed="true">{s} ({by_sev.get(s, 0)})</button>'
        for s in SEVERITY_ORDER
        if by_sev.get(s)
    )
    more = (
        f'<p class="note">{frame.height - max_findings} lower-ranked findings not shown.</p>'
        if frame.height > max_findings
        else ""
    )
    header = (
        f"<header><h1>ueba findings: {e(label)}</h1>"
        f'<p class="muted">{shown.height} findings · generated '
        f'{e(datetime.now(UTC))} · <span id="shown"></span></p>'
        f'<nav class="filters">{buttons}</nav>{index}{more}</header>'
    )
    body = "".join(_section(i, ctx) for i, ctx in enumerate(contexts, start=1))
    if not contexts:
        body = '<p class="note">No findings.</p>'
    return page(f"ueba findings: {label}", header, body)


def write_report(
    findings: pl.DataFrame | pl.LazyFrame | str | os.PathLike[str],
    source: Source,
    out: str | os.PathLike[str],
    *,
    model: Baseline | str | os.PathLike[str] | None = None,
    day: date | str | None = None,
    max_findings: int = 100,
    progress: Callable[[int, int], None] | None = None,
    **enrich_options: Any,
) -> str:
    """Write the self-contained HTML report of ``findings`` to ``out`` (atomically).

    Parameters
    ----------
    findings
        A FINDINGS frame, or the JSONL / Parquet file of findings.
    source
        The lake directory (or a frame of EVENTS) the findings came from.
    model
        A baseline (or its directory) for the "vs baseline" charts; without one the baseline is
        learnt from the lake's 30 days before each finding.
    day
        Only findings active on this day (default: all, most severe first).
    progress
        Called with (findings done, findings to do) after each finding is investigated.

    Examples
    --------
    >>> write_report("findings.jsonl", "lake/", "report.html", model="models/prod")  # doctest: +SKIP
    'report.html'
    """
    html = render_report(
        findings,
        source,
        model=model,
        day=day,
        max_findings=max_findings,
        progress=progress,
        **enrich_options,
    )
    target = os.fspath(out)
    write_text(target, html)
    return target


__all__ = [
    "FindingContext",
    "investigate_finding",
    "read_findings",
    "render_report",
    "write_report",
]
