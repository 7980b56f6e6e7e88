"""credential_outside_workload's ``fleet_outlier`` (issue 8, fifth held-out suite's A1): a role
held by a crowd of one-shot identities (a Cognito identity pool's role, one key per player) is
learnt as a fleet. One session driven by a client the role never used and nobody else uses
today, calling APIs the role never called and nobody else calls, is the pool's credential in
someone else's tool: medium. Players from new networks, or a new client many players take up,
are not."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import CredentialOutsideWorkload

ROLE = "arn:aws:iam::653711331788:role/Cognito_PlayersUnauth_Role"
UNITY = {"user_agent": "aws-sdk-dotnet-unity/3.7", "ua_family": "aws-sdk-dotnet"}
KALI = {"user_agent": "Boto3/1.34 md/Botocore Linux/6.6.9-amd64 kali", "ua_family": "boto3"}
HOME = {
    "source_ip_address": "81.2.69.160",
    "source_kind": "public",
    "network_key": "asn:2856",
    "asn": 2856,
    "as_org": "BT",
}


def _player(
    fx: Any,
    n: int,
    where: dict[str, Any] = HOME,
    client: dict[str, Any] = UNITY,
    calls: tuple[tuple[str, str], ...] = (("kinesis.amazonaws.com", "PutRecords"),),
) -> list[dict[str, Any]]:
    r = fx.role(
        "Cognito_PlayersUnauth_Role",
        "CognitoIdentityCredentials",
        f"ASIAPLAYER{n:010d}",
        None,
        None,
    )
    return [
        {**r, **where, **client, "event_source": s, "event_name": e, "aws_region": "eu-west-1"}
        for s, e in calls
    ]


ATTACK = (
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("kinesis.amazonaws.com", "PutRecords"),
)


def _hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    history = [
        ("principal", ROLE, "ua_family", "aws-sdk-dotnet"),
        ("principal", ROLE, "api", "kinesis.amazonaws.com:PutRecords"),
        ("principal", ROLE, "network_key", "asn:2856"),
    ]
    base = fx.view(history, mature=[ROLE], mature_accounts=["653711331788"])
    hits = CredentialOutsideWorkload().evaluate(fx.day(rows), base).collect()
    return hits.filter(pl.col("signal") == "fleet_outlier")


def _fleet(fx: Any, n: int = 25) -> list[dict[str, Any]]:
    return [row for k in range(n) for row in _player(fx, k)]


def test_one_player_key_with_a_new_client_and_new_calls_is_medium(fx: Any) -> None:
    rows = _fleet(fx) + _player(fx, 99, fx.ATTACKER_IP, KALI, ATTACK)
    hits = _hits(fx, rows)
    assert hits.height == 3 and set(hits["access_key_id"]) == {"ASIAPLAYER0000000099"}
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"novelty"}
    reason = hits["reason"][0]
    assert "one of 26 sessions of the role today" in reason
    assert "with boto3, a client the role never used" in reason
    assert "calling 2 API(s) the role never called" in reason
    assert "(GetCallerIdentity, ListBuckets)" in reason


def test_the_usual_client_or_only_usual_calls_is_not_a_hit(fx: Any) -> None:
    # a player from a new network with the game client, calling something new: not this signal
    assert _hits(fx, _fleet(fx) + _player(fx, 99, fx.ATTACKER_IP, UNITY, ATTACK)).is_empty()
    # a new client calling only the game's API
    assert _hits(fx, _fleet(fx) + _player(fx, 99, fx.ATTACKER_IP, KALI)).is_empty()


def test_a_client_or_a_call_other_sessions_share_is_not_a_hit(fx: Any) -> None:
    two = _player(fx, 98, fx.ATTACKER_IP, KALI, ATTACK) + _player(fx, 99, HOME, KALI, ATTACK)
    assert _hits(fx, _fleet(fx) + two).is_empty()
    # a release: many players call the new API with the usual client; one with a new client too
    release = [row for k in range(25) for row in _player(fx, k, calls=ATTACK)]
    assert _hits(fx, release + _player(fx, 99, fx.ATTACKER_IP, KALI, ATTACK)).is_empty()


def test_a_small_role_inside_aws_or_with_no_history_is_not_a_hit(fx: Any) -> None:
    assert _hits(fx, _fleet(fx, 5) + _player(fx, 99, fx.ATTACKER_IP, KALI, ATTACK)).is_empty()
    assert _hits(fx, _fleet(fx) + _player(fx, 99, fx.AWS_IP, KALI, ATTACK)).is_empty()
    rows = _fleet(fx) + _player(fx, 99, fx.ATTACKER_IP, KALI, ATTACK)
    none = CredentialOutsideWorkload().evaluate(fx.day(rows), fx.no_history()).collect()
    # with no baseline every client and call is "new": only the lone one is, and the scorer's
    # gate drops a novelty hit of a learning role
    assert set(none.filter(pl.col("signal") == "fleet_outlier")["basis"]) <= {"novelty"}
