"""The Lambda handler printed in docs/streaming.md, run locally on recorded Lambda events."""

from __future__ import annotations

import json
import re
import types
from pathlib import Path
from typing import Any

import pytest

from tests.export.conftest import _validators, ocsf_problems
from tests.stream.conftest import RECORDED, ROOT

DOC = ROOT / "docs" / "streaming.md"
ORDER = ("eventbridge", "cloudwatch-logs", "firehose", "kinesis")


def _handler_module(monkeypatch: pytest.MonkeyPatch, model_dir: Path) -> types.ModuleType:
    text = DOC.read_text()
    match = re.search(r"<!-- lambda-handler.*?-->\n```python\n(.*?)```", text, re.S)
    assert match, "docs/streaming.md lost its lambda-handler block"
    monkeypatch.setenv("UEBA_MODEL_DIR", str(model_dir))
    monkeypatch.delenv("UEBA_STATE_DIR", raising=False)
    module = types.ModuleType("lambda_function")
    exec(compile(match.group(1), str(DOC), "exec"), module.__dict__)
    return module


def test_documented_handler_finds_flaws2_from_recorded_lambda_events(
    monkeypatch: pytest.MonkeyPatch, model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events: dict[str, Any] = {n: json.loads((RECORDED / f"{n}.json").read_text()) for n in ORDER}
    lam = _handler_module(monkeypatch, model_dir)
    replies = {name: lam.handler(events[name], None) for name in ORDER}
    assert replies["firehose"]["records"] == [
        {"recordId": r["recordId"], "result": "Ok", "data": r["data"]}
        for r in events["firehose"]["records"]
    ]
    printed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    findings = [p for p in printed if p.get("class_uid") == 2004]
    validator = _validators()["1.5.0"]
    assert findings and all(ocsf_problems(validator, f) == [] for f in findings)
    latest: dict[str, dict[str, Any]] = {}
    for finding in findings:  # the last report of each finding is its state
        latest[finding["finding_info"]["uid"]] = finding
    open_now = {
        f["unmapped"]["ueba"]["access_key_id"]: f["severity"]
        for f in latest.values()
        if f["activity_name"] != "Close"
    }
    assert open_now == {"ASIAZQNB3KHGIGYQXVVG": "High", "ASIAZQNB3KHGNXWXBSJS": "High"}


def test_a_cold_start_carries_on_from_the_state(
    monkeypatch: pytest.MonkeyPatch, model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = {n: json.loads((RECORDED / f"{n}.json").read_text()) for n in ORDER}
    for name in ORDER:  # a fresh module (a new Lambda container) for every invocation
        _handler_module(monkeypatch, model_dir).handler(events[name], None)
    again = _handler_module(monkeypatch, model_dir).handler(events["kinesis"], None)
    assert again == {"findings_changed": 0}  # a retried delivery changes nothing
    capsys.readouterr()
