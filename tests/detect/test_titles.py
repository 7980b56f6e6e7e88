"""A finding's title says what happened for the credential it is about.

A rule's description is the title of the findings it leads, unless the leading signal has its own
(``Rule.signal_titles``): ``credential_outside_workload`` fires on EC2, ECS and Lambda keys, on
EKS pods' and service jobs' keys, and on one session of a Cognito identity pool's fleet; its
title used to say "EC2/ECS/Lambda session credentials" for all of them. The actor after the
colon names the kind (EKS pod, role...); the title before it must be true of every kind.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from ueba.config import Config
from ueba.detect.rules import CredentialOutsideWorkload, LeakedLongTermKey, build_rules
from ueba.detect.scorer import Scorer

ACCOUNT = "653711331788"
KINDS = ["ec2", "ecs", "lambda", "eks_pod", "sagemaker", "glue", "codebuild"]


def _title(fx: Any, rows: list[dict[str, Any]], rule: Any, base: Any = None) -> str:
    findings = Scorer(base, rules=[rule]).score(fx.build(rows)).collect()
    assert findings.height == 1, findings
    return str(findings["title"][0])


@pytest.mark.parametrize("kind", KINDS)
def test_a_workload_key_outside_aws_is_titled_for_any_workload(fx: Any, kind: str) -> None:
    r = {**fx.role("job", "s", "ASIAJOB", kind, f"{kind}-1"), **fx.ATTACKER_IP, **fx.BOTO}
    title = _title(fx, [r], CredentialOutsideWorkload())
    assert title.startswith("A workload's session credentials used from outside AWS: ")
    assert "EC2/ECS/Lambda" not in title


def test_a_desktop_client_on_an_eks_pods_key_is_titled_as_a_desktop_client(fx: Any) -> None:
    r = {**fx.role("job", "s", "ASIAPOD", "eks_pod", "pod-1"), **fx.AWS_IP, **fx.MAC_CLI}
    title = _title(fx, [r], CredentialOutsideWorkload())
    assert title.startswith("A workload's session credentials driven by a desktop client: ")


def test_a_cognito_fleets_session_in_another_tool_is_titled_as_a_fleet(fx: Any) -> None:
    role = "arn:aws:iam::653711331788:role/Cognito_PlayersUnauth_Role"
    home = {"source_ip_address": "81.2.69.160", "source_kind": "public", "network_key": "asn:2856"}
    unity = {"user_agent": "aws-sdk-dotnet-unity/3.7", "ua_family": "aws-sdk-dotnet"}

    def player(n: int, where: dict[str, Any], client: dict[str, Any], api: str) -> dict[str, Any]:
        r = fx.role("Cognito_PlayersUnauth_Role", "CognitoIdentityCredentials", "", None, None)
        return {**r, "access_key_id": f"ASIAPLAYER{n:010d}", **where, **client, "event_name": api}

    rows = [player(k, home, unity, "PutRecords") for k in range(25)]
    rows += [player(99, fx.ATTACKER_IP, {"ua_family": "boto3"}, "ListBuckets")]
    rows = [{**r, "event_source": "kinesis.amazonaws.com"} for r in rows]
    history = [
        ("principal", role, "ua_family", "aws-sdk-dotnet"),
        ("principal", role, "api", "kinesis.amazonaws.com:PutRecords"),
        ("principal", role, "network_key", "asn:2856"),
    ]
    base = fx.view(history, mature=[role], mature_accounts=[ACCOUNT])
    title = _title(fx, rows, CredentialOutsideWorkload(), base)
    assert title.startswith(
        "One session of a role's fleet with a client and APIs the fleet never used: "
    )
    assert "EC2" not in title and "workload" not in title


def test_a_long_term_keys_cold_opening_is_titled_as_such(fx: Any) -> None:
    user = {
        "identity_arn": f"arn:aws:iam::{ACCOUNT}:user/ci",
        "principal_arn": f"arn:aws:iam::{ACCOUNT}:user/ci",
        "identity_type": "IAMUser",
        "principal_type": "iam_user",
        "credential_kind": "long_term_key",
        "access_key_id": "AKIACI",
        "event_source": "sts.amazonaws.com",
        "event_name": "GetCallerIdentity",
    }
    title = _title(fx, [{**user, **fx.ATTACKER_IP, **fx.BOTO}], LeakedLongTermKey())
    assert title.startswith("AKIA key with no history opened with GetCallerIdentity outside AWS")


def test_every_signal_title_is_a_sentence_of_its_own() -> None:
    rules = build_rules(Config())
    titled = {(r.name, s): t for r in rules for s, t in r.signal_titles.items()}
    assert {name for name, _ in titled} >= {"credential_outside_workload", "outside_account_grant"}
    for (name, signal), text in titled.items():
        assert text and not text.endswith("."), (name, signal)
        rule = next(r for r in rules if r.name == name)
        assert text != rule.description, (name, signal)


def test_a_signal_without_a_title_of_its_own_is_titled_by_the_description(fx: Any) -> None:
    class Untitled(CredentialOutsideWorkload):
        signal_titles: ClassVar[dict[str, str]] = {}

    r = {**fx.role("app", "s", "ASIAAPP", "ec2", "i-1"), **fx.ATTACKER_IP, **fx.BOTO}
    title = _title(fx, [r], Untitled())
    assert title.startswith("A workload's session credentials used outside the workload: ")
