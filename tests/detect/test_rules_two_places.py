"""person_session_replay's ``person_in_two_places`` (issue 8; eighteenth session, tuning on
heldout29's A8): a person's session key used from a network new for them while another of
their keys is used from one of their own networks, too far away to travel between in the time
between the two, is medium on the new network's calls. Home and office in one city, an evening
at home after the office, a VPN exit, or a second place the person has used are not called."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.rules import PersonSessionReplay

WHO = "linnea@example.org"
OFFICE = {
    "source_ip_address": "194.14.203.228",
    "source_kind": "public",
    "network_key": "asn:1257",
    "asn": 1257,
    "as_org": "Tele2 Sverige AB",
    "country": "SE",
    "latitude": 57.71,
    "longitude": 11.97,
}
STOCKHOLM = {
    "source_ip_address": "31.211.236.216",
    "source_kind": "public",
    "network_key": "asn:29518",
    "asn": 29518,
    "as_org": "Bredband2 AB",
    "country": "SE",
    "latitude": 59.33,
    "longitude": 18.07,
}
# a home line in the office's city
HOME = {**STOCKHOLM, "latitude": 57.68, "longitude": 11.91}
CLI = {
    "user_agent": "aws-cli/2.17.2 os/macos#23.5.0",
    "ua_family": "aws-cli",
    "ua_os_family": "macos",
}
MAC = {"user_agent": "Mozilla/5.0 (Macintosh)", "ua_family": "browser", "ua_os_family": "macos"}


def _call(
    fx: Any, key: str, where: dict[str, Any], minutes: int, client: dict[str, Any], api: str
) -> dict[str, Any]:
    row = fx.role("AWSReservedSSO_DataAnalyst_1", WHO, key, "sso_user", WHO)
    at = fx.T0 + dt.timedelta(minutes=minutes)
    return {**row, **where, **client, "event_time": at, "event_name": api}


def _day(fx: Any, there: dict[str, Any], office_minutes: tuple[int, ...]) -> list[dict[str, Any]]:
    rows = [_call(fx, "ASIAOFFICE", OFFICE, m, MAC, "ListWorkGroups") for m in office_minutes]
    rows += [_call(fx, "ASIATOKEN", there, m, CLI, "GetTables") for m in (8, 45, 120)]
    return rows


def _hits(fx: Any, rows: list[dict[str, Any]], nets: tuple[str, ...] = ("asn:1257",)) -> Any:
    base = fx.view([("workload", f"sso_user:{WHO}", "network_key", n) for n in nets])
    hits = PersonSessionReplay().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "person_in_two_places")


def test_a_persons_key_elsewhere_while_she_works_from_her_office_is_medium(fx: Any) -> None:
    hits = _hits(fx, _day(fx, STOCKHOLM, (0, 30, 60, 90)))
    assert hits.height == 3 and set(hits["access_key_id"]) == {"ASIATOKEN"}
    assert set(hits["severity"]) == {"medium"}
    reason = hits["reason"][0]
    assert "while their key ASIAOFFICE was used from 194.14.203.228" in reason
    assert "km away 1 min apart" in reason


def test_one_city_an_evening_after_the_office_a_vpn_or_a_known_place_is_not_called(
    fx: Any,
) -> None:
    # home and office in one city, at the same time
    assert _hits(fx, _day(fx, HOME, (0, 30, 60, 90))).is_empty()
    # the office session ended hours before (an evening at home, a trip)
    late = [
        {**r, "event_time": r["event_time"] + dt.timedelta(hours=6)}
        for r in _day(fx, STOCKHOLM, ())
    ]
    office = [_call(fx, "ASIAOFFICE", OFFICE, m, MAC, "ListWorkGroups") for m in (0, 30)]
    assert _hits(fx, office + late).is_empty()
    # a VPN exit says nothing of where she is
    assert _hits(fx, _day(fx, {**STOCKHOLM, "ip_is_anonymous": True}, (0, 30))).is_empty()
    # a second place of hers (both known)
    assert _hits(fx, _day(fx, STOCKHOLM, (0, 30)), ("asn:1257", "asn:29518")).is_empty()


def test_a_sign_in_at_the_new_place_says_she_is_there_a_cached_tokens_exchange_does_not(
    fx: Any,
) -> None:
    day = _day(fx, STOCKHOLM, (0, 30, 60, 90))
    # the identity provider authenticated her in Stockholm (a SAML assertion): she is there
    saml = {
        **_call(fx, "ASIATOKEN", STOCKHOLM, 5, CLI, "AssumeRoleWithSAML"),
        "access_key_id": None,
        "event_source": "sts.amazonaws.com",
    }
    assert _hits(fx, [*day, saml]).is_empty()
    # Identity Center's CLI exchanging the token it cached proves nothing of where she is
    exchange = {**saml, "event_name": "GetRoleCredentials", "event_source": "sso.amazonaws.com"}
    assert _hits(fx, [*day, exchange]).height == 3
