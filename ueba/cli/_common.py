"""Options and error handling shared by every command."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ueba.exceptions import ConfigError, UebaError

F = TypeVar("F", bound=Callable[..., Any])

# Exit codes, the same for every command.
EXIT_OK = 0
EXIT_FATAL = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3  # the run finished but some input was quarantined
EXIT_FINDINGS = 4  # score/run --fail-on: a finding at or above the severity


def handle_errors(func: F) -> F:
    """Turn library errors into one readable line on stderr and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"ueba: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except UebaError as exc:
            click.echo(f"ueba: {exc}", err=True)
            sys.exit(EXIT_FATAL)

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
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_USAGE",
    "config_option",
    "feed_options",
    "format_option",
    "handle_errors",
    "lake_option",
    "load_feeds",
    "quiet_option",
]
