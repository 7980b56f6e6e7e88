"""volume_spike, error_spike, threat_intel, console: positive and negative fixtures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ueba.detect.rules import ConsoleRisk, ErrorSpike, ThreatIntel, VolumeSpike
from ueba.exceptions import ConfigError

ROLE = "arn:aws:iam::653711331788:role/app"
USER = "arn:aws:iam::653711331788:user/pedro"


def _app(fx: Any, n: int, **extra: Any) -> list[dict[str, Any]]:
    r = {**fx.role("app", "s", "ASIAAPP", None, None), **fx.AWS_IP, **fx.BOTO, **extra}
    return [{**r, "event_time": fx.T0 + dt.timedelta(seconds=i)} for i in range(n)]


def test_hour_far_above_the_busiest_baseline_hour_is_a_spike(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 40, 0, 0), ("principal", ROLE, 60, 0, 0)])
    hits = VolumeSpike(max_events=5).evaluate(fx.build(_app(fx, 400)), base).collect()
    assert hits.height == 5
    assert "400 calls by role app" in hits["reason"][0]


def test_busy_but_ordinary_hour_is_not_a_spike(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 300, 0, 0), ("principal", ROLE, 350, 0, 0)])
    assert VolumeSpike().evaluate(fx.build(_app(fx, 400)), base).collect().is_empty()


def test_small_counts_never_spike(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 1, 0, 0)])
    assert VolumeSpike().evaluate(fx.build(_app(fx, 50)), base).collect().is_empty()


def test_access_denied_burst_over_many_apis_fires_without_baseline(fx: Any) -> None:
    rows = [
        {**r, "event_name": f"List{i % 8}", "error_code": "AccessDenied"}
        for i, r in enumerate(_app(fx, 30))
    ]
    hits = ErrorSpike().evaluate(fx.build(rows), None).collect()
    assert set(hits["signal"]) == {"access_denied_burst"}
    assert "30 AccessDenied errors over 8 APIs" in hits["reason"][0]


def test_repeated_denials_of_one_api_are_not_probing(fx: Any) -> None:
    # flaws2: the Lambda's CreateLogStream is denied again and again - a misconfiguration
    rows = [
        {**r, "event_name": "CreateLogStream", "error_code": "AccessDenied"} for r in _app(fx, 30)
    ]
    assert ErrorSpike().evaluate(fx.build(rows), None).collect().is_empty()


def test_error_spike_against_baseline(fx: Any) -> None:
    base = fx.view([], volume=[("principal", ROLE, 100, 2, 0), ("principal", ROLE, 90, 3, 0)])
    rows = [{**r, "error_code": "ThrottlingException"} for r in _app(fx, 40)]
    hits = ErrorSpike().evaluate(fx.build(rows), base).collect()
    assert set(hits["signal"]) == {"error_spike"}
    calm = [{**r, "error_code": "ThrottlingException"} for r in _app(fx, 3)]
    assert ErrorSpike().evaluate(fx.build(calm), base).collect().is_empty()


def test_threat_list_address_is_a_hit_and_others_are_not(fx: Any) -> None:
    rule = ThreatIntel(networks=["104.102.221.0/24"], list_name="the CTF list")
    day = fx.build([*_app(fx, 2), *_app(fx, 1, **fx.ATTACKER_IP)])
    hits = rule.evaluate(day, None).collect()
    assert hits["source_ip"].to_list() == ["104.102.221.250"]
    assert "the CTF list" in hits["reason"][0]
    assert ThreatIntel().evaluate(day, None).collect().is_empty()


def test_threat_list_rejects_a_bad_cidr() -> None:
    with pytest.raises(ConfigError, match="not an IP address or CIDR"):
        ThreatIntel(networks=["104.102.221.0/33"]).check_params()


def _login(fx: Any, mfa: str, **extra: Any) -> dict[str, Any]:
    return {
        "principal_arn": USER,
        "principal_type": "iam_user",
        "event_name": "ConsoleLogin",
        "event_source": "signin.amazonaws.com",
        "additional_event_data": f'{{"MFAUsed":"{mfa}"}}',
        "response_elements": '{"ConsoleLogin":"Success"}',
        **fx.ATTACKER_IP,
        **extra,
    }


def test_console_login_without_mfa(fx: Any) -> None:
    hits = ConsoleRisk().evaluate(fx.build([_login(fx, "No")]), None).collect()
    assert hits["signal"].to_list() == ["no_mfa"]


def test_console_login_with_mfa_and_failed_login_are_not_no_mfa(fx: Any) -> None:
    failed = _login(
        fx,
        "No",
        error_message="Failed authentication",
        response_elements='{"ConsoleLogin":"Failure"}',
    )
    day = fx.build([_login(fx, "Yes"), failed])
    assert ConsoleRisk().evaluate(day, None).collect().is_empty()


def test_federated_sign_in_reports_no_mfa_but_is_not_flagged(fx: Any) -> None:
    row = {
        **_login(fx, "No"),
        "principal_type": "role",
        "principal_arn": "arn:aws:iam::653711331788:role/AWSReservedSSO_Admin",
    }
    assert ConsoleRisk().evaluate(fx.build([row]), None).collect().is_empty()


def test_impossible_travel_between_logins(fx: Any) -> None:
    ams = {"latitude": 52.37, "longitude": 4.90, "country": "NL"}
    syd = {"latitude": -33.87, "longitude": 151.21, "country": "AU"}
    day = fx.build([_login(fx, "Yes", **ams), _login(fx, "Yes", **syd)])
    hits = ConsoleRisk().evaluate(day, None).collect()
    assert hits["signal"].to_list() == ["impossible_travel"]
    assert "NL and AU" in hits["reason"][0]


def test_travel_through_an_anonymous_range_is_skipped(fx: Any) -> None:
    ams = {"latitude": 52.37, "longitude": 4.90}
    vpn = {"latitude": -33.87, "longitude": 151.21, "ip_is_anonymous": True}
    day = fx.build([_login(fx, "Yes", **ams), _login(fx, "Yes", **vpn)])
    assert ConsoleRisk().evaluate(day, None).collect().is_empty()


def test_plausible_travel_is_not_impossible(fx: Any) -> None:
    ams = {"latitude": 52.37, "longitude": 4.90, "event_time": fx.T0}
    lon = {"latitude": 51.51, "longitude": -0.13, "event_time": fx.T0 + dt.timedelta(hours=3)}
    day = fx.build([_login(fx, "Yes", **ams), _login(fx, "Yes", **lon)])
    assert ConsoleRisk().evaluate(day, None).collect().is_empty()


def test_root_use_is_high(fx: Any) -> None:
    row = {
        "principal_arn": "arn:aws:iam::653711331788:root",
        "principal_type": "root",
        **fx.ATTACKER_IP,
        "event_name": "CreateAccessKey",
    }
    hits = ConsoleRisk().evaluate(fx.build([row]), None).collect()
    assert hits["signal"].to_list() == ["root_use"] and hits["severity"][0] == "high"


def test_login_from_new_country_needs_a_mature_baseline(fx: Any) -> None:
    base = fx.view(
        [("principal", USER, "country", "NL"), ("principal", USER, "asn", "20940")], mature=[USER]
    )
    hits = ConsoleRisk().evaluate(fx.build([_login(fx, "Yes")]), base).collect()
    assert hits["signal"].to_list() == ["new_country"]
    assert hits["severity"].to_list() == ["low"]
    young = fx.view([("principal", USER, "country", "NL")], mature=[])
    assert ConsoleRisk().evaluate(fx.build([_login(fx, "Yes")]), young).collect().is_empty()
