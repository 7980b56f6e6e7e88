"""The eleventh held-out suite (Sitara Pay, ``benchmarks/heldout11``) at CI scale: seed 1,
10 days, the last 5 scored. It checks that the generator stays independent of ``ueba``, is
deterministic, draws its addresses from the right blocks, that its truth matches its trail,
and issue 8's targets. A target ``ueba`` misses is a strict expected failure carrying the
figure measured: the suite is held out, so a miss is never a reason to tune a rule to it."""

from __future__ import annotations

import ast
import hashlib
import ipaddress
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.heldout11 import generate
from benchmarks.heldout11._net import AWS, OUTSIDE, THREAT
from tests.evaluate._suite_ci import SLICE

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "benchmarks" / "heldout11"


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (
                f"{path.name} imports {names}"
            )
            assert "synth" not in " ".join(names) and "scenarios" not in " ".join(names), path.name
            assert not any(
                n.startswith("benchmarks.heldout") and not n.startswith("benchmarks.heldout11")
                for n in names
            ), path.name


def _digest(seed: int) -> str:
    trail, truth, _ = generate(seed, **SLICE)
    h = hashlib.sha256()
    for acct, region, rec in trail.records:
        h.update(f"{acct}{region}".encode())
        h.update(json.dumps(rec, sort_keys=True).encode())
    h.update(repr(truth.rows).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def seed2() -> str:
    return _digest(2)


def test_deterministic_per_seed(seed2: str) -> None:
    assert _digest(2) == seed2
    assert _digest(3) != seed2


def test_deterministic_across_hash_seeds(seed2: str) -> None:
    """Nothing depends on Python's per-process string hashing (set order, ``hash``): a process
    with another hash seed than this one draws the same trail."""
    mine = os.environ.get("PYTHONHASHSEED", "")
    other = str(int(mine) + 1) if mine.isdigit() and mine != "0" else "1"
    code = "from tests.evaluate.test_heldout11_suite import _digest; print(_digest(2))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONHASHSEED": other, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == seed2


def _asn_rows() -> pl.DataFrame:
    return pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")


def test_outside_addresses_in_their_operators_blocks_and_outside_aws() -> None:
    table = _asn_rows()
    feed = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in feed["prefixes"]]
    for net in OUTSIDE.values():
        block = ipaddress.ip_network(net.block)
        lo, hi = int(block.network_address), int(block.broadcast_address)
        rows = table.filter((pl.col("start") <= lo) & (pl.col("end") >= hi))
        assert rows["asn"].to_list() == [net.asn], (
            f"{net.key} {net.block} is not one block of AS{net.asn}"
        )
        assert not any(block.overlaps(p) for p in aws), f"{net.key} overlaps AWS"
    assert ipaddress.ip_address(THREAT) in ipaddress.ip_network(OUTSIDE["m247_sg"].block)


def test_aws_addresses_are_ec2_prefixes_of_their_region() -> None:
    feed = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())
    ec2 = {(p["ip_prefix"], p["region"]) for p in feed["prefixes"] if p["service"] == "EC2"}
    for key, net in AWS.items():
        assert (net.block, key.rstrip("b")) in ec2, key


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from benchmarks.eval_heldout11 import evaluate

    # scale 0.1: every target met or missed as at 0.3, with the same figures but the cold
    # starts' principals (107 and 13 where 0.3 has 112 and 14, no medium+ finding on either)
    return evaluate(
        1, tmp_path_factory.mktemp("heldout11"), days=10, scale=0.1, scored_days=5, quiet=True
    )


def test_truth_matches_the_trail(run: dict[str, Any]) -> None:
    import ueba

    written = run["written"]
    truth = pl.read_csv(written.truth, infer_schema=False)
    events = (
        ueba.scan_lake(written.root.parent / "lake")
        .select("event_id", "event_time", "access_key_id", "source_ip_address")
        .collect()
    )
    first = str(written.scored[0])
    last = str(written.scored[-1]) + "T23:59:59Z"
    attacks = truth.filter(pl.col("label") == "attack")
    assert sorted(set(attacks["id"])) == sorted(f"A{i}" for i in range(1, 12))
    assert sorted(set(truth.filter(pl.col("label") == "benign")["id"])) == [
        f"B{i}" for i in range(1, 10)
    ]
    for row in attacks.iter_rows(named=True):
        ids = row["event_ids"].split()
        got = events.filter(pl.col("event_id").is_in(ids))
        assert got.height == len(ids), row["id"]
        assert first <= row["start"] and row["end"] <= last, row["id"]  # on the scored days (UTC)
        if row["access_key_id"]:
            assert row["access_key_id"] in set(got["access_key_id"]), row["id"]
        if row["source_ip"]:
            assert row["source_ip"] in set(got["source_ip_address"]), row["id"]
    assert run["ingest"].exit_code == 0


def _target(run: dict[str, Any], prefix: str) -> tuple[bool, str]:
    found = [t for t in run["targets"] if t[1].startswith(prefix)]
    assert len(found) == 1, prefix
    return found[0]


# Measured at this scale on main 8083327 (blind, before any tuning): the attacks ueba misses.
MISSED = {
    "medium+: every attack found": "7/11 at CI scale: A3 (fork OIDC), A4 (support bulk secrets), "
    "A5 (KMS via a VPS console), A6 (outside Lambda layer) not found",
    "each attack at its expected severity": "A3, A4, A6 nothing (want medium+), A5 nothing (wants high+)",
}


@pytest.mark.parametrize(
    "prefix",
    [
        "medium+: every attack found",
        "medium+: <= 1 false finding",
        "medium+: 0 benign changes flagged",
        "any severity: <= 10 false findings",
        "any severity: <= 2 findings per incident",
        "cold start, the trail's first day",
        "cold start, the new account's first day",
        "cold start: the new account's node credentials",
        "each attack at its expected severity",
        "each benign change at most its allowed severity",
    ],
)
def test_issue8_targets(run: dict[str, Any], prefix: str, request: pytest.FixtureRequest) -> None:
    if prefix in MISSED:
        request.applymarker(pytest.mark.xfail(strict=True, reason=MISSED[prefix]))
    met, sentence = _target(run, prefix)
    assert met, sentence
