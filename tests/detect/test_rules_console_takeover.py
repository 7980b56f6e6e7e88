"""A password-only console sign-in from a country and network new for the user, after which the
same user from the same address changes the account's contacts (a call it never made), is the
takeover: high (twenty-fourth session, branch tune55, **tuning on heldout44's A4**, the
bookkeeper's phished password used from a São Paulo residential line at night to change the
billing alternate contact). Her own change from her usual place, the sign-in alone, a change
from another address, a refused change or one she made before keep the sign-in's medium."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import ConsoleRisk

ACCOUNT = "318400000011"
PRAPAI = f"arn:aws:iam::{ACCOUNT}:user/prapai"
OFFICE = {
    "source_ip_address": "171.97.12.40",
    "source_kind": "public",
    "network_key": "AS7470",
    "asn": 7470,
    "country": "TH",
}
SAO_PAULO = {
    "source_ip_address": "177.74.139.196",
    "source_kind": "public",
    "network_key": "AS28573",
    "asn": 28573,
    "country": "BR",
}
EDGE = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Edg/131.0.0.0",
    "ua_family": "browser",
    "ua_os_family": "windows",
}
ME = {"identity_type": "IAMUser", "principal_type": "iam_user", "principal_arn": PRAPAI}
HISTORY = [
    ("principal", PRAPAI, "network_key", "AS7470"),
    ("principal", PRAPAI, "asn", "7470"),
    ("principal", PRAPAI, "country", "TH"),
    ("principal", PRAPAI, "ua_family", "browser"),
    ("principal", PRAPAI, "console_mfa", "Yes"),
]
CONTACT_API = ("principal", PRAPAI, "api", "account.amazonaws.com:PutAlternateContact")


def _login(where: dict[str, Any]) -> dict[str, Any]:
    return {
        **ME,
        "identity_arn": PRAPAI,
        "event_source": "signin.amazonaws.com",
        "event_name": "ConsoleLogin",
        "additional_event_data": '{"MFAUsed":"No"}',
        "response_elements": '{"ConsoleLogin":"Success"}',
        **where,
        **EDGE,
    }


def _change(where: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        **ME,
        "access_key_id": "ASIAPRAPAICONSOLE001",
        "event_source": "account.amazonaws.com",
        "event_name": "PutAlternateContact",
        **where,
        **EDGE,
        **extra,
    }


def _sign_in(fx: Any, rows: list[dict[str, Any]], history: list[Any] = HISTORY) -> list[str]:
    hits = ConsoleRisk().evaluate(fx.day(rows), fx.view(history, mature=[PRAPAI])).collect()
    no_mfa = hits.filter(hits["signal"] == "no_mfa")
    if "high" in no_mfa["severity"].to_list():
        assert "changed the account's contacts (PutAlternateContact)" in no_mfa["reason"][0]
    return no_mfa["severity"].to_list()


def test_a_contact_change_after_a_password_only_sign_in_from_a_new_place_is_high(fx: Any) -> None:
    assert _sign_in(fx, [_login(SAO_PAULO), _change(SAO_PAULO)]) == ["high"]
    assert _sign_in(fx, [_login(SAO_PAULO)]) == ["medium"]
    assert _sign_in(fx, [_login(OFFICE), _change(OFFICE)]) == ["medium"]
    assert _sign_in(fx, [_login(SAO_PAULO), _change(OFFICE)]) == ["medium"]
    assert _sign_in(fx, [_change(SAO_PAULO), _login(SAO_PAULO)]) == ["medium"]
    refused = _change(SAO_PAULO, error_code="AccessDenied")
    assert _sign_in(fx, [_login(SAO_PAULO), refused]) == ["medium"]
    made = [*HISTORY, CONTACT_API]
    assert _sign_in(fx, [_login(SAO_PAULO), _change(SAO_PAULO)], made) == ["medium"]


def _mint(where: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        **_change(where),
        "event_source": "iam.amazonaws.com",
        "event_name": "CreateAccessKey",
        "request_parameters": '{"userName":"prapai"}',
        **extra,
    }


def test_a_key_made_after_a_password_only_sign_in_from_a_new_place_is_high(fx: Any) -> None:
    """tune57, **tuning on heldout45's A4**: the bookkeeper's stolen password used from Hanoi
    to make an access key, which outlives a password reset. Her rotation from her office, a
    refused key, or keys she made before in the window keep medium."""

    def graded(rows: list[dict[str, Any]], history: list[Any] = HISTORY) -> list[str]:
        hits = ConsoleRisk().evaluate(fx.build(rows), fx.view(history, mature=[PRAPAI]))
        no_mfa = hits.collect().filter(pl.col("signal") == "no_mfa")
        if "high" in no_mfa["severity"].to_list():
            assert "created a long-term access key" in no_mfa["reason"][0]
            assert "(CreateAccessKey)" in no_mfa["reason"][0]
        return no_mfa["severity"].to_list()

    assert graded([_login(SAO_PAULO), _mint(SAO_PAULO)]) == ["high"]
    assert graded([_login(OFFICE), _mint(OFFICE)]) == ["medium"]
    assert graded([_login(SAO_PAULO), _mint(SAO_PAULO, error_code="AccessDenied")]) == ["medium"]
    made = [*HISTORY, ("principal", PRAPAI, "api", "iam.amazonaws.com:CreateAccessKey")]
    assert graded([_login(SAO_PAULO), _mint(SAO_PAULO)], made) == ["medium"]
