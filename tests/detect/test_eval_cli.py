"""The whole pipeline from files, as a user runs it: CloudTrail files of a synthetic organisation
-> ``ueba ingest`` -> ``ueba baseline`` -> ``ueba score``, with the synthetic GeoIP databases
and threat list. The day's injected compromises must be among the findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synth import generate_org, write_cloudtrail, write_geoip_mmdb, write_threat_list
from ueba.cli import main


@pytest.mark.slow
def test_injected_compromises_are_found_from_cloudtrail_files(tmp_path: Path) -> None:
    # every incident on the last day, baseline on the 8 days before it
    org = generate_org(days=9, seed=2, scale=0.2, accounts=1, inject_days=1)
    write_cloudtrail(org.events, tmp_path / "trail")
    asn_db, city_db = write_geoip_mmdb(tmp_path / "geo")
    threat = write_threat_list(tmp_path / "threat.txt")
    config = tmp_path / "ueba.toml"
    config.write_text(f'[intel]\nthreat = ["{threat.name}"]\n')
    geo = ["--mmdb-asn", str(asn_db), "--mmdb-city", str(city_db)]
    lake, model = tmp_path / "lake", tmp_path / "models" / "synth"
    day = org.day(8).isoformat()
    runner = CliRunner()

    ingested = runner.invoke(
        main, ["ingest", str(tmp_path / "trail"), "--lake", str(lake), "--quiet"]
    )
    assert ingested.exit_code == 0, ingested.output
    built = runner.invoke(
        main,
        ["baseline", "--lake", str(lake), "--until", day, "--out", str(model), "--quiet", *geo],
    )
    assert built.exit_code == 0, built.output
    scored = runner.invoke(
        main,
        [
            "score",
            "--lake",
            str(lake),
            "--model",
            str(model),
            "--day",
            day,
            "--format",
            "jsonl",
            "--config",
            str(config),
            "--quiet",
            *geo,
        ],
    )
    assert scored.exit_code == 0, scored.output

    findings = [json.loads(line) for line in scored.stdout.splitlines() if line.strip()]
    keys = {f["access_key_id"] for f in findings}
    principals = {f["principal_arn"] for f in findings}
    for row in org.truth.filter(org.truth["kind"] == "compromise").iter_rows(named=True):
        assert row["access_key_id"] in keys or row["principal_arn"] in principals, row["name"]
