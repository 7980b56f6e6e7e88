"""`ueba investigate key|chain|session|principal` print tables, trees, JSON and Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from ueba.cli import main


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_key_table_shows_first_use_and_created_keys(lake: Path) -> None:
    out = _run("investigate", "key", "AKIA5LEAKEDEXAMPLE01", "--lake", str(lake))
    assert "first use: 2026-01-07 02:25:18Z GetCallerIdentity from 203.0.113.50" in out
    assert "AKIA5NWOLFACTIVEKEY1" in out and "AKIA5MMAJORSLEEPER01" in out


def test_key_json_has_every_part(lake: Path) -> None:
    doc = json.loads(
        _run("investigate", "key", "ASIA5FLZVX4OPVKKVBMX", "--lake", str(lake), "--format", "json")
    )
    assert doc["first_use"]["event_time"] == "2020-09-14T01:00:04Z"
    assert len(doc["events"]) == 11
    assert set(doc) >= {"events", "created", "created_activity", "sources"}


def test_chain_tree_json_and_parquet(lake: Path, tmp_path: Path) -> None:
    key = "ASIADEPLOYKEY0000001"
    tree = _run("investigate", "chain", key, "--lake", str(lake), "--at", "2026-01-09T10:08:00Z")
    assert "GetSessionToken" in tree and "arn:aws:iam::111111111111:user/eliav" in tree
    doc = json.loads(_run("investigate", "chain", key, "--lake", str(lake), "--format", "json"))
    assert {r["principal_arn"] for r in doc["roots"]} == {
        "arn:aws:iam::111111111111:user/eliav",
        "ec2.amazonaws.com",
    }
    out = tmp_path / "edges.parquet"
    _run("investigate", "chain", key, "--lake", str(lake), "--format", "parquet", "--out", str(out))
    edges = pl.read_parquet(out)
    assert edges.get_column("via").to_list().count("AssumeRole") == 3


def test_parquet_without_out_is_a_usage_error(lake: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "investigate",
            "session",
            "ASIAZQNB3KHGNXWXBSJS",
            "--lake",
            str(lake),
            "--format",
            "parquet",
        ],
    )
    assert result.exit_code == 2
    assert "--out" in result.output


def test_session_table_and_json(lake: Path) -> None:
    out = _run("investigate", "session", "ASIAZQNB3KHGNXWXBSJS", "--lake", str(lake))
    assert "ListBuckets" in out
    doc = json.loads(
        _run(
            "investigate",
            "session",
            "ASIAZQNB3KHGNXWXBSJS",
            "--lake",
            str(lake),
            "--format",
            "json",
        )
    )
    assert [(c["event_name"], c["total"], c["sensitive"]) for c in doc["calls"]] == [
        ("ListBuckets", 1, True)
    ]


def test_principal_json(lake: Path) -> None:
    arn = "arn:aws:iam::653711331788:role/service-role/level1"
    doc = json.loads(_run("investigate", "principal", arn, "--lake", str(lake), "--format", "json"))
    assert doc["recent_start"] == "2018-11-28T00:00:00Z"
    assert any(v["dimension"] == "api" and v["is_new"] for v in doc["values"])


def test_missing_lake_is_a_readable_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["investigate", "key", "AKIAX", "--lake", str(tmp_path / "nope")]
    )
    assert result.exit_code == 1
    assert "no lake at this path" in result.output


def test_json_out_writes_a_file_and_prints_nothing(lake: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "summary.json"
    printed = _run(
        "investigate",
        "session",
        "ASIAZQNB3KHGNXWXBSJS",
        "--lake",
        str(lake),
        "--format",
        "json",
        "--out",
        str(out),
    )
    assert printed == ""
    assert json.loads(out.read_text())["calls"][0]["event_name"] == "ListBuckets"
