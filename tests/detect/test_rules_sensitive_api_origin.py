"""sensitive_api's ``GetCallerIdentity`` opening, compared with the call that minted the key.

``aws-actions/configure-aws-credentials`` mints a key with ``AssumeRoleWithWebIdentity`` and
checks it with ``GetCallerIdentity`` at once, from the same runner and client: that is not a
found key being tried. The same opening from another network or client still is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

ACCOUNT = "171999863748"
MINTED = "ASIAGITHUBMINTED0001"
RUNNER = "20.57.240.50"
ACTION_UA = (
    "aws-sdk-js/3.540.0 ua/2.0 os/linux#6.5.0-1017-azure lang/js md/nodejs#20.11.1 "
    "api/sts#3.540.0 configure-aws-credentials-for-github-actions"
)
KALI = "aws-cli/1.22.34 Python/3.9.10 Linux/5.15.0-kali3-amd64 botocore/1.24.19"
SESSION = {
    "type": "AssumedRole",
    "principalId": "AROAGITHUB:GitHubActions",
    "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/github-actions/GitHubActions",
    "accountId": ACCOUNT,
    "accessKeyId": MINTED,
    "sessionContext": {
        "sessionIssuer": {
            "type": "Role",
            "arn": f"arn:aws:iam::{ACCOUNT}:role/github-actions",
            "accountId": ACCOUNT,
            "userName": "github-actions",
        }
    },
}
WEB = {
    "type": "WebIdentityUser",
    "principalId": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com",
    "userName": "repo:acme/platform:ref:refs/heads/main",
    "identityProvider": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com",
}


def _record(i: int, identity: dict[str, Any], ip: str, ua: str, name: str, **extra: Any) -> dict:
    return {
        "eventVersion": "1.08",
        "userIdentity": identity,
        "eventTime": f"2025-03-03T10:{i:02d}:00Z",
        "eventSource": "sts.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": None,
        "responseElements": None,
        "eventID": f"oidc-{i}",
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT,
        **extra,
    }


def _first_calls(tmp_path: Path, ip: str, ua: str) -> pl.DataFrame:
    from ueba.enrichment import enrich
    from ueba.io.cloudtrail import read_cloudtrail

    records = [
        _record(
            0,
            WEB,
            RUNNER,
            ACTION_UA,
            "AssumeRoleWithWebIdentity",
            requestParameters={
                "roleArn": f"arn:aws:iam::{ACCOUNT}:role/github-actions",
                "roleSessionName": "GitHubActions",
            },
            responseElements={
                "credentials": {"accessKeyId": MINTED, "expiration": "Mar 3, 2025 11:00:00 AM"}
            },
        ),
        _record(1, SESSION, ip, ua, "GetCallerIdentity"),
    ]
    path = tmp_path / "trail.json"
    path.write_text(json.dumps({"Records": records}))
    # the day collected first, as the scorer hands it to every rule (Scorer._day): on
    # enrichment's un-collected plan the rule's plan costs seconds of polars plan optimisation
    day = enrich(read_cloudtrail([str(path)]).lazy()).collect().lazy()
    hits = SensitiveApi().evaluate(day, None).collect()
    return hits.filter(pl.col("signal") == "first_call_get_caller_identity")


def test_ci_checking_the_key_it_just_minted_is_not_recon(tmp_path: Path) -> None:
    assert _first_calls(tmp_path, RUNNER, ACTION_UA).is_empty()


def test_a_minted_key_opened_from_another_network_is_still_recon(tmp_path: Path) -> None:
    hits = _first_calls(tmp_path, "185.220.101.4", ACTION_UA)
    assert hits["event_id"].to_list() == ["oidc-1"]


def test_a_minted_key_opened_with_another_client_is_still_recon(tmp_path: Path) -> None:
    assert _first_calls(tmp_path, RUNNER, KALI)["event_id"].to_list() == ["oidc-1"]
