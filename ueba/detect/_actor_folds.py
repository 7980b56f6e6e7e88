"""The fold's five actor folds, in order, each skipped when its input shows nothing it can fold.

:func:`ueba.detect._grouping.fold` gives every hit its incident (actor and cause), then folds
actors that are one incident for the reader: a shared role's new people (:mod:`._role_people`),
an office's people on a new network (:mod:`._network_people`), a team arriving together in a
new country (:mod:`._trip_people`), one operator's release in many
accounts (:mod:`._operator_fleet`), an account's workload roles under one load
(:mod:`._workload_load`). :func:`fold_actors` runs them on the hits with their incidents.

With an engine (the Scorer's path) the hits are collected before each fold and after it: each
reads its input several times, so nested they repeated everything above them through one plan
(54,381 plan lines against 1,675 in three, ~1 of ~1.4 CPU s of a 2,000-event day's scoring:
benchmarks/README.md, "CI time", sixteenth session). Each fold then runs only when the
collected hits hold what it needs to fold anything (its ``*_can_fold``: two people of a role,
``MIN_PEOPLE`` people on a new network or in a new country, ``MIN_ACCOUNTS`` accounts with a release, ``MIN_ROLES``
roles under load); otherwise it would return its input as it is, so its plan is neither built
nor collected: most small days fold nothing, and a scoring of a 9-row day collected six plans
here for nothing (twenty-seventh session). Without an engine (a caller of ``fold`` itself) a
cache node stands at each of those places and every fold runs, as one lazy plan.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect._network_people import network_people, network_people_can_fold
from ueba.detect._operator_fleet import operator_fleet, operator_fleet_can_fold
from ueba.detect._role_people import role_people, role_people_can_fold
from ueba.detect._trip_people import trip_people, trip_people_can_fold
from ueba.detect._workload_load import unfolded, workload_load, workload_load_can_fold
from ueba.schema import SEVERITY_RANK

_LOW, _MEDIUM = SEVERITY_RANK["low"], SEVERITY_RANK["medium"]


def fold_actors(
    h: pl.LazyFrame,
    *,
    operators: pl.LazyFrame | None,
    misuse: str,
    change: str,
    engine: Any,
) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``sev_rank``, ``maturity``, ``cause``, the actor columns,
    ``_home`` and ``_theft``) after the five actor folds, with ``_note`` (:mod:`._workload_load`).
    ``operators`` is :func:`ueba.detect._operator_fleet.operator_sessions` of the day (None: no
    operator fold); ``misuse`` and ``change`` the causes' names. With ``engine`` the frames are
    collected with it between the folds and a fold that can fold nothing is skipped; the same
    rows either way."""
    if engine is None:
        return _lazy(h, operators=operators, misuse=misuse, change=change)
    rows = h.collect(engine=engine)
    # why: a shared role's new people on one day, each low for the same reason (an onboarding
    # day), are one note of the role listing them all, not one finding per person (_role_people)
    if role_people_can_fold(rows, low=_LOW, misuse=misuse):
        rows = role_people(rows.lazy(), low=_LOW, misuse=misuse).collect(engine=engine)
    # why: an office's people moved together to a network new for all of them (a fail-over to
    # a mobile carrier), each low for that alone, are one note of the account and network for
    # the day, not one finding per person (_network_people)
    if network_people_can_fold(rows, misuse=misuse):
        rows = network_people(rows.lazy(), low=_LOW, misuse=misuse).collect(engine=engine)
    # why: colleagues arriving together in a country new for the account are one trip
    # (_trip_people)
    if trip_people_can_fold(rows, low=_LOW, misuse=misuse):
        rows = trip_people(rows.lazy(), low=_LOW, misuse=misuse).collect(engine=engine)
    # why: one operator's release seen through the role it assumes in every account it runs is
    # one change, not one finding per account (_operator_fleet). Its inputs are read four
    # times there: collected first, not recomputed by each reader
    if operators is not None and operator_fleet_can_fold(rows, misuse=misuse):
        rows = operator_fleet(
            rows.lazy(),
            operators.collect(engine=engine).lazy(),
            low=_LOW,
            medium=_MEDIUM,
            misuse=misuse,
            change=change,
        ).collect(engine=engine)
    # why: workload roles of an account only under load in the same hours are one surge's note.
    # Collected: the cache did not stop 3 readers recomputing it (1M-event day: 1.45 -> 0.6 CPU s)
    if workload_load_can_fold(rows):
        return workload_load(rows.lazy(), low=_LOW, misuse=misuse).collect(engine=engine).lazy()
    return unfolded(rows).lazy()


def _lazy(
    h: pl.LazyFrame, *, operators: pl.LazyFrame | None, misuse: str, change: str
) -> pl.LazyFrame:
    """The five folds as one lazy plan, a cache node before and after each (without one, a
    test's ten hits cost 2.5 CPU s instead of 0.05)."""
    h = role_people(h.cache(), low=_LOW, misuse=misuse).cache()
    h = network_people(h, low=_LOW, misuse=misuse)
    h = trip_people(h.cache(), low=_LOW, misuse=misuse).cache()
    if operators is not None:
        h = operator_fleet(
            h.cache(), operators.cache(), low=_LOW, medium=_MEDIUM, misuse=misuse, change=change
        )
    return workload_load(h.cache(), low=_LOW, misuse=misuse).cache()


__all__ = ["fold_actors"]
