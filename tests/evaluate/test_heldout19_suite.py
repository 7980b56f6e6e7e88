"""The nineteenth held-out suite (Kurenai Mobility) at CI scale: one graded run of seed 1 (8 days,
the last 5 scored, scale 0.05; see docs/evaluation.md, "A suite's CI module"), the generator's
independence, determinism on a two-day slice, its addresses, its truth against its trail, and
issue 8's targets. A target ``ueba`` misses here is a strict expected failure quoting the figure
measured at this scale, never a reason to tune a rule to the suite."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.eval_heldout19 import evaluate
from benchmarks.heldout19 import generate
from benchmarks.heldout19._plan import AWS_BLOCKS, NETWORKS, THREAT_ADDRESS
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, trail_records

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "benchmarks" / "heldout19"
CI = {"days": 8, "scale": 0.05, "scored_days": 5}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(1, tmp_path_factory.mktemp("heldout19"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


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
    assert len(list(PACKAGE.glob("*.py"))) >= 5


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed=seed, days_=2, scale=0.05, scored_days=1)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(write, tmp_path)


def _aws_prefixes() -> list[dict[str, str]]:
    return json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())["prefixes"]


def test_addresses_are_the_operators_and_outside_aws() -> None:
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in _aws_prefixes()]
    for name, net in NETWORKS.items():
        block = ipaddress.ip_network(net.cidr)
        lo, hi = int(block.network_address), int(block.broadcast_address)
        owner = table.filter((pl.col("start") <= lo) & (pl.col("end") >= hi))
        assert owner["asn"].to_list() == [net.asn], (name, owner.rows())
        assert not any(block.overlaps(a) for a in aws), name
    assert ipaddress.ip_address(THREAT_ADDRESS) in ipaddress.ip_network(NETWORKS["m247"].cidr)


def test_aws_blocks_are_ec2_prefixes_of_their_region() -> None:
    ec2 = {(p["ip_prefix"], p["region"]) for p in _aws_prefixes() if p["service"] == "EC2"}
    for cidr, meta in AWS_BLOCKS.items():
        assert (cidr, meta[0]) in ec2, cidr


def test_every_address_in_the_trail_is_planned(records: list[dict[str, Any]]) -> None:
    nets = [ipaddress.ip_network(n.cidr) for n in NETWORKS.values()]
    nets += [ipaddress.ip_network(c) for c in AWS_BLOCKS]
    seen = {r["sourceIPAddress"] for r in records}
    addresses = {ip for ip in seen if ip[0].isdigit()}
    assert addresses and all(any(ipaddress.ip_address(a) in n for n in nets) for a in addresses)
    assert seen - addresses <= {"AWS Internal"} | {s for s in seen if s.endswith(".amazonaws.com")}


def test_ingest_quarantines_nothing(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0


def _truth(run: dict[str, Any]) -> list[dict[str, str]]:
    with run["written"].truth.open() as handle:
        return list(csv.DictReader(handle))


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_truth_against_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    rows = _truth(run)
    assert {r["id"] for r in rows} == {f"A{i}" for i in range(1, 11)} | {
        f"B{i}" for i in range(1, 12)
    }
    by_id = {r["eventID"]: r for r in records}
    for row in rows:
        start, end = _when(row["start"]), _when(row["end"])
        for event in row["event_ids"].split():
            rec = by_id[event]
            t = dt.datetime.fromisoformat(rec["eventTime"].replace("Z", "+00:00"))
            assert start - dt.timedelta(seconds=1) <= t <= end + dt.timedelta(seconds=1), row["id"]
        if row["access_key_id"]:
            used = [
                r for r in records if r["userIdentity"].get("accessKeyId") == row["access_key_id"]
            ]
            assert any(r["sourceIPAddress"] in row["source_ip"].split() for r in used), row["id"]
        if row["label"] == "attack":
            # wholly on the scored (UTC) days: none of an attack may fall into the history
            first = dt.datetime.combine(run["written"].scored[0], dt.time(), dt.UTC)
            assert start >= first, (row["id"], row["start"])
            assert (
                row["expected_min_severity"] in ("medium", "high")
                and not row["expected_max_severity"]
            )
        else:
            assert row["expected_max_severity"] == "low" and row["principal_arn"]
            issuers = {
                r["userIdentity"].get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
                for r in records
                if start <= dt.datetime.fromisoformat(r["eventTime"].replace("Z", "+00:00")) <= end
            }
            assert row["principal_arn"] in issuers, (row["id"], row["principal_arn"])


TARGETS = [
    "every attack found",
    "false medium+",
    "benign changes flagged",
    "false any severity",
    "findings per incident",
    "cold start day one",
    "cold start new account",
    "cold start theft",
    "attacks at expected severity",
    "benign at most allowed",
]
# measured at CI scale on main 50b4322 plus this suite (seed 1, 8 days, scale 0.05), after the
# A3 fix (see benchmarks/results/heldout19.md)
MISSED_AT_CI_SCALE: dict[str, str] = {
    "every attack found": "5/10 attacks at medium+ (A3 low; A2, A4, A7, A9 not found at any severity)",
    "attacks at expected severity": "below: A1 medium (wants high), A3 low (wants high), A2, A4, A7, A9 nothing",
}


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(
            i, id=name, marks=[pytest.mark.xfail(strict=True, reason=MISSED_AT_CI_SCALE[name])]
        )
        if name in MISSED_AT_CI_SCALE
        else pytest.param(i, id=name)
        for i, name in enumerate(TARGETS)
    ],
)
def test_target(run: dict[str, Any], index: int) -> None:
    assert len(run["targets"]) == len(TARGETS)
    met, sentence = run["targets"][index]
    assert met, sentence
