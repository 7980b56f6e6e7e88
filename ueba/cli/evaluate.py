"""``ueba evaluate``: grade a findings file against labelled incidents."""

from __future__ import annotations

import json

import click

from ueba.cli._common import handle_errors


@click.command("evaluate")
@click.option(
    "--findings",
    "findings_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Findings: ueba JSON Lines, OCSF JSON Lines or Parquet.",
)
@click.option(
    "--truth",
    "truth_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Labelled incidents: CSV, JSON or Parquet (docs/evaluation.md).",
)
@click.option(
    "--population",
    type=click.IntRange(min=0),
    default=None,
    help="Principal-days observed (the denominator of false findings per 1,000).",
)
@click.option(
    "--lake",
    type=click.Path(file_okay=False),
    default=None,
    help="Count the principal-days in this lake over the days the findings span.",
)
@click.option(
    "--days",
    "day_range",
    default=None,
    help="With --lake: the scored days FIRST:LAST (default: the days the findings span).",
)
@click.option(
    "--slack",
    default="0",
    show_default=True,
    help="Widen each incident's time range by this much (30m, 1h).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
)
@click.option(
    "--out", type=click.Path(dir_okay=False), default=None, help="Write here instead of stdout."
)
@handle_errors
def evaluate(
    findings_path: str,
    truth_path: str,
    population: int | None,
    lake: str | None,
    day_range: str | None,
    slack: str,
    fmt: str,
    out: str | None,
) -> None:
    """Grade FINDINGS against labelled incidents: recall, false findings per 1,000
    principal-days, findings per incident, per severity tier, rule and score threshold."""
    from ueba.evaluation import evaluate as grade
    from ueba.exceptions import ConfigError

    if population is None and lake is None:
        raise ConfigError(
            "false findings per 1,000 principal-days need a population",
            fix="give --population N or --lake DIR",
        )
    days = None
    if day_range is not None:
        first, sep, last = day_range.partition(":")
        if not sep or not first or not last:
            raise ConfigError(
                f"--days {day_range!r} is not FIRST:LAST",
                fix="write e.g. --days 2025-03-26:2025-03-30",
            )
        days = (first, last)
    result = grade(
        findings_path, truth_path, population=population, lake=lake, days=days, slack=slack
    )
    if fmt == "json":
        text = json.dumps(result.to_dict(), default=str, sort_keys=True)
    elif fmt == "html":
        text = result.to_html()
    else:
        from ueba.cli._text import sanitize

        # incident names come from the truth file: no terminal escapes reach the screen
        text = sanitize(result.to_text(), keep_newlines=True)
    if out is not None:
        from ueba.export.jsonl import atomic_path

        with atomic_path(out) as fh:
            fh.write(text + "\n")
    else:
        click.echo(text)
