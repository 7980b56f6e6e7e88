"""The twenty-eighth held-out suite (Cardo Azul Digital, written without reading the rules) at
CI scale: one graded run of seed 1 (four days, the last two scored: the five slots of scored
incidents fold onto them; scale 0.1), issue 8's targets on it, and the checks of the generated
trail, truth, GeoIP databases and ingest on that same run. A target missed at this scale is a
strict expected failure quoting the figure measured here (docs/evaluation.md, "A suite's CI
module"); ``benchmarks/eval_heldout28.py`` grades the full scale."""

from __future__ import annotations

import ast
import csv
import json
from pathlib import Path
from typing import Any

import maxminddb
import pytest

from benchmarks.eval_heldout28 import evaluate
from benchmarks.heldout28 import generate
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, in_any, trail_records

ROOT = Path(__file__).resolve().parents[2]
CI: dict[str, Any] = {"days": 4, "scored_days": 2, "scale": 0.1}
# the slice the determinism test compares: one day, scored (every slot on it)
SLICE: dict[str, Any] = {"days": 1, "scored_days": 1, "scale": 0.05}

# the targets in the order ``_suite_checks.standard_targets`` gives them
TARGETS = (
    "every_attack_medium",
    "false_medium_per_1000",
    "no_benign_medium",
    "false_any_per_1000",
    "findings_per_incident",
    "cold_first_day",
    "cold_new_account",
    "cold_theft_medium",
    "attacks_at_expected_severity",
    "benign_at_most_allowed",
)
# measured at CI scale (seed 1, 4 days, 2 scored, scale 0.1, 61 principal-days); the full
# scale's figures are in benchmarks/results/heldout28.md
MISSED: dict[str, str] = {
    "every_attack_medium": "CI scale: medium+ finds 4/11 attacks (A1, A2, A4, A8, A9, A10, A11 missed)",
    "false_any_per_1000": "CI scale: 7 false findings over 61 principal-days = 114.75 per 1,000",
    "attacks_at_expected_severity": (
        "CI scale: below their expected severity: A1, A2, A8, A11 nothing; A4, A10 low "
        "(want medium); A9 low (wants high)"
    ),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(1, tmp_path_factory.mktemp("heldout28"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The graded run's trail, read once for the checks below."""
    return trail_records(run["written"].trail)


def _params() -> list[Any]:
    out = []
    for i, name in enumerate(TARGETS):
        marks = [pytest.mark.xfail(strict=True, reason=MISSED[name])] if name in MISSED else []
        out.append(pytest.param(i, id=name, marks=marks))
    return out


@pytest.mark.parametrize("index", _params())
def test_issue8_target(run: dict[str, Any], index: int) -> None:
    assert len(run["targets"]) == len(TARGETS)
    met, sentence = run["targets"][index]
    assert met, sentence


def test_every_incident_graded(run: dict[str, Any]) -> None:
    ids = set(run["result"].incidents["id"].to_list())
    assert {f"A{i}" for i in range(1, 12)} | {f"B{i}" for i in range(1, 13)} <= ids


def test_ingest_quarantines_nothing(run: dict[str, Any]) -> None:
    written = run["written"]
    assert run["ingest"].exit_code == 0
    assert written.events > 3000 and written.files > 100
    assert [d.isoformat() for d in written.scored] == ["2026-11-29", "2026-11-30"]


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout28").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed=seed, **SLICE)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(write, tmp_path)


def test_records_are_cloudtrail_shaped(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    assert len(records) == run["written"].events
    for r in records:
        assert (
            r["eventSource"].endswith(".amazonaws.com")
            and r["eventID"]
            and r["userIdentity"]["type"]
        )
        assert r["recipientAccountId"] in run["written"].accounts
    # every role session's key was minted by an event of the trail, or belongs to a service
    # role whose minting CloudTrail does not show (Trusted Advisor's)
    minted = {
        r["responseElements"]["credentials"]["accessKeyId"]
        for r in records
        if r["eventName"].startswith("AssumeRole") and r.get("responseElements")
    }
    sessions = {
        (r["userIdentity"]["accessKeyId"], r["userIdentity"]["arn"])
        for r in records
        if r["userIdentity"]["type"] == "AssumedRole"
    }
    orphans = {arn for key, arn in sessions if key not in minted}
    assert all("AWSServiceRoleForTrustedAdvisor" in arn for arn in orphans), orphans


def test_addresses_covered_by_the_geoip_databases(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    written = run["written"]
    public = {
        r["sourceIPAddress"]
        for r in records
        if not r["sourceIPAddress"].endswith(".amazonaws.com")
        and r["sourceIPAddress"] != "AWS Internal"
    }
    prefixes = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())["prefixes"]
    in_aws = in_any([p["ip_prefix"] for p in prefixes])
    with (
        maxminddb.open_database(str(written.asn_db)) as asn,
        maxminddb.open_database(str(written.city_db)) as city,
    ):
        for ip in public:
            owner, place = asn.get(ip), city.get(ip)
            assert isinstance(owner, dict) and isinstance(place, dict), ip
            amazon = owner["autonomous_system_number"] in (16509, 14618)
            assert in_aws(ip) == amazon, (ip, owner)


def test_truth_rows_match_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        ips = set(row["source_ip"].split())

        def hit(r: dict[str, Any], row: dict[str, str] = row, ips: set[str] = ips) -> bool:
            who = r["userIdentity"]
            issuer = who.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
            return (
                (not row["access_key_id"] or who.get("accessKeyId") == row["access_key_id"])
                and (not row["principal_arn"] or row["principal_arn"] in (who.get("arn"), issuer))
                and (not ips or r["sourceIPAddress"] in ips)
                and row["start"] <= r["eventTime"] <= row["end"]
            )

        assert any(hit(r) for r in records), row
        if row["label"] == "attack":
            assert row["expected_min_severity"] in ("medium", "high"), row
        else:
            assert row["expected_max_severity"] == "low", row
