"""attack_distribution_client (tuned on heldout7 A4 and heldout8 A8, seventh session): a call
from Kali / Parrot that the principal's history never made, as GuardDuty's PenTest findings."""

from __future__ import annotations

from typing import Any

from ueba.detect.rules import RULES, AttackDistributionClient
from ueba.detect.scorer import Scorer

ROLE = "arn:aws:iam::653711331788:role/OTVendorSupport"
KALI = {
    "user_agent": "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023",
    "ua_family": "aws-cli",
    "ua_os_family": "linux",
    "ua_distro": "kali",
    "ua_fingerprint": "aws-cli/2.13 Python/3.11 Linux/6.5~kali exe/x86_64.kali.2023",
}


def _vendor(fx: Any, **extra: Any) -> dict[str, Any]:
    return {**fx.role("OTVendorSupport", "otv-m.huber", "ASIAVENDOR", None, None), **extra}


def _day(fx: Any) -> Any:
    return fx.build(
        [
            _vendor(fx, **fx.ATTACKER_IP, **KALI, event_source=f"{svc}.amazonaws.com", event_name=n)
            for svc, n in (
                ("ssm", "SendCommand"),
                ("secretsmanager", "ListSecrets"),
                ("secretsmanager", "GetSecretValue"),
            )
        ]
    )


def test_a_kali_client_the_role_never_used_is_medium_even_while_it_is_learning(fx: Any) -> None:
    assert RULES["attack_distribution_client"] is AttackDistributionClient
    # a vendor role seen on its support days only: learning, so novelty rules are silenced
    base = fx.view([("principal", ROLE, "ua_fingerprint", "aws-cli/2.13 Python/3.11 Windows/10")])
    hits = AttackDistributionClient().evaluate(_day(fx), base).collect()
    assert hits.height == 3 and set(hits["severity"]) == {"medium"}
    assert set(hits["basis"]) == {"self"}
    assert "aws-cli on kali, an attack distribution it never used" in hits["reason"][0]
    found = Scorer(base).score(_day(fx)).collect()
    assert found["severity"].to_list() == ["medium"]
    # no history at all: still a hit, as GuardDuty's PenTest:IAMUser/KaliLinux needs none
    assert AttackDistributionClient().evaluate(_day(fx), fx.no_history()).collect().height == 3


def test_a_principal_that_uses_kali_routinely_or_an_ordinary_client_is_not_a_hit(
    fx: Any,
) -> None:
    red_team = fx.view([("principal", ROLE, "ua_fingerprint", KALI["ua_fingerprint"])])
    assert AttackDistributionClient().evaluate(_day(fx), red_team).collect().is_empty()
    ordinary = fx.build([_vendor(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name="ListSecrets")])
    assert AttackDistributionClient().evaluate(ordinary, fx.no_history()).collect().is_empty()
    # calls AWS makes for the principal carry the service's agent, not the holder's
    service = fx.build([_vendor(fx, **KALI, invoked_by="cloudformation.amazonaws.com")])
    assert AttackDistributionClient().evaluate(service, fx.no_history()).collect().is_empty()
