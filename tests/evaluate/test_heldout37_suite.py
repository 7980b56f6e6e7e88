"""The thirty-seventh held-out suite (Pasir Merah Container Terminals, written blind) at CI
scale: one graded run (seed 1, two days, the last scored, scale 0.1: the five slots of scored
incidents fold onto it), its trail, truth and GeoIP databases checked, and issue
8's targets, each missed target a strict expected failure quoting the figure measured here."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.eval_heldout37 import evaluate
from benchmarks.heldout37 import write
from tests.evaluate._suite_ci import assert_regenerates, in_any

ROOT = Path(__file__).resolve().parents[2]
CI: dict[str, Any] = {"days": 2, "scored_days": 1, "scale": 0.1}

# issue 8's targets in the order _suite_checks.standard_targets gives them
TARGETS = (
    "every attack medium+",
    "false medium+ per 1,000",
    "no benign change medium+",
    "false any severity per 1,000",
    "findings per incident",
    "cold start first day",
    "cold start new account",
    "cold start theft",
    "attacks at expected severity",
    "benign at most allowed",
)
# measured at CI scale (seed 1); a strict xfail: the day one is met, the test says so
MISSED: dict[str, str] = {
    "every attack medium+": "CI scale (seed 1, 2 days, scale 0.1): 7/12 attacks medium+; A3, A4, A6, "
    "A8 and A10 found at no severity (full scale, tuned by tune41: 12/12, 12/12, 11/12 on seeds "
    "1-3)",
    "attacks at expected severity": "CI scale (seed 1, 2 days, scale 0.1): below: A10, A3, A4, A6, "
    "A8 nothing (full scale, tuned by tune41: A6 low on seed 3)",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(1, tmp_path_factory.mktemp("heldout37"), quiet=True, **CI)


@pytest.fixture(scope="module")
def events(run: dict[str, Any]) -> pl.DataFrame:
    """The graded run's lake (nothing quarantined: every record of the trail is there)."""
    import ueba

    columns = (
        "event_id",
        "event_time",
        "source_ip_address",
        "access_key_id",
        "recipient_account_id",
    )
    return ueba.scan_lake(run["written"].out / "lake").select(columns).collect()


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted((ROOT / "benchmarks" / "heldout37").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path.name, names)


def test_same_seed_same_bytes_another_seed_another_trail(
    run: dict[str, Any], tmp_path: Path
) -> None:
    # the generator has a floor (partners and shifts do not scale): its two-day slice costs
    # nearly what the graded trail does, so the graded seed is regenerated once instead
    def generate(out: Path, seed: int) -> list[Path]:
        written = write(out, seed, **CI)
        return [written.trail, written.truth]

    graded = run["written"]
    assert_regenerates(generate, [graded.trail, graded.truth], tmp_path)


def test_trail_is_in_s3_layout_and_ingests_whole(run: dict[str, Any]) -> None:
    written = run["written"]
    assert run["ingest"].exit_code == 0
    files = sorted(written.trail.rglob("*.json.gz"))
    assert len(files) == written.files
    for path in files[:: max(1, len(files) // 50)]:
        account, _, region, *_ = path.relative_to(written.trail / "AWSLogs").parts
        assert (
            path.name.startswith(f"{account}_CloudTrail_{region}_") and account in written.accounts
        )


def test_every_address_is_in_the_geo_databases_and_aws_ones_in_aws(
    run: dict[str, Any], events: pl.DataFrame
) -> None:
    import maxminddb

    written = run["written"]
    addresses = set()
    for text in events["source_ip_address"].drop_nulls().unique().to_list():
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            continue  # an AWS service's host name
        if not ip.is_private:
            addresses.add(str(ip))
    ranges = json.loads((ROOT / "ueba" / "data" / "ip-ranges.json").read_text())["prefixes"]
    in_aws = in_any(p["ip_prefix"] for p in ranges)
    with (
        maxminddb.open_database(written.asn_db) as asn,
        maxminddb.open_database(written.city_db) as city,
    ):
        for address in sorted(addresses):
            network = asn.get(address)
            assert network is not None and city.get(address) is not None, address
            assert (network["autonomous_system_number"] == 16509) == in_aws(address), address


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_truth_rows_match_the_trail(run: dict[str, Any], events: pl.DataFrame) -> None:
    written = run["written"]
    with written.truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows if r["label"] == "attack"} >= {f"A{n}" for n in range(1, 11)}
    assert {r["id"] for r in rows if r["label"] == "benign"} >= {f"B{n}" for n in range(1, 11)}
    known = set(events["event_id"].to_list())
    for row in rows:
        assert row[
            "expected_min_severity" if row["label"] == "attack" else "expected_max_severity"
        ], row["id"]
        assert set(row["event_ids"].split()) <= known, row["id"]
        if row["access_key_id"]:
            used = events.filter(
                (pl.col("access_key_id") == row["access_key_id"])
                & pl.col("event_time").is_between(_when(row["start"]), _when(row["end"]))
            )
            if row["source_ip"]:
                used = used.filter(pl.col("source_ip_address").is_in(row["source_ip"].split()))
            assert used.height, (row["id"], row["access_key_id"])


def test_new_account_has_nothing_before_its_first_day(
    run: dict[str, Any], events: pl.DataFrame
) -> None:
    day, account = run["written"].new_account
    first = events.filter(pl.col("recipient_account_id") == account)["event_time"].min()
    assert isinstance(first, dt.datetime) and first.date() == day


def _target(name: str) -> Any:
    if name in MISSED:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=MISSED[name]))
    return name


@pytest.mark.parametrize("name", [_target(n) for n in TARGETS])
def test_issue8_target(run: dict[str, Any], name: str) -> None:
    met, sentence = run["targets"][TARGETS.index(name)]
    assert met, sentence
