"""A rule the Scorer skips could have emitted nothing (benchmarks/README.md, "CI time",
twenty-eighth session, ci28a).

A rule may declare ``requires()``: a condition on one row of the day that every one of its hits
meets (a necessary condition of its own filters). The Scorer tests the declarations on the day
in one collect and does not build the plan of a rule whose condition no row meets
(``scorer._rule_hits``); within a scoring ``sensitive_api`` does not build its named calls'
judgement when there is no named call. So:

- on generated small days, where the conditions hold and where they do not, with and without
  history, every hit of a declaring rule is a row of the day that meets its condition (so where
  no row does, the rule returns no row);
- the Scorer with its skips finds what it finds with every declaration withdrawn and
  ``sensitive_api`` building its named calls' plan always, byte for byte;
- each declaring rule fires on a day of its trigger, and its condition fails on the day
  without the trigger.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ueba._collect import ENGINE
from ueba.detect.rules import (
    AttackDistributionClient,
    ConsoleRisk,
    DefenseEvasion,
    ErrorSpike,
    OutsideAccountGrant,
    PersonSessionReplay,
    Rule,
    sensitive_api,
)
from ueba.detect.scorer import Scorer

USER = "arn:aws:iam::653711331788:user/alice"
WHO = "tomasz@example.org"
KRAKOW = {
    "source_ip_address": "83.26.77.104",
    "source_kind": "public",
    "network_key": "asn:5617",
    "asn": 5617,
    "country": "PL",
    "latitude": 50.06,
    "longitude": 19.94,
}
SAO_PAULO_VPS = {
    "source_ip_address": "216.238.99.79",
    "source_kind": "public",
    "network_key": "asn:20473",
    "asn": 20473,
    "as_org": "The Constant Company, LLC",
    "country": "BR",
    "latitude": -23.55,
    "longitude": -46.63,
}
WIN = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    "ua_family": "browser",
    "ua_os_family": "windows",
}
KALI = {
    "user_agent": "aws-cli/2.13.0 Python/3.11 Linux/6.5.0-kali3-amd64",
    "ua_family": "aws-cli",
    "ua_os_family": "kali",
}
SERVICE = {
    "event_source": "sts.amazonaws.com",
    "event_name": "AssumeRole",
    "source_ip_address": "ec2.amazonaws.com",
    "source_kind": "aws_service",
    "identity_type": "AWSService",
    "principal_type": "aws_service",
    "invoked_by": "ec2.amazonaws.com",
    "access_key_id": None,
    "credential_kind": None,
}
DENIED_APIS = [
    "ListUsers",
    "ListRoles",
    "GetAccountAuthorizationDetails",
    "ListBuckets",
    "ListKeys",
]
OUTSIDER = "946271038315"
VENDOR_ROLE = "arn:aws:iam::653711331788:role/vendor-sync"
# the rules whose every hit is a row meeting their condition, and one that judges a session's
# calls on the condition of the call that minted it
ROW_LEVEL: list[type[Rule]] = [
    ConsoleRisk,
    ErrorSpike,
    PersonSessionReplay,
    DefenseEvasion,
    AttackDistributionClient,
]
DECLARING: list[type[Rule]] = [*ROW_LEVEL, OutsideAccountGrant]


def _rows(fx: Any, kind: int, at: int) -> list[dict[str, Any]]:
    """One piece of a day: a rule's trigger, a near miss of it, or a background call."""
    t = fx.T0 + dt.timedelta(minutes=at)
    app = {**fx.role("app", "i-0aaa", "ASIAAPP", "ec2", "i-0aaa"), **fx.AWS_IP, **fx.BOTO}
    ops = {**fx.role("ops", "bob", "ASIAOPS", None, None), **fx.ATTACKER_IP, **fx.MAC_CLI}
    person = fx.role("AWSReservedSSO_SupportReadOnly_1", WHO, "ASIATOM", "sso_user", WHO)

    def login(mfa: str, **extra: Any) -> dict[str, Any]:
        return {
            "principal_arn": USER,
            "identity_arn": USER,
            "principal_type": "iam_user",
            "identity_type": "IAMUser",
            "event_name": "ConsoleLogin",
            "event_source": "signin.amazonaws.com",
            "additional_event_data": f'{{"MFAUsed":"{mfa}"}}',
            "response_elements": '{"ConsoleLogin":"Success"}',
            **fx.ATTACKER_IP,
            **WIN,
            **extra,
        }

    pieces: list[list[dict[str, Any]]] = [
        [{**app, "event_time": t}],
        [{**SERVICE, "event_time": t}],
        [login("No", event_time=t)],
        [login("Yes", event_time=t)],
        [
            login(
                "No",
                event_time=t,
                error_message="Failed authentication",
                response_elements='{"ConsoleLogin":"Failure"}',
            )
        ],
        [
            {
                **ops,
                "principal_arn": "arn:aws:iam::653711331788:root",
                "identity_arn": "arn:aws:iam::653711331788:root",
                "principal_type": "root",
                "identity_type": "Root",
                "event_source": "iam.amazonaws.com",
                "event_name": "CreateAccessKey",
                "event_time": t,
            }
        ],
        # an AccessDenied burst across five APIs, and three refusals alone
        [
            {**ops, "event_name": DENIED_APIS[i % 5], "error_code": "AccessDenied", "event_time": t}
            for i in range(20)
        ],
        [{**ops, "event_name": "ListUsers", "error_code": "AccessDenied", "event_time": t}] * 3,
        # a person's session begun at home, then driven from a VPS on another continent
        [
            {**person, **KRAKOW, **WIN, "event_time": t},
            {
                **person,
                **SAO_PAULO_VPS,
                **WIN,
                "event_name": "ListThings",
                "event_time": t + dt.timedelta(minutes=306),
            },
        ],
        [{**person, **fx.AWS_IP, **WIN, "event_time": t}],
        [
            {
                **ops,
                "event_source": "cloudtrail.amazonaws.com",
                "event_name": "StopLogging",
                "request_parameters": '{"name":"trail"}',
                "event_time": t,
            }
        ],
        [
            {
                **ops,
                "event_source": "lambda.amazonaws.com",
                "event_name": "UpdateFunctionCode20150331v2",
                "request_parameters": '{"functionName":"fn"}',
                "event_time": t,
            },
            {
                **ops,
                "event_source": "logs.amazonaws.com",
                "event_name": "DeleteLogGroup",
                "request_parameters": '{"logGroupName":"/aws/lambda/fn"}',
                "event_time": t + dt.timedelta(minutes=5),
            },
        ],
        [{**ops, **KALI, "event_name": "ListBuckets", "event_time": t}],
        [{**SERVICE, **KALI, "event_time": t}],
        # a snapshot shared with an account the trail never saw
        [
            {
                **ops,
                "event_source": "ec2.amazonaws.com",
                "event_name": "ModifySnapshotAttribute",
                "request_parameters": json.dumps(
                    {
                        "snapshotId": "snap-0c7d2e9f41a3b6d58",
                        "attributeType": "CREATE_VOLUME_PERMISSION",
                        "createVolumePermission": {"add": {"items": [{"userId": OUTSIDER}]}},
                    }
                ),
                "event_time": t,
            }
        ],
        # an outside account's AssumeRole with an ExternalId, and its session's call
        [
            {
                **fx.ATTACKER_IP,
                **fx.MAC_CLI,
                "identity_type": "AWSAccount",
                "principal_type": "aws_account",
                "principal_arn": f"aws_account:{OUTSIDER}",
                "identity_account_id": OUTSIDER,
                "event_source": "sts.amazonaws.com",
                "event_name": "AssumeRole",
                "request_parameters": json.dumps(
                    {"roleArn": VENDOR_ROLE, "roleSessionName": "s", "externalId": "x-1"}
                ),
                "event_id": f"ev-as-{at}",
                "event_time": t,
            },
            {
                **fx.ATTACKER_IP,
                **fx.MAC_CLI,
                "principal_arn": VENDOR_ROLE,
                "identity_arn": "arn:aws:sts::653711331788:assumed-role/vendor-sync/s",
                "access_key_id": f"ASIAVENDOR{at}",
                "key_issuer_event_id": f"ev-as-{at}",
                "event_name": "ListBuckets",
                "event_id": f"ev-vs-{at}",
                "event_time": t + dt.timedelta(minutes=1),
            },
        ],
    ]
    return [dict(r) for r in pieces[kind]]


KINDS = 16
# the trigger of each declaring rule among the pieces
TRIGGERS = {ConsoleRisk: 2, ErrorSpike: 6, PersonSessionReplay: 8, DefenseEvasion: 10}
TRIGGERS[AttackDistributionClient] = 12
TRIGGERS[OutsideAccountGrant] = 14


def _day(fx: Any, kinds: list[int]) -> pl.LazyFrame:
    rows = [r for n, k in enumerate(kinds) for r in _rows(fx, k, 7 * n)]
    return fx.day(rows)


def _views(fx: Any) -> list[Any]:
    """No history, and a history in which the people and the account are mature."""
    return [
        fx.no_history(),
        fx.view(
            [
                ("workload", f"sso_user:{WHO}", "network_key", "asn:5617"),
                ("principal", USER, "country", "DE"),
                ("principal", USER, "ua_family", "browser"),
            ],
            mature=[USER, person_arn()],
            mature_accounts=["653711331788"],
        ),
    ]


def person_arn() -> str:
    return "arn:aws:iam::653711331788:role/AWSReservedSSO_SupportReadOnly_1"


@settings(max_examples=20)
@given(
    kinds=st.lists(st.integers(0, KINDS - 1), min_size=1, max_size=7),
    history=st.booleans(),
)
def test_every_hit_of_a_declaring_rule_meets_its_condition(
    fx: Any, kinds: list[int], history: bool
) -> None:
    day = _day(fx, kinds).collect(engine=ENGINE).lazy()
    view = _views(fx)[history]
    for cls in DECLARING:
        rule = cls()
        cond = rule.requires()
        assert cond is not None
        meeting = day.filter(cond).select("event_id").collect(engine=ENGINE)["event_id"]
        hits = rule.evaluate(day, view).collect(engine=ENGINE)
        event(f"{rule.name}: condition {'met' if meeting.len() else 'not met'}")
        event(f"{rule.name}: {'fires' if hits.height else 'silent'}")
        if cls in ROW_LEVEL:
            assert hits["event_id"].is_in(meeting.implode()).all(), rule.name
        if meeting.len() == 0:
            assert hits.is_empty(), rule.name


def _withdrawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every skip off: no rule declares, ``sensitive_api`` judges its named calls always."""
    for cls in DECLARING:
        monkeypatch.setattr(cls, "requires", lambda self: None)
    monkeypatch.setattr(sensitive_api, "_none", lambda frame, baseline: False)


@pytest.mark.parametrize(
    "kinds",
    [
        [0, 1, 9, 7, 13],  # no trigger: every declaring rule skipped, no named call
        [0, 2, 5, 6, 8, 10, 11, 12, 14, 15],  # every trigger, named calls
    ],
    ids=["none", "all"],
)
def test_the_scorer_with_its_skips_finds_what_it_finds_without_them(
    fx: Any, kinds: list[int]
) -> None:
    day = _day(fx, kinds).collect(engine=ENGINE)
    score: Callable[[], pl.DataFrame] = lambda: Scorer(None).score(day)  # noqa: E731
    hits: Callable[[], pl.DataFrame] = lambda: Scorer(None).hits(day)  # noqa: E731
    skipped_findings, skipped_hits = score(), hits()
    with pytest.MonkeyPatch.context() as mp:
        _withdrawn(mp)
        full_findings, full_hits = score(), hits()
    assert_frame_equal(skipped_findings, full_findings)
    assert_frame_equal(skipped_hits, full_hits)
    fired = set(full_hits["rule"])
    if kinds[1] == 2:
        assert {cls.name for cls in DECLARING} <= fired
    else:
        assert not {cls.name for cls in DECLARING} & fired


@pytest.mark.parametrize("cls", DECLARING, ids=lambda c: c.name)
def test_a_declaring_rule_fires_on_its_trigger_and_its_condition_fails_without_it(
    fx: Any, cls: type[Rule]
) -> None:
    rule = cls()
    cond = rule.requires()
    assert cond is not None
    with_trigger = _day(fx, [0, TRIGGERS[cls]])
    without = _day(fx, [0, 1, 9])
    assert not rule.evaluate(with_trigger, fx.no_history()).collect(engine=ENGINE).is_empty()
    assert with_trigger.select(cond.any()).collect(engine=ENGINE).item()
    assert not without.select(cond.any()).collect(engine=ENGINE).item()
