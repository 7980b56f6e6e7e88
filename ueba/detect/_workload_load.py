"""Several workload roles of one account under load on one day, nothing else raised: one note.

A season's traffic reaches every function of a platform at once: back-to-school sends each of an
LMS's API functions ten times its calls, a Black Friday every checkout service, and DynamoDB
sheds some of it (``ThrottlingException``). Each function's role is its own actor
(:mod:`ueba.detect._grouping`), so one surge was one low ``volume_spike`` finding per role (with
a throttled ``error_spike`` where the tables pushed back), each saying the same thing of one
cause: the account's load. :func:`workload_load` folds exactly those into one finding of the
account and day (actor ``workload_load``, the account's id), listing every role with its spike
hours, with every key, address, event ID and reason as any finding holds them (the machine-side
twin of :mod:`ueba.detect._network_people`).

Only load folds. Every hit of the role that day (whatever its cause) is load: a ``volume_spike``
hour, or an ``error_spike`` hour made by throttling (``volume``'s throttled reading), each hour's
every call from the role's usual network with its usual client (and, for the volume hour, every
call an API the role makes: ``rules/_scale_out.py``), at most low, on a machine workload's key
(EC2, Lambda, ECS, EKS pods: ``principal_type`` role; never a person, a long-term user key or a
CI role), no credential misuse; and at least ``MIN_ROLES`` such roles of the account spike in a
same hour. A role with any other hit (a call, a place, a client new for it, a refused
enumeration, a sensitive call, a fleet change) stays its own finding and is not folded: a stolen
function key shows more than load, and a role alone under load is its own finding as before.
The note keeps the highest severity of its members (low): the fold changes how many findings one
surge makes, never how loud it is. Its ``finding_id`` is the fold's (account, ``workload_load``,
account, cause, opened day), so the incident store carries it over to later days and files.

Twenty-fourth session, branch ``fold25``, **tuning on heldout22's B1** (back-to-school: four
Lambda function roles' surge, 4 / 3 / 4 low findings for one incident).
"""

from __future__ import annotations

import polars as pl

from ueba._frame import FrameT

WORKLOAD_LOAD = "workload_load"
# the words the volume rules' reasons use (rules/volume.py, rules/_busy_hour.py), read here: an
# hour whose every call was the principal's usual place and client, and a throttled hour
USUAL_CALLS = "every call from its usual network and client"
SHEDDING = "(the service shedding load: a surge, not probing)"
# the workload kinds whose keys the code of a fleet holds (ueba.enrich identity binding): an
# instance's, a function's, a task's, a pod's; people and CI pipelines are not the account's load
_MACHINES = ("ec2", "lambda", "ecs", "eks_pod")
# why: one role under load is that role's finding, as before; two or more roles of the account
# spiking in the same hour from their own place with their own client is the account's traffic
MIN_ROLES = 2
_ROLE = ["_home", "actor_kind", "actor_id"]
_WHERE = ["_acct", "_day"]


def _load() -> tuple[pl.Expr, pl.Expr]:
    """A hit that is load (a volume hour, or a throttled error hour, of usual calls only), and a
    throttled error hour."""
    pair = pl.format("{}/{}", "rule", "signal")
    reason = pl.col("reason").fill_null("")
    usual = reason.str.contains(USUAL_CALLS, literal=True)
    throttled = (pair == "error_spike/error_spike") & reason.str.contains(SHEDDING, literal=True)
    return (usual & ((pair == "volume_spike/volume_spike") | throttled)).fill_null(False), throttled


def workload_load_can_fold(h: pl.DataFrame, *, min_roles: int = MIN_ROLES) -> bool:
    """Whether :func:`workload_load` can fold anything of ``h`` (its input, collected): a note
    needs ``min_roles`` roles each with a hit of load; without them it returns ``h`` with
    :func:`unfolded`'s column alone, and the fold skips it (benchmarks/README.md, "CI time",
    twenty-seventh session)."""
    loaded = h.filter((pl.col("actor_kind") == "role") & _load()[0])
    return loaded.get_column("actor_id").n_unique() >= min_roles


def unfolded(h: FrameT) -> FrameT:
    """``h`` with ``_note`` false: what :func:`workload_load` returns of the hits it does not
    fold (its note's row is the one with ``_note`` true)."""
    return h.with_columns(pl.lit(False).alias("_note"))


def workload_load(
    h: pl.LazyFrame, *, low: int, misuse: str, min_roles: int = MIN_ROLES
) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``sev_rank``, ``cause``, the actor columns and ``_home``)
    with the hits of workload roles that only carried load folded into one note per account and
    day: ``actor_kind`` ``workload_load``, ``actor_id`` the account, and one more row (a copy of
    the group's strongest hit, ``_note`` true: its reason leads the finding's) whose reason names
    every role. ``low`` is the rank of low."""
    load, throttled = _load()
    hour = pl.col("event_time").dt.truncate("1h")
    # every hit of the actor, whatever incident (cause) it went to: a role's fleet change or new
    # call is another incident of the same role, and keeps the whole role out of the note
    roles = (
        h.filter(pl.col("actor_kind") == "role")
        .group_by(_ROLE)
        .agg(
            pl.col("account_id").unique().alias("_accounts"),
            pl.col("event_time").dt.date().unique().alias("_days"),
            load.all().alias("_only_load"),
            (pl.col("sev_rank") <= low).all().alias("_quiet"),
            (pl.col("cause") != misuse).fill_null(True).all().alias("_no_misuse"),
            (pl.col("principal_type") == "role").fill_null(False).all().alias("_role"),
            pl.col("workload_kind").is_in(list(_MACHINES)).fill_null(False).all().alias("_machine"),
            hour.unique().alias("_hour"),
            throttled.any().alias("_throttled"),
        )
        .filter(
            pl.col("_only_load")
            & pl.col("_quiet")
            & pl.col("_no_misuse")
            & pl.col("_role")
            & pl.col("_machine")
            & (pl.col("_accounts").list.len() == 1)
            & (pl.col("_days").list.len() == 1)
        )
        .with_columns(
            pl.col("_accounts").list.first().alias("_acct"),
            pl.col("_days").list.first().alias("_day"),
        )
        .drop("_accounts", "_days")
    )
    # why: the same cause reaches the roles together; a role under load in hours no other role
    # of the account was is its own finding
    shared = (
        roles.select(*_ROLE, *_WHERE, "_hour")
        .explode("_hour")
        .with_columns(pl.col("actor_id").n_unique().over(*_WHERE, "_hour").alias("_n_hour"))
        .group_by(_ROLE)
        .agg(pl.col("_n_hour").max().alias("_together"))
    )
    members = (
        roles.join(shared, on=_ROLE, how="inner")
        .filter(pl.col("_together") >= min_roles)
        .with_columns(pl.col("actor_id").n_unique().over(_WHERE).alias("_k"))
        .filter(pl.col("_k") >= min_roles)
    )
    listed = pl.format(
        "{} ({} hour(s) from {} to {}{})",
        pl.col("actor_id").str.split("/").list.last(),
        pl.col("_hour").list.len(),
        pl.col("_hour").list.min().dt.strftime("%H:00Z"),
        pl.col("_hour").list.max().dt.strftime("%H:00Z"),
        pl.when(pl.col("_throttled")).then(pl.lit(", throttled")).otherwise(pl.lit("")),
    )
    names = members.group_by(_WHERE).agg(listed.sort_by("actor_id").str.join("; ").alias("_names"))
    h = h.join(
        members.select(*_ROLE, *_WHERE, "_k"), on=_ROLE, how="left", nulls_equal=True
    ).with_columns(
        pl.when(pl.col("_acct").is_not_null())
        .then(pl.lit(WORKLOAD_LOAD))
        .otherwise("actor_kind")
        .alias("actor_kind"),
        pl.coalesce("_acct", "actor_id").alias("actor_id"),
    )
    order = ["weight", "event_time", "event_id", "reason"]
    note = (
        h.filter(pl.col("_acct").is_not_null())
        .sort(order, descending=[True, False, False, False])
        .group_by(_WHERE, maintain_order=True)
        .first()
        .join(names, on=_WHERE, how="left")
        .with_columns(
            pl.format(
                "{} workload roles of account {} under load in the same hours on {}: every call "
                "of their spike hours one the role makes, from its usual network with its usual "
                "client, and nothing else raised on any of them (one surge of the account's "
                "traffic, such as a season's peak, not one incident per role): {}",
                "_k",
                "_acct",
                "_day",
                "_names",
            ).alias("reason"),
            pl.lit(True).alias("_note"),
        )
        .drop("_names")
    )
    return pl.concat([unfolded(h), note], how="diagonal_relaxed").drop(*_WHERE, "_k")


__all__ = [
    "MIN_ROLES",
    "SHEDDING",
    "USUAL_CALLS",
    "WORKLOAD_LOAD",
    "unfolded",
    "workload_load",
    "workload_load_can_fold",
]
