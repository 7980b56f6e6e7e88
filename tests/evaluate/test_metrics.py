"""The figures: per tier ("this severity or above"), per rule, per score threshold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

import ueba
from ueba.cli import main
from ueba.export.jsonl import write_jsonl
from ueba.export.ocsf import write_ocsf
from ueba.schema import FINDINGS, conform

T0 = dt.datetime(2024, 6, 9, 10, tzinfo=dt.UTC)
W = {"start": "2024-06-09T09:00:00Z", "end": "2024-06-09T12:00:00Z"}


def findings() -> pl.DataFrame:
    rows: list[dict[str, Any]] = [
        # the attack on key K1: two findings (critical, low)
        {
            "finding_id": "a",
            "severity": "critical",
            "score": 0.95,
            "rules": ["ip_lock", "api"],
            "access_key_id": "K1",
            "source_ips": ["192.0.2.1"],
        },
        {
            "finding_id": "b",
            "severity": "low",
            "score": 0.3,
            "rules": ["api"],
            "access_key_id": "K1",
            "source_ips": ["192.0.2.1"],
        },
        # a benign change flagged at medium
        {
            "finding_id": "c",
            "severity": "medium",
            "score": 0.5,
            "rules": ["api"],
            "access_key_id": "K2",
            "source_ips": ["198.51.100.1"],
        },
        # noise nobody labelled
        {
            "finding_id": "d",
            "severity": "info",
            "score": 0.1,
            "rules": ["first_seen"],
            "access_key_id": "K3",
            "source_ips": ["198.51.100.2"],
        },
    ]
    for r in rows:
        r.update(
            principal_arn=f"arn:aws:iam::1:user/{r['access_key_id']}",
            first_seen=T0,
            last_seen=T0,
            event_ids=[f"e-{r['finding_id']}"],
            title="t",
            reasons=["because"],
            account_id="1",
        )
    return conform(pl.DataFrame(rows).lazy(), FINDINGS).collect()


TRUTH = [
    {"id": "A1", "label": "attack", "access_key_id": "K1", "source_ip": "192.0.2.1", **W},
    {"id": "A2", "label": "attack", "access_key_id": "K9", **W},
    {"id": "B1", "label": "benign", "access_key_id": "K2", **W},
]


def test_each_tier_counts_this_severity_or_above() -> None:
    result = ueba.evaluate(findings(), TRUTH, population=2000)
    got = {
        t: (r["attacks_found"], r["benign_flagged"], r["findings"], r["false_findings"])
        for t, r in ((t, result.tier(t)) for t in ("info", "low", "medium", "high", "critical"))
    }
    assert got == {
        "info": (1, 1, 4, 2),
        "low": (1, 1, 3, 1),
        "medium": (1, 1, 2, 1),
        "high": (1, 0, 1, 0),
        "critical": (1, 0, 1, 0),
    }
    low = result.tier("low")
    assert low["attacks"] == 2 and low["recall"] == 0.5 and low["false_per_1000"] == 0.5
    assert low["unlabelled_findings"] == 0 and result.tier("info")["unlabelled_findings"] == 1
    assert (
        low["findings_per_incident"] == 1.5 and low["max_findings_per_incident"] == 2
    )  # A1: 2, B1: 1
    assert low["precision"] == pytest.approx(2 / 3)


def test_rule_contribution_alone_and_removed() -> None:
    rules = {r["rule"]: r for r in ueba.evaluate(findings(), TRUTH, population=10).rules.to_dicts()}
    assert (
        rules["ip_lock"]["alone_attacks_found_medium"] == 1
        and rules["ip_lock"]["alone_false_any"] == 0
    )
    # without "api", only finding a (ip_lock) and d (first_seen) remain: the attack is still found
    assert rules["api"]["removed_attacks_found_any"] == 1 and rules["api"]["removed_false_any"] == 1
    assert rules["api"]["alone_false_medium"] == 1  # the benign change
    assert rules["first_seen"]["alone_attacks_found_any"] == 0


def test_the_sweep_is_monotone_and_ends_at_every_finding() -> None:
    result = ueba.evaluate(findings(), TRUTH, population=1000)
    sweep = result.sweep
    assert sweep["threshold"].to_list() == [0.95, 0.5, 0.3, 0.1]
    assert sweep["findings"].to_list() == [1, 2, 3, 4]
    assert sweep["attacks_found"].to_list() == [1, 1, 1, 1]
    assert sweep["precision"].to_list() == [1.0, 0.5, pytest.approx(2 / 3), 0.5]
    assert sweep["recall"].to_list() == [0.5] * 4
    assert result.operating_points()["medium"]["min_score"] == 0.5


def test_ueba_jsonl_and_ocsf_files_grade_the_same_as_the_frame(tmp_path: Path) -> None:
    frame = ueba.evaluate(findings(), TRUTH, population=100)
    write_jsonl(findings(), tmp_path / "f.jsonl")
    write_ocsf(findings(), tmp_path / "f.ocsf.jsonl")
    for name in ("f.jsonl", "f.ocsf.jsonl"):
        graded = ueba.evaluate(tmp_path / name, TRUTH, population=100)
        assert graded.tiers.equals(frame.tiers), name
        assert graded.sweep.equals(frame.sweep), name


def test_a_findings_file_read_by_hand_grades_the_same_as_the_frame(tmp_path: Path) -> None:
    # pl.read_ndjson leaves the times as ISO text; grading parses them instead of failing
    frame = ueba.evaluate(findings(), TRUTH, population=100)
    write_jsonl(findings(), tmp_path / "f.jsonl")
    by_hand = pl.read_ndjson(tmp_path / "f.jsonl")
    assert by_hand.schema["first_seen"] == pl.String
    graded = ueba.evaluate(by_hand, TRUTH, population=100)
    assert graded.tiers.equals(frame.tiers)


def test_findings_times_that_are_not_times_are_an_input_error() -> None:
    bad = findings().with_columns(pl.lit("yesterday").alias("first_seen"))
    with pytest.raises(ueba.InputError, match="ISO 8601"):
        ueba.evaluate(bad, TRUTH, population=100)


def test_the_cli_prints_a_table_json_and_html(tmp_path: Path) -> None:
    write_ocsf(findings(), tmp_path / "f.ocsf.jsonl")
    pl.DataFrame([{k: v for k, v in t.items()} for t in TRUTH]).write_csv(tmp_path / "truth.csv")
    base = [
        "evaluate",
        "--findings",
        str(tmp_path / "f.ocsf.jsonl"),
        "--truth",
        str(tmp_path / "truth.csv"),
        "--population",
        "100",
    ]
    runner = CliRunner()
    table = runner.invoke(main, base)
    assert table.exit_code == 0, table.output
    assert "| medium | 1/2 | 0.50 | 1/1 |" in table.stdout
    data = json.loads(runner.invoke(main, [*base, "--format", "json"]).stdout)
    assert set(data["tiers"]) == {"info", "low", "medium", "high", "critical"}
    assert {"attacks", "attacks_found", "false_findings", "benign_flagged"} <= set(
        data["tiers"]["medium"]
    )
    html = runner.invoke(main, [*base, "--format", "html", "--out", str(tmp_path / "e.html")])
    assert html.exit_code == 0
    page = (tmp_path / "e.html").read_text()
    assert (
        page.startswith('<section class="ueba-evaluation">')
        and "<svg" in page
        and "<polyline" in page
    )


def test_the_cli_asks_for_a_population_and_names_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "f.jsonl").write_text("{not json\n")
    (tmp_path / "t.csv").write_text("label,access_key_id\nattack,K1\n")
    runner = CliRunner()
    out = runner.invoke(
        main,
        ["evaluate", "--findings", str(tmp_path / "f.jsonl"), "--truth", str(tmp_path / "t.csv")],
    )
    assert out.exit_code == 2 and "give --population N or --lake DIR" in out.stderr
    out = runner.invoke(
        main,
        [
            "evaluate",
            "--findings",
            str(tmp_path / "f.jsonl"),
            "--truth",
            str(tmp_path / "t.csv"),
            "--population",
            "5",
        ],
    )
    assert out.exit_code == 2 and f"{tmp_path / 'f.jsonl'}, record 1: not a JSON line" in out.stderr


def test_the_table_shows_control_characters_of_a_truth_file_escaped(tmp_path: Path) -> None:
    write_jsonl(findings(), tmp_path / "f.jsonl")
    rows = [{**TRUTH[0], "name": "evil\x1b[2J name"}]
    pl.DataFrame(rows).write_csv(tmp_path / "truth.csv")
    out = CliRunner().invoke(
        main,
        [
            "evaluate",
            "--findings",
            str(tmp_path / "f.jsonl"),
            "--truth",
            str(tmp_path / "truth.csv"),
            "--population",
            "10",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "\x1b" not in out.stdout and "evil\\x1b[2J name" in out.stdout


def _update(day: int, severity: str, key: str, event: str) -> dict[str, Any]:
    when = T0 + dt.timedelta(days=day)
    return {
        "finding_id": "fleet",
        "activity": "create" if day == 0 else "update",
        "severity": severity,
        "score": {"medium": 0.5, "low": 0.3, "high": 0.8}[severity],
        "rules": ["volume"] if day == 0 else ["sensitive_api"],
        "access_key_id": key,
        "principal_arn": "arn:aws:iam::1:role/fleet",
        "first_seen": when,
        "last_seen": when + dt.timedelta(hours=1),
        "event_ids": [event],
        "title": "t",
        "reasons": ["because"],
        "account_id": "1",
    }


def _graded(*updates: dict[str, Any]) -> Any:
    frame = conform(pl.DataFrame(list(updates)).lazy(), FINDINGS).collect()
    truth = [
        {"id": "A9", "label": "attack", "event_id": "e-recon"},
        {"id": "B1", "label": "benign", "event_id": "e-spike"},
    ]
    return ueba.evaluate(frame, truth, population=1000)


def test_an_attack_is_credited_with_its_own_updates_not_the_incidents_highest() -> None:
    # heldout20 B1 / A9: a benign spike (medium) on day 0 and the attack's recon (low) on day 1
    # reported under one finding_id: the attack is low, the spike is a benign change at medium
    result = _graded(
        _update(0, "medium", "ASIA1", "e-spike"), _update(1, "low", "ASIA2", "e-recon")
    )
    medium, low = result.tier("medium"), result.tier("low")
    assert (medium["attacks_found"], medium["benign_flagged"], medium["false_findings"]) == (
        0,
        1,
        1,
    )
    assert (low["attacks_found"], low["benign_flagged"], low["findings"]) == (1, 1, 2)
    severities = dict(result.incidents.select("id", "max_severity").iter_rows())
    assert severities == {"A9": "low", "B1": "medium"}


def test_an_attack_that_goes_on_over_days_is_one_finding_at_its_highest_update() -> None:
    # the same attack reported on two days (the stolen key again): one finding, its highest
    result = _graded(_update(0, "low", "ASIA1", "e-recon"), _update(1, "high", "ASIA1", "e-recon"))
    high = result.tier("high")
    assert (high["attacks_found"], high["findings"], high["false_findings"]) == (1, 1, 0)
    assert result.tier("info")["max_findings_per_incident"] == 1
