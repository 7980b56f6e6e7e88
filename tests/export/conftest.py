"""FINDINGS to export: a small frame built by the real Scorer on a hand-made day, and the official
OCSF validators (every finding of the bundled samples is ``sample_findings`` in tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import polars as pl
import pytest

from ueba.detect.scorer import Scorer
from ueba.export.ocsf import OCSF_VERSIONS
from ueba.schema import ENRICHED, conform

T0 = dt.datetime(2018, 11, 28, 23, 0, tzinfo=dt.UTC)


@pytest.fixture
def findings() -> pl.DataFrame:
    base = {
        "recipient_account_id": "653711331788",
        "event_source": "s3.amazonaws.com",
        "principal_arn": "arn:aws:iam::653711331788:role/level3",
        "principal_type": "role",
        "access_key_id": "ASIAZQNB3KHGNXWXBSJS",
        "workload_kind": "ecs",
        "workload_id": "d190",
        "source_ip_address": "104.102.221.250",
        "source_kind": "public",
        "network_key": "AS20940",
        "user_agent": "aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9",
        "ua_family": "aws-cli",
        "ua_os_family": "macos",
    }
    rows = [
        {**base, "event_id": "e1", "event_name": "ListBuckets", "event_time": T0},
        {
            **base,
            "event_id": "e2",
            "event_name": "StopLogging",
            "event_time": T0,
            "event_source": "cloudtrail.amazonaws.com",
            "access_key_id": "ASIAOTHER",
            # another role's task: a role's tasks fold into one incident (fleets are their role)
            "principal_arn": "arn:aws:iam::653711331788:role/level4",
            "workload_id": "e7f1",
        },
    ]
    cols = sorted({k for r in rows for k in r})
    frame = pl.DataFrame(
        {c: [r.get(c) for r in rows] for c in cols}, schema={c: ENRICHED[c] for c in cols}
    )
    out = Scorer(None).score(conform(frame.lazy(), ENRICHED)).collect()
    assert out.height == 2
    return out


SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
DEMO_MODEL = Path(__file__).resolve().parents[2] / "models" / "demo"


def _validators() -> dict[str, Any]:
    from ocsf_json_schema import OcsfJsonSchemaEmbedded, get_ocsf_schema

    out = {}
    for version in OCSF_VERSIONS:
        schema = OcsfJsonSchemaEmbedded(get_ocsf_schema(version)).get_class_schema(
            "detection_finding", ["cloud"]
        )
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        out[version] = cls(schema)
    return out


@pytest.fixture(scope="session")
def ocsf_validators() -> dict[str, Any]:
    """Official OCSF Detection Finding (+ cloud profile) JSON Schemas, per version, from the
    ``ocsf-json-schema`` package (offline exports of schema.ocsf.io)."""
    return _validators()


def ocsf_problems(validator: Any, event: dict[str, Any]) -> list[str]:
    """Why ``event`` is not a valid OCSF Detection Finding, for the schema and for Prowler's
    ``py-ocsf-models``; empty when both accept it."""
    from py_ocsf_models.events.findings.detection_finding import DetectionFinding
    from pydantic import ValidationError

    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(event)]
    try:
        DetectionFinding.model_validate(event)
    except ValidationError as exc:
        problems.append(f"py-ocsf-models: {exc}")
    return problems
