"""leaked_long_term_key on a sparse key (tuned on heldout7's A1, LLMjacking, seventh session):
a long-term key used a few days a week for weeks is judged against its own record even while
its user is too sparse for the maturity rule; a key with too thin a record is not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules import LeakedLongTermKey, SensitiveApi
from ueba.detect.scorer import Scorer

USER = "arn:aws:iam::653711331788:user/insights-poc"
KEY = "AKIAPOCKEY"
ACCOUNT = "653711331788"


def _poc(fx: Any, **extra: Any) -> dict[str, Any]:
    return {
        "principal_arn": USER,
        "principal_type": "iam_user",
        "access_key_id": KEY,
        "credential_kind": "long_term_key",
        **fx.ATTACKER_IP,
        **fx.BOTO,
        "ua_exec_env": None,
        **extra,
    }


def _sparse_view(fx: Any, *, days_observed: int, age_days: int) -> BaselineView:
    """The key and its user seen from one home network with boto3 on macOS, on
    ``days_observed`` days spread over ``age_days``: too few for the maturity rule."""
    seen = fx.T0 - dt.timedelta(days=1)
    rows = [
        (scope, entity, dim, value)
        for scope, entity in (("credential", KEY), ("principal", USER))
        for dim, value in (
            ("network_key", "AS1221"),
            ("ua_family", "boto3"),
            ("ua_os_family", "macos"),
            ("source_kind", "public"),
        )
    ]
    n = len(rows)
    profile = pl.DataFrame(
        {
            "scope": [r[0] for r in rows],
            "entity": [r[1] for r in rows],
            "account_id": [ACCOUNT] * n,
            "dimension": [r[2] for r in rows],
            "value": [r[3] for r in rows],
            "count": [6 * days_observed] * n,
            "days_seen": [days_observed] * n,
            "first_seen": [seen - dt.timedelta(days=age_days - 1)] * n,
            "last_seen": [seen] * n,
        }
    )
    entities = [("credential", KEY, False), ("principal", USER, False), ("account", ACCOUNT, True)]
    maturity = pl.DataFrame(
        {
            "scope": [e[0] for e in entities],
            "entity": [e[1] for e in entities],
            "account_id": [ACCOUNT] * 3,
            "days_observed": [days_observed, days_observed, 24],
            "events": [6 * days_observed, 6 * days_observed, 50_000],
            "age_days": [age_days, age_days, 24],
            "cold_start": [not e[2] for e in entities],
            "maturity": ["mature" if e[2] else "learning" for e in entities],
        }
    )
    return BaselineView.from_frames(profile=profile, maturity=maturity, as_of=fx.T0)


def _llmjacking(fx: Any) -> pl.LazyFrame:
    """The key from a VPS with another boto3 (Linux): Bedrock model access, then invocations."""
    calls = [("sts", "GetCallerIdentity")] + [
        ("bedrock", name)
        for name in (
            "GetModelInvocationLoggingConfiguration",
            "ListFoundationModels",
            "PutUseCaseForModelAccess",
            "CreateFoundationModelAgreement",
            *["InvokeModel"] * 5,
        )
    ]
    return fx.build(
        [_poc(fx, event_source=f"{svc}.amazonaws.com", event_name=name) for svc, name in calls]
    )


def test_a_seasoned_sparse_key_is_judged_against_its_own_record(fx: Any) -> None:
    # 4 days of use over 22 days (a proof-of-concept user's key): a record of its own
    base = _sparse_view(fx, days_observed=4, age_days=22)
    hits = LeakedLongTermKey().evaluate(_llmjacking(fx), base).collect()
    assert hits.height == 10
    assert set(hits["basis"]) == {"self"} and set(hits["severity"]) == {"high"}
    found = Scorer(base).score(_llmjacking(fx)).collect()
    # high by this rule, critical with sensitive_api's agreement: the key's first Bedrock model
    # access request from a network nobody in the account used is high by itself (tune45)
    assert found["severity"].to_list() == ["critical"]
    assert "leaked_long_term_key" in found["rules"][0]


def test_a_thin_record_is_still_novelty_and_waits_for_maturity(fx: Any) -> None:
    # two days, or four days inside one week: too thin to be the key's record
    for days, age in ((2, 22), (4, 5)):
        base = _sparse_view(fx, days_observed=days, age_days=age)
        hits = LeakedLongTermKey().evaluate(_llmjacking(fx), base).collect()
        assert set(hits.filter(pl.col("signal") == "new_network_and_client")["basis"]) == {
            "novelty"
        }
        found = Scorer(base).score(_llmjacking(fx)).collect()
        assert "leaked_long_term_key" not in [r for rules in found["rules"] for r in rules]


def test_bedrock_logging_calls_are_sensitive(fx: Any) -> None:
    view = fx.view([], mature=[USER])
    day = fx.build(
        [
            _poc(fx, event_source="bedrock.amazonaws.com", event_name=name)
            for name in (
                "GetModelInvocationLoggingConfiguration",
                "DeleteModelInvocationLoggingConfiguration",
            )
        ]
    )
    hits = SensitiveApi().evaluate(day, view).collect()
    got = dict(zip(hits["event_name"], hits["signal"], strict=True))
    assert got["GetModelInvocationLoggingConfiguration"] == "sensitive recon"
    assert got["DeleteModelInvocationLoggingConfiguration"] == "sensitive defense_evasion"


def test_a_kms_key_disabled_or_scheduled_for_deletion_is_sensitive(fx: Any) -> None:
    # KMS ransom: the key that encrypts the data disabled, then scheduled for deletion
    view = fx.view([], mature=[USER])
    day = fx.build(
        [
            _poc(fx, event_source="kms.amazonaws.com", event_name=name)
            for name in ("DisableKey", "ScheduleKeyDeletion", "DescribeKey")
        ]
    )
    hits = SensitiveApi().evaluate(day, view).collect()
    got = dict(zip(hits["event_name"], hits["signal"], strict=True))
    assert got == {"DisableKey": "sensitive impact", "ScheduleKeyDeletion": "sensitive impact"}
