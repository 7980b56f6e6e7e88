"""The twenty-first held-out suite (Koorak Minerals) at CI scale: one graded run of seed 1 (8
days, the last 5 scored, scale 0.05), the generator's independence from ``ueba``, its
determinism, its addresses, its truth against its own trail, and issue 8's targets. A target
``ueba`` misses here is a strict expected failure quoting the figure measured at this scale,
never a reason to tune a rule (the suite was written blind: docs/evaluation.md)."""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks import eval_heldout21
from benchmarks.heldout21 import generate
from benchmarks.heldout21._net import AWS, BLOCKS
from tests.evaluate._suite_ci import assert_regenerates, trail_records

ROOT = Path(__file__).resolve().parents[2]
DAYS, SCALE = 8, 0.05


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout21")
    return eval_heldout21.evaluate(1, work, days=DAYS, scale=SCALE, quiet=True)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout21").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path


def test_same_seed_same_bytes(run: dict[str, Any], tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed=seed, days=DAYS, scale=SCALE)
        return [w.trail, w.truth]

    w = run["written"]
    assert_regenerates(write, [w.trail, w.truth], tmp_path)


def test_ingest_quarantines_nothing(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0


def test_layout_is_s3_delivery(run: dict[str, Any]) -> None:
    files = sorted(run["written"].trail.rglob("*.json.gz"))
    assert len(files) == run["written"].files
    for path in files[:: max(1, len(files) // 50)]:
        parts = path.relative_to(run["written"].root).parts
        assert parts[0] == "AWSLogs" and parts[2] == "CloudTrail", parts
        assert path.name.startswith(f"{parts[1]}_CloudTrail_{parts[3]}_")


def _networks() -> tuple[list[tuple[str, Any]], list[Any]]:
    feed = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in feed["prefixes"]]
    ec2 = [
        (p["region"], ipaddress.ip_network(p["ip_prefix"]))
        for p in feed["prefixes"]
        if p["service"] == "EC2"
    ]
    return ec2, aws


def test_blocks_belong_to_their_operators_and_not_to_aws() -> None:
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    _, aws = _networks()
    for name, block in BLOCKS.items():
        net = ipaddress.ip_network(block.cidr)
        lo, hi = int(net[0]), int(net[-1])
        owner = table.filter((pl.col("start") <= lo) & (pl.col("end") >= hi))
        assert owner["asn"].to_list() == [block.asn], (name, owner)
        assert not any(net.overlaps(a) for a in aws), name


def test_aws_prefixes_are_ec2_of_their_region() -> None:
    ec2, _ = _networks()
    for name, cidr in AWS.items():
        region = name.removesuffix("b")
        assert (region, ipaddress.ip_network(cidr)) in ec2, name


def test_every_address_is_aws_or_a_listed_block(records: list[dict[str, Any]]) -> None:
    nets = [ipaddress.ip_network(b.cidr) for b in BLOCKS.values()]
    nets += [ipaddress.ip_network(c) for c in AWS.values()]
    seen = {r["sourceIPAddress"] for r in records}
    for ip in seen:
        if ip.endswith("amazonaws.com"):
            continue
        address = ipaddress.ip_address(ip)
        assert any(address in n for n in nets), ip


def _stamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _hit(
    r: dict[str, Any], row: dict[str, str], ips: set[str], start: dt.datetime, end: dt.datetime
) -> bool:
    """The record is evidence of the row: its key (or else its principal), an address of the
    row's if it names any, inside its window."""
    who = r["userIdentity"]
    issuer = who.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
    named = row["principal_arn"] in (who.get("arn"), issuer)
    keyed = row["access_key_id"] == who.get("accessKeyId")
    return (
        (keyed if row["access_key_id"] else named)
        and (not ips or r["sourceIPAddress"] in ips)
        and start <= _stamp(r["eventTime"]) <= end
    )


def test_truth_matches_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    truth = pl.read_csv(run["written"].truth, infer_schema=False).fill_null("")
    by_id = {r["eventID"]: r for r in records}
    assert {"attack", "benign"} == set(truth["label"])
    assert truth.filter(pl.col("label") == "attack")["id"].n_unique() == 10
    assert truth.filter(pl.col("label") == "benign")["id"].n_unique() == 11
    for row in truth.iter_rows(named=True):
        start, end = _stamp(row["start"]), _stamp(row["end"])
        ips = set(row["source_ip"].split())
        if row["event_ids"]:
            for event in row["event_ids"].split():
                assert event in by_id, (row["id"], event)
                assert start <= _stamp(by_id[event]["eventTime"]) <= end, row["id"]
            continue

        assert any(_hit(r, row, ips, start, end) for r in records), row["id"]


TARGETS = [
    "medium+: every attack found",
    "medium+: <= 1 false finding per 1,000 principal-days",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings per 1,000 principal-days",
    "any severity: <= 2 findings per incident",
    "cold start, the trail's first day",
    "cold start, the new account's first day",
    "cold start: the new account's instance key",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
]
# measured at this scale (seed 1, 8 days, scale 0.05), see benchmarks/results/heldout21.md
# (with three days of history, before the full measure's 19): the baselines are young
MISSED: dict[int, str] = {
    0: "6/10 attacks at medium+ at CI scale (A1 low; A4, A6, A10 nothing)",
    8: "below: A1 low, A3 medium (wants high), A4, A6, A10 nothing at CI scale",
}


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=MISSED[i]))
        if i in MISSED
        else i
        for i in range(len(TARGETS))
    ],
    ids=TARGETS,
)
def test_target(run: dict[str, Any], index: int) -> None:
    met, sentence = run["targets"][index]
    assert sentence.startswith(TARGETS[index]), sentence
    assert met, sentence
