"""Text a terminal can show safely: control characters escaped in every table and line.

User agents, ARNs and S3 keys are chosen by whoever made the calls; an escape sequence in one
must reach the terminal as ``\\x1b``, never as a command to it.
"""

from __future__ import annotations

import re
from typing import Any

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


def print_rich(renderable: Any, *, width: int = 160) -> None:
    """Print a rich table or tree on stdout, control characters escaped."""
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # piped or captured: no 80-column squeeze
        console = Console(width=width)
    console.print(_Escaped(renderable))


__all__ = ["print_rich", "printable", "sanitize"]
