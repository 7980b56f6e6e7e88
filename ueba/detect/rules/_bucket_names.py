"""Whether a bucket a call writes to or reads from is named anywhere else in the day's trail:
shared by ``outside_account_grant``'s ``query_output_outside`` (:mod:`._query_output`: an Athena
query's output location) and ``job_document_outside`` (:mod:`._job_document`: an IoT job's
document). The organisation's own buckets are named by its other principals and by its other
calls (a workgroup's configuration, the pipeline that writes the documents, the ``CreateBucket``
that made them); a bucket only the one call names is outside the organisation's trail.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

NAME = r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]"
# a bucket named as s3:// or as an S3 ARN (group 1 is the bucket)
URI = rf"s3a?://({NAME})"
ARN = rf"arn:aws:s3:::({NAME})"
# ... or in an S3 URL, virtual-hosted or path style
URLS = (
    rf"https?://({NAME})\.s3[.\-][a-z0-9.\-]*amazonaws\.com",
    rf"https?://s3[.\-][a-z0-9.\-]*amazonaws\.com/({NAME})",
)


def request_bucket() -> pl.Expr:
    """The request's S3 ``bucketName`` (logged for every bucket-level call), null when none."""
    return (
        pl.col("request_parameters").fill_null("").str.extract(r'"bucketName"\s*:\s*"([^"]+)"', 1)
    )


def named_elsewhere(
    lf: pl.LazyFrame, calls: pl.LazyFrame, own: pl.Expr, patterns: Sequence[str]
) -> pl.LazyFrame:
    """(``_bucket``, ``principal``) of ``calls`` whose bucket some event of ``lf`` names too:
    another principal's, or the caller's own in a call for which ``own`` is false (a call of
    the kind judged names its bucket by being made). A bucket is named by S3's ``bucketName``
    parameter, or by a match of one of ``patterns`` (group 1 the bucket) in the request or the
    resources."""
    buckets = calls.select("_bucket").unique()
    text = pl.concat_str(
        pl.col("request_parameters").fill_null(""),
        pl.col("resources").fill_null(""),
        separator=" ",
    )
    found = pl.concat_list(
        pl.col("request_parameters").fill_null("").str.json_path_match("$.bucketName"),
        *[text.str.extract_all(p).list.eval(pl.element().str.extract(p, 1)) for p in patterns],
    )
    any_pattern = "|".join(p.replace("(", "(?:") for p in patterns)
    named = (
        lf.filter(
            pl.col("request_parameters").str.contains("bucketName|" + any_pattern)
            | pl.col("resources").str.contains("arn:aws:s3:::")
        )
        .select(
            found.list.drop_nulls().list.unique().alias("_bucket"),
            pl.col("principal").alias("_namer"),
            own.alias("_own"),
        )
        .explode("_bucket")
        .join(buckets, on="_bucket", how="semi")
        .unique()
    )
    return (
        calls.select("_bucket", "principal")
        .unique()
        .join(named, on="_bucket", how="inner")
        .filter((pl.col("_namer") != pl.col("principal")) | ~pl.col("_own"))
        .select("_bucket", "principal")
        .unique()
    )
