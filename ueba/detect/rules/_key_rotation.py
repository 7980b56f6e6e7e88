"""A user rotating their own access key, which the trail itself explains (split from
:mod:`ueba.detect.rules._iam_lifecycle`, which uses it, with the small request-field helpers both
modules and the administrators' rotation rules share).

- **Rotating access keys** (IAM User Guide, "Rotating access keys"): the user creates a second
  key for themselves, moves their tools to it, then deactivates (``UpdateAccessKey`` with
  ``Inactive``) and deletes (``DeleteAccessKey``) the old one. :func:`mark_rotation` marks a
  ``CreateAccessKey`` as rotation when an IAM user creates a key *for themselves* (no
  ``userName``, or their own) and the new key is then used, at least once, only from the
  creating call's network and client or the user's usual ones (a key made in the console and
  set up in the CLI), or another of their keys is retired after it. A key for
  another user, a new key first used from elsewhere, or (left to the caller) a creating call
  from a new network or client is not rotation.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import rows_among
from ueba.detect.rules._sensitive_calls import _in_context

_RETIRE = ("UpdateAccessKey", "DeleteAccessKey")


def _field(column: str, name: str) -> pl.Expr:
    return pl.col(column).str.extract(rf'"{name}"\s*:\s*"([^"]+)"', 1)


def _own_name() -> pl.Expr:
    return pl.col("principal").str.extract(r":user/(?:.*/)?([^/]+)$", 1)


def _ok(base: pl.LazyFrame, names: tuple[str, ...]) -> pl.LazyFrame:
    return base.filter(pl.col("event_name").is_in(list(names)) & pl.col("error_code").is_null())


def calls_of(named: pl.LazyFrame, baseline: BaselineView) -> frozenset[str] | None:
    """The ``api_name`` values of ``named`` (a frame ``BaselineView.materialize`` collected,
    within a scoring), read once; outside a scoring (nothing collected) ``None``: unknown.

    A mark whose join key is null on every row but those of a few APIs (the key rotations'
    ``_new_key`` and ``_rot_user``) matches nothing when ``named`` holds none of them: it
    then adds its columns as constants instead of building its ~100-250-line plan of the
    day's lookups (benchmarks/README.md, "CI time", ci28c)."""
    if baseline.engine is None:
        return None
    names = named.select(pl.col("api_name").unique()).collect(engine=baseline.engine)
    return frozenset(names.to_series().drop_nulls().to_list())


def unmarked(named: pl.LazyFrame, columns: dict[str, bool | None]) -> pl.LazyFrame:
    """``named`` with a gated mark's columns as the mark gives them when its joins match
    nothing (:func:`calls_of`), in the mark's own order: a flag ``False``, a note (``None``)
    a null string."""
    return named.with_columns(
        (pl.lit(False) if v is False else pl.lit(None, pl.String)).alias(k)
        for k, v in columns.items()
    )


def mark_rotation(
    named: pl.LazyFrame,
    base: pl.LazyFrame,
    baseline: BaselineView,
    calls: frozenset[str] | None = None,
) -> pl.LazyFrame:
    """``named`` plus ``_rotation`` and ``_rotation_note`` (module docstring). The new key's
    calls must come from the creating call's network and client or from the person's usual
    ones; the creating call's own context is the caller's to check. ``calls``: the API names
    ``named`` holds, when known (:func:`calls_of`)."""
    if calls is not None and "CreateAccessKey" not in calls:
        # why: ``_new_key`` is null on every row but a CreateAccessKey (``create``), so the
        # joins below match nothing: ``_rotation`` false, its note null (calls_of)
        return unmarked(named, {"_rotation": False, "_rotation_note": None})
    target = _field("request_parameters", "userName")
    create = (
        (pl.col("event_name") == "CreateAccessKey")
        & (pl.col("principal_type") == "iam_user")
        & pl.col("error_code").is_null()
        & (target.is_null() | (target == _own_name())).fill_null(False)
    )
    new_key = _field("response_elements", "accessKeyId")
    # read from the day itself (a cheap filter), so that ``named``'s plan is used only once
    # (with_columns between the filters: the regexes run on the few rows of the cheap filter)
    creations = (
        base.filter(pl.col("event_name") == "CreateAccessKey")
        .with_columns(create.alias("_create"))
        .filter("_create")
        .select(
            new_key.alias("_new_key"),
            "principal",
            pl.col("event_time").alias("_minted_at"),
            pl.col("network_key").alias("_minted_net"),
            pl.col("ua_family").alias("_minted_client"),
        )
        .drop_nulls("_new_key")
        .unique("_new_key")
    )
    # the new key's own calls today: a semi-join of the day on the (few) keys created today
    # (a key made in the console and used by the CLI on the same network, or from the office
    # network the person always uses, is still the person's own context)
    at_mint = (
        (pl.col("network_key") == pl.col("_minted_net"))
        & (pl.col("ua_family") == pl.col("_minted_client"))
    ).fill_null(False)
    uses = (
        # the new keys' own rows chosen first: the day's other rows are never gathered
        rows_among(
            base,
            creations.select(pl.col("_new_key").alias("access_key_id")),
            ["access_key_id"],
            baseline,
        )
        .filter(pl.col("network_key").is_not_null())
        .select(
            "access_key_id", "principal", "network_key", "ua_family", "workload_kind", "source_kind"
        )
        .join(
            creations.drop("principal", "_minted_at"),
            left_on="access_key_id",
            right_on="_new_key",
            how="inner",
        )
        .pipe(_in_context, baseline)
        .group_by(pl.col("access_key_id").alias("_new_key"))
        .agg(
            pl.len().alias("_uses"),
            (~(pl.col("_usual") | at_mint)).any().alias("_away"),
        )
    )
    # another key of the same user deactivated or deleted by them after the creation
    retired = (
        _ok(base, _RETIRE)
        .with_columns(
            (
                (
                    (pl.col("event_name") == "DeleteAccessKey")
                    | pl.col("request_parameters").str.contains(r'"status"\s*:\s*"Inactive"')
                )
                & (
                    _field("request_parameters", "userName").is_null()
                    | (_field("request_parameters", "userName") == _own_name())
                )
            )
            .fill_null(False)
            .alias("_retire")
        )
        .filter("_retire")
        .select(
            "principal",
            _field("request_parameters", "accessKeyId").alias("_old_key"),
            pl.col("event_time").alias("_retired_at"),
            pl.col("event_name").alias("_retired_by"),
        )
        .join(creations.select("_new_key", "principal", "_minted_at"), on="principal")
        .filter(
            (pl.col("_old_key") != pl.col("_new_key")).fill_null(True)
            & (pl.col("_retired_at") >= pl.col("_minted_at"))
        )
        .group_by("_new_key")
        .agg(
            pl.col("_retired_at").min(),
            pl.col("_old_key").sort_by("_retired_at", "_old_key", "_retired_by").first(),
            pl.col("_retired_by").sort_by("_retired_at", "_old_key", "_retired_by").first(),
        )
    )
    marked = (
        named.with_columns(pl.when(create).then(new_key).alias("_new_key"))
        .join(uses, on="_new_key", how="left")
        .join(retired, on="_new_key", how="left")
    )
    used_here = (pl.col("_uses") > 0) & ~pl.col("_away")
    away = pl.col("_away").fill_null(False)
    ok = (
        pl.col("_new_key").is_not_null() & ~away & (used_here | pl.col("_retired_at").is_not_null())
    )
    note = (
        pl.when(pl.col("_retired_at").is_not_null())
        .then(
            pl.format(
                "; rotation: its own new key {}, old key {} retired at {} ({})",
                pl.col("_new_key"),
                pl.col("_old_key").fill_null("?"),
                pl.col("_retired_at").dt.strftime("%H:%M"),
                pl.col("_retired_by"),
            )
        )
        .otherwise(
            pl.format(
                "; rotation: its own new key {}, then used only from its usual network and client",
                pl.col("_new_key"),
            )
        )
    )
    return marked.with_columns(
        ok.fill_null(False).alias("_rotation"), note.alias("_rotation_note")
    ).drop("_new_key", "_uses", "_away", "_retired_at", "_old_key", "_retired_by")


__all__ = ["calls_of", "mark_rotation", "unmarked"]
