"""The eighteenth held-out suite (Fjällmark Mutual) at CI scale: the generator is independent of
``ueba`` and deterministic, its addresses are where the story says, its truth matches its trail,
and issue 8's targets are checked on one small seed. A target ``ueba`` misses is a strict
expected failure carrying the figure measured, never a reason to tune a rule to this suite."""

from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.heldout18 import _net, generate

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "benchmarks" / "heldout18"
CI = {"seed": 1, "days": 10, "scale": 0.1, "scored_days": 5, "delivery_minutes": 60}


def records(out: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(out.glob("AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz")):
        rows += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return rows


@pytest.fixture(scope="module")
def small(graded: dict[str, Any]) -> Any:
    """The graded run's own trail (seed 1 at CI scale is not generated a second time)."""
    return graded["written"]


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(SUITE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n == "ueba" or n.startswith("ueba.")], path.name


def test_deterministic_per_seed(tmp_path: Path) -> None:
    def digest(out: Path) -> str:
        h = hashlib.sha256()
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(out)).encode() + path.read_bytes())
        return h.hexdigest()

    args = {"days": 8, "scale": 0.05, "scored_days": 5, "delivery_minutes": 60}
    one = generate(tmp_path / "a", seed=7, **args)
    two = generate(tmp_path / "b", seed=7, **args)
    generate(tmp_path / "c", seed=8, **args)
    assert one.events == two.events and digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")


def test_addresses_where_the_story_puts_them(small: Any) -> None:
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    feed = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in feed["prefixes"]]
    ec2 = [ipaddress.ip_network(p["ip_prefix"]) for p in feed["prefixes"] if p["service"] == "EC2"]
    for name, net in _net.NETS.items():
        block = ipaddress.ip_network(net.cidr)
        first, last = int(block[0]), int(block[-1])
        owner = table.filter((pl.col("start") <= first) & (pl.col("end") >= last))
        assert owner["asn"].to_list() == [net.asn], name  # inside one block of that operator
        assert not any(block.overlaps(p) for p in aws), name  # and outside every AWS range
    seen = {r["sourceIPAddress"] for r in records(small.out)}
    public = {ip for ip in seen if ip[0].isdigit() and not ipaddress.ip_address(ip).is_private}
    ours = [ipaddress.ip_network(n.cidr) for n in _net.NETS.values()]
    for ip in public:
        address = ipaddress.ip_address(ip)
        assert any(address in n for n in ours) or any(address in p for p in ec2), ip
    assert {ip for ip in seen if ip[0].isdigit() and ipaddress.ip_address(ip).is_private}


def test_truth_matches_the_trail(small: Any) -> None:
    rows = records(small.out)
    ids = [r["eventID"] for r in rows]
    assert len(ids) == len(set(ids)) == small.events
    keys = {r["userIdentity"].get("accessKeyId") for r in rows}
    principals = set()
    for r in rows:
        who = r["userIdentity"]
        if who.get("type") == "AssumedRole":
            issuer = who["sessionContext"]["sessionIssuer"]["arn"]
            principals.add(who["arn"] if "AWSReservedSSO" in issuer else issuer)
        elif who.get("arn"):
            principals.add(who["arn"])
    truth = list(csv.DictReader(small.truth.open()))
    assert {r["id"] for r in truth if r["label"] == "attack"} == {f"A{i}" for i in range(1, 12)}
    assert {r["id"] for r in truth if r["label"] == "benign"} == {f"B{i}" for i in range(1, 12)}
    first = str(small.scored[0])
    for r in truth:
        assert r["start"] >= first, r["id"]
        assert set(r["event_ids"].split()) <= set(ids), r["id"]
        if r["access_key_id"]:
            assert r["access_key_id"] in keys, r["id"]
        if r["label"] == "attack":
            assert r["expected_min_severity"] in ("medium", "high") and r["event_ids"], r["id"]
        else:
            assert r["expected_max_severity"] == "low", r["id"]
    for incident in {r["id"] for r in truth if r["label"] == "benign"}:
        named = {r["principal_arn"] for r in truth if r["id"] == incident}
        assert named & principals, incident
    accounts = {
        r["recipientAccountId"]: r["eventTime"]
        for r in sorted(rows, key=lambda r: r["eventTime"])[::-1]
    }
    assert accounts[small.new_account] >= str(small.new_account_day)  # nothing before it joins


# issue 8's targets in the order ``_suite_checks.standard_targets`` gives them
TARGETS = (
    "every attack at medium or above",
    "false medium+ per 1,000 principal-days",
    "no benign change at medium or above",
    "false findings per 1,000 principal-days",
    "findings per incident",
    "cold start: the trail's first day",
    "cold start: the new account's first day",
    "cold start: stolen instance key",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
)
# what ueba measured at CI scale when the suite was written (seed 1, 10 days, scale 0.1);
# never a reason to tune a rule to this suite
MISSED: dict[str, str] = {
    "every attack at medium or above": "9/11 attacks at medium+ at CI scale (A9 nothing, A10 low; "
    "tune17); 11/11 on each full-scale seed since tune17 (A9 medium)",
    "each attack at its expected severity": "below: A10 low, A3 medium, A9 nothing (wanted medium, "
    "high, medium) at CI scale (tune17: A7 now meets high); met on each full-scale seed since tune17",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from benchmarks.eval_heldout18 import evaluate

    work = tmp_path_factory.mktemp("h18-run")
    return evaluate(
        CI["seed"],
        work,
        days=CI["days"],
        scale=CI["scale"],
        scored_days=CI["scored_days"],
        quiet=True,
        delivery_minutes=CI["delivery_minutes"],
    )


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(
            i,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=MISSED[name])] if name in MISSED else [],
        )
        for i, name in enumerate(TARGETS)
    ],
)
def test_issue8_target(graded: dict[str, Any], index: int) -> None:
    assert len(graded["targets"]) == len(TARGETS)
    met, sentence = graded["targets"][index]
    assert met, sentence
