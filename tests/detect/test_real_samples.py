"""Real attack trails (data/samples): what must be found, and what must not.

No baseline: these sets have minutes of benign history at most, so the workload rules and the
desktop-client signal must carry them (the issue's real-data acceptance bar).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ueba.detect.scorer import Scorer

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def _score(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    from ueba.enrichment import enrich
    from ueba.io.cloudtrail import read_cloudtrail

    enriched = enrich(read_cloudtrail([str(path)]).lazy()).collect()
    return Scorer(None).score(enriched.lazy()).collect(), enriched


@pytest.fixture(scope="module")
def flaws2() -> tuple[pl.DataFrame, pl.DataFrame]:
    return _score(SAMPLES / "flaws2")


@pytest.fixture(scope="module")
def otrf() -> tuple[pl.DataFrame, pl.DataFrame]:
    return _score(SAMPLES / "otrf")


@pytest.mark.parametrize("key", ["ASIAZQNB3KHGIGYQXVVG", "ASIAZQNB3KHGNXWXBSJS"])
def test_flaws2_stolen_keys_are_found_with_ip_and_macos_cli(flaws2: tuple, key: str) -> None:
    findings, _ = flaws2
    row = findings.filter(pl.col("access_key_id") == key)
    assert row.height == 1
    reasons = " ".join(row["reasons"][0])
    assert "104.102.221.250" in reasons and "outside AWS" in reasons
    assert "aws-cli" in reasons and "macOS" in reasons
    assert row["severity"][0] in ("high", "critical")


def test_flaws2_benign_service_activity_is_not_in_findings(flaws2: tuple) -> None:
    findings, enriched = flaws2
    assert sorted(findings["access_key_id"]) == ["ASIAZQNB3KHGIGYQXVVG", "ASIAZQNB3KHGNXWXBSJS"]
    benign = set(
        enriched.filter(
            pl.col("invoked_by").is_not_null()
            | (pl.col("user_agent").str.contains("awslambda-worker").fill_null(False))
        )["event_id"]
    )
    flagged = {e for ids in findings["event_ids"] for e in ids}
    assert benign and not benign & flagged


def test_otrf_instance_key_used_from_a_laptop_is_found(otrf: tuple) -> None:
    findings, enriched = otrf
    callers = enriched.filter(pl.col("source_kind").is_in(["public", "aws", "invalid"]))
    assert set(callers["source_ip_address"]) == {"1.2.3.4"}
    row = findings.filter(pl.col("access_key_id") == "ASIA5FLZVX4OPVKKVBMX")
    assert row.height == 1 and row["severity"][0] in ("high", "critical")
    reasons = " ".join(row["reasons"][0])
    assert "i-0317f6c6b66ae9c40" in reasons and "macOS" in reasons
    assert row["event_count"][0] == 11


def test_otrf_console_user_pedro_is_not_found(otrf: tuple) -> None:
    findings, _ = otrf
    assert not findings.filter(pl.col("principal_arn").str.contains("pedro")).height
    assert findings.height == 1


# Techniques whose sample holds no credential misuse ueba can see: Bedrock model invocation
# (an impact technique: the agreement calls are low-severity impact hits at most).
_NOT_CREDENTIAL_MISUSE = {"aws.impact.bedrock-invoke-model"}


@pytest.mark.slow
def test_stratus_credential_misuse_techniques_raise_findings() -> None:
    findings, enriched = _score(SAMPLES / "stratus")
    technique = enriched.select(
        "event_id",
        pl.col("source_file").str.extract(r"(aws\.[a-z-]+\.[a-z0-9-]+)\.json", 1).alias("t"),
    )
    flagged = findings.select(pl.col("event_ids").explode().alias("event_id")).join(
        technique, on="event_id"
    )
    found = set(flagged["t"])
    wanted = set(technique["t"]) - _NOT_CREDENTIAL_MISUSE
    assert wanted - found == set()
    # the instance credentials stolen in ec2-steal-instance-credentials are among them
    assert "ASIAP5CT9NN8EYVU1FXV" in findings["access_key_id"].to_list()
