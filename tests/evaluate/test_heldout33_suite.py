"""The thirty-third held-out suite (Tern Orbital, written blind) at CI scale: one graded run of
seed 1 (three days, the last scored: the five slots of scored incidents fold onto it), its
trail, truth and GeoIP databases checked, and issue 8's targets (a target missed at this
scale is a strict expected failure quoting the figure measured here)."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any

import pytest

from benchmarks import eval_heldout33 as runner
from benchmarks.heldout33 import write
from tests.evaluate._suite_ci import assert_same_seed_same_bytes, trail_records

CI = {"days": 3, "scored_days": 1, "scale": 0.1}
PACKAGE = Path(runner.__file__).resolve().parent / "heldout33"
# targets missed at CI scale (seed 1, CI above): index in the runner's target list -> the figure
MISSED: dict[int, str] = {
    # tune32 (tuning on heldout33): A6 medium (a Lambda key from another region's EC2 ranges)
    0: "medium+: every attack found (8/11) at CI scale: A1 low, A5, A11 nothing",
    8: "each attack at its expected severity (below: A1 low, A11 nothing, A5 nothing, "
    "A8 medium (wants high+)) at CI scale",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return runner.evaluate(1, tmp_path_factory.mktemp("heldout33"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    def slice_(out: Path, seed: int) -> list[Path]:
        w = write(out, seed, days=2, scored_days=1, scale=0.05)
        return [w.trail, w.truth]

    assert_same_seed_same_bytes(slice_, tmp_path)


def test_ingest_quarantines_nothing(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0
    assert run["written"].events == len(trail_records(run["written"].trail)) > 1000


def test_every_address_is_in_the_geo_databases(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    import maxminddb

    addresses = set()
    for r in records:
        try:
            ip = ipaddress.ip_address(r["sourceIPAddress"])
        except ValueError:
            assert r["sourceIPAddress"].endswith(".amazonaws.com"), r["sourceIPAddress"]
            continue
        if not ip.is_private:
            addresses.add(str(ip))
    w = run["written"]
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        missing = [a for a in addresses if asn.get(a) is None or city.get(a) is None]
    assert addresses and not missing, missing[:5]


def principal(r: dict[str, Any]) -> str:
    """The principal as docs/enrichment-identity.md names it, for the truth check."""
    u = r["userIdentity"]
    if u["type"] == "AssumedRole":
        issuer = u["sessionContext"]["sessionIssuer"]["arn"]
        if "/AWSReservedSSO_" in issuer:
            return u["arn"]
        return issuer.replace("/aws-reserved/sso.amazonaws.com/", "/")
    if u["type"] == "AWSAccount":
        return f"aws_account:{u['accountId']}"
    return u.get("arn", "")


def test_every_truth_row_is_in_the_trail(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    def when(text: str) -> dt.datetime:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows if r["label"] == "attack"} >= {f"A{i}" for i in range(1, 12)}
    assert {r["id"] for r in rows if r["label"] == "benign"} >= {f"B{i}" for i in range(1, 12)}
    for row in rows:
        start, end = when(row["start"]), when(row["end"])
        ips = set(row["source_ip"].split())
        hits = [
            r
            for r in records
            if start <= when(r["eventTime"]) <= end
            and (
                not row["access_key_id"]
                or r["userIdentity"].get("accessKeyId") == row["access_key_id"]
            )
            and (not row["principal_arn"] or principal(r) == row["principal_arn"])
            and (not ips or r["sourceIPAddress"] in ips)
        ]
        assert hits, row
        if row["event_ids"]:
            assert set(row["event_ids"].split()) <= {r["eventID"] for r in records}, row


def test_cold_start_day_and_theft_are_graded(run: dict[str, Any]) -> None:
    cold = run["cold"]
    assert cold["new_account_day"] == str(run["written"].new_account[0])
    assert cold["theft_day"] == str(run["written"].scored[-1])


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=MISSED[i]))
        if i in MISSED
        else i
        for i in range(10)
    ],
)
def test_issue8_target(run: dict[str, Any], index: int) -> None:
    assert len(run["targets"]) == 10
    met, sentence = run["targets"][index]
    assert met, sentence
