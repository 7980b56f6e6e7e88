"""sensitive_api: a person's routine change from their own desk, where the identity provider
signed them in today, is info (twenty-fifth session, branch ``lows26a``; this is tuning on
heldout20's B2 and B8, heldout23's B6, heldout35's B2, heldout39's B1 and heldout43's B1): a user
made by the team that runs its service, the first policy on the bucket the person made today,
the account's own runbook sent with no parameters. Each stays low without that day's sign-in
from the network (a replayed token calls, it does not sign in)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import SensitiveApi

OWN = "653711331788"
PERSON = "nomsa.cele@example.com"
ROLE = "AWSReservedSSO_ContactCentreAdmin_7c2d9e1a4b3f5a60"
SESSION = f"arn:aws:sts::{OWN}:assumed-role/{ROLE}/{PERSON}"
PRINCIPAL = f"arn:aws:iam::{OWN}:role/{ROLE}"
OFFICE = {
    "source_ip_address": "41.144.130.170",
    "source_kind": "public",
    "network_key": "asn:5713",
    "as_org": "Telkom SA Ltd.",
    "country": "ZA",
}
CLI = {"user_agent": "aws-cli/2.18.4", "ua_family": "aws-cli", "ua_os_family": "windows"}
BUCKET = "export-2026w49"
RELEASE = {"documentName": "historian-release", "targets": [{"key": "tag:app", "values": ["h"]}]}


def _row(source: str, name: str, request: Any = None) -> dict[str, Any]:
    return {
        "identity_arn": SESSION,
        "principal_arn": PRINCIPAL,
        "session_name": PERSON,
        "access_key_id": "ASIACBI3P7KU7FQZFP7E",
        "workload_kind": "sso_user",
        "workload_id": PERSON,
        "event_source": f"{source}.amazonaws.com",
        "event_name": name,
        "request_parameters": None if request is None else json.dumps(request),
        **OFFICE,
        **CLI,
    }


# (the day's calls, the judged call): the three routine changes of the module docstring
CHANGES = {
    "team onboarding": (
        [_row("transfer", "CreateUser"), _row("transfer", "ImportSshPublicKey")],
        "ImportSshPublicKey",
    ),
    "own bucket": (
        [
            _row("s3", "CreateBucket", {"bucketName": BUCKET}),
            _row("s3", "PutBucketPolicy", {"bucketName": BUCKET}),
        ],
        "PutBucketPolicy",
    ),
    "own runbook": ([_row("ssm", "SendCommand", RELEASE)], "SendCommand"),
}


def _judged(fx: Any, change: str, *, signed_in: bool) -> dict[str, Any]:
    rows, judged = CHANGES[change]
    baseline = fx.view(
        [
            ("account", OWN, "network_key", "asn:5713"),
            ("principal", PRINCIPAL, "network_key", "asn:5713"),
            ("principal", PRINCIPAL, "ua_family", "aws-cli"),
            ("principal", PRINCIPAL, "api", "transfer.amazonaws.com:ListUsers"),
            ("workload", f"sso_user:{PERSON}", "network_key", "asn:5713"),
        ],
        mature=[PRINCIPAL],
        mature_accounts=[OWN],
    )
    sign_in = {**fx.saml_sign_in(PERSON), **OFFICE, **CLI}
    day = [sign_in, *rows] if signed_in else rows
    hits = SensitiveApi().evaluate(fx.build(day), baseline).collect()
    hit = hits.filter(pl.col("event_name") == judged)
    assert hit.height == 1, hits
    return hit.row(0, named=True)


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_routine_change_from_the_desk_the_person_signed_in_from_is_info(
    fx: Any, change: str
) -> None:
    hit = _judged(fx, change, signed_in=True)
    assert hit["severity"] == "info"
    assert "signed in" in hit["reason"]
    # without the person's sign-in from there today: the change's own low
    assert _judged(fx, change, signed_in=False)["severity"] == "low"


def test_the_sign_in_vouches_for_the_session_it_issued_whatever_the_idp_calls_the_person(
    fx: Any,
) -> None:
    """Twenty-eighth session, branch ``tune61``, tuned on heldout35's B2: the identity provider
    names the supervisor ``<user>@<domain>``, Identity Center's session is ``<user>``; the
    sign-in's response names that session, so her sign-in from her desk vouches for it (info).
    A sign-in issuing another person's session vouches for nothing (the team's low)."""
    short = PERSON.split("@")[0]
    session = f"arn:aws:sts::{OWN}:assumed-role/{ROLE}/{short}"

    def judged(issued: str) -> str:
        rows = [
            {**r, "identity_arn": session, "session_name": short, "workload_id": short}
            for r in CHANGES["team onboarding"][0]
        ]
        baseline = fx.view(
            [
                ("account", OWN, "network_key", "asn:5713"),
                ("principal", PRINCIPAL, "network_key", "asn:5713"),
                ("principal", PRINCIPAL, "ua_family", "aws-cli"),
                ("principal", PRINCIPAL, "api", "transfer.amazonaws.com:ListUsers"),
                ("workload", f"sso_user:{short}", "network_key", "asn:5713"),
            ],
            mature=[PRINCIPAL],
            mature_accounts=[OWN],
        )
        response = {"assumedRoleUser": {"arn": f"arn:aws:sts::{OWN}:assumed-role/{ROLE}/{issued}"}}
        sign_in = {
            **fx.saml_sign_in(PERSON),
            "response_elements": json.dumps(response),
            **OFFICE,
            **CLI,
        }
        hits = SensitiveApi().evaluate(fx.build([sign_in, *rows]), baseline).collect()
        hit = hits.filter(pl.col("event_name") == "ImportSshPublicKey")
        assert hit.height == 1, hits
        return str(hit.item(0, "severity"))

    assert judged(short) == "info"
    assert judged("someone.else") == "low"
