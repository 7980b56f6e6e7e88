"""The fifth held-out suite (Brightmoor Interactive) at CI scale: the generator is independent of
ueba, deterministic, ingests whole, its truth agrees with its trail, and each of issue 8's
targets is an assertion (those current detection misses are strict xfails with the figure).

8 days with the last 5 scored (3 of history, the generator's least), at scale 0.1; until the
twelfth session (ci12b) 10 days at scale 0.3 (about 37k events)."""

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

from benchmarks import eval_heldout5 as runner
from benchmarks._daily import job_engine
from benchmarks._suite_checks import Prepared
from benchmarks.heldout5 import generate
from benchmarks.heldout5._net import NETS, ec2_prefixes
from tests.evaluate._suite_ci import assert_regenerates

SUITE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout5"
DAYS, SCALE = 8, 0.1


def _records(root: Path) -> list[dict[str, Any]]:
    out = []
    for path in sorted((root / "AWSLogs").rglob("*.json.gz")):
        out += json.loads(gzip.decompress(path.read_bytes()))["Records"]
    return out


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return generate(tmp_path_factory.mktemp("h5") / "trail", 1, days=DAYS, scale=SCALE)


@pytest.fixture(scope="module")
def records(written: Any) -> list[dict[str, Any]]:
    return _records(written.trail)


@pytest.fixture(scope="module")
def truth(written: Any) -> list[dict[str, str]]:
    with written.truth.open() as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def graded(written: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Ingest, the daily job over the scored days, grading and the cold starts: run once."""
    import ueba
    from ueba.detect.incidents import IncidentStore

    work = tmp_path_factory.mktemp("h5run")
    report = runner.ingest(written, work / "lake")
    # the feeds read once and the scored days enriched once for the daily job and the cold
    # starts, as the runner does
    prepared = Prepared(written, runner._inputs(written), job_engine())
    config, options = prepared.setup
    findings, _ = runner.daily_job(
        work / "lake",
        days=written.days,
        scored=written.scored,
        config=config,
        options=options,
        incidents=IncidentStore(work / "model"),
        engine=prepared.engine,
    )
    _counted, population = runner.principal_days(
        work / "lake", written.scored[0], written.scored[-1]
    )
    result = ueba.evaluate(findings, written.truth, population=population)
    cold = runner.cold_starts(prepared, work / "lake")
    prepared.engine.close()
    checked = runner.targets(result, cold, written.truth)
    assert all(text.startswith(t) for t, (_ok, text) in zip(TARGETS, checked, strict=True))
    met = dict(zip(TARGETS, checked, strict=True))
    return {"report": report, "result": result, "met": met, "lake": work / "lake"}


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in SUITE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path.name, names)


def test_same_seed_writes_the_same_trail_and_truth(written: Any, tmp_path: Path) -> None:
    # the graded trail is as small as a slice (8 days): its seed written once more
    def write(out: Path, seed: int) -> list[Path]:
        again = generate(out, seed, days=DAYS, scale=SCALE)
        return [again.trail, again.truth]

    assert_regenerates(write, [written.trail, written.truth], tmp_path, seed=1)


def test_networks_belong_to_the_operators_named_and_none_is_aws() -> None:
    import ueba

    table = ueba.AsnTable.bundled().ranges
    aws = [
        ipaddress.ip_network(p["ip_prefix"])
        for p in json.loads((SUITE.parents[1] / "data" / "ip-ranges.json").read_text())["prefixes"]
    ]
    for name, net in NETS.items():
        block = ipaddress.ip_network(net.cidr)
        first, last = int(block.network_address), int(block.broadcast_address)
        owner = table.filter((pl.col("start") <= first) & (pl.col("end") >= last))
        assert owner.height and net.asn in owner["asn"].to_list(), name
        assert not any(block.overlaps(p) for p in aws if p.version == 4), name
    assert all(ec2_prefixes().values())


def test_every_record_has_the_fields_cloudtrail_writes(records: list[dict[str, Any]]) -> None:
    must = {"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
            "sourceIPAddress", "userAgent", "eventID", "eventType", "recipientAccountId", "eventCategory",
            "managementEvent", "readOnly"}  # fmt: skip
    assert all(must <= r.keys() for r in records)
    assert len({r["eventID"] for r in records}) == len(records)
    kinds = {r["userIdentity"]["type"] for r in records}
    assert {
        "AssumedRole",
        "IAMUser",
        "Root",
        "AWSService",
        "IdentityCenterUser",
        "SAMLUser",
        "WebIdentityUser",
        "AWSAccount",
    } <= kinds


def test_truth_agrees_with_the_trail(
    written: Any, records: list[dict[str, Any]], truth: list[dict[str, str]]
) -> None:
    by_id = {r["eventID"]: r for r in records}
    keys = {r["userIdentity"].get("accessKeyId") for r in records}
    labels = {r["id"]: r["label"] for r in truth}
    assert sorted(i for i, lab in labels.items() if lab == "attack") == sorted(
        f"A{n}" for n in range(1, 11)
    )
    assert sorted(i for i, lab in labels.items() if lab == "benign") == sorted(
        f"B{n}" for n in range(1, 10)
    )
    scored = {str(d) for d in written.scored}
    for row in truth:
        assert row["start"][:10] in scored, row["id"]
        for eid in row["event_ids"].split():
            assert eid in by_id, row["id"]
            assert row["start"] <= by_id[eid]["eventTime"] <= row["end"], (row["id"], eid)
        if row["access_key_id"]:
            assert row["access_key_id"] in keys, row["id"]
            used = {
                r["sourceIPAddress"]
                for r in records
                if r["userIdentity"].get("accessKeyId") == row["access_key_id"]
                and r["eventTime"] >= row["start"]
            }
            assert used & set(row["source_ip"].split()), row["id"]
        if row["label"] == "attack":
            assert row["expected_min_severity"] in ("medium", "high", "critical")
        else:
            assert row["expected_max_severity"] in ("info", "low")
            assert row["principal_arn"] or row["event_ids"], row["id"]


def test_the_whole_trail_is_ingested_and_every_truth_principal_exists(
    graded: dict[str, Any], written: Any, truth: list[dict[str, str]]
) -> None:
    from ueba.pipeline import enriched_between

    assert graded["report"].exit_code == 0
    assert graded["report"].events == written.events
    assert graded["report"].quarantined_files == 0 and graded["report"].duplicates == 0
    frame = enriched_between(graded["lake"], written.scored[0], written.scored[-1])
    frame = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    principals = set(frame["principal_arn"].unique().to_list())
    for bid in {r["id"] for r in truth if r["label"] == "benign"}:
        named = {r["principal_arn"] for r in truth if r["id"] == bid}
        assert named & principals, bid
    assert set(graded["result"].incidents["id"].to_list()) == {r["id"] for r in truth}


TARGETS = [
    "medium+: every attack found",
    "medium+: <= 1 false finding per 1,000 principal-days",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings per 1,000 principal-days",
    "any severity: <= 2 findings per incident",
    "cold start, trail's first day: <= 1 medium+ per 1,000 principals",
    "cold start, the new account's first day: <= 1 medium+ per 1,000 principals",
    "cold start: a stolen workload key (A4) medium+ with no history",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
]


# Measured at CI scale (seed 1, 10 days, scale 0.3) on main 931d329, before any tuning (7/10:
# A1, A7, A8 low), then after the sixth session's tuning on this suite (branch attack56: A1 and
# A8 medium): the strict xfails carry the figure; every other target passes at this scale.
# At 10 days, scale 0.3 it was 9/10 (A7 low); at this scale (8 days, 0.1, main 50b4322), with
# three days of history, A1 and A7 are low and A5 and A8 raise nothing.
MISSED = {
    "medium+: every attack found": "6/10 attacks at medium+ (A1, A7 low; A5, A8 nothing: three "
    "days of history)",
    "each attack at its expected severity": "A1 low, A5 nothing, A7 low, A8 nothing, each "
    "wanting medium+",
}


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=MISSED[t]))
        if t in MISSED
        else t
        for t in TARGETS
    ],
)
def test_issue_8_target(graded: dict[str, Any], target: str) -> None:
    met, text = graded["met"][target]
    assert met, text
