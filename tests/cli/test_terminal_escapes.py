"""Attacker-chosen text (user agents, ARNs, paths) never reaches the terminal as control codes."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ueba.cli import main
from ueba.cli._common import printable, sanitize

HOSTILE = "\x1b[2J\x1b]0;PWNED\x07"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # newline and tab may lay out a table
KEY = "AKIAHOSTILEUA0000001"


def _lake(tmp_path: Path) -> Path:
    record = {
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "arn": "arn:aws:iam::111122223333:user/mallory\x1b[31m",
            "accountId": "111122223333",
            "accessKeyId": KEY,
            "userName": "mallory",
        },
        "eventTime": "2024-07-01T10:00:00Z",
        "eventSource": "iam.amazonaws.com",
        "eventName": "ListUsers",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.7",
        "userAgent": HOSTILE,
        "eventID": "00000000-0000-0000-0000-000000000001",
        "eventType": "AwsApiCall",
        "recipientAccountId": "111122223333",
    }
    src = tmp_path / "src" / "a.json.gz"
    src.parent.mkdir(parents=True)
    src.write_bytes(gzip.compress(json.dumps({"Records": [record]}).encode()))
    lake = tmp_path / "lake"
    assert CliRunner().invoke(main, ["ingest", str(src.parent), "--lake", str(lake)]).exit_code == 0
    return lake


def test_investigate_key_shows_a_hostile_user_agent_escaped(tmp_path: Path) -> None:
    lake = _lake(tmp_path)
    for view in ("key", "session", "chain"):
        res = CliRunner().invoke(main, ["investigate", view, KEY, "--lake", str(lake)])
        assert res.exit_code == 0, res.output
        assert not CONTROL.search(res.output), (view, res.output)
    res = CliRunner().invoke(main, ["investigate", "key", KEY, "--lake", str(lake)])
    assert "\\x1b[2J" in res.stdout and "PWNED\\x07" in res.stdout


def test_score_table_shows_hostile_values_escaped(tmp_path: Path) -> None:
    lake = _lake(tmp_path)
    res = CliRunner().invoke(main, ["score", "--lake", str(lake), "--day", "2024-07-01"])
    assert res.exit_code in (0, 4), res.output
    assert not CONTROL.search(res.output)


def test_an_error_naming_a_hostile_path_is_escaped(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["score", "--lake", str(tmp_path / "x\x1b]0;PWNED\x07")])
    assert res.exit_code == 1
    assert "x\\x1b]0;PWNED\\x07" in res.stderr and not CONTROL.search(res.stderr)


def test_printable_escapes_strings_and_lists_and_leaves_clean_values_alone() -> None:
    frame = pl.DataFrame(
        {"ua": [HOSTILE, "aws-cli/2", None], "ips": [["1.2.3.4", "\x9b"], [], None], "n": [1, 2, 3]}
    )
    out = printable(frame)
    assert out["ua"].to_list() == ["\\x1b[2J\\x1b]0;PWNED\\x07", "aws-cli/2", None]
    assert out["ips"].to_list() == [["1.2.3.4", "\\x9b"], [], None]
    assert out["n"].to_list() == [1, 2, 3]


@given(st.text())
def test_sanitize_leaves_no_control_character_and_keeps_everything_else(text: str) -> None:
    out = sanitize(text)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", out)
    assert len(out) >= len(text)
    assert [c for c in text if not re.match(r"[\x00-\x1f\x7f-\x9f]", c)] == [
        c for c in re.sub(r"\\(x[0-9a-f]{2}|[nrt])", "", out)
    ] or "\\" in text  # a literal backslash in the input can look like an escape
    if not re.search(r"[\x00-\x1f\x7f-\x9f]", text):
        assert out == text


def test_rich_markup_in_a_finding_is_shown_not_interpreted_and_never_raises(
    capsys: object,
) -> None:
    import datetime as dt

    from ueba.cli._output import print_rich
    from ueba.export.jsonl import render_table
    from ueba.schema import FINDINGS

    row = dict.fromkeys(FINDINGS)
    row.update(
        severity="high",
        score=0.9,
        first_seen=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        reasons=["user agent [/] [link=http://evil.example]click[/link]" + HOSTILE],
        source_ips=["203.0.113.7"],
        event_count=1,
    )
    print_rich(render_table(printable(pl.DataFrame([row], schema=FINDINGS), markup=True)))
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "[/] [link=http://evil.example]click[/link]" in out
    assert not CONTROL.search(out)


def test_every_cli_module_prints_through_the_escaping_helpers() -> None:
    """Tables go through print_rich, stderr through say: no module prints around them."""
    cli = Path(__file__).resolve().parents[2] / "ueba" / "cli"
    for module in sorted(cli.glob("*.py")):
        if module.name in ("_output.py", "_log.py"):
            continue
        source = module.read_text()
        assert not re.search(r"\berr=True", source), f"{module.name}: use say() for stderr"
        assert ".print(" not in source, f"{module.name}: use print_rich() for tables"
        # progress and spinners come from ueba.cli._output, the one module that makes consoles
        assert "Console(" not in source, f"{module.name}: use progress()/status() from _output"
