"""One frozen :class:`Config`: windows, rule thresholds, severities, suppressions, lists.

Plain data at the bottom of the house: this module imports no stage. It checks the file's
shape with strict keys (a typo is an error that says where and what was meant,
``detect.mn_severity: unknown key (did you mean min_severity?)``), severities, windows and
networks. The rules' own parameters are checked by the rules, where they are defined:
:func:`ueba.detect.rules.build_rules` turns ``Config.rules`` into rule instances and rejects
``detect.rules.first_seen.treshold: unknown key (did you mean threshold?)`` naming the file.
The vocabulary of the file is the ``_SCHEMA`` dict below plus each rule's ``params``::

    [baseline]
    window = "30d"
    min_days = 7

    [detect]
    min_severity = "low"          # findings below are not reported
    promote_score = 0.9           # corroborated findings go up one severity level

    [detect.rules.first_seen]
    windows = { api = "90d" }
    ignore_values = ["ua_family=terraform"]

    [detect.rules.volume_spike]
    enabled = false

    [[detect.suppress]]           # drop hits matching every given field (globs, CIDRs)
    rule = "credential_ip_lock"
    principal = "arn:aws:iam::*:role/batch-*"
    source_ip = ["10.0.0.0/8"]
    reason = "batch fleet moves between VPCs"

    [allow]
    principals = ["arn:aws:iam::111122223333:role/scanner"]   # never a finding

    [intel]
    threat = ["feeds/threat.txt", "198.51.100.0/24"]   # files (one CIDR per line) or CIDRs
    trusted = ["203.0.113.0/24"]                       # hits from here are suppressed

Relative list paths resolve against the directory of the TOML file.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ueba._time import parse_window
from ueba.exceptions import ConfigError, did_you_mean
from ueba.schema import SEVERITIES

_SCHEMA: Mapping[str, Mapping[str, type | tuple[type, ...]]] = MappingProxyType(
    {
        "baseline": {"window": str, "min_days": int},
        "detect": {
            "min_severity": str,
            "promote_score": (int, float),
            "max_reasons": int,
            "rules": dict,
            "suppress": list,
        },
        "allow": {"principals": list, "access_keys": list},
        "intel": {"threat": list, "trusted": list},
    }
)
_SUPPRESS_KEYS = (
    "rule",
    "signal",
    "principal",
    "access_key_id",
    "account_id",
    "event_name",
    "user_agent",
    "source_ip",
    "reason",
)


@dataclass(frozen=True)
class Suppression:
    """Drop hits matching every field given (``*`` globs; ``source_ip`` is a CIDR list)."""

    reason: str
    rule: str | None = None
    signal: str | None = None
    principal: str | None = None
    access_key_id: str | None = None
    account_id: str | None = None
    event_name: str | None = None
    user_agent: str | None = None
    source_ip: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """Everything a detection run can be told, frozen. ``Config()`` is the default.

    Examples
    --------
    >>> cfg = Config.from_dict({"detect": {"rules": {"volume_spike": {"enabled": False}}}})
    >>> cfg.rule_params("volume_spike")
    {'enabled': False}
    >>> from ueba.detect.rules import build_rules
    >>> [r.name for r in build_rules(cfg) if not r.enabled]
    ['volume_spike']
    >>> Config.from_dict({"detect": {"min_severty": "low"}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ueba.exceptions.ConfigError: detect.min_severty: unknown key (did you mean min_severity?). ...
    """

    window: str = "30d"
    min_days: int = 7
    min_severity: str = "low"
    promote_score: float = 0.9
    max_reasons: int = 12
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    suppressions: tuple[Suppression, ...] = ()
    allow_principals: tuple[str, ...] = ()
    allow_access_keys: tuple[str, ...] = ()
    threat_networks: tuple[str, ...] = ()
    trusted_networks: tuple[str, ...] = ()
    source: str = "<defaults>"

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        """Read and validate a TOML file; errors name the file and the key."""
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(
                "no such configuration file", path=str(p), fix="check the --config path"
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"not valid TOML ({exc})", path=str(p), fix="see docs/config.md for the format"
            ) from None
        return cls.from_dict(data, source=str(p), base_dir=p.parent)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, source: str = "<dict>", base_dir: Path | None = None
    ) -> Config:
        """Validate a parsed mapping (the TOML document's shape)."""
        base = base_dir or Path.cwd()
        where = None if source.startswith("<") else source

        def fail(msg: str, fix: str | None = None) -> ConfigError:
            return ConfigError(msg, path=where, fix=fix)

        for section, body in data.items():
            if section not in _SCHEMA:
                raise fail(
                    f"{section}: unknown section{did_you_mean(section, _SCHEMA)}",
                    f"sections are {', '.join(_SCHEMA)}",
                )
            if not isinstance(body, Mapping):
                raise fail(f"{section}: expected a table")
            for key, value in body.items():
                allowed = _SCHEMA[section]
                if key not in allowed:
                    raise fail(
                        f"{section}.{key}: unknown key{did_you_mean(key, allowed)}",
                        f"valid keys are {', '.join(allowed)}",
                    )
                if not isinstance(value, allowed[key]) or isinstance(value, bool):
                    raise fail(
                        f"{section}.{key}: expected {_type_name(allowed[key])}, "
                        f"got {type(value).__name__}"
                    )
        baseline = data.get("baseline", {})
        detect = data.get("detect", {})
        allow = data.get("allow", {})
        intel = data.get("intel", {})
        window = str(baseline.get("window", "30d"))
        try:
            parse_window(window, what="baseline.window")
        except ConfigError as exc:
            raise fail(exc.message, exc.fix) from None
        min_sev = str(detect.get("min_severity", "low"))
        if min_sev not in SEVERITIES:
            raise fail(
                f"detect.min_severity: {min_sev!r} is not a severity"
                f"{did_you_mean(min_sev, SEVERITIES)}",
                f"use one of {', '.join(SEVERITIES)}",
            )
        rules = _validate_rules(detect.get("rules", {}), fail)
        suppressions = tuple(
            _suppression(i, s, fail) for i, s in enumerate(detect.get("suppress", []))
        )
        try:
            threat = _networks(intel.get("threat", []), base, "intel.threat")
            trusted = _networks(intel.get("trusted", []), base, "intel.trusted")
        except ConfigError as exc:
            raise ConfigError(
                exc.message, path=exc.path or where, record=exc.record, fix=exc.fix
            ) from None
        return cls(
            window=window,
            min_days=int(baseline.get("min_days", 7)),
            min_severity=min_sev,
            promote_score=float(detect.get("promote_score", 0.9)),
            max_reasons=int(detect.get("max_reasons", 12)),
            rules=MappingProxyType({k: MappingProxyType(v) for k, v in rules.items()}),
            suppressions=suppressions,
            allow_principals=tuple(str(p) for p in allow.get("principals", [])),
            allow_access_keys=tuple(str(p) for p in allow.get("access_keys", [])),
            threat_networks=threat,
            trusted_networks=trusted,
            source=source,
        )

    def rule_params(self, name: str) -> dict[str, Any]:
        """The configured parameters of rule ``name`` (only those set in the file)."""
        return dict(self.rules.get(name, {}))


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {dict: "a table", list: "a list", str: "a string", int: "an integer", float: "a number"}
    if isinstance(t, tuple):
        return names.get(t[-1], t[-1].__name__)
    return names.get(t, t.__name__)


def _validate_rules(rules: Mapping[str, Any], fail: Any) -> dict[str, dict[str, Any]]:
    """The shape of ``[detect.rules.*]``: a table per rule. Names and parameters are the rules'
    business (:func:`ueba.detect.rules.build_rules`)."""
    out: dict[str, dict[str, Any]] = {}
    for name, params in rules.items():
        if not isinstance(params, Mapping):
            raise fail(f"detect.rules.{name}: expected a table")
        out[name] = dict(params)
    return out


def parse_networks(
    entries: Iterable[str], *, where: str = "networks"
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """IP addresses and CIDRs as networks; a :class:`ConfigError` naming ``where[i]`` otherwise.

    >>> [str(n) for n in parse_networks(["203.0.113.7", "2001:db8::/32"])]
    ['203.0.113.7/32', '2001:db8::/32']
    """
    out = []
    for i, text in enumerate(entries):
        try:
            out.append(ipaddress.ip_network(str(text).strip(), strict=False))
        except ValueError as exc:
            raise ConfigError(
                f"{where}[{i}]: {text!r} is not an IP address or CIDR ({exc})",
                fix="write one address or network per entry, e.g. 203.0.113.0/24",
            ) from None
    return out


def _suppression(i: int, raw: Any, fail: Any) -> Suppression:
    where = f"detect.suppress[{i}]"
    if not isinstance(raw, Mapping):
        raise fail(f"{where}: expected a table")
    for key in raw:
        if key not in _SUPPRESS_KEYS:
            raise fail(
                f"{where}.{key}: unknown key{did_you_mean(key, _SUPPRESS_KEYS)}",
                f"valid keys are {', '.join(_SUPPRESS_KEYS)}",
            )
    if not str(raw.get("reason", "")).strip():
        raise fail(
            f"{where}: a suppression needs a reason",
            'add reason = "why this is expected" so the next reader knows',
        )
    if len(raw) < 2:
        raise fail(
            f"{where}: a suppression needs at least one field to match",
            "give rule, principal, source_ip, ...",
        )
    ips = raw.get("source_ip", [])
    ips = [ips] if isinstance(ips, str) else list(ips)
    parse_networks(ips, where=f"{where}.source_ip")
    fields = {k: str(v) for k, v in raw.items() if k not in ("source_ip",)}
    return Suppression(source_ip=tuple(ips), **fields)


def _networks(entries: list[Any], base: Path, where: str) -> tuple[str, ...]:
    """Inline CIDRs and files of them (one per line, ``#`` comments) -> CIDR strings."""
    out: list[str] = []
    for i, entry in enumerate(entries):
        text = str(entry).strip()
        looks_like_ip = (
            text.replace(".", "").replace(":", "").replace("/", "").isalnum()
            and ("." in text or ":" in text)
            and not text.endswith((".txt", ".csv", ".lst"))
        )
        if looks_like_ip:
            parse_networks([text], where=f"{where}[{i}]")
            out.append(text)
            continue
        path = Path(text) if Path(text).is_absolute() else base / text
        if not path.is_file():
            raise ConfigError(
                f"{where}[{i}]: {text!r} is neither a CIDR nor a readable file",
                path=str(path),
                fix="give a CIDR like 203.0.113.0/24 or a file path",
            )
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            value = line.split("#", 1)[0].split(",", 1)[0].strip()
            if not value:
                continue
            try:
                parse_networks([value], where=where)
            except ConfigError as exc:
                raise ConfigError(
                    exc.message,
                    path=str(path),
                    record=n,
                    fix="one address or CIDR per line; # starts a comment",
                ) from None
            out.append(value)
    return tuple(out)


__all__ = ["Config", "Suppression", "parse_networks"]
