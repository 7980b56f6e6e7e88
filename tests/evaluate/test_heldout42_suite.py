"""The forty-second held-out suite (Sendero Boletos, benchmarks/heldout42) at CI scale: one graded
run of seed 1 over two days, the last scored (the five slots of scored incidents fold onto it), and
the checks of its trail, truth and GeoIP files read from that run. A target missed at this scale
is a strict expected failure quoting the figure measured here; the full-scale figures are in
benchmarks/results/heldout42.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks import eval_heldout42 as runner
from benchmarks.heldout42 import write
from tests.evaluate._suite_ci import (
    assert_addresses_located,
    assert_attack_rows,
    assert_benign_rows,
    assert_imports_nothing_from_ueba,
    assert_regenerates,
    assert_target,
    target_cases,
    trail_records,
)

CI: dict[str, Any] = {"days": 2, "scale": 0.1, "scored_days": 1}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return runner.evaluate(1, tmp_path_factory.mktemp("heldout42"), quiet=True, **CI)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba() -> None:
    assert_imports_nothing_from_ueba(Path(runner.__file__).parent / "heldout42")


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
    assert_addresses_located(run["written"], records)


def test_each_attack_row_names_a_key_used_from_its_addresses_in_its_window(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    assert_attack_rows(run["written"].truth, records)


def test_each_benign_change_names_principals_of_the_trail(
    run: dict[str, Any], records: list[dict[str, Any]]
) -> None:
    assert_benign_rows(run["written"].truth, records)


# the targets missed at CI scale, with the figure measured there
MISSED_AT_CI: dict[int, str] = {
    0: "at CI scale (seed 1, two days, scale 0.1) 7/12 attacks medium+: A3, A6, A10, A11, A12 "
    "not found",
    8: "at CI scale: A3, A6, A10, A11, A12 nothing, A7 medium (wants high)",
}


@pytest.mark.parametrize("index", target_cases(MISSED_AT_CI))
def test_issue_8_target(run: dict[str, Any], index: int) -> None:
    assert_target(run, index)
