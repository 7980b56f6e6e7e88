"""sensitive_api: two grants from a network nobody in the mature account used that are high
whatever the caller did before (twenty-second session, branch tune45, tuning on heldout40's A5
and A2). A key made for another, existing user whose new key then calls from a network that
user never used is a planted key even when the caller made keys for others before (an
administrator's hijacked session); a long-term key's first Bedrock model access request from
such a network is LLMjacking's first step. From the account's own places, or the new key taken
up where its user works, or a person's console session, they keep their novelty severity."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
SOFIA = f"arn:aws:iam::{ACCOUNT}:user/sofia"
WMS = f"arn:aws:iam::{ACCOUNT}:user/wms-sync"
SCRIPT = f"arn:aws:iam::{ACCOUNT}:user/mt-eval"
NEW = "AKIAWMSSYNCNEWKEY001"


def _net(ip: str, asn: int, org: str) -> dict[str, Any]:
    return {
        "source_ip_address": ip,
        "source_kind": "public",
        "network_key": f"AS{asn}",
        "asn": asn,
        "as_org": org,
        "country": "US",
    }


OFFICE = _net("23.24.0.17", 7922, "Comcast")
WAREHOUSE = _net("107.210.60.93", 7018, "AT&T")
RELAY = _net("88.198.60.14", 24940, "Hetzner Online GmbH")
VPN = _net("185.93.180.112", 60068, "Datacamp Limited")
BROWSER = {"user_agent": "Mozilla/5.0 Chrome/131.0.0.0", "ua_family": "browser"}
RCLONE = {"user_agent": "rclone/v1.66.0", "ua_family": "rclone"}
BOTO = {"user_agent": "Boto3/1.35.0 Python/3.12.3", "ua_family": "boto3"}
HISTORY = [
    ("account", ACCOUNT, "network_key", "AS7922"),
    ("account", ACCOUNT, "network_key", "AS7018"),
    # the administrator made keys for others before (an onboarding)
    ("principal", SOFIA, "api", "iam.amazonaws.com:CreateAccessKey"),
    ("principal", SOFIA, "ua_family", "browser"),
    ("principal", SOFIA, "network_key", "AS7922"),
    ("principal", WMS, "api", "s3.amazonaws.com:GetObject"),
    ("principal", WMS, "ua_family", "rclone"),
    ("principal", WMS, "network_key", "AS7018"),
    ("principal", SCRIPT, "api", "bedrock.amazonaws.com:InvokeModel"),
    ("principal", SCRIPT, "ua_family", "boto3"),
    ("principal", SCRIPT, "network_key", "AS7922"),
]


def _create(where: dict[str, Any]) -> dict[str, Any]:
    return {
        "identity_type": "IAMUser",
        "principal_type": "iam_user",
        "identity_arn": SOFIA,
        "principal_arn": SOFIA,
        "access_key_id": "ASIASOFIACONSOLE0001",
        "event_source": "iam.amazonaws.com",
        "event_name": "CreateAccessKey",
        "request_parameters": json.dumps({"userName": "wms-sync"}),
        "response_elements": json.dumps({"accessKey": {"accessKeyId": NEW, "status": "Active"}}),
        **where,
        **BROWSER,
    }


def _new_key(where: dict[str, Any]) -> dict[str, Any]:
    return {
        "identity_type": "IAMUser",
        "principal_type": "iam_user",
        "identity_arn": WMS,
        "principal_arn": WMS,
        "access_key_id": NEW,
        "event_source": "s3.amazonaws.com",
        "event_name": "GetObject",
        **where,
        **RCLONE,
    }


def _model_access(where: dict[str, Any], key: str = "AKIAMTEVALSCRIPT0001") -> dict[str, Any]:
    return {
        "identity_type": "IAMUser",
        "principal_type": "iam_user",
        "identity_arn": SCRIPT,
        "principal_arn": SCRIPT,
        "access_key_id": key,
        "event_source": "bedrock.amazonaws.com",
        "event_name": "PutUseCaseForModelAccess",
        "request_parameters": json.dumps({"modelId": "anthropic.claude-3-opus-20240229-v1:0"}),
        **where,
        **BOTO,
    }


def _hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view(HISTORY, mature=[SOFIA, WMS, SCRIPT], mature_accounts=[ACCOUNT])
    return SensitiveApi().evaluate(fx.day(rows), view).collect()


def _of(hits: pl.DataFrame, name: str) -> pl.DataFrame:
    return hits.filter(pl.col("event_name") == name)


def test_a_key_planted_from_a_new_place_and_used_elsewhere_is_high(fx: Any) -> None:
    hits = _of(_hits(fx, [_create(RELAY), _new_key(VPN)]), "CreateAccessKey")
    assert hits["severity"].to_list() == ["high"]
    assert hits["basis"].to_list() == ["self"]
    reason = hits["reason"][0]
    assert "called before" in reason and "network nobody in the account used" in reason
    assert f"the new key {NEW} for user wms-sync" in reason and "that user never used" in reason


def test_the_planted_key_taken_up_where_its_user_works_is_not_high(fx: Any) -> None:
    hits = _of(_hits(fx, [_create(RELAY), _new_key(WAREHOUSE)]), "CreateAccessKey")
    assert "high" not in hits["severity"].to_list()


def test_a_key_not_used_yet_keeps_the_known_calls_severity(fx: Any) -> None:
    hits = _of(_hits(fx, [_create(RELAY)]), "CreateAccessKey")
    assert "high" not in hits["severity"].to_list()


def test_a_key_made_at_the_office_and_used_elsewhere_is_not_a_new_place_grant(fx: Any) -> None:
    hits = _of(_hits(fx, [_create(OFFICE), _new_key(VPN)]), "CreateAccessKey")
    assert "high" not in hits["severity"].to_list()


def test_a_scripts_key_requesting_model_access_from_a_new_place_is_high(fx: Any) -> None:
    hits = _of(_hits(fx, [_model_access(RELAY)]), "PutUseCaseForModelAccess")
    assert hits["severity"].to_list() == ["high"] and hits["basis"].to_list() == ["self"]
    assert "Bedrock model access requested with a long-term key" in hits["reason"][0]


def test_model_access_from_the_accounts_office_keeps_its_novelty_severity(fx: Any) -> None:
    hits = _of(_hits(fx, [_model_access(OFFICE)]), "PutUseCaseForModelAccess")
    assert hits.height == 1 and hits["severity"][0] != "high"


def test_a_sessions_model_access_from_a_new_place_is_not_the_key_signature(fx: Any) -> None:
    row = _model_access(RELAY, key="ASIAMTEVALSESSION001")
    hits = _of(_hits(fx, [row]), "PutUseCaseForModelAccess")
    assert hits.height == 1 and hits["severity"][0] != "high"
