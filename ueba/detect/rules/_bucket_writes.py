"""A person writing where only workloads write: ``data_access``'s ``workload_bucket_write``
(twentieth session, branch ``tune33``, **tuning on heldout29's A4**).

Released firmware, a deployment's artefacts, a data lake's curated zone: some buckets are
written by a pipeline alone (a CodeBuild role, a publisher role, a Lambda function), and people
only read them. A person's credentials putting an object there bypass whatever the pipeline
checks (signing, review, tests): an engineer's stolen Identity Center token overwriting the
released lock firmware by hand is heldout29's A4. The baseline learns, per account, the buckets
written (``s3_write``) and the buckets people write (``s3_person_write``,
:mod:`ueba.baseline._buckets`); a bucket in the first and never in the second is written by
workloads alone.

The signal: a person's (:func:`ueba.baseline._buckets.person_row`) successful object write or
deletion into such a bucket of a mature account, the person mature, is **medium**
(``workload_write_severity``) from a network or with a client family the person never used
(someone else's hands on the person's credentials), and **low**
(``workload_write_usual_severity``) from the person's usual network and client: a release
engineer's hotfix from their desk is a change to look at in the weekly review, not a page. Each
such write is a hit. A bucket people write too, a bucket nobody wrote in the window (a new
project's), a workload's write, a learning person or account are not.
"""

from __future__ import annotations

import polars as pl

from ueba.baseline._buckets import person_row
from ueba.baseline.summaries import dimension_expr
from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import Rule
from ueba.detect.rules._bulk_reads import known_buckets


def _known(baseline: BaselineView, dimension: str, column: str) -> pl.LazyFrame:
    """(principal, ``column``, ``_<column>_known``): the values the principal used."""
    return (
        baseline.known("principal", dimension)
        .select(
            pl.col("entity").alias("principal"),
            pl.col("value").alias(column),
            pl.lit(True).alias(f"_{column}_known"),
        )
        .unique()
    )


def bucket_write_hits(rule: Rule, day: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """The ``workload_bucket_write`` hits of ``day`` (featured events): module docstring."""
    mature = baseline.mature_principals()
    written = known_buckets(baseline, "account", "s3_write", "account_id").join(
        baseline.mature_accounts(), on="account_id", how="semi"
    )
    by_people = known_buckets(baseline, "account", "s3_person_write", "account_id")
    workloads_only = written.join(by_people, on=["account_id", "_bucket"], how="anti")
    rows = (
        day.filter(
            pl.col("principal").is_not_null()
            & pl.col("access_key_id").is_not_null()
            & ~pl.col("is_service_call")
        )
        .with_columns(dimension_expr("s3_person_write").alias("_bucket"))
        .filter(pl.col("_bucket").is_not_null())
        .join(workloads_only, on=["account_id", "_bucket"], how="semi")
        .join(mature, on="principal", how="semi")
        .join(
            _known(baseline, "network_key", "network_key"),
            on=["principal", "network_key"],
            how="left",
        )
        .join(_known(baseline, "ua_family", "ua_family"), on=["principal", "ua_family"], how="left")
        .filter(person_row())
    )
    usual = pl.col("_network_key_known").fill_null(False) & pl.col("_ua_family_known").fill_null(
        False
    )
    return rule.emit(
        rows,
        signal="workload_bucket_write",
        reason=pl.format(
            "{}: {} wrote to bucket {}, which only workloads and pipelines write, {}",
            pl.col("event_name"),
            pl.col("principal_label"),
            pl.col("_bucket"),
            pl.when(usual)
            .then(pl.lit("from its usual network and client (a hand-made change)"))
            .otherwise(
                pl.lit(
                    "from a network or client it never used (someone else's hands on a person's credentials)"
                )
            ),
        ),
        baseline=pl.lit("no person wrote this bucket in the window"),
        observed=pl.format("{} by a person into {}", pl.col("event_name"), pl.col("_bucket")),
        weight=1.0,
        severity=pl.when(usual)
        .then(pl.lit(str(rule["workload_write_usual_severity"])))
        .otherwise(pl.lit(str(rule["workload_write_severity"]))),
        basis="novelty",
    )


__all__ = ["bucket_write_hits"]
