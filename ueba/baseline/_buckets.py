"""The S3 buckets a principal reads and writes: the baseline's data-access dimensions.

Twentieth session, branch ``tune33``, **tuning on heldout32, heldout33 and heldout29**: a
person's own credentials used from their usual place and client on data they never touched
that way (a freelancer downloading the frames he only ever uploaded, an off-boarded
contractor's key pulling every build, a release overwritten by hand where only the pipeline
writes) look like routine in every other dimension. The bucket is what is new.

Four dimensions, all read from the ``bucketName`` of the request parameters of a *successful*
S3 object-level call (data events); every other row's value is null, so the extraction only
runs on those rows (the request text is masked first, and a null costs nothing):

=====================  =========  ===========================================================
dimension              scopes     value
=====================  =========  ===========================================================
``s3_read``            principal, the bucket of an object read (``GetObject``,
                       account    ``SelectObjectContent``)
``s3_write``           principal, the bucket of an object written or deleted (``PutObject``,
                       account    ``CopyObject``'s target, multipart uploads, ``DeleteObject(s)``)
``s3_person_write``    account    the bucket of a write by a person (:func:`person_row`): per
                                  bucket, whether people write it at all; a bucket in the
                                  account's ``s3_write`` but never in ``s3_person_write`` is
                                  written by workloads and pipelines alone
=====================  =========  ===========================================================

The cardinality is the account's buckets (tens to a few thousand), not its objects: keys are
not learnt (a prefix of ``key`` is bounded only by the naming habits of each bucket's writers,
which nothing enforces; see ``docs/baselines.md``).
"""

from __future__ import annotations

import polars as pl

from ueba.enrichment._pipelines import PIPELINE_KINDS

S3_SOURCE = "s3.amazonaws.com"
# object reads that return the object's content
S3_READS: tuple[str, ...] = ("GetObject", "SelectObjectContent")
# object writes and deletions (CopyObject's bucketName is the target)
S3_WRITES: tuple[str, ...] = (
    "PutObject",
    "CopyObject",
    "CreateMultipartUpload",
    "UploadPart",
    "UploadPartCopy",
    "CompleteMultipartUpload",
    "DeleteObject",
    "DeleteObjects",
)
BUCKET_DIMENSIONS: tuple[str, ...] = ("s3_read", "s3_write", "s3_person_write")
# Identity Center and SAML people (enrichment's workload kinds of a person's session)
PERSON_KINDS: tuple[str, ...] = ("sso_user", "saml_user")
# principal types that are one person's own identity (an IAM user may be a service's: counting
# it as a person makes fewer buckets "written by workloads alone", never more)
PERSON_TYPES: tuple[str, ...] = ("iam_user", "root", "federated_user")
# workloads whose code makes the calls (compute, pods, service-run jobs, CI): never a person
MACHINE_KINDS: tuple[str, ...] = (
    "ec2",
    "ecs",
    "lambda",
    "eks_pod",
    "sagemaker",
    "glue",
    "codebuild",
    "step_functions",
    *PIPELINE_KINDS,
)
_BUCKET = r'"bucketName"\s*:\s*"([^"]+)"'


def person_row() -> pl.Expr:
    """The row's caller is a person: an Identity Center or SAML person's session, or an IAM
    user, root or federated user's own call that no machine workload made.

    >>> df = pl.DataFrame({"workload_kind": ["sso_user", None, "ec2", None],
    ...                    "principal_type": ["role", "iam_user", "iam_user", "role"]})
    >>> df.select(person_row()).to_series().to_list()
    [True, True, False, False]
    """
    kind = pl.col("workload_kind")
    return (
        kind.is_in(list(PERSON_KINDS)).fill_null(False)
        | (
            pl.col("principal_type").is_in(list(PERSON_TYPES)).fill_null(False)
            & ~kind.is_in(list(MACHINE_KINDS)).fill_null(False)
        )
    ).alias("_person_row")


def _object_call(names: tuple[str, ...]) -> pl.Expr:
    return (
        (pl.col("event_source") == S3_SOURCE)
        & pl.col("event_name").is_in(list(names))
        & pl.col("error_code").is_null()
    ).fill_null(False)


def bucket_expr(dimension: str) -> pl.Expr:
    """The bucket ``dimension`` (one of :data:`BUCKET_DIMENSIONS`) learns from a row, null when
    the row is not such a call; the request text is masked before the extraction.

    >>> df = pl.DataFrame({"event_source": ["s3.amazonaws.com"] * 2,
    ...     "event_name": ["GetObject", "PutObject"], "error_code": [None, None],
    ...     "request_parameters": ['{"bucketName":"frames","key":"a.exr"}'] * 2,
    ...     "workload_kind": ["sso_user", "ec2"], "principal_type": ["role", "role"]})
    >>> df.select(bucket_expr("s3_read"), bucket_expr("s3_person_write")).rows()
    [('frames', None), (None, None)]
    """
    if dimension == "s3_read":
        chosen = _object_call(S3_READS)
    elif dimension == "s3_write":
        chosen = _object_call(S3_WRITES)
    elif dimension == "s3_person_write":
        chosen = _object_call(S3_WRITES) & person_row()
    else:
        raise ValueError(f"unknown bucket dimension {dimension!r}; expected {BUCKET_DIMENSIONS}")
    request = pl.when(chosen).then(pl.col("request_parameters"))
    return request.str.extract(_BUCKET, 1).alias(dimension)


__all__ = [
    "BUCKET_DIMENSIONS",
    "MACHINE_KINDS",
    "PERSON_KINDS",
    "PERSON_TYPES",
    "S3_READS",
    "S3_SOURCE",
    "S3_WRITES",
    "bucket_expr",
    "person_row",
]
