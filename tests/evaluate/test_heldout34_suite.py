"""The thirty-fourth held-out suite (Lumen Relief International, written blind) at CI scale:
one graded run of seed 1 (four days, the last two scored, scale 0.1: the five slots of scored
incidents fold onto two days), the generator's independence from ``ueba``, determinism (the
graded seed regenerated once, and the next seed), GeoIP coverage of every address, the truth
rows found in the trail, and issue 8's targets; a target missed at CI scale is a strict
expected failure quoting the figure measured there."""

from __future__ import annotations

import ast
import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any

import maxminddb
import pytest

from benchmarks import eval_heldout34 as runner
from benchmarks.heldout34 import write
from tests.evaluate._suite_ci import assert_regenerates, trail_records

CI: dict[str, Any] = {"days": 4, "scored_days": 2, "scale": 0.1}
PACKAGE = Path(runner.__file__).parent / "heldout34"
# issue 8's targets in the order `standard_targets` gives them, and those missed at CI scale
TARGETS = [
    "every attack found at medium+",
    "<= 1 false medium+ per 1,000 principal-days",
    "no benign change at medium+",
    "<= 10 false findings per 1,000 principal-days",
    "<= 2 findings per incident",
    "cold start: the trail's first day",
    "cold start: the new account's first day",
    "cold start: A7 medium+ with no history",
    "each attack at its expected severity",
    "each benign change at most its allowed severity",
]
MISSED_AT_CI: dict[str, str] = {
    # tune32 (tuning on heldout34): A8 high (a Lambda key from another region's EC2 ranges)
    "every attack found at medium+": "medium+: every attack found (6/11) at CI scale, seed 1",
    "each attack at its expected severity": (
        "below at CI scale, seed 1: A10 nothing (wants medium+), A11 nothing (wants medium+), "
        "A3 nothing (wants critical+), A4 nothing (wants medium+), A6 nothing (wants medium+)"
    ),
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return runner.evaluate(1, tmp_path_factory.mktemp("heldout34"), quiet=True, **CI)


def test_generator_imports_nothing_from_ueba() -> None:
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n == "ueba" or n.startswith("ueba.") for n in names), path


def test_nothing_quarantined(run: dict[str, Any]) -> None:
    assert run["ingest"].exit_code == 0
    assert run["written"].events > 1000


def test_same_seed_same_bytes_another_seed_another_trail(
    run: dict[str, Any], tmp_path: Path
) -> None:
    w = run["written"]

    def again(out: Path, seed: int) -> list[Path]:
        o = write(out, seed=seed, **CI)
        return [o.trail, o.truth]

    assert_regenerates(again, [w.trail, w.truth], tmp_path)


def test_geoip_covers_every_public_address(run: dict[str, Any]) -> None:
    w = run["written"]
    public = set()
    for rec in trail_records(w.trail):
        try:
            ip = ipaddress.ip_address(rec["sourceIPAddress"])
        except ValueError:
            continue  # an AWS service's name
        if ip.is_global:
            public.add(str(ip))
    assert public and public <= set(w.addresses)
    with (
        maxminddb.open_database(str(w.asn_db)) as asn,
        maxminddb.open_database(str(w.city_db)) as city,
    ):
        for ip in public:
            assert asn.get(ip) and city.get(ip), ip


def _principals(rec: dict[str, Any]) -> set[str]:
    ident = rec["userIdentity"]
    issuer = ident.get("sessionContext", {}).get("sessionIssuer", {}).get("arn")
    return {x for x in (ident.get("arn"), issuer) if x}


def test_truth_rows_are_in_the_trail(run: dict[str, Any]) -> None:
    w = run["written"]
    import csv

    records = trail_records(w.trail)
    with w.truth.open() as handle:
        rows = list(csv.DictReader(handle))
    ids = {r["id"] for r in rows}
    assert len([i for i in ids if i.startswith("A")]) >= 10
    assert len([i for i in ids if i.startswith("B")]) >= 10
    for row in rows:
        start, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
        ips = set(row["source_ip"].split())
        hits = [
            r
            for r in records
            if start <= dt.datetime.fromisoformat(r["eventTime"]) <= end
            and (
                not row["access_key_id"]
                or r["userIdentity"].get("accessKeyId") == row["access_key_id"]
            )
            and (not ips or r["sourceIPAddress"] in ips)
            and (
                not row["principal_arn"]
                or row["principal_arn"] in _principals(r)
                or row["access_key_id"]
            )
        ]
        assert hits, row


@pytest.mark.parametrize(
    "index",
    [
        pytest.param(i, id=name, marks=pytest.mark.xfail(strict=True, reason=MISSED_AT_CI[name]))
        if name in MISSED_AT_CI
        else pytest.param(i, id=name)
        for i, name in enumerate(TARGETS)
    ],
)
def test_issue8_target(run: dict[str, Any], index: int) -> None:
    assert len(run["targets"]) == len(TARGETS)
    met, text = run["targets"][index]
    assert met, text
