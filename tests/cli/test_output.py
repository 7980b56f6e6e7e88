"""``ueba.cli._output``: one width when piped, progress only for a person at a terminal."""

from __future__ import annotations

import pytest
from rich.table import Table

from ueba.cli._output import print_rich, progress, status


def _wide_table() -> Table:
    table = Table()
    table.add_column("arn")
    table.add_row("arn:aws:sts::111122223333:assumed-role/" + "a-very-long-role-name-" * 12)
    return table


def test_piped_output_never_folds_a_cell(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    print_rich(_wide_table())
    out = capsys.readouterr().out
    assert "a-very-long-role-name-" * 12 in out


def test_columns_wins_when_set(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    print_rich(_wide_table())
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 60


def test_no_progress_bar_or_spinner_when_nobody_watches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # stderr is captured here, as in a pipe or a CI log: nothing is drawn and no callback given.
    with progress("ingesting files") as update:
        assert update is None
    with status("Enriching events…"):
        # a spinner draws as soon as it starts: nothing on stderr while the block runs
        assert capsys.readouterr().err == ""
    assert capsys.readouterr().err == ""
