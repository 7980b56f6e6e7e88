"""A deputy steered into a role without the ExternalId it always passes is medium
(``outside_account_grant``'s ``assumed_without_external_id``; sixteenth session, tuning on
heldout26's A4: an MSP's runbook dispatcher, which assumes every customer's role with that
customer's ExternalId, assumes a customer's forgotten role that trusts the MSP's account
without one, for a trial tenant of its portal). A caller that never passes one, a caller that
goes without into roles with a history, a role with a history and a learning account are not
this signal."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import OutsideAccountGrant

MSP = "527381946032"  # the automation account (the caller's)
CUSTOMERS = ("352185840632", "471803888744", "708745131992")
DISPATCHER = f"arn:aws:iam::{MSP}:role/runbook-dispatcher"
LEGACY = f"arn:aws:iam::{CUSTOMERS[2]}:role/skellig-legacy-readonly"
KEY = "ASIALEGACYSESSION001"
NAT = {"source_ip_address": "34.250.1.9", "source_kind": "aws", "network_key": "aws:34.248.0.0/13"}


def _role(account: str, name: str = "SkelligAutomation") -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def _assume(role: str, key: str, *, external_id: str | None) -> dict[str, Any]:
    request = {"roleArn": role, "roleSessionName": "runbook"}
    if external_id is not None:
        request["externalId"] = external_id
    return {
        "recipient_account_id": MSP,
        "identity_account_id": MSP,
        "identity_arn": f"arn:aws:sts::{MSP}:assumed-role/runbook-dispatcher/d",
        "principal_arn": DISPATCHER,
        "access_key_id": "ASIADISPATCHER000001",
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": json.dumps(request),
        "response_elements": json.dumps({"credentials": {"accessKeyId": key}}),
        **NAT,
    }


def _session(role: str, key: str, name: str = "ListBuckets") -> dict[str, Any]:
    account = role.split(":")[4]
    return {
        "recipient_account_id": account,
        "identity_account_id": account,
        "identity_arn": role.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")
        + "/trial-7731",
        "principal_arn": role,
        "access_key_id": key,
        "event_name": name,
        **NAT,
    }


def _day(legacy_id: str | None = None, siblings: int = 2) -> list[dict[str, Any]]:
    rows = [
        _assume(_role(account), f"ASIASIBLING00000000{n}", external_id=f"ext-{n}")
        for n, account in enumerate(CUSTOMERS[:siblings])
    ]
    return [*rows, _assume(LEGACY, KEY, external_id=legacy_id), _session(LEGACY, KEY)]


def _view(fx: Any, *, used: list[str] = (), mature: bool = True) -> Any:  # type: ignore[assignment]
    roles = [_role(account) for account in CUSTOMERS[:2]] + list(used)
    rows = [("principal", role, "api", "ec2.amazonaws.com:DescribeInstances") for role in roles]
    return fx.view(rows, mature_accounts=list(CUSTOMERS) if mature else [])


def _hits(fx: Any, rows: list[dict[str, Any]], view: Any) -> pl.DataFrame:
    hits = OutsideAccountGrant().evaluate(fx.day(rows), view).collect()
    return hits.filter(pl.col("signal") == "assumed_without_external_id")


def test_an_unused_role_assumed_without_the_external_id_the_caller_always_passes_is_medium(
    fx: Any,
) -> None:
    hits = _hits(fx, _day(), _view(fx))
    assert hits["severity"].to_list() == ["medium"]
    # on the session's call (the legacy role's actor and key), naming the caller and the record
    assert hits["access_key_id"].to_list() == [KEY]
    assert hits["principal_arn"].to_list() == [LEGACY]
    reason = hits["reason"][0]
    assert "skellig-legacy-readonly" in reason and DISPATCHER in reason
    assert "without an ExternalId" in reason and "2 other cross-account AssumeRole" in reason


def test_an_assumption_whose_key_made_no_call_is_a_hit_on_the_assume_role(fx: Any) -> None:
    hits = _hits(fx, _day()[:-1], _view(fx))
    assert hits["event_name"].to_list() == ["AssumeRole"]
    assert hits["principal_arn"].to_list() == [DISPATCHER]


def test_the_external_id_passed_a_role_with_a_history_or_a_learning_account_is_not_a_hit(
    fx: Any,
) -> None:
    assert _hits(fx, _day(legacy_id="ext-9"), _view(fx)).is_empty()
    assert _hits(fx, _day(), _view(fx, used=[LEGACY])).is_empty()
    assert _hits(fx, _day(), _view(fx, mature=False)).is_empty()


def test_a_caller_without_a_record_of_external_ids_is_not_judged(fx: Any) -> None:
    # one sibling role only: no record of "always"
    assert _hits(fx, _day(siblings=1), _view(fx)).is_empty()
    # a caller that goes without into a role with a history too: going without is its habit
    own = _role(CUSTOMERS[0], "OrganizationAccountAccessRole")
    habit = [*_day(), _assume(own, "ASIAOWNROLE000000001", external_id=None)]
    assert _hits(fx, habit, _view(fx, used=[own])).is_empty()
