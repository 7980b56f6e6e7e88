"""The twenty-seventh held-out suite (Tamarack Genome Institute, written blind) at CI scale: one
graded run of seed 1 over four days, the last two scored (the five slots of scored incidents
fold onto them), and what the generator promises: it imports nothing from ``ueba``, the same
seed writes the same bytes, every address it uses is in its GeoIP databases (AWS addresses in
AWS's EC2 ranges, the others outside AWS), every truth row names what is in the trail, and
issue 8's targets. A target missed at this scale is a strict expected failure quoting the
figure measured here (see docs/evaluation.md, "A suite's CI module")."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import maxminddb
import polars as pl
import pytest

from benchmarks import eval_heldout27 as runner
from benchmarks.heldout27 import generate
from tests.evaluate import _suite_ci as ci

ROOT = Path(__file__).resolve().parents[2]
CI = {"days": 4, "scale": 0.3, "scored_days": 2}
SLICE = {"days": 3, "scale": 0.05, "scored_days": 1}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return runner.evaluate(1, tmp_path_factory.mktemp("heldout27"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return ci.trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout27").glob("*.py")):
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
        written = generate(out, seed=seed, **SLICE)
        return [written.trail, written.truth]

    ci.assert_same_seed_same_bytes(write, tmp_path)


def test_trail_layout_and_ingest(run: dict[str, Any]) -> None:
    written = run["written"]
    files = sorted(written.trail.rglob("*.json.gz"))
    assert len(files) == written.files
    for path in files[:: max(1, len(files) // 50)]:
        account, _, region = path.parts[-7], path.parts[-6], path.parts[-5]
        assert path.parts[-6] == "CloudTrail"
        assert path.name.startswith(f"{account}_CloudTrail_{region}_")
    assert {p.parts[-7] for p in files} == set(written.accounts)
    assert run["ingest"].exit_code == 0


def test_addresses_in_the_geo_databases(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    written = run["written"]
    aws = ci.in_any(
        p["ip_prefix"]
        for p in json.loads((ROOT / "data" / "ip-ranges.json").read_text())["prefixes"]
    )
    used = {r["sourceIPAddress"] for r in records}
    addresses = {a for a in used if not a.endswith(".amazonaws.com") and a != "AWS Internal"}
    assert addresses and used - addresses
    with (
        maxminddb.open_database(str(written.asn_db)) as asn,
        maxminddb.open_database(str(written.city_db)) as city,
    ):
        for address in addresses:
            known = asn.get(address)
            assert known is not None and city.get(address) is not None, address
            is_amazon = known["autonomous_system_number"] == 16509
            assert aws(address) == is_amazon, address


def test_truth_rows_name_what_is_in_the_trail(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    truth = pl.read_csv(run["written"].truth, infer_schema=False)
    keys = {r["userIdentity"].get("accessKeyId") for r in records}
    ids = {r["eventID"] for r in records}
    ips = {r["sourceIPAddress"] for r in records}
    principals: set[str] = set()
    for r in records:
        ui = r["userIdentity"]
        issuer = ui.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
        principals |= {issuer or "", ui.get("arn") or "", f"aws_account:{ui.get('accountId')}"}
    assert set(truth["label"]) == {"attack", "benign"}
    assert truth.filter(pl.col("label") == "attack")["id"].n_unique() >= 10
    assert truth.filter(pl.col("label") == "benign")["id"].n_unique() >= 10
    for row in truth.iter_rows(named=True):
        assert not row["access_key_id"] or row["access_key_id"] in keys, row
        assert not row["principal_arn"] or row["principal_arn"] in principals, row
        assert set((row["event_ids"] or "").split()) <= ids, row
        assert set((row["source_ip"] or "").split()) <= ips, row
        wants = (
            row["expected_min_severity"]
            if row["label"] == "attack"
            else row["expected_max_severity"]
        )
        assert wants in ("info", "low", "medium", "high", "critical"), row


# issue 8's targets in the order runner.targets gives them; a target missed at CI scale is a
# strict xfail carrying the figure measured here
TARGETS = (
    "every attack found at medium+",
    "medium+ false findings per 1,000",
    "no benign change at medium+",
    "any-severity false findings per 1,000",
    "findings per incident",
    "cold start: the trail's first day",
    "cold start: the new account's first day",
    "cold start: the stolen instance credentials",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
)
# measured at CI scale (seed 1, 4 days, 2 scored, scale 0.3) on main beca8f6 + this suite;
# A5 high since tune26 (an access point's policy is a grant: outside_account_grant)
MISSED_AT_CI: dict[int, str] = {
    0: "medium+: every attack found (8/11): A2, A8 and A10 not found at CI scale "
    "(A2 folds onto A1's day there, and the one finding of the postdoc's key goes to A1)",
    8: "each attack at its expected severity (below: A10 nothing (wants medium+), A2 nothing "
    "(wants high+), A4 medium (wants high+), A8 nothing (wants medium+))",
}


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(
            i,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=MISSED_AT_CI[i])]
            if i in MISSED_AT_CI
            else [],
        )
        for i, name in enumerate(TARGETS)
    ],
)
def test_issue8_target(run: dict[str, Any], index: int) -> None:
    met, sentence = run["targets"][index]
    assert met, sentence
