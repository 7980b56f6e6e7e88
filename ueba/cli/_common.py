"""Options, output, logging and error handling shared by every command.

Everything a command prints to a person goes through :func:`say` (stderr, through the ``ueba``
logger, so ``--log-format json`` and ``--log-level`` apply) or :func:`print_rich` (stdout).
Both show control characters escaped: user agents, ARNs and S3 keys come from whoever made
the calls, and a terminal must never receive their escape sequences.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import click

from ueba._files import atomic_write
from ueba.cli._log import LOG_FORMATS, LOG_LEVELS, configure_logging, say
from ueba.cli._output import print_rich, printable, sanitize
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


def write_summary(path: str | os.PathLike[str] | None, summary: Mapping[str, Any]) -> None:
    """Write the machine-readable run summary (``--summary-json``) atomically."""
    if path is None:
        return
    with atomic_write(path) as handle:
        json.dump(dict(summary), handle, indent=2, sort_keys=True, default=str)
        handle.write("\n")


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


def _is_corrupt_parquet(exc: Exception) -> bool:
    """A part whose footer reads but whose pages do not (polars or pyarrow says so)."""
    import polars as pl

    text = str(exc).lower()
    return isinstance(exc, pl.exceptions.ComputeError) and (
        "parquet" in text or "decompress" in text or "zstd" in text
    )


def _corrupt_read(exc: Exception, lake: object) -> str:
    where = f"the lake {lake}" if lake else "the lake"
    check = f"ueba lake check --lake {lake}" if lake else "ueba lake check --lake LAKE"
    return (
        f"a part of {where} is corrupt past its footer ({exc}). Run `{check}` to find it "
        "and `--repair` to move it aside, then run this again"
    )


def handle_errors(func: F) -> F:
    """Turn errors into one readable line on stderr and the documented exit code.

    Also turns :class:`~ueba.exceptions.LakeWarning` (a corrupt part, a stray directory: the
    rest was read) into a logged warning and exit code 3 (or 5 with findings).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        code, error = EXIT_OK, None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", LakeWarning)
            try:
                func(*args, **kwargs)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else EXIT_FATAL
            except ConfigError as exc:
                code, error = EXIT_USAGE, str(exc)
            except UebaError as exc:
                code, error = EXIT_FATAL, str(exc)
            except OSError as exc:
                code, error = EXIT_FATAL, _os_error(exc)
            except Exception as exc:
                if not _is_corrupt_parquet(exc):
                    raise
                code, error = EXIT_FATAL, _corrupt_read(exc, kwargs.get("lake"))
        if error is not None:
            say(error, level=logging.ERROR)
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
        if error is not None and kwargs.get("summary_json"):
            # A scheduler reading the summary must not find the last good run's.
            command = click.get_current_context(silent=True)
            write_summary(
                kwargs["summary_json"],
                {
                    "command": command.command_path if command else func.__name__,
                    "exit_code": code,
                    "error": error,
                    "lake_warnings": sorted(seen),
                },
            )
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
    (
        "--ip-ranges",
        "An ip-ranges.json snapshot (default: the one `ueba feeds update` installed, else the bundled one).",
    ),
    (
        "--asn-table",
        "IP-range to ASN table, CSV (start,end,asn,org) or Parquet (default: installed, else bundled).",
    ),
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
    """Keyword arguments for :func:`ueba.enrichment.enrich` from :func:`feed_options`' values.

    The ip-ranges snapshot and the ASN table are always loaded here (installed, else bundled),
    so a command that enriches several days reads each feed once.
    """
    from ueba.enrichment import default_feeds
    from ueba.enrichment.aws_ranges import AwsIpRanges
    from ueba.enrichment.geo import AsnTable, MaxMindReader

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
