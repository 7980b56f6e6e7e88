"""The thirty-first held-out suite (heldout31, Xlendi Gaming plc, written without reading the
rules) at CI scale: one graded run of seed 1 (four days, the last two scored, scale 0.1: the
five slots of scored incidents fold onto them), the generator's independence from ``ueba``,
determinism on a slice, the GeoIP files against the trail's addresses, the truth against the
trail, and issue 8's targets. A target missed at this scale is a strict expected failure that
quotes the figure measured here (benchmarks/results/heldout31.md has the full-scale ones)."""

from __future__ import annotations

import ast
import datetime as dt
import gzip
import ipaddress
import json
from pathlib import Path
from typing import Any

import maxminddb
import polars as pl
import pytest

from benchmarks import eval_heldout31 as runner
from benchmarks.heldout31 import generate, places
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, in_any, trail_records

CI: dict[str, Any] = {"days": 4, "scale": 0.1, "scored_days": 2}
PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout31"
AMAZON = {16509, 14618}
# target (by its sentence's start) -> the figure measured at CI scale, when missed there
MISSED_AT_CI: dict[str, str] = {
    "medium+: every attack found": "7/12 at CI scale (A3, A4, A6, A9, A12 not found)",
    "each attack at its expected severity": (
        "at CI scale A3, A6, A9 and A12 nothing (want medium+), A4 nothing (wants high+)"
    ),
}
TARGETS = (
    "medium+: every attack found",
    "medium+: <= 1 false finding per 1,000 principal-days",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings per 1,000 principal-days",
    "any severity: <= 2 findings per incident",
    runner.FIRST_DAY,
    "cold start, the new account's first day",
    "cold start: " + runner.STOLEN,
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return runner.evaluate(1, tmp_path_factory.mktemp("heldout31"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed, days=1, scale=0.05, scored_days=1)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(write, tmp_path)


def test_ingest_stores_every_event(run: dict[str, Any]) -> None:
    import ueba

    report, written = run["ingest"], run["written"]
    assert report.exit_code == 0
    lake = ueba.scan_lake(str(written.root.parent / "lake"))
    assert lake.select(pl.len()).collect().item() == written.events


def test_files_are_laid_out_and_timed_as_cloudtrail_delivers_them(run: dict[str, Any]) -> None:
    written = run["written"]
    for path in sorted(written.trail.rglob("*.json.gz")):
        account, kind, region, *_ = path.relative_to(written.trail).parts
        assert kind == "CloudTrail" and path.name.startswith(f"{account}_CloudTrail_{region}_")
        stamp = path.name.split("_")[3]
        delivered = dt.datetime.strptime(stamp, "%Y%m%dT%H%MZ").replace(tzinfo=dt.UTC)
        assert path.stat().st_mtime == pytest.approx(delivered.timestamp(), abs=60)
        body = json.loads(gzip.decompress(path.read_bytes()))["Records"]
        assert all(r["recipientAccountId"] == account and r["awsRegion"] == region for r in body)
        assert max(r["eventTime"] for r in body) <= delivered.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_geoip_files_cover_exactly_the_addresses_used(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    used = set()
    for rec in records:
        try:
            used.add(str(ipaddress.ip_address(rec["sourceIPAddress"])))
        except ValueError:
            assert rec["sourceIPAddress"].endswith(".amazonaws.com")
    known = places()
    assert used <= set(known), sorted(used - set(known))
    written = run["written"]
    with (
        maxminddb.open_database(str(written.asn_db)) as asn,
        maxminddb.open_database(str(written.city_db)) as city,
    ):
        for ip in sorted(used):
            assert asn.get(ip)["autonomous_system_number"] == known[ip].asn  # type: ignore[index]
            assert city.get(ip)["country"]["iso_code"] == known[ip].country  # type: ignore[index]


def test_amazon_addresses_and_only_they_are_in_aws_ranges() -> None:
    feed = json.loads((PACKAGE.parents[1] / "data" / "ip-ranges.json").read_text())
    inside = in_any(p["ip_prefix"] for p in feed["prefixes"])
    for ip, place in places().items():
        assert inside(ip) == (place.asn in AMAZON), ip


def test_truth_rows_name_what_the_trail_holds(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    keys, principals, ids, ips = set(), set(), set(), set()
    for rec in records:
        who = rec["userIdentity"]
        ids.add(rec["eventID"])
        ips.add(rec["sourceIPAddress"])
        keys.add(who.get("accessKeyId"))
        issuer = who.get("sessionContext", {}).get("sessionIssuer", {})
        principals.update({issuer.get("arn"), who.get("arn")})
        if who["type"] == "SAMLUser":
            principals.add("saml:" + who["principalId"])
        if who["type"] == "Root":
            principals.add(who["arn"])
    truth = pl.read_csv(run["written"].truth, infer_schema=False)
    assert set(truth["id"]) >= {f"A{i}" for i in range(1, 13)} | {f"B{i}" for i in range(1, 12)}
    for row in truth.iter_rows(named=True):
        assert not row["access_key_id"] or row["access_key_id"] in keys, row
        assert not row["principal_arn"] or row["principal_arn"] in principals, row
        assert set((row["event_ids"] or "").split()) <= ids, row["id"]
        assert set((row["source_ip"] or "").split()) <= ips, row
        if row["label"] == "attack":
            assert row["expected_min_severity"] in ("medium", "high", "critical"), row
        else:
            assert row["expected_max_severity"] in ("info", "low"), row


def _target(run: dict[str, Any], start: str) -> tuple[bool, str]:
    found = [t for t in run["targets"] if t[1].startswith(start)]
    assert len(found) == 1, (start, run["targets"])
    return found[0]


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(
            t, marks=pytest.mark.xfail(strict=True, reason=MISSED_AT_CI[t]) if t in MISSED_AT_CI else ()
        )
        for t in TARGETS
    ],
)  # fmt: skip
def test_issue_8_target(run: dict[str, Any], start: str) -> None:
    met, sentence = _target(run, start)
    assert met, sentence
