"""The tests every blind suite's CI module shares since the fortieth (a module imports them with
``from tests.evaluate._blind_suite import *``): they read the module's graded run (fixture
``run``) and regenerate its seed with the suite's ``write`` (fixture ``suite_write``) at the
module's CI scale (fixture ``ci_scale``). The module keeps its own targets test: its strict
xfails quote its own figures."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest

from tests.evaluate._suite_ci import (
    assert_addresses_located,
    assert_attack_rows,
    assert_benign_rows,
    assert_imports_nothing_from_ueba,
    assert_regenerates,
    trail_records,
)


@pytest.fixture(scope="module")
def records(run: dict[str, Any]) -> list[dict[str, Any]]:
    return trail_records(run["written"].trail)


def test_generator_imports_nothing_from_ueba(suite_write: Any) -> None:
    assert_imports_nothing_from_ueba(Path(inspect.getfile(suite_write)).parent)


def test_same_seed_writes_the_same_trail_and_another_seed_another(
    run: dict[str, Any], suite_write: Any, ci_scale: dict[str, Any], tmp_path: Path
) -> None:
    w = run["written"]

    def again(out: Path, seed: int) -> list[Path]:
        written = suite_write(out, seed, **ci_scale)
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
