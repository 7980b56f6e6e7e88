"""``check_rule``: the contract every detection rule passes (scikit-learn's check_estimator idea).

Use it for your own rules too::

    from ueba.testing.rules import check_rule
    check_rule(MyRule)            # raises AssertionError naming the broken promise

The promises: class attributes are valid; ``__init__`` only stores parameters, which are
strict when checked (``check_params()`` and ``evaluate`` raise ``ConfigError`` with a
did-you-mean hint for an unknown key) and round-trip through ``get_params``; ``evaluate``
returns a LazyFrame of exactly ``HITS`` for an empty day, a day full of nulls, and a varied
contract day, with and without a baseline; hits name the rule, carry weights in (0, 1], known
severities and bases, readable reasons and event ids from the input, one row per (event, signal); the
result is deterministic; a disabled rule is silent.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import BASES, HITS, Rule
from ueba.exceptions import ConfigError
from ueba.schema import ENRICHED, SEVERITIES, conform

_T0 = dt.datetime(2024, 7, 30, 9, 0, tzinfo=dt.UTC)
_ACCOUNT = "111122223333"


def contract_events() -> pl.LazyFrame:
    """A small, varied ENRICHED day: workload keys in and out of AWS, a desktop client, a leaked
    user key opening with GetCallerIdentity, console sign-ins, root, sensitive calls, AWS
    service calls, an invalid address and a row of nulls."""
    role = f"arn:aws:iam::{_ACCOUNT}:role/app"
    user = f"arn:aws:iam::{_ACCOUNT}:user/alice"
    aws = {"source_ip_address": "52.1.2.3", "source_kind": "aws", "network_key": "52.0.0.0/11"}
    out = {
        "source_ip_address": "198.51.100.7",
        "source_kind": "public",
        "network_key": "AS64500",
        "asn": 64500,
        "as_org": "Example",
        "country": "NL",
        "latitude": 52.4,
        "longitude": 4.9,
    }
    far = {
        "source_ip_address": "203.0.113.9",
        "source_kind": "public",
        "network_key": "AS64501",
        "asn": 64501,
        "country": "AU",
        "latitude": -33.9,
        "longitude": 151.2,
    }
    mac = {
        "user_agent": "aws-cli/2.15 Python/3.11 Darwin/23.1",
        "ua_family": "aws-cli",
        "ua_os_family": "macos",
    }
    sdk = {
        "user_agent": "Boto3/1.34 Python/3.12 Linux/5.10",
        "ua_family": "boto3",
        "ua_os_family": "linux",
    }
    ec2 = {
        "principal_arn": role,
        "principal_type": "role",
        "access_key_id": "ASIAEC2KEY",
        "credential_kind": "session_key",
        "workload_kind": "ec2",
        "workload_id": "i-0abc",
    }
    akia = {
        "principal_arn": user,
        "principal_type": "iam_user",
        "access_key_id": "AKIALEAKED",
        "credential_kind": "long_term_key",
    }
    rows: list[dict[str, Any]] = [
        {**ec2, **aws, **sdk, "event_name": "GetObject"},
        {**ec2, **aws, **sdk, "event_name": "PutObject"},
        {**ec2, **out, **mac, "event_name": "ListBuckets"},
        {**ec2, **out, **mac, "event_name": "GetSecretValue", "error_code": "AccessDenied"},
        {
            **akia,
            **out,
            **mac,
            "event_name": "GetCallerIdentity",
            "event_source": "sts.amazonaws.com",
        },
        {**akia, **out, **mac, "event_name": "CreateUser", "event_source": "iam.amazonaws.com"},
        {
            **akia,
            **out,
            **mac,
            "event_name": "AttachUserPolicy",
            "event_source": "iam.amazonaws.com",
            "request_parameters": '{"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}',
        },
        {
            **akia,
            **out,
            **mac,
            "event_name": "StopLogging",
            "event_source": "cloudtrail.amazonaws.com",
        },
        {
            "principal_arn": user,
            "principal_type": "iam_user",
            **out,
            "event_name": "ConsoleLogin",
            "event_source": "signin.amazonaws.com",
            "additional_event_data": '{"MFAUsed":"No"}',
            "response_elements": '{"ConsoleLogin":"Success"}',
        },
        {
            "principal_arn": user,
            "principal_type": "iam_user",
            **far,
            "event_name": "ConsoleLogin",
            "event_source": "signin.amazonaws.com",
            "additional_event_data": '{"MFAUsed":"Yes"}',
            "response_elements": '{"ConsoleLogin":"Success"}',
        },
        {
            "principal_arn": f"arn:aws:iam::{_ACCOUNT}:root",
            "principal_type": "root",
            **out,
            "event_name": "GetAccountSummary",
            "access_key_id": "ASIAROOT",
        },
        {
            **ec2,
            "source_ip_address": "ec2.amazonaws.com",
            "source_kind": "aws_service",
            "invoked_by": "ec2.amazonaws.com",
            "event_name": "AssumeRole",
        },
        {
            **ec2,
            "source_ip_address": "253.252.51.07",
            "source_kind": "invalid",
            **mac,
            "event_name": "DescribeInstances",
        },
        {},
    ]
    full = []
    for i, row in enumerate(rows):
        base = {
            "event_id": f"contract-{i:02d}",
            "event_time": _T0 + dt.timedelta(minutes=3 * i),
            "recipient_account_id": _ACCOUNT,
            "event_source": "s3.amazonaws.com",
            "aws_region": "us-east-1",
        }
        full.append({**base, **row} if row else {"event_id": f"contract-{i:02d}"})
    cols = sorted({k for r in full for k in r})
    data = {c: [r.get(c) for r in full] for c in cols}
    frame = pl.DataFrame(data, schema={c: ENRICHED[c] for c in cols})
    return conform(frame.lazy(), ENRICHED)


def contract_baseline() -> BaselineView:
    """A mature baseline in which the role uses AWS and boto3, and alice uses the console."""
    role = f"arn:aws:iam::{_ACCOUNT}:role/app"
    user = f"arn:aws:iam::{_ACCOUNT}:user/alice"
    seen = _T0 - dt.timedelta(days=1)
    rows = [
        ("principal", role, "network_key", "52.0.0.0/11"),
        ("principal", role, "ua_family", "boto3"),
        ("principal", role, "ua_os_family", "linux"),
        ("principal", role, "api", "s3.amazonaws.com:GetObject"),
        ("workload", "ec2:i-0abc", "network_key", "52.0.0.0/11"),
        ("credential", "AKIALEAKED", "network_key", "AS64499"),
        ("credential", "AKIALEAKED", "ua_family", "terraform"),
        ("principal", user, "country", "NL"),
        ("principal", user, "asn", "64500"),
        ("account", _ACCOUNT, "api", "s3.amazonaws.com:GetObject"),
    ]
    profile = pl.DataFrame(
        {
            "scope": [r[0] for r in rows],
            "entity": [r[1] for r in rows],
            "account_id": [_ACCOUNT] * len(rows),
            "dimension": [r[2] for r in rows],
            "value": [r[3] for r in rows],
            "count": [100] * len(rows),
            "days_seen": [20] * len(rows),
            "first_seen": [seen - dt.timedelta(days=20)] * len(rows),
            "last_seen": [seen] * len(rows),
        }
    )
    maturity = pl.DataFrame(
        {
            "scope": ["principal", "principal"],
            "entity": [role, user],
            "account_id": [_ACCOUNT] * 2,
            "days_observed": [20, 20],
            "events": [5000, 300],
            "cold_start": [False, False],
        }
    )
    volume = pl.DataFrame(
        {
            "hour": [seen] * 2,
            "scope": ["principal"] * 2,
            "entity": [role, user],
            "account_id": [_ACCOUNT] * 2,
            "events": [50, 5],
            "errors": [1, 0],
            "access_denied": [0, 0],
        }
    )
    return BaselineView.from_frames(
        profile=profile, maturity=maturity, volume=volume, as_of=_T0.replace(hour=0)
    )


def _check_hits(rule: Rule, lf: Any, events: pl.LazyFrame, what: str) -> pl.DataFrame:
    name = type(rule).__name__
    assert isinstance(lf, pl.LazyFrame), f"{name}.evaluate must return a LazyFrame ({what})"
    df = lf.collect(engine=ENGINE)
    assert dict(df.schema) == dict(HITS), f"{name}: hits are not exactly HITS ({what}): {df.schema}"
    if df.height == 0:
        return df
    assert (df["rule"] == rule.name).all(), f"{name}: every hit must carry rule={rule.name!r}"
    w = df["weight"]
    assert w.null_count() == 0 and ((w > 0) & (w <= 1)).all(), f"{name}: weights outside (0, 1]"
    assert df["severity"].is_in(list(SEVERITIES)).all(), f"{name}: unknown severity ({what})"
    assert df["basis"].is_in(list(BASES)).all(), f"{name}: basis not one of {BASES} ({what})"
    assert df["reason"].null_count() == 0, f"{name}: a hit without a reason ({what})"
    assert (df["reason"].str.len_chars() > 10).all(), f"{name}: reasons must be sentences"
    assert df["signal"].null_count() == 0, f"{name}: a hit without a signal ({what})"
    ids = set(events.select("event_id").collect(engine=ENGINE)["event_id"].to_list())
    assert set(df["event_id"].to_list()) <= ids, f"{name}: hits name events not in the input"
    dup = df.select("event_id", "signal").is_duplicated().any()
    assert not dup, f"{name}: more than one hit per (event, signal): a join fans out ({what})"
    return df


def check_rule(rule_class: type[Rule]) -> None:
    """Assert that ``rule_class`` keeps the rule contract. Raises AssertionError if not."""
    name = rule_class.__name__
    assert issubclass(rule_class, Rule), f"{name} must subclass ueba.detect.rules.Rule"
    assert re.fullmatch(r"[a-z][a-z0-9_]*", rule_class.name), f"{name}.name must be snake_case"
    assert rule_class.family, f"{name}.family is empty"
    assert rule_class.basis in BASES, f"{name}.basis must be one of {BASES}"
    assert rule_class.severity in SEVERITIES, f"{name}.severity is not a severity"
    assert 0 < rule_class.weight <= 1, f"{name}.weight must be in (0, 1]"
    assert rule_class.description.strip(), f"{name}.description is empty"
    assert (rule_class.__doc__ or "").strip(), f"{name} has no docstring"

    rule = rule_class()
    params = rule.get_params()
    assert set(params) == set(rule_class.param_names()), f"{name}.get_params misses parameters"
    again = rule_class(**params)
    assert again.get_params() == params, f"{name}: parameters do not round-trip"
    typo = next(iter(rule_class.param_names()))[:-1] + "x"
    # scikit-learn's rule: __init__ stores, check_params() (and so evaluate) validates.
    try:
        unchecked = rule_class(**{typo: 1})
        wrong_severity = rule_class(severity="urgent")
    except Exception as exc:
        raise AssertionError(f"{name}.__init__ must only store its parameters: {exc!r}") from exc
    empty = pl.LazyFrame(schema=dict(ENRICHED))
    for what, call in (
        (f"{name}({typo}=...).check_params()", unchecked.check_params),
        (f"{name}({typo}=...).evaluate()", lambda: unchecked.evaluate(empty)),
    ):
        try:
            call()
        except ConfigError as exc:
            assert "unknown key" in str(exc), f"{name}: the error must say 'unknown key': {exc}"
        else:
            raise AssertionError(f"{what} must raise ConfigError")
    try:
        wrong_severity.check_params()
    except ConfigError:
        pass
    else:
        raise AssertionError(f"{name}(severity='urgent').check_params() must raise ConfigError")
    assert rule.check_params() is rule, f"{name}.check_params() must return the rule"

    for baseline in (None, contract_baseline()):
        df = _check_hits(rule, rule.evaluate(empty, baseline), empty, "empty day")
        assert df.height == 0, f"{name}: hits on an empty day"
    nulls = conform(pl.LazyFrame({"event_id": ["n1", "n2"]}), ENRICHED)
    events = contract_events()
    for baseline in (None, contract_baseline()):
        _check_hits(rule, rule.evaluate(nulls, baseline), nulls, "a day of nulls")
        first = _check_hits(rule, rule.evaluate(events, baseline), events, "contract day")
        second = rule.evaluate(events, baseline).collect(engine=ENGINE)
        order = ["event_id", "signal"]
        assert first.sort(order).equals(second.sort(order)), f"{name}: not deterministic"
    off = rule_class(enabled=False).evaluate(events, contract_baseline()).collect(engine=ENGINE)
    assert off.height == 0, f"{name}: a disabled rule must not fire"


__all__ = ["check_rule", "contract_baseline", "contract_events"]
