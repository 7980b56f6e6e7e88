"""outside_account_grant's ``vendor_role_off_platform`` (issue 8, fifth held-out suite's A8): a
third-party role, assumed by the vendor's account with its ExternalId, whose sessions only ever
came from inside AWS (the vendor's platform), assumed from a network outside AWS: the vendor's
credentials and ExternalId used elsewhere (AWS's confused-deputy guidance). Medium."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant

OWN = "653711331788"  # the fixtures' account
VENDOR = "417141415827"  # the CSPM vendor: the baseline knows it as a caller
ROLE = f"arn:aws:iam::{OWN}:role/cspm-audit-role"
ON_PLATFORM = {"source_kind": "aws", "network_key": "aws:3.128.0.0/9", "ua_family": "boto3"}
HETZNER = {"source_kind": "public", "network_key": "asn:24940", "ua_family": "boto3"}


def _assume(where: dict[str, Any], *, external_id: bool = True) -> dict[str, Any]:
    request = {
        "roleArn": ROLE,
        "roleSessionName": "cspm-scan",
        **({"externalId": "cspm-tenant-51f0a9"} if external_id else {}),
    }
    return {
        "identity_type": "AssumedRole",
        "principal_type": "role",
        "principal_arn": f"arn:aws:iam::{VENDOR}:role/cspm-scanner",
        "identity_account_id": VENDOR,
        "access_key_id": "ASIAVENDORCALLER0001",
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": json.dumps(request),
        **where,
    }


def _session_call(issuer: str, where: dict[str, Any]) -> dict[str, Any]:
    return {
        "principal_arn": ROLE,
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/cspm-audit-role/cspm-scan",
        "access_key_id": "ASIA5VF7IA37Z2NSBG24",
        "key_issuer_event_id": issuer,
        "event_source": "ec2.amazonaws.com",
        "event_name": "DescribeSnapshots",
        **where,
    }


def _baseline(fx: Any, kinds: tuple[str, ...] = ("aws",), *, mature: bool = True) -> Any:
    rows = [("principal", ROLE, "source_kind", k) for k in kinds]
    rows += [("principal", ROLE, "network_key", "aws:3.128.0.0/9")]
    rows += [("principal", ROLE, "ua_family", "boto3")]
    return fx.view(
        rows,
        mature=[ROLE, f"arn:aws:iam::{VENDOR}:role/cspm-scanner"],
        mature_accounts=[OWN] if mature else [],
    )


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any) -> pl.DataFrame:
    hits = OutsideAccountGrant().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "vendor_role_off_platform")


def test_a_vendor_role_assumed_from_outside_aws_is_medium_on_its_session(fx: Any) -> None:
    rows = [_assume(HETZNER), _session_call("ev-0000", HETZNER), _session_call("ev-0000", HETZNER)]
    hits = _hits(fx, rows, _baseline(fx))
    assert set(hits["event_id"]) == {"ev-0001", "ev-0002"}
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"novelty"}
    assert set(hits["principal_arn"]) == {ROLE}
    reason = hits["reason"][0]
    assert f"account {VENDOR} with an ExternalId" in reason and "event ev-0000" in reason
    assert "only ever came from aws" in reason


def test_an_unused_session_is_a_hit_on_the_assume_role(fx: Any) -> None:
    hits = _hits(fx, [_assume(HETZNER)], _baseline(fx))
    assert hits["event_id"].to_list() == ["ev-0000"]


def test_the_vendor_from_its_platform_or_a_new_aws_region_is_not_a_hit(fx: Any) -> None:
    moved = {**ON_PLATFORM, "network_key": "aws:18.184.0.0/15"}
    for where in (ON_PLATFORM, moved):
        assert _hits(
            fx, [_assume(where), _session_call("ev-0000", where)], _baseline(fx)
        ).is_empty()


def test_a_role_whose_sessions_came_from_outside_aws_before_is_not_a_hit(fx: Any) -> None:
    # an on-premises integration: its sessions always came from the Internet
    rows = [_assume(HETZNER), _session_call("ev-0000", HETZNER)]
    assert _hits(fx, rows, _baseline(fx, ("aws", "public"))).is_empty()


def test_no_external_id_an_own_account_or_a_learning_account_is_not_a_hit(fx: Any) -> None:
    rows = [_assume(HETZNER, external_id=False), _session_call("ev-0000", HETZNER)]
    assert _hits(fx, rows, _baseline(fx)).is_empty()
    own = [{**_assume(HETZNER), "identity_account_id": OWN}, _session_call("ev-0000", HETZNER)]
    assert _hits(fx, own, _baseline(fx)).is_empty()
    rows = [_assume(HETZNER), _session_call("ev-0000", HETZNER)]
    assert _hits(fx, rows, _baseline(fx, mature=False)).is_empty()
    assert _hits(fx, rows, None).is_empty()


# the partner's own person off the platform (tune47, tuned on heldout39's B9 and B3: a food
# safety authority's inspector and a SAP partner's engineer at home, each on a day the partner's
# platform took the role as usual, doing only the platform's work): low
OFFICE = {"source_kind": "public", "network_key": "asn:3301", "as_org": "Telia Norge AS"}
RENTED = {**OFFICE, "network_key": "asn:24940", "as_org": "Hetzner Online GmbH"}


def _person_day(sessions: list[list[dict[str, Any]]], *, platform: bool = True) -> Any:
    """The platform's AssumeRole and call (optional), then each session: its AssumeRole from
    the first row's place and its calls (each row: the call's place and overrides)."""
    rows: list[dict[str, Any]] = []
    if platform:
        rows += [_assume(ON_PLATFORM), _session_call("ev-0000", ON_PLATFORM)]
    for calls in sessions:
        issuer = f"ev-{len(rows):04d}"
        rows.append(_assume(calls[0]))
        rows += [{**_session_call(issuer, OFFICE), **call} for call in calls]
    return rows


def test_the_partners_person_doing_the_platforms_work_off_it_is_low(fx: Any) -> None:
    usual = {**OFFICE}
    sessions = [
        [usual, usual],  # ev-0002: its calls the platform's
        [RENTED, RENTED],  # ev-0005: from a hosting provider
        [usual, {**usual, "event_name": "ListBuckets", "event_source": "s3.amazonaws.com"}],
        [usual, {**usual, "error_code": "AccessDenied"}],  # ev-0011: a refusal
    ]
    hits = _hits(fx, _person_day(sessions), _baseline(fx))
    session = pl.col("reason").str.extract(r"event (ev-\d+)", 1)
    sev = dict(hits.group_by(session).agg(pl.col("severity").unique().sort()).rows())
    assert sev == {"ev-0002": ["low"], "ev-0005": ["medium"], "ev-0008": ["medium"]} | {
        "ev-0011": ["medium"]
    }
    low = hits.filter(pl.col("severity") == "low")["reason"][0]
    assert "the partner's own person working off the platform" in low
    # the same session on a day the partner's platform did not take the role: medium
    alone = _hits(fx, _person_day(sessions[:1], platform=False), _baseline(fx))
    assert set(alone["severity"]) == {"medium"}
