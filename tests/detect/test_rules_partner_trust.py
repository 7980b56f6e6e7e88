"""outside_account_grant: a partner's trust (an ExternalId) written by the account's own
infrastructure-as-code pipeline is low, and the partner taking it up is info; the same trust
from a person, a new place, or without a literal ExternalId keeps high (``_partner_trust``)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
PARTNER = "612345098702"
DEPLOYER = f"arn:aws:iam::{OWN}:role/tfc-apply"
# the deployer's runs: Terraform Cloud's agents on AWS, Terraform's provider
TFC = {
    "source_kind": "aws",
    "network_key": "aws:18.97.0.0/16",
    "source_ip_address": "18.97.56.42",
    "ua_family": "terraform",
    "ua_fingerprint": "HashiCorp Terraform aws-sdk-go-v2 linux",
}
VPS = {"source_kind": "public", "network_key": "asn:20473", "ua_family": "terraform"}
FRANKFURT_EC2 = {"source_kind": "aws", "network_key": "aws:63.176.0.0/14", "ua_family": "boto3"}


def _trust(
    *,
    condition: dict[str, Any] | None = None,
    principal: Any = None,
    where: dict[str, Any] = TFC,
    who: dict[str, Any] | None = None,
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal or {"AWS": f"arn:aws:iam::{PARTNER}:root"},
        "Action": "sts:AssumeRole",
    }
    if condition is not None:
        statement["Condition"] = condition
    policy = {"Version": "2012-10-17", "Statement": [statement]}
    request = {"roleName": "mm2-reader", "assumeRolePolicyDocument": json.dumps(policy)}
    return {
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/tfc-apply/run-36216095",
        "principal_arn": DEPLOYER,
        "session_name": "run-36216095",
        "access_key_id": "ASIAWFNYIMKKZKAO5FED",
        "event_source": "iam.amazonaws.com",
        "event_name": "CreateRole",
        "request_parameters": json.dumps(request),
        **where,
        **(who or {}),
    }


EXTERNAL_ID = {"StringEquals": {"sts:ExternalId": "cdx-mm2-c84e"}}


def _assume(*, external_id: bool = True) -> dict[str, Any]:
    request = {
        "roleArn": f"arn:aws:iam::{OWN}:role/mm2-reader",
        "roleSessionName": "mm-sync",
        **({"externalId": "cdx-mm2-c84e"} if external_id else {}),
    }
    return {
        "identity_type": "AWSAccount",
        "principal_type": "aws_account",
        "principal_arn": f"aws_account:{PARTNER}",
        "identity_account_id": PARTNER,
        "access_key_id": None,
        "credential_kind": None,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": json.dumps(request),
        **FRANKFURT_EC2,
    }


def _session_call(issuer: str) -> dict[str, Any]:
    return {
        "principal_arn": f"arn:aws:iam::{OWN}:role/mm2-reader",
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/mm2-reader/mm-sync",
        "access_key_id": "ASIAJJUXJIDKLP6ZAXV6",
        "key_issuer_event_id": issuer,
        "event_source": "s3.amazonaws.com",
        "event_name": "GetObject",
        **FRANKFURT_EC2,
    }


def _baseline(fx: Any) -> Any:
    # the deployer's history: Terraform Cloud's plans (reads only), from its usual network
    rows = [
        ("principal", DEPLOYER, "network_key", TFC["network_key"]),
        ("principal", DEPLOYER, "ua_family", "terraform"),
        ("principal", DEPLOYER, "ua_fingerprint", TFC["ua_fingerprint"]),
        ("principal", DEPLOYER, "api", "iam:GetRole"),
    ]
    return fx.view(rows, mature=[DEPLOYER], mature_accounts=[OWN])


def _hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    return OutsideAccountGrant().evaluate(fx.day(rows), _baseline(fx)).collect()


def test_a_partner_trust_written_by_the_pipeline_is_low_and_its_takeup_info(fx: Any) -> None:
    rows = [_trust(condition=EXTERNAL_ID), _assume(), _session_call("ev-0001")]
    hits = _hits(fx, rows).sort("event_id")
    assert hits["signal"].to_list() == ["trust_to_outside_account", "assumed_by_outside_account"]
    assert hits["severity"].to_list() == ["low", "info"]
    grant, takeup = hits["reason"].to_list()
    assert f"let account {PARTNER} assume role mm2-reader" in grant
    assert "requires an ExternalId" in grant and "infrastructure as code (terraform)" in grant
    assert "the partner taking up the role it was given" in takeup and "event ev-0000" in takeup


def test_a_trust_without_a_literal_external_id_keeps_high_and_its_use_medium(fx: Any) -> None:
    wildcard = {"StringLike": {"sts:ExternalId": "*"}}
    for condition in (None, wildcard):
        rows = [_trust(condition=condition), _assume(), _session_call("ev-0001")]
        hits = _hits(fx, rows).sort("event_id")
        assert hits["severity"].to_list() == ["high", "medium"], condition


def test_a_star_principal_a_new_place_or_a_person_keeps_high(fx: Any) -> None:
    sso = {
        "workload_kind": "sso_user",
        "ua_family": "aws-cli",
        "principal_arn": DEPLOYER,
    }
    for row in (
        _trust(condition=EXTERNAL_ID, principal={"AWS": ["*", f"arn:aws:iam::{PARTNER}:root"]}),
        _trust(condition=EXTERNAL_ID, where=VPS),
        _trust(condition=EXTERNAL_ID, who=sso),
    ):
        hits = _hits(fx, [row])
        assert hits["severity"].to_list() == ["high"], row


def test_an_assume_without_the_external_id_is_no_takeup(fx: Any) -> None:
    rows = [_trust(condition=EXTERNAL_ID), _assume(external_id=False), _session_call("ev-0001")]
    hits = _hits(fx, rows).sort("event_id")
    assert hits["severity"].to_list() == ["low", "medium"]
