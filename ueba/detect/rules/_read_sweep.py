"""A person's read sweep (``first_seen``'s quiet reads) and the same sweep by a new tool.

Quiet reads (:func:`_quiet_reads`): a person's new metadata reads from their usual network and
client are one observation, context (the third held-out suite's routine). With a new tool:

A FinOps or audit script is new software on a known desk: its user agent is new, and so are the
APIs and regions it reads (``Describe*`` in every region, a cost sweep). When everything new for
a principal in an hour is either such a read (read-only metadata, no secret, object, key or
credential: ``first_seen``'s quiet reads) or the client family itself, all from a network in the
principal's history, and the reads are spread over at least ``MIN_REGIONS`` regions new for it
(an inventory, not one curious call), the new client is the tool that made those reads, not a
second novelty that corroborates them: one observation, a person's read sweep, which ``first_seen`` grades as
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
from ueba.detect.rules._base import ATTACK_DISTROS, MACHINE_KINDS, PERSON_WORKLOADS
from ueba.detect.rules._sensitive_calls import SENSITIVE_APIS

# People, whose reads are work: IAM users, SAML and Identity Center users (and, by workload,
# Identity Center permission-set sessions).
PERSON_TYPES = ("iam_user", "saml_user", "federated_user", "identity_center_user")
# Read-only calls that return data, not metadata: secrets, parameters, objects, keys,
# credentials. A new one is never a quiet read.
DATA_READS = (
    *SENSITIVE_APIS["credential_access"],
    "GetObject",
    "SelectObjectContent",
    "Decrypt",
    "GenerateDataKey",
    "GetItem",
    "BatchGetItem",
    "Query",
    "Scan",
    "GetLogEvents",
    "FilterLogEvents",
    "GetQueryResults",
    "GetAuthorizationToken",
    "GetRoleCredentials",
    "GetSessionToken",
    "GetFederationToken",
    "AssumeRole",
    "AssumeRoleWithSAML",
    "AssumeRoleWithWebIdentity",
)
# When CloudTrail's readOnly is missing: the read verbs of AWS API names.
_READ_NAMES = r"^(Describe|List|Get|Lookup|Search|Head|BatchGet)"
CLIENT_DIMENSIONS = ("ua_family", "ua_os_family")
# a sweep iterates regions: fewer new regions than this in the hour is a few calls, not one
MIN_REGIONS = 3
# the attack distributions (the rules' one list)
OFFENSIVE = ATTACK_DISTROS


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


def _quiet_reads(new: pl.LazyFrame, baseline: BaselineView, deploy: pl.Expr) -> pl.LazyFrame:
    """(``principal``, ``_hour``, ``_quiet``): how many of the principal's new values (deploys
    left out) in the hour are quiet reads: a person's read of metadata (a new API or region; a
    read-only call that returns no data: not a secret, parameter, object, key or credential)
    from a network and with a client in the person's history. Joined on those few rows only."""
    usual = [
        baseline.known("principal", d)
        .select(pl.col("entity").alias("principal"), pl.col("value").alias(d))
        .unique()
        for d in ("network_key", "ua_family")
    ]
    person = pl.col("principal_type").is_in(list(PERSON_TYPES)).fill_null(False) | pl.col(
        "workload_kind"
    ).is_in(list(PERSON_WORKLOADS)).fill_null(False)
    read = pl.col("read_only").fill_null(pl.col("event_name").str.contains(_READ_NAMES))
    candidates = new.filter(
        ~deploy
        & person
        & pl.col("_dim").is_in(["api", "region"])
        & read.fill_null(False)
        & ~pl.col("event_name").is_in(list(DATA_READS)).fill_null(True)
    )
    return (
        candidates.join(usual[0], on=["principal", "network_key"], how="semi")
        .join(usual[1], on=["principal", "ua_family"], how="semi")
        .group_by("principal", "_hour")
        .agg(pl.len().cast(pl.Int64).alias("_quiet"))
    )


__all__ = [
    "CLIENT_DIMENSIONS",
    "DATA_READS",
    "MIN_REGIONS",
    "OFFENSIVE",
    "PERSON_TYPES",
    "tool_sweeps",
]
