"""The twenty-fifth held-out suite (Ipê Agrodata, written blind) at CI scale: one graded run of
seed 1 (``benchmarks/eval_heldout25.py``'s ``evaluate``) that every test reads, the generator's
independence from ``ueba``, determinism on a slice, the GeoIP files and the truth against the
trail, and issue 8's targets (each one missed at this scale a strict expected failure quoting
the figure measured here). Shaped as ``tests/evaluate/_suite_ci.py`` says."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import ipaddress
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _suite_ci import assert_same_seed_same_bytes, trail_records  # noqa: E402

from benchmarks.eval_heldout25 import evaluate  # noqa: E402
from benchmarks.heldout25 import write  # noqa: E402
from benchmarks.heldout25._net import AWS_NETS, NETS  # noqa: E402

# CI scale: four days (two of history), the five scored days' incidents folded onto the last
# two (the cooperative account joins, and its key is stolen, on the first of them)
CI = {"days": 4, "scored_days": 2, "scale": 0.1}
# targets missed at CI scale (index in the run's targets -> the figure measured here)
# (measured 2026-12-06, seed 1 at CI scale, main c093e15's rules; the full-scale figures are in
# benchmarks/results/heldout25.md)
MISSED: dict[int, str] = {
    0: "medium+: every attack found (5/10 at CI scale: A1 low, A2, A3, A6 and A8 nothing, with two "
    "days of history; 10/10 at full scale since tune24, 9/10 before it, A6 low)",
    8: "each attack at its expected severity (below at CI scale: A1 low, A2 nothing, A3 nothing, "
    "A4 medium (wants high+), A6 nothing, A8 nothing; at full scale every attack met since tune24)",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(1, tmp_path_factory.mktemp("heldout25"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout25").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    def slice_(out: Path, seed: int) -> Sequence[Path]:
        w = write(out, seed, days=3, scale=0.05, scored_days=2)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(slice_, tmp_path)


def test_ingest_quarantines_nothing_and_layout(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0
    w = run["written"]
    files = sorted(w.trail.rglob("*.json.gz"))
    assert len(files) == w.files
    for path in files[:50]:
        account, _, region, y, m, d, name = path.relative_to(w.trail).parts
        assert name.startswith(f"{account}_CloudTrail_{region}_{y}{m}{d}T")
        assert account in w.accounts


def test_blocks_belong_to_their_operators() -> None:
    """Each public block is inside a range the bundled IP-to-ASN table gives its operator, each
    AWS block inside an EC2 prefix of its region in the bundled ip-ranges.json."""
    import ueba

    hosts = [n.host(7) for n in NETS.values()]
    found = ueba.AsnTable.bundled().lookup_ips(hosts).select("asn").to_series().to_list()
    assert found == [n.asn for n in NETS.values()]
    feed = json.loads((ROOT / "data" / "ip-ranges.json").read_text())
    for net in AWS_NETS.values():
        region = net.name.removesuffix("b")
        ec2 = [
            ipaddress.ip_network(p["ip_prefix"])
            for p in feed["prefixes"]
            if p["service"] == "EC2" and p["region"] == region
        ]
        assert any(ipaddress.ip_network(net.cidr).subnet_of(p) for p in ec2), net


def test_geo_covers_every_address(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    import maxminddb

    w = run["written"]
    addresses = set()
    for r in records:
        try:
            addresses.add(ipaddress.ip_address(r["sourceIPAddress"]))
        except ValueError:
            assert r["sourceIPAddress"].endswith(".amazonaws.com"), r["sourceIPAddress"]
    assert addresses
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        for ip in addresses:
            assert asn.get(str(ip)) is not None and city.get(str(ip)) is not None, ip


def test_truth_rows_match_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    w = run["written"]
    by_id = {r["eventID"]: r for r in records}
    keys = {r["userIdentity"].get("accessKeyId") for r in records}
    ips = {r["sourceIPAddress"] for r in records}
    rows = list(csv.DictReader(w.truth.open()))
    assert {r["id"] for r in rows if r["label"] == "attack"} >= {f"A{i}" for i in range(1, 11)}
    assert {r["id"] for r in rows if r["label"] == "benign"} >= {f"B{i}" for i in range(1, 12)}
    scored = {str(d) for d in w.scored}
    for row in rows:
        assert row["start"][:10] in scored, row["id"]
        if row["access_key_id"]:
            assert row["access_key_id"] in keys, row["id"]
        for ip in row["source_ip"].split():
            assert ip in ips, (row["id"], ip)
        for event in row["event_ids"].split():
            stamp = by_id[event]["eventTime"]
            assert row["start"] <= stamp <= row["end"], (row["id"], event)
            if row["label"] == "attack" and row["access_key_id"]:
                ident = by_id[event]["userIdentity"]
                assert ident.get("accessKeyId") in (None, row["access_key_id"]), row["id"]
        if row["label"] == "attack":
            assert row["expected_min_severity"] in ("medium", "high", "critical"), row["id"]
    new_day, account = w.new_account
    first = min(
        dt.date.fromisoformat(r["eventTime"][:10])
        for r in records
        if r["recipientAccountId"] == account
    )
    assert first == new_day


TARGETS = (
    "medium-every-attack",
    "medium-false-per-1000",
    "medium-no-benign-flagged",
    "any-false-per-1000",
    "any-findings-per-incident",
    "cold-first-day",
    "cold-new-account",
    "cold-stolen-key",
    "attacks-at-expected-severity",
    "benign-at-allowed-severity",
)


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
def test_issue_8_target(run: dict[str, Any], index: int) -> None:
    targets = run["targets"]
    assert len(targets) == len(TARGETS), [t for _, t in targets]
    met, sentence = targets[index]
    assert met, sentence
