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
    "report": "ueba.cli.investigate:report",
    "feeds": "ueba.cli.feeds:feeds",
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
def main() -> None:
    """Find stolen and misused AWS credentials in CloudTrail."""


__all__ = ["COMMANDS", "main"]
