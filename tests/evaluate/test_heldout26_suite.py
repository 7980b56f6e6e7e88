"""The twenty-sixth held-out suite (Skellig Cloudworks, a managed service provider) at CI
scale: one graded run of seed 1 (``benchmarks/eval_heldout26.py``), the generator's own checks
on that run, and issue 8's targets, each missed one a strict expected failure quoting the
figure measured at this scale (docs/evaluation.md, "A suite's CI module")."""

from __future__ import annotations

import ast
import csv
import ipaddress
from pathlib import Path
from typing import Any

import pytest

from tests.evaluate._suite_ci import assert_same_seed_same_bytes, trail_records

pytest.importorskip("mmdb_writer")

from benchmarks import eval_heldout26 as runner
from benchmarks.heldout26 import generate

ROOT = Path(__file__).resolve().parents[2]
# CI scale: four days, the last two scored (the five slots of incidents fold onto them), three
# customers plus the one onboarded on the first scored day
CI: dict[str, Any] = {"days": 4, "scored_days": 2, "scale": 0.3}
SLICE: dict[str, Any] = {
    "days": 2,
    "scored_days": 1,
    "scale": 0.3,
}  # every incident on the one scored day


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("heldout26")
    return runner.evaluate(1, work, quiet=True, **CI)


def _missed(figure: str) -> Any:
    return pytest.mark.xfail(strict=True, reason=f"missed at CI scale (seed 1): {figure}")


# each target by the start of its sentence; a missed one carries the figure measured at CI scale
TARGETS = [
    pytest.param("medium+: every attack found", marks=_missed("6/10 found at medium+")),
    "medium+: <= 1 false finding per 1,000",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings",
    "any severity: <= 2 findings per incident",
    "cold start, the trail's first day",
    "cold start, the new account's first day",
    "cold start: the onboarded customer's bastion",
    pytest.param(
        "each attack at its expected severity",
        marks=_missed(
            "below: A2, A4, A7, A9 nothing (A1, A3, A5, A6, A8, A10 met; A3 and A10 since tune24)"
        ),
    ),
    "each benign change at most its allowed severity",
]


@pytest.mark.parametrize("target", TARGETS)
def test_target(run: dict[str, Any], target: str) -> None:
    found = [(met, text) for met, text in run["targets"] if text.startswith(target)]
    assert len(found) == 1, [t for _, t in run["targets"]]
    met, text = found[0]
    assert met, text


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout26").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n == "ueba" or n.startswith("ueba.")], path


def test_same_seed_same_bytes_on_a_slice(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed=seed, **SLICE)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(write, tmp_path)


def test_the_geo_databases_cover_every_address(run: dict[str, Any]) -> None:
    import maxminddb

    written = run["written"]
    used = set()
    for rec in trail_records(written.trail):
        try:
            used.add(str(ipaddress.ip_address(rec["sourceIPAddress"])))
        except ValueError:
            assert rec["sourceIPAddress"].endswith(".amazonaws.com"), rec["sourceIPAddress"]
    assert used
    with (
        maxminddb.open_database(str(written.asn_db)) as asn,
        maxminddb.open_database(str(written.city_db)) as city,
    ):
        for ip in sorted(used):
            assert asn.get(ip), ip
            assert city.get(ip), ip


def test_the_truth_names_what_the_trail_holds(run: dict[str, Any]) -> None:
    written = run["written"]
    records = trail_records(written.trail)
    keys: dict[str, set[str]] = {}
    principals, events = set(), {r["eventID"] for r in records}
    for rec in records:
        who = rec["userIdentity"]
        if who.get("accessKeyId"):
            keys.setdefault(who["accessKeyId"], set()).add(rec["sourceIPAddress"])
        principals.add(
            who.get("sessionContext", {}).get("sessionIssuer", {}).get("arn", who.get("arn"))
        )
    with written.truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows if r["label"] == "attack"} >= {f"A{i}" for i in range(1, 11)}
    assert {r["id"] for r in rows if r["label"] == "benign"} >= {f"B{i}" for i in range(1, 12)}
    for r in rows:
        if r["access_key_id"]:
            assert r["access_key_id"] in keys, r
            if r["source_ip"]:
                assert r["source_ip"] in keys[r["access_key_id"]], r
        if r["principal_arn"] and r["id"] != "B1":  # B1 names every role StackSets may create
            assert r["principal_arn"] in principals, r
        for e in r["event_ids"].split():
            assert e in events, r
        assert r["expected_min_severity" if r["label"] == "attack" else "expected_max_severity"], r


def test_the_trail_is_laid_out_as_cloudtrail_delivers_it(run: dict[str, Any]) -> None:
    written = run["written"]
    files = sorted(written.trail.rglob("*.json.gz"))
    assert len(files) == written.files
    for path in files[:50]:
        account, _, region, year, month, day = path.relative_to(written.trail).parts[:6]
        assert path.name.startswith(f"{account}_CloudTrail_{region}_{year}{month}{day}T")
    assert run["ingest"].exit_code == 0
    assert written.new_account[1] in written.accounts
