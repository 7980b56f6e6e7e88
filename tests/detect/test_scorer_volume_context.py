"""A person's volume spike judged in context (issue 8, sixth held-out suite's A6): an hour far
above their busiest is low alone (a deadline, a first bulk download from home), and medium on a
day a place nothing vouches for appeared (a stolen key draining a bucket from the thief's
network; GuardDuty's Exfiltration:S3/AnomalousBehavior weighs volume and place together)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.rules import FirstSeen, VolumeSpike
from ueba.detect.scorer import Scorer

USER = "arn:aws:iam::653711331788:user/lena"
ACCOUNT = "653711331788"
RCLONE = {
    "user_agent": "rclone/v1.68.1",
    "ua_family": "rclone",
    "ua_os_family": "linux",
    "ua_fingerprint": "rclone",
}
HOME = {
    "source_ip_address": "73.22.14.9",
    "source_kind": "public",
    "network_key": "AS7922",
    "asn": 7922,
    "as_org": "Comcast",
    "country": "US",
}


def _user_calls(fx: Any, where: dict[str, Any], n: int = 240) -> pl.LazyFrame:
    me = {
        "principal_arn": USER,
        "identity_arn": USER,
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "access_key_id": "AKIALENA000000000001",
        "credential_kind": "long_term_key",
    }
    return fx.build(
        [
            {
                **me,
                **where,
                **RCLONE,
                "event_name": "GetObject",
                "event_time": fx.T0 + dt.timedelta(seconds=10 * i),
            }
            for i in range(n)
        ]
    )


def _found(fx: Any, day: pl.LazyFrame, entity: str = USER) -> pl.DataFrame:
    history = [
        ("principal", entity, "api", "s3.amazonaws.com:GetObject"),
        ("principal", entity, "ua_family", "rclone"),
        ("principal", entity, "ua_os_family", "linux"),
        ("principal", entity, "network_key", "AS7922"),
        ("principal", entity, "country", "US"),
        ("principal", entity, "region", "us-east-1"),
        ("account", ACCOUNT, "ua_family", "rclone"),
        ("account", ACCOUNT, "ua_os_family", "linux"),
        ("account", ACCOUNT, "network_key", "AS7922"),
        ("account", ACCOUNT, "country", "US"),
    ]
    volume = [("principal", entity, n, 0, 0) for n in (8, 10, 12, 20)]
    base = fx.view(history, mature=[entity], mature_accounts=[ACCOUNT], volume=volume)
    found = Scorer(base, rules=[FirstSeen(), VolumeSpike()]).score(day).collect()
    assert found.height <= 1
    return found


def _severity(fx: Any, day: pl.LazyFrame) -> str | None:
    found = _found(fx, day)
    return None if found.is_empty() else str(found["severity"][0])


def test_a_burst_from_home_stays_low(fx: Any) -> None:
    assert _severity(fx, _user_calls(fx, HOME)) == "low"


def test_a_burst_from_a_network_nothing_vouches_for_is_medium(fx: Any) -> None:
    day = _user_calls(fx, fx.ATTACKER_IP)
    found = _found(fx, day)
    assert found["severity"].to_list() == ["medium"]
    reasons = found["reasons"][0].to_list()
    assert any("place nothing vouches for appeared (AS20940" in r for r in reasons)


def test_the_new_place_alone_stays_low(fx: Any) -> None:
    # a few calls from the new network: no spike, the place alone is low
    assert _severity(fx, _user_calls(fx, fx.ATTACKER_IP, n=5)) == "low"


def test_a_machine_workloads_burst_is_not_raised(fx: Any) -> None:
    role = "arn:aws:iam::653711331788:role/etl"
    rows = [
        {
            **fx.role("etl", "i-0abc", "ASIAETL0000000000001", "ec2", "i-0abc"),
            **fx.ATTACKER_IP,
            **RCLONE,
            "event_name": "GetObject",
            "event_time": fx.T0 + dt.timedelta(seconds=10 * i),
        }
        for i in range(240)
    ]
    history = [("principal", role, "network_key", "AS7922")]
    volume = [("principal", role, n, 0, 0) for n in (8, 10, 12, 20)]
    base = fx.view(history, mature=[role], mature_accounts=[ACCOUNT], volume=volume)
    found = Scorer(base, rules=[FirstSeen(), VolumeSpike()]).score(fx.build(rows)).collect()
    spikes = found.filter(pl.col("rules").list.contains("volume_spike"))
    assert spikes.height == 1
    assert spikes["severity"][0] == "low"


def test_a_roles_crowd_of_identities_is_not_a_person(fx: Any) -> None:
    # a Cognito pool's role on a launch day: players from a new country triple its hour
    role = "arn:aws:iam::653711331788:role/Cognito_PlayersUnauth_Role"
    rows = [
        {
            **fx.role(
                "Cognito_PlayersUnauth_Role",
                "CognitoIdentityCredentials",
                f"ASIAPLAYER{i:010d}",
                None,
                None,
            ),
            **fx.ATTACKER_IP,
            **RCLONE,
            "event_name": "GetObject",
            "event_time": fx.T0 + dt.timedelta(seconds=10 * i),
        }
        for i in range(240)
    ]
    history = [
        ("principal", role, "network_key", "AS7922"),
        ("principal", role, "ua_family", "rclone"),
        ("principal", role, "api", "s3.amazonaws.com:GetObject"),
    ]
    volume = [("principal", role, n, 0, 0) for n in (8, 10, 12, 20)]
    base = fx.view(history, mature=[role], mature_accounts=[ACCOUNT], volume=volume)
    found = Scorer(base, rules=[FirstSeen(), VolumeSpike()]).score(fx.build(rows)).collect()
    spikes = found.filter(pl.col("rules").list.contains("volume_spike"))
    assert spikes.height == 1
    assert spikes["severity"][0] == "low"
