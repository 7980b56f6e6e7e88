"""The detection rules, one small module per family, and the ``RULES`` registry.

``RULES`` maps each rule's ``name`` (the key used in configuration, ``[detect.rules.<name>]``)
to its class. Every rule passes :func:`ueba.testing.rules.check_rule`.

>>> from ueba.detect.rules import RULES
>>> sorted(RULES)[:3]
['console', 'credential_ip_lock', 'credential_outside_workload']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ueba.detect.rules._base import HITS, Rule
from ueba.detect.rules.console import ConsoleRisk
from ueba.detect.rules.evasion import EVASION_APIS, DefenseEvasion
from ueba.detect.rules.first_seen import FirstSeen
from ueba.detect.rules.fleet_change import FleetChange
from ueba.detect.rules.ip_lock import CredentialIpLock
from ueba.detect.rules.key_origin import KeyOrigin
from ueba.detect.rules.leaked_key import LeakedLongTermKey
from ueba.detect.rules.outside_workload import CredentialOutsideWorkload
from ueba.detect.rules.sensitive_api import SENSITIVE_APIS, SensitiveApi
from ueba.detect.rules.threat_intel import ThreatIntel
from ueba.detect.rules.volume import ErrorSpike, VolumeSpike

RULES: Mapping[str, type[Rule]] = MappingProxyType(
    {
        cls.name: cls
        for cls in (
            CredentialOutsideWorkload,
            CredentialIpLock,
            FirstSeen,
            SensitiveApi,
            VolumeSpike,
            ErrorSpike,
            ThreatIntel,
            ConsoleRisk,
            LeakedLongTermKey,
            DefenseEvasion,
            FleetChange,
            KeyOrigin,
        )
    }
)

__all__ = [
    "EVASION_APIS",
    "HITS",
    "RULES",
    "SENSITIVE_APIS",
    "ConsoleRisk",
    "CredentialIpLock",
    "CredentialOutsideWorkload",
    "DefenseEvasion",
    "ErrorSpike",
    "FirstSeen",
    "FleetChange",
    "KeyOrigin",
    "LeakedLongTermKey",
    "Rule",
    "SensitiveApi",
    "ThreatIntel",
    "VolumeSpike",
]
