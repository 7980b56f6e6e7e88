"""The scenario generator writes CloudTrail as AWS delivers it, deterministically, from real
address plans, and owes nothing to ``ueba.testing``."""

from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import ipaddress
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.scenarios import generate
from benchmarks.scenarios._net import NETWORKS, AwsAddresses

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(
    r"AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/"
    r"\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Z0-9]{16}\.json\.gz$"
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[dict[str, Any]]]:
    w = generate(tmp_path_factory.mktemp("a"), seed=7, days=6, scale=0.1, scored_days=2)
    records = []
    for path in sorted(w.trail.rglob("*.json.gz")):
        records += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return w, records


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path, written: tuple[Any, Any]) -> None:
    again = generate(tmp_path / "b", seed=7, days=6, scale=0.1, scored_days=2)
    assert _digest(again.trail) == _digest(written[0].trail)
    assert again.truth.read_text() == written[0].truth.read_text()
    other = generate(tmp_path / "c", seed=8, days=6, scale=0.1, scored_days=2)
    assert other.truth.read_text() != written[0].truth.read_text()


def test_files_follow_the_s3_delivery_layout(written: tuple[Any, Any]) -> None:
    w, _ = written
    paths = sorted(w.trail.rglob("*.json.gz"))
    assert paths
    for path in paths:
        rel = str(path.relative_to(w.trail.parent))
        match = NAME.search(rel)
        assert match, rel
        recs = json.loads(gzip.decompress(path.read_bytes()))["Records"]
        assert {r["recipientAccountId"] for r in recs} == {match.group(1)}
        assert {r["awsRegion"] for r in recs} == {match.group(2)}
        assert [r["eventTime"] for r in recs] == sorted(r["eventTime"] for r in recs)


def test_instance_keys_are_minted_by_ec2_with_the_instance_id_as_session(
    written: tuple[Any, Any],
) -> None:
    _, records = written
    minted = {
        r["responseElements"]["credentials"]["accessKeyId"]: r
        for r in records
        if r["eventName"] == "AssumeRole" and r["userIdentity"]["type"] == "AWSService"
    }
    ec2_calls = [
        r for r in records if r["userIdentity"].get("sessionContext", {}).get("ec2RoleDelivery")
    ]
    assert ec2_calls
    for call in ec2_calls:
        mint = minted[call["userIdentity"]["accessKeyId"]]
        assert mint["sourceIPAddress"] == "ec2.amazonaws.com"
        assert (
            mint["requestParameters"]["roleSessionName"]
            == call["userIdentity"]["arn"].rsplit("/", 1)[1]
        )
        assert mint["requestParameters"]["roleSessionName"].startswith("i-0")


def test_the_trail_explains_the_elastic_ip_move_and_services_act_with_invoked_by(
    written: tuple[Any, Any],
) -> None:
    _, records = written
    names = {r["eventName"] for r in records}
    assert {
        "AllocateAddress",
        "AssociateAddress",
        "CreateNatGateway",
        "CreateVpcEndpoint",
        "AssumeRoleWithWebIdentity",
        "AssumeRoleWithSAML",
        "ConsoleLogin",
    } <= names
    acting = [r for r in records if r["sourceIPAddress"] == "cloudformation.amazonaws.com"]
    assert acting and all(
        r["userIdentity"]["invokedBy"] == "cloudformation.amazonaws.com" for r in acting
    )
    assert any(
        r.get("vpcEndpointId", "").startswith("vpce-") and r["sourceIPAddress"].startswith("10.")
        for r in records
    )


def test_workload_addresses_are_ec2_addresses_of_the_bundled_ip_ranges(
    written: tuple[Any, Any],
) -> None:
    _, records = written
    data = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())
    ec2 = [ipaddress.ip_network(p["ip_prefix"]) for p in data["prefixes"] if p["service"] == "EC2"]
    addresses = {
        r["sourceIPAddress"]
        for r in records
        if r["userIdentity"].get("sessionContext", {}).get("ec2RoleDelivery")
        and not r["sourceIPAddress"].startswith("10.")
    }
    outside = [a for a in addresses if not any(ipaddress.ip_address(a) in n for n in ec2)]
    # only the stolen instance keys of the attacks come from elsewhere
    attacker = {
        ip for row in csv.DictReader(written[0].truth.open()) for ip in row["source_ip"].split()
    }
    assert set(outside) <= attacker


def test_every_network_block_belongs_to_its_asn_in_the_bundled_table() -> None:
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    for net in NETWORKS.values():
        block = ipaddress.ip_network(net.cidr)
        lo, hi = int(block.network_address), int(block.broadcast_address)
        owner = table.filter((pl.col("start") <= lo) & (pl.col("end") >= hi))
        assert owner["asn"].to_list() == [net.asn], net.name
    assert all(AwsAddresses().prefixes[r] for r in ("us-east-1", "eu-west-1"))


def test_attacks_are_in_the_trail_from_the_attackers_address(written: tuple[Any, Any]) -> None:
    w, records = written
    by_key: dict[str, set[str]] = {}
    for r in records:
        by_key.setdefault(r["userIdentity"].get("accessKeyId", ""), set()).add(r["sourceIPAddress"])
    event_ids = {r["eventID"] for r in records}
    rows = list(csv.DictReader(w.truth.open()))
    assert {r["id"] for r in rows if r["label"] == "attack"} == {f"A{i}" for i in range(1, 9)}
    for row in rows:
        if row["access_key_id"] and row["source_ip"]:
            assert set(row["source_ip"].split()) <= by_key[row["access_key_id"]], row["id"]
        assert set(row["event_ids"].split()) <= event_ids


def test_the_generator_does_not_import_ueba_testing() -> None:
    for path in (ROOT / "benchmarks" / "scenarios").glob("*.py"):
        tree = ast.parse(path.read_text())
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [
            f"{n.module}.{a.name}"
            for n in ast.walk(tree)
            if isinstance(n, ast.ImportFrom)
            for a in n.names
        ]
        assert not [n for n in names if n.startswith("ueba.testing")], path
