"""The twenty-fourth held-out suite (Meridian Harbour Hotels, ``benchmarks/heldout24``) at CI
scale: one graded run (seed 1, 8 days with the last 5 scored, scale 0.1: 30 hotels, workloads at
a tenth of their rates) read by every test; the generator's independence, determinism on a
slice, its addresses, its truth against its trail, and issue 8's targets. A target ``ueba``
misses at this scale is a strict expected failure quoting the figure measured."""

from __future__ import annotations

import ast
import bisect
import csv
import importlib.util
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.heldout24 import _net, write
from tests.evaluate._suite_ci import assert_regenerates, trail_records

ROOT = Path(__file__).resolve().parents[2]
CI = {"days": 8, "scale": 0.1}


def _runner() -> Any:
    spec = importlib.util.spec_from_file_location(
        "eval_heldout24", ROOT / "benchmarks" / "eval_heldout24.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout24")
    return dict(_runner().evaluate(1, work, quiet=True, **CI))


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout24").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path.name, names)


def test_same_seed_same_bytes(run: dict[str, Any], tmp_path: Path) -> None:
    # the graded seed written once more at the graded run's days and scale (its organisation has
    # a floor: three slices at scale 0.05 cost more than two generations at 0.1)
    def again(out: Path, seed: int) -> list[Path]:
        w = write(out, seed, **CI)
        return [w.trail, w.truth, w.threat]

    w = run["written"]
    assert_regenerates(again, [w.trail, w.truth, w.threat], tmp_path)


def test_ingest_quarantines_nothing(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0


def _aws_networks() -> tuple[list[Any], list[Any]]:
    prefixes = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())["prefixes"]
    every = [ipaddress.ip_network(p["ip_prefix"]) for p in prefixes]
    ec2 = [ipaddress.ip_network(p["ip_prefix"]) for p in prefixes if p["service"] == "EC2"]
    return every, ec2


def test_addresses_in_their_operators_blocks(records: list[dict[str, Any]]) -> None:
    """Every public address is either inside the bundled EC2 ranges (NAT gateways, Lambda, the
    vendor, the attacker's instance) or, outside every AWS range, in a block the bundled ASN
    table gives to one of the operators the generator names."""
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet").sort("start")
    starts, ends, asns = table["start"].to_list(), table["end"].to_list(), table["asn"].to_list()
    every, ec2 = _aws_networks()
    operators = {v[2] for v in _net.OPERATORS.values()}
    seen = {
        r["sourceIPAddress"] for r in records if not r["sourceIPAddress"].endswith(".amazonaws.com")
    }
    assert len(seen) > 50
    for ip in seen:
        address = ipaddress.ip_address(ip)
        if any(address in n for n in ec2):
            continue
        assert not any(address in n for n in every), ip
        k = bisect.bisect_right(starts, int(address)) - 1
        assert k >= 0 and ends[k] >= int(address) and asns[k] in operators, ip


def test_truth_matches_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    by_id = {r["eventID"]: r for r in records}
    used: dict[str, set[str]] = {}
    for r in records:
        used.setdefault(r["userIdentity"].get("accessKeyId", ""), set()).add(r["sourceIPAddress"])
    every, _ = _aws_networks()
    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    ids = {r["id"] for r in rows}
    assert {f"A{n}" for n in range(1, 12)} | {f"B{n}" for n in range(1, 12)} == ids
    for row in rows:
        for event in row["event_ids"].split():
            assert row["start"] <= by_id[event]["eventTime"] <= row["end"], row["id"]
        if row["access_key_id"]:
            assert set(row["source_ip"].split()) & used[row["access_key_id"]], row["id"]
        if row["label"] == "attack":
            assert row["expected_min_severity"] in ("medium", "high")
            assert row["event_ids"] or row["access_key_id"]
            outside = row["id"] != "A5"  # A5: an instance in another AWS account
            for ip in row["source_ip"].split():
                assert any(ipaddress.ip_address(ip) in n for n in every) != outside, (row["id"], ip)
        else:
            assert row["expected_max_severity"] == "low" and row["principal_arn"]


@pytest.fixture(scope="module")
def targets(run: dict[str, Any]) -> list[tuple[bool, str]]:
    return list(run["targets"])


# target index -> the figure measured at CI scale (seed 1, 8 days, scale 0.1) when ueba misses it
# there (branch tune22, fifteenth session: 8/11, A1, A2 and A4 nothing; the blind measure on
# main 3901ec9 read 6/11 with A3 nothing and A6 low too); the order is _suite_checks.standard_targets': every attack,
# false medium+, benign flagged, false any, per incident, day one, new account, A10, each attack's
# severity, each benign change's severity
MISSED: dict[int, str] = {
    0: "medium+: every attack found (8/11)",
    8: "below their expected severity: A1, A2, A4 nothing (three days of history)",
}


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=MISSED[i]))
        if i in MISSED
        else i
        for i in range(10)
    ],
)
def test_target(targets: list[tuple[bool, str]], index: int) -> None:
    met, text = targets[index]
    assert met, text
