"""Every registered rule keeps the rule contract; a broken rule is caught by it."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl
import pytest

from ueba.detect.rules import RULES, Rule
from ueba.testing.rules import check_rule


@pytest.mark.parametrize("name", sorted(RULES))
def test_registered_rule_passes_check_rule(name: str) -> None:
    check_rule(RULES[name])


def test_registry_keys_are_rule_names() -> None:
    assert all(cls.name == key for key, cls in RULES.items())
    assert len(RULES) >= 9


class _FansOut(Rule):
    """Emits every event twice under one signal (the bug a careless join makes)."""

    name = "fans_out"
    family = "test"
    description = "broken on purpose"
    params: ClassVar[dict[str, Any]] = {}

    def _evaluate(self, today: pl.LazyFrame, baseline: Any) -> pl.LazyFrame:
        rows = pl.concat([today, today]).filter(pl.col("event_name").is_not_null())
        return self.emit(
            rows, signal="x", reason=pl.lit("a reason long enough"), observed=pl.lit("y")
        )


class _WrongSchema(Rule):
    """Returns the input instead of HITS."""

    name = "wrong_schema"
    family = "test"
    description = "broken on purpose"

    def _evaluate(self, today: pl.LazyFrame, baseline: Any) -> pl.LazyFrame:
        return today


def test_check_rule_catches_a_fan_out() -> None:
    with pytest.raises(AssertionError, match="more than one hit per"):
        check_rule(_FansOut)


def test_check_rule_catches_a_wrong_schema() -> None:
    with pytest.raises(AssertionError, match="not exactly HITS"):
        check_rule(_WrongSchema)
