"""sensitive_api judged in context: an infrastructure-as-code deploy role creating IAM roles and
policies from its usual network and client is doing its job (at most low); the same calls from a
new network or client, from a role whose history never writes, or credentials minted for a
person (CreateAccessKey) keep their own severity."""

from __future__ import annotations

from typing import Any

from ueba.detect.rules import SensitiveApi

ROLE = "arn:aws:iam::653711331788:role/terraform-deployer"
KEY = "ASIATERRAFORM0000001"
TERRAFORM = {
    "user_agent": "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 terraform-provider-aws/5.46.0",
    "ua_family": "terraform",
    "ua_os_family": "linux",
}
HISTORY = [
    ("principal", ROLE, "api", "iam.amazonaws.com:GetRole"),
    ("principal", ROLE, "api", "ecs.amazonaws.com:UpdateService"),
    ("principal", ROLE, "ua_family", "terraform"),
    ("principal", ROLE, "network_key", "34.224.0.0/12"),
]
APPLY = ("CreateRole", "AttachRolePolicy", "PutRolePolicy", "CreateInstanceProfile")


def _apply(fx: Any, names: tuple[str, ...] = APPLY, **where: Any) -> list[dict[str, Any]]:
    r = fx.role("terraform-deployer", "apply", KEY, None, None)
    return [
        {**r, **fx.AWS_IP, **TERRAFORM, "event_source": "iam.amazonaws.com", "event_name": n}
        | where
        for n in names
    ]


def _severities(fx: Any, rows: list[dict[str, Any]], history: list[Any] = HISTORY) -> set[str]:
    hits = SensitiveApi().evaluate(fx.build(rows), fx.view(history, mature=[ROLE])).collect()
    return set(hits.filter(hits["signal"].str.starts_with("sensitive"))["severity"])


def test_a_deploy_roles_terraform_apply_creating_roles_is_at_most_low(fx: Any) -> None:
    rows = _apply(fx)
    assert _severities(fx, rows) == {"low"}
    hits = SensitiveApi().evaluate(fx.build(rows), fx.view(HISTORY, mature=[ROLE])).collect()
    assert all("infrastructure as code" in r for r in hits["reason"])


def test_the_same_apply_from_a_new_network_keeps_its_severity(fx: Any) -> None:
    rows = _apply(fx, **fx.ATTACKER_IP)
    assert "high" in _severities(fx, rows)


def test_the_same_calls_with_another_client_keep_their_severity(fx: Any) -> None:
    rows = _apply(fx, **fx.MAC_CLI)
    assert "high" in _severities(fx, rows)


def test_a_role_whose_history_never_writes_keeps_its_severity(fx: Any) -> None:
    read_only = [h for h in HISTORY if "UpdateService" not in h[3]]
    assert "high" in _severities(fx, _apply(fx), read_only)


def test_creating_an_access_key_for_a_person_is_not_provisioning(fx: Any) -> None:
    rows = _apply(fx, ("CreateAccessKey",), request_parameters='{"userName":"svc-reporting"}')
    assert _severities(fx, rows) == {"medium"}
