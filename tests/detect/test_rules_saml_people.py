"""People inside a shared SAML role: actors, the per-person view, a replayed session, and a
private-only long-term key on the Internet."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect._grouping import actor_columns
from ueba.detect.rules import FirstSeen, LeakedLongTermKey, PersonSessionReplay

ACCOUNT = "653711331788"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Okta-Admin"
ANA, BO = "ana@example.org", "bo@example.org"
HOME = {
    "source_ip_address": "23.24.1.251",
    "source_kind": "public",
    "network_key": "AS7922",
    "asn": 7922,
    "as_org": "Comcast",
    "country": "US",
}
VPN = {
    "source_ip_address": "85.115.98.187",
    "source_kind": "public",
    "network_key": "AS136787",
    "asn": 136787,
    "as_org": "PacketHub",
    "country": "US",
}
MAC = {"user_agent": "Mozilla/5.0 (Macintosh)", "ua_family": "browser", "ua_os_family": "macos"}
WIN = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0)",
    "ua_family": "browser",
    "ua_os_family": "windows",
}


def _person(fx: Any, who: str, key: str, **extra: Any) -> dict[str, Any]:
    row = fx.role("Okta-Admin", who, key, "saml_user", who)
    return {**row, **extra}


def test_a_person_in_a_shared_saml_role_is_their_own_actor() -> None:
    df = pl.DataFrame(
        {
            "workload_kind": ["saml_user", "saml_user"],
            "workload_id": [ANA, BO],
            "principal_type": ["role", "role"],
            "access_key_id": ["ASIA1", "ASIA2"],
            "principal_arn": [ROLE, ROLE],
        }
    )
    assert df.select(actor_columns(fleet=True)).rows() == [("saml_user", ANA), ("saml_user", BO)]


def test_a_colleagues_habit_is_news_about_the_person_at_most_info(fx: Any) -> None:
    base = fx.view(
        [
            ("principal", ROLE, "api", "ssm.amazonaws.com:SendCommand"),
            ("workload", f"saml_user:{ANA}", "api", "ec2.amazonaws.com:DescribeInstances"),
            ("account", ACCOUNT, "api", "ssm.amazonaws.com:SendCommand"),
        ],
        mature=[ROLE],
        mature_workloads=[f"saml_user:{ANA}"],
    )
    day = fx.day(
        [
            _person(
                fx,
                ANA,
                "ASIAANA",
                **HOME,
                **MAC,
                event_name="SendCommand",
                event_source="ssm.amazonaws.com",
            )
        ]
    )
    hits = FirstSeen(dimensions=["api"]).evaluate(day, base).collect()
    assert hits["signal"].to_list() == ["new_api_for_person"]
    assert hits["severity"].to_list() == ["info"]
    assert hits["reason"][0] == (
        f"SendCommand: never seen for {ANA} in 30 days; known to role Okta-Admin"
        " (the people who share it)"
    )
    # a person with no history of their own is judged at the role only
    unlearnt = fx.view([("principal", ROLE, "api", "ssm.amazonaws.com:SendCommand")], mature=[ROLE])
    assert FirstSeen(dimensions=["api"]).evaluate(day, unlearnt).collect().is_empty()


def test_a_session_replayed_from_a_new_network_on_another_os_is_misuse(fx: Any) -> None:
    base = fx.view([("workload", f"saml_user:{ANA}", "network_key", "AS7922")])
    day = fx.day(
        [
            _person(fx, ANA, "ASIAANA", **HOME, **MAC, event_name="DescribeInstances"),
            _person(fx, ANA, "ASIAANA", **VPN, **WIN, event_name="SendCommand"),
        ]
    )
    hits = PersonSessionReplay().evaluate(day, base).collect()
    assert hits["event_name"].to_list() == ["SendCommand"]
    assert hits["severity"].to_list() == ["medium"]
    assert hits["family"].to_list() == ["credential_misuse"]
    assert "a network new for the person" in hits["reason"][0]


def test_a_vpn_switch_on_the_same_machine_or_a_sign_in_from_there_is_not_a_replay(
    fx: Any,
) -> None:
    base = fx.view([("workload", f"saml_user:{ANA}", "network_key", "AS7922")])
    same_machine = fx.day(
        [
            _person(fx, ANA, "ASIAANA", **HOME, **MAC),
            _person(fx, ANA, "ASIAANA", **VPN, **MAC),
        ]
    )
    assert PersonSessionReplay().evaluate(same_machine, base).collect().is_empty()
    signed_in = fx.day(
        [
            _person(fx, ANA, "ASIAANA", **HOME, **MAC),
            {
                "event_name": "AssumeRoleWithSAML",
                "identity_type": "SAMLUser",
                "principal_type": "saml_user",
                "principal_arn": f"saml:IdPX:{ANA}",
                "workload_kind": "saml_user",
                "workload_id": ANA,
                **VPN,
                **WIN,
            },
            _person(fx, ANA, "ASIAANA", **VPN, **WIN),
        ]
    )
    assert PersonSessionReplay().evaluate(signed_in, base).collect().is_empty()
    # a colleague's network is still new for this person: the replay fires
    colleague = fx.view([("workload", f"saml_user:{BO}", "network_key", "AS136787")])
    replay = fx.day(
        [_person(fx, ANA, "ASIAANA", **HOME, **MAC), _person(fx, ANA, "ASIAANA", **VPN, **WIN)]
    )
    hits = PersonSessionReplay().evaluate(replay, colleague).collect()
    assert hits["severity"].to_list() == ["low"]  # no history of ana's own


USER = f"arn:aws:iam::{ACCOUNT}:user/svc-build"


def _build_key(fx: Any, **extra: Any) -> dict[str, Any]:
    return {
        "identity_arn": USER,
        "principal_arn": USER,
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "access_key_id": "AKIABUILD",
        "credential_kind": "long_term_key",
        **fx.MAC_CLI,
        **extra,
    }


def test_a_key_that_only_came_over_private_paths_used_from_the_internet_is_high(fx: Any) -> None:
    base = fx.view(
        [
            ("credential", "AKIABUILD", "network_key", "private"),
            ("credential", "AKIABUILD", "ua_family", "aws-cli"),
            ("credential", "AKIABUILD", "ua_os_family", "macos"),
            ("credential", "AKIABUILD", "source_kind", "vpc_endpoint"),
            ("credential", "AKIABUILD", "source_kind", "private"),
            ("credential", "AKIABUILD", "source_kind", "aws_internal"),
        ]
    )
    day = fx.day([_build_key(fx, **fx.ATTACKER_IP, event_name="RunInstances")])
    hits = LeakedLongTermKey().evaluate(day, base).collect()
    assert hits["signal"].to_list() == ["private_key_on_internet"]
    assert hits["severity"].to_list() == ["high"]
    assert "only ever used it from private addresses" in hits["reason"][0]
    # a key that already lives on the Internet, with its usual client: a new place, no more
    public = fx.view(
        [
            ("credential", "AKIABUILD", "network_key", "AS7018"),
            ("credential", "AKIABUILD", "ua_family", "aws-cli"),
            ("credential", "AKIABUILD", "source_kind", "public"),
        ]
    )
    assert LeakedLongTermKey().evaluate(day, public).collect().is_empty()


MANILA = {
    "source_ip_address": "124.106.220.85",
    "source_kind": "public",
    "network_key": "AS9299",
    "asn": 9299,
    "as_org": "Philippine Long Distance Telephone Company",
    "country": "PH",
    "latitude": 14.6,
    "longitude": 121.0,
}
JAKARTA = {
    "source_ip_address": "118.97.50.234",
    "source_kind": "public",
    "network_key": "AS7713",
    "asn": 7713,
    "as_org": "Telekomunikasi Indonesia (PT)",
    "country": "ID",
    "latitude": -6.2,
    "longitude": 106.8,
}


def test_the_same_browser_replayed_further_than_anyone_travels_is_misuse(fx: Any) -> None:
    # an infostealer's cookie: the browser (and its OS) come along, the place cannot
    base = fx.view([("workload", f"saml_user:{ANA}", "network_key", "AS9299")])

    def day(there: dict[str, Any], minutes: int) -> Any:
        later = fx.T0 + dt.timedelta(minutes=minutes)
        return fx.day(
            [
                _person(fx, ANA, "ASIAANA", **MANILA, **WIN, event_time=fx.T0),
                _person(fx, ANA, "ASIAANA", **there, **WIN, event_name="Scan", event_time=later),
            ]
        )

    hits = PersonSessionReplay().evaluate(day(JAKARTA, 96), base).collect()
    assert hits["event_name"].to_list() == ["Scan"] and hits["severity"].to_list() == ["medium"]
    assert "on windows, 2" in hits["reason"][0]  # the distance follows where it began
    assert "km from where it began 96 min earlier" in hits["reason"][0]
    assert f"and {ANA} did not sign in from there today" in hits["reason"][0]
    rule = PersonSessionReplay()
    # a flight's worth of hours later, a VPN or proxy exit (its place says nothing), a network
    # the person has used (a carrier's wandering address), or no coordinates: not called
    assert rule.evaluate(day(JAKARTA, 600), base).collect().is_empty()
    assert rule.evaluate(day({**JAKARTA, "ip_is_anonymous": True}, 96), base).collect().is_empty()
    assert rule.evaluate(day({**JAKARTA, **VPN, "latitude": -6.2}, 96), base).collect().is_empty()
    known = fx.view(
        [("workload", f"saml_user:{ANA}", "network_key", n) for n in ("AS9299", "AS7713")]
    )
    assert rule.evaluate(day(JAKARTA, 96), known).collect().is_empty()
    nowhere = {**JAKARTA, "latitude": None, "longitude": None}
    assert rule.evaluate(day(nowhere, 96), base).collect().is_empty()


def test_an_identity_center_sessions_own_calls_are_no_sign_in_from_the_thiefs_network(
    fx: Any,
) -> None:
    # every call of an Identity Center session carries its second factor; the replayed key's
    # own calls from the thief's network must not read as the person signing in there
    who = "kristine@example.org"
    base = fx.view([("workload", f"sso_user:{who}", "network_key", "AS9299")])

    def call(key: str, where: dict[str, Any], minutes: int, **extra: Any) -> dict[str, Any]:
        row = fx.role("AWSReservedSSO_Support_1", who, key, "sso_user", who)
        return {**row, **where, **WIN, "event_time": fx.T0 + dt.timedelta(minutes=minutes), **extra}

    replay = [call("ASIAKRIS", MANILA, 0), call("ASIAKRIS", JAKARTA, 96, event_name="Scan")]
    hits = PersonSessionReplay().evaluate(fx.day(replay), base).collect()
    assert hits["severity"].to_list() == ["medium"]
    # another session of hers from there (she signed in there herself) still explains the
    # replay; a Manila session 90 minutes before is person_in_two_places' question
    hers = [*replay, call("ASIAKRIS2", JAKARTA, 90)]
    hits = PersonSessionReplay().evaluate(fx.day(hers), base).collect()
    assert hits.filter(pl.col("signal") == "session_replayed").is_empty()
