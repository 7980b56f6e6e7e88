"""The third held-out suite (Halvard Freight) at CI scale: the generator's contract, and
issue 8's targets graded on data no rule was tuned on.

A target current detection misses is a strict expected failure carrying the figure measured
at this scale (seed 1, 10 days: the generator's least, 5 of history and 5 scored with every
incident in them; scale 0.1 since the twelfth session, 0.3 before); never tune a rule to this
suite (docs/evaluation.md).
"""

from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import ipaddress
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.eval_heldout3 import SEVERITY, evaluate_seed, expected
from benchmarks.heldout3 import build
from benchmarks.heldout3._net import NETWORKS

PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout3"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate_seed(
        1, tmp_path_factory.mktemp("heldout3"), days=10, scale=0.1, scored_days=5, quiet=True
    )


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path in sorted((run["written"].trail / "AWSLogs").rglob("*.json.gz")):
        out.extend(json.loads(gzip.decompress(path.read_bytes()))["Records"])
    return out


def test_generator_imports_nothing_from_ueba() -> None:
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path.name


def test_same_seed_gives_the_same_trail_and_another_seed_does_not() -> None:
    def digest(seed: int) -> str:
        world = build(seed, days=10, scale=0.1)
        body = json.dumps(
            [sorted(world.trail.files.items())[:], world.truth], default=str, sort_keys=True
        )
        return hashlib.sha256(body.encode()).hexdigest()

    three = digest(3)
    assert digest(3) == three
    assert digest(4) != three


def test_written_files_follow_the_organisation_trail_layout(run: dict[str, Any]) -> None:
    written = run["written"]
    paths = sorted((written.trail / "AWSLogs").rglob("*.json.gz"))
    assert len(paths) == written.files
    for path in paths[:: max(1, len(paths) // 50)]:
        parts = path.relative_to(written.trail).parts
        assert parts[0] == "AWSLogs" and parts[1].startswith("o-") and parts[3] == "CloudTrail"
        account, region = parts[2], parts[4]
        assert path.name.startswith(f"{account}_CloudTrail_{region}_")
        assert all(
            r["recipientAccountId"] == account and r["awsRegion"] == region
            for r in json.loads(gzip.decompress(path.read_bytes()))["Records"]
        )


def test_the_whole_trail_is_ingested_with_nothing_quarantined(run: dict[str, Any]) -> None:
    report = run["ingest"]
    assert report.exit_code == 0
    assert report.quarantined_files == 0 and report.quarantined_records == 0
    assert run["written"].events > 10_000


def test_events_carry_the_fields_real_records_do(records: list[dict[str, Any]]) -> None:
    for field in (
        "eventVersion",
        "eventTime",
        "eventSource",
        "eventName",
        "awsRegion",
        "sourceIPAddress",
        "userAgent",
        "requestID",
        "eventID",
        "readOnly",
        "eventType",
        "managementEvent",
        "recipientAccountId",
        "eventCategory",
    ):
        assert all(field in r for r in records), field
    assert any(r.get("vpcEndpointId") for r in records)
    assert any(r.get("sessionCredentialFromConsole") == "true" for r in records)
    assert any(r.get("sharedEventID") for r in records)
    assert any(
        r.get("errorCode") == "Client.RequestLimitExceeded"
        or r.get("errorCode") == "ThrottlingException"
        for r in records
    )
    assert any(r["userIdentity"].get("invokedBy") for r in records)
    assert len({r["eventID"] for r in records}) == len(records)


def test_truth_is_consistent_with_the_trail(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    by_id = {r["eventID"]: r for r in records}
    keys = {r["userIdentity"].get("accessKeyId") for r in records}
    principals = {
        r["userIdentity"].get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
        for r in records
    }
    principals |= {r["userIdentity"].get("arn") for r in records}
    principals |= {  # Identity Center users are named by their id
        r["userIdentity"]["principalId"]
        for r in records
        if r["userIdentity"].get("type") == "IdentityCenterUser"
    }
    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows if r["label"] == "attack"} == {f"A{i}" for i in range(1, 11)}
    assert {r["id"] for r in rows if r["label"] == "benign"} == {f"B{i}" for i in range(1, 11)}
    for row in rows:
        if row["access_key_id"]:
            assert row["access_key_id"] in keys, row["id"]
        if row["principal_arn"]:
            assert row["principal_arn"] in principals, (row["id"], row["principal_arn"])
        for event_id in row["event_ids"].split():
            event = by_id[event_id]
            assert row["start"] <= event["eventTime"] <= row["end"], row["id"]
            if row["source_ip"]:
                assert event["sourceIPAddress"] in row["source_ip"].split(), row["id"]
            portal = event["userIdentity"]["type"] == "IdentityCenterUser"  # no access key
            if (
                row["access_key_id"]
                and not portal
                and event["eventName"]
                not in (
                    "AssumeRole",
                    "AssumeRoleWithWebIdentity",
                )
            ):
                assert event["userIdentity"]["accessKeyId"] == row["access_key_id"], row["id"]


def test_outside_networks_are_outside_every_aws_prefix() -> None:
    snapshot = json.loads(
        (Path(__file__).resolve().parents[2] / "data" / "ip-ranges.json").read_text()
    )
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in snapshot["prefixes"]]
    for network in NETWORKS.values():
        block = ipaddress.ip_network(network.cidr)
        assert not any(block.overlaps(p) for p in aws), network.name


def _target(run: dict[str, Any], start: str) -> tuple[bool, str]:
    return next((met, text) for met, text in run["targets"] if text.startswith(start))


def _missed(start: str, figure: str) -> Any:
    reason = f"missed at CI scale (seed 1, 10 days, scale 0.1; main 50b4322): {figure}"
    return pytest.param(start, marks=pytest.mark.xfail(strict=True, reason=reason))


TARGETS = [
    # when written (4b4bb72, scale 0.3): 5/10; fourth session (attack3): 7/10 (A4, A5 nothing,
    # A10 low: with 5 days of history the staging account and its developer are still
    # learning); since the twelfth session (ci12b) scale 0.1, not 0.3 (10 days is the
    # generator's least), where it is 9/10
    _missed("medium+: every attack found", "9/10 (A4, the Lambda backdoor, not found)"),
    "medium+: <= 1 false finding",
    "medium+: 0 benign changes flagged",
    # met since benign3: 0 false findings (was 10.84 per 1,000, 7 low, of 646 principal-days)
    "any severity: <= 10 false findings",
    # graded on the worst incident since a0e3be2 (it was the mean); met since actors3 (A6 from 6
    # findings to 1: one Identity Center person across the portal and accounts) and benign3 (B3's
    # four travellers, one low each, now info)
    "any severity: <= 2 findings per incident",
    "cold start, trail's first day",
    "cold start, the new account's first day",
    "cold start: stolen instance credentials",
    # fourth session (attack3): A4 and A5 nothing, the rest at their severity
    _missed("each attack at its expected severity", "A4 nothing (wants high+)"),
    "each benign change at most its allowed severity",
]


@pytest.mark.parametrize("start", TARGETS)
def test_issue_8_target(run: dict[str, Any], start: str) -> None:
    met, text = _target(run, start)
    assert met, text


@pytest.mark.xfail(
    strict=True,
    reason="A4 (Lambda backdoor) raises nothing at CI scale (seed 1, 10 days, scale 0.1, main "
    "50b4322); when written (4b4bb72, scale 0.3) A2, A4 and A5 raised nothing",
)
def test_every_attack_is_found_at_some_severity(run: dict[str, Any]) -> None:
    wanted = expected(run["written"].truth)
    got = {r["id"]: r["max_severity"] for r in run["result"].incidents.iter_rows(named=True)}
    missing = [
        i
        for i, (label, _) in wanted.items()
        if label == "attack" and SEVERITY.get(got.get(i) or "", -1) < 0
    ]
    assert not missing, missing
