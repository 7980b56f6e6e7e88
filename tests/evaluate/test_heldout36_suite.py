"""The thirty-sixth held-out suite (Voltaro Charge, written blind) at CI scale: one graded run
(seed 1, three days, the last two scored, scale 0.1: the five slots of scored incidents fold
onto two days), the generator's independence from ``ueba``, determinism on a slice, the GeoIP
files covering every public address, the truth rows found in the trail, and issue 8's targets,
each one missed at this scale a strict expected failure quoting the figure measured here."""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
import json
from pathlib import Path
from typing import Any

import maxminddb
import pytest

from benchmarks.eval_heldout36 import evaluate
from benchmarks.heldout36 import _org as org
from benchmarks.heldout36 import generate
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, in_any, trail_records

ROOT = Path(__file__).resolve().parents[2]
CI: dict[str, Any] = {"days": 3, "scored_days": 2, "scale": 0.1}

# index in the run's targets -> why it fails at CI scale (measured 2026-12-06, seed 1)
MISSED = {
    0: "medium+: 5/12 attacks found at CI scale (A2, A3, A4, A5, A6, A12 nothing; A1 low)",
    8: "below expected severity at CI scale: A1 low (wants high), A2, A3, A4, A5, A12 nothing "
    "(want medium), A6 nothing (wants high)",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout36")
    return evaluate(1, work, quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout36").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed, days=2, scored_days=1, scale=0.05)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(write, tmp_path)


def test_the_trail_is_delivered_as_s3_layout(run: dict[str, Any]) -> None:
    w = run["written"]
    paths = sorted(w.trail.rglob("*.json.gz"))
    assert len(paths) == w.files
    for path in paths[:: max(1, len(paths) // 50)]:
        parts = path.relative_to(w.trail).parts
        assert parts[0] == "AWSLogs" and parts[2] == "CloudTrail"
        account, region = parts[1], parts[3]
        assert path.name.startswith(f"{account}_CloudTrail_{region}_")
        assert account in org.ACCOUNTS
    assert run["ingest"].exit_code == 0


def test_every_public_address_is_in_the_geo_databases(records: list[dict[str, Any]]) -> None:
    aws = in_any(
        p["ip_prefix"]
        for p in json.loads((ROOT / "data" / "ip-ranges.json").read_text())["prefixes"]
    )
    addresses = set()
    for rec in records:
        try:
            ip = ipaddress.ip_address(rec["sourceIPAddress"])
        except ValueError:
            assert rec["sourceIPAddress"].endswith(".amazonaws.com"), rec["sourceIPAddress"]
            continue
        if not ip.is_private:
            addresses.add(str(ip))
    mine = {ip for net in org.NETS.values() for ip in net.ips}
    assert addresses, "no public address in the trail"
    outside = {a for a in addresses if not aws(a)}
    assert outside <= mine, outside - mine
    assert not any(aws(ip) for ip in mine), "an organisation's outside address is in AWS ranges"
    # the AWS addresses the organisation uses (NAT gateways, instances) are AWS's
    assert all(aws(a) for a in addresses - mine)


def test_geo_databases_answer_for_every_outside_address(run: dict[str, Any]) -> None:
    w = run["written"]
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        for net in org.NETS.values():
            for ip in net.ips:
                got: Any = asn.get(ip)
                assert got is not None and got["autonomous_system_number"] == net.asn, ip
                where: Any = city.get(ip)
                assert where is not None and where["country"]["iso_code"] == net.country, ip


def test_truth_rows_are_in_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    """Each truth row names a key, principal or address that the trail holds in its window."""
    import polars as pl

    truth = pl.read_csv(run["written"].truth, infer_schema=False).to_dicts()
    assert {r["id"] for r in truth if r["label"] == "attack"} >= {f"A{i}" for i in range(1, 13)}
    assert {r["id"] for r in truth if r["label"] == "benign"} >= {f"B{i}" for i in range(1, 12)}
    seen = []
    for rec in records:
        ident = rec["userIdentity"]
        issuer = ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn", "")
        role = issuer.split("/")[-1] if "/aws-reserved/" not in issuer else ""
        arns = {ident.get("arn", "")}
        if role:
            arns.add(f"arn:aws:iam::{ident['accountId']}:role/{role}")
        seen.append((rec["eventTime"], ident.get("accessKeyId"), arns, rec["sourceIPAddress"]))
    for r in truth:
        start, end = r["start"], r["end"]
        ips = set((r["source_ip"] or "").split())
        hits = [
            s
            for s in seen
            if start <= s[0] <= end
            and (not r["access_key_id"] or s[1] == r["access_key_id"])
            and (not r["principal_arn"] or r["principal_arn"] in s[2])
            and (not ips or s[3] in ips)
        ]
        assert hits, r


def test_new_account_joins_on_a_scored_day(
    records: list[dict[str, Any]], run: dict[str, Any]
) -> None:
    w = run["written"]
    first = min(r["eventTime"] for r in records if r["recipientAccountId"] == org.NORDIC)
    assert dt.date.fromisoformat(first[:10]) == w.new_account_day
    assert w.new_account_day in w.scored


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=MISSED[i]))
        if i in MISSED
        else i
        for i in range(10)
    ],
)
def test_issue_8_target(run: dict[str, Any], index: int) -> None:
    met, sentence = run["targets"][index]
    assert met, sentence
