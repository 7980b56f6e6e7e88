"""An instance's key used from another address while the instance stays home:
``credential_ip_lock``'s ``instance_key_elsewhere`` signal.

Sixteenth session (branch ``tune24``), tuning on heldout26's A7: an instance's credentials,
taken through IMDSv1 by SSRF, used from an EC2 instance in another AWS account in the same
region, with the application's own SDK. The lock of :mod:`.ip_lock` pins a key to *networks*,
and an AWS address's network is its ``ip-ranges.json`` prefix (``54.74.0.0/15``): one prefix of
a region holds thousands of accounts' instances, so the attacker's instance can share the
victim's network and the lock holds. The address itself tells them apart. An EC2 instance
calls from its own address (its public IP, an Elastic IP, its NAT gateway's); so:

- a call of an EC2 instance's key (``workload_kind`` ec2) from an AWS address that the
  instance's history never used (the baseline's ``workload`` scope, dimension ``source_ip``)
  and that no other key of the instance used today (an Elastic IP moved onto it, a new NAT
  gateway, a stop and start: every later key calls from there too);
- while the instance itself went on calling from an address of its history both before and
  after it, within ``twin_hours`` (2): the instance did not move; its key is in two places.

**medium** (``inside_aws_severity``: stolen instance credentials replayed from an attacker's
own instance, CloudTrail's "two places at once"; GuardDuty's
``UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS``, which compares the
address with the instance's). An instance that moves (the trail's ``AssociateAddress``, a
replaced NAT gateway) leaves its old address: nothing calls from home after the move. Basis
novelty: the instance's history is the reference.

``task_key_elsewhere`` (seventeenth session, tuning on heldout28's A11): an ECS task's key
(``workload_kind`` ecs: Fargate, ECS on EC2, Batch) taken through the task metadata endpoint
by SSRF and used from another account's instance in the NAT gateway's prefix. A task's
workload is one run (its session name), so its history is its role's: the role's addresses
(the baseline's ``principal`` scope, ``source_ip``). A task lives minutes to hours and calls
from one place, its NAT gateway or its own address, for its whole life; so a call of a task's
key from an AWS address the role never used, that no other key of the role used today (a new
NAT gateway, a new subnet: every later task calls from there too), *after the same key called
from one of the role's own addresses*, is the key in a second place. **medium**, basis
novelty, as for an instance.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import coded, decoded
from ueba.detect.rules._base import rows_among

if TYPE_CHECKING:
    from ueba.detect.rules._base import Rule

# an address, not a service's host name (an AWS service calling for the instance)
_ADDRESS = r"^[0-9.]+$|^[0-9A-Fa-f:]+$"


def instance_key_elsewhere(rule: Rule, day: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """The ``instance_key_elsewhere`` and ``task_key_elsewhere`` hits of ``day`` (featured
    events; module docstring)."""
    return pl.concat(
        [_instance_twins(rule, day, baseline), _task_twins(rule, day, baseline)], how="vertical"
    )


def _calls_at_homes(
    day: pl.LazyFrame, baseline: BaselineView, kind: str, entity: str, scope: str, by: str
) -> tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame]:
    """Today's calls of ``kind``'s keys from AWS addresses that can make a twin: those away (from
    an address the baseline's ``scope`` does not know for their ``entity``) and those at home;
    and the known addresses.

    A call away from home counts only from an address that one key of the entity alone used
    today (a move: every later key uses it); a call at home counts only beside one away, on the
    same ``by`` value (the instance, or the task's key). Both are decided on the day's distinct
    (entity, address) pairs, the address pattern and the baseline's addresses looked up there
    and joined back: the calls returned are those of the pairs away and alone, and the home
    calls of the ``by`` values those have. On the 1M-event day 602,117 EC2 calls from AWS
    addresses make 1,282 pairs; a day with no pair away gathers no call."""
    cheap = day.filter(
        (pl.col("workload_kind") == kind)
        & pl.col("access_key_id").is_not_null()
        & ~pl.col("is_service_call")
        & (pl.col("source_kind") == "aws")
        & pl.col(entity).is_not_null()
    )
    pairs = baseline.materialize(
        decoded(
            cheap.group_by(*coded(cheap, entity), "source_ip_address").agg(
                coded(cheap, "access_key_id")[0].n_unique().alias("_keys")
            ),
            entity,
        )
        # an address, not a service's host name: the pattern on the distinct pairs only
        .filter(pl.col("source_ip_address").str.contains(_ADDRESS).fill_null(False))
    )
    if baseline.engine is None:
        addresses = baseline.known(scope, "source_ip")
    else:
        # within a scoring the addresses of the pairs' entities only (a few thousand), not the
        # baseline's every address of every entity the day names (346,241 rows grouped on the
        # 1M-event day, no other reader): the same rows for each entity asked
        named = pairs.select(entity).unique().collect(engine=baseline.engine)
        addresses = baseline.materialize(
            baseline.known_of(scope, "source_ip", named.to_series().to_list())
        )
    known = addresses.select(
        pl.col("entity").alias(entity),
        pl.col("value").alias("source_ip_address"),
        _home=pl.lit(True),
    )
    pairs = pairs.join(known, on=[entity, "source_ip_address"], how="left").with_columns(
        pl.col("_home").fill_null(False)
    )
    columns = ("event_id", "event_time", entity, "access_key_id", "source_ip_address")
    lone = pairs.filter(~pl.col("_home") & (pl.col("_keys") == 1)).select(
        entity, "source_ip_address"
    )
    away = baseline.materialize(
        rows_among(cheap, lone.select(entity).unique(), [entity], baseline)
        .select(columns)
        .join(lone, on=[entity, "source_ip_address"], how="semi")
    )
    home = baseline.materialize(
        rows_among(cheap, away.select(by).unique(), [by], baseline)
        .select(columns)
        .join(
            pairs.filter("_home").select(entity, "source_ip_address"),
            on=[entity, "source_ip_address"],
            how="semi",
        )
    )
    return away, home, known


def _homes(known: pl.LazyFrame, twin: pl.LazyFrame, entity: str) -> pl.LazyFrame:
    """Up to three of each twinned entity's known addresses, for the reason."""
    return (
        known.join(twin.select(entity).unique(), on=entity, how="semi")
        .filter(pl.col("source_ip_address").str.contains(_ADDRESS).fill_null(False))
        .group_by(entity)
        .agg(pl.col("source_ip_address").sort().head(3).str.join(", ").alias("_homes"))
    )


def _task_twins(rule: Rule, day: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``task_key_elsewhere`` (module docstring)."""
    away, home, known = _calls_at_homes(
        day, baseline, "ecs", "principal", "principal", "access_key_id"
    )
    # the key's first call from one of the role's own addresses
    home = home.group_by("access_key_id").agg(pl.col("event_time").min().alias("_home_before"))
    twin = away.join(home, on="access_key_id", how="inner").filter(
        pl.col("_home_before") < pl.col("event_time")
    )
    homes = _homes(known, twin, "principal")
    verdicts = baseline.materialize(
        twin.join(homes, on="principal", how="left").select("event_id", "_home_before", "_homes")
    )
    rows = rows_among(day, verdicts.select("event_id"), ["event_id"], baseline).join(
        verdicts, on="event_id", how="inner"
    )
    return rule.emit(
        rows,
        signal="task_key_elsewhere",
        reason=pl.format(
            "task {}'s key {} used from {}, an AWS address its role never used, after the task "
            "called with it from the role's own ({}) at {}: a task's key in a second place",
            pl.col("workload_id"),
            pl.col("access_key_id"),
            pl.col("source_ip_address"),
            pl.col("_homes"),
            pl.col("_home_before").dt.strftime("%H:%M"),
        ),
        baseline=pl.format("the role's addresses {}", pl.col("_homes")),
        observed=pl.col("source_ip_address"),
        weight=float(rule["inside_aws_factor"]),
        severity=str(rule["inside_aws_severity"]),
        basis="novelty",
    )


def _instance_twins(rule: Rule, day: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``instance_key_elsewhere`` (module docstring)."""
    window = dt.timedelta(hours=int(rule["twin_hours"]))
    away, home, known = _calls_at_homes(
        day, baseline, "ec2", "workload_entity", "workload", "workload_entity"
    )
    home = home.select("workload_entity", pl.col("event_time").alias("_home_at")).sort("_home_at")
    away = away.sort("event_time")
    before = away.join_asof(
        home,
        left_on="event_time",
        right_on="_home_at",
        by="workload_entity",
        strategy="backward",
        tolerance=window,
        check_sortedness=False,  # sorted above; polars cannot check it per group
    ).rename({"_home_at": "_home_before"})
    twin = (
        before.join_asof(
            home,
            left_on="event_time",
            right_on="_home_at",
            by="workload_entity",
            strategy="forward",
            tolerance=window,
            check_sortedness=False,
        )
        .rename({"_home_at": "_home_after"})
        .filter(pl.col("_home_before").is_not_null() & pl.col("_home_after").is_not_null())
    )
    homes = _homes(known, twin, "workload_entity")
    verdicts = baseline.materialize(
        twin.join(homes, on="workload_entity", how="left").select(
            "event_id", "_home_before", "_home_after", "_homes"
        )
    )
    rows = rows_among(day, verdicts.select("event_id"), ["event_id"], baseline).join(
        verdicts, on="event_id", how="inner"
    )
    return rule.emit(
        rows,
        signal="instance_key_elsewhere",
        reason=pl.format(
            "instance {}'s key {} used from {}, an AWS address the instance never used, while "
            "the instance went on calling from its own ({}) at {} and {}: the key in two places",
            pl.col("workload_id"),
            pl.col("access_key_id"),
            pl.col("source_ip_address"),
            pl.col("_homes"),
            pl.col("_home_before").dt.strftime("%H:%M"),
            pl.col("_home_after").dt.strftime("%H:%M"),
        ),
        baseline=pl.format("the instance's addresses {}", pl.col("_homes")),
        observed=pl.col("source_ip_address"),
        weight=float(rule["inside_aws_factor"]),
        severity=str(rule["inside_aws_severity"]),
        basis="novelty",
    )


__all__ = ["instance_key_elsewhere"]
