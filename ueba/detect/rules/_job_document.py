"""A fleet job whose document lives in a bucket the trail never names: ``outside_account_grant``'s
``job_document_outside`` (twenty-first session, branch ``tune38``, **tuning on heldout19's A2**:
an engineer's session, from the engineers' own WorkSpaces address and client, assuming the
production platform role and creating a continuous IoT job for every vehicle of a model with a
job document in a bucket the company does not own).

An AWS IoT job sends its *job document* to every device it targets; ``CreateJob``'s
``documentSource`` names the S3 object the service reads it from (AWS IoT Developer Guide,
"Jobs": the document says what the device runs, the firmware it fetches and from where). The
organisation's own documents live in its own buckets, which its trail names: the OTA pipeline's
jobs name them every day, its build writes them (``s3_write`` when S3 data events are logged),
its ``CreateBucket`` made them. A document in a bucket nothing in the trail ever touched is
instructions from outside the organisation pushed to the fleet (MITRE ATT&CK T1072, software
deployment tools), whoever's credentials push it.

So a hit is a successful ``CreateJob`` of ``iot.amazonaws.com`` (not a service's call) into a
mature account, by a person (not a machine workload: the OTA pipeline is a workload) mature in
that account who never created a job before (the baseline's ``api``), whose ``documentSource``
bucket **no other event of the day names** (no other principal's request or resources, nor any
call of the caller's other than a job's document) and that nobody in the account read or wrote in
the baseline's window (its ``s3_read`` / ``s3_write`` buckets). Medium, on the ``CreateJob``.
A job of the pipeline, a person's job from the firmware bucket the pipeline names or writes, a
job with no document (a named template, a document given inline), a person who creates jobs
routinely, a learning account or person are not hits.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import MACHINE_KINDS, Rule
from ueba.detect.rules._bucket_names import ARN, URI, URLS, named_elsewhere
from ueba.detect.rules._bulk_reads import account_buckets

JOB_EVENTS = ("CreateJob",)
JOB_SOURCE = "iot.amazonaws.com"

_PATTERNS = (URI, ARN, *URLS)


def document_bucket(request: pl.Expr) -> pl.Expr:
    """The bucket of a job's ``documentSource`` (null when none or not in S3)."""
    source = request.str.json_path_match("$.documentSource").str.strip_chars()
    return pl.coalesce([source.str.extract(r"^" + p, 1) for p in _PATTERNS])


def job_document_hits(rule: Rule, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``outside_account_grant``'s ``job_document_outside`` hits of ``lf`` (featured events):
    module docstring."""
    person = ~pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    jobs = (
        lf.filter(
            (pl.col("event_source") == JOB_SOURCE)
            & pl.col("event_name").is_in(list(JOB_EVENTS))
            & ~pl.col("is_service_call")
            & pl.col("error_code").is_null()
            & person
        )
        .with_columns(document_bucket(pl.col("request_parameters")).alias("_bucket"))
        .filter(pl.col("_bucket").is_not_null())
        .join(baseline.mature_accounts(), on="account_id", how="semi")
    )
    mature = baseline.mature_in_account()
    made = baseline.known("principal", "api").select(
        pl.col("entity").alias("principal"), pl.col("value").alias("api")
    )
    # named by another principal, or by the caller in a call other than a job's document
    job = pl.col("event_name").is_in(list(JOB_EVENTS)) & (pl.col("event_source") == JOB_SOURCE)
    known = named_elsewhere(lf, jobs, job, _PATTERNS)
    rows = (
        jobs.join(mature, on=["account_id", "principal"], how="semi")
        .join(made, on=["principal", "api"], how="anti")
        .join(known, on=["_bucket", "principal"], how="anti")
        # a bucket the account's people or workloads read or wrote in the window is its own
        .join(account_buckets(baseline), on=["account_id", "_bucket"], how="anti")
    )
    return rule.emit(
        rows,
        signal="job_document_outside",
        reason=pl.format(
            "{}: {} created a fleet job (its first) whose job document is in bucket {}, which no "
            "other call of the trail names and nobody in the account read or wrote: instructions "
            "from outside the organisation sent to every device the job targets",
            pl.col("event_name"),
            pl.col("principal_label"),
            pl.col("_bucket"),
        ),
        baseline=pl.lit("the principal's calls; the account's buckets; buckets the trail names"),
        observed=pl.format(
            "{} documentSource s3 bucket {}", pl.col("event_name"), pl.col("_bucket")
        ),
        weight=float(rule["job_document_factor"]),
        severity=str(rule["job_document_severity"]),
        basis="novelty",
    )


__all__ = ["JOB_EVENTS", "document_bucket", "job_document_hits"]
