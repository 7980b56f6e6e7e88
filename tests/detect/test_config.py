"""Config: strict TOML keys with did-you-mean, lists from files or inline, frozen; the rules'
names and parameters are checked by ``build_rules``, which names the file."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from ueba.config import Config
from ueba.detect.rules import build_rules
from ueba.exceptions import ConfigError

DATA = Path(__file__).resolve().parents[1] / "data" / "detect"


def test_example_file_loads_with_lists_from_files_and_inline() -> None:
    cfg = Config.from_toml(DATA / "example.toml")
    assert cfg.threat_networks == (
        "104.102.221.250",
        "192.0.2.0/24",
        "2001:db8:bad::/48",
        "198.51.100.0/24",
    )
    assert cfg.trusted_networks == ("203.0.113.0/24",)
    assert cfg.rule_params("volume_spike") == {"enabled": False}
    assert cfg.suppressions[0].source_ip == ("10.0.0.0/8",)
    rules = {r.name: r for r in build_rules(cfg)}
    assert not rules["volume_spike"].enabled
    assert rules["threat_intel"]["networks"][0] == "104.102.221.250"


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().min_severity = "info"  # type: ignore[misc]


def test_typo_in_rule_key_says_did_you_mean(tmp_path: Path) -> None:
    p = tmp_path / "c.toml"
    p.write_text('[detect.rules.first_seen]\nwindws = { api = "90d" }\n')
    with pytest.raises(ConfigError) as err:
        build_rules(Config.from_toml(p))
    assert "detect.rules.first_seen.windws: unknown key (did you mean windows?)" in str(err.value)
    assert str(p) in str(err.value)


def test_threshold_typo_in_a_rule_with_thresholds() -> None:
    with pytest.raises(ConfigError, match=r"min_evnts: unknown key \(did you mean min_events\?\)"):
        build_rules(Config.from_dict({"detect": {"rules": {"volume_spike": {"min_evnts": 5}}}}))


def test_unknown_section_and_rule_are_named() -> None:
    with pytest.raises(ConfigError, match=r"detecte: unknown section \(did you mean detect\?\)"):
        Config.from_dict({"detecte": {}})
    with pytest.raises(ConfigError, match=r"first_sen: unknown rule \(did you mean first_seen\?\)"):
        build_rules(Config.from_dict({"detect": {"rules": {"first_sen": {}}}}))


def test_wrong_types_and_values_are_refused() -> None:
    with pytest.raises(ConfigError, match="expected int"):
        build_rules(Config.from_dict({"detect": {"rules": {"volume_spike": {"min_events": "x"}}}}))
    with pytest.raises(ConfigError, match="not a severity"):
        Config.from_dict({"detect": {"min_severity": "urgent"}})
    with pytest.raises(ConfigError, match="not a window"):
        Config.from_dict({"baseline": {"window": "a month"}})
    with pytest.raises(ConfigError, match=r"weight: 1.5 is outside"):
        build_rules(Config.from_dict({"detect": {"rules": {"console": {"weight": 1.5}}}}))


def test_suppression_needs_a_reason_and_a_match() -> None:
    with pytest.raises(ConfigError, match="needs a reason"):
        Config.from_dict({"detect": {"suppress": [{"rule": "console"}]}})
    with pytest.raises(ConfigError, match="at least one field"):
        Config.from_dict({"detect": {"suppress": [{"reason": "x"}]}})
    with pytest.raises(ConfigError, match=r"suppress\[0\].princpal: unknown key"):
        Config.from_dict({"detect": {"suppress": [{"princpal": "x", "reason": "y"}]}})


def test_bad_line_in_a_list_file_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("10.0.0.0/8\nnot-an-ip\n")
    (tmp_path / "c.toml").write_text('[intel]\nthreat = ["bad.txt"]\n')
    with pytest.raises(ConfigError) as err:
        Config.from_toml(tmp_path / "c.toml")
    assert "bad.txt, record 2" in str(err.value)


def test_missing_list_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text('[intel]\ntrusted = ["nowhere.txt"]\n')
    with pytest.raises(ConfigError, match="neither a CIDR nor a readable file"):
        Config.from_toml(tmp_path / "c.toml")


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text("[detect\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Config.from_toml(tmp_path / "c.toml")
    with pytest.raises(ConfigError, match="no such configuration file"):
        Config.from_toml(tmp_path / "missing.toml")


def test_config_is_plain_data_that_knows_no_rule() -> None:
    # pySigma's order: the configuration is read without the registry; the registry checks it.
    cfg = Config.from_dict({"detect": {"rules": {"no_such_rule": {"x": 1}}}})
    assert cfg.rule_params("no_such_rule") == {"x": 1}
    code = "import sys, ueba.config\nprint(sorted(m for m in sys.modules if m.startswith('ueba.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['ueba._time', 'ueba.config', 'ueba.exceptions', 'ueba.schema']"


def test_a_bad_cidr_in_intel_is_named_by_the_rule_that_uses_it() -> None:
    cfg = Config.from_dict({"detect": {"rules": {"threat_intel": {"networks": ["10.0.0.0/33"]}}}})
    with pytest.raises(ConfigError, match=r"intel.threat\[0\]: '10.0.0.0/33' is not an IP"):
        build_rules(cfg)


def test_a_rule_error_names_the_configuration_file(tmp_path: Path) -> None:
    p = tmp_path / "ueba.toml"
    p.write_text("[detect.rules.console]\nseverity = 'urgent'\n")
    with pytest.raises(ConfigError, match="not a severity") as err:
        build_rules(Config.from_toml(p))
    assert str(err.value).startswith(f"{p}: detect.rules.console.severity")
