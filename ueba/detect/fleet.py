"""Fleet awareness: what a role's instances, tasks and sessions do together today.

A role is a fleet: the EC2 instances of an Auto Scaling group, the tasks of an ECS service, the
concurrent sessions of a Lambda function or a CI role. A release changes all of them at once:
every instance starts calling a new API, an SDK upgrade brings a new client, a new NAT gateway a
new network. A stolen key changes one of them, usually from a new network or with a new client.

Per (account, role, dimension, value) this module counts the role's *actors* that made the
observation today (the instance or task for EC2/ECS, else the session key) against the actors
active since the value first appeared (a deploy at noon is judged on the afternoon's fleet, not
on the morning's keys that expired before it). An observation new for the role is a **deploy**
when at least ``min_actors`` actors made it, they are at least ``min_share`` of the active fleet,
and they made it in the role's usual context: from its usual networks (for an AWS workload,
from inside AWS as it always is; outside AWS, a known network) and with its usual client, where
"usual" is the baseline's or what most of the fleet uses today. The context a value is checked
in is every *other* dimension: a new API needs the usual network and client, a new client the
usual network, a new network the usual client.

Everything is a group-by over the day's distinct (role, actor, api, client, network) tuples and
joins on those; the time-aware share joins each new observation with the role's actor spans.

>>> from ueba.detect.fleet import FLEET_DIMENSIONS
>>> FLEET_DIMENSIONS
('api', 'ua_family', 'network_key', 'region')
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ueba.detect._actor import actor_combos, actor_expr
from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features, decoded

FLEET_DIMENSIONS = ("api", "ua_family", "network_key", "region")
# Sources inside AWS: a workload there is on its usual side of the fence whatever the prefix.
INSIDE_KINDS = ("aws", "vpc_endpoint", "private")
# Which context a new value of each dimension must come with to count as a deploy.
_NEEDS = {
    "api": ("usual_net", "usual_ua"),
    "region": ("usual_net", "usual_ua"),
    "ua_family": ("usual_net",),
    "network_key": ("usual_ua",),
}
_CONTEXT = ["account_id", "principal", "network_key", "source_kind", "ua_family"]

FLEET_SCHEMA: dict[str, pl.DataType] = {
    "account_id": pl.String(),
    "principal": pl.String(),
    "dimension": pl.String(),
    "value": pl.String(),
    "actors": pl.Int64(),  # actors that made the observation in the role's usual context
    "active_actors": pl.Int64(),  # actors of the role active since the value first appeared
    "role_actors": pl.Int64(),  # actors of the role active today
    "share": pl.Float64(),
    "first_seen": pl.Datetime("us", "UTC"),
    "first_event_id": pl.String(),
    "sensitive": pl.Boolean(),  # filled by callers that know which APIs are sensitive
}


@dataclass(frozen=True)
class Fleet:
    """Today's fleet view: ``observations`` (FLEET_SCHEMA, new values only, ``deploy`` column
    added) and ``context`` (per account, role, network_key, source_kind, ua_family: is that
    network / client usual for the role, ``usual_net`` / ``usual_ua``)."""

    observations: pl.LazyFrame
    context: pl.LazyFrame
    min_actors: int
    min_share: float

    def deploys(self) -> pl.LazyFrame:
        return self.observations.filter(pl.col("deploy"))


@dataclass(frozen=True)
class _Day:
    """The candidate-independent part of the fleet view of one day. Only the day's grouping and
    the profiles are ``cache()`` nodes (polars 2.1 panics collecting a plan whose root is a cache
    over caches, as ``context`` would be); what is built on them is small."""

    long: pl.LazyFrame  # one row per (role, actor, combo, dimension) with the value
    known: pl.LazyFrame  # (principal, dimension, value) of the roles' baseline profiles
    coded_context: pl.LazyFrame  # ``context`` on the codes, for the observations' join
    context: pl.LazyFrame
    ended: pl.LazyFrame  # each role's actors by end time, with their rank (``_ended``)
    role_size: pl.LazyFrame


def fleet(
    today: pl.LazyFrame,
    baseline: BaselineView,
    *,
    min_actors: int = 2,
    min_share: float = 0.5,
    candidates: pl.LazyFrame | None = None,
) -> Fleet:
    """The fleet view of ``today`` (ENRICHED) against ``baseline``.

    Only roles are fleets; users, root and services are people or AWS and are left out.
    ``candidates`` (``principal``, ``dimension``, ``value``) limits the observations to the
    values a rule is about to report: a rule asks about its few hits, not about every value of
    every role. The day's grouping does not depend on them: it is built once per ``today`` and
    view (kept in the view's ``memo``; the Scorer gives each scoring its own) and shared by every
    rule that asks, instead of regrouping the day once per rule.
    """
    day = _day(today, baseline, min_actors, min_share)
    if candidates is None:
        return Fleet(
            _all_observations(today, day, baseline, min_actors, min_share),
            day.context,
            min_actors,
            min_share,
        )
    wanted = candidates.select("principal", "dimension", "value").unique()
    on = ["principal", "dimension", "value"]
    if baseline.engine is None:
        new = day.long.join(_coded(wanted, *on), on=on, how="semi")
        return Fleet(
            _observations(day, new, min_actors, min_share), day.context, min_actors, min_share
        )
    # within a scoring the candidates are collected once, and a rule with no candidate today
    # (first_seen on a day of nothing new) gets no observation without touching the day. The
    # others read the day's observations of every new value (``fleet_change``'s, computed once
    # per scoring): an observation is computed per (role, dimension, value) from the day's
    # tuples alone, so the candidates' rows of all of them are the rows computed for the
    # candidates only
    found = wanted.collect(engine=baseline.engine)
    if found.height == 0:
        return Fleet(_no_observations(), day.context, min_actors, min_share)
    every = _all_observations(today, day, baseline, min_actors, min_share)
    # both in memory: a semi join each reader repeats costs less than a collect of its own
    observations = every.join(found.lazy(), on=on, how="semi")
    return Fleet(observations, day.context, min_actors, min_share)


def _all_observations(
    today: pl.LazyFrame, day: _Day, baseline: BaselineView, min_actors: int, min_share: float
) -> pl.LazyFrame:
    """The observations of every value new for its role today, within a scoring collected once
    and kept in the view's memo beside the day's tables (as :func:`_day`)."""
    if baseline.engine is None:
        return _observations(day, day.long, min_actors, min_share)
    key = ("fleet_observations", id(today), min_actors, min_share)
    kept = baseline.memo.get(key)
    if kept is not None and kept[0] is today and isinstance(kept[1], pl.LazyFrame):
        return kept[1]
    every = baseline.materialize(_observations(day, day.long, min_actors, min_share))
    baseline.memo[key] = (today, every)
    return every


def _observations(day: _Day, new: pl.LazyFrame, min_actors: int, min_share: float) -> pl.LazyFrame:
    """FLEET_SCHEMA plus ``deploy``: the observations of the values of ``new`` (rows of
    ``day.long``) that are new for their role."""
    role = ["account_id", "principal"]
    new = new.join(day.known, on=["principal", "dimension", "value"], how="anti").join(
        day.coded_context, on=_CONTEXT, how="left"
    )
    in_context = _in_context(pl.col("dimension"))
    obs = new.group_by(*role, "dimension", "value").agg(
        pl.col("actor").filter(in_context).n_unique().cast(pl.Int64).alias("actors"),
        pl.col("first_seen").min(),
        pl.col("first_event_id").sort_by("first_seen", "first_event_id").first(),
    )
    # the fleet the value could have reached: actors still active when it first appeared
    # = the role's actors minus those whose last call came before it. Counted with an as-of
    # join on the actors' sorted end times (position = how many ended by then), not a join of
    # every observation with every actor: a day with a session key per event has 10^5 actors.
    active = (
        obs.select(*role, "dimension", "value", "first_seen")
        .sort("first_seen")
        .join_asof(
            day.ended,
            left_on="first_seen",
            right_on="actor_to",
            by=role,
            strategy="backward",
            allow_exact_matches=False,
            check_sortedness=False,  # sorted above; polars cannot check it per group
        )
        .select(*role, "dimension", "value", pl.col("_ended").fill_null(0))
    )
    observations = (
        obs.join(active, on=[*role, "dimension", "value"], how="left")
        .join(day.role_size, on=role, how="left")
        .with_columns(
            (pl.col("role_actors") - pl.col("_ended").fill_null(0)).alias("active_actors")
        )
        .with_columns(
            (pl.col("actors") / pl.col("active_actors").clip(lower_bound=1)).alias("share"),
            pl.lit(None, pl.Boolean).alias("sensitive"),
        )
        .select([pl.col(c).cast(t) for c, t in FLEET_SCHEMA.items()])
        .with_columns(
            ((pl.col("actors") >= min_actors) & (pl.col("share") >= min_share)).alias("deploy")
        )
    )
    return observations


def _no_observations() -> pl.LazyFrame:
    """The observations of a rule with no candidate: none, with their schema."""
    return pl.LazyFrame(schema={**FLEET_SCHEMA, "deploy": pl.Boolean()})


def _day(today: pl.LazyFrame, baseline: BaselineView, min_actors: int, min_share: float) -> _Day:
    """The day's fleet tables, from the view's memo when this very ``today`` was seen (the memo
    holds ``today`` itself, so its ``id`` cannot be reused by another frame meanwhile)."""
    key = ("fleet", id(today), min_actors, min_share)
    memo = baseline.memo
    kept = memo.get(key)
    if kept is not None and kept[0] is today and isinstance(kept[1], _Day):
        return kept[1]
    day = _build_day(today, baseline, min_actors, min_share)
    memo[key] = (today, day)
    return day


def _build_day(
    today: pl.LazyFrame, baseline: BaselineView, min_actors: int, min_share: float
) -> _Day:
    rows = add_features(today).filter(
        (pl.col("principal_type") == "role")
        & pl.col("principal").is_not_null()
        & ~pl.col("is_service_call")
    )
    # every frame below starts from these distinct tuples: computed once, read many times, and
    # on the day's codes when the Scorer made them (features.with_codes). The tables stay on
    # codes (``_coded``: the actor and the keys Categorical, the same global codes as the day's
    # and as the baseline's values cast below) until the answers are small: the role's spans,
    # majorities, context and every new value's observations group and join 4-byte keys, and
    # only the context readers join (``Fleet.context``) and the observations (FLEET_SCHEMA)
    # are cast back to strings
    keys = ["account_id", "principal", *FLEET_DIMENSIONS, "source_kind"]
    combos = _coded(actor_combos(rows, keys), *keys, "actor").cache()
    role = ["account_id", "principal"]
    spans = combos.group_by(*role, "actor").agg(
        pl.col("first_seen").min().alias("actor_from"), pl.col("last_seen").max().alias("actor_to")
    )
    role_size = spans.group_by(role).agg(pl.len().cast(pl.Int64).alias("role_actors"))

    long = _long(combos).filter(pl.col("value").is_not_null() & (pl.col("value") != "")).cache()

    # what most of the fleet does today counts as usual even when the baseline lacks it (only
    # networks and clients are context)
    day_share = (
        long.filter(pl.col("dimension").is_in(["network_key", "ua_family"]))
        .group_by(*role, "dimension", "value")
        .agg(pl.col("actor").n_unique().cast(pl.Int64).alias("n"))
        .join(role_size, on=role)
        .filter((pl.col("n") >= min_actors) & (pl.col("n") / pl.col("role_actors") >= min_share))
        .select(*role, "dimension", "value", majority=pl.lit(True))
    )
    known = _coded(
        pl.concat(
            [
                baseline.known("principal", d).select(
                    pl.col("entity").alias("principal"), "value", dimension=pl.lit(d)
                )
                for d in (*FLEET_DIMENSIONS, "source_kind")
            ]
        ),
        "principal",
        "value",
        "dimension",
    ).cache()
    inside_known = (
        known.filter(
            (pl.col("dimension") == "source_kind") & pl.col("value").is_in(list(INSIDE_KINDS))
        )
        .select("principal", inside_known=pl.lit(True))
        .unique()
    )

    def usual(dim: str, alias: str) -> pl.LazyFrame:
        parts = [
            frame.filter(pl.col("dimension") == dim).select(
                "principal", pl.col("value").alias(dim), pl.lit(True).alias(alias)
            )
            for frame in (known, day_share)
        ]
        return pl.concat(parts, how="vertical").unique()

    context = (
        combos.select(_CONTEXT)
        .unique()
        .join(usual("network_key", "_net_ok"), on=["principal", "network_key"], how="left")
        .join(usual("ua_family", "_ua_ok"), on=["principal", "ua_family"], how="left")
        .join(inside_known, on="principal", how="left")
        .select(
            *_CONTEXT,
            (
                pl.col("_net_ok").fill_null(False)
                | (
                    pl.col("source_kind").is_in(list(INSIDE_KINDS)).fill_null(False)
                    & pl.col("inside_known").fill_null(False)
                )
            ).alias("usual_net"),
            pl.col("_ua_ok").fill_null(False).alias("usual_ua"),
        )
    )
    ended = (
        spans.select(*role, "actor_to")
        .sort(*role, "actor_to")
        .with_columns(pl.int_range(1, pl.len() + 1).over(role).alias("_ended"))
        .sort("actor_to")
    )
    tables = [
        long,
        known.select("principal", "dimension", "value"),
        context,
        decoded(context, *_CONTEXT),
        ended,
        role_size,
    ]
    if baseline.engine is not None:
        # within a scoring (BaselineView.for_entities): collected once, together, and read from
        # memory by every rule, rather than as cache nodes each rule's plan may recompute
        tables = [t.lazy() for t in pl.collect_all(tables, engine=baseline.engine)]
    return _Day(*tables)


def _coded(frame: pl.LazyFrame, *names: str) -> pl.LazyFrame:
    """``frame`` with ``names`` as Categorical: the day's codes (:func:`features.coded`) stay
    as they are, strings (a day without codes, the baseline's values) are cast to the same
    global codes."""
    return frame.with_columns(pl.col(n).cast(pl.Categorical) for n in names)


def _long(combos: pl.LazyFrame) -> pl.LazyFrame:
    """One row per (combo, dimension): the dimension's value next to the combo's context."""
    parts = [
        combos.select(
            "account_id",
            "principal",
            "actor",
            "network_key",
            "source_kind",
            "ua_family",
            "first_seen",
            "first_event_id",
            pl.lit(dim).cast(pl.Categorical).alias("dimension"),
            pl.col(dim).cast(pl.Categorical).alias("value"),
        )
        for dim in FLEET_DIMENSIONS
    ]
    return pl.concat(parts, how="vertical")


def _in_context(dimension: pl.Expr) -> pl.Expr:
    """Is a row in the context a new value of ``dimension`` needs (see ``_NEEDS``)?"""
    ok = pl.lit(False)
    for dim, needs in _NEEDS.items():
        need = pl.lit(True)
        for flag in needs:
            need = need & pl.col(flag).fill_null(False)
        ok = pl.when(dimension == dim).then(need).otherwise(ok)
    return ok


def mark_deploys(
    frame: pl.LazyFrame, view: Fleet, dimension: str | pl.Expr, value: str = "value"
) -> pl.LazyFrame:
    """``frame`` (rows with ``account_id``, ``principal``, ``network_key``, ``source_kind``,
    ``ua_family`` and a ``value`` column) plus ``fleet_actors`` and ``fleet_active``: set when
    the row's value of ``dimension`` (a name, or an expression naming it per row) is a fleet
    deploy AND the row itself is in the role's usual context - the same new call from a new
    network or with a new client is not the deploy, even on the day the deploy happens."""
    dim = pl.lit(dimension) if isinstance(dimension, str) else dimension
    deploys = view.deploys().select(
        "account_id",
        "principal",
        pl.col("dimension").alias("_fdim"),
        pl.col("value").alias(value),
        pl.col("actors").alias("_fleet_actors"),
        pl.col("active_actors").alias("_fleet_active"),
    )
    ok = _in_context(pl.col("_fdim"))
    return (
        frame.with_columns(dim.cast(pl.String).alias("_fdim"))
        .join(deploys, on=["account_id", "principal", "_fdim", value], how="left")
        .join(view.context, on=_CONTEXT, how="left")
        .with_columns(
            pl.when(ok).then(pl.col("_fleet_actors")).alias("fleet_actors"),
            pl.when(ok).then(pl.col("_fleet_active")).alias("fleet_active"),
        )
        .drop("_fdim", "_fleet_actors", "_fleet_active", "usual_net", "usual_ua")
    )


__all__ = ["FLEET_DIMENSIONS", "FLEET_SCHEMA", "Fleet", "actor_expr", "fleet", "mark_deploys"]
