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
    "format_option",
    "handle_errors",
    "lake_option",
    "quiet_option",
]
