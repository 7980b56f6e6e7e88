"""``ueba ingest``: summary on stderr, documented exit codes, quiet when asked."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from ueba.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["ingest", *args])
    return result.exit_code, result.stdout, result.stderr


def test_clean_run_exits_0_with_a_summary_on_stderr_and_nothing_on_stdout(tmp_path: Path) -> None:
    code, out, err = _run(str(SAMPLES / "flaws2"), "--lake", str(tmp_path / "lake"))
    assert code == 0
    assert out == ""
    assert "ingested 37 events from 8 file(s)" in err


def test_quarantined_input_exits_3_and_says_where_to_look(tmp_path: Path) -> None:
    bad = tmp_path / "in" / "bad.json.gz"
    bad.parent.mkdir()
    bad.write_bytes(gzip.compress(b'{"Records": [')[:-4])
    code, _, err = _run(str(SAMPLES / "flaws2"), str(bad), "--lake", str(tmp_path / "lake"))
    assert code == 3
    assert "quarantined 1 file(s)" in err and "_quarantine/errors-" in err


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    code, out, err = _run(str(SAMPLES / "flaws2"), "--lake", str(tmp_path / "lake"), "--quiet")
    assert (code, out, err) == (0, "", "")


def test_missing_source_is_fatal_exit_1_naming_the_path(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "nope"), "--lake", str(tmp_path / "lake"))
    assert code == 1
    assert "nope" in err and "no such file" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _run("--lake", str(tmp_path / "lake"))[0] == 2
    assert _run(str(SAMPLES), "--lake", str(tmp_path), "--max-decompressed-bytes", "lots")[0] == 2


def test_max_decompressed_bytes_option_refuses_a_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "in" / "bomb.json.gz"
    bomb.parent.mkdir()
    bomb.write_bytes(gzip.compress(json.dumps({"Records": []}).encode() + b" " * 2_000_000))
    code, _, err = _run(
        str(bomb), "--lake", str(tmp_path / "lake"), "--max-decompressed-bytes", "1M"
    )
    assert code == 3 and "quarantined 1 file(s)" in err
    code, _, _ = _run(
        str(bomb),
        "--lake",
        str(tmp_path / "lake"),
        "--max-decompressed-bytes",
        "4M",
        "--retry-failed",
    )
    assert code == 0
