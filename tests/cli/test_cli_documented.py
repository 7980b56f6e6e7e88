"""Every command is reachable, has help text, and is documented for users."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ueba.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]


def _all_commands() -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        assert cmd is not None, name
        out.append((name, cmd))
        if isinstance(cmd, click.Group):
            sub_ctx = click.Context(cmd)
            for sub in cmd.list_commands(sub_ctx):
                sub_cmd = cmd.get_command(sub_ctx, sub)
                assert sub_cmd is not None
                out.append((f"{name} {sub}", sub_cmd))
    return out


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [*name.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_every_command_has_a_docstring_and_is_documented() -> None:
    docs = "\n".join(
        p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    )
    for name, cmd in _all_commands():
        assert (cmd.help or "").strip(), f"`ueba {name}` has no help text"
        assert f"ueba {name}" in docs, f"`ueba {name}` is not documented in README.md or docs/"


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["frobnicate"])
    assert result.exit_code == 2
