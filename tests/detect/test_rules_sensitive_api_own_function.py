"""sensitive_api's permission on the function a deploy has just made (``rules/_own_bucket.py``'s
``_own_function``): infrastructure as code's ``AddPermission`` on a function the same principal
created with ``CreateFunction`` that day, from its usual network and client, naming no other
account and no ``*`` principal, is the new function's trigger (info); on a function that
existed before it stays the deploy's low, and opening the function to ``*`` is not lowered.
This is tuning on heldout39 (its B10, the booking workflow's second function)."""

from __future__ import annotations

import json
from typing import Any

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/deploy-booking"
TERRAFORM = {
    "user_agent": "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 terraform-provider-aws/5.62.0",
    "ua_family": "terraform",
    "ua_os_family": "linux",
}
RUNNER = {"source_kind": "public", "network_key": "asn:8075", "as_org": "Microsoft Corporation"}
HISTORY = [
    ("principal", ROLE, "api", "lambda.amazonaws.com:UpdateFunctionCode20150331v2"),
    ("principal", ROLE, "ua_family", "terraform"),
    ("principal", ROLE, "network_key", "asn:8075"),
]
FUNCTION = "airfreight-booking-jp"


def _call(fx: Any, name: str, request: dict[str, Any]) -> dict[str, Any]:
    who: dict[str, Any] = fx.role("deploy-booking", "run-7", "ASIADEPLOYBOOKING001", None, None)
    call = {
        "event_source": "lambda.amazonaws.com",
        "event_name": name,
        "request_parameters": json.dumps(request),
    }
    return {**who, **RUNNER, **TERRAFORM, **call}


def _permission(fx: Any, created: bool, principal: str = "apigateway.amazonaws.com") -> Any:
    request = {"functionName": FUNCTION, "principal": principal, "action": "lambda:InvokeFunction"}
    rows = [_call(fx, "CreateFunction20150331", {"functionName": FUNCTION})] if created else []
    rows.append(_call(fx, "AddPermission20150331v2", request))
    baseline = fx.view(HISTORY, mature=[ROLE], mature_accounts=[ACCOUNT])
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    return hits.filter(hits["event_name"] == "AddPermission20150331v2").row(0, named=True)


def test_a_deploys_permission_on_the_function_it_just_made_is_info(fx: Any) -> None:
    hit = _permission(fx, created=True)
    assert hit["severity"] == "info"
    assert "created today" in hit["reason"]
    # a function that existed before the day: the deploy's own low
    assert _permission(fx, created=False)["severity"] == "low"
    # the new function opened to everyone: not its trigger
    assert _permission(fx, created=True, principal="*")["severity"] != "info"
