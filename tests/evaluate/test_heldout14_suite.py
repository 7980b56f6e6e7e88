"""The fourteenth held-out suite (Jabuti Market, ``benchmarks/heldout14``) at CI scale: its
independence from ``ueba``, determinism, address plan and truth, and issue 8's targets.

The suite was written without reading the rules; a target ``ueba`` misses here is a strict
expected failure carrying the figure measured, never a reason to tune a rule to this suite.
"""

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

from benchmarks import eval_heldout14 as runner
from benchmarks.heldout14 import generate
from benchmarks.heldout14._plan import BLOCKS

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "benchmarks" / "heldout14"
DAYS, SCALE = 9, 0.1  # four days of history, five scored; about 20,000 events


def _records(out: Path) -> list[dict[str, Any]]:
    records = []
    for path in sorted(out.glob("AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz")):
        records += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return records


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout14")
    return runner.evaluate(1, work, days=DAYS, scale=SCALE, scored_days=5, quiet=True)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate(tmp_path_factory.mktemp("small") / "a", 2, days=8, scale=0.05)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(SUITE.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] != "ueba", f"{path.name} imports {name}"
                assert not name.startswith("benchmarks.") or name.startswith(
                    "benchmarks.heldout14"
                ), f"{path.name} imports {name}"


def _digest(out: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(out)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def test_same_seed_same_bytes(small: Any, tmp_path: Path) -> None:
    again = generate(tmp_path / "b", 2, days=8, scale=0.05)
    assert again.events == small.events and again.files == small.files
    assert _digest(small.out) == _digest(again.out)


def test_blocks_belong_to_their_operators_and_lie_outside_aws() -> None:
    import ueba

    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    for block in BLOCKS.values():
        net = ipaddress.ip_network(block.cidr)
        first, last = int(net.network_address), int(net.broadcast_address)
        owner = table.filter((pl.col("start") <= first) & (pl.col("end") >= last))
        assert owner.height == 1, block.name
        assert owner["asn"][0] == block.asn and owner["as_org"][0] == block.org, block.name
    ranges = ueba.AwsIpRanges.bundled()
    edges = [
        str(ip)
        for b in BLOCKS.values()
        for ip in (ipaddress.ip_network(b.cidr)[1], ipaddress.ip_network(b.cidr)[-2])
    ]
    assert ranges.match_ips(edges)["aws_service"].null_count() == len(edges)


def test_addresses_are_where_they_are_meant_to_be(small: Any) -> None:
    import ueba

    nets = [ipaddress.ip_network(b.cidr) for b in BLOCKS.values()]
    ips = sorted(
        {r["sourceIPAddress"] for r in _records(small.out) if r["sourceIPAddress"][0].isdigit()}
    )
    matched = ueba.AwsIpRanges.bundled().match_ips(ips)
    aws = set(matched.filter(pl.col("aws_service") == "EC2")["ip"].to_list())
    for ip in ips:
        address = ipaddress.ip_address(ip)
        in_block = any(address in n for n in nets)
        assert in_block or ip in aws or address.is_private, ip
        assert not (in_block and ip in aws), ip


def test_truth_matches_the_trail(small: Any) -> None:
    records = _records(small.out)
    ids = {r["eventID"] for r in records}
    assert len(ids) == len(records)
    used: dict[str, set[str]] = {}
    for r in records:
        key = r["userIdentity"].get("accessKeyId")
        if key:
            used.setdefault(key, set()).add(r["sourceIPAddress"])
    rows = list(csv.DictReader((small.out / "truth.csv").open()))
    assert {r["id"] for r in rows} == {f"A{i}" for i in range(1, 11)} | {
        f"B{i}" for i in range(1, 10)
    }
    for row in rows:
        assert set(row["event_ids"].split()) <= ids, row["id"]
        if row["access_key_id"]:
            assert set(row["source_ip"].split()) <= used[row["access_key_id"]], row["id"]
        wanted = (
            row["expected_min_severity"]
            if row["label"] == "attack"
            else row["expected_max_severity"]
        )
        assert wanted in ("low", "medium", "high"), row["id"]
    assert small.new_account[1] in small.accounts
    first = min(r["eventTime"] for r in records if r["recipientAccountId"] == small.new_account[1])
    assert first[:10] == str(small.new_account[0])
    assert small.threat.read_text().split()[0] in {r["sourceIPAddress"] for r in records}


def _target(run: dict[str, Any], prefix: str) -> tuple[bool, str]:
    found = [t for t in run["targets"] if t[1].startswith(prefix)]
    assert len(found) == 1, prefix
    return found[0]


TARGETS = [
    (
        "medium+: every attack found",
        "9/10 at CI scale (A3 nothing); 10/10 on all three seeds at full scale (A10 medium since "
        "attack12, tuning on this suite)",
    ),
    ("medium+: <= 1 false finding", None),
    ("medium+: 0 benign changes flagged", None),
    ("any severity: <= 10 false findings", None),
    ("any severity: <= 2 findings per incident", None),
    ("cold start, the trail's first day", None),
    ("cold start, the new account's first day", None),
    ("cold start: the pix task's key", None),
    (
        "each attack at its expected severity",
        "CI scale: A1, A4, A7 medium (want high), A3 nothing; full scale: met on all three seeds "
        "(attack12, tuning on this suite)",
    ),
    ("each benign change at most", None),
]


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=why)) if why else p
        for p, why in TARGETS
    ],
)
def test_target(run: dict[str, Any], prefix: str) -> None:
    met, sentence = _target(run, prefix)
    assert met, sentence
