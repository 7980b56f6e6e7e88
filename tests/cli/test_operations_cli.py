"""Operations that fail closed: missing lakes, exit-code precedence, run summaries, logs."""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ueba.baseline._store import model_dir
from ueba.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _record(n: int, when: dt.datetime, **overrides: Any) -> dict[str, Any]:
    record = {
        "eventVersion": "1.08",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDAEXAMPLE",
            "arn": "arn:aws:iam::111122223333:user/alice",
            "accountId": "111122223333",
            "accessKeyId": "AKIAEXAMPLEKEY000001",
            "userName": "alice",
        },
        "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": "s3.amazonaws.com",
        "eventName": "ListBuckets",
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.7",
        "userAgent": "aws-cli/2.15.0",
        "eventID": f"00000000-0000-0000-0000-{n:012d}",
        "eventType": "AwsApiCall",
        "recipientAccountId": "111122223333",
    }
    record.update(overrides)
    return record


def _trail(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))
    return path


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


def _one_sentence(result: Any) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture(scope="module")
def flaws2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("flaws2")
    shutil.copytree(SAMPLES / "flaws2", root / "trails")
    lake = root / "lake"
    assert _invoke("ingest", root / "trails", "--lake", lake, "--quiet").exit_code == 0
    return lake


@pytest.fixture(scope="module")
def flaws2_model(flaws2: Path) -> Path:
    model = flaws2.parent / "model"
    res = _invoke(
        "baseline", "--lake", flaws2, "--until", "2018-11-29", "--min-days", "1", "--out", model
    )
    assert res.exit_code == 0, res.output
    return model


# -- a missing or empty lake is an error, and never replaces a model ---------------------------


@pytest.mark.parametrize("command", ["score", "baseline", "run"])
def test_a_missing_lake_is_an_error_for_score_baseline_and_run(
    tmp_path: Path, command: str
) -> None:
    lake = tmp_path / "typo"
    args = {
        "score": ["score", "--lake", lake, "--fail-on", "high"],
        "baseline": ["baseline", "--lake", lake, "--until", "2024-07-01", "--out", tmp_path / "m"],
        "run": ["run", tmp_path / "empty-source", "--lake", lake],
    }[command]
    (tmp_path / "empty-source").mkdir()
    (tmp_path / "empty-source" / "empty.json").write_text('{"Records": []}')
    res = _invoke(*args)
    assert res.exit_code == 1, res.output
    assert "no events" in res.stderr or "no lake" in res.stderr
    _one_sentence(res)


def test_baseline_on_a_missing_lake_never_replaces_the_saved_model(
    flaws2_model: Path, tmp_path: Path
) -> None:
    model = tmp_path / "prod"
    shutil.copytree(flaws2_model, model)
    before = sorted(p.name for p in model.rglob("*"))
    res = _invoke("baseline", "--lake", tmp_path / "nope", "--until", "2024-07-01", "--out", model)
    assert res.exit_code == 1
    assert sorted(p.name for p in model.rglob("*")) == before


def test_baseline_with_no_events_in_its_window_saves_nothing(flaws2: Path, tmp_path: Path) -> None:
    res = _invoke("baseline", "--lake", flaws2, "--until", "2030-01-01", "--out", tmp_path / "m")
    assert res.exit_code == 1
    assert "no events" in res.stderr
    assert not (tmp_path / "m").exists()


# -- exit-code precedence and the run summary ---------------------------------------------------


def test_quarantine_is_not_hidden_by_findings_and_the_summary_says_both(tmp_path: Path) -> None:
    src = tmp_path / "trails"
    shutil.copytree(SAMPLES / "flaws2", src)
    (src / "broken.json").write_text('{"Records": [')
    summary = tmp_path / "run.json"
    res = _invoke(
        "run", src, "--lake", tmp_path / "lake", "--window", "1000d", "--fail-on", "high",
        "--summary-json", summary, "--format", "jsonl",
    )  # fmt: skip
    assert res.exit_code == 5, res.output  # 3 (quarantined) and 4 (findings) together
    data = json.loads(summary.read_text())
    assert data["exit_code"] == 5
    assert data["files"] == 9 and data["quarantined_files"] == 1
    assert data["events"] > 0
    assert data["findings_by_severity"]["high"] >= 2
    assert data["days_scored"] == ["2018-11-28"]


def test_score_writes_a_summary_json(flaws2: Path, tmp_path: Path) -> None:
    summary = tmp_path / "s.json"
    res = _invoke(
        "score", "--lake", flaws2, "--day", "2018-11-28", "--format", "jsonl",
        "--summary-json", summary, "--quiet",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(summary.read_text())
    assert data["command"] == "score" and data["days_scored"] == ["2018-11-28"]
    assert sum(data["findings_by_severity"].values()) == len(res.stdout.splitlines())


# -- --day latest and clock skew ----------------------------------------------------------------


def test_day_latest_is_the_newest_complete_day_not_today_nor_the_future(tmp_path: Path) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    yesterday = now - dt.timedelta(days=1)
    src = tmp_path / "src"
    _trail(src / "a.json.gz", [_record(1, yesterday), _record(2, now - dt.timedelta(minutes=1))])
    _trail(src / "b.json.gz", [_record(3, now + dt.timedelta(days=3))])  # clock skew
    lake = tmp_path / "lake"
    res = _invoke("ingest", src, "--lake", lake)
    assert res.exit_code == 3
    assert "clock_skew" in res.stderr or "clock skew" in res.stderr
    assert not (lake / "events" / f"event_date={(now + dt.timedelta(days=3)).date()}").exists()
    res = _invoke("score", "--lake", lake, "--format", "jsonl")
    assert res.exit_code == 0, res.output
    assert f"{yesterday.date()}:" in res.stderr
    assert f"{now.date()}:" not in res.stderr


# -- logs ---------------------------------------------------------------------------------------


def test_log_format_json_writes_one_json_object_per_stderr_line(flaws2: Path) -> None:
    res = _invoke("--log-format", "json", "score", "--lake", flaws2, "--day", "2018-11-28",
                  "--format", "jsonl")  # fmt: skip
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stderr.splitlines() if line.strip()]
    assert lines and all({"time", "level", "message"} <= set(line) for line in lines)
    assert any("finding(s)" in line["message"] for line in lines)


def test_log_level_error_keeps_only_errors(flaws2: Path) -> None:
    res = _invoke("--log-level", "error", "score", "--lake", flaws2, "--day", "2018-11-28",
                  "--format", "jsonl")  # fmt: skip
    assert res.exit_code == 0
    assert res.stderr.strip() == ""


def test_errors_are_logged_as_json_too(tmp_path: Path) -> None:
    res = _invoke("--log-format", "json", "score", "--lake", tmp_path / "nope")
    assert res.exit_code == 1
    line = json.loads(res.stderr.strip().splitlines()[-1])
    assert line["level"] == "error" and "no lake" in line["message"]


# -- one sentence and a non-zero exit, never a traceback ----------------------------------------


def test_a_stray_partition_directory_is_named_and_skipped(flaws2: Path, tmp_path: Path) -> None:
    lake = tmp_path / "lake"
    shutil.copytree(flaws2, lake)
    (lake / "events" / "event_date=garbage").mkdir()
    res = _invoke("score", "--lake", lake, "--day", "2018-11-28", "--format", "jsonl")
    assert res.exit_code == 3, res.output
    assert "event_date=garbage" in res.stderr
    assert res.stdout.count("\n") >= 2  # the day was still scored


def test_a_corrupt_part_is_named_skipped_and_exits_3_then_lake_check_repairs(
    flaws2: Path, tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    shutil.copytree(flaws2, lake)
    part = sorted((lake / "events").rglob("part-*.parquet"))[0]
    part.write_bytes(b"\x00garbage" * 12)
    res = _invoke("score", "--lake", lake, "--day", "2018-11-28", "--format", "jsonl")
    assert res.exit_code == 3, res.output
    assert part.name in res.stderr and "lake check" in res.stderr
    _one_sentence(res)
    res = _invoke("investigate", "key", "ASIAZQNB3KHGIGYQXVVG", "--lake", lake)
    assert res.exit_code == 3 and part.name in res.stderr
    res = _invoke("lake", "check", "--lake", lake)
    assert res.exit_code == 3 and part.name in res.stdout
    assert part.exists()
    res = _invoke("lake", "check", "--lake", lake, "--repair")
    assert res.exit_code == 3 and "moved" in res.stderr
    assert not part.exists() and (lake / "_corrupt" / part.relative_to(lake)).exists()
    assert _invoke("lake", "check", "--lake", lake).exit_code == 0


def test_a_part_corrupt_past_its_footer_is_one_sentence_pointing_at_lake_check(
    flaws2: Path, tmp_path: Path
) -> None:
    lake = tmp_path / "lake"
    shutil.copytree(flaws2, lake)
    part = sorted((lake / "events").rglob("part-*.parquet"))[0]
    data = bytearray(part.read_bytes())
    for i in range(200, len(data) // 2):  # the pages, not the footer
        data[i] = (data[i] * 7 + 13) % 256
    part.write_bytes(bytes(data))
    res = _invoke("score", "--lake", lake, "--day", "2018-11-28", "--format", "jsonl")
    assert res.exit_code == 1
    assert f"ueba lake check --lake {lake}" in res.stderr
    _one_sentence(res)
    res = _invoke("lake", "check", "--lake", lake)
    assert res.exit_code == 3 and part.name in res.stdout


def test_run_on_a_read_only_lake_is_one_sentence(
    flaws2: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ueba.io.lake as lake_module

    def read_only(fs: Any) -> Any:
        raise PermissionError(errno.EROFS, "Read-only file system", fs.display("_log"))

    monkeypatch.setattr(lake_module._log, "read_state", read_only)
    res = _invoke("run", SAMPLES / "flaws2", "--lake", flaws2)
    assert res.exit_code == 1
    assert "Read-only file system" in res.stderr and "_log" in res.stderr
    _one_sentence(res)


def test_a_deeply_nested_model_manifest_is_one_sentence(
    flaws2: Path, flaws2_model: Path, tmp_path: Path
) -> None:
    model = tmp_path / "m"
    shutil.copytree(flaws2_model, model)
    (model_dir(model) / "manifest.json").write_text("[" * 100_000)
    res = _invoke("score", "--lake", flaws2, "--model", model, "--day", "2018-11-28")
    assert res.exit_code == 1
    assert "manifest.json is not valid JSON" in res.stderr
    _one_sentence(res)


@pytest.mark.parametrize("command", ["baseline", "run"])
def test_an_absurd_window_is_a_usage_error(flaws2: Path, tmp_path: Path, command: str) -> None:
    args = (
        ["baseline", "--lake", flaws2, "--until", "2018-11-29", "--out", tmp_path / "m"]
        if command == "baseline"
        else ["run", SAMPLES / "flaws2", "--lake", tmp_path / "lake"]
    )
    res = _invoke(*args, "--window", "1000000d")
    assert res.exit_code == 2, res.output
    assert "1000000d" in res.stderr
    _one_sentence(res)


def test_run_refuses_a_model_directory_without_a_valid_manifest(
    flaws2_model: Path, tmp_path: Path
) -> None:
    model = tmp_path / "m"
    shutil.copytree(flaws2_model, model)
    (model_dir(model) / "manifest.json").unlink()
    before = sorted(p.name for p in model.rglob("*"))
    res = _invoke(
        "run", SAMPLES / "flaws2", "--lake", tmp_path / "lake", "--model", model,
        "--save-model", model,
    )  # fmt: skip
    assert res.exit_code == 1, res.output
    assert "manifest" in res.stderr
    assert sorted(p.name for p in model.rglob("*")) == before


# -- report ---------------------------------------------------------------------------------------


def test_an_empty_findings_file_gives_an_empty_report(flaws2: Path, tmp_path: Path) -> None:
    findings = tmp_path / "f.jsonl"
    res = _invoke("score", "--lake", flaws2, "--day", "2018-11-28", "--format", "jsonl",
                  "--fail-on", "critical", "--out", findings, "--config", _no_rules(tmp_path))  # fmt: skip
    assert res.exit_code == 0, res.output
    assert findings.read_bytes() == b""
    res = _invoke("report", "--lake", flaws2, "--findings", findings, "--out", tmp_path / "r.html")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r.html").read_text().lstrip().lower().startswith("<!doctype html")


def test_report_given_ocsf_says_it_wants_uebas_findings(flaws2: Path, tmp_path: Path) -> None:
    ocsf = tmp_path / "f.ocsf.jsonl"
    res = _invoke("score", "--lake", flaws2, "--day", "2018-11-28", "--format", "ocsf",
                  "--out", ocsf)  # fmt: skip
    assert res.exit_code == 0
    res = _invoke("report", "--lake", flaws2, "--findings", ocsf, "--out", tmp_path / "r.html")
    assert res.exit_code == 1
    assert "OCSF" in res.stderr and "--format jsonl" in res.stderr
    _one_sentence(res)


def _no_rules(tmp_path: Path) -> Path:
    """A configuration under which nothing on the flaws2 day is severe enough to report."""
    path = tmp_path / "quiet.toml"
    path.write_text('[detect]\nmin_severity = "critical"\n')
    return path


@pytest.mark.parametrize("where", ["feed", "feed manifest"])
def test_deeply_nested_feed_json_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    deep = tmp_path / "ip-ranges.json"
    deep.write_text("[" * 100_000)
    dest = tmp_path / "feeds"
    monkeypatch.setenv("UEBA_FEEDS_DIR", str(dest))
    if where == "feed manifest":
        dest.mkdir()
        (dest / "feeds.json").write_text("[" * 100_000)
        res = _invoke("feeds", "show")
    else:
        res = _invoke("feeds", "update", "--ip-ranges", deep)
    assert res.exit_code in (1, 2), res.output
    assert "not JSON" in res.stderr
    _one_sentence(res)


def test_ingest_writes_a_summary_json(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _trail(src / "a.json.gz", [_record(1, dt.datetime(2024, 7, 1, tzinfo=dt.UTC))])
    (src / "bad.json").write_text("not json")
    summary = tmp_path / "ingest.json"
    res = _invoke("ingest", src, "--lake", tmp_path / "lake", "--summary-json", summary)
    assert res.exit_code == 3
    data = json.loads(summary.read_text())
    assert (data["files"], data["events"], data["quarantined_files"], data["exit_code"]) == (
        2,
        1,
        1,
        3,
    )


def test_a_failed_run_still_writes_its_summary_with_the_error(tmp_path: Path) -> None:
    summary = tmp_path / "s.json"
    summary.write_text('{"exit_code": 0}')  # yesterday's, which must not be read as today's
    res = _invoke("score", "--lake", tmp_path / "typo", "--summary-json", summary)
    assert res.exit_code == 1
    data = json.loads(summary.read_text())
    assert data["exit_code"] == 1 and "no lake" in data["error"]
    assert data["command"].endswith("score")
