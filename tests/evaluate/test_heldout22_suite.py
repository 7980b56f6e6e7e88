"""The twenty-second held-out suite (BrightPath Learning, written without reading the rules) at
CI scale: the generator imports nothing from ueba, a seed writes the same bytes, the addresses
are where they claim to be, the truth matches the trail, and issue 8's targets on one graded run
(seed 1, 8 days with the last 5 scored, scale 0.1). A target ``ueba`` misses here is a strict
expected failure quoting the figure measured at this scale, never a reason to tune a rule."""

from __future__ import annotations

import ast
import csv
import ipaddress
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from benchmarks.eval_heldout22 import evaluate
from benchmarks.heldout22 import _world, generate
from tests.evaluate._suite_ci import assert_regenerates, trail_records

DAYS, SCALE = 8, 0.1
PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout22"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(1, tmp_path_factory.mktemp("heldout22"), days=DAYS, scale=SCALE)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_the_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n.split(".")[0] == "ueba"], path


def test_a_seed_writes_the_same_bytes_and_another_seed_another_trail(
    run: dict[str, Any], tmp_path: Path
) -> None:
    def write(out: Path, seed: int) -> Sequence[Path]:
        written = generate(out, seed=seed, days=DAYS, scale=SCALE)
        return [written.trail, written.truth]

    assert_regenerates(write, [run["written"].trail, run["written"].truth], tmp_path)


def test_addresses_are_in_their_operators_blocks_and_aws_only_where_meant() -> None:
    import ueba

    doc = json.loads((Path(ueba.__file__).parent / "data" / "ip-ranges.json").read_text())
    ec2 = [ipaddress.ip_network(p["ip_prefix"]) for p in doc["prefixes"] if p["service"] == "EC2"]
    every = [ipaddress.ip_network(p["ip_prefix"]) for p in doc["prefixes"]]
    nets = list(_world.NETS.values())
    ends = [
        str(a)
        for n in nets
        for a in (ipaddress.ip_network(n.cidr)[0], ipaddress.ip_network(n.cidr)[-1])
    ]
    found = ueba.AsnTable.bundled().lookup_ips(ends)["asn"].to_list()
    for i, net in enumerate(nets):
        block = ipaddress.ip_network(net.cidr)
        if net.aws:
            assert any(block.subnet_of(p) for p in ec2 if p.version == 4), net.cidr  # type: ignore[arg-type]
            continue
        assert found[2 * i] == found[2 * i + 1] == net.asn, (net.cidr, found[2 * i : 2 * i + 2])
        assert not any(block.overlaps(p) for p in every if p.version == 4), net.cidr
    assert all(any(t == n.cidr for n in nets) for t in _world.THREAT)


def test_the_truth_matches_the_trail(run: dict[str, Any], records: list[dict[str, Any]]) -> None:
    ids = {r["eventID"] for r in records}
    used: dict[str, set[str]] = {}
    who = " ".join(
        json.dumps(r["userIdentity"])
        for r in records
        if r["eventTime"][:10] >= str(run["written"].scored[0])
    )
    for r in records:
        if "accessKeyId" in r["userIdentity"]:
            used.setdefault(r["userIdentity"]["accessKeyId"], set()).add(r["sourceIPAddress"])
    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows} == {f"A{i}" for i in range(1, 11)} | {
        f"B{i}" for i in range(1, 12)
    }
    for row in rows:
        assert set(row["event_ids"].split()) <= ids, row["id"]
        if row["access_key_id"]:
            assert row["source_ip"] in used[row["access_key_id"]], row["id"]
        if row["principal_arn"]:
            # a role by its name, a person by the user name their sessions carry
            assert row["principal_arn"].rsplit("/", 1)[-1] in who, (row["id"], row["principal_arn"])
        assert (row["expected_min_severity"] or row["expected_max_severity"]) in (
            "low",
            "medium",
            "high",
        )


def test_the_trail_ingests_whole_with_the_new_account(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0
    assert run["written"].new_account[1] in run["written"].accounts
    paths = {p.parts[-7] for p in run["written"].trail.rglob("*.json.gz")}
    assert paths == set(run["written"].accounts)


# issue 8's targets in the order the runner reports them (benchmarks/_suite_checks.py)
TARGETS = (
    "every attack at medium+",
    "false medium+ per 1,000",
    "no benign change at medium+",
    "false any per 1,000",
    "findings per incident",
    "cold start, day one",
    "cold start, new account",
    "cold start, theft medium+",
    "attacks at expected severity",
    "benign at most allowed",
)
# measured at this scale on main 5a68939 with the suite (seed 1, 8 days, scale 0.1); again on
# branch tune19 (tuned on heldout22), where A1 rose to medium and A3 to critical
MISSED: dict[str, str] = {
    "every attack at medium+": "8/10 attacks at medium+ (A2 low, A4 nothing)",
    "attacks at expected severity": (
        "below: A2 low (wants medium+), A4 nothing, A9 medium (want high+)"
    ),
}


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, id=name, marks=[pytest.mark.xfail(strict=True, reason=MISSED[name])])
        if name in MISSED
        else pytest.param(i, id=name)
        for i, name in enumerate(TARGETS)
    ],
)
def test_issue_8_target(run: dict[str, Any], index: int) -> None:
    assert len(run["targets"]) == len(TARGETS)
    met, sentence = run["targets"][index]
    assert met, sentence
