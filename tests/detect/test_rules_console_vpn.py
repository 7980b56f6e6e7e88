"""console's ``anonymising_network_new_browser`` (issue 8; twelfth session, tuned on the
eighteenth held-out suite's A9 after its blind measure): a mature person's console sign-in from
an anonymising network (a commercial VPN exit, a VPS) they never used, in their own country,
with a browser product they never used, is medium: a stolen password or session used on another
machine behind a VPN chosen in the victim's country (CISA AA23-320A, Permiso on LUCR-3). The
same VPN with the person's own browser, a new browser at a residential or corporate network, a
learning principal, or an MFA AWS checked, is not (or low)."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import ConsoleRisk
from ueba.detect.rules._console_vpn import anonymising_expr

SSO = "arn:aws:sts::653711331788:assumed-role/AWSReservedSSO_Actuary_3a9e/per@example.com"
HOME = {
    "source_ip_address": "81.227.10.4",
    "source_kind": "public",
    "network_key": "asn:3301",
    "asn": 3301,
    "as_org": "Telia Company AB",
    "country": "SE",
    "latitude": 59.33,
    "longitude": 18.06,
}
VPN = {
    **HOME,
    "source_ip_address": "45.83.220.17",
    "network_key": "asn:39351",
    "asn": 39351,
    "as_org": "31173 Services AB",
}
NEW_ISP = {**HOME, "source_ip_address": "94.254.1.9", "asn": 2119, "as_org": "Telenor Norge AS"}
FIREFOX = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0",
    "ua_family": "browser",
    "ua_runtime": "firefox",
    "ua_os_family": "windows",
}
EDGE = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Edg/131.0",
    "ua_family": "browser",
    "ua_runtime": "edge",
    "ua_os_family": "windows",
}
EDGE_130 = "Mozilla/5.0 Windows NT 10.0 Win64 x64 Chrome/130.0 Edg/130.0"


def _login(where: dict[str, Any], client: dict[str, Any], mfa: str = "No") -> dict[str, Any]:
    return {
        "identity_arn": SSO,
        "principal_arn": SSO,
        "principal_type": "role",
        "session_name": "per@example.com",
        "event_name": "ConsoleLogin",
        "event_source": "signin.amazonaws.com",
        "response_elements": '{"ConsoleLogin":"Success"}',
        "additional_event_data": f'{{"MFAUsed":"{mfa}"}}',
        **where,
        **client,
    }


def _base(fx: Any, *, mature: bool = True) -> Any:
    rows = [
        ("principal", SSO, "country", "SE"),
        ("principal", SSO, "asn", "3301"),
        ("principal", SSO, "ua_family", "browser"),
        ("principal", SSO, "ua_os_family", "windows"),
        ("principal", SSO, "ua_fingerprint", EDGE_130),
    ]
    return fx.view(rows, mature=[SSO] if mature else [])


def _hits(fx: Any, rows: list[dict[str, Any]], base: Any) -> pl.DataFrame:
    hits = ConsoleRisk().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "anonymising_network_new_browser")


def test_a_vpn_exit_at_home_with_a_browser_never_used_is_medium(fx: Any) -> None:
    hits = _hits(fx, [_login(VPN, FIREFOX)], _base(fx))
    assert hits["severity"].to_list() == ["medium"] and hits["basis"].to_list() == ["novelty"]
    reason = hits["reason"][0]
    assert "AS39351 31173 Services AB" in reason and "with firefox" in reason
    assert "(it used: edge)" in reason


def test_the_vpn_with_the_own_browser_or_a_new_browser_on_an_isp_is_not_this_signal(
    fx: Any,
) -> None:
    # a newer Edge than the baseline's fingerprint is still the person's browser
    assert _hits(fx, [_login(VPN, EDGE)], _base(fx)).is_empty()
    # a new ISP (an office move, a trip) with a new browser: a residential or corporate network
    assert _hits(fx, [_login(NEW_ISP, FIREFOX)], _base(fx)).is_empty()


def test_a_learning_principal_is_not_judged_and_an_mfa_aws_checked_is_low(fx: Any) -> None:
    assert _hits(fx, [_login(VPN, FIREFOX)], _base(fx, mature=False)).is_empty()
    assert _hits(fx, [_login(VPN, FIREFOX)], None).is_empty()
    hits = _hits(fx, [_login(VPN, FIREFOX, mfa="Yes")], _base(fx))
    assert hits["severity"].to_list() == ["low"]


def test_anonymising_prefers_maxmind_and_else_reads_the_operator_name() -> None:
    df = pl.DataFrame(
        {
            "source_kind": ["public", "public", "public", "public", "aws"],
            "as_org": [
                "31173 Services AB",
                "PacketHub S.A.",
                "Telia Company AB",
                "Telia Company AB",
                "AMAZON-02",
            ],
            "ip_is_anonymous": [None, None, None, True, None],
            "ip_is_hosting": [None, None, None, False, None],
        }
    )
    assert df.select(anonymising_expr()).to_series().to_list() == [True, True, False, True, False]
