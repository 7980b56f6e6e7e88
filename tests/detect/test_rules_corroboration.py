"""Severity calibration of novelty (issue 8): one new thing in the principal's usual context is
context (info); low needs two independent facets, or a new place nothing vouches for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ueba.detect.rules import ConsoleRisk, FirstSeen, SensitiveApi

USER = "arn:aws:iam::653711331788:user/alice"
SSO = "arn:aws:iam::653711331788:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0a1b"
ACCOUNT = "653711331788"

HOME = {
    "source_ip_address": "73.22.1.9",
    "source_kind": "public",
    "network_key": "asn:7922",
    "asn": 7922,
    "as_org": "Comcast",
    "country": "US",
}
ABROAD = {
    "source_ip_address": "83.40.97.147",
    "source_kind": "public",
    "network_key": "asn:3352",
    "asn": 3352,
    "as_org": "Telefonica",
    "country": "ES",
}
KALI = {
    "user_agent": "aws-cli/2.13.0 Python/3.11 Linux/6.5.0-kali3-amd64",
    "ua_family": "aws-cli",
    "ua_os_family": "kali",
}


def _usual(principal: str) -> list[tuple[str, str, str, str]]:
    """alice's (or the SSO role's) 30 days: home network, the macOS CLI, a few reads."""
    rows = [
        ("network_key", "asn:7922"),
        ("country", "US"),
        ("ua_family", "aws-cli"),
        ("ua_os_family", "macos"),
        ("api", "ec2.amazonaws.com:DescribeInstances"),
        ("region", "us-east-1"),
    ]
    return [("principal", principal, d, v) for d, v in rows] + [
        ("account", ACCOUNT, d, v) for d, v in rows
    ]


def _user(fx: Any, **extra: Any) -> dict[str, Any]:
    return {
        "principal_arn": USER,
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "access_key_id": "AKIAALICE",
        "credential_kind": "long_term_key",
        "event_source": "ec2.amazonaws.com",
        "event_name": "DescribeInstances",
        **HOME,
        **fx.MAC_CLI,
        **extra,
    }


def _severities(hits: Any) -> dict[str, str]:
    return dict(zip(hits["signal"].to_list(), hits["severity"].to_list(), strict=True))


def test_a_single_new_call_in_the_usual_context_is_context_not_a_finding(fx: Any) -> None:
    base = fx.view(_usual(USER), mature=[USER])
    day = fx.day([_user(fx, event_source="cloudformation.amazonaws.com", event_name="CreateStack")])
    hits = FirstSeen().evaluate(day, base).collect()
    assert _severities(hits) == {"new_api": "info"}
    assert "nothing else new for it that hour" in hits["reason"][0]


def test_a_new_call_with_a_new_client_in_the_same_hour_is_low(fx: Any) -> None:
    base = fx.view(_usual(USER), mature=[USER])
    day = fx.day([_user(fx, event_source="iam.amazonaws.com", event_name="ListUsers", **KALI)])
    hits = FirstSeen().evaluate(day, base).collect()
    assert _severities(hits) == {"new_api": "low", "new_ua_os_family": "low"}


def test_two_new_things_hours_apart_are_not_corroboration(fx: Any) -> None:
    base = fx.view(_usual(USER), mature=[USER])
    later = fx.T0 + dt.timedelta(hours=3)
    day = fx.day(
        [
            _user(fx, event_source="cloudformation.amazonaws.com", event_name="CreateStack"),
            _user(fx, aws_region="eu-west-1", event_time=later),
        ]
    )
    hits = FirstSeen().evaluate(day, base).collect()
    assert _severities(hits) == {"new_api": "info", "new_region": "info"}


def test_a_long_term_key_from_a_new_country_with_nothing_to_vouch_for_it_stays_low(
    fx: Any,
) -> None:
    base = fx.view(_usual(USER), mature=[USER])
    hits = FirstSeen().evaluate(fx.day([_user(fx, **ABROAD)]), base).collect()
    assert _severities(hits) == {"new_network_key": "low", "new_country": "low"}


def test_travel_vouched_for_by_an_mfa_sign_in_from_there_is_context(fx: Any) -> None:
    base = fx.view(_usual(USER), mature=[USER])
    sign_in = _user(
        fx,
        event_source="signin.amazonaws.com",
        event_name="ConsoleLogin",
        additional_event_data='{"MFAUsed":"Yes"}',
        access_key_id=None,
        **ABROAD,
    )
    cli = _user(fx, **ABROAD)  # the same person's CLI key from the hotel
    hits = FirstSeen(dimensions=["network_key", "country"]).evaluate(fx.day([sign_in, cli]), base)
    severities = hits.collect()["severity"].unique().to_list()
    assert severities == ["info"]


def test_an_mfa_sign_in_from_another_network_vouches_for_nothing(fx: Any) -> None:
    base = fx.view(_usual(USER), mature=[USER])
    sign_in = _user(
        fx,
        event_source="signin.amazonaws.com",
        event_name="ConsoleLogin",
        additional_event_data='{"MFAUsed":"Yes"}',
    )
    hits = FirstSeen().evaluate(fx.day([sign_in, _user(fx, **ABROAD)]), base).collect()
    assert set(hits["severity"].to_list()) == {"low"}


def test_an_identity_center_session_abroad_with_its_usual_cli_is_context(fx: Any) -> None:
    base = fx.view(_usual(SSO), mature=[SSO])
    row = {
        **fx.role("AWSReservedSSO_Admin_0a1b", "dave@acme.example", "ASIADAVE", "sso_user", None),
        "principal_arn": SSO,
        "workload_id": "dave@acme.example",
        "event_source": "ec2.amazonaws.com",
        "event_name": "DescribeInstances",
        **ABROAD,
        **fx.MAC_CLI,
    }
    hits = FirstSeen().evaluate(fx.day([row]), base).collect()
    assert _severities(hits) == {"new_network_key": "info", "new_country": "info"}
    assert "with MFA or through its identity provider" in hits["reason"][0]


def _login(**extra: Any) -> dict[str, Any]:
    return {
        "principal_arn": USER,
        "principal_type": "iam_user",
        "event_name": "ConsoleLogin",
        "event_source": "signin.amazonaws.com",
        "response_elements": '{"ConsoleLogin":"Success"}',
        "user_agent": "Mozilla/5.0 (Macintosh) Chrome/122.0",
        "ua_family": "chrome",
        **ABROAD,
        **extra,
    }


def test_console_sign_in_abroad_with_mfa_and_the_usual_browser_is_context(fx: Any) -> None:
    base = fx.view(
        [("principal", USER, "country", "US"), ("principal", USER, "ua_family", "chrome")],
        mature=[USER],
    )
    mfa = fx.day([_login(additional_event_data='{"MFAUsed":"Yes"}')])
    hits = ConsoleRisk().evaluate(mfa, base).collect()
    assert _severities(hits) == {"new_country": "info", "new_asn": "info"}
    assert "with MFA and its usual client" in hits["reason"][0]


def test_console_sign_in_abroad_with_a_new_browser_stays_low(fx: Any) -> None:
    base = fx.view(
        [("principal", USER, "country", "US"), ("principal", USER, "ua_family", "firefox")],
        mature=[USER],
    )
    mfa = fx.day([_login(additional_event_data='{"MFAUsed":"Yes"}')])
    hits = ConsoleRisk().evaluate(mfa, base).collect()
    assert _severities(hits) == {"new_country": "low", "new_asn": "low"}


def test_a_sign_in_without_mfa_from_there_vouches_for_nothing(fx: Any) -> None:
    base = fx.view(_usual(USER), mature=[USER])
    sign_in = _user(
        fx,
        event_source="signin.amazonaws.com",
        event_name="ConsoleLogin",
        additional_event_data='{"MFAUsed": "No"}',
        access_key_id=None,
        **ABROAD,
    )
    hits = FirstSeen(dimensions=["network_key", "country"]).evaluate(
        fx.day([sign_in, _user(fx, **ABROAD)]), base
    )
    assert set(hits.collect()["severity"].to_list()) == {"low"}


def _in_madrid(principal: str) -> list[tuple[str, str, str, str]]:
    """alice's 30 days, every call in eu-south-2: us-east-1 is new for her and the account."""
    return [
        (scope, entity, d, "eu-south-2" if d == "region" else v)
        for scope, entity, d, v in _usual(principal)
    ]


def test_a_global_services_region_comes_with_the_call_and_corroborates_nothing(
    fx: Any,
) -> None:
    # heldout28's B1 (twentieth session, tune35): a marketer's first Support case, logged in
    # us-east-1 as every Support call is, from her usual desk and browser, was low because
    # the region counted as a second novelty of its own
    base = fx.view(_in_madrid(USER), mature=[USER])
    case = _user(
        fx, event_source="support.amazonaws.com", event_name="CreateCase", aws_region="us-east-1"
    )
    hits = FirstSeen().evaluate(fx.day([case]), base).collect()
    assert _severities(hits) == {"new_api": "info", "new_region": "info"}
    assert all("nothing else new for it that hour" in r for r in hits["reason"])


def test_a_regional_services_new_call_in_us_east_1_is_still_two_novelties(fx: Any) -> None:
    # the same hour with a regional service: the region is a choice the caller made
    base = fx.view(_in_madrid(USER), mature=[USER])
    run = _user(
        fx, event_source="lambda.amazonaws.com", event_name="CreateFunction", aws_region="us-east-1"
    )
    hits = FirstSeen().evaluate(fx.day([run]), base).collect()
    assert _severities(hits) == {"new_api": "low", "new_region": "low"}


def test_a_global_call_from_a_new_place_nothing_vouches_for_stays_low(fx: Any) -> None:
    base = fx.view(_in_madrid(USER), mature=[USER])
    probe = _user(
        fx,
        event_source="iam.amazonaws.com",
        event_name="ListUsers",
        aws_region="us-east-1",
        **ABROAD,
    )
    hits = FirstSeen().evaluate(fx.day([probe]), base).collect()
    assert {s for s in _severities(hits).values()} == {"low"}


CONSOLE = {"user_agent": "console.iam.amazonaws.com", "ua_family": "console"}


def _browser_user(principal: str, *, browser: bool) -> list[tuple[str, str, str, str]]:
    """alice's days: home network, the CLI, and (``browser``) the console in her browser."""
    rows = _usual(principal)
    if browser:
        rows += [("principal", principal, "ua_family", "browser")]
    return rows


def test_the_consoles_agent_is_the_browser_a_person_already_works_in(fx: Any) -> None:
    # heldout9's B8 (twentieth session, tune35): an administrator rotating two integration
    # users' keys through the IAM console, whose calls carry console.iam.amazonaws.com, was low:
    # "client console" new for the role, corroborating the new calls, though she signs in to
    # the console with her browser every week
    base = fx.view(_browser_user(USER, browser=True), mature=[USER])
    day = fx.day(
        [_user(fx, event_source="iam.amazonaws.com", event_name="UpdateAccessKey", **CONSOLE)]
    )
    hits = FirstSeen().evaluate(day, base).collect()
    assert _severities(hits) == {"new_api": "info"}


def test_the_consoles_agent_without_a_browser_in_the_history_is_a_new_client(fx: Any) -> None:
    base = fx.view(_browser_user(USER, browser=False), mature=[USER])
    day = fx.day(
        [_user(fx, event_source="iam.amazonaws.com", event_name="UpdateAccessKey", **CONSOLE)]
    )
    hits = FirstSeen().evaluate(day, base).collect()
    assert _severities(hits) == {"new_api": "low", "new_ua_family": "low"}


def test_a_recon_call_from_the_console_of_a_known_browser_is_in_context(fx: Any) -> None:
    base = fx.view(_browser_user(USER, browser=True), mature=[USER])
    day = fx.day([_user(fx, event_source="iam.amazonaws.com", event_name="ListRoles", **CONSOLE)])
    hits = SensitiveApi().evaluate(day, base).collect()
    assert hits["severity"].to_list() == ["info"]
    bare = fx.view(_browser_user(USER, browser=False), mature=[USER])
    assert SensitiveApi().evaluate(day, bare).collect()["severity"].to_list() == ["low"]


_ENTITIES = [("principal", USER), ("account", ACCOUNT)]


def _office_day(fx: Any, people: list[str]) -> Any:
    """alice's first Support case, 20 minutes after her MFA console sign-in from the new line,
    with ``people`` (alice among them) signing in to the console from that same address."""
    sign_ins = [
        _user(
            fx,
            principal_arn=f"arn:aws:iam::{ACCOUNT}:user/{name}",
            event_source="signin.amazonaws.com",
            event_name="ConsoleLogin",
            # colleagues sign in as is their habit (password-only); alice with MFA
            additional_event_data='{"MFAUsed":"%s"}' % ("Yes" if name == "alice" else "No"),
            response_elements='{"ConsoleLogin":"Success"}',
            access_key_id=None,
            aws_region="eu-south-2",
            **ABROAD,
        )
        for name in people
    ]
    case = _user(
        fx,
        event_source="support.amazonaws.com",
        event_name="DescribeCases",
        aws_region="us-east-1",
        mfa_authenticated=True,
        event_time=fx.T0 + dt.timedelta(minutes=20),
        **ABROAD,
    )
    return fx.day([*sign_ins, case])


def test_the_offices_new_address_is_no_second_novelty_for_a_call(fx: Any) -> None:
    # heldout28's B3 (twenty-eighth session, tune63): the office moved to a new provider; a
    # marketer signed in with MFA from its new address, as four colleagues did, and opened her
    # first Support case: the new network was counted as a second facet of her new call (low)
    signs_in = [(s, e, "api", "signin.amazonaws.com:ConsoleLogin") for s, e in _ENTITIES]
    base = fx.view(_in_madrid(USER) + signs_in, mature=[USER])
    dims = {"dimensions": ["network_key", "api", "region"]}
    hits = FirstSeen(**dims).evaluate(_office_day(fx, ["alice", "bob", "carol"]), base).collect()
    assert set(hits["severity"].to_list()) == {"info"}
    call = hits.filter(hits["signal"] == "new_api")["reason"][0]
    assert "but the office's address, from which at least 3 people" in call
    # alone (or with one colleague) on that address, the new network still corroborates the call
    alone = FirstSeen(**dims).evaluate(_office_day(fx, ["alice", "bob"]), base).collect()
    assert _severities(alone.filter(alone["signal"] == "new_api")) == {"new_api": "low"}
    # three sign-ins from a hosting provider's address are no office (stolen passwords, a VPS)
    rented = _office_day(fx, ["alice", "bob", "carol"]).with_columns(ip_is_hosting=True)
    on_vps = FirstSeen(**dims).evaluate(rented, base).collect()
    assert _severities(on_vps.filter(on_vps["signal"] == "new_api")) == {"new_api": "low"}


def _with_dr_region(principal: str) -> list[tuple[str, str, str, str]]:
    """alice's 30 days in us-east-1; the account also knows ap-northeast-3 (its DR region)."""
    return [*_usual(principal), ("account", ACCOUNT, "region", "ap-northeast-3")]


def _drill(fx: Any, *, fleet_there: bool) -> Any:
    # heldout19's B4 and heldout37's B5 (twenty-eighth session, tune64): the engineer running a
    # disaster-recovery drill from his usual desk and CLI makes his first UpdateService in the
    # DR region, into which the account's ECS tasks moved today
    update = _user(
        fx,
        event_source="ecs.amazonaws.com",
        event_name="UpdateService",
        aws_region="ap-northeast-3",
    )
    task = {
        **fx.role("gateway-task", "task-1", "ASIATASK", "ecs", "gateway"),
        "principal_type": "role",
        "identity_type": "AssumedRole",
        "event_source": "kms.amazonaws.com",
        "event_name": "Decrypt",
        "aws_region": "ap-northeast-3" if fleet_there else "us-east-1",
    }
    return FirstSeen().evaluate(
        fx.day([update, task]), fx.view(_with_dr_region(USER), mature=[USER])
    )


def test_a_region_the_accounts_compute_runs_in_today_comes_with_the_call(fx: Any) -> None:
    hits = _drill(fx, fleet_there=True).collect().filter(principal_arn=USER)
    assert _severities(hits) == {"new_api": "info", "new_region": "info"}


def test_a_known_region_none_of_its_compute_runs_in_today_is_still_a_second_novelty(
    fx: Any,
) -> None:
    hits = _drill(fx, fleet_there=False).collect().filter(principal_arn=USER)
    assert _severities(hits) == {"new_api": "low", "new_region": "info"}
