"""The second held-out suite (``benchmarks/heldout2``, Quillsign) at CI scale.

The generator is independent of ueba (it imports nothing from it) and of the rules (it was
written without reading them). A target that current detection misses is a strict expected
failure carrying the figure measured when the suite was written: it must never be a reason to
tune a rule to this organisation, and it turns into a pass the day detection meets it.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import ipaddress
import json
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.eval_heldout2 import evaluate_seed
from benchmarks.heldout2 import build, generate
from tests.evaluate._suite_ci import SLICE, in_any

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "benchmarks" / "heldout2"
SMALL = {"days": 10, "scale": 0.1, "scored_days": 5}  # 10 days: the generator's least
PATH = re.compile(
    r"AWSLogs/(\d{12})/CloudTrail/([a-z]{2}-[a-z]+-\d)/(\d{4})/(\d{2})/(\d{2})/"
    r"\1_CloudTrail_\2_(\d{8})T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Seed 1 at CI scale, generated, ingested, scored over its last 5 days and graded once."""
    work = tmp_path_factory.mktemp("heldout2")
    return evaluate_seed(1, work, quiet=True, **SMALL)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path in sorted(run["written"].trail.rglob("*.json.gz")):
        out += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return out


def test_generator_imports_nothing_from_ueba() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (
                f"{path.name} imports {names}"
            )


def test_same_seed_same_trail_and_another_seed_another() -> None:
    def digest(seed: int) -> str:
        org, truth = build(seed, **{**SLICE, "days": 10})  # its least history
        body = json.dumps([org.trail.records, truth], sort_keys=True).encode()
        return hashlib.sha256(body).hexdigest()

    seven = digest(7)
    assert digest(7) == seven
    assert digest(8) != seven


def test_files_written_twice_are_identical(run: dict[str, Any], tmp_path: Path) -> None:
    # the graded seed written once more, compared with the files the graded run wrote
    def tree(written: Any) -> dict[str, bytes]:
        files = [*sorted(written.trail.rglob("*.json.gz")), written.truth, written.threat]
        return {str(p.relative_to(written.root)): p.read_bytes() for p in files}

    again = generate(tmp_path / "trail", seed=1, **SMALL)  # type: ignore[arg-type]
    assert tree(again) == tree(run["written"])


def test_the_whole_trail_is_ingested_with_nothing_quarantined(run: dict[str, Any]) -> None:
    report = run["ingest"]
    assert report.exit_code == 0
    assert report.quarantined_files == 0 and report.quarantined_records == 0
    assert report.events == run["written"].events
    assert report.duplicates == 0


def test_files_follow_the_per_account_trail_layout(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    trail = run["written"].trail
    accounts = set()
    for path in trail.rglob("*.json.gz"):
        rel = "AWSLogs/" + str(path.relative_to(trail))
        match = PATH.search(rel)
        assert match, rel
        account, region, y, m, d, stamp = match.groups()
        assert stamp == y + m + d
        batch = json.loads(gzip.decompress(path.read_bytes()))["Records"]
        assert {r["recipientAccountId"] for r in batch} == {account}
        assert {r["awsRegion"] for r in batch} == {region}
        accounts.add(account)
    assert accounts == set(run["written"].accounts)
    assert len({r["eventID"] for r in records}) == len(records)


def test_records_carry_the_fields_cloudtrail_writes(records: list[dict[str, Any]]) -> None:
    required = {
        "eventVersion",
        "userIdentity",
        "eventTime",
        "eventSource",
        "eventName",
        "awsRegion",
        "sourceIPAddress",
        "userAgent",
        "requestID",
        "eventID",
        "eventType",
        "recipientAccountId",
        "managementEvent",
        "readOnly",
        "eventCategory",
    }
    for rec in records:
        assert required <= rec.keys(), rec["eventID"]
    kinds = {r["userIdentity"]["type"] for r in records}
    assert {
        "IAMUser",
        "AssumedRole",
        "AWSService",
        "WebIdentityUser",
        "FederatedUser",
        "AWSAccount",
        "Root",
    } <= kinds
    assert any(r.get("vpcEndpointId") for r in records)
    assert any(r.get("sessionCredentialFromConsole") == "true" for r in records)
    assert any(
        r["userIdentity"].get("invokedBy") == "cloudformation.amazonaws.com" for r in records
    )
    assert any(r["eventCategory"] == "Data" and r["managementEvent"] is False for r in records)
    assert any("exec-env/CloudShell" in r["userAgent"] for r in records)
    assert {"ThrottlingException", "Client.VcpuLimitExceeded", "AccessDenied"} <= {
        r.get("errorCode") for r in records
    }


def test_truth_is_consistent_with_the_trail(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    import csv

    written = run["written"]
    with written.truth.open() as handle:
        rows = list(csv.DictReader(handle))
    keys = {r["userIdentity"].get("accessKeyId") for r in records}
    ids = {r["eventID"] for r in records}
    by_principal: dict[str, set[str]] = {}
    for r in records:
        ident = r["userIdentity"]
        arn = (
            ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
            if ident["type"] == "AssumedRole"
            else ident.get("arn")
        )
        by_principal.setdefault(arn or "", set()).add(r["sourceIPAddress"])
    ips = {r["sourceIPAddress"] for r in records}
    first, last = str(written.days[0]), str(written.scored[-1])
    assert {r["id"] for r in rows if r["label"] == "attack"} == {f"A{i}" for i in range(1, 11)}
    assert {r["id"] for r in rows if r["label"] == "benign"} == {f"B{i}" for i in range(1, 11)}
    for row in rows:
        assert row["start"] <= row["end"], row
        assert row["start"][:10] >= (first if row["id"] == "B10" else str(written.scored[0])), row
        assert row["end"][:10] <= last, row
        assert row["access_key_id"] or row["principal_arn"] or row["event_ids"], row
        if row["access_key_id"]:
            assert row["access_key_id"] in keys, row
        if row["principal_arn"]:
            assert row["principal_arn"] in by_principal, row
        for event in row["event_ids"].split():
            assert event in ids, row
        for ip in row["source_ip"].split():
            assert ip in ips, row
        if row["label"] == "attack":
            assert row["expected_min_severity"] in {"low", "medium", "high"}, row


def test_geo_databases_cover_every_public_address_outside_aws(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    import maxminddb

    ranges = json.loads((ROOT / "data" / "ip-ranges.json").read_text())["prefixes"]
    in_aws = in_any(p["ip_prefix"] for p in ranges)
    written = run["written"]
    with (
        maxminddb.open_database(str(written.asn_db)) as asn,
        maxminddb.open_database(str(written.city_db)) as city,
    ):
        for ip in {r["sourceIPAddress"] for r in records}:
            if ip.endswith(".com") or ip == "AWS Internal" or ipaddress.ip_address(ip).is_private:
                continue
            if not in_aws(ip):
                assert asn.get(ip) and city.get(ip), ip


# -- the issue's targets; the figures in the xfail reasons were measured at this scale --------


def _target(run: dict[str, Any], prefix: str) -> tuple[bool, str]:
    hits = [t for t in run["targets"] if t[1].startswith(prefix)]
    assert len(hits) == 1, prefix
    return hits[0]


TARGETS = [
    "medium+: every attack found",
    "medium+: <= 1 false finding",
    "medium+: 0 benign changes",
    "any severity: <= 10 false",
    "any severity: <= 2 findings per incident",
    "cold start: <= 1 medium+",
    "cold start: stolen workload",
    "each attack at its expected severity",
    "each benign change at most",
]
# measured on seed 1 at CI scale (10 days, scale 0.3, last 5 scored, 272 principal-days) on
# main bab638d when the suite was written, the same on 673f9c0; re-measured on fde1562 after
# that day's detection changes (any severity now met; A7 and A8 still low), and on branch
# attack2 (service-job keys bound, outside-account grants, role chains folded: the cold-start
# A8 target met; A5 and A8 at their expected severity). The benign-side targets are met since
# branch benign2 (B7's onboarding is info), so the suite is no longer held out for them. Never
# tune a rule to these. Since the twelfth session (ci12b) at scale 0.1, not 0.3 (10 days is the
# generator's least: 5 of history, 5 scored, every incident in them); re-measured there on main
# 50b4322 (at 0.3 it was 6/10 too, A9 low rather than nothing)
MISSED: dict[str, str] = {
    "medium+: every attack found": "6/10 at medium+ (scale 0.1): A2 SES, A9 slow recon and A10 "
    "dev->prod chain not found (5 days of history: their actors are still learning); A7 CI "
    "SendCommand low",
    "each attack at its expected severity": "A2, A9, A10 not found; A4 medium (expected high); "
    "A7 low (expected medium)",
}


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=MISSED[p]))
        if p in MISSED
        else p
        for p in TARGETS
    ],
)
def test_issue_8_target(run: dict[str, Any], prefix: str) -> None:
    met, text = _target(run, prefix)
    assert met, text
