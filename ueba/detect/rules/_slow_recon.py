"""Slow recon by one machine: ``sensitive_api``'s day-long reading of a workload's enumeration
(issue 8; eighteenth session, tuning on heldout20's A9).

A recon burst is one key calling many reads it never made within an hour (``recon_burst``).
Someone on an instance with the instance's own credentials and SDK can go slower: one
enumeration call every three quarters of an hour, each hour holding one new call, so no hour is
a burst and each call alone is a low ``sensitive_api`` recon hit. Over the day, though, one
instance of a role asked who the account's users and roles are, what their policies say and
which secrets exist, none of which the role ever asked.

A machine's code fixes its calls: a release that adds reads reaches the role's instances
together and is a deploy (the fleet view marks it, and those rows never reach here), and a
person's audit is a person's. So: on a mature role, one machine workload (an instance, a task,
a function) calling at least ``slow_recon_apis`` (3, the count of distinct enumeration calls
``error_spike`` takes as probing) distinct enumeration APIs of the recon list
(the rule's ``apis["recon"]``, by default :data:`._sensitive_calls.SENSITIVE_APIS`: ``ListUsers``, ``ListRoles``,
``GetAccountAuthorizationDetails``, ``ListSecrets`` ...) that the role never called, in one day,
outside any fleet deploy, is **medium** (``slow_recon``), each of those calls a hit. A person,
a principal still learning, a deploy across the fleet, or reads the role already made are not.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import MACHINE_KINDS, Rule, api_name


def slow_recon_hits(rule: Rule, unseen: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """The ``slow_recon`` hits of ``unseen`` (the day's reads new for their principal, with
    ``workload_kind`` / ``workload_entity``, fleet deploys removed): module docstring."""
    machine = pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    actor = ["principal", "workload_entity", "_day"]
    recon = sorted(rule["apis"].get("recon", ()))
    mature = baseline.mature("principal").select(pl.col("entity").alias("principal")).unique()
    rows = (
        unseen.filter(machine & pl.col("workload_entity").is_not_null() & api_name().is_in(recon))
        .join(mature, on="principal", how="semi")
        .with_columns(pl.col("event_time").dt.date().alias("_day"))
        .with_columns(pl.col("event_name").n_unique().over(actor).alias("_recon_apis"))
        .filter(pl.col("_recon_apis") >= int(rule["slow_recon_apis"]))
    )
    return rule.emit(
        rows,
        signal="slow_recon",
        reason=pl.format(
            "{}: one of {} enumeration calls that {} never made, by one of its workloads ({}) "
            "over the day, outside any deploy across its fleet (slow recon)",
            pl.col("event_name"),
            pl.col("_recon_apis"),
            pl.col("principal_label"),
            pl.col("workload_entity"),
        ),
        baseline=pl.lit("never called by the principal"),
        observed=pl.format("{} enumeration calls in the day", pl.col("_recon_apis")),
        weight=1.0,
        severity=str(rule["slow_recon_severity"]),
    )


__all__ = ["slow_recon_hits"]
