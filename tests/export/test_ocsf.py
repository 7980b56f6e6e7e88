"""OCSF 1.5 Detection Finding output validates against the committed JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import polars as pl
import pytest

from ueba.export import to_ocsf, write_ocsf
from ueba.schema import FINDINGS

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[1]
        / "data"
        / "detect"
        / "ocsf-1.5.0-detection_finding.schema.json"
    ).read_text()
)


def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    return cls(SCHEMA)


def test_every_line_is_a_valid_detection_finding(findings: pl.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "f.ocsf.jsonl"
    assert write_ocsf(findings, out) == 2
    lines = out.read_text().splitlines()
    assert len(lines) == 2
    v = _validator()
    for line in lines:
        event = json.loads(line)
        errors = sorted(v.iter_errors(event), key=str)
        assert not errors, errors[0].message
        assert event["class_uid"] == 2004 and event["type_uid"] == 200401


def test_mapping_carries_identity_reasons_and_evidence(findings: pl.DataFrame) -> None:
    events = {e["unmapped"]["ueba"]["access_key_id"]: e for e in to_ocsf(findings)}
    ev = events["ASIAZQNB3KHGNXWXBSJS"]
    assert (
        ev["finding_info"]["uid"]
        == findings.filter(pl.col("access_key_id") == "ASIAZQNB3KHGNXWXBSJS")["finding_id"][0]
    )
    assert ev["severity"] == "High" and ev["severity_id"] == 4
    actor = ev["evidences"][0]["actor"]["user"]
    assert actor["credential_uid"] == "ASIAZQNB3KHGNXWXBSJS"
    assert ev["evidences"][0]["src_endpoint"]["ip"] == "104.102.221.250"
    assert "104.102.221.250" in ev["finding_info"]["desc"]
    assert any(
        e.get("data", {}).get("rule") == "credential_outside_workload" for e in ev["evidences"]
    )
    assert ev["cloud"] == {"provider": "AWS", "account": {"uid": "653711331788"}}
    assert events["ASIAOTHER"]["severity"] == "Critical"


def test_schema_rejects_what_ocsf_forbids(findings: pl.DataFrame) -> None:
    v = _validator()
    good = to_ocsf(findings)[0]
    for broken in (
        {k: val for k, val in good.items() if k != "finding_info"},
        {**good, "class_uid": 2001},
        {**good, "type_uid": 200402},
        {**good, "severity_id": 7},
        {**good, "metadata": {"version": "1.5.0"}},
        {**good, "finding_info": {"title": "no uid"}},
        {**good, "fidning_info": {}},
    ):
        assert list(v.iter_errors(broken)), broken.keys()


def test_empty_findings_write_an_empty_file(tmp_path: Path) -> None:
    out = tmp_path / "none.jsonl"
    assert write_ocsf(pl.DataFrame(schema=dict(FINDINGS)), out) == 0
    assert out.read_text() == ""


def test_failed_write_leaves_no_partial_file(tmp_path: Path, findings: pl.DataFrame) -> None:
    bad = findings.with_columns(pl.lit(None, dtype=pl.String).alias("severity"))
    target = tmp_path / "f.jsonl"
    target.write_text("previous\n")

    class Boom(Exception):
        """Raised by the patched converter half way through the write."""

    import ueba.export.ocsf as mod

    original = mod.finding_to_ocsf

    def explode(row: dict) -> dict:  # type: ignore[type-arg]
        raise Boom

    mod.finding_to_ocsf = explode  # type: ignore[assignment]
    try:
        with pytest.raises(Boom):
            write_ocsf(bad, target)
    finally:
        mod.finding_to_ocsf = original  # type: ignore[assignment]
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.jsonl"]
