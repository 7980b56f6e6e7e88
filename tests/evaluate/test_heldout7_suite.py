"""The seventh held-out suite (``benchmarks/heldout7``, Wattle Pay) at CI scale: 10 days,
scale 0.2, seed 1. It was written without reading the rules; a target ``ueba`` misses here is a
strict expected failure carrying the figure measured, never a reason to tune a rule to it."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gzip
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks import eval_targets
from benchmarks.eval_heldout7 import expected_misses, run_seed
from benchmarks.heldout7 import _org as org
from benchmarks.heldout7 import generate
from tests.evaluate._suite_ci import SLICE, assert_same_seed_same_bytes

PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout7"
DATA = Path(__file__).resolve().parents[2] / "ueba" / "data"
DAYS, SCALE = 10, 0.2


def _records(root: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(root.glob("AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz")):
        out.extend(json.loads(gzip.decompress(path.read_bytes()))["Records"])
    return out


@pytest.fixture(scope="module")
def suite(run: dict[str, Any]) -> Path:
    # the trail the graded run generated (seed 1, the same days and scale): built once
    out: Path = run["work"] / "seed1" / "suite"
    return out


@pytest.fixture(scope="module")
def records(suite: Path) -> list[dict[str, Any]]:
    return _records(suite)


@pytest.fixture(scope="module")
def truth(suite: Path) -> list[dict[str, str]]:
    with open(suite / "truth.csv", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout7-run")
    return {**run_seed(1, work, days=DAYS, scale=SCALE, quiet=True), "work": work}


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path.name, names)


def test_the_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        generate(out, seed=seed, **SLICE)
        return [out]

    assert_same_seed_same_bytes(write, tmp_path, seed=1)


def test_the_trail_is_in_the_s3_layout_and_the_window(
    suite: Path, records: list[dict[str, Any]]
) -> None:
    files = list(suite.glob("AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz"))
    assert files and all(
        p.name.startswith(p.parts[-7] + "_CloudTrail_" + p.parts[-5]) for p in files
    )
    days = {r["eventTime"][:10] for r in records}
    first = (org.END - dt.timedelta(days=DAYS - 1)).isoformat()
    assert min(days) == first and max(days) == org.END.isoformat() and len(days) == DAYS
    assert len({r["eventID"] for r in records}) == len(records)
    data = org.ACCOUNTS["data"]
    joined = min(r["eventTime"] for r in records if r["recipientAccountId"] == data)
    assert joined[:10] >= (org.NEW_ACCOUNT_DAY - dt.timedelta(days=1)).isoformat()


def test_addresses_sit_in_the_asn_blocks_they_claim_and_outside_aws_where_meant(
    records: list[dict[str, Any]],
) -> None:
    table = pl.read_parquet(DATA / "asn-ipv4.parquet")
    prefixes = json.loads((DATA / "ip-ranges.json").read_text())["prefixes"]
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in prefixes]
    addresses = {r["sourceIPAddress"] for r in records if r["sourceIPAddress"][0].isdigit()}
    for ip in addresses:
        ipaddress.ip_address(ip)
    for name, (base, *_rest) in org.NETWORKS.items():
        asn = org.NETWORKS[name][2]
        used = sorted(ip for ip in addresses if ip.startswith(base))
        for ip in used[:20]:
            v = int(ipaddress.ip_address(ip))
            rows = table.filter((pl.col("start") <= v) & (pl.col("end") >= v))
            assert rows["asn"].to_list() == [asn], (name, ip, rows.rows())
            inside = any(ipaddress.ip_address(ip) in n for n in aws)
            assert inside == name.startswith("aws_"), (name, ip)


def test_truth_names_events_keys_and_principals_of_the_trail(
    truth: list[dict[str, str]], records: list[dict[str, Any]]
) -> None:
    by_id = {r["eventID"]: r for r in records}
    arns = {r["userIdentity"].get("arn") for r in records} | {
        r["userIdentity"].get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
        for r in records
    }
    assert {r["id"] for r in truth if r["label"] == "attack"} == {f"A{i}" for i in range(1, 9)}
    assert len({r["id"] for r in truth if r["label"] == "benign"}) == 10
    for row in truth:
        for eid in row["event_ids"].split():
            rec = by_id[eid]
            assert row["start"] <= rec["eventTime"] <= row["end"], row["id"]
        if row["label"] == "attack":
            assert row["expected_min_severity"] in ("medium", "high")
            used = [by_id[e] for e in row["event_ids"].split()]
            assert any(r["userIdentity"].get("accessKeyId") == row["access_key_id"] for r in used)
            assert any(r["sourceIPAddress"] == row["source_ip"] for r in used)
        else:
            assert row["expected_max_severity"] == "low"
            assert row["principal_arn"] in arns or row["access_key_id"] or row["source_ip"], row


# measured blind at CI scale (seed 1, 10 days, scale 0.2): 6/8 attacks at medium+, A1
# (LLMjacking with a leaked IAM user key) and A4 (MSP role from outside) nothing; after tuning on
# it (seventh session, attack9) 7/8, A1 still nothing (a record too thin to judge the key by).
# 8/8 since the twenty-second session (branch tune45, tuned on heldout40): a long-term key's
# first Bedrock model-access request from a network nobody in the account used is high
def test_every_attack_is_medium_or_above(run: dict[str, Any]) -> None:
    medium = run["result"].tier("medium")
    assert medium["attacks_found"] == medium["attacks"], eval_targets.shortfalls(run["result"])


def test_at_most_1_false_medium_finding_per_1000_principal_days(run: dict[str, Any]) -> None:
    assert (run["result"].tier("medium")["false_per_1000"] or 0) <= 1.0


def test_no_benign_change_reaches_medium(run: dict[str, Any]) -> None:
    assert run["result"].tier("medium")["benign_flagged"] == 0


@pytest.mark.xfail(
    strict=True,
    reason="CI scale, seed 1 (2026-12-06, branch tune20): 6 false findings at any severity = "
    "14.96 per 1,000 principal-days (401). The grader now matches each report of a finding on "
    "its own evidence, so a benign change that an incident went on from into an attack counts "
    "on its own (at full scale B6, gha-deploy's new Lambda region, low, into A3); it passed "
    "before, when the merged finding went to the attack",
)
def test_at_most_10_false_findings_per_1000_principal_days(run: dict[str, Any]) -> None:
    assert (run["result"].tier("info")["false_per_1000"] or 0) <= 10.0


def test_at_most_2_findings_per_incident(run: dict[str, Any]) -> None:
    assert (run["result"].tier("info")["max_findings_per_incident"] or 0) <= 2


@pytest.mark.xfail(
    strict=True,
    reason="measured blind at CI scale (seed 1, 10 days, scale 0.2): A1 and A4 at nothing, "
    "expected high; after tuning on it (seventh session, attack9): A1 nothing, A4 medium",
)
def test_every_incident_within_its_expected_severity(run: dict[str, Any], suite: Path) -> None:
    assert expected_misses(run["result"], suite / "truth.csv") == []


def test_the_first_day_with_no_history_is_quiet_at_medium(run: dict[str, Any]) -> None:
    medium, principals = run["first_day"]
    assert principals > 0
    assert medium * 1000 <= principals


def test_the_new_account_is_quiet_at_medium_and_its_stolen_key_found(run: dict[str, Any]) -> None:
    false_medium, _actors, events = run["new_account"]
    assert events > 0 and false_medium == 0
    a6 = run["result"].incidents.filter(pl.col("id") == "A6")["max_severity"].item()
    assert a6 in ("medium", "high", "critical")
