"""outside_account_grant's ``job_document_outside`` (twenty-first session, branch tune38, tuning
on heldout19's A2): a person's first IoT job, whose job document is in a bucket no other call of
the day names and nobody in the account read or wrote, is medium, from the person's usual place
and client. The pipeline's own firmware bucket (named by its jobs or written by its build), a job
of the pipeline itself, a person who creates jobs routinely, a learning person or account, or a
refused job is no hit."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant
from ueba.detect.rules._job_document import document_bucket

OWN = "653711331788"  # the fixtures' account
ADMIN = f"arn:aws:sts::{OWN}:assumed-role/PlatformAdmin/n.yoshida"
PIPELINE = f"arn:aws:sts::{OWN}:assumed-role/ota-campaign-manager/ota-campaign-manager"
HOME = {"source_kind": "public", "network_key": "asn:16509"}
OURS = "https://kurenai-firmware-signed.s3.ap-northeast-1.amazonaws.com/jobs/20260508.json"
THEIRS = "https://fw-update-cdn-3391.s3.ap-northeast-1.amazonaws.com/gw/hotfix.json"


def _job(who: str, document: str | None, **extra: Any) -> dict[str, Any]:
    request: dict[str, Any] = {"jobId": "hotfix", "targets": ["arn:aws:iot:::thinggroup/kz5"]}
    if document is not None:
        request["documentSource"] = document
    return {
        "principal_arn": who,
        "event_source": "iot.amazonaws.com",
        "event_name": "CreateJob",
        "read_only": False,
        "request_parameters": json.dumps(request),
        **HOME,
        **extra,
    }


def _base(
    fx: Any,
    *,
    history: list[tuple[str, str, str, str]] = (),  # type: ignore[assignment]
    mature: bool = True,
    account: bool = True,
) -> Any:
    rows = [("principal", ADMIN, "network_key", HOME["network_key"]), *history]
    return fx.view(
        rows,
        mature=[ADMIN, PIPELINE] if mature else [PIPELINE],
        mature_accounts=[OWN] if account else [],
    )


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any) -> pl.DataFrame:
    hits = OutsideAccountGrant().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "job_document_outside")


def test_document_bucket_reads_every_s3_form() -> None:
    sources = [
        THEIRS,
        "https://s3.ap-northeast-1.amazonaws.com/fw-update-cdn-3391/gw/hotfix.json",
        "s3://fw-update-cdn-3391/gw/hotfix.json",
        "https://example.com/hotfix.json",
    ]
    frame = pl.DataFrame({"r": [json.dumps({"documentSource": s}) for s in sources]})
    got = frame.select(document_bucket(pl.col("r")))["r"].to_list()
    assert got == ["fw-update-cdn-3391"] * 3 + [None]


def test_a_persons_first_job_with_a_document_nobody_names_is_medium(fx: Any) -> None:
    rows = [_job(PIPELINE, OURS, workload_kind="lambda"), _job(ADMIN, THEIRS)]
    hits = _hits(fx, rows, _base(fx))
    assert hits["event_id"].to_list() == ["ev-0001"]
    assert hits["severity"].to_list() == ["medium"]
    assert "in bucket fw-update-cdn-3391" in hits["reason"][0]


def test_the_organisations_bucket_the_pipeline_a_routine_or_learning_are_not(fx: Any) -> None:
    # the firmware bucket the pipeline's jobs name today
    rows = [_job(PIPELINE, OURS, workload_kind="lambda"), _job(ADMIN, OURS)]
    assert _hits(fx, rows, _base(fx)).is_empty()
    # a bucket the account wrote in the window (S3 data events)
    wrote = [("account", OWN, "s3_write", "fw-update-cdn-3391")]
    assert _hits(fx, [_job(ADMIN, THEIRS)], _base(fx, history=wrote)).is_empty()
    # the pipeline's own job from any bucket: a machine
    assert _hits(fx, [_job(PIPELINE, THEIRS, workload_kind="lambda")], _base(fx)).is_empty()
    # a person who creates jobs routinely
    routine = [("principal", ADMIN, "api", "iot.amazonaws.com:CreateJob")]
    assert _hits(fx, [_job(ADMIN, THEIRS)], _base(fx, history=routine)).is_empty()
    # no document in S3, a learning person or account, a refused job
    assert _hits(fx, [_job(ADMIN, None)], _base(fx)).is_empty()
    assert _hits(fx, [_job(ADMIN, THEIRS)], _base(fx, mature=False)).is_empty()
    assert _hits(fx, [_job(ADMIN, THEIRS)], _base(fx, account=False)).is_empty()
    refused = _job(ADMIN, THEIRS, error_code="AccessDeniedException")
    assert _hits(fx, [refused], _base(fx)).is_empty()
