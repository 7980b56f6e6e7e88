"""The thirteenth held-out suite (the Ashgrove Institute, ``benchmarks/heldout13``) at CI scale:
the generator is independent of ``ueba`` and deterministic, its addresses are where they claim
to be, its truth matches its trail, and issue 8's targets are checked on the daily job. A target
``ueba`` misses here is a strict expected failure carrying the figure measured, never a rule
tuned to this suite (it was written without reading the rules)."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import gzip
import hashlib
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.heldout13 import generate
from benchmarks.heldout13._net import NETS, ec2_prefixes, threat_address

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "benchmarks" / "heldout13"
CI = {"seed": 1, "days": 8, "scored_days": 5, "scale": 0.12}


def records(out: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted((out / "AWSLogs").rglob("*.json.gz")):
        found += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return found


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Seed 1 at CI scale: generated, ingested, the daily job over its scored days, graded."""
    from benchmarks.eval_heldout13 import evaluate

    return evaluate(
        int(CI["seed"]),
        tmp_path_factory.mktemp("heldout13-run"),
        days=int(CI["days"]),
        scale=CI["scale"],
        scored_days=int(CI["scored_days"]),
        quiet=True,
    )


@pytest.fixture(scope="module")
def written(run: dict[str, Any]) -> Any:
    return run["written"]


def test_the_generator_imports_nothing_from_ueba_nor_other_suites() -> None:
    for path in sorted(SUITE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("ueba"), f"{path.name} imports {name}"
                if name.startswith("benchmarks"):
                    assert name.startswith("benchmarks.heldout13"), f"{path.name} imports {name}"


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    def digest(out: Path) -> dict[str, str]:
        return {
            str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    small = {"seed": 2, "days": 7, "scored_days": 5, "scale": 0.05}
    first, second = generate(tmp_path / "a", **small), generate(tmp_path / "b", **small)
    assert digest(first.out) == digest(second.out)


def test_another_seed_draws_another_trail(written: Any) -> None:
    with written.truth.open() as handle:
        keys = {r["access_key_id"] for r in csv.DictReader(handle) if r["access_key_id"]}
    other = generate(written.out.parent / "other", **{**CI, "seed": 2, "scale": 0.05})
    with other.truth.open() as handle:
        assert not keys & {r["access_key_id"] for r in csv.DictReader(handle)}


def test_outside_addresses_come_from_their_operators_blocks_and_not_from_aws() -> None:
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    feed = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in feed["prefixes"]]
    for name, net in NETS.items():
        block = ipaddress.ip_network(net.cidr)
        owner = table.filter(
            (pl.col("start") <= int(block.network_address))
            & (pl.col("end") >= int(block.broadcast_address))
        )
        assert net.asn in owner["asn"].to_list(), (
            f"{name} {net.cidr} is not AS{net.asn}'s in the bundled table"
        )
        assert not any(block.overlaps(a) for a in aws), f"{name} {net.cidr} overlaps an AWS range"
    assert ipaddress.ip_address(threat_address()) in ipaddress.ip_network(NETS["m247"].cidr)


def test_every_address_in_the_trail_is_planned(written: Any) -> None:
    planned = [ipaddress.ip_network(n.cidr) for n in NETS.values()]
    ec2 = [
        ipaddress.ip_network(p)
        for r in ("us-east-1", "us-west-2", "eu-west-2")
        for p in ec2_prefixes(r)
    ]
    for record in records(written.out):
        ip = record["sourceIPAddress"]
        if ip.endswith(".amazonaws.com"):
            continue
        address = ipaddress.ip_address(ip)
        assert any(address in n for n in planned + ec2), (
            f"{ip} ({record['eventName']}) is in no planned block"
        )


def test_truth_matches_the_trail(written: Any) -> None:
    trail = records(written.out)
    ids = {r["eventID"] for r in trail}
    keys = {r["userIdentity"].get("accessKeyId") for r in trail}
    principals = set()
    for r in trail:
        ident = r["userIdentity"]
        issuer = ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
        if issuer and "AWSReservedSSO_" in issuer:
            principals.add(ident["arn"])
        elif issuer:
            principals.add(issuer)
        elif ident.get("arn"):
            principals.add(ident["arn"])
    first, last = (
        dt.datetime.combine(written.scored[0], dt.time()),
        dt.datetime.combine(written.scored[-1], dt.time.max),
    )
    with written.truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows if r["label"] == "attack"} == {f"A{i}" for i in range(1, 12)}
    assert {r["id"] for r in rows if r["label"] == "benign"} == {f"B{i}" for i in range(1, 10)}
    for r in rows:
        assert set(r["event_ids"].split()) <= ids, r["id"]
        assert not r["access_key_id"] or r["access_key_id"] in keys, r["id"]
        assert not r["principal_arn"] or r["principal_arn"] in principals, (
            r["id"],
            r["principal_arn"],
        )
        start = dt.datetime.fromisoformat(r["start"].rstrip("Z"))
        assert first <= start <= last, r["id"]
        if r["label"] == "attack":
            assert (
                r["expected_min_severity"] in ("medium", "high") and not r["expected_max_severity"]
            )
        else:
            assert r["expected_max_severity"] == "low" and not r["expected_min_severity"]


# issue 8's targets in the order ``_suite_checks.standard_targets`` gives them; a target
# measured as missed at this scale is a strict xfail with its figure
TARGETS: list[tuple[str, str | None]] = [
    (
        "every attack at medium or above",
        "measured at CI scale (8 days, 3 of history): 9/11, A1 (LLMjacking with the CI key) nothing, "
        "A6 (data events removed from the head node) low",
    ),
    ("<= 1 false medium+ finding per 1,000 principal-days", None),
    ("no benign change at medium or above", None),
    ("<= 10 false findings per 1,000 principal-days at any severity", None),
    ("<= 2 findings per incident", None),
    ("cold start: the trail's first day <= 1 medium+ per 1,000 principals", None),
    ("cold start: the new lab account's first day <= 1 medium+ per 1,000 principals", None),
    ("cold start: the new lab's stolen workstation key medium+ with no history", None),
    (
        "each attack at its expected severity",
        "measured at CI scale: A1 nothing and A6 low where high is expected (A4, medium before, "
        "high or above since attack12, tuning on this suite)",
    ),
    ("each benign change at most low", None),
]


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, id=name, marks=[pytest.mark.xfail(strict=True, reason=why)] if why else [])
        for i, (name, why) in enumerate(TARGETS)
    ],
)
def test_issue_8_target(run: dict[str, Any], index: int) -> None:
    assert len(run["targets"]) == len(TARGETS)
    met, text = run["targets"][index]
    assert met, text
