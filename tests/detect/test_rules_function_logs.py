"""A Lambda function's log group deleted by the principal that changed the function's code
earlier that day is medium, with no history (``defense_evasion``'s ``function_logs_deleted``;
sixteenth session, tuning on heldout26's A10: a stolen engineer's session replaces the runbook
dispatcher's code and deletes its logs). Another function's log group, a deletion before the
change, or by someone else, is not this signal."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import DefenseEvasion

ACCOUNT = "653711331788"
ENGINEER = f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Engineer_5c1e/kasia"
OTHER = f"arn:aws:sts::{ACCOUNT}:assumed-role/AWSReservedSSO_Engineer_5c1e/niamh"
FUNCTION = "skellig-runbook-dispatcher"


def _call(name: str, request: dict[str, Any], who: str = ENGINEER) -> dict[str, Any]:
    return {
        "identity_arn": who,
        "principal_arn": who,
        "access_key_id": "ASIASTOLENSESSION001",
        "event_source": "logs.amazonaws.com"
        if name == "DeleteLogGroup"
        else "lambda.amazonaws.com",
        "event_name": name,
        "request_parameters": json.dumps(request),
    }


def _change(function: str = FUNCTION) -> dict[str, Any]:
    arn = f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:{function}"
    return _call("UpdateFunctionCode20150331v2", {"functionName": arn, "publish": True})


def _delete(function: str = FUNCTION, who: str = ENGINEER) -> dict[str, Any]:
    return _call("DeleteLogGroup", {"logGroupName": f"/aws/lambda/{function}"}, who)


def _hits(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    hits = DefenseEvasion().evaluate(fx.day(rows), fx.no_history()).collect()
    return hits.filter(pl.col("signal") == "function_logs_deleted")


def test_a_functions_logs_deleted_after_its_code_changed_is_medium_with_no_history(
    fx: Any,
) -> None:
    hits = _hits(fx, [_change(), _call("GetFunction20150331v2", {}), _delete()])
    assert hits["event_name"].to_list() == ["DeleteLogGroup"]
    assert hits["severity"].to_list() == ["medium"] and hits["basis"].to_list() == ["self"]
    assert FUNCTION in hits["reason"][0] and "event ev-0000" in hits["reason"][0]


def test_another_function_an_earlier_deletion_or_another_principal_is_not_this_signal(
    fx: Any,
) -> None:
    assert _hits(fx, [_change(), _delete("billing-export")]).is_empty()
    assert _hits(fx, [_delete(), _change()]).is_empty()
    assert _hits(fx, [_change(), _delete(who=OTHER)]).is_empty()
