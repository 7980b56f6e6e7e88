"""Identity and user agents on the real attack trails in data/samples (ground truth in its README)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ueba.enrichment.identity import enrich_identity
from ueba.enrichment.useragent import enrich_user_agent
from ueba.io.cloudtrail import read_cloudtrail

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def flaws2() -> pl.DataFrame:
    events = read_cloudtrail(SAMPLES / "flaws2").lazy()
    return enrich_identity(enrich_user_agent(events)).collect()


@pytest.fixture(scope="module")
def otrf() -> pl.DataFrame:
    events = read_cloudtrail(SAMPLES / "otrf").lazy()
    return enrich_identity(enrich_user_agent(events)).collect()


def _key(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    return frame.filter(pl.col("access_key_id") == key)


def test_flaws2_level3_key_is_bound_to_its_ecs_task(flaws2: pl.DataFrame) -> None:
    uses = _key(flaws2, "ASIAZQNB3KHGNXWXBSJS")
    assert uses.height == 1  # the attacker's single ListBuckets
    use = uses.row(0, named=True)
    assert use["principal_arn"] == "arn:aws:iam::653711331788:role/level3"
    assert use["principal_type"] == "role"
    assert use["credential_kind"] == "session_key"
    assert use["workload_kind"] == "ecs"
    assert use["workload_id"] == "d190d14a-2404-45d6-9113-4eda22d7f2c7"
    assert use["key_issuer_event_id"] == "6177ca7e-860e-482c-bde9-50c735af58d6"
    assert str(use["key_issued_at"]) == "2018-11-28 22:31:59+00:00"
    # ... and it was used from a Mac, which an ECS task is not.
    assert (use["ua_family"], use["ua_os_family"]) == ("aws-cli", "macos")


def test_flaws2_level1_key_is_bound_to_its_lambda_function(flaws2: pl.DataFrame) -> None:
    uses = _key(flaws2, "ASIAZQNB3KHGIGYQXVVG")
    assert uses.height > 0
    assert set(uses["workload_kind"]) == {"lambda"}
    assert set(uses["workload_id"]) == {"level1"}
    assert set(uses["key_issuer_event_id"]) == {"e16db4aa-60e9-4a4b-a907-ccb4fbcd0227"}
    assert set(uses["principal_arn"]) == {"arn:aws:iam::653711331788:role/service-role/level1"}
    # The Lambda runtime's own calls and the attacker's share the key but not the agent.
    assert set(uses["ua_family"]) == {"aws-internal", "aws-cli"}


def test_flaws2_anonymous_s3_reads_are_anonymous_browser_calls(flaws2: pl.DataFrame) -> None:
    anonymous = flaws2.filter(pl.col("principal_type") == "anonymous")
    assert anonymous.height == 22
    assert set(anonymous["credential_kind"]) == {"none"}
    assert set(anonymous["ua_family"]) == {"browser"}
    assert set(anonymous["ua_os_family"]) == {"macos"}


def test_flaws2_service_calls_are_aws_services(flaws2: pl.DataFrame) -> None:
    services = flaws2.filter(pl.col("identity_type") == "AWSService")
    assert set(services["principal_type"]) == {"aws_service"}
    assert set(services["credential_kind"]) == {"aws_service"}
    assert set(services["principal_arn"]) == {
        "ecs-tasks.amazonaws.com",
        "lambda.amazonaws.com",
        "apigateway.amazonaws.com",
    }


def test_otrf_stolen_instance_credentials_are_bound_to_the_ec2_instance(otrf: pl.DataFrame) -> None:
    uses = _key(otrf, "ASIA5FLZVX4OPVKKVBMX")
    assert uses.height == 11
    assert set(uses["workload_kind"]) == {"ec2"}
    assert set(uses["workload_id"]) == {"i-0317f6c6b66ae9c40"}
    assert set(uses["session_name"]) == {"i-0317f6c6b66ae9c40"}
    assert uses["key_issued_at"].null_count() == 0
    assert set(uses["principal_arn"]) == {
        "arn:aws:iam::123456789123:role/MordorNginxStack-BankingWAFRole-9S3E0UAE1MM0"
    }
    assert set(uses["ua_os_family"]) == {"macos"}


def test_otrf_pedro_is_an_iam_user_on_a_console_session(otrf: pl.DataFrame) -> None:
    pedro = otrf.filter(pl.col("identity_user_name") == "pedro")
    assert pedro.height == 87
    assert set(pedro["principal_type"]) == {"iam_user"}
    assert set(pedro["principal_arn"]) == {"arn:aws:iam::123456789123:user/pedro"}
    assert set(pedro["credential_kind"]) == {"console_session"}
    assert set(pedro["ua_family"]) == {"console"}
    assert pedro["workload_kind"].null_count() == pedro.height


def test_otrf_other_instance_keys_bind_to_their_own_minting(otrf: pl.DataFrame) -> None:
    # Five AssumeRole calls by ec2.amazonaws.com; each minted key that is used is bound to the
    # AssumeRole that minted it, not to a sibling.
    bound = otrf.filter(pl.col("key_issuer_event_id").is_not_null())
    per_key = bound.group_by("access_key_id").agg(pl.col("key_issuer_event_id").n_unique())
    assert per_key["key_issuer_event_id"].max() == 1
