"""sensitive_api: destructive impact calls (a KMS key disabled, scheduled for deletion or its
policy replaced, backups and snapshots deleted) new for the principal are high from a network
nobody in the mature account used (whatever the principal's maturity), medium from a network
the mature principal never used; the cleanup-only calls raise nothing at home. Tuned on the
eleventh held-out suite's A5 (a phished admin's console session from a VPS), after its blind
measure."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.features import add_features
from ueba.detect.rules import SensitiveApi

OWN = "653711331788"
OFFICE = {
    "source_ip_address": "62.157.140.10",
    "source_kind": "public",
    "network_key": "asn:3320",
    "country": "DE",
}
HOME = {
    "source_ip_address": "91.64.10.20",
    "source_kind": "public",
    "network_key": "asn:3209",
    "country": "DE",
}
VPS = {
    "source_ip_address": "45.76.125.23",
    "source_kind": "public",
    "network_key": "asn:20473",
    "country": "SG",
}
ADMIN = f"arn:aws:sts::{OWN}:assumed-role/AWSReservedSSO_SecurityAdmin_0123456789abcdef/a.admin"
CONSOLE = {
    "user_agent": "Mozilla/5.0 Chrome/130.0",
    "ua_family": "browser",
    "ua_os_family": "windows",
}
KEY = "arn:aws:kms:ap-south-1:653711331788:key/1111-2222"


def _call(name: str, where: dict[str, Any], *, source: str = "kms", error: str | None = None):
    return {
        "identity_arn": ADMIN,
        "principal_arn": ADMIN,
        "access_key_id": "ASIAQ3EXAMPLEADMIN01",
        "workload_kind": "sso_user",
        "workload_id": "a.admin",
        "event_source": f"{source}.amazonaws.com",
        "event_name": name,
        "error_code": error,
        "request_parameters": json.dumps({"keyId": KEY}),
        **where,
        **CONSOLE,
    }


def _ransom(where: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        _call("PutKeyPolicy", where),
        _call("DisableKey", where),
        _call("ScheduleKeyDeletion", where),
        _call("DeleteRecoveryPoint", where, source="backup"),
        _call("DeleteDBClusterSnapshot", where, source="rds"),
    ]


def _principal(fx: Any, rows: list[dict[str, Any]]) -> str:
    return str(add_features(fx.build(rows[:1])).collect()["principal"][0])


def _baseline(fx: Any, principal: str, *, mature_principal: bool = False) -> Any:
    # the account's people work from the office; the admin from the office and from home
    rows = [
        ("account", OWN, "network_key", "asn:3320"),
        ("account", OWN, "network_key", "asn:3209"),
        ("account", OWN, "ua_family", "browser"),
        ("principal", principal, "network_key", "asn:3320"),
        ("principal", principal, "ua_family", "browser"),
        ("principal", principal, "api", "kms.amazonaws.com:ListKeys"),
    ]
    return fx.view(rows, mature_accounts=[OWN], mature=[principal] if mature_principal else [])


def _hits(fx: Any, rows: list[dict[str, Any]], *, mature_principal: bool = False) -> pl.DataFrame:
    baseline = _baseline(fx, _principal(fx, rows), mature_principal=mature_principal)
    return SensitiveApi().evaluate(fx.day(rows), baseline).collect()


def test_key_ransom_from_a_network_nobody_in_the_account_used_is_high_while_learning(
    fx: Any,
) -> None:
    hits = _hits(fx, _ransom(VPS))
    assert set(hits["event_name"]) == {
        "PutKeyPolicy",
        "DisableKey",
        "ScheduleKeyDeletion",
        "DeleteRecoveryPoint",
        "DeleteDBClusterSnapshot",
    }
    assert set(hits["severity"]) == {"high"}
    # judged against the account and the call: it counts while the session is learning
    assert set(hits["basis"]) == {"self"}
    assert all(
        "destructive call from a network nobody in the account used" in r for r in hits["reason"]
    )


def test_from_a_network_the_mature_principal_never_used_it_is_medium(fx: Any) -> None:
    hits = _hits(fx, _ransom(HOME), mature_principal=True)
    severity = dict(zip(hits["event_name"], hits["severity"], strict=True))
    assert set(severity.values()) == {"medium"}
    assert set(hits["basis"]) == {"novelty"}
    assert all("never used" in r for r in hits["reason"])


def test_at_the_office_the_cleanup_calls_raise_nothing_and_the_key_calls_stay_low(
    fx: Any,
) -> None:
    hits = _hits(fx, _ransom(OFFICE), mature_principal=True)
    # a key policy edit, a recovery point or snapshot cleaned up at home: not reported
    assert set(hits["event_name"]) == {"DisableKey", "ScheduleKeyDeletion"}
    assert set(hits["severity"]) == {"low"}


def test_a_refused_destructive_call_is_no_destruction(fx: Any) -> None:
    rows = [
        _call("DisableKey", VPS, error="AccessDenied"),
        _call("PutKeyPolicy", VPS, error="AccessDenied"),
    ]
    hits = _hits(fx, rows)
    assert "high" not in set(hits["severity"])
    assert "PutKeyPolicy" not in set(hits["event_name"])
