"""The sixteenth held-out suite (Salish Metro Transit) at CI scale: the generator stays
independent of ``ueba``, is deterministic, draws its addresses where it says, its truth matches
its trail, and issue 8's targets are checked on one small seed. A target ``ueba`` misses here is
a strict expected failure carrying the figure measured, never a reason to tune a rule to it."""

from __future__ import annotations

import ast
import datetime as dt
import gzip
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

pytest.importorskip("mmdb_writer")

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "benchmarks" / "heldout16"
DAYS, SCALE = 8, 0.15  # three days of history, the five scored days


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from benchmarks.eval_heldout16 import evaluate

    return evaluate(1, tmp_path_factory.mktemp("heldout16"), days=DAYS, scale=SCALE, quiet=True)


def records(trail: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(trail.rglob("*.json.gz")):
        out += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return out


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n == "ueba" or n.startswith("ueba.")], path.name


def test_the_same_seed_gives_the_same_trail_and_truth() -> None:
    from benchmarks.heldout16 import build

    first, truth = build(3, days=7, scale=0.1)
    again, truth_again = build(3, days=7, scale=0.1)
    assert [r[3] for r in first.records] == [r[3] for r in again.records]
    assert truth == truth_again
    other, _ = build(4, days=7, scale=0.1)
    assert [r[3]["eventID"] for r in other.records[:50]] != [
        r[3]["eventID"] for r in first.records[:50]
    ]


def test_addresses_come_from_the_operators_blocks_and_aws_where_meant() -> None:
    from benchmarks.heldout16.plan import AWS_PREFIXES, NETWORKS

    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    feed = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())["prefixes"]
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in feed]
    for name, net in NETWORKS.items():
        block = ipaddress.ip_network(net.cidr)
        first, last = int(block.network_address), int(block.broadcast_address)
        owner = table.filter((pl.col("start") <= first) & (pl.col("end") >= last))
        assert owner.height == 1, name
        assert owner["asn"][0] == net.asn and owner["as_org"][0] == net.org, name
        assert not any(block.overlaps(p) for p in aws), f"{name} is inside an AWS range"
    for region, prefixes in AWS_PREFIXES.items():
        ec2 = {p["ip_prefix"] for p in feed if p["service"] == "EC2" and p["region"] == region}
        assert set(prefixes) <= ec2, region


def test_truth_matches_the_trail(run: dict[str, Any]) -> None:
    written = run["written"]
    trail = records(written.trail)
    by_id = {r["eventID"]: r for r in trail}
    truth = pl.read_csv(written.truth, infer_schema=False)
    assert set(truth["label"]) == {"attack", "benign"}
    assert truth.filter(pl.col("label") == "attack")["id"].n_unique() == 11
    assert truth.filter(pl.col("label") == "benign")["id"].n_unique() == 10
    for row in truth.filter(pl.col("label") == "attack").iter_rows(named=True):
        ids = row["event_ids"].split()
        assert ids and all(i in by_id for i in ids), row["id"]
        keys = {by_id[i]["userIdentity"].get("accessKeyId") for i in ids}
        ips = {by_id[i]["sourceIPAddress"] for i in ids}
        assert row["access_key_id"] in keys | {
            (by_id[i].get("responseElements") or {}).get("credentials", {}).get("accessKeyId")
            for i in ids
        }, row["id"]
        assert row["source_ip"] in ips, row["id"]
        assert row["expected_min_severity"] in ("medium", "high"), row["id"]
    seen = {
        (
            r["userIdentity"].get("sessionContext", {}).get("sessionIssuer", {}).get("arn"),
            r["eventTime"],
        )
        for r in trail
    } | {(r["userIdentity"].get("arn"), r["eventTime"]) for r in trail}
    for row in truth.filter(pl.col("label") == "benign").iter_rows(named=True):
        assert row["expected_max_severity"] == "low"
        within = [
            t for arn, t in seen if arn == row["principal_arn"] and row["start"] <= t <= row["end"]
        ]
        assert within, (row["id"], row["principal_arn"])
    # the stopped trail (A4): the fare account logs nothing from StopLogging until the MSP's
    # on-call engineer comes back 90 minutes later (his AssumeRole is logged 40 s before his
    # StartLogging, a slip of the generator left as it was measured)
    from benchmarks.heldout16.plan import local

    stop = next(r["eventTime"] for r in trail if r["eventName"] == "StopLogging")
    resume = local(dt.date(2026, 12, 4), 1.6).strftime("%Y-%m-%dT%H:%M:%SZ")
    fare = [r["eventTime"] for r in trail if r["recipientAccountId"] == "536480917253"]
    assert not [t for t in fare if stop < t < resume]
    assert any(t >= resume for t in fare)


# Measured at this scale on the base the suite was written on (see benchmarks/results/heldout16.md).
MISSED = {
    # at this scale (three days of history): 9/11 on main fadf1fe and fba56a1; A6 (Run
    # Command from a planner's console) is medium since attack12; at full scale 11/11
    "every attack found": "9/11 at medium+: A2 and A3 raise nothing with three days of history",
    "each attack at its expected severity": "A2 nothing, A3 nothing (want medium+)",
}
TARGETS = [
    "every attack found",
    "<= 1 false finding per 1,000",
    "0 benign changes flagged",
    "any severity: <= 10 false findings",
    "<= 2 findings per incident",
    "the trail's first day",
    "the new account's first day",
    "stolen instance key (A11) medium+",
    "each attack at its expected severity",
    "each benign change at most",
]


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=MISSED[t]))
        if t in MISSED
        else t
        for t in TARGETS
    ],
)
def test_issue_8_target(run: dict[str, Any], target: str) -> None:
    matching = [(met, text) for met, text in run["targets"] if target in text]
    assert len(matching) == 1, [text for _, text in run["targets"]]
    met, text = matching[0]
    assert met, text
