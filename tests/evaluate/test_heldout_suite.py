"""The held-out suite (``benchmarks/heldout``, written without reading the rules) at small
scale: the generator is deterministic and writes CloudTrail that ingests with nothing
quarantined, the truth agrees with the trail, and the daily job is held to issue 8's targets.

Targets current detection misses are strict xfails carrying the figures measured at this
scale (seed 1, 12 days, scale 0.3, last 5 days scored); they flip when detection improves.
12 days is the generator's least (7 of history, 5 scored, every incident in them). Scale 0.1
was tried (twelfth session, ci12b): the same 372 principal-days (the organisation has a floor)
but another draw of the trail, on which three targets that pass at 0.3 fail (B7, a new
employee, high; 5.38 false medium+ findings per 1,000; 10.75 at any severity), and the graded run
cost about what it does at 0.3: kept at 0.3.
Never loosen a target here. Since branch ``detect`` the suite is no longer held out (its findings
were read to fix A8, B6, B8; ``benchmarks/README.md``): a fresh suite grades the rules now.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import ueba
from benchmarks.eval_heldout import RANK, cold_start, run_daily_job
from benchmarks.heldout import TRUTH_COLUMNS, _time, build, generate

SEED, DAYS, SCALE, SCORED = 1, 12, 0.3, 5
PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout"


def _digest(records: list[dict[str, Any]], truth: list[dict[str, Any]]) -> str:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=TRUTH_COLUMNS)
    writer.writeheader()
    writer.writerows(truth)  # as generate writes truth.csv
    body = json.dumps(sorted(records, key=lambda r: r["eventID"]), sort_keys=True)
    return hashlib.sha256((body + text.getvalue()).encode()).hexdigest()


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout")
    written = generate(work / "trail", seed=SEED, days=DAYS, scale=SCALE, scored_days=SCORED)
    findings, population = run_daily_job(written, work / "lake")
    result = ueba.evaluate(findings, written.truth, population=population)
    cold = cold_start(written, work / "lake")
    return {"written": written, "result": result, "lake": work / "lake", "cold": cold}


def test_the_same_seed_gives_the_same_organisation_and_another_seed_another(
    suite: dict[str, Any],
) -> None:
    # the organisation has a floor (12 days at scale 0.05 cost 3 CPU s a build, four builds
    # before): the graded seed built once more must give what the graded run wrote, and the next
    # seed at the same days and scale another organisation
    written = suite["written"]
    with written.truth.open(newline="") as handle:
        truth = list(csv.DictReader(handle))
    again = build(SEED, DAYS, SCALE, SCORED)
    first, end = again.day_start(0), again.day_start(DAYS)
    kept = [r for r in again.out if first <= _time(r) < end]
    assert _digest(kept, again.truth) == _digest(written.records, truth)
    other = build(SEED + 1, DAYS, SCALE, SCORED)
    assert _digest(other.out, other.truth) != _digest(again.out, again.truth)


def test_the_package_reads_neither_the_rules_nor_the_other_generators() -> None:
    banned = ("ueba", "benchmarks.scenarios", "benchmarks.synth", "benchmarks.corpus")
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(banned), f"{path.name} imports {name}"


def test_the_trail_ingests_whole_with_nothing_quarantined(suite: dict[str, Any]) -> None:
    written = suite["written"]
    lake = suite["lake"]
    assert not list(lake.rglob("_quarantine/*.json*"))
    counted = ueba.scan_lake(lake).select(pl.len()).collect().item()
    assert counted == written.events
    # the organisation's shape: three accounts, 40-90 principals a day (each person on IAM
    # Identity Center is a principal of their own, so people count once per account they use)
    principals = (
        ueba.enrich(ueba.scan_lake(lake, start=written.scored[0], end=written.scored[0]))
        .select(pl.col("principal_arn").n_unique())
        .collect()
        .item()
    )
    assert 40 <= principals <= 90
    assert sorted({r["recipientAccountId"] for r in written.records}) == sorted(written.accounts)


def test_the_truth_has_eight_attacks_and_ten_benign_changes_in_the_scored_days(
    suite: dict[str, Any],
) -> None:
    truth = ueba.evaluation.read_truth(suite["written"].truth)
    by_label = truth.group_by("label").agg(pl.col("id").n_unique()).sort("label").rows()
    assert by_label == [("attack", 8), ("benign", 10)]
    first = dt.datetime.combine(suite["written"].scored[0], dt.time(), tzinfo=dt.UTC)
    assert truth["start"].min() >= first


def test_every_attack_row_is_in_the_trail_with_its_key_address_and_window(
    suite: dict[str, Any],
) -> None:
    written = suite["written"]
    with written.truth.open() as handle:
        rows = [r for r in csv.DictReader(handle) if r["label"] == "attack"]
    for row in rows:
        start = row["start"]
        end = row["end"]
        addresses = set(row["source_ip"].split())
        hits = [
            r
            for r in written.records
            if start <= r["eventTime"] <= end
            and (
                r["userIdentity"].get("accessKeyId") == row["access_key_id"]
                if row["access_key_id"]
                else r["sourceIPAddress"] in addresses
            )
        ]
        assert hits, f"{row['id']}: no event of {row['access_key_id'] or row['principal_arn']}"
        # a stolen session key may go on being used by its owner too (A4): some, not all
        assert not addresses or any(r["sourceIPAddress"] in addresses for r in hits), row["id"]
        assert row["expected_min_severity"] in RANK


def test_every_benign_key_row_is_used_in_the_trail(suite: dict[str, Any]) -> None:
    written = suite["written"]
    used = {r["userIdentity"].get("accessKeyId") for r in written.records}
    with written.truth.open() as handle:
        keys = [r["access_key_id"] for r in csv.DictReader(handle) if r["label"] == "benign"]
    minted = {
        ((r.get("responseElements") or {}).get("credentials") or {}).get("accessKeyId")
        for r in written.records
    }
    assert all(k in used or k in minted for k in keys if k)


# --- issue 8's targets ---------------------------------------------------------------------


def test_every_attack_is_found_at_some_severity(suite: dict[str, Any]) -> None:
    info = suite["result"].tier("info")
    assert info["attacks_found"] == info["attacks"] == 8, suite["result"].to_text()


def test_medium_and_above_finds_every_attack(suite: dict[str, Any]) -> None:
    medium = suite["result"].tier("medium")
    assert medium["attacks_found"] == medium["attacks"], suite["result"].to_text()


def test_every_attack_reaches_its_expected_severity(suite: dict[str, Any]) -> None:
    from benchmarks.eval_heldout import expected_severity

    assert expected_severity(suite["result"], suite["written"].truth) == []


# With 7 days of history the people and CI roles that work a whole week are mature (the weekly
# cycle of Baseline's maturity rule), so this scale now shows the two false findings the full
# scale shows on every tree since the suite was written: B6 (a Terraform apply creating IAM
# roles) and B8 (a quarterly access review). Before, they were silent here only because their
# principals were still learning.
def test_medium_and_above_flags_no_benign_change(suite: dict[str, Any]) -> None:
    assert suite["result"].tier("medium")["benign_flagged"] == 0, suite["result"].to_text()


def test_medium_and_above_at_most_1_false_finding_per_1000_principal_days(
    suite: dict[str, Any],
) -> None:
    assert suite["result"].tier("medium")["false_per_1000"] <= 1.0, suite["result"].to_text()


# met at CI scale since benign3: 3 false findings = 8.06 per 1,000 (was 4 = 10.75, of 372)
def test_any_severity_at_most_10_false_findings_per_1000_principal_days(
    suite: dict[str, Any],
) -> None:
    assert suite["result"].tier("info")["false_per_1000"] <= 10.0, suite["result"].to_text()


def test_any_severity_at_most_2_findings_per_incident(suite: dict[str, Any]) -> None:
    assert suite["result"].tier("info")["max_findings_per_incident"] <= 2, suite["result"].to_text()


def test_cold_start_at_most_1_medium_finding_per_1000_principals(suite: dict[str, Any]) -> None:
    found, principals = suite["cold"]
    assert principals >= 40
    assert 1000 * found / principals <= 1.0, f"{found} medium+ findings over {principals}"
