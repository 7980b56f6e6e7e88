"""The ``ueba`` command line: thin click commands, each calling one library function.

Sub-commands are loaded only when used, so ``ueba --help`` is fast and one command's optional
dependencies never break another.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from ueba import __version__

# command name -> "module:attribute" of a click.Command
COMMANDS: dict[str, str] = {
    "ingest": "ueba.cli.ingest:ingest",
    "enrich": "ueba.cli.enrich:enrich",
    "baseline": "ueba.cli.detect:baseline",
    "score": "ueba.cli.detect:score",
    "run": "ueba.cli.detect:run",
    "investigate": "ueba.cli.investigate:investigate",
    "report": "ueba.cli.report:report",
    "feeds": "ueba.cli.feeds:feeds",
    "lake": "ueba.cli.lake:lake",
    "evaluate": "ueba.cli.evaluate:evaluate",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        command: Any = getattr(importlib.import_module(module), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ueba")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    envvar="UEBA_LOG_FORMAT",
    help="stderr as text for people or one JSON object per line for log collectors.",
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
    envvar="UEBA_LOG_LEVEL",
    help="Least severe message shown on stderr.",
)
def main(log_format: str, log_level: str) -> None:
    """Find stolen and misused AWS credentials in CloudTrail."""
    from ueba.cli._common import configure_logging

    configure_logging(log_format, log_level)


__all__ = ["COMMANDS", "main"]
