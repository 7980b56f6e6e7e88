"""``ueba lake check [--repair]``: find the parts of a lake that cannot be read; move them aside."""

from __future__ import annotations

import logging
import sys

import click

from ueba.cli._common import (
    EXIT_OK,
    EXIT_PARTIAL,
    handle_errors,
    lake_option,
    quiet_option,
    sanitize,
    say,
    summary_option,
    write_summary,
)
from ueba.exceptions import LakeError


@click.group("lake")
def lake() -> None:
    """Look after a lake: find and move aside what cannot be read."""


@lake.command("check")
@lake_option
@click.option(
    "--repair",
    is_flag=True,
    help="Move each corrupt part under the lake's _corrupt/ directory (same relative path).",
)
@summary_option
@quiet_option
@handle_errors
def check(lake: str, repair: bool, summary_json: str | None, quiet: bool) -> None:
    """Read every part of the lake whole and list those that cannot be read (one per line).

    Exit codes: 0 every part reads, 3 corrupt parts or stray directories were found (and, with
    --repair, the parts moved aside), 1 fatal error.

    \b
    Example:
        ueba lake check --lake lake/
        ueba lake check --lake lake/ --repair
    """
    from pathlib import Path

    from ueba.io._fs import lake_exists
    from ueba.io.lake import check_lake

    if not lake_exists(lake):
        raise LakeError("no lake at this path", path=lake, fix="check --lake")
    result = check_lake(lake, repair=repair)
    for bad in result.corrupt:
        click.echo(f"{sanitize(str(bad.path))}\t{sanitize(bad.reason)}")
    for stray in result.stray:
        say(
            f"{stray}: not a partition (event_date must be YYYY-MM-DD); readers skip it",
            level=logging.WARNING,
        )
    if not quiet:
        say(
            f"checked {result.parts:,} part(s), {result.events:,} event(s): "
            f"{len(result.corrupt)} corrupt, {len(result.stray)} stray director(y/ies)"
        )
    if result.moved:
        say(
            f"moved {len(result.moved)} corrupt part(s) under {Path(lake) / '_corrupt'}; their "
            "events are no longer in the lake (ingest their source files into a new lake to "
            "recover them)",
            level=logging.WARNING,
        )
    code = EXIT_OK if result.ok else EXIT_PARTIAL
    write_summary(
        summary_json,
        {
            "command": "lake check",
            "lake": lake,
            "parts": result.parts,
            "events": result.events,
            "corrupt_parts": [str(b.path) for b in result.corrupt],
            "moved": [str(p) for p in result.moved],
            "stray_directories": result.stray,
            "exit_code": code,
        },
    )
    sys.exit(code)


__all__ = ["lake"]
