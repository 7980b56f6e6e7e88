"""OCSF Parquet in the Security Lake custom-source layout (issue 10, item 2)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from tests.export.conftest import ocsf_problems
from ueba.export.ocsf import OCSF_VERSIONS, to_ocsf
from ueba.export.ocsf_parquet import arrow_schema, write_ocsf_parquet

_LAYOUT = re.compile(
    r"region=[a-z0-9-]+/accountId=\d{12}/eventDay=\d{8}/ueba-[0-9a-f]{16}\.parquet"
)


def _as_event(row: dict[str, Any]) -> dict[str, Any]:
    """A row read back from Parquet as the OCSF JSON event: JSON text decoded, nulls dropped."""
    from ueba.export.ocsf import _drop_nulls

    row = {k: v for k, v in row.items() if k not in ("region", "accountId", "eventDay")}
    row["unmapped"] = {k: json.loads(v) for k, v in row["unmapped"]}
    for evidence in row["evidences"]:
        if evidence.get("data") is not None:
            evidence["data"] = json.loads(evidence["data"])
    event: dict[str, Any] = _drop_nulls(row)
    return event


@pytest.mark.parametrize("version", OCSF_VERSIONS)
def test_security_lake_layout_reads_back_as_valid_ocsf(
    sample_findings: pl.DataFrame,
    ocsf_validators: dict[str, Any],
    version: str,
    tmp_path: Path,
) -> None:
    files = write_ocsf_parquet(sample_findings, tmp_path, version=version)
    assert files and all(_LAYOUT.fullmatch(str(f.relative_to(tmp_path))) for f in files)
    table = ds.dataset(tmp_path, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == sample_findings.height
    expected = {e["metadata"]["uid"]: e for e in to_ocsf(sample_findings, version=version)}
    for row in table.to_pylist():
        event = _as_event(row)
        assert event == expected[event["metadata"]["uid"]]
        assert ocsf_problems(ocsf_validators[version], event) == []
        assert row["accountId"] == event["cloud"]["account"]["uid"]


def test_duckdb_reads_partitions_and_nested_fields(
    sample_findings: pl.DataFrame, tmp_path: Path
) -> None:
    write_ocsf_parquet(sample_findings, tmp_path)
    rows = duckdb.sql(
        f"""
        select accountId, eventDay, finding_info.uid, severity_id,
               len(evidences) as n_evidence, cloud.account.type_id
        from read_parquet('{tmp_path}/**/*.parquet', hive_partitioning = true)
        """
    ).fetchall()
    assert len(rows) == sample_findings.height
    ids = {r[2] for r in rows}
    assert ids == set(sample_findings["finding_id"])
    assert {r[5] for r in rows} == {10} and all(r[4] >= 1 for r in rows)


def test_every_file_has_the_one_schema_of_its_version(
    sample_findings: pl.DataFrame, tmp_path: Path
) -> None:
    for version in OCSF_VERSIONS:
        for path in write_ocsf_parquet(sample_findings, tmp_path / version, version=version):
            assert ds.dataset(path).schema.equals(arrow_schema(version))


def test_rerun_replaces_files_instead_of_duplicating(
    sample_findings: pl.DataFrame, tmp_path: Path
) -> None:
    first = write_ocsf_parquet(sample_findings, tmp_path)
    second = write_ocsf_parquet(sample_findings, tmp_path)
    assert first == second
    assert sorted(tmp_path.rglob("*.parquet")) == sorted(first)
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]


def test_region_from_the_records_never_shapes_a_path(
    findings: pl.DataFrame, tmp_path: Path
) -> None:
    hostile = findings.with_columns(pl.lit(["../../etc"]).alias("regions"))
    files = write_ocsf_parquet(hostile, tmp_path)
    assert all(f.resolve().is_relative_to(tmp_path.resolve()) for f in files)
    assert {f.parts[len(tmp_path.parts)] for f in files} == {"region=us-east-1"}


def test_cli_score_writes_ocsf_parquet_and_ocsf_1_1_0(
    tmp_path: Path, ocsf_validators: dict[str, Any]
) -> None:
    from tests.export.conftest import DEMO_MODEL, SAMPLES
    from ueba.cli import main
    from ueba.io.lake import ingest

    lake = tmp_path / "lake"
    ingest([str(SAMPLES / "flaws2")], str(lake))
    # a copy: `score --model DIR` keeps its incident store in DIR, not in the repository's model
    model = tmp_path / "model"
    shutil.copytree(DEMO_MODEL, model, ignore=shutil.ignore_patterns("incidents.parquet"))
    runner = CliRunner()
    base = ["score", "--lake", str(lake), "--model", str(model), "--day", "all", "-q"]
    out = tmp_path / "sl"
    result = runner.invoke(main, [*base, "--format", "ocsf-parquet", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert list(out.rglob("region=*/accountId=*/eventDay=*/*.parquet"))
    result = runner.invoke(main, [*base, "--format", "ocsf", "--ocsf-version", "1.1.0"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    assert events and {e["metadata"]["version"] for e in events} == {"1.1.0"}
    assert all(ocsf_problems(ocsf_validators["1.1.0"], e) == [] for e in events)
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    for row in table.to_pylist():
        assert ocsf_problems(ocsf_validators["1.5.0"], _as_event(row)) == []
    result = runner.invoke(main, [*base, "--format", "ocsf-parquet"])
    assert result.exit_code != 0 and "--out DIR" in result.output
