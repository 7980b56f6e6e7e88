"""The thirty-ninth held-out suite (Fjordlaks Havbruk, benchmarks/heldout39) at CI scale: two
days, the last scored, scale 0.1 (the five slots of scored incidents fold onto that day). One
graded run (seed 1) that every test reads; determinism on one-day slices. A target missed at
this scale is a strict expected failure quoting the figure measured here."""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import maxminddb
import polars as pl
import pytest

from benchmarks import eval_heldout39 as suite
from benchmarks.heldout39 import generate
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, trail_records

CI = {"days": 2, "scale": 0.1, "scored_days": 1}
PACKAGE = Path(suite.__file__).parent / "heldout39"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return suite.evaluate(1, tmp_path_factory.mktemp("heldout39"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail / "AWSLogs")


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> Sequence[Path]:
        generate(out, seed, days=1, scale=0.05, scored_days=1)
        return [out / "AWSLogs", out / "truth.csv"]

    assert_same_seed_same_bytes(write, tmp_path)


def test_trail_layout_and_ingest(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    written = run["written"]
    assert run["ingest"].exit_code == 0
    files = sorted((written.trail / "AWSLogs").rglob("*.json.gz"))
    assert len(files) == written.files and len(records) == written.events
    for path in files[:50]:
        account, _, region = path.parts[-7], path.parts[-6], path.parts[-5]
        assert path.name.startswith(f"{account}_CloudTrail_{region}_")
    accounts = {r["recipientAccountId"] for r in records}
    assert accounts == set(written.accounts)
    japan = dt.datetime.combine(written.new_account[0], dt.time(), dt.UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert (
        min(r["eventTime"] for r in records if r["recipientAccountId"] == written.new_account[1])
        >= japan
    )


def test_geo_databases_cover_every_address(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    written = run["written"]
    addresses = set()
    for r in records:
        try:
            ipaddress.ip_address(r["sourceIPAddress"])
        except ValueError:
            continue  # a service's name (config.amazonaws.com)
        if not ipaddress.ip_address(r["sourceIPAddress"]).is_private:
            addresses.add(r["sourceIPAddress"])
    with (
        maxminddb.open_database(written.asn_db) as asn,
        maxminddb.open_database(written.city_db) as city,
    ):
        for address in addresses:
            assert asn.get(address) is not None and city.get(address) is not None, address
    truth = pl.read_csv(written.truth, infer_schema=False)
    for cell in truth["source_ip"].drop_nulls():
        assert set(cell.split()) <= addresses


def _matches(row: dict[str, Any], r: dict[str, Any]) -> bool:
    who = r["userIdentity"]
    issuer = who.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
    principal = row["principal_arn"]
    if row["access_key_id"] and who.get("accessKeyId") != row["access_key_id"]:
        return False
    if principal and principal not in (issuer, who.get("arn"), f"saml:{who.get('principalId')}"):
        return False
    return not row["source_ip"] or r["sourceIPAddress"] in row["source_ip"].split()


def test_every_truth_row_names_records_of_the_trail(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    truth = pl.read_csv(run["written"].truth, infer_schema=False).to_dicts()
    assert {r["id"] for r in truth} >= {f"A{i}" for i in range(1, 12)} | {
        f"B{i}" for i in range(1, 12)
    }
    for row in truth:
        assert (row["label"] == "attack") == bool(row["expected_min_severity"]), row
        inside = [r for r in records if row["start"] <= r["eventTime"] <= row["end"]]
        assert any(_matches(row, r) for r in inside), row["id"] + " " + row["name"]


def test_records_are_cloudtrail_shaped(records: list[dict[str, Any]]) -> None:
    for r in records[:: max(1, len(records) // 2000)]:
        assert {
            "eventVersion",
            "userIdentity",
            "eventTime",
            "eventSource",
            "eventName",
            "awsRegion",
            "sourceIPAddress",
            "eventID",
            "eventType",
            "recipientAccountId",
            "readOnly",
        } <= set(r)
        json.dumps(r)
        if r["userIdentity"]["type"] == "AssumedRole":
            assert r["userIdentity"]["accessKeyId"].startswith("ASIA")


def _target(run: dict[str, Any], start: str) -> tuple[bool, str]:
    found = [t for t in run["targets"] if t[1].startswith(start)]
    assert len(found) == 1, (start, run["targets"])
    return found[0]


TARGETS = {
    "every_attack": "medium+: every attack found",
    "false_medium": "medium+: <= 1 false finding",
    "benign_medium": "medium+: 0 benign changes flagged",
    "false_any": "any severity: <= 10 false findings",
    "per_incident": "any severity: <= 2 findings per incident",
    "cold_day_one": "cold start, the trail's first day",
    "cold_new_account": "cold start, the new account's first day",
    "cold_theft": "cold start: the new Japan account",
    "attack_severity": "each attack at its expected severity",
    "benign_severity": "each benign change at most",
}
# missed at CI scale (seed 1, two days, scale 0.1), measured on suite41 before any tuning
MISSED: dict[str, str] = {
    "every_attack": "7/11 attacks medium+ at CI scale (A1, A2, A7, A9 below medium)",
    "attack_severity": "below: A1 nothing (wants high+), A2 low (wants medium+), A4 high (wants critical+), "
    "A7 nothing (wants medium+), A9 low (wants medium+) at CI scale",
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_issue8_target(run: dict[str, Any], name: str, request: pytest.FixtureRequest) -> None:
    if name in MISSED:
        request.applymarker(pytest.mark.xfail(strict=True, reason=MISSED[name]))
    met, text = _target(run, TARGETS[name])
    assert met, text
