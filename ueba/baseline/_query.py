"""Vectorised look-ups of a fitted baseline, joined onto the caller's frame.

The public entry points are the ``Baseline`` methods of the same names; these functions take the
learned frames explicitly so that they stay pure and testable.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from ueba._collect import ENGINE
from ueba.baseline.summaries import DIMENSIONS, SCOPES, dimension_expr, entity_expr
from ueba.schema import VOLUME_STATS

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

_E, _A, _V = "__ueba_entity", "__ueba_account", "__ueba_value"


def _check(scope: str, dimension: str | None = None) -> None:
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
    if dimension is not None and dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; expected one of {DIMENSIONS}")


def _keys(
    lf: pl.LazyFrame,
    scope: str,
    entity_col: str | None,
    account_col: str,
    dimension: str | None = None,
    value_col: str | None = None,
) -> pl.LazyFrame:
    exprs = [
        (entity_expr(scope) if entity_col is None else pl.col(entity_col))
        .cast(pl.String)
        .alias(_E),
        pl.col(account_col).cast(pl.String).alias(_A),
    ]
    if dimension is not None:
        value = dimension_expr(dimension) if value_col is None else pl.col(value_col)
        exprs.append(value.cast(pl.String).alias(_V))
    return lf.with_columns(exprs)


def _finish(frame: FrameT, lf: pl.LazyFrame, outputs: list[str]) -> FrameT:
    existing = set(frame.collect_schema().names())
    clash = [name for name in outputs if name in existing]
    if clash:
        raise ValueError(
            f"the frame already has columns {clash}; pass prefix= to name the new ones apart"
        )
    lf = lf.drop([_E, _A, _V], strict=False)
    if isinstance(frame, pl.DataFrame):
        return lf.collect(engine=ENGINE)
    return lf


def known(
    frame: FrameT,
    profile: pl.DataFrame,
    maturity: pl.DataFrame,
    *,
    scope: str,
    dimension: str,
    entity_col: str | None,
    value_col: str | None,
    account_col: str,
    prefix: str,
) -> FrameT:
    _check(scope, dimension)
    names = {
        key: f"{prefix}{key}"
        for key in (
            "is_known_for_entity",
            "is_known_for_account",
            "value_count",
            "value_days_seen",
            "value_first_seen",
            "value_last_seen",
            "account_value_first_seen",
            "entity_days_observed",
            "entity_cold_start",
        )
    }
    rows = profile.lazy().filter(pl.col("dimension") == dimension)
    for_entity = rows.filter(pl.col("scope") == scope).select(
        pl.col("entity").alias(_E),
        pl.col("account_id").alias(_A),
        pl.col("value").alias(_V),
        pl.col("count").alias("__count"),
        pl.col("days_seen").alias("__days_seen"),
        pl.col("first_seen").alias("__first_seen"),
        pl.col("last_seen").alias("__last_seen"),
    )
    for_account = rows.filter(pl.col("scope") == "account").select(
        pl.col("account_id").alias(_A),
        pl.col("value").alias(_V),
        pl.col("first_seen").alias("__account_first_seen"),
    )
    ages = (
        maturity.lazy()
        .filter(pl.col("scope") == scope)
        .select(
            pl.col("entity").alias(_E),
            pl.col("account_id").alias(_A),
            pl.col("days_observed").alias("__days_observed"),
            pl.col("cold_start").alias("__cold_start"),
        )
    )
    lf = _keys(frame.lazy(), scope, entity_col, account_col, dimension, value_col)
    join = {"how": "left", "nulls_equal": True, "maintain_order": "left", "validate": "m:1"}
    lf = (
        lf.join(for_entity, on=[_E, _A, _V], **join)  # type: ignore[arg-type]
        .join(for_account, on=[_A, _V], **join)  # type: ignore[arg-type]
        .join(ages, on=[_E, _A], **join)  # type: ignore[arg-type]
    )
    has_value = pl.col(_V).is_not_null()
    has_entity = pl.col(_E).is_not_null()
    evidence = has_value & has_entity
    lf = lf.with_columns(
        pl.when(evidence).then(pl.col("__count").is_not_null()).alias(names["is_known_for_entity"]),
        pl.when(has_value)
        .then(pl.col("__account_first_seen").is_not_null())
        .alias(names["is_known_for_account"]),
        pl.when(evidence).then(pl.col("__count").fill_null(0)).alias(names["value_count"]),
        pl.when(evidence).then(pl.col("__days_seen").fill_null(0)).alias(names["value_days_seen"]),
        pl.col("__first_seen").alias(names["value_first_seen"]),
        pl.col("__last_seen").alias(names["value_last_seen"]),
        pl.col("__account_first_seen").alias(names["account_value_first_seen"]),
        pl.when(has_entity)
        .then(pl.col("__days_observed").fill_null(0))
        .alias(names["entity_days_observed"]),
        pl.when(has_entity)
        .then(pl.col("__cold_start").fill_null(True))
        .alias(names["entity_cold_start"]),
    ).drop(
        "__count",
        "__days_seen",
        "__first_seen",
        "__last_seen",
        "__account_first_seen",
        "__days_observed",
        "__cold_start",
    )
    return _finish(frame, lf, list(names.values()))


def entity_maturity(
    frame: FrameT,
    maturity: pl.DataFrame,
    *,
    scope: str,
    entity_col: str | None,
    account_col: str,
    prefix: str,
) -> FrameT:
    _check(scope)
    columns: tuple[str, ...] = (
        "days_observed",
        "events",
        "first_seen",
        "last_seen",
        "age_days",
        "cold_start",
    )
    names = {key: f"{prefix}entity_{key}" for key in (*columns, "is_new")}
    ages = (
        maturity.lazy()
        .filter(pl.col("scope") == scope)
        .select(
            pl.col("entity").alias(_E),
            pl.col("account_id").alias(_A),
            *[pl.col(key).alias(f"__{key}") for key in columns],
        )
    )
    lf = _keys(frame.lazy(), scope, entity_col, account_col).join(
        ages, on=[_E, _A], how="left", nulls_equal=True, maintain_order="left", validate="m:1"
    )
    has_entity = pl.col(_E).is_not_null()
    lf = lf.with_columns(
        pl.when(has_entity)
        .then(pl.col("__days_observed").fill_null(0))
        .alias(names["days_observed"]),
        pl.when(has_entity).then(pl.col("__events").fill_null(0)).alias(names["events"]),
        pl.col("__first_seen").alias(names["first_seen"]),
        pl.col("__last_seen").alias(names["last_seen"]),
        pl.when(has_entity).then(pl.col("__age_days").fill_null(0)).alias(names["age_days"]),
        pl.when(has_entity).then(pl.col("__cold_start").fill_null(True)).alias(names["cold_start"]),
        pl.when(has_entity).then(pl.col("__days_observed").is_null()).alias(names["is_new"]),
    ).drop([f"__{key}" for key in columns])
    return _finish(frame, lf, list(names.values()))


def volume_expectation(
    volume: FrameT,
    stats: pl.DataFrame,
    *,
    scope: str | None,
    entity_col: str,
    account_col: str,
    prefix: str,
) -> FrameT:
    if scope is not None:
        _check(scope)
    elif "scope" not in volume.collect_schema().names():
        raise ValueError("the frame has no 'scope' column; pass scope= (e.g. scope='principal')")
    measures = [name for name in VOLUME_STATS if name not in ("scope", "entity", "account_id")]
    names = {key: f"{prefix}{key}" for key in measures}
    right = stats.lazy().select(
        "scope",
        pl.col("entity").alias(_E),
        pl.col("account_id").alias(_A),
        *[pl.col(key).alias(f"__{key}") for key in measures],
    )
    lf = volume.lazy().with_columns(
        pl.col(entity_col).cast(pl.String).alias(_E), pl.col(account_col).cast(pl.String).alias(_A)
    )
    if scope is None:
        on = ["scope", _E, _A]
    else:
        right = right.filter(pl.col("scope") == scope).drop("scope")
        on = [_E, _A]
    lf = lf.join(
        right, on=on, how="left", nulls_equal=True, maintain_order="left", validate="m:1"
    ).with_columns(
        pl.col("__hours_observed").fill_null(0).alias(names["hours_observed"]),
        *[pl.col(f"__{key}").alias(names[key]) for key in measures if key != "hours_observed"],
    )
    lf = lf.drop([f"__{key}" for key in measures])
    return _finish(volume, lf, list(names.values()))


def top_values(
    frame: FrameT,
    profile: pl.DataFrame,
    *,
    scope: str,
    dimension: str,
    entity_col: str | None,
    account_col: str,
    n: int,
    column: str,
) -> FrameT:
    _check(scope, dimension)
    tops = (
        profile.lazy()
        .filter((pl.col("scope") == scope) & (pl.col("dimension") == dimension))
        .sort(["count", "value"], descending=[True, False])
        .group_by(["entity", "account_id"], maintain_order=True)
        .agg(pl.col("value").head(n).alias("__values"))
        .select(pl.col("entity").alias(_E), pl.col("account_id").alias(_A), "__values")
    )
    lf = _keys(frame.lazy(), scope, entity_col, account_col).join(
        tops, on=[_E, _A], how="left", nulls_equal=True, maintain_order="left", validate="m:1"
    )
    lf = lf.with_columns(
        pl.when(pl.col(_E).is_not_null())
        .then(pl.col("__values").fill_null(pl.lit([], dtype=pl.List(pl.String))))
        .alias(column)
    ).drop("__values")
    return _finish(frame, lf, [column])


__all__ = ["entity_maturity", "known", "top_values", "volume_expectation"]
