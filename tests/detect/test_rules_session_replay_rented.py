"""person_session_replay's impossible travel to a rented exit on another continent (issue 8;
eighteenth session, tuning on heldout29's A6): a person's session key that began on their home
line and is used, with the same browser, from a hosting provider's address at least
``rented_min_km`` (3,000 km) away faster than anyone flies is medium. A rented exit nearer
than that (a VPN switch at home), one reached in a flight's time, one the person used before,
or one the person signed in from is not called."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ueba.detect.rules import PersonSessionReplay

WHO = "tomasz@example.org"
KRAKOW = {
    "source_ip_address": "83.26.77.104",
    "source_kind": "public",
    "network_key": "asn:5617",
    "asn": 5617,
    "as_org": "Orange Polska Spolka Akcyjna",
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
FRANKFURT_VPS = {
    **SAO_PAULO_VPS,
    "source_ip_address": "45.77.52.10",
    "country": "DE",
    "latitude": 50.11,
    "longitude": 8.68,
}
WIN = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
    "ua_family": "browser",
    "ua_os_family": "windows",
}


def _call(fx: Any, key: str, where: dict[str, Any], minutes: int, **extra: Any) -> dict[str, Any]:
    row = fx.role("AWSReservedSSO_SupportReadOnly_1", WHO, key, "sso_user", WHO)
    return {**row, **where, **WIN, "event_time": fx.T0 + dt.timedelta(minutes=minutes), **extra}


def _hits(fx: Any, rows: list[dict[str, Any]], known: tuple[str, ...] = ("asn:5617",)) -> Any:
    base = fx.view([("workload", f"sso_user:{WHO}", "network_key", n) for n in known])
    return PersonSessionReplay().evaluate(fx.day(rows), base).collect()


def test_a_session_driven_from_a_vps_on_another_continent_within_hours_is_misuse(
    fx: Any,
) -> None:
    replay = [
        _call(fx, "ASIATOM", KRAKOW, 0),
        _call(fx, "ASIATOM", SAO_PAULO_VPS, 306, event_name="ListThings"),
    ]
    hits = _hits(fx, replay)
    assert hits["event_name"].to_list() == ["ListThings"]
    assert hits["severity"].to_list() == ["medium"]
    reason = hits["reason"][0]
    assert "km from where it began 306 min earlier" in reason
    assert "from rented infrastructure" in reason


def test_a_near_vpn_exit_a_flights_time_a_known_exit_or_a_sign_in_there_is_not_called(
    fx: Any,
) -> None:
    start = _call(fx, "ASIATOM", KRAKOW, 0)
    # a VPN switched on at home: the exit is rented and near, its place says nothing
    assert _hits(fx, [start, _call(fx, "ASIATOM", FRANKFURT_VPS, 10)]).is_empty()
    # the same exit a day later: an airliner could have carried the laptop there
    assert _hits(fx, [start, _call(fx, "ASIATOM", SAO_PAULO_VPS, 20 * 60)]).is_empty()
    later = _call(fx, "ASIATOM", SAO_PAULO_VPS, 306)
    # an exit the person's own history holds
    assert _hits(fx, [start, later], ("asn:5617", "asn:20473")).is_empty()
    # another session of his from there (he signed in there himself)
    own = _call(fx, "ASIATOM2", SAO_PAULO_VPS, 300)
    assert _hits(fx, [start, own, later]).is_empty()
