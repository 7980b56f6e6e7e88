"""A person's read sweep with a new tool: the hours ``first_seen`` does not count as a new context.

A FinOps or audit script is new software on a known desk: its user agent is new, and so are the
APIs and regions it reads (``Describe*`` in every region, a cost sweep). When everything new for
a principal in an hour is either such a read (read-only metadata, no secret, object, key or
credential: ``first_seen``'s quiet reads) or the client family itself, all from a network in the
principal's history, and the reads are spread over at least ``MIN_REGIONS`` regions new for it
(an inventory, not one curious call), the new client is the tool that made those reads, not a
second novelty
that corroborates them: one observation, a person's read sweep, which ``first_seen`` grades as
it grades one with the usual client (info, "context"), and a model's rare day of the same reads
follows (``ueba.detect._context``). A new network, a data read, a write, a machine workload
(whose code fixes its client), a client on an attack distribution (Kali, Parrot: GuardDuty's
``PenTest:IAMUser/KaliLinux``) or a single new call is no sweep. What it costs: GuardDuty raises
``Discovery:IAMUser/AnomalousBehavior`` (Low) for discovery calls with an unusual user agent
alone; here a person's desk vouches for the tool until it writes, reads data or moves.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import MACHINE_KINDS

CLIENT_DIMENSIONS = ("ua_family", "ua_os_family")
# a sweep iterates regions: fewer new regions than this in the hour is a few calls, not one
MIN_REGIONS = 3
# the attack distributions leaked_long_term_key names too (its ``offensive_distros``)
OFFENSIVE = ("kali", "parrot", "blackarch", "pentoo")


def tool_sweeps(
    new: pl.LazyFrame, baseline: BaselineView, deploy: pl.Expr, quiet: pl.Expr
) -> pl.LazyFrame:
    """(``principal``, ``_hour``, ``_swept``, ``_tool``): per principal and hour, how many of
    its new values (``_dim``; deploys left out) are a quiet read (``quiet``: a new API or region
    of a read-only metadata call) or a new client, from a network in the principal's history,
    by anyone but a machine workload on an ordinary distribution; ``_tool``: a new client is
    among them, and reads in at least ``MIN_REGIONS`` new regions. Joined on the few rows that
    carry a new value."""
    usual = (
        baseline.known("principal", "network_key")
        .select(pl.col("entity").alias("principal"), pl.col("value").alias("network_key"))
        .unique()
    )
    client = pl.col("_dim").is_in(list(CLIENT_DIMENSIONS))
    machine = pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    offensive = pl.col("ua_distro").is_in(list(OFFENSIVE)).fill_null(False) | pl.col(
        "ua_os_family"
    ).is_in(list(OFFENSIVE)).fill_null(False)
    regions = pl.col("value").filter(pl.col("_dim") == "region").n_unique()
    return (
        new.filter(~deploy & ~machine & ~offensive & (client | quiet.fill_null(False)))
        .join(usual, on=["principal", "network_key"], how="semi")
        .group_by("principal", "_hour")
        .agg(
            pl.len().cast(pl.Int64).alias("_swept"),
            (client.any() & (~client).any() & (regions >= MIN_REGIONS)).alias("_tool"),
        )
    )


__all__ = ["CLIENT_DIMENSIONS", "MIN_REGIONS", "OFFENSIVE", "tool_sweeps"]
