"""The forty-second held-out suite (Sendero Boletos, benchmarks/heldout42) at CI scale: one graded
run of seed 1 over two days, the last scored (the five slots of scored incidents fold onto it), and
the checks of its trail, truth and GeoIP files read from that run. A target missed at this scale
is a strict expected failure quoting the figure measured here; the full-scale figures are in
benchmarks/results/heldout42.md."""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any

import maxminddb
import polars as pl
import pytest

from benchmarks import eval_heldout42 as runner
from benchmarks.heldout42 import write
from tests.evaluate._suite_ci import assert_regenerates, trail_records

CI: dict[str, Any] = {"days": 2, "scale": 0.1, "scored_days": 1}
GENERATOR = Path(runner.__file__).parent / "heldout42"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return runner.evaluate(1, tmp_path_factory.mktemp("heldout42"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(GENERATOR.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path.name


def test_same_seed_writes_the_same_trail_and_another_seed_another(
    run: dict[str, Any], tmp_path: Path
) -> None:
    w = run["written"]

    def again(out: Path, seed: int) -> list[Path]:
        written = write(out, seed, **CI)
        return [written.trail, written.truth]

    assert_regenerates(again, [w.trail, w.truth], tmp_path)


def test_nothing_quarantined_and_every_account_delivered(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    assert run["ingest"].exit_code == 0
    assert {r["recipientAccountId"] for r in records} == set(run["written"].accounts)
    assert len(records) == run["written"].events


def test_every_public_address_is_in_both_geoip_databases(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    used = set()
    for r in records:
        try:
            address = ipaddress.ip_address(r["sourceIPAddress"])
        except ValueError:
            assert r["sourceIPAddress"].endswith(".amazonaws.com"), r["sourceIPAddress"]
            continue
        if address.is_private:  # the pods' calls through the VPC endpoints (B4)
            assert r["vpcEndpointId"].startswith("vpce-"), r["eventID"]
        else:
            used.add(str(address))
    w = run["written"]
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        for ip in used:
            assert asn.get(ip)["autonomous_system_number"], ip  # type: ignore[index]
            assert city.get(ip)["country"]["iso_code"], ip  # type: ignore[index]


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_each_attack_row_names_a_key_used_from_its_addresses_in_its_window(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    truth = pl.read_csv(run["written"].truth, infer_schema=False).fill_null("")
    attacks = truth.filter(pl.col("label") == "attack")
    assert attacks["id"].n_unique() >= 10
    for r in attacks.iter_rows(named=True):
        ips, start, end = set(r["source_ip"].split()), _when(r["start"]), _when(r["end"])
        used = [
            e
            for e in records
            if e["userIdentity"].get("accessKeyId") == r["access_key_id"]
            and e["sourceIPAddress"] in ips
        ]
        assert used, r["id"]
        assert all(start <= _when(e["eventTime"]) <= end for e in used), r["id"]
        assert r["expected_min_severity"] in ("low", "medium", "high", "critical"), r["id"]
    # the attackers' own sign-ins and AssumeRole* calls, named by event ID (they carry no key)
    ids = {e["eventID"]: e for e in records}
    named = [i for v in attacks["event_ids"] for i in v.split()]
    assert named
    for event_id in named:
        assert ids[event_id]["eventName"] in (
            "ConsoleLogin",
            "AssumeRoleWithSAML",
            "AssumeRole",
            "AssumeRoleWithWebIdentity",
        )


def test_each_benign_change_names_principals_of_the_trail(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    truth = pl.read_csv(run["written"].truth, infer_schema=False).fill_null("")
    benign = truth.filter(pl.col("label") == "benign")
    assert benign["id"].n_unique() >= 10
    seen = set()
    for e in records:
        ident = e["userIdentity"]
        seen.add(ident.get("arn"))
        seen.add(ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn"))
    for change, rows in benign.group_by("id"):
        assert set(rows["principal_arn"]) & seen, change
        assert set(rows["expected_max_severity"]) <= {"info", "low"}, change


# the targets in standard_targets' order; those missed at CI scale carry the figure measured
TARGETS = (
    "medium+: every attack found",
    "medium+: <= 1 false finding per 1,000 principal-days",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings per 1,000 principal-days",
    "any severity: <= 2 findings per incident",
    "cold start, the trail's first day",
    "cold start, the new account's first day",
    "cold start: the new account's instance credentials (A9) medium+",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
)
MISSED_AT_CI: dict[int, str] = {
    0: "at CI scale (seed 1, two days, scale 0.1) 7/12 attacks medium+: A3, A6, A10, A11, A12 "
    "not found",
    8: "at CI scale: A3, A6, A10, A11, A12 nothing, A7 medium (wants high)",
}


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=MISSED_AT_CI[i]))
        if i in MISSED_AT_CI
        else i
        for i in range(len(TARGETS))
    ],
    ids=[t.split(":")[-1].strip()[:40] for t in TARGETS],
)
def test_issue_8_target(run: dict[str, Any], index: int) -> None:
    met, text = run["targets"][index]
    assert text.startswith(TARGETS[index].split(" (")[0][:30]), text
    assert met, text
