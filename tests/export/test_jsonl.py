"""Plain JSON Lines, Parquet and the terminal table."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from rich.console import Console

from ueba.export import render_table, write_jsonl, write_parquet
from ueba.schema import FINDINGS


def test_jsonl_has_exactly_the_findings_fields(findings: pl.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    assert write_jsonl(findings, out) == 2
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert list(rows[0]) == list(FINDINGS)
    assert rows[0]["first_seen"].endswith("Z")
    assert isinstance(rows[0]["reasons"], list) and rows[0]["reasons"]
    assert set(rows[0]["evidence"][0]) == {"rule", "signal", "baseline", "observed"}


def test_jsonl_round_trips_through_the_report_reader(
    findings: pl.DataFrame, tmp_path: Path
) -> None:
    from ueba.export.report import read_findings

    out = tmp_path / "f.jsonl"
    write_jsonl(findings, out)
    back = read_findings(out)
    assert back.sort("finding_id").equals(findings.sort("finding_id"))


def test_parquet_round_trips_exactly(findings: pl.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "f.parquet"
    assert write_parquet(findings.lazy(), out) == 2
    back = pl.read_parquet(out)
    assert dict(back.schema) == dict(FINDINGS)
    assert back.equals(findings)


def test_table_shows_severity_key_and_reasons(findings: pl.DataFrame) -> None:
    console = Console(record=True, width=200, color_system=None)
    console.print(render_table(findings))
    text = console.export_text()
    assert "ASIAZQNB3KHGNXWXBSJS" in text and "critical" in text
    assert "outside AWS" in text
