"""sensitive_api: a defence-evasion call (event selectors without the data events, a trail
updated, a log group deleted) by a principal with no history at all, from a hosting provider's
network, is evidence by itself (basis ``self``): a brand-new backdoor user covering its tracks
(Stratus Red Team ``aws.defense-evasion.cloudtrail-event-selectors``; Permiso on LUCR-3). Twelfth
session, tuned on the eighteenth held-out suite's A7 after its blind measure. The same call from
an office ISP, or with no baseline at all, stays what it was (novelty; at most low)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

OWN = "653711331788"
USER = f"arn:aws:iam::{OWN}:user/ops-automation"
VPS = {
    "source_ip_address": "45.76.125.23",
    "source_kind": "public",
    "network_key": "asn:20473",
    "asn": 20473,
    "as_org": "The Constant Company, LLC",
    "country": "SE",
}
OFFICE = {
    **VPS,
    "source_ip_address": "62.157.140.10",
    "network_key": "asn:3320",
    "asn": 3320,
    "as_org": "Deutsche Telekom AG",
}
CLI = {"user_agent": "aws-cli/2.17.0", "ua_family": "aws-cli", "ua_os_family": "linux"}
SELECTORS = {
    "trailName": "org-trail",
    "eventSelectors": [
        {"readWriteType": "All", "includeManagementEvents": True, "dataResources": []}
    ],
}


def _call(where: dict[str, Any], name: str = "PutEventSelectors") -> dict[str, Any]:
    return {
        "identity_arn": USER,
        "principal_arn": USER,
        "principal_type": "iam_user",
        "access_key_id": "AKIAQ3EXAMPLENEWUSER",
        "event_source": "cloudtrail.amazonaws.com",
        "event_name": name,
        "request_parameters": json.dumps(SELECTORS),
        **where,
        **CLI,
    }


def _hits(fx: Any, rows: list[dict[str, Any]], baseline: Any) -> pl.DataFrame:
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    return hits.filter(pl.col("event_name") == "PutEventSelectors")


def _someone_else(fx: Any) -> Any:
    # the account is known, this user is not (created since: no history of its own)
    other = f"arn:aws:iam::{OWN}:user/alice"
    return fx.view(
        [("account", OWN, "network_key", "asn:3320"), ("principal", other, "api", "iam:ListUsers")],
        mature_accounts=[OWN],
        mature=[other],
    )


def test_a_new_identity_weakening_the_trail_from_a_vps_is_evidence_by_itself(fx: Any) -> None:
    hits = _hits(fx, [_call(VPS)], _someone_else(fx))
    assert hits["severity"].to_list() == ["high"]
    assert hits["basis"].to_list() == ["self"]
    assert "from a hosting provider's network" in hits["reason"][0]


def test_from_an_office_isp_or_with_no_baseline_it_is_not(fx: Any) -> None:
    office = _hits(fx, [_call(OFFICE)], _someone_else(fx))
    assert office["basis"].to_list() == ["novelty"]
    cold = _hits(fx, [_call(VPS)], None)
    assert set(cold["severity"]) <= {"info", "low"}
