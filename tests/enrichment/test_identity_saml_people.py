"""A person federated by SAML into a role others share is named by their session."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from ueba.enrichment.identity import enrich_identity
from ueba.schema import EVENTS

T0 = datetime(2025, 7, 7, 15, 0, tzinfo=UTC)
ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Okta-Engineer"


def _frame(rows: list[dict[str, Any]]) -> pl.LazyFrame:
    columns = {name: [row.get(name) for row in rows] for name in EVENTS}
    return pl.DataFrame(columns, schema=dict(EVENTS)).lazy()


def _saml_sign_in(person: str, key: str) -> dict[str, Any]:
    return {
        "event_time": T0,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithSAML",
        "event_id": f"signin-{person}",
        "identity_type": "SAMLUser",
        "identity_principal_id": f"IdPX:{person}",
        "identity_user_name": person,
        "identity_provider": "IdPX",
        "source_ip_address": "198.51.100.7",
        "request_parameters": json.dumps({"roleArn": ROLE, "roleSessionName": person}),
        "response_elements": json.dumps(
            {
                "credentials": {"accessKeyId": key},
                "assumedRoleUser": {
                    "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/Okta-Engineer/{person}"
                },
            }
        ),
    }


def _use(session: str, key: str, event_id: str, role: str = ROLE) -> dict[str, Any]:
    name = role.rsplit("/", 1)[1]
    return {
        "event_time": T0 + timedelta(minutes=5),
        "event_name": "ListBuckets",
        "event_id": event_id,
        "identity_type": "AssumedRole",
        "identity_arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{name}/{session}",
        "identity_principal_id": f"AROAEXAMPLE:{session}",
        "identity_account_id": ACCOUNT,
        "session_issuer_arn": role,
        "access_key_id": key,
    }


def _workloads(rows: list[dict[str, Any]]) -> dict[str, tuple[Any, Any, Any]]:
    out = enrich_identity(_frame(rows)).collect()
    return {
        r["event_id"]: (r["principal_arn"], r["workload_kind"], r["workload_id"])
        for r in out.iter_rows(named=True)
    }


def test_sessions_of_one_shared_saml_role_are_each_their_persons() -> None:
    got = _workloads(
        [
            _saml_sign_in("ana@example.org", "ASIAANA"),
            _saml_sign_in("bo@example.org", "ASIABO"),
            _use("ana@example.org", "ASIAANA", "ana"),
            _use("bo@example.org", "ASIABO", "bo"),
        ]
    )
    # the role stays the principal (the people who share it); the person is the workload
    assert got["ana"] == (ROLE, "saml_user", "ana@example.org")
    assert got["bo"] == (ROLE, "saml_user", "bo@example.org")
    # the sign-in itself is the person's too, so their sign-in networks are learnt with them
    assert got["signin-ana@example.org"][1:] == ("saml_user", "ana@example.org")


def test_a_console_session_of_a_saml_sign_in_is_bound_by_role_and_session_name() -> None:
    # the console's session key is not the one AssumeRoleWithSAML returned
    got = _workloads([_saml_sign_in("cy", "ASIAMINTED"), _use("cy", "ASIACONSOLE", "console")])
    assert got["console"][1:] == ("saml_user", "cy")


def test_an_e_mail_session_name_is_a_person_when_the_sign_in_is_outside_the_window() -> None:
    got = _workloads(
        [
            _use("dee@example.org", "ASIADEE", "dee"),
            _use("i-0abc1234", "ASIAEC2", "ec2", role=f"arn:aws:iam::{ACCOUNT}:role/web"),
            _use("deploy-run-42", "ASIACI", "ci", role=f"arn:aws:iam::{ACCOUNT}:role/deploy"),
        ]
    )
    assert got["dee"][1:] == ("saml_user", "dee@example.org")
    assert got["ec2"][1:] == ("ec2", "i-0abc1234")
    assert got["ci"][1:] == (None, None)


def test_a_sign_in_logged_without_its_session_names_the_person_by_the_keys_own_arn() -> None:
    # CloudTrail can log AssumeRoleWithSAML with no request parameters and only the credentials
    # in its response: the key's ARN still names the session, so the person is the same actor
    # as her own sign-in (the caller's subject), not one actor per ARN
    thin = _saml_sign_in("ana@example.org", "ASIAANA")
    thin["request_parameters"] = None
    thin["response_elements"] = json.dumps({"credentials": {"accessKeyId": "ASIAANA"}})
    got = _workloads([thin, _use("ana@example.org", "ASIAANA", "ana")])
    assert got["ana"] == (ROLE, "saml_user", "ana@example.org")
    assert got["signin-ana@example.org"][1:] == ("saml_user", "ana@example.org")
