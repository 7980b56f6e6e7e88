"""Options, output, logging and error handling shared by every command.

Everything a command prints to a person goes through :func:`say` (stderr, through the ``ueba``
logger, so ``--log-format json`` and ``--log-level`` apply) or :func:`print_rich` (stdout).
Both show control characters escaped: user agents, ARNs and S3 keys come from whoever made
the calls, and a terminal must never receive their escape sequences.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from ueba.exceptions import ConfigError, LakeWarning, UebaError

F = TypeVar("F", bound=Callable[..., Any])

# Exit codes, the same for every command. Precedence: 1 and 2 stop the run and win; otherwise
# damaged input (3) and findings (4) are both reported, as 5, so neither hides the other.
EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # the run finished but some input was quarantined or a lake part skipped
EXIT_FINDINGS = 4  # score/run --fail-on: a finding at or above the severity
EXIT_FINDINGS_AND_PARTIAL = 5  # 3 and 4 together


def exit_code(*, partial: bool, findings: bool) -> int:
    """The exit code of a run that finished: 0, 3, 4 or 5 (both)."""
    if partial and findings:
        return EXIT_FINDINGS_AND_PARTIAL
    if findings:
        return EXIT_FINDINGS
    return EXIT_PARTIAL if partial else EXIT_OK


def _with_partial(code: int) -> int:
    """``code`` once damaged input was seen: 0 -> 3, 4 -> 5; 1, 2, 3 and 5 stay."""
    return {EXIT_OK: EXIT_PARTIAL, EXIT_FINDINGS: EXIT_FINDINGS_AND_PARTIAL}.get(code, code)


# -- text a terminal can show safely ---------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char, f"\\x{ord(char):02x}")


def sanitize(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every C0/C1 control character shown escaped (``\\x1b``, ``\\n``)."""
    pattern = _CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL
    return pattern.sub(_escape_one, text)


def printable(frame: Any) -> Any:
    """A polars DataFrame with control characters escaped in every string (and list of strings).

    Each distinct value containing one is escaped once and joined back, so a large table with
    a few hostile user agents costs a few look-ups.
    """
    import polars as pl

    columns = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            values = frame.get_column(name)
        elif dtype == pl.List(pl.String):
            values = frame.get_column(name).explode()
        else:
            continue
        hostile = values.filter(values.str.contains(_CONTROL.pattern)).unique().to_list()
        if not hostile:
            continue
        mapping = {value: sanitize(value) for value in hostile}
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


# -- logging: text or JSON lines on stderr ----------------------------------------------------

LOGGER = "ueba"
LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("debug", "info", "warning", "error")


class _ClickHandler(logging.Handler):
    """Writes to the stderr of the moment (click's test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = sanitize(record.getMessage(), keep_newlines=True)
        if record.levelno >= logging.ERROR:
            return f"ueba: {text}"
        if record.levelno >= logging.WARNING:
            return f"ueba: warning: {text}"
        return text


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ).replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(getattr(record, "fields", {}))
        return json.dumps(payload, default=str, ensure_ascii=True)


def configure_logging(fmt: str = "text", level: str = "info") -> None:
    """Send the ``ueba`` logger to stderr as text or JSON lines, at ``level`` and above."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, _ClickHandler)]:
        logger.removeHandler(handler)
    handler = _ClickHandler()
    handler.setFormatter(_JsonFormatter() if fmt == "json" else _TextFormatter())
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False


def say(text: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """A message for people on stderr (progress, summaries, warnings, errors)."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, _ClickHandler) for h in logger.handlers):
        configure_logging()  # a command invoked without the group (tests, embedding)
    logger.log(level, text, extra={"fields": fields} if fields else None)


def write_summary(path: str | os.PathLike[str] | None, summary: Mapping[str, Any]) -> None:
    """Write the machine-readable run summary (``--summary-json``) atomically."""
    if path is None:
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(dict(summary), handle, indent=2, sort_keys=True, default=str)
            handle.write("\n")
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def summary_option(func: F) -> F:
    return click.option(
        "--summary-json",
        "summary_json",
        type=click.Path(dir_okay=False),
        default=None,
        help="Also write a machine-readable summary of the run here (files, events, "
        "quarantined, findings by severity, days scored, exit code).",
    )(func)


@contextlib.contextmanager
def watching_lake() -> Iterator[list[str]]:
    """Collect the LakeWarnings raised inside the block (the list is filled when it ends).

    They are raised again afterwards, so :func:`handle_errors` still logs them and sets the
    exit code; the command can put them in its ``--summary-json`` too.
    """
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LakeWarning)
        yield found
    for warning in caught:
        if issubclass(warning.category, LakeWarning):
            found.append(str(warning.message))
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def _os_error(exc: OSError) -> str:
    where = exc.filename if exc.filename is not None else "a file"
    what = exc.strerror or str(exc)
    return f"cannot read or write {where}: {what}. Check the path, its permissions and free space"


def handle_errors(func: F) -> F:
    """Turn errors into one readable line on stderr and the documented exit code.

    Also turns :class:`~ueba.exceptions.LakeWarning` (a corrupt part, a stray directory: the
    rest was read) into a logged warning and exit code 3 (or 5 with findings).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        code = EXIT_OK
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", LakeWarning)
            try:
                func(*args, **kwargs)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else EXIT_FATAL
            except ConfigError as exc:
                say(str(exc), level=logging.ERROR)
                code = EXIT_USAGE
            except UebaError as exc:
                say(str(exc), level=logging.ERROR)
                code = EXIT_FATAL
            except OSError as exc:
                say(_os_error(exc), level=logging.ERROR)
                code = EXIT_FATAL
        damaged = False
        seen: set[str] = set()
        for warning in caught:
            if not issubclass(warning.category, LakeWarning):  # not ours: the usual handling
                warnings.warn_explicit(
                    warning.message, warning.category, warning.filename, warning.lineno
                )
                continue
            damaged = True
            text = str(warning.message)
            if text not in seen:
                seen.add(text)
                say(text, level=logging.WARNING)
        sys.exit(_with_partial(code) if damaged else code)

    return wrapper  # type: ignore[return-value]


def quiet_option(func: F) -> F:
    return click.option(
        "--quiet", "-q", is_flag=True, help="No progress bar or summary on stderr."
    )(func)


def lake_option(func: F) -> F:
    return click.option(
        "--lake",
        "lake",
        required=True,
        type=click.Path(file_okay=False),
        help="The Parquet lake directory.",
    )(func)


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="table for people; jsonl / ocsf / parquet for machines.",
        )(func)

    return decorate


_FEED_OPTIONS: tuple[tuple[str, str], ...] = (
    ("--ip-ranges", "An ip-ranges.json snapshot (default: the one `ueba feeds update` installed, else the bundled one)."),
    ("--asn-table", "IP-range to ASN table, CSV (start,end,asn,org) or Parquet (default: installed, else bundled)."),
    ("--mmdb-asn", "MaxMind GeoLite2/GeoIP2 ASN database."),
    ("--mmdb-city", "MaxMind City database (country, coordinates for impossible travel)."),
    ("--mmdb-country", "MaxMind Country database."),
    ("--mmdb-anonymous", "MaxMind Anonymous-IP database."),
)


def feed_options(func: F) -> F:
    """The enrichment feeds, the same for every command that enriches events."""
    for flag, text in reversed(_FEED_OPTIONS):
        func = click.option(
            flag, type=click.Path(dir_okay=False, exists=True), default=None, help=text
        )(func)
    return func


def load_feeds(
    *,
    ip_ranges: str | None = None,
    asn_table: str | None = None,
    mmdb_asn: str | None = None,
    mmdb_city: str | None = None,
    mmdb_country: str | None = None,
    mmdb_anonymous: str | None = None,
) -> dict[str, Any]:
    """Keyword arguments for :func:`ueba.enrich.enrich` from :func:`feed_options`' values.

    The ip-ranges snapshot and the ASN table are always loaded here (installed, else bundled),
    so a command that enriches several days reads each feed once.
    """
    from ueba.enrich import default_feeds
    from ueba.enrich.aws_ranges import AwsIpRanges
    from ueba.enrich.geo import AsnTable, MaxMindReader

    ranges, table = default_feeds(
        ip_ranges=AwsIpRanges.from_json(ip_ranges) if ip_ranges else None,
        asn_table=AsnTable.from_path(asn_table) if asn_table else None,
    )
    out: dict[str, Any] = {"ip_ranges": ranges, "asn_table": table}
    if mmdb_asn or mmdb_city or mmdb_country or mmdb_anonymous:
        out["geo"] = MaxMindReader(
            asn_db=mmdb_asn, city_db=mmdb_city, country_db=mmdb_country, anonymous_db=mmdb_anonymous
        )
    return out


def config_option(func: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, exists=True),
        default=None,
        help="A TOML configuration file (thresholds, windows, allow-lists, feeds).",
    )(func)


__all__ = [
    "EXIT_FATAL",
    "EXIT_FINDINGS",
    "EXIT_FINDINGS_AND_PARTIAL",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_USAGE",
    "LOG_FORMATS",
    "LOG_LEVELS",
    "config_option",
    "configure_logging",
    "exit_code",
    "feed_options",
    "format_option",
    "handle_errors",
    "lake_option",
    "load_feeds",
    "print_rich",
    "printable",
    "quiet_option",
    "sanitize",
    "say",
    "summary_option",
    "watching_lake",
    "write_summary",
]
