"""MITRE ATT&CK (Enterprise, cloud) for each rule and signal, for OCSF ``finding_info.attacks``.

A rule family says what kind of misuse a hit is evidence of; ``sensitive_api`` is finer: its
signal names the tactic of the call (``sensitive defense_evasion`` -> Defense Evasion / Impair
Defenses: Disable or Modify Cloud Logs). Techniques are the ones that describe CloudTrail-visible
behaviour; a rule with no fitting technique (the IsolationForest second opinion) maps to none.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ATTACK_VERSION = "16.1"

# tactic uid -> name
TACTICS = {
    "TA0001": "Initial Access",
    "TA0002": "Execution",
    "TA0003": "Persistence",
    "TA0004": "Privilege Escalation",
    "TA0005": "Defense Evasion",
    "TA0006": "Credential Access",
    "TA0007": "Discovery",
    "TA0008": "Lateral Movement",
    "TA0010": "Exfiltration",
    "TA0040": "Impact",
}

# technique or sub-technique uid -> name
TECHNIQUES = {
    "T1021": "Remote Services",
    "T1021.007": "Cloud Services",
    "T1033": "System Owner/User Discovery",
    "T1078": "Valid Accounts",
    "T1078.004": "Cloud Accounts",
    "T1098": "Account Manipulation",
    "T1098.001": "Additional Cloud Credentials",
    "T1098.003": "Additional Cloud Roles",
    "T1496": "Resource Hijacking",
    "T1526": "Cloud Service Discovery",
    "T1537": "Transfer Data to Cloud Account",
    "T1552": "Unsecured Credentials",
    "T1552.005": "Cloud Instance Metadata API",
    "T1555": "Credentials from Password Stores",
    "T1555.006": "Cloud Secrets Management Stores",
    "T1562": "Impair Defenses",
    "T1562.008": "Disable or Modify Cloud Logs",
    "T1580": "Cloud Infrastructure Discovery",
    "T1651": "Cloud Administration Command",
}

_VALID_CLOUD = ("TA0001", "T1078.004")

# rule name -> (tactic, technique) pairs
BY_RULE: dict[str, tuple[tuple[str, str], ...]] = {
    "credential_outside_workload": (("TA0006", "T1552.005"), _VALID_CLOUD),
    "credential_ip_lock": (_VALID_CLOUD,),
    "leaked_long_term_key": (_VALID_CLOUD,),
    "console": (_VALID_CLOUD,),
    "first_seen": (_VALID_CLOUD,),
    "threat_intel": (_VALID_CLOUD,),
    "volume_spike": (("TA0007", "T1526"),),
    "error_spike": (("TA0007", "T1526"),),
}

# sensitive_api signal -> (tactic, technique)
BY_SIGNAL: dict[str, tuple[str, str]] = {
    "sensitive recon": ("TA0007", "T1580"),
    "recon_burst": ("TA0007", "T1580"),
    "first_call_get_caller_identity": ("TA0007", "T1033"),
    "sensitive persistence": ("TA0003", "T1098.001"),
    "sensitive privilege_escalation": ("TA0004", "T1098.003"),
    "sensitive defense_evasion": ("TA0005", "T1562.008"),
    "sensitive credential_access": ("TA0006", "T1555.006"),
    "secret_burst": ("TA0006", "T1555.006"),
    "sensitive exfiltration": ("TA0010", "T1537"),
    "sensitive lateral_movement": ("TA0008", "T1021.007"),
    "sensitive execution": ("TA0002", "T1651"),
    "sensitive impact": ("TA0040", "T1496"),
}


def _url(uid: str) -> str:
    path = uid.replace(".", "/")
    kind = "tactics" if uid.startswith("TA") else "techniques"
    return f"https://attack.mitre.org/{kind}/{path}/"


def attack_object(tactic: str, technique: str) -> dict[str, Any]:
    """One OCSF ``attack`` object; a sub-technique carries its parent as ``technique``."""
    out: dict[str, Any] = {
        "version": ATTACK_VERSION,
        "tactic": {"uid": tactic, "name": TACTICS[tactic], "src_url": _url(tactic)},
    }
    parent = technique.split(".", 1)[0]
    out["technique"] = {"uid": parent, "name": TECHNIQUES[parent], "src_url": _url(parent)}
    if parent != technique:
        out["sub_technique"] = {
            "uid": technique,
            "name": TECHNIQUES[technique],
            "src_url": _url(technique),
        }
    return out


def attacks_for(rules: Iterable[str], signals: Iterable[str]) -> list[dict[str, Any]]:
    """The OCSF ``attacks`` of a finding with these rules and evidence signals, in a stable order."""
    pairs = {pair for rule in rules for pair in BY_RULE.get(rule, ())}
    pairs |= {BY_SIGNAL[s] for s in signals if s in BY_SIGNAL}
    return [attack_object(t, q) for t, q in sorted(pairs)]


__all__ = ["ATTACK_VERSION", "BY_RULE", "BY_SIGNAL", "attack_object", "attacks_for"]
