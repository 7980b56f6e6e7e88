"""The seventeenth held-out suite (Tessellate AI, ``benchmarks/heldout17``) at CI scale: seed 1,
10 days with the last 5 scored, a small organisation in hourly delivery files. The generator
imports nothing from ``ueba``, writes the same bytes for the same seed, draws its addresses
from the blocks it names and the AWS ranges it means, and its truth points at the trail. Then
issue 8's targets: one the suite misses is a strict expected failure carrying the figure
measured, never a reason to tune a rule to this suite."""

from __future__ import annotations

import ast
import bisect
import gzip
import hashlib
import ipaddress
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.eval_heldout17 import evaluate
from benchmarks.heldout17 import Written, generate
from benchmarks.heldout17._net import ASN_TABLE, IP_RANGES, NETS, THREAT, ec2_prefixes

SUITE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout17"
CI = {"seed": 1, "days": 10, "scale": 0.06, "scored_days": 5, "delivery": 60}


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(SUITE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            assert not [n for n in names if n.split(".")[0] == "ueba"], (
                f"{path.name} imports {names}"
            )


@pytest.fixture(scope="module")
def small(graded: dict[str, Any]) -> Written:
    """The graded run's own trail (seed 1 at CI scale is not generated a second time)."""
    written: Written = graded["written"]
    return written


def records(written: Written) -> Iterator[dict[str, Any]]:
    for path in sorted(written.trail.rglob("*.json.gz")):
        yield from json.loads(gzip.decompress(path.read_bytes()))["Records"]


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes(small: Written, tmp_path: Path) -> None:
    again = generate(tmp_path / "trail", **CI)
    assert digests(again.root) == digests(small.root)
    assert again.events == small.events and small.events > 3000


def test_layout_and_shape(small: Written) -> None:
    files = list(small.trail.rglob("*.json.gz"))
    assert len(files) == small.files
    for path in files[:50]:
        account, _, region, *_ = path.relative_to(small.trail).parts
        assert path.name.startswith(f"{account}_CloudTrail_{region}_") and account in small.accounts
    accounts = {r["recipientAccountId"] for r in records(small)}
    assert accounts == set(small.accounts)
    assert small.new_account[0] == small.scored[2]


def _intervals(starts: list[int], ends: list[int], value: int) -> int | None:
    i = bisect.bisect_right(starts, value) - 1
    return i if i >= 0 and value <= ends[i] else None


def test_addresses_where_meant(small: Written) -> None:
    """Named networks lie inside a block the bundled ASN table gives their operator and outside
    every AWS range; every other address is in one of the EC2 prefixes the generator draws."""
    table = pl.read_parquet(ASN_TABLE).sort("start")
    starts, ends, asns = table["start"].to_list(), table["end"].to_list(), table["asn"].to_list()
    aws = sorted(
        (int(n.network_address), int(n.broadcast_address))
        for n in (
            ipaddress.ip_network(p["ip_prefix"])
            for p in json.loads(IP_RANGES.read_text())["prefixes"]
        )
    )
    aws_starts = [a for a, _ in aws]
    aws_reach = list(itertools.accumulate((b for _, b in aws), max))  # widest end so far

    def in_aws(first: int, last: int) -> bool:
        i = bisect.bisect_right(aws_starts, last) - 1
        return i >= 0 and aws_reach[i] >= first

    ec2 = [ipaddress.ip_network(p) for ps in ec2_prefixes().values() for p in ps]
    for name, net in NETS.items():
        block = ipaddress.ip_network(net.cidr)
        first = _intervals(starts, ends, int(block.network_address))
        last = _intervals(starts, ends, int(block.broadcast_address))
        assert first is not None and last is not None, name
        assert {asns[first], asns[last]} == {net.asn}, name
        assert not in_aws(int(block.network_address), int(block.broadcast_address)), name
    assert ipaddress.ip_address(THREAT) in ipaddress.ip_network(NETS["m247"].cidr)
    named = [ipaddress.ip_network(n.cidr) for n in NETS.values()]
    seen = {r["sourceIPAddress"] for r in records(small)}
    for text in seen:
        if not text[0].isdigit():
            assert text.endswith(".amazonaws.com"), text
            continue
        ip = ipaddress.ip_address(text)
        if any(ip in n for n in named):
            assert not in_aws(int(ip), int(ip)), text
        else:
            assert any(ip in n for n in ec2), text


def principal(identity: dict[str, Any]) -> str | None:
    """The principal as docs/enrichment-identity.md says ueba names it."""
    if identity.get("type") == "IAMUser":
        return str(identity["arn"])
    issuer = identity.get("sessionContext", {}).get("sessionIssuer", {})
    if identity.get("type") == "AssumedRole":
        role = issuer.get("userName", "")
        return str(identity["arn"]) if role.startswith("AWSReservedSSO_") else str(issuer["arn"])
    return None


def test_truth_points_at_the_trail(small: Written) -> None:
    from ueba.evaluation import read_truth

    truth = read_truth(small.truth)
    raw = pl.read_csv(small.truth, infer_schema=False)
    assert set(raw.filter(pl.col("label") == "attack")["expected_min_severity"]) <= {
        "medium",
        "high",
    }
    assert set(raw.filter(pl.col("label") == "benign")["expected_max_severity"]) == {"low"}
    assert raw.filter(pl.col("label") == "attack")["id"].n_unique() >= 8
    assert raw.filter(pl.col("label") == "benign")["id"].n_unique() >= 8
    events = list(records(small))
    by_id = {r["eventID"]: r for r in events}
    for row in truth.iter_rows(named=True):
        start, end = (
            row["start"].strftime("%Y-%m-%dT%H:%M:%SZ"),
            row["end"].strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for event_id in row["event_ids"] or []:
            assert event_id in by_id, (row["id"], event_id)
            assert start[:10] <= by_id[event_id]["eventTime"][:10] <= end[:10], row["id"]
        if row["access_key_id"]:
            hits = [
                r
                for r in events
                if r["userIdentity"].get("accessKeyId") == row["access_key_id"]
                and r["sourceIPAddress"] in row["source_ips"]
                and start <= r["eventTime"] <= end
            ]
            assert hits, row["id"]
        if row["principal_arn"] and not row["access_key_id"]:
            hits = [
                r
                for r in events
                if principal(r["userIdentity"]) == row["principal_arn"]
                and start <= r["eventTime"] <= end
            ]
            assert hits, (row["id"], row["principal_arn"])
    # the cold-start theft happens in the new account on its first day
    a9 = raw.filter((pl.col("id") == "A9") & (pl.col("event_ids") != ""))["event_ids"][0].split()
    assert {by_id[e]["recipientAccountId"] for e in a9} == {small.new_account[1]}
    assert {by_id[e]["eventTime"][:10] for e in a9} == {str(small.new_account[0])}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    seed, days, scale, scored, delivery = CI.values()
    return evaluate(
        int(seed),
        tmp_path_factory.mktemp("h17run"),
        days=int(days),
        scale=float(scale),
        scored_days=int(scored),
        quiet=True,
        delivery=int(delivery),
    )


TARGETS = (
    "medium+: every attack found",
    "medium+: <= 1 false finding per 1,000 principal-days",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings per 1,000 principal-days",
    "any severity: <= 2 findings per incident",
    "cold start, the trail's first day",
    "cold start, the new account's first day",
    "cold start: the new account's agent Lambda key",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
)
# measured at this scale on main fadf1fe (the suite's base), 2026-12-05: the tree misses these
MISSED: dict[int, str] = {
    0: "medium+: 6/9 attacks found at CI scale (A1 nothing, A2 low, A8 nothing)",
    8: "below expected severity at CI scale: A1 nothing (wants high), A2 low, A8 nothing (want medium)",
}


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=MISSED[i]))
        if i in MISSED
        else i
        for i in range(len(TARGETS))
    ],
    ids=[f"{i}-{t}" for i, t in enumerate(TARGETS)],
)
def test_target(graded: dict[str, Any], index: int) -> None:
    met, sentence = graded["targets"][index]
    assert sentence.startswith(TARGETS[index][:24]), sentence
    assert met, sentence
