"""The thirty-eighth held-out suite (Cedarline Pharmacy, written blind) at CI scale: one graded
run of seed 1 (two days, the last scored: the five slots of scored incidents fold onto it),
the generator's independence from ``ueba``, determinism (the graded seed regenerated once), the GeoIP databases,
the truth against the trail, and issue 8's targets (a target missed at CI scale is a strict
expected failure quoting the figure measured there)."""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any

import maxminddb
import pytest

from benchmarks.eval_heldout38 import evaluate
from benchmarks.heldout38 import generate
from tests.evaluate._suite_ci import assert_regenerates, trail_records

CI: dict[str, Any] = {"days": 2, "scored_days": 1, "scale": 0.1}
PACKAGE = Path(__file__).resolve().parents[2] / "benchmarks" / "heldout38"

# issue 8's targets in the order the runner reports them; a reason: missed at CI scale
MISSED: dict[str, str] = {
    # twenty-first session (branch tune40, tuning on heldout38): A1 low -> high at CI scale
    "medium+: every attack found": "CI scale (seed 1, 2 days, 1 scored, scale 0.1): 9/11 attacks "
    "at medium+ (A10 low, A6 nothing)",
    "each attack at its expected severity": "CI scale: below: A10 low (wants medium+), A3 medium "
    "(wants high+), A6 nothing (wants medium+), A7 medium (wants high+)",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return evaluate(1, tmp_path_factory.mktemp("heldout38"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), (path, names)


def test_same_seed_same_bytes_another_seed_another_trail(
    run: dict[str, Any], tmp_path: Path
) -> None:
    # the smallest trail costs what the graded one does (the pollers' fixed cadence): the
    # graded seed regenerated once and compared with the graded run's own files
    def write(out: Path, seed: int) -> list[Path]:
        w = generate(out, seed, **CI)
        return [w.trail, w.truth]

    graded = run["written"]
    assert_regenerates(write, [graded.trail, graded.truth], tmp_path)


def test_nothing_quarantined_and_layout(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0
    w = run["written"]
    files = sorted(w.trail.rglob("*.json.gz"))
    assert len(files) == w.files
    for path in files[:50]:
        parts = path.relative_to(w.trail).parts
        assert parts[0] == "AWSLogs" and parts[2] == "CloudTrail" and parts[1] in w.accounts
        assert path.name.startswith(f"{parts[1]}_CloudTrail_{parts[3]}_")


def test_every_public_address_is_in_both_geo_databases(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    w = run["written"]
    public = set()
    for r in records:
        try:
            ip = ipaddress.ip_address(r["sourceIPAddress"])
        except ValueError:
            continue  # a service's host name
        if ip.is_global:
            public.add(str(ip))
    assert public
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        for address in sorted(public):
            assert asn.get(address), address
            assert city.get(address), address


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _principal(r: dict[str, Any]) -> str | None:
    u = r["userIdentity"]
    issuer = u.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
    if issuer and "/AWSReservedSSO_" not in issuer:
        return str(issuer)
    arn = u.get("arn")
    return None if arn is None else str(arn)


def test_every_truth_row_names_what_the_trail_holds(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    import csv

    with run["written"].truth.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows if r["label"] == "attack"} >= {f"A{i}" for i in range(1, 12)}
    assert {r["id"] for r in rows if r["label"] == "benign"} >= {f"B{i}" for i in range(1, 13)}
    times = [(_time(r["eventTime"]), r) for r in records]
    held: set[str] = set()
    for row in rows:
        start, end = _time(row["start"]), _time(row["end"])
        ips = set(row["source_ip"].split())
        found = [
            r
            for t, r in times
            if start <= t <= end
            and (
                not row["access_key_id"]
                or r["userIdentity"].get("accessKeyId") == row["access_key_id"]
            )
            and (not row["principal_arn"] or _principal(r) == row["principal_arn"])
            and (not ips or r["sourceIPAddress"] in ips)
        ]
        # a row naming a key names what happened; a row naming a principal may name one that
        # did not act in a small trail (the Quebec dispatch function with no orders yet, an
        # engineer who did not sign in to management that day); every incident is in the trail
        assert found or not row["access_key_id"], row
        if found:
            held.add(row["id"])
        if row["label"] == "attack":
            assert row["expected_min_severity"] in ("medium", "high", "critical"), row
    assert held == {r["id"] for r in rows}


def _target(run: dict[str, Any], prefix: str) -> tuple[bool, str]:
    [(met, text)] = [(m, t) for m, t in run["targets"] if t.startswith(prefix)]
    return met, text


TARGETS = [
    "medium+: every attack found",
    "medium+: <= 1 false finding",
    "medium+: 0 benign changes flagged",
    "any severity: <= 10 false findings",
    "any severity: <= 2 findings per incident",
    "cold start, the trail's first day",
    "cold start, the new account's first day",
    "cold start: the new Quebec account's instance credentials",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
]


@pytest.mark.parametrize(
    "prefix",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=MISSED[p]))
        if p in MISSED
        else p
        for p in TARGETS
    ],
)
def test_issue_8_target(run: dict[str, Any], prefix: str) -> None:
    met, text = _target(run, prefix)
    assert met, text
