"""A deputy tricked into a role: a signal of ``outside_account_grant``.

``assumed_without_external_id`` (:func:`without_external_id`). A service that assumes roles in
other people's accounts on their behalf (a managed service provider's automation, a SaaS
vendor's scanner) holds each customer to an ``ExternalId``: the customer's trust policy
requires ``sts:ExternalId``, and the service passes that customer's ID on every
``AssumeRole``. That is AWS's defence against the *confused deputy* (IAM User Guide, "The
confused deputy problem"; "Access to AWS accounts owned by third parties"): without it, anyone
who can make the service act (a tenant of its portal naming a role ARN) can steer it into any
account whose role trusts the service's account, and the service carries the request out with
its own credentials, from its own network, with its own client.

So the signal is the request itself, against the caller's own sibling calls of the day: a
successful cross-account ``AssumeRole`` *without* an ``externalId``, by a principal whose
other cross-account ``AssumeRole`` calls that day all passed one (at least ``min_siblings``
distinct roles, so "always" is a record and not one call), into a role whose sessions the
baseline never saw (a role nobody used in the window: a forgotten trust from before the
external-ID era), in a mature account. The deputy's address, agent and cadence are its own and
prove nothing; the missing ``externalId`` and the unused role do. A caller that never passes
external IDs (an organisation's own CI assuming deploy roles) has no sibling record and is not
judged; a caller that also assumed a role with a history without an ID today (an engineer
assuming customers' roles with their IDs and an own-organisation role without) goes without by
habit and is not judged either; a role with a history is never the hit.

The hit is on the calls of the key the ``AssumeRole`` minted (the role's session: its actor and
key) and on the ``AssumeRole`` itself only when that key made no call
(as ``assumed_by_outside_account``'s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import role_name, rows_among

if TYPE_CHECKING:
    from ueba.detect.rules._base import Rule

_COLUMNS = ["_caller", "_role", "_assume_id", "_with_id", "_roles_with_id"]


def without_external_id(
    lf: pl.LazyFrame, baseline: BaselineView, *, min_siblings: int
) -> pl.LazyFrame:
    """Rows of ``lf`` (featured events): the calls of a key minted by a successful
    cross-account ``AssumeRole`` without an ``externalId``, by a caller whose other
    cross-account ``AssumeRole`` calls today passed one, into at least ``min_siblings``
    distinct roles (and none without one into a role with a history), of a role the baseline
    never saw used, in a mature account; or that ``AssumeRole`` when its key made no call.
    Plus ``_caller`` (the calling principal), ``_role``, ``_assume_id``, ``_with_id`` (the
    caller's calls with an ExternalId today) and ``_roles_with_id`` (their distinct roles).

    A cross-account ``AssumeRole`` is logged twice when both accounts are in the trail: in the
    caller's account (whose ``userIdentity`` names the calling role or user) and in the
    role's. Each minting counts once (its minted key), named by the copy that names the
    caller's ARN when there is one."""
    request = pl.col("request_parameters").fill_null("")
    role_arn = request.str.json_path_match("$.roleArn")
    named = pl.col("principal_arn").str.starts_with("arn:")
    assumes = baseline.materialize(
        lf.filter(
            # the request parsed on the successful AssumeRole calls only: ANDed with the
            # rest, polars parses every row of the day's JSON first (0.5 CPU s a 570k-row day)
            pl.when(
                (pl.col("event_name") == "AssumeRole")
                & pl.col("error_code").is_null()
                & ~pl.col("is_service_call")
                & pl.col("principal_arn").is_not_null()
            )
            .then(
                (
                    role_arn.str.extract(r"^arn:[^:]+:iam::(\d{12}):", 1)
                    != pl.col("identity_account_id")
                ).fill_null(False)
            )
            .otherwise(False)
        )
        .with_columns(
            pl.col("response_elements")
            .str.json_path_match("$.credentials.accessKeyId")
            .alias("_minted_key"),
            role_arn.alias("_role_arn"),
            request.str.contains(r'"externalId"\s*:').alias("_external_id"),
        )
        .filter(pl.col("_minted_key").is_not_null())
        # one row per minting: the caller's copy (its ARN) first, then by event id
        .sort([named, pl.col("event_id")], descending=[True, False])
        .group_by("_minted_key", maintain_order=True)
        .agg(
            pl.col("principal_arn").first().alias("_caller"),
            pl.col("_role_arn", "_external_id").first(),
            pl.col("event_id").first().alias("_assume_id"),
        )
    )
    used = (
        baseline.known("principal", "api")
        .select(pl.col("entity").alias("_role_arn"), _used=pl.lit(True))
        .unique()
    )
    assumes = assumes.join(used, on="_role_arn", how="left").with_columns(
        pl.col("_used").fill_null(False)
    )
    # the caller's record of the day: its cross-account AssumeRole calls with an ExternalId
    record = (
        assumes.group_by("_caller")
        .agg(
            pl.col("_external_id").sum().cast(pl.Int64).alias("_with_id"),
            pl.col("_role_arn").filter(pl.col("_external_id")).n_unique().alias("_roles_with_id"),
            (~pl.col("_external_id") & pl.col("_used")).any().alias("_habit"),
        )
        # why: a call without one into a role with a history (an engineer's own-organisation
        # role beside customers' roles) makes going without a habit of the caller, not a slip
        .filter((pl.col("_roles_with_id") >= min_siblings) & ~pl.col("_habit"))
        .drop("_habit")
    )
    mature = baseline.mature_accounts().rename({"account_id": "_account"})
    verdicts = (
        assumes.filter(
            ~pl.col("_external_id") & ~pl.col("_used") & pl.col("_role_arn").is_not_null()
        )
        .join(record, on="_caller", how="inner")
        .with_columns(
            pl.col("_role_arn").str.extract(r"^arn:[^:]+:iam::(\d{12}):", 1).alias("_account")
        )
        .join(mature, on="_account", how="semi")
        .with_columns(role_name(pl.col("_role_arn")).alias("_role"))
        .select("_minted_key", *_COLUMNS)
    )
    verdicts = baseline.materialize(verdicts)
    # the session's calls, found by the key minted (whichever copy the enrichment bound it to)
    minted = verdicts.rename({"_minted_key": "access_key_id"})
    calls = rows_among(lf, minted.select("access_key_id"), ["access_key_id"], baseline)
    used_keys = baseline.materialize(calls.join(minted, on="access_key_id", how="inner"))
    # a key that made no call: the hit is on the AssumeRole copy that names the caller
    idle = verdicts.join(
        used_keys.select(pl.col("access_key_id").alias("_minted_key")).unique(),
        on="_minted_key",
        how="anti",
    )
    unused = rows_among(
        lf, idle.select(pl.col("_assume_id").alias("event_id")), ["event_id"], baseline
    ).join(
        idle.drop("_minted_key")
        .rename({"_assume_id": "event_id"})
        .with_columns(pl.col("event_id").alias("_assume_id")),
        on="event_id",
        how="inner",
    )
    return pl.concat([unused, used_keys], how="diagonal_relaxed")


def deputy_hits(rule: Rule, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``outside_account_grant``'s ``assumed_without_external_id`` hits of ``lf`` (featured
    events; :func:`without_external_id`)."""
    rows = without_external_id(lf, baseline, min_siblings=int(rule["deputy_min_siblings"]))
    return rule.emit(
        rows,
        signal="assumed_without_external_id",
        reason=pl.format(
            "role {} assumed by {} without an ExternalId (AssumeRole, event {}), a role "
            "nobody used in the window, where its {} other cross-account AssumeRole calls "
            "today, into {} roles, all passed one: a confused deputy, steered into a trust "
            "that does not require the ExternalId",
            *map(pl.col, ("_role", "_caller", "_assume_id", "_with_id", "_roles_with_id")),
        ),
        baseline=pl.format("ExternalId on {} AssumeRole calls", pl.col("_with_id")),
        observed=pl.format("AssumeRole of {} without ExternalId", pl.col("_role")),
        weight=float(rule["deputy_factor"]),
        severity=str(rule["deputy_severity"]),
    )


__all__ = ["deputy_hits", "without_external_id"]
