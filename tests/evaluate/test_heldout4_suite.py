"""The fourth held-out suite (benchmarks/heldout4, Cobalt Ridge Health) at CI scale: the
generator is blind to ueba (imports nothing from it), deterministic, realistic enough to ingest
whole, its truth agrees with its trail, and each of issue 8's targets is an assertion. Targets
that detection misses here are strict expected failures carrying the figure measured: they
are not to be tuned away on this suite (see docs/evaluation.md)."""

from __future__ import annotations

import ast
import csv
import gzip
import ipaddress
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks import eval_heldout4
from benchmarks.heldout4 import TRUTH_COLUMNS, generate
from benchmarks.heldout4._net import BLOCKS, IP_RANGES, ec2_prefixes
from tests.evaluate._suite_ci import assert_regenerates

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "benchmarks" / "heldout4"
SMALL = {"days": 8, "scale": 0.1, "scored_days": 5}
SEED = 1


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One seed at CI scale through the whole runner: generate, ingest, daily job, grade."""
    work = tmp_path_factory.mktemp("heldout4")
    return eval_heldout4.evaluate_seed(SEED, work, quiet=True, **SMALL)


def _records(root: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted((root / "AWSLogs").rglob("*.json.gz")):
        out += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return out


def _address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n == "ueba" or n.startswith("ueba.")], path.name


def test_every_outside_block_belongs_to_its_operator_and_to_no_aws_prefix() -> None:
    table = pl.read_parquet(ROOT / "ueba" / "data" / "asn-ipv4.parquet")
    prefixes = json.loads(IP_RANGES.read_text())["prefixes"]
    aws = [ipaddress.ip_network(p["ip_prefix"]) for p in prefixes]
    for name, block in BLOCKS.items():
        net = ipaddress.ip_network(block.cidr)
        first, last = int(net.network_address), int(net.broadcast_address)
        rows = table.filter((pl.col("start") <= last) & (pl.col("end") >= first))
        assert rows.height and set(rows["asn"]) == {block.asn}, name
        assert rows["start"].min() <= first and rows["end"].max() >= last, name
        assert not any(net.overlaps(a) for a in aws), name
    assert ec2_prefixes()  # raises if a prefix is not EC2 in its region


def test_the_same_seed_writes_the_same_trail_and_truth(run: dict[str, Any], tmp_path: Path) -> None:
    # the graded run is as small as a slice (8 days): its seed written once more
    def write(out: Path, seed: int) -> list[Path]:
        written = generate(out, seed, **SMALL)  # type: ignore[arg-type]
        return [written.trail, written.truth]

    graded = run["written"]
    assert_regenerates(write, [graded.trail, graded.truth], tmp_path, seed=SEED)


def test_the_whole_trail_is_ingested_with_nothing_quarantined(run: dict[str, Any]) -> None:
    report, written = run["ingest"], run["written"]
    assert report.exit_code == 0
    assert report.quarantined_files == 0 and report.quarantined_records == 0
    assert report.duplicates == 0
    assert report.events == written.events > 5_000


def test_the_trail_is_one_trail_per_account_in_the_cloudtrail_layout(run: dict[str, Any]) -> None:
    written = run["written"]
    logs = written.trail / "AWSLogs"
    files = sorted(logs.rglob("*.json.gz"))
    assert len(files) == written.files
    assert {p.relative_to(logs).parts[0] for p in files} == set(written.accounts.values())
    for path in files[:: max(1, len(files) // 200)]:
        account, trail, region, year, month, day, name = path.relative_to(logs).parts
        assert trail == "CloudTrail"
        assert name.startswith(f"{account}_CloudTrail_{region}_{year}{month}{day}T")


def test_the_truth_agrees_with_the_trail(run: dict[str, Any]) -> None:
    written = run["written"]
    records = {r["eventID"]: r for r in _records(written.trail)}
    with written.truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == TRUTH_COLUMNS
    ids = {r["id"] for r in rows}
    assert {i for i in ids if i.startswith("A")} == {f"A{n}" for n in range(1, 11)}
    assert {i for i in ids if i.startswith("B")} == {f"B{n}" for n in range(1, 11)}
    first_scored = str(written.scored[0])
    for row in rows:
        events = row["event_ids"].split()
        assert all(e in records for e in events), row["id"]
        for e in events:
            rec = records[e]
            assert row["start"] <= rec["eventTime"] <= row["end"], row["id"]
            if row["access_key_id"]:
                minted = ((rec.get("responseElements") or {}).get("credentials") or {}).get(
                    "accessKeyId"
                )
                assert row["access_key_id"] in (rec["userIdentity"].get("accessKeyId"), minted)
                if _address(rec["sourceIPAddress"]):
                    assert rec["sourceIPAddress"] in row["source_ip"].split()
        if row["label"] == "attack":
            assert events and row["start"] >= first_scored and row["expected_min_severity"]
        else:
            assert row["expected_max_severity"] == "low"
    # the joining account is in the trail from the start of its first day
    west, joined = written.accounts["west"], f"{written.joined}T01"
    assert any(
        r["recipientAccountId"] == west and r["eventTime"] < joined for r in records.values()
    )


def test_the_runner_reports_every_tier_and_figure(run: dict[str, Any]) -> None:
    text = eval_heldout4.render_table([run])
    for tier in ("info", "low", "medium", "high", "critical"):
        assert f"| {tier} |" in text
    assert "findings per incident (max)" in text and "Cold start with no history" in text
    data = json.loads(eval_heldout4.render_json([run]))["seeds"][str(SEED)]
    assert {t["tier"] for t in data["tiers"]} == {"info", "low", "medium", "high", "critical"}
    assert len(data["targets"]) == 10 and data["population"] > 0


TARGETS = [
    "every_attack_medium_or_above",
    "false_medium_per_1000",
    "no_benign_change_at_medium",
    "false_any_per_1000",
    "findings_per_incident",
    "cold_start_first_day",
    "cold_start_new_account",
    "cold_start_stolen_instance_credentials",
    "each_attack_at_expected_severity",
    "each_benign_change_within_allowed_severity",
]
# measured at CI scale (seed 1, 10 days, scale 0.3, 234 principal-days until ci12b); never a reason to tune a
# rule to this suite. First on 8f5f9c0, the tree this suite was written against. Since b27d475
# impossible travel follows one session name within a role; since the fifth session (branch
# saml4, after this suite was no longer blind) a person federated by SAML into a shared role is
# their own actor: B3 (the session duration raised) is no longer folded with a colleague's
# finding, A6 is high. Since branch benign4 (same session) the partner's own key rotation from
# its usual network with a new client (B6) is low: 0 false medium+, every benign change within
# its allowed severity (those three strict xfails removed)
# Since the twelfth session (ci12b) the CI scale is 8 days (3 of history, the generator's least)
# at scale 0.1, not 10 days at 0.3 (7/10 there: A1 and A2 nothing, A7 low); the figures below
# are measured at 8 days, scale 0.1 on main 50b4322.
MISSED: dict[str, str] = {
    "every_attack_medium_or_above": "6/10: A1 (LLMjacking, leaked Zabbix key) and A3 raise "
    "nothing with 3 days of history (their users still learning), A7 (GitHub OIDC from a "
    "foreign repository) and A10 are low",
    "each_attack_at_expected_severity": "A1 nothing, A3 nothing (want high), A7 low, A10 low "
    "(want medium)",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=MISSED[n]))
        if n in MISSED
        else n
        for n in TARGETS
    ],
)
def test_target(run: dict[str, Any], name: str) -> None:
    met, sentence = run["targets"][TARGETS.index(name)]
    assert met, sentence
