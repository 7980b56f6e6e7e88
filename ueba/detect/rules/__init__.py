"""The detection rules, one small module per family, and the ``RULES`` registry.

``RULES`` maps each rule's ``name`` (the key used in configuration, ``[detect.rules.<name>]``)
to its class. Every rule passes :func:`ueba.testing.rules.check_rule`.

>>> from ueba.detect.rules import RULES
>>> sorted(RULES)[:3]
['attack_distribution_client', 'compute_hijack', 'console']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ueba.config import Config
from ueba.detect.rules._base import HITS, Rule
from ueba.detect.rules._grant_events import GRANT_EVENTS
from ueba.detect.rules._sensitive_calls import SENSITIVE_APIS
from ueba.detect.rules.attack_client import AttackDistributionClient
from ueba.detect.rules.compute_hijack import ComputeHijack
from ueba.detect.rules.console import ConsoleRisk
from ueba.detect.rules.data_access import DataAccess
from ueba.detect.rules.evasion import EVASION_APIS, DefenseEvasion
from ueba.detect.rules.first_seen import FirstSeen
from ueba.detect.rules.fleet_change import FleetChange
from ueba.detect.rules.ip_lock import CredentialIpLock
from ueba.detect.rules.key_origin import KeyOrigin
from ueba.detect.rules.leaked_key import LeakedLongTermKey
from ueba.detect.rules.outside_grant import OutsideAccountGrant
from ueba.detect.rules.outside_workload import CredentialOutsideWorkload
from ueba.detect.rules.sensitive_api import SensitiveApi
from ueba.detect.rules.session_replay import PersonSessionReplay
from ueba.detect.rules.threat_intel import ThreatIntel
from ueba.detect.rules.volume import ErrorSpike, VolumeSpike
from ueba.exceptions import ConfigError, did_you_mean

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
            OutsideAccountGrant,
            PersonSessionReplay,
            AttackDistributionClient,
            ComputeHijack,
            DataAccess,
        )
    }
)


def build_rules(config: Config | None = None) -> list[Rule]:
    """Every registered rule, configured by ``config`` (default ``Config()``) and checked.

    The rules' side of configuration: ``Config`` is plain data that knows no rule, so the names
    under ``[detect.rules]`` and each rule's parameters are checked here, against ``RULES``.
    Errors name the configuration file and the key, with a did-you-mean hint.

    >>> from ueba.config import Config
    >>> rules = build_rules(Config.from_dict({"detect": {"rules": {"first_seen": {}}}}))
    >>> sorted(r.name for r in rules) == sorted(RULES)
    True
    >>> build_rules(Config.from_dict({"detect": {"rules": {"first_sen": {}}}}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ueba.exceptions.ConfigError: detect.rules.first_sen: unknown rule (did you mean first_seen?). ...
    """
    cfg = config if config is not None else Config()
    where = None if cfg.source.startswith("<") else cfg.source
    for name in cfg.rules:
        if name not in RULES:
            raise ConfigError(
                f"detect.rules.{name}: unknown rule{did_you_mean(name, RULES)}",
                path=where,
                fix=f"rules are {', '.join(RULES)}",
            )
    out: list[Rule] = []
    for name, cls in RULES.items():
        params = cfg.rule_params(name)
        if name == "threat_intel":
            params.setdefault("networks", list(cfg.threat_networks))
        try:
            out.append(cls(**params).check_params())
        except ConfigError as exc:
            raise ConfigError(exc.message, path=exc.path or where, fix=exc.fix) from None
    return out


__all__ = [
    "EVASION_APIS",
    "GRANT_EVENTS",
    "HITS",
    "RULES",
    "SENSITIVE_APIS",
    "AttackDistributionClient",
    "ComputeHijack",
    "ConsoleRisk",
    "CredentialIpLock",
    "CredentialOutsideWorkload",
    "DataAccess",
    "DefenseEvasion",
    "ErrorSpike",
    "FirstSeen",
    "FleetChange",
    "KeyOrigin",
    "LeakedLongTermKey",
    "OutsideAccountGrant",
    "PersonSessionReplay",
    "Rule",
    "SensitiveApi",
    "ThreatIntel",
    "VolumeSpike",
    "build_rules",
]
