"""A person's read sweep with a new tool: the hours ``first_seen`` does not count as a new context.

A FinOps or audit script is new software on a known desk: its user agent is new, and so are the
APIs and regions it reads (``Describe*`` in every region, a cost sweep). When everything new for
a principal in an hour is either such a read (read-only metadata, no secret, object, key or
credential: ``first_seen``'s quiet reads) or the client family itself, all from a network in the
principal's history, the new client is the tool that made those reads, not a second novelty
that corroborates them: one observation, a person's read sweep, which ``first_seen`` grades as
it grades one with the usual client (info, "context"), and a model's rare day of the same reads
follows (``ueba.detect._context``). A new network, a data read, a write or a machine workload
(whose code fixes its client) is no sweep. What it costs: GuardDuty raises
``Discovery:IAMUser/AnomalousBehavior`` (Low) for discovery calls with an unusual user agent
alone; here a person's desk vouches for the tool until it writes, reads data or moves.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import MACHINE_KINDS

CLIENT_DIMENSIONS = ("ua_family", "ua_os_family")


def tool_sweeps(
    new: pl.LazyFrame, baseline: BaselineView, deploy: pl.Expr, quiet: pl.Expr
) -> pl.LazyFrame:
    """(``principal``, ``_hour``, ``_swept``, ``_tool``): per principal and hour, how many of
    its new values (``_dim``; deploys left out) are a quiet read (``quiet``: a new API or region
    of a read-only metadata call) or a new client, from a network in the principal's history,
    by anyone but a machine workload; ``_tool``: a new client is among them and so is a read.
    Joined on the few rows that carry a new value."""
    usual = (
        baseline.known("principal", "network_key")
        .select(pl.col("entity").alias("principal"), pl.col("value").alias("network_key"))
        .unique()
    )
    client = pl.col("_dim").is_in(list(CLIENT_DIMENSIONS))
    machine = pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    return (
        new.filter(~deploy & ~machine & (client | quiet.fill_null(False)))
        .join(usual, on=["principal", "network_key"], how="semi")
        .group_by("principal", "_hour")
        .agg(
            pl.len().cast(pl.Int64).alias("_swept"),
            (client.any() & (~client).any()).alias("_tool"),
        )
    )


__all__ = ["CLIENT_DIMENSIONS", "tool_sweeps"]
