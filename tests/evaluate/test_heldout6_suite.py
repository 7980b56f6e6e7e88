"""The sixth held-out suite (``benchmarks/heldout6``, Lakeshore University, written blind) at CI
scale: 10 days with the last 5 scored, a third of the people's and the world's traffic.

The generator is deterministic, imports nothing from ueba, and writes CloudTrail that ingests
with nothing quarantined; its truth agrees with the trail; the daily job is held to issue 8's
targets. A target current detection misses is a strict xfail carrying the figure measured at
this scale (seed 1). The suite was measured blind once and has been tuned on since (the sixth
session's branch benign6, ``benchmarks/README.md``): it no longer measures held-out detection.
"""

from __future__ import annotations

import ast
import csv
import gzip
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import ueba
from benchmarks import eval_heldout6 as runner
from benchmarks.heldout6 import generate
from benchmarks.heldout6._net import AWS_PREFIXES, IP_RANGES, NETS, ec2_prefixes

PACKAGE = Path(runner.__file__).parent / "heldout6"
DAYS, SCALE = 10, 0.3


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return runner.evaluate_seed(
        1, tmp_path_factory.mktemp("heldout6"), days=DAYS, scale=SCALE, quiet=True
    )


def _records(trail: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted((trail / "AWSLogs").rglob("*.json.gz")):
        out += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return out


def _target(run: dict[str, Any], words: str) -> tuple[bool, str]:
    [found] = [t for t in run["targets"] if t[1].startswith(words)]
    return found


def test_generator_imports_nothing_from_ueba() -> None:
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path.name


def test_same_seed_writes_the_same_trail_and_truth_and_another_seed_does_not(
    tmp_path: Path,
) -> None:
    def files(root: Path) -> dict[str, bytes]:
        keep = [
            p for p in root.rglob("*") if p.is_file() and p.suffix != ".mmdb"
        ]  # mmdb: a build time
        return {str(p.relative_to(root)): p.read_bytes() for p in keep}

    a = generate(tmp_path / "a", 7, days=8, scale=0.1)
    b = generate(tmp_path / "b", 7, days=8, scale=0.1)
    c = generate(tmp_path / "c", 8, days=8, scale=0.1)
    assert files(a.trail) == files(b.trail)
    assert files(a.trail) != files(c.trail)
    assert a.events == b.events > 0


def test_every_outside_block_is_outside_aws_and_belongs_to_its_operator() -> None:
    aws = [
        ipaddress.ip_network(p["ip_prefix"]) for p in json.loads(IP_RANGES.read_text())["prefixes"]
    ]
    table = ueba.AsnTable.bundled()
    for name, net in NETS.items():
        block = ipaddress.ip_network(net.cidr)
        assert not [p for p in aws if p.overlaps(block)], name
        looked = table.lookup_ips([str(block[0]), str(block[-1])])
        assert set(looked["asn"].to_list()) == {net.asn}, name
    ec2 = ec2_prefixes()
    for region, prefixes in AWS_PREFIXES.items():
        assert set(prefixes) <= ec2[region], region


def test_the_command_writes_trail_truth_threat_list_and_geo_databases_covering_every_block(
    tmp_path: Path,
) -> None:
    from benchmarks.heldout6.__main__ import main

    assert main([str(tmp_path), "--seed", "3", "--days", "8", "--scale", "0.1"]) == 0
    assert list((tmp_path / "AWSLogs").rglob("*_CloudTrail_*.json.gz"))
    assert (tmp_path / "truth.csv").read_text().startswith("id,name,label,")
    assert (tmp_path / "threat.txt").read_text().split()
    geo = ueba.MaxMindReader(
        asn_db=tmp_path / "geo/heldout6-ASN.mmdb", city_db=tmp_path / "geo/heldout6-City.mmdb"
    )
    probes = {name: str(ipaddress.ip_network(net.cidr)[20]) for name, net in NETS.items()}
    probes |= {region: str(ipaddress.ip_network(p[0])[300]) for region, p in AWS_PREFIXES.items()}
    found = geo.lookup(pl.Series(list(probes.values())))
    by_ip = {r["ip"]: r for r in found.to_dicts()}
    for name, net in NETS.items():
        assert by_ip[probes[name]]["asn"] == net.asn, name
        assert by_ip[probes[name]]["country"] == net.country, name
    assert all(by_ip[probes[r]]["asn"] in (14618, 16509) for r in AWS_PREFIXES)


def test_the_whole_trail_ingests_with_nothing_quarantined(run: dict[str, Any]) -> None:
    report, written = run["ingest"], run["written"]
    assert report.exit_code == 0
    lake = run["written"].trail.parent / "lake"
    assert ueba.scan_lake(lake).select(pl.len()).collect().item() == written.events


def test_records_carry_the_fields_cloudtrail_writes(run: dict[str, Any]) -> None:
    records = _records(run["written"].trail)
    assert len({r["eventID"] for r in records}) == len(records)
    for r in records:
        assert {
            "eventVersion",
            "eventCategory",
            "managementEvent",
            "recipientAccountId",
            "readOnly",
        } <= r.keys()
        assert r["managementEvent"] == (r["eventCategory"] == "Management")
    data = [r for r in records if r["eventCategory"] == "Data"]
    assert data and all(r["eventSource"] == "s3.amazonaws.com" and r["resources"] for r in data)
    assert any(r.get("vpcEndpointId") for r in data)
    assert any(r["userIdentity"].get("accountId") == "ANONYMOUS_PRINCIPAL" for r in data)
    assert any(r.get("sessionCredentialFromConsole") == "true" for r in records)
    shared: dict[str, set[str]] = {}
    for r in records:
        if r["eventName"] == "AssumeRole" and r["userIdentity"]["type"] == "IAMUser":
            shared.setdefault(r["sharedEventID"], set()).add(r["recipientAccountId"])
    assert shared and all(len(accounts) == 2 for accounts in shared.values())
    assert {r["eventName"] for r in records} >= {
        "AssumeRoleWithWebIdentity",
        "ConsoleLogin",
        "CreateFleet",
        "GetSessionToken",
    }


def test_truth_names_ten_attacks_and_ten_benign_changes_with_severities(
    run: dict[str, Any],
) -> None:
    wanted = runner.expectations(run["written"].truth)
    attacks = {i for i, (label, _) in wanted.items() if label == "attack"}
    benign = {i for i, (label, _) in wanted.items() if label == "benign"}
    assert attacks == {f"A{n}" for n in range(1, 11)}
    assert benign == {f"B{n}" for n in range(1, 11)}
    assert all(s in runner.RANK for _, s in wanted.values())


def test_truth_agrees_with_the_trail(run: dict[str, Any]) -> None:
    """Every event ID exists; every key and principal acts inside its window, a key from one
    of the row's addresses."""
    events = ueba.scan_lake(run["written"].trail.parent / "lake").collect()
    ids = set(events["event_id"].to_list())
    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    for r in rows:
        start, end = (pl.lit(r[c]).str.to_datetime(time_zone="UTC") for c in ("start", "end"))
        inside = events.filter(pl.col("event_time").is_between(start, end))
        assert set(r["event_ids"].split()) <= ids, r["id"]
        if r["access_key_id"]:
            used = inside.filter(pl.col("access_key_id") == r["access_key_id"])
            assert used.height, (r["id"], r["access_key_id"])
            assert set(used["source_ip_address"].to_list()) & set(r["source_ip"].split()), r["id"]
        if r["principal_arn"]:
            acting = inside.filter(
                (pl.col("identity_arn") == r["principal_arn"])
                | (pl.col("session_issuer_arn") == r["principal_arn"])
            )
            assert acting.height, (r["id"], r["principal_arn"])


def test_at_most_two_findings_per_incident(run: dict[str, Any]) -> None:
    met, text = _target(run, "any severity: <= 2 findings per incident")
    assert met, text


def test_new_account_first_day_raises_nothing_medium_or_above(run: dict[str, Any]) -> None:
    met, text = _target(run, "cold start, the new account's")
    assert met, text


def test_stolen_notebook_credentials_are_medium_or_above_with_no_history(
    run: dict[str, Any],
) -> None:
    met, text = _target(run, "cold start: a notebook's")
    assert met, text


# measured at this scale on seed 1 (main 931d329, generator f48e208)
@pytest.mark.xfail(
    strict=True,
    reason="9/10 attacks at medium+ at CI scale: A6 raises nothing (quiet12 branch, 17:45 UTC)",
)
def test_every_attack_is_found_at_medium_or_above(run: dict[str, Any]) -> None:
    met, text = _target(run, "medium+: every attack found")
    assert met, text


@pytest.mark.xfail(
    strict=True,
    reason="10.71 false medium+ findings per 1,000 principal-days at CI scale (3 over 280; target 1)",
)
def test_at_most_one_false_medium_finding_per_1000_principal_days(run: dict[str, Any]) -> None:
    met, text = _target(run, "medium+: <= 1 false finding")
    assert met, text


@pytest.mark.xfail(
    strict=True,
    reason="B10 (a new laptop) reaches medium at CI scale (B7 low since quiet12)",
)
def test_no_benign_change_reaches_medium(run: dict[str, Any]) -> None:
    met, text = _target(run, "medium+: 0 benign changes")
    assert met, text


@pytest.mark.xfail(
    strict=True,
    reason="32.14 false findings per 1,000 principal-days at any severity at CI scale (9 over 280; target 10)",
)
def test_at_most_ten_false_findings_per_1000_principal_days(run: dict[str, Any]) -> None:
    met, text = _target(run, "any severity: <= 10 false findings")
    assert met, text


def test_first_day_of_the_trail_raises_at_most_one_medium_per_1000_principals(
    run: dict[str, Any],
) -> None:
    met, text = _target(run, "cold start, the trail's first day")
    assert met, text


@pytest.mark.xfail(
    strict=True, reason="A6 raises nothing; A1, A2 and A5 are medium (want high) at CI scale"
)
def test_each_attack_reaches_its_expected_severity(run: dict[str, Any]) -> None:
    met, text = _target(run, "each attack at its expected severity")
    assert met, text


@pytest.mark.xfail(strict=True, reason="B10 reaches medium (allowed low) at CI scale")
def test_each_benign_change_stays_at_its_allowed_severity(run: dict[str, Any]) -> None:
    met, text = _target(run, "each benign change at most")
    assert met, text
