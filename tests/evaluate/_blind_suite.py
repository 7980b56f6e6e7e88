"""The fixtures and tests every blind suite's CI module shares since the fortieth (a module
imports them with ``from tests.evaluate._blind_suite import *``). The module names its suite's
``runner`` (``benchmarks.eval_heldoutNN``), ``write`` (``benchmarks.heldoutNN.write``), ``CI``
(the scale) and ``MISSED_AT_CI`` (the targets missed at that scale, each with the figure measured
there); the fixtures read them: ``run`` is one graded run of seed 1 at ``CI``, ``suite_write``
regenerates its seed, and the targets test is a strict expected failure for each target the
module says is missed."""

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
    assert_target,
    target_cases,
    trail_records,
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``index``: one case per issue 8 target, strict xfails for the module's ``MISSED_AT_CI``."""
    if "index" in metafunc.fixturenames:
        metafunc.parametrize("index", target_cases(metafunc.module.MISSED_AT_CI))


@pytest.fixture(scope="module")
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    module = request.module
    name = module.runner.__name__.rsplit("eval_", 1)[-1]
    return module.runner.evaluate(1, tmp_path_factory.mktemp(name), quiet=True, **module.CI)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def suite_write(request: pytest.FixtureRequest) -> Any:
    return request.module.write


@pytest.fixture(scope="module")
def ci_scale(request: pytest.FixtureRequest) -> dict[str, Any]:
    return request.module.CI  # type: ignore[no-any-return]


def test_issue_8_target(run: dict[str, Any], index: int) -> None:
    assert_target(run, index)


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
