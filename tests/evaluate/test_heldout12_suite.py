"""The twelfth held-out suite (``benchmarks/heldout12``, Borealis Grid) at CI scale: seed 1,
10 days (the last 5 scored), scale 0.1 (every graded figure the same as at 0.3, measured).
Written without reading the rules; a target ``ueba`` misses here is a strict expected failure
carrying the figure measured, never a tuned rule."""

from __future__ import annotations

import ast
import gzip
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.heldout12 import _org, generate
from tests.evaluate._suite_ci import assert_regenerates

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "benchmarks" / "heldout12"
DATA = ROOT / "ueba" / "data"


def records(root: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted((root / "AWSLogs").rglob("*.json.gz")):
        out += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return out


@pytest.fixture(scope="module")
def small(run: dict[str, Any]) -> tuple[Any, list[dict[str, Any]]]:
    """The graded run's own trail (no second generation of seed 1)."""
    written = run["written"]
    return written, records(written.root)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from benchmarks.eval_heldout12 import evaluate

    return evaluate(
        1, tmp_path_factory.mktemp("h12run"), days=10, scale=0.1, scored_days=5, quiet=True
    )


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in SUITE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path.name


def test_same_seed_same_bytes_other_seed_other_trail(run: dict[str, Any], tmp_path: Path) -> None:
    # the graded seed written once more at the graded run's days and scale (10 days, the
    # generator's least, are its floor: a slice at scale 0.05 cost more than this, three times)
    def write(out: Path, seed: int) -> list[Path]:
        return [generate(out, seed, days=10, scale=0.1, scored_days=5).root]

    assert_regenerates(write, [run["written"].root], tmp_path)


def _blocks() -> tuple[
    pl.DataFrame, list[ipaddress.IPv4Network], dict[str, list[ipaddress.IPv4Network]]
]:
    table = pl.read_parquet(DATA / "asn-ipv4.parquet")
    feed = json.loads((DATA / "ip-ranges.json").read_text())["prefixes"]
    every = [ipaddress.ip_network(p["ip_prefix"]) for p in feed]
    ec2: dict[str, list[ipaddress.IPv4Network]] = {}
    for p in feed:
        if p["service"] == "EC2":
            ec2.setdefault(p["region"], []).append(ipaddress.ip_network(p["ip_prefix"]))
    return table, every, ec2


def test_networks_sit_in_their_operators_blocks_and_outside_aws() -> None:
    table, every, ec2 = _blocks()
    for net in _org.NETS.values():
        block = ipaddress.ip_network(net.block)
        first, last = int(block.network_address), int(block.broadcast_address)
        owner = table.filter((pl.col("start") <= first) & (pl.col("end") >= last))
        assert owner["asn"].to_list() == [net.asn], net.name
        assert not any(block.overlaps(p) for p in every), net.name
    for region, blocks in _org.AWS_BLOCKS.items():
        for b in blocks:
            assert ipaddress.ip_network(b) in ec2[region]
    assert any(ipaddress.ip_address(_org.WORKSPACES_NAT) in p for p in ec2[_org.CA])


def test_every_address_in_the_trail_is_planned(small: tuple[Any, list[dict[str, Any]]]) -> None:
    _, recs = small
    planned = [ipaddress.ip_network(n.block) for n in _org.NETS.values()]
    planned += [ipaddress.ip_network(b) for bs in _org.AWS_BLOCKS.values() for b in bs]
    for ip in {r["sourceIPAddress"] for r in recs}:
        if ip.endswith(".amazonaws.com"):
            continue
        assert any(ipaddress.ip_address(ip) in n for n in planned), ip


def test_truth_names_what_the_trail_holds(small: tuple[Any, list[dict[str, Any]]]) -> None:
    written, recs = small
    by_id = {r["eventID"]: r for r in recs}
    truth = pl.read_csv(written.truth, infer_schema=False)
    assert set(truth["id"]) == {f"A{i}" for i in range(1, 11)} | {f"B{i}" for i in range(1, 9)}
    for row in truth.filter(pl.col("label") == "attack").iter_rows(named=True):
        events = [by_id[e] for e in row["event_ids"].split()]
        ips = set(row["source_ip"].split())
        used = [e for e in events if e["userIdentity"].get("accessKeyId") == row["access_key_id"]]
        assert used and {e["sourceIPAddress"] for e in used} <= ips, row["id"]
        assert row["expected_min_severity"] in ("medium", "high")
        assert written.scored[0].isoformat() <= row["start"][:10] <= written.scored[-1].isoformat()
    for row in truth.filter(pl.col("label") == "benign").iter_rows(named=True):
        assert row["expected_max_severity"] == "low"
        arn = row["principal_arn"]

        def names(r: dict[str, Any], arn: str = arn) -> bool:
            ident = r["userIdentity"]
            issuer = ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
            return issuer == arn or f"saml:{ident.get('principalId')}" == arn

        inside = [r for r in recs if names(r) and row["start"] <= r["eventTime"] <= row["end"]]
        assert inside, (row["id"], arn)


def test_the_new_account_starts_on_the_first_scored_day(
    small: tuple[Any, list[dict[str, Any]]],
) -> None:
    written, recs = small
    days = sorted(
        {r["eventTime"][:10] for r in recs if r["recipientAccountId"] == written.new_account}
    )
    assert days[0] == written.scored[0].isoformat()


MISSED = {
    # measured at this scale on main 50976eb (blind: 8/10, A3 too; see results/heldout12.md)
    "medium+: every attack found": "9/10 at CI scale: A2 (leaked outage-map key, historian copied from OVH) raises nothing",
    "each attack at its expected severity": "A2 raises nothing at CI scale (wants medium+)",
}
TARGETS = (
    "medium+: every attack found",
    "medium+: <= 1 false finding",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings",
    "any severity: <= 2 findings per incident",
    "cold start, the trail's first day",
    "cold start, the new account's first day",
    "cold start: the new account's stolen instance credentials",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
)


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=MISSED[t]))
        if t in MISSED
        else t
        for t in TARGETS
    ],
)
def test_target(run: dict[str, Any], target: str) -> None:
    found = [(met, text) for met, text in run["targets"] if text.startswith(target)]
    assert len(found) == 1, run["targets"]
    met, text = found[0]
    assert met, text
