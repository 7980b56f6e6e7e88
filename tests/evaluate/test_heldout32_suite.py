"""The thirty-second held-out suite (Spindrift Pictures, benchmarks/heldout32/) at CI scale: one
graded run of seed 1 (four days, the last two scored, scale 0.1: the five slots of scored
incidents fold onto them), the generator's independence from ``ueba``, determinism on a
slice, GeoIP coverage, truth rows matched against the trail, and issue 8's targets; a target
missed at CI scale is a strict expected failure quoting the figure measured there
(docs/evaluation.md, "A suite's CI module")."""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import eval_heldout32
from benchmarks.heldout32 import generate
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, in_any, trail_records

CI: dict[str, Any] = {"days": 4, "scored_days": 2, "scale": 0.1}
PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout32"

# measured at CI scale (seed 1, 4 days, 2 scored, scale 0.1) on branch suite34, 2026-12-06
MISSED_AT_CI: dict[int, str] = {
    0: "medium+: 3/11 attacks found at CI scale",
    3: "any severity: 23.62 false findings per 1,000 principal-days at CI scale (3 findings)",
    4: "any severity: up to 3 findings for one incident at CI scale (1.29 mean)",
    8: "below their expected severity at CI scale: A11, A2, A4, A5, A6 nothing; A3, A8, A9 low",
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return eval_heldout32.evaluate(1, tmp_path_factory.mktemp("heldout32"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(graded: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(graded["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    imported = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert imported and not [m for m in imported if m == "ueba" or m.startswith("ueba.")]


def test_same_seed_same_bytes_another_seed_another_trail(tmp_path: Path) -> None:
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed, days=2, scale=0.05, scored_days=1)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(write, tmp_path)


def test_ingest_quarantines_nothing(graded: dict[str, Any]) -> None:
    assert graded["ingest"].exit_code == 0


def test_geoip_covers_every_public_address_and_aws_ones_are_in_aws(
    graded: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    import maxminddb

    import ueba

    written = graded["written"]
    addresses = {r["sourceIPAddress"] for r in records}
    public = sorted(a for a in addresses if a[0].isdigit() and ipaddress.ip_address(a).is_global)
    assert len(public) > 20
    bundled = json.loads((Path(ueba.__file__).parent / "data" / "ip-ranges.json").read_text())
    is_aws = in_any(p["ip_prefix"] for p in bundled["prefixes"])
    with (
        maxminddb.open_database(written.asn_db) as asn,
        maxminddb.open_database(written.city_db) as city,
    ):
        for address in public:
            found: Any = asn.get(address)
            assert found and found["autonomous_system_number"], address
            assert city.get(address), address
            assert is_aws(address) == (found["autonomous_system_number"] == 16509), address


def _within(record: dict[str, Any], row: dict[str, Any]) -> bool:
    t: str = record["eventTime"]
    return bool(row["start"] <= t <= row["end"])


def _names(record: dict[str, Any]) -> set[str]:
    who = record["userIdentity"]
    out = {who.get("arn", ""), who.get("accessKeyId", "")}
    issuer = who.get("sessionContext", {}).get("sessionIssuer", {})
    out.add(issuer.get("arn", ""))
    if who.get("type") == "AWSAccount":
        out.add(f"aws_account:{who['accountId']}")
    return out - {""}


def test_every_truth_row_names_records_of_the_trail(
    graded: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    import csv

    with graded["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows if r["label"] == "attack"} == {f"A{n}" for n in range(1, 12)}
    assert len({r["id"] for r in rows if r["label"] == "benign"}) >= 10
    scored = {str(d) for d in graded["written"].scored}
    evidenced = set()
    for row in rows:
        assert row["label"] == "benign" or row["start"][:10] in scored, row
        wanted = {row["access_key_id"], row["principal_arn"]} - {""}
        ips = set(row["source_ip"].split())
        hit = any(
            _within(r, row)
            and (not wanted or wanted <= _names(r))
            and (not ips or r["sourceIPAddress"] in ips)
            for r in records
        )
        # every attack row names records; a benign change's row may name a freelancer of the
        # new show who has not yet worked when a CI-scale trail ends
        assert hit or row["label"] == "benign", (row["id"], row["access_key_id"], row["source_ip"])
        if hit:
            evidenced.add(row["id"])
    assert evidenced == {r["id"] for r in rows}


def test_the_new_account_starts_on_a_scored_day(
    graded: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    day, account = graded["written"].new_account
    first = min(r["eventTime"] for r in records if r["recipientAccountId"] == account)
    assert dt.date.fromisoformat(first[:10]) == day and day in graded["written"].scored


TARGETS = range(10)


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=MISSED_AT_CI[i]))
        if i in MISSED_AT_CI
        else i
        for i in TARGETS
    ],
)
def test_issue_8_target(graded: dict[str, Any], index: int) -> None:
    met, text = graded["targets"][index]
    assert met, text
