"""A GuardDuty suppression rule that archives every finding is defence evasion, high when it
is made and medium when refused (``defense_evasion``'s ``evasion CreateFilter``; eighteenth
session, branch ``tune27``, tuning on heldout30's A4: an infostealer's copy of an
administrator's SSO token creates a filter with action ARCHIVE and a severity floor of 1). A
tuning rule that names the finding type or resource it silences, a filter that only flags
(NOOP), or a floor with a ceiling (archive the lows) is not this signal."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import DefenseEvasion

ACCOUNT = "653711331788"
ADMIN = f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_AdministratorAccess_6c3a/milan"
DETECTOR = "d2c5f1e0b7a94c3e8f6a1b2c3d4e5f60"


def _filter(
    criterion: dict[str, Any],
    *,
    action: str = "ARCHIVE",
    name: str = "CreateFilter",
    source: str = "guardduty",
    error: str | None = None,
) -> dict[str, Any]:
    request = {
        "detectorId": DETECTOR,
        "name": "ops-noise",
        "action": action,
        "findingCriteria": {"criterion": criterion},
    }
    return {
        "identity_arn": ADMIN,
        "principal_arn": ADMIN,
        "access_key_id": "ASIASTOLENTOKEN00001",
        "event_source": f"{source}.amazonaws.com",
        "event_name": name,
        "error_code": error,
        "request_parameters": json.dumps(request),
    }


def _hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    hits = DefenseEvasion().evaluate(fx.day(rows), fx.no_history()).collect()
    return hits.filter(pl.col("signal").str.ends_with("Filter")).sort("event_id")


def test_a_filter_archiving_every_finding_is_high_with_no_history(fx: Any) -> None:
    every = [
        _filter({"severity": {"gte": 1}}),
        _filter({}),
        _filter({"severity": {"gt": 0}}, name="UpdateFilter"),
    ]
    hits = _hits(fx, every)
    assert hits["event_id"].to_list() == ["ev-0000", "ev-0001", "ev-0002"]
    assert set(hits["severity"]) == {"high"} and set(hits["basis"]) == {"self"}
    assert "CreateFilter on ops-noise" in hits["reason"][0]


def test_a_refused_filter_is_an_attempt(fx: Any) -> None:
    hits = _hits(fx, [_filter({"severity": {"gte": 1}}, error="AccessDenied")])
    assert hits["severity"].to_list() == ["medium"]


def test_a_tuning_rule_a_flag_or_archiving_the_lows_is_not_evasion(fx: Any) -> None:
    rows = [
        # the security team silences a known scanner's port probes
        _filter({"type": {"eq": ["Recon:EC2/PortProbeUnprotectedPort"]}}),
        _filter({"severity": {"gte": 1}, "resource.instanceDetails.instanceId": {"eq": ["i-1"]}}),
        # a filter that only saves a view of the findings
        _filter({"severity": {"gte": 1}}, action="NOOP"),
        # the lows archived: the findings that matter still arrive
        _filter({"severity": {"lt": 4}}),
        # another service's CreateFilter (Inspector's findings filters take no ARCHIVE action)
        _filter({"severity": {"gte": 1}}, source="inspector2", action="SUPPRESS"),
    ]
    assert _hits(fx, rows).is_empty()
