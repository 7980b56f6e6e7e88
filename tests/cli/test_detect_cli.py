"""ueba baseline / score / run on the bundled flaws2 and OTRF trails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ueba.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
FLAWS2 = ("ASIAZQNB3KHGIGYQXVVG", "ASIAZQNB3KHGNXWXBSJS")
OTRF = "ASIA5FLZVX4OPVKKVBMX"


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("cli")
    src = root / "trails"
    shutil.copytree(SAMPLES / "flaws2", src / "flaws2")
    shutil.copytree(SAMPLES / "otrf", src / "otrf")
    lake = root / "lake"
    result = CliRunner().invoke(
        main,
        [
            "run",
            str(src),
            "--lake",
            str(lake),
            "--window",
            "1000d",
            "--save-model",
            str(root / "model"),
        ],
    )
    return lake, result


def test_run_shows_flaws2_and_otrf_findings(ran: tuple) -> None:
    _, result = ran
    assert result.exit_code == 0, result.output
    for key in (*FLAWS2, OTRF):
        assert key in result.stdout
    assert "pedro" not in result.stdout
    assert "2018-11-28" in result.stderr and "2020-09-14" in result.stderr
    assert "3 finding(s) over 2 scored day(s)" in result.stderr


def test_run_saves_the_updated_model(ran: tuple) -> None:
    lake, result = ran
    # 2018-11-28 was learnt before 2020-09-14 was scored (the window spans both)
    assert (lake.parent / "model" / "CURRENT").exists()
    assert "saved the updated baseline" in result.stderr


def test_score_jsonl_to_stdout(ran: tuple) -> None:
    lake, _ = ran
    res = CliRunner().invoke(
        main, ["score", "--lake", str(lake), "--day", "2018-11-28", "--format", "jsonl", "--quiet"]
    )
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(r["access_key_id"] for r in rows) == sorted(FLAWS2)


def test_score_ocsf_to_a_file(ran: tuple, tmp_path: Path) -> None:
    lake, _ = ran
    out = tmp_path / "f.ocsf.jsonl"
    res = CliRunner().invoke(
        main, ["score", "--lake", str(lake), "--day", "all", "--format", "ocsf", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(events) == 3 and {e["class_uid"] for e in events} == {2004}


def test_fail_on_exits_4_at_or_above_the_severity(ran: tuple) -> None:
    lake, _ = ran
    args = ["score", "--lake", str(lake), "--format", "jsonl", "--quiet", "--fail-on"]
    assert CliRunner().invoke(main, [*args, "high"]).exit_code == 4
    assert CliRunner().invoke(main, [*args, "critical"]).exit_code == 0


def test_baseline_then_score_with_the_model(ran: tuple, tmp_path: Path) -> None:
    lake, _ = ran
    model = tmp_path / "m"
    res = CliRunner().invoke(
        main,
        [
            "baseline",
            "--lake",
            str(lake),
            "--until",
            "2018-11-29",
            "--window",
            "30d",
            "--min-days",
            "1",
            "--out",
            str(model),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "wrote" in res.stderr
    res = CliRunner().invoke(
        main,
        [
            "score",
            "--lake",
            str(lake),
            "--model",
            str(model),
            "--day",
            "2018-11-28",
            "--format",
            "jsonl",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "judged with hindsight" in res.stderr
    keys = [json.loads(line)["access_key_id"] for line in res.stdout.splitlines()]
    assert set(FLAWS2) <= set(keys)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "nowhere"], "no saved baseline"),
        (["--format", "parquet"], "needs --out"),
        (["--day", "yesterday"], "is not a date"),
    ],
)
def test_usage_errors_exit_2_with_a_sentence(ran: tuple, args: list[str], message: str) -> None:
    lake, _ = ran
    res = CliRunner().invoke(main, ["score", "--lake", str(lake), *args])
    assert res.exit_code == 2
    assert message in res.stderr


def test_config_typo_is_a_usage_error(ran: tuple, tmp_path: Path) -> None:
    lake, _ = ran
    cfg = tmp_path / "c.toml"
    cfg.write_text("[detect]\nmin_severty = 'high'\n")
    res = CliRunner().invoke(main, ["score", "--lake", str(lake), "--config", str(cfg)])
    assert res.exit_code == 2
    assert "did you mean min_severity?" in res.stderr


def test_a_typo_in_a_rule_parameter_fails_before_the_lake_is_read(tmp_path: Path) -> None:
    config = tmp_path / "ueba.toml"
    config.write_text('[detect.rules.first_seen]\nwindws = { api = "90d" }\n', encoding="utf-8")
    res = CliRunner().invoke(
        main, ["score", "--lake", str(tmp_path / "no-lake"), "--config", str(config)]
    )
    assert res.exit_code == 2, res.output
    assert "windws: unknown key (did you mean windows?)" in res.stderr
