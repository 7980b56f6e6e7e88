"""The thirty-fifth held-out suite (Caracará Linhas Aéreas, written blind) at CI scale: one
graded run of seed 1 (three days, the last scored, scale 0.1: the five slots of scored incidents
fold onto that day), the generator's independence from ``ueba``, its determinism on a slice,
the GeoIP coverage of every address, the truth rows against the trail, and issue 8's targets
(each missed at CI scale a strict expected failure quoting the figure measured there)."""

from __future__ import annotations

import ast
import csv
import ipaddress
import json
from pathlib import Path
from typing import Any

import maxminddb
import pytest

from benchmarks import eval_heldout35 as runner
from benchmarks.heldout35 import org, write
from tests.evaluate import _suite_ci as ci

CI = {"days": 3, "scale": 0.1, "scored_days": 1}
SLICE = {"days": 1, "scale": 0.05, "scored_days": 1}  # one day holds every slot
ROOT = Path(__file__).resolve().parents[2]

# measured at CI scale, seed 1 (2026-12-06, branch suite37)
MISSED = {
    "medium+: every attack found": "9/11 at CI scale: A1 and A7 not found",
    "each attack at its expected": "A1 and A7 not found at CI scale (want medium+)",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout35")
    return runner.evaluate(1, work, quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The graded run's CloudTrail records, read once for the checks below."""
    return ci.trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout35").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    def generate(out: Path, seed: int) -> list[Path]:
        w = write(out, seed=seed, **SLICE)
        return [w.trail, w.truth]

    ci.assert_same_seed_same_bytes(generate, tmp_path)


def test_ingest_quarantines_nothing(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0
    assert run["written"].events > 1000


def test_every_public_address_is_in_the_geo_databases(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    w = run["written"]
    used = {r["sourceIPAddress"] for r in records}
    public = {ip for ip in used if not ip.endswith(".amazonaws.com")}
    public = {ip for ip in public if not ipaddress.ip_address(ip).is_private}
    assert public and public <= set(org.GEO)
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        for ip in public:
            assert asn.get(ip)["autonomous_system_number"] == org.GEO[ip][0], ip  # type: ignore[index]
            assert city.get(ip)["country"]["iso_code"] == org.GEO[ip][2], ip  # type: ignore[index]
    # the addresses the organisation calls AWS are in AWS's published EC2 ranges
    ranges = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())["prefixes"]
    aws = ci.in_any(p["ip_prefix"] for p in ranges if p["service"] == "EC2")
    for ip in public:
        assert aws(ip) == (org.GEO[ip][0] == 16509), ip


def test_truth_rows_name_what_the_trail_holds(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    w = run["written"]
    events = [
        (e["eventTime"], e["userIdentity"].get("accessKeyId"), e["sourceIPAddress"])
        for e in records
    ]
    rows = list(csv.DictReader(w.truth.open()))
    ids = {r["id"] for r in rows}
    assert {f"A{i}" for i in range(1, 12)} <= ids and {f"B{i}" for i in range(1, 12)} <= ids
    for r in rows:
        # the trail's times and the truth's are both ISO 8601 UTC with Z: they sort as text
        ips = set(r["source_ip"].split())
        assert any(
            r["start"] <= t <= r["end"]
            and (not r["access_key_id"] or key == r["access_key_id"])
            and (not ips or ip in ips)
            for t, key, ip in events
        ), (r["id"], r["name"])
        if r["label"] == "attack":
            assert r["expected_min_severity"] in ("medium", "high", "critical"), r["id"]


def target_test(prefix: str) -> Any:
    def test(run: dict[str, Any]) -> None:
        sentences = [(met, text) for met, text in run["targets"] if text.startswith(prefix)]
        assert sentences, prefix
        assert all(met for met, _ in sentences), sentences

    if prefix in MISSED:
        return pytest.mark.xfail(strict=True, reason=MISSED[prefix])(test)
    return test


test_every_attack_medium = target_test("medium+: every attack found")
test_false_medium = target_test("medium+: <= 1 false finding")
test_no_benign_flagged = target_test("medium+: 0 benign changes flagged")
test_false_any = target_test("any severity: <= 10 false")
test_findings_per_incident = target_test("any severity: <= 2 findings per incident")
test_cold_first_day = target_test("cold start, the trail's first day")
test_cold_new_account = target_test("cold start, the new account's first day")
test_cold_stolen_instance = target_test("cold start: the new cargo account's instance")
test_attacks_expected = target_test("each attack at its expected")
test_benign_allowed = target_test("each benign change at most")
