"""The twenty-third held-out suite (LwaziPay) at CI scale: one graded run of seed 1 over 7 days
(the fewest the generator makes: 2 of history, 5 scored), scale 0.1; the generator's
independence from ``ueba``, determinism, addresses, truth against the trail, and issue 8's
targets. A target ``ueba`` misses here is a strict expected failure quoting the figure measured
at this scale: the suite was written blind and nothing is tuned to it."""

from __future__ import annotations

import ast
import hashlib
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.eval_heldout23 import evaluate
from benchmarks.heldout23 import build
from benchmarks.heldout23._net import AWS_PREFIXES, BLOCKS, threat_list
from tests.evaluate._suite_ci import trail_records

CI = {"days": 7, "scale": 0.1}
PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout23"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(1, tmp_path_factory.mktemp("heldout23"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 5
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def _digest(seed: int) -> str:
    w = build(seed=seed, days=7, scale=0.05)
    body = json.dumps([w.trail.records, w.truth], sort_keys=True).encode()
    return hashlib.sha256(body).hexdigest()


def test_same_seed_same_trail_other_seed_other_trail() -> None:
    first = _digest(2)
    assert _digest(2) == first
    assert _digest(3) != first


def test_graded_files_are_the_built_organisation(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    w = build(seed=1, **CI)
    assert sorted(r["eventID"] for r in records) == sorted(r["eventID"] for r in w.trail.records)
    truth = pl.read_csv(run["written"].truth, infer_schema=False)
    assert truth["id"].to_list() == [row["id"] for row in w.truth]


def test_trail_layout_and_ingest(run: dict[str, Any]) -> None:
    written = run["written"]
    files = sorted(written.trail.rglob("*.json.gz"))
    assert len(files) == written.files > 100
    for path in files[:50]:
        account, _, region, y, m, d = path.relative_to(written.trail).parts[:6]
        assert path.name.startswith(f"{account}_CloudTrail_{region}_{y}{m}{d}T")
    assert run["ingest"].exit_code == 0
    assert len(written.accounts) == 7


def test_addresses_are_where_they_claim(records: list[dict[str, Any]]) -> None:
    import ueba

    table = ueba.AsnTable.bundled()
    for name, block in BLOCKS.items():
        net = ipaddress.ip_network(block.cidr)
        first, last = str(net.network_address), str(net.broadcast_address)
        found = table.lookup_ips([first, last])
        assert found["asn"].to_list() == [block.asn, block.asn], (name, found)
    ranges = json.loads((Path(ueba.__file__).parent / "data" / "ip-ranges.json").read_text())[
        "prefixes"
    ]
    ec2 = {
        region: [
            ipaddress.ip_network(p["ip_prefix"])
            for p in ranges
            if p["service"] == "EC2" and p["region"] == region
        ]
        for region in AWS_PREFIXES
    }
    every_aws = [ipaddress.ip_network(p["ip_prefix"]) for p in ranges]
    for region, prefixes in AWS_PREFIXES.items():
        assert all(ipaddress.ip_network(p) in ec2[region] for p in prefixes), region
    operator = [ipaddress.ip_network(b.cidr) for b in BLOCKS.values()]
    workloads = [ipaddress.ip_network(p) for ps in AWS_PREFIXES.values() for p in ps]
    seen = {r["sourceIPAddress"] for r in records if r["sourceIPAddress"][0].isdigit()}
    for text in seen:
        ip = ipaddress.ip_address(text)
        if any(ip in n for n in operator):
            assert not any(ip in n for n in every_aws), text  # outside AWS where meant
        else:
            assert any(ip in n for n in workloads), text  # a workload inside AWS
    assert any(ipaddress.ip_address(t) in ipaddress.ip_network(threat_list()[0]) for t in seen)


def test_truth_against_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    by_id = {r["eventID"]: r for r in records}
    pairs = {(r["userIdentity"].get("accessKeyId"), r["sourceIPAddress"]) for r in records}
    truth = pl.read_csv(run["written"].truth, infer_schema=False).fill_null("")
    assert set(truth.filter(pl.col("label") == "attack")["id"]) == {f"A{i}" for i in range(1, 11)}
    assert set(truth.filter(pl.col("label") == "benign")["id"]) == {f"B{i}" for i in range(1, 12)}
    for row in truth.iter_rows(named=True):
        for event in row["event_ids"].split():
            assert row["start"] <= by_id[event]["eventTime"] <= row["end"], row["id"]
        for ip in row["source_ip"].split():
            if row["access_key_id"]:
                assert (row["access_key_id"], ip) in pairs, row["id"]
        wanted = row["expected_min_severity"] or row["expected_max_severity"]
        assert wanted in ("low", "medium", "high"), row["id"]
    scored = {str(d) for d in run["written"].scored}
    assert {s[:10] for s in truth["start"]} <= scored


def _target(run: dict[str, Any], prefix: str) -> tuple[bool, str]:
    return next((met, text) for met, text in run["targets"] if text.startswith(prefix))


# (target, strict expected-failure reason at CI scale or None); the figures are those measured
# at days=7, scale=0.1, seed 1 (388 principal-days)
TARGETS = [
    (
        "medium+: every attack found",
        "6/10 at CI scale: A3, A4, A5, A6 not found with 2 days of history",
    ),
    ("medium+: <= 1 false finding", None),
    ("medium+: 0 benign changes flagged", None),
    ("any severity: <= 10 false findings", None),
    ("any severity: <= 2 findings per incident", None),
    ("cold start, the trail's first day", None),
    ("cold start, the new account's first day", None),
    ("cold start: the new account's notebook", None),
    ("each attack at its expected severity", "A3, A4, A5, A6 nothing at CI scale (want medium+)"),
    ("each benign change at most", None),
]


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=r)) if r else p
        for p, r in TARGETS
    ],
)
def test_issue8_target(run: dict[str, Any], prefix: str) -> None:
    met, text = _target(run, prefix)
    assert met, text
