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

**A deploy's permission on the function it has just made** (twenty-third session, branch
``tune47``; **this is tuning on heldout39**, its B10: the booking API's GitHub Actions workflow
creating a second booking function, ``CreateFunction``, ``AddPermission``, ``CreateAlias``).
A Lambda function is born without a resource policy too; the deploy that creates one for a
trigger (API Gateway, EventBridge, S3) adds that trigger's invoke permission in the same run.
:func:`mark_own_new_bucket` marks an ``AddPermission`` row ``_own_function`` when its
``functionName`` is that of a successful ``CreateFunction`` by the same principal earlier that
day; ``sensitive_api`` makes it **info** only for infrastructure as code or a CI/CD pipeline's
job (``_iac``: its usual client and network, a history that writes) whose request names no
other account and no ``*`` principal. Every ``AddPermission`` attack of the suites (heldout3,
heldout14, heldout19, heldout38) opens a function to ``*`` from a VPS or a person's session,
and keeps its severity; so does a person's, a new client's or a permission on a function that
existed before the day.
"""

from __future__ import annotations

import polars as pl

from ueba.detect.rules._bucket_names import request_bucket

# resource policies that decide who may read a bucket: the setup of a new one writes them
BUCKET_POLICIES = ("PutBucketPolicy", "PutBucketAcl")


def _function() -> pl.Expr:
    """The request's Lambda ``functionName`` (a name or an ARN) as ``_function``."""
    return (
        pl.col("request_parameters")
        .fill_null("")
        .str.extract(r'"functionName"\s*:\s*"([^"]+)"', 1)
        .str.replace(r"^arn:aws[a-z-]*:lambda:[^:]+:\d{12}:function:", "")
        .alias("_function")
    )


def _bucket() -> pl.Expr:
    """The request's ``bucketName`` as ``_bucket``."""
    return request_bucket().alias("_bucket")


def mark_own_new_bucket(named: pl.LazyFrame, base: pl.LazyFrame) -> pl.LazyFrame:
    """``named`` plus ``_own_bucket``: the row is a :data:`BUCKET_POLICIES` call on a bucket the
    same principal created with a successful ``CreateBucket`` earlier that day (``base``: the
    day's calls), and ``_own_function``: an ``AddPermission`` on a function it created with a
    successful ``CreateFunction`` earlier that day. Joined on the (few) candidate rows; the
    day's ``CreateBucket`` and ``CreateFunction`` calls are few."""
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
    # and the functions it made (``_own_function``): Lambda's names carry the API version
    functions = (
        base.filter(
            pl.col("event_name").str.starts_with("CreateFunction")
            & pl.col("error_code").is_null()
            & pl.col("principal").is_not_null()
        )
        .select("principal", _function(), pl.col("event_time").alias("_fn_created_at"))
        .drop_nulls("_function")
        .group_by("principal", "_function")
        .agg(pl.col("_fn_created_at").min())
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
        .with_columns(_function())
        .join(functions, on=["principal", "_function"], how="left")
        .with_columns(
            (
                (pl.col("api_name") == "AddPermission")
                & (pl.col("_fn_created_at") <= pl.col("event_time"))
            )
            .fill_null(False)
            .alias("_own_function")
        )
        .drop("_function", "_fn_created_at")
    )


def own_bucket_setup(known: pl.Expr, is_new: pl.Expr, no_outsider: pl.Expr) -> pl.Expr:
    """The call is a person's (``known``: with history, no escalating request) first policy on a
    bucket they created today, from their usual network and client, naming no outsider."""
    return known & is_new & pl.col("_own_bucket") & pl.col("_usual") & no_outsider


OWN_BUCKET_NOTE = (
    "; on a bucket the same principal created today, from its usual network and client, "
    "naming no other account (the new bucket's setup: at most low)"
)

# why (twenty-fifth session, lows26a, tuned on heldout39's B1): the same setup from the network
# the person signed in from today through the identity provider or with a second factor
# (._person_place: a sign-in, which a replayed token does not make) is the person at their own
# desk making the bucket they were asked for: info; without that sign-in it stays low
OWN_BUCKET_SIGNED_NOTE = (
    "; on a bucket the same principal created today, from its usual network and client, where "
    "the person signed in today through the identity provider or with a second factor, naming no "
    "other account (the new bucket's setup at the person's own desk: info)"
)


def own_bucket_severity(low: pl.Expr) -> pl.Expr:
    """The severity of an own bucket's setup (:func:`own_bucket_setup`): info where the person
    signed in from that network today (``_person_place``), ``low`` otherwise."""
    return pl.when(pl.col("_person_place")).then(pl.lit("info")).otherwise(low)


def own_bucket_note() -> pl.Expr:
    """The reason's note for :func:`own_bucket_setup`, as :func:`own_bucket_severity` grades it."""
    return (
        pl.when(pl.col("_person_place"))
        .then(pl.lit(OWN_BUCKET_SIGNED_NOTE))
        .otherwise(pl.lit(OWN_BUCKET_NOTE))
    )


OWN_FUNCTION_NOTE = (
    "; on a function the same principal created today, naming no other account (the new "
    "function's trigger: info)"
)

__all__ = [
    "BUCKET_POLICIES",
    "OWN_BUCKET_NOTE",
    "OWN_BUCKET_SIGNED_NOTE",
    "OWN_FUNCTION_NOTE",
    "mark_own_new_bucket",
    "own_bucket_note",
    "own_bucket_setup",
    "own_bucket_severity",
]
