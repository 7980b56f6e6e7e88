"""Everything the command line shows: data on stdout, progress on stderr, nothing unsafe.

- :func:`print_rich` prints a table or tree on stdout at the terminal's width, or unfolded
  (:data:`PIPED_WIDTH`) when piped, so a key ID or ARN is never cut in a file or a pager;
- :func:`progress` and :func:`status` show a transient bar or spinner on stderr, only to a
  person at a terminal and never with ``--quiet``;
- :func:`sanitize` and :func:`printable` escape control characters: user agents, ARNs and S3
  keys are chosen by whoever made the calls; an escape sequence in one must reach the terminal
  as ``\\x1b``, never as a command to it.

Log lines go through :func:`ueba.cli._log.say`, so ``--log-format json`` applies to them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# The width when stdout is not a terminal (a pipe, a file, a test): wide enough that rich never
# folds a cell, so ARNs, key IDs and user agents stay whole for grep and for machines. COLUMNS,
# when set, wins.
PIPED_WIDTH = 10_000

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{ord(char):02x}")


def sanitize(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every C0/C1 control character shown escaped (``\\x1b``, ``\\n``)."""
    pattern = _CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL
    return pattern.sub(_escape_one, text)


def printable(frame: Any, *, markup: bool = False) -> Any:
    """A polars DataFrame with control characters escaped in every string (and list of strings).

    With ``markup``, rich's markup (``[bold]``, ``[link=…]``, a stray ``[/]`` that would raise)
    is escaped too, for a table whose cells are given to rich as plain strings. Each distinct
    value that needs it is escaped once and joined back, so a large table with a few hostile
    user agents costs a few look-ups.
    """
    import polars as pl
    from rich.markup import escape

    pattern = r"[\x00-\x1f\x7f-\x9f\[]" if markup else _CONTROL.pattern

    columns = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            values = frame.get_column(name)
        elif dtype == pl.List(pl.String):
            values = frame.get_column(name).explode()
        else:
            continue
        hostile = values.filter(values.str.contains(pattern)).unique().to_list()
        if not hostile:
            continue
        mapping = {v: escape(sanitize(v)) if markup else sanitize(v) for v in hostile}
        if dtype == pl.String:
            columns.append(pl.col(name).replace(mapping))
        else:
            columns.append(pl.col(name).list.eval(pl.element().replace(mapping)))
    return frame.with_columns(columns) if columns else frame


class _Escaped:
    """A rich renderable that shows its content's control characters escaped.

    A last line of defence behind :func:`printable` (which keeps column widths right): whatever
    a table or tree was built from, no raw control character reaches the terminal.
    """

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control:
                yield segment
            else:
                yield Segment(sanitize(segment.text, keep_newlines=True), segment.style)


def print_rich(renderable: Any) -> None:
    """Print a rich table or tree on stdout, control characters escaped."""
    from rich.console import Console

    console = Console()
    # Piped or captured: no squeeze to a guessed 80 columns, unless COLUMNS says otherwise.
    if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
        console = Console(width=PIPED_WIDTH)
    console.print(_Escaped(renderable))


def _stderr_console(quiet: bool) -> Any | None:
    """A rich console on stderr when a person is watching it, else ``None``."""
    from rich.console import Console

    console = Console(stderr=True)
    return None if quiet or not console.is_terminal else console


@contextmanager
def progress(
    description: str, *, quiet: bool = False
) -> Iterator[Callable[[int, int], None] | None]:
    """A transient progress bar on stderr; yields ``update(done, total)``, or ``None`` when
    nobody is watching (not a terminal, or ``--quiet``), so callers skip the bookkeeping."""
    console = _stderr_console(quiet)
    if console is None:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@contextmanager
def status(text: str, *, quiet: bool = False) -> Iterator[None]:
    """A transient spinner with ``text`` on stderr while the block runs (terminals only)."""
    console = _stderr_console(quiet)
    if console is None:
        yield
        return
    with console.status(text):
        yield


__all__ = ["PIPED_WIDTH", "print_rich", "printable", "progress", "sanitize", "status"]
