"""The twenty-ninth held-out suite (Frostvik Hem AB, ``benchmarks/heldout29``) at CI scale: one
graded run (seed 1, four days with the last two scored, scale 0.1: the five slots of scored
incidents fold onto the two days), the generator's independence from ``ueba``, determinism on a
slice, the GeoIP databases covering every address, the truth against the trail, and issue 8's
targets, each one missed at this scale a strict expected failure quoting its figure."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import ipaddress
import json
from pathlib import Path
from typing import Any

import maxminddb
import pytest

from benchmarks.eval_heldout29 import evaluate
from benchmarks.heldout29 import write
from benchmarks.heldout29._org import AWS_NETS
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, in_any, trail_records

ROOT = Path(__file__).resolve().parents[2]
CI = {"days": 4, "scale": 0.1, "scored_days": 2}

# (what, why it is an expected failure at CI scale: the figure measured, or None)
TARGETS: list[tuple[str, str | None]] = [
    (
        "medium+ every attack found",
        "medium+: every attack found (7/11) at CI scale (6/11 before tune28: A6 now medium)",
    ),
    ("medium+ false findings per 1,000", None),
    ("medium+ no benign change flagged", None),
    ("any severity false findings per 1,000", None),
    ("any severity findings per incident", None),
    ("cold start: the first day", None),
    ("cold start: the new account's first day", None),
    ("cold start: the stolen instance credentials", None),
    (
        "each attack at its expected severity",
        "below at CI scale: A1 low, A4 nothing, A5 nothing, A8 nothing (each wants medium+)",
    ),
    ("each benign change at most its allowed severity", None),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout29")
    return evaluate(1, work, quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout29").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_same_seed_same_bytes_on_a_slice(tmp_path: Path) -> None:
    def slice_(out: Path, seed: int) -> list[Path]:
        w = write(out, seed, days=3, scale=0.05, scored_days=2)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(slice_, tmp_path)


def test_trail_is_in_s3_layout_and_ingests_whole(run: dict[str, Any]) -> None:
    w = run["written"]
    assert run["ingest"].exit_code == 0
    files = sorted(w.trail.rglob("*.json.gz"))
    assert len(files) == w.files
    for path in files:
        account, _, region, y, m, d, name = path.relative_to(w.trail).parts
        assert name.startswith(f"{account}_CloudTrail_{region}_{y}{m}{d}T")
    accounts = {p.relative_to(w.trail).parts[0] for p in files}
    assert accounts == set(w.accounts)


def test_new_account_has_no_history(records: list[dict[str, Any]], run: dict[str, Any]) -> None:
    day, account = run["written"].new_account
    first = min(r["eventTime"] for r in records if r["recipientAccountId"] == account)
    assert first.startswith(str(day)) and day in run["written"].scored


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def test_geo_databases_cover_every_address(
    records: list[dict[str, Any]], run: dict[str, Any]
) -> None:
    w = run["written"]
    addresses = {a for a in (_ip(r["sourceIPAddress"]) for r in records) if a is not None}
    assert addresses
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        for address in addresses:
            assert asn.get(str(address)) is not None, address
            assert city.get(str(address)) is not None, address


def test_aws_addresses_are_in_the_bundled_ranges(records: list[dict[str, Any]]) -> None:
    ranges = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())
    inside = in_any(p["ip_prefix"] for p in ranges["prefixes"])
    for cidr in AWS_NETS.values():
        net = ipaddress.ip_network(cidr)
        assert inside(str(net.network_address)) and inside(str(net.broadcast_address)), cidr


def _principal(rec: dict[str, Any]) -> str:
    ident = rec["userIdentity"]
    issuer = ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn", "")
    if "/aws-reserved/sso.amazonaws.com/" in issuer:
        return str(ident["arn"])
    return str(issuer or ident.get("arn", ""))


def test_truth_rows_match_the_trail(records: list[dict[str, Any]], run: dict[str, Any]) -> None:
    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    ids = {r["id"] for r in rows}
    assert sum(i.startswith("A") for i in ids) >= 10 and sum(i.startswith("B") for i in ids) >= 10
    for row in rows:
        start = dt.datetime.fromisoformat(row["start"])
        end = dt.datetime.fromisoformat(row["end"])
        ips = set(row["source_ip"].split())
        hits = [
            r
            for r in records
            if start <= dt.datetime.fromisoformat(r["eventTime"]) <= end
            and (
                not row["access_key_id"]
                or r["userIdentity"].get("accessKeyId") == row["access_key_id"]
            )
            and (not row["principal_arn"] or _principal(r) == row["principal_arn"])
            and (not ips or r["sourceIPAddress"] in ips)
            and (not row["event_ids"] or r["eventID"] in row["event_ids"].split())
        ]
        assert hits, row
        wanted = (
            row["expected_min_severity"]
            if row["label"] == "attack"
            else row["expected_max_severity"]
        )
        assert wanted in ("low", "medium", "high", "critical"), row


@pytest.mark.parametrize("index", range(len(TARGETS)), ids=[t[0] for t in TARGETS])
def test_issue_8_target(run: dict[str, Any], index: int, request: pytest.FixtureRequest) -> None:
    _what, why = TARGETS[index]
    if why is not None:
        request.applymarker(pytest.mark.xfail(strict=True, reason=why))
    met, sentence = run["targets"][index]
    assert met, sentence
