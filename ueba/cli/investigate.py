"""``ueba investigate key|chain|session|principal`` (``ueba report`` is :mod:`ueba.cli.report`).

Thin wrappers: each calls one function of :mod:`ueba.investigate` and prints the frames it
returns: rich tables or a tree for people, JSON or Parquet for machines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import click
import polars as pl

from ueba.cli._common import (
    handle_errors,
    lake_option,
    print_rich,
    printable,
    sanitize,
    say,
)

F = TypeVar("F", bound=Callable[..., Any])


def _window_options(func: F) -> F:
    func = click.option(
        "--account", "accounts", multiple=True, help="Only this recipient account (repeatable)."
    )(func)
    func = click.option(
        "--end", default=None, help="Last day or time to look at (ISO, inclusive day)."
    )(func)
    func = click.option("--start", default=None, help="First day or time to look at (ISO).")(func)
    return func


def _output_options(*choices: str, default: str) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        func = click.option(
            "--out",
            "out",
            type=click.Path(dir_okay=False),
            default=None,
            help="Write here instead of stdout (required for parquet).",
        )(func)
        func = click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="How to print the result.",
        )(func)
        return func

    return decorate


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date | timedelta):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _dump(payload: object, out: str | None) -> None:
    text = json.dumps(payload, default=_json_default, indent=2)
    if out is None:
        click.echo(text)
        return
    from ueba._files import atomic_write

    with atomic_write(out) as handle:
        handle.write(text + "\n")


def _parquet(frame: pl.DataFrame, out: str | None) -> None:
    if out is None:
        raise click.UsageError("--format parquet needs --out FILE")
    from ueba._files import atomic_write

    with atomic_write(out, binary=True) as handle:
        frame.write_parquet(handle)
    say(f"wrote {frame.height} rows to {out}")


def _frames(frames: Mapping[str, pl.DataFrame]) -> dict[str, list[dict[str, Any]]]:
    return {name: frame.to_dicts() for name, frame in frames.items()}


def _table(frame: pl.DataFrame, columns: Sequence[str], title: str, *, limit: int = 500) -> None:
    from rich.markup import escape
    from rich.table import Table

    total = frame.height
    frame = printable(frame.head(limit))
    table = Table(title=title, title_justify="left", show_lines=False)
    cols = [c for c in columns if c in frame.columns]
    for c in cols:
        table.add_column(c.replace("_", " "), overflow="fold")
    for row in frame.iter_rows(named=True):
        cells = []
        for c in cols:
            v = row[c]
            if isinstance(v, datetime):
                v = f"{v:%Y-%m-%d %H:%M:%S}"
            elif isinstance(v, list):
                v = ", ".join(str(x) for x in v)
            cells.append(escape("" if v is None else str(v)))
        table.add_row(*cells)
    print_rich(table)
    if total > limit:
        say(f"... {total - limit} more rows (use --format json)")


@click.group()
def investigate() -> None:
    """Answer who used a key, what it did and from where (timeline, chain, session, principal)."""


@investigate.command("key")
@click.argument("access_key_id")
@lake_option
@_window_options
@_output_options("table", "json", "parquet", default="table")
@handle_errors
def key_command(
    access_key_id: str,
    lake: str,
    start: str | None,
    end: str | None,
    accounts: tuple[str, ...],
    fmt: str,
    out: str | None,
) -> None:
    """Every call of ACCESS_KEY_ID in order, its first use, and the users and keys it created.

    parquet writes the calls; json has every part (events, created, created_activity, sources).
    """
    from ueba.investigate import key_timeline

    tl = key_timeline(lake, access_key_id, start=start, end=end, accounts=accounts or None)
    if fmt == "parquet":
        return _parquet(tl.events, out)
    if fmt == "json":
        parts = {
            "events": tl.events,
            "created": tl.created,
            "created_activity": tl.created_activity,
            "sources": tl.sources,
        }
        return _dump(
            {"access_key_id": access_key_id, "first_use": tl.first_use, **_frames(parts)}, out
        )
    if tl.events.is_empty():
        say(f"no events of {access_key_id} in the lake for this window")
        return None
    first = tl.first_use or {}
    click.echo(
        sanitize(
            f"first use: {first.get('event_time'):%Y-%m-%d %H:%M:%S}Z {first.get('event_name')} "
            f"from {first.get('source_ip_address')} ({first.get('user_agent')})"
        )
    )
    _table(
        tl.events,
        [
            "event_time",
            "event_name",
            "event_source",
            "aws_region",
            "source_ip_address",
            "succeeded",
            "error_code",
        ],
        f"calls of {access_key_id}",
    )
    if not tl.created.is_empty():
        _table(
            tl.created,
            ["created_at", "event_name", "user_name", "access_key_id", "used", "events", "apis"],
            "users and keys it created",
        )
    _table(
        tl.sources,
        ["source_ip_address", "user_agent", "first_seen", "last_seen", "events", "failed"],
        "source IPs and user agents",
    )
    return None


@investigate.command("chain")
@click.argument("access_key_id")
@lake_option
@_window_options
@click.option(
    "--at", default=None, help="When the key ID was recycled: the key in use at this time."
)
@click.option("--max-depth", default=8, show_default=True, help="Hops to follow each way.")
@_output_options("tree", "json", "parquet", default="tree")
@handle_errors
def chain_command(
    access_key_id: str,
    lake: str,
    start: str | None,
    end: str | None,
    accounts: tuple[str, ...],
    at: str | None,
    max_depth: int,
    fmt: str,
    out: str | None,
) -> None:
    """Follow ACCESS_KEY_ID back to the identity that started it and forward to the keys it minted.

    parquet writes the edges (one row per minting call: parent, child, via, time, accounts).
    """
    from ueba.investigate import chain

    result = chain(
        lake,
        access_key_id,
        start=start,
        end=end,
        at=at,
        accounts=accounts or None,
        max_depth=max_depth,
    )
    if fmt == "parquet":
        return _parquet(result.edges, out)
    if fmt == "json":
        return _dump(result.to_dict(), out)
    print_rich(result.to_tree())
    return None


@investigate.command("session")
@click.argument("access_key_id", nargs=-1, required=True)
@lake_option
@_window_options
@click.option(
    "--no-console-siblings",
    is_flag=True,
    help="Do not add the console's other per-region keys of the same sign-in.",
)
@_output_options("table", "json", "parquet", default="table")
@handle_errors
def session_command(
    access_key_id: tuple[str, ...],
    lake: str,
    start: str | None,
    end: str | None,
    accounts: tuple[str, ...],
    no_console_siblings: bool,
    fmt: str,
    out: str | None,
) -> None:
    """Summarise a session, one row per API call: counts, failures, samples, denials, sensitive reads."""
    from ueba.investigate import session_summary

    summary = session_summary(
        lake,
        list(access_key_id),
        start=start,
        end=end,
        accounts=accounts or None,
        console_siblings=not no_console_siblings,
    )
    if fmt == "parquet":
        return _parquet(summary, out)
    if fmt == "json":
        return _dump({"access_key_ids": list(access_key_id), "calls": summary.to_dicts()}, out)
    _table(
        summary,
        [
            "event_source",
            "event_name",
            "total",
            "succeeded",
            "failed",
            "sensitive",
            "access_denied_targets",
            "filter_sets",
            "sample_request_parameters",
        ],
        "session summary",
    )
    return None


@investigate.command("principal")
@click.argument("principal_arn")
@lake_option
@click.option(
    "--model",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="A saved baseline; without it the baseline is learnt from the lake.",
)
@click.option(
    "--end",
    default=None,
    help="End of the recent window (default: end of the principal's last active day).",
)
@click.option("--recent-hours", default=24, show_default=True, help="Length of the recent window.")
@click.option(
    "--baseline-days",
    default=30,
    show_default=True,
    help="Days of history when learning without --model.",
)
@_output_options("table", "json", "parquet", default="table")
@handle_errors
def principal_command(
    principal_arn: str,
    lake: str,
    model: str | None,
    end: str | None,
    recent_hours: int,
    baseline_days: int,
    fmt: str,
    out: str | None,
) -> None:
    """Compare a principal's recent behaviour with its baseline; new values are marked.

    parquet writes the per-value comparison.
    """
    from ueba.investigate import principal_view

    view = principal_view(
        lake,
        principal_arn,
        model=model,
        end=end,
        recent=timedelta(hours=recent_hours),
        baseline_days=baseline_days,
    )
    if fmt == "parquet":
        return _parquet(view.values, out)
    if fmt == "json":
        window = {"recent_start": view.recent_start, "recent_end": view.recent_end}
        parts = {"values": view.values, "hourly": view.hourly, "maturity": view.maturity}
        return _dump({"principal_arn": principal_arn, **window, **_frames(parts)}, out)
    click.echo(
        sanitize(
            f"{principal_arn}: recent {view.recent_start:%Y-%m-%d %H:%M} to "
            f"{view.recent_end:%Y-%m-%d %H:%M} UTC"
        )
    )
    _table(
        view.values.filter(pl.col("recent_count") > 0),
        ["dimension", "value", "is_new", "recent_count", "baseline_count", "baseline_days_seen"],
        "recent values (is new = never seen in the baseline)",
    )
    _table(
        view.hourly.filter(pl.col("events") > 0),
        [
            "hour",
            "events",
            "errors",
            "access_denied",
            "baseline_events_median",
            "baseline_events_p95",
        ],
        "active hours vs baseline",
    )
    return None


__all__ = ["investigate"]
