"""The twentieth held-out suite (Halloran Whitcombe LLP, ``benchmarks/heldout20``) at CI scale:
8 days (3 of history, 5 scored) at scale 0.1, seed 1, one graded run shared by every test
(docs/evaluation.md, "A suite's CI module"). The suite was written blind; a target ``ueba``
misses here is a strict expected failure quoting the figure measured at this scale."""

from __future__ import annotations

import ast
import bisect
import csv
import ipaddress
import json
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _suite_ci import trail_records, tree_digest  # noqa: E402

from benchmarks.eval_heldout20 import RUNNER  # noqa: E402
from benchmarks.heldout20 import generate  # noqa: E402
from benchmarks.heldout20._net import OPERATORS  # noqa: E402

CI = {"days": 8, "scale": 0.1}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout20")
    return RUNNER.evaluate(1, work, **CI, quiet=True)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def target(run: dict[str, Any], words: str) -> tuple[bool, str]:
    [found] = [t for t in run["targets"] if t[1].startswith(words)]
    return found


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout20").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_the_same_seed_writes_the_same_bytes_and_another_seed_another_trail(
    run: dict[str, Any], tmp_path: Path
) -> None:
    written = run["written"]
    again = generate(tmp_path / "again", seed=1, **CI)
    assert tree_digest(again.trail) == tree_digest(written.trail)
    assert again.truth.read_bytes() == written.truth.read_bytes()
    other = generate(tmp_path / "other", seed=2, days=8, scale=0.02)
    assert other.truth.read_bytes() != written.truth.read_bytes()


def test_the_trail_is_in_the_s3_layout_in_five_minute_files(run: dict[str, Any]) -> None:
    written = run["written"]
    files = sorted(written.trail.rglob("*.json.gz"))
    assert len(files) == written.files and run["ingest"].exit_code == 0
    for path in files[:: max(1, len(files) // 50)]:
        account, _, region, *_ = path.relative_to(written.trail).parts
        assert path.name.startswith(f"{account}_CloudTrail_{region}_")
        assert int(path.name.split("_")[3][11:13]) % 5 == 0
    accounts = {p.relative_to(written.trail).parts[0] for p in files}
    assert accounts == set(written.accounts)


def test_addresses_are_in_their_operators_blocks_and_outside_aws_where_meant(
    records: list[dict[str, Any]], run: dict[str, Any]
) -> None:
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet").sort("start")
    starts, ends, owners = (table[c].to_list() for c in ("start", "end", "as_org"))
    ranges = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())["prefixes"]
    by_octet: dict[str, list[Any]] = {}
    for p in ranges:
        by_octet.setdefault(p["ip_prefix"].split(".")[0], []).append(
            ipaddress.ip_network(p["ip_prefix"])
        )

    def in_aws(ip: str) -> bool:
        return any(ipaddress.ip_address(ip) in net for net in by_octet.get(ip.split(".")[0], []))

    orgs = {org for org, *_ in OPERATORS.values()}
    addresses = {r["sourceIPAddress"] for r in records} - {""}
    assert addresses
    for ip in sorted(a for a in addresses if not a.endswith(".amazonaws.com")):
        n = int(ipaddress.ip_address(ip))
        i = bisect.bisect_right(starts, n) - 1
        owner = [owners[i]] if i >= 0 and ends[i] >= n else []
        inside_aws = in_aws(ip)
        assert inside_aws or (owner and owner[0] in orgs), (ip, owner)
        if owner and owner[0] in orgs:
            assert not inside_aws, ip
    with run["written"].truth.open() as handle:
        attackers = {r["source_ip"] for r in csv.DictReader(handle) if r["label"] == "attack"}
    outside = sorted(a for a in attackers if a)
    assert outside
    for ip in outside:
        assert not in_aws(ip), ip
    # A9, the slow recon, is meant to come from the instance's own EC2 address
    with run["written"].truth.open() as handle:
        recon = {
            e for r in csv.DictReader(handle) if r["id"] == "A9" for e in r["event_ids"].split()
        }
    sources = {r["sourceIPAddress"] for r in records if r["eventID"] in recon}
    assert len(sources) == 1
    assert in_aws(sources.pop())


def test_the_truth_names_events_keys_and_principals_of_the_trail(
    records: list[dict[str, Any]], run: dict[str, Any]
) -> None:
    ids = {r["eventID"] for r in records}
    keys = {r["userIdentity"].get("accessKeyId") for r in records}
    arns = {
        r["userIdentity"].get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
        for r in records
    }
    arns |= {r["userIdentity"].get("arn") for r in records}
    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    labels = {r["id"]: r["label"] for r in rows}
    assert sum(v == "attack" for v in labels.values()) == 10
    assert sum(v == "benign" for v in labels.values()) == 10
    for r in rows:
        assert all(e in ids for e in r["event_ids"].split()), r["id"]
        assert not r["access_key_id"] or r["access_key_id"] in keys, r["id"]
        assert not r["principal_arn"] or r["principal_arn"] in arns, r["id"]
        want = r["expected_min_severity"] if r["label"] == "attack" else r["expected_max_severity"]
        assert want in ("low", "medium", "high"), r["id"]


def test_the_merged_firms_account_joins_on_the_second_scored_day(
    records: list[dict[str, Any]], run: dict[str, Any]
) -> None:
    day, account = run["written"].new_account
    first = min(r["eventTime"] for r in records if r["recipientAccountId"] == account)
    assert first[:10] == str(day) == str(run["written"].scored[1])


TARGETS = {
    "medium+: every attack found": (
        "7/10 at CI scale on branch tune29: A2, A4, A8 nothing (A9 medium by slow recon; "
        "6/10 with A9 low on main b458bc3)"
    ),
    "medium+: <= 1 false finding": None,
    "medium+: 0 benign changes flagged": None,
    "any severity: <= 10 false findings": None,
    "any severity: <= 2 findings per incident": None,
    "cold start, the trail's first day": None,
    "cold start, the new account's first day": None,
    "cold start: A10": None,
    "each attack at its expected severity": (
        "A2, A4, A8 nothing at CI scale on branch tune29 (want medium+; A9 medium since the "
        "eighteenth session's slow recon)"
    ),
    "each benign change at most its allowed severity": None,
}


@pytest.mark.parametrize(
    "words",
    [
        pytest.param(w, marks=pytest.mark.xfail(strict=True, reason=why)) if why else w
        for w, why in TARGETS.items()
    ],
)
def test_issue_8_target(run: dict[str, Any], words: str) -> None:
    met, sentence = target(run, words)
    assert met, sentence
