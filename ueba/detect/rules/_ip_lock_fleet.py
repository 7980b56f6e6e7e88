"""``credential_ip_lock``'s fleet: whether a key's new network is known to the role's other
actors or baseline, or one the role's fleet moved to at once (a NAT gateway, a release)."""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import order_of
from ueba.detect.fleet import actor_expr, fleet, mark_deploys
from ueba.detect.rules._base import first_event_rows


def fleet_known(
    hits: pl.LazyFrame,
    lf: pl.LazyFrame,
    today: pl.LazyFrame,
    baseline: BaselineView,
    *,
    min_actors: int,
    min_share: float,
) -> pl.LazyFrame:
    """``credential_ip_lock``'s hits plus ``fleet_known`` (another actor of the role used the
    network first today, or the role's baseline knows it) and ``fleet_actors`` (the role's fleet
    moved there at once: :func:`ueba.detect.fleet.fleet` with ``min_actors`` / ``min_share``).
    ``lf`` is the rule's featured day, ``today`` the day as the rule got it."""
    role_known = baseline.known("principal", "network_key").select(
        pl.col("entity").alias("principal"),
        pl.col("value").alias("network_key"),
        role_known=pl.lit(True),
    )
    cand = (
        hits.select(
            "access_key_id",
            "network_key",
            "principal",
            "seen_at",
            actor_expr().alias("_me"),
            "event_time",
            "event_id",
            *order_of(hits),
        )
        .pipe(first_event_rows, ["access_key_id", "network_key"])
        .cache()
    )
    # only the (role, network) pairs of the hits: the day's other rows never reach them
    by_actor = (
        lf.join(
            cand.select("principal", "network_key").unique(),
            on=["principal", "network_key"],
            how="semi",
        )
        .with_columns(actor_expr().alias("_actor"))
        .group_by("principal", "network_key", "_actor")
        .agg(pl.col("event_time").min().alias("_actor_at"))
    )
    # the two earliest actors per (role, network) say whether *another* one came first,
    # without joining every candidate with every actor (10^5 session keys on some days)
    firsts = (
        by_actor.sort("_actor_at", "_actor")
        .group_by("principal", "network_key")
        .agg(pl.col("_actor").head(2).alias("_a"), pl.col("_actor_at").head(2).alias("_t"))
    )
    other_at = (
        pl.when(pl.col("_a").list.get(0, null_on_oob=True) != pl.col("_me"))
        .then(pl.col("_t").list.get(0, null_on_oob=True))
        .otherwise(pl.col("_t").list.get(1, null_on_oob=True))
    )
    others = (
        cand.join(firsts, on=["principal", "network_key"], how="inner")
        .filter((other_at <= pl.col("seen_at")).fill_null(False))
        .select("access_key_id", "network_key", other_actor=pl.lit(True))
        .unique()
    )
    view = fleet(
        today,
        baseline,
        min_actors=min_actors,
        min_share=min_share,
        candidates=cand.select(
            "principal",
            pl.lit("network_key").alias("dimension"),
            pl.col("network_key").alias("value"),
        ),
    )
    hits = mark_deploys(
        hits.with_columns(pl.col("network_key").alias("value")), view, "network_key"
    ).drop("value")
    return (
        hits.join(role_known, on=["principal", "network_key"], how="left")
        .join(others, on=["access_key_id", "network_key"], how="left")
        .with_columns(
            (pl.col("role_known").fill_null(False) | pl.col("other_actor").fill_null(False)).alias(
                "fleet_known"
            )
        )
    )


__all__ = ["fleet_known"]
