"""OCSF Detection Finding output that the official schemas (1.1.0, 1.5.0) and Prowler's
py-ocsf-models accept, with the mapping a SIEM needs (issue 10, item 1)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.export.conftest import ocsf_problems
from ueba.exceptions import ConfigError
from ueba.export import to_ocsf, write_ocsf
from ueba.export.ocsf import OCSF_VERSIONS, source_ip
from ueba.schema import FINDINGS

VERSIONS = list(OCSF_VERSIONS)


def _row(**changes: Any) -> dict[str, Any]:
    """One FINDINGS row as a dict, every column present."""
    t0 = dt.datetime(2024, 7, 1, 10, tzinfo=dt.UTC)
    row: dict[str, Any] = {name: None for name in FINDINGS}
    row.update(
        finding_id="0b6f5c58-5f3c-5a57-9c77-0b3e0f9f8c11",
        activity="create",
        rule="credential_outside_workload",
        rules=["credential_outside_workload", "sensitive_api"],
        cause="credential_theft",
        severity="high",
        score=0.95,
        title="Credentials used outside their workload: web",
        account_id="111122223333",
        actor_kind="ec2_instance",
        actor_id="i-0abc",
        principal_arn="arn:aws:iam::111122223333:role/web",
        principal_type="role",
        access_key_id="ASIAEXAMPLE1",
        access_key_ids=["ASIAEXAMPLE1", "ASIAEXAMPLE2"],
        source_ips=["203.0.113.9", "08.1.250.216", "ec2.amazonaws.com"],
        source_networks=[
            {
                "ip": "203.0.113.9",
                "source_kind": "public",
                "asn": 64500,
                "as_org": "Example",
                "country": "NL",
                "city": "Amsterdam",
                "latitude": 52.37,
                "longitude": 4.89,
            },
            {
                "ip": "08.1.250.216",
                "source_kind": "invalid",
                "asn": None,
                "as_org": None,
                "country": None,
                "city": None,
                "latitude": None,
                "longitude": None,
            },
            {
                "ip": "ec2.amazonaws.com",
                "source_kind": "aws_service",
                "asn": None,
                "as_org": None,
                "country": None,
                "city": None,
                "latitude": None,
                "longitude": None,
            },
        ],
        regions=["eu-west-1", "us-east-1"],
        user_agents=["aws-cli/2.15"],
        first_seen=t0,
        last_seen=t0 + dt.timedelta(minutes=5),
        event_count=3,
        event_ids=["e1", "e2", "e3"],
        reasons=["used from 203.0.113.9, outside AWS"],
        evidence=[
            {
                "rule": "sensitive_api",
                "signal": "sensitive defense_evasion",
                "baseline": "never",
                "observed": "StopLogging",
            },
        ],
    )
    row.update(changes)
    return row


def _frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=dict(FINDINGS))


@pytest.mark.parametrize("version", VERSIONS)
def test_every_sample_finding_is_valid_for_ocsf_and_py_ocsf_models(
    sample_findings: pl.DataFrame, ocsf_validators: dict[str, Any], version: str, tmp_path: Path
) -> None:
    out = tmp_path / "f.ocsf.jsonl"
    assert write_ocsf(sample_findings, out, version=version) == sample_findings.height
    events = [json.loads(line) for line in out.read_text().splitlines()]
    bad = {e["finding_info"]["uid"]: ocsf_problems(ocsf_validators[version], e) for e in events}
    bad = {uid: problems for uid, problems in bad.items() if problems}
    assert not bad, f"{len(bad)} of {len(events)} invalid on {version}: {next(iter(bad.values()))}"
    assert {e["metadata"]["version"] for e in events} == {version}


@pytest.mark.parametrize("version", VERSIONS)
def test_hand_made_finding_with_every_field_is_valid(
    ocsf_validators: dict[str, Any], version: str
) -> None:
    for activity in ("create", "update", "close"):
        (event,) = to_ocsf(_frame(_row(activity=activity)), version=version)
        assert ocsf_problems(ocsf_validators[version], event) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_invalid_address_goes_to_unmapped_never_to_ip(version: str) -> None:
    (event,) = to_ocsf(_frame(_row()), version=version)
    ips = [e["src_endpoint"].get("ip") for e in event["evidences"] if "src_endpoint" in e]
    assert ips == ["203.0.113.9", None]  # the service hostname has no ip
    assert event["evidences"][1]["src_endpoint"] == {"hostname": "ec2.amazonaws.com"}
    assert event["unmapped"]["ueba"]["unmapped_sources"] == [
        {"value": "08.1.250.216", "kind": "invalid"}
    ]
    assert "08.1.250.216" not in json.dumps(event["observables"])


def test_enrichment_invalid_kind_wins_over_a_parsable_address() -> None:
    networks = [{**_row()["source_networks"][0], "source_kind": "invalid"}]
    (event,) = to_ocsf(_frame(_row(source_ips=["203.0.113.9"], source_networks=networks)))
    assert all("src_endpoint" not in e for e in event["evidences"])
    assert event["unmapped"]["ueba"]["unmapped_sources"][0]["value"] == "203.0.113.9"


_OCSF_IP = None


def _ocsf_ip_pattern() -> re.Pattern[str]:
    from ocsf_json_schema import get_ocsf_schema

    global _OCSF_IP
    if _OCSF_IP is None:
        _OCSF_IP = re.compile(get_ocsf_schema("1.5.0")["types"]["ip_t"]["regex"])
    return _OCSF_IP


@given(
    st.one_of(
        st.ip_addresses().map(str),
        st.text(alphabet="0123456789.:abcdefABCDEF%", max_size=45),
        st.from_regex(r"\A0\d{1,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}\Z"),
    )
)
def test_source_ip_returns_only_what_ocsf_ip_t_accepts(value: str) -> None:
    ip = source_ip(value, "public")
    if ip is not None:
        assert _ocsf_ip_pattern().search(ip) and len(ip) <= 40
    assert source_ip(value, "invalid") is None


@given(st.ip_addresses())
def test_every_real_address_is_kept_as_an_ip(address: Any) -> None:
    assert source_ip(str(address), "public") == str(address)


@pytest.mark.parametrize("version", VERSIONS)
def test_cloud_account_is_complete_and_named_when_known(version: str) -> None:
    (event,) = to_ocsf(_frame(_row()), version=version, account_names={"111122223333": "prod"})
    account = event["cloud"]["account"]
    assert account == {"uid": "111122223333", "type_id": 10, "type": "AWS Account", "name": "prod"}
    assert event["cloud"]["region"] == "eu-west-1"
    (unnamed,) = to_ocsf(_frame(_row()), version=version)
    assert unnamed["cloud"]["account"]["name"] == "111122223333"


def test_src_endpoint_carries_location_and_autonomous_system_on_1_5_0() -> None:
    (event,) = to_ocsf(_frame(_row()), version="1.5.0")
    endpoint = event["evidences"][0]["src_endpoint"]
    assert endpoint["location"] == {
        "country": "NL",
        "city": "Amsterdam",
        "lat": 52.37,
        "long": 4.89,
    }
    assert endpoint["autonomous_system"] == {"number": 64500, "name": "Example"}


def test_src_endpoint_on_1_1_0_has_coordinates_and_isp_for_lack_of_autonomous_system() -> None:
    (event,) = to_ocsf(_frame(_row()), version="1.1.0")
    endpoint = event["evidences"][0]["src_endpoint"]
    assert "autonomous_system" not in endpoint and "is_alert" not in event
    assert endpoint["location"]["coordinates"] == [4.89, 52.37]
    assert endpoint["location"]["isp"] == "Example"


def test_attacks_follow_rule_families_and_sensitive_api_tactics() -> None:
    (event,) = to_ocsf(_frame(_row()))
    pairs = {
        (a["tactic"]["uid"], a.get("sub_technique", a["technique"])["uid"])
        for a in event["finding_info"]["attacks"]
    }
    assert pairs == {("TA0001", "T1078.004"), ("TA0006", "T1552.005"), ("TA0005", "T1562.008")}


def test_observables_name_addresses_keys_and_principal() -> None:
    (event,) = to_ocsf(_frame(_row()))
    seen = {(o["type"], o["value"]) for o in event["observables"]}
    assert seen == {
        ("IP Address", "203.0.113.9"),
        ("Hostname", "ec2.amazonaws.com"),
        ("User Credential ID", "ASIAEXAMPLE1"),
        ("User Credential ID", "ASIAEXAMPLE2"),
        ("Resource UID", "arn:aws:iam::111122223333:role/web"),
        ("User Name", "web"),
    }


@pytest.mark.parametrize(
    ("activity", "type_uid", "status"),
    [
        ("create", 200401, "New"),
        ("update", 200402, "New"),
        ("close", 200403, "Suppressed"),
        (None, 200401, "New"),
    ],
)
def test_activity_column_sets_create_update_close(
    activity: str | None, type_uid: int, status: str
) -> None:
    (event,) = to_ocsf(_frame(_row(activity=activity)))
    assert event["type_uid"] == type_uid and event["status"] == status


def test_ids_are_stable_and_each_report_has_its_own_event_uid() -> None:
    first = to_ocsf(_frame(_row()))[0]
    again = to_ocsf(_frame(_row()))[0]
    grown = to_ocsf(_frame(_row(activity="update", rules=["credential_outside_workload"])))[0]
    assert first == again
    assert first["finding_info"]["uid"] == grown["finding_info"]["uid"] == _row()["finding_id"]
    assert first["metadata"]["uid"] != grown["metadata"]["uid"]


def test_mapping_of_the_scored_fixture(findings: pl.DataFrame) -> None:
    events = {e["unmapped"]["ueba"]["access_key_id"]: e for e in to_ocsf(findings)}
    ev = events["ASIAZQNB3KHGNXWXBSJS"]
    assert ev["severity"] == "High" and ev["severity_id"] == 4
    assert ev["evidences"][0]["actor"]["user"]["credential_uid"] == "ASIAZQNB3KHGNXWXBSJS"
    assert ev["evidences"][0]["src_endpoint"]["ip"] == "104.102.221.250"
    assert events["ASIAOTHER"]["severity"] == "Critical"


@pytest.mark.parametrize("version", VERSIONS)
def test_official_schema_rejects_what_ocsf_forbids(
    findings: pl.DataFrame, ocsf_validators: dict[str, Any], version: str
) -> None:
    v = ocsf_validators[version]
    good = to_ocsf(findings, version=version)[0]
    assert not list(v.iter_errors(good))
    for broken in (
        {k: val for k, val in good.items() if k != "finding_info"},
        {**good, "severity_id": 7},
        {**good, "fidning_info": {}},
        {**good, "evidences": [{"src_endpoint": {"ip": "08.1.250.216"}}]},
    ):
        assert list(v.iter_errors(broken)), broken.keys()


def test_unknown_version_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigError, match=r"1\.1\.0, 1\.5\.0"):
        to_ocsf(pl.DataFrame(schema=dict(FINDINGS)), version="1.3")


def test_empty_findings_write_an_empty_file(tmp_path: Path) -> None:
    out = tmp_path / "none.jsonl"
    assert write_ocsf(pl.DataFrame(schema=dict(FINDINGS)), out) == 0
    assert out.read_text() == ""


def test_failed_write_leaves_no_partial_file(tmp_path: Path, findings: pl.DataFrame) -> None:
    target = tmp_path / "f.jsonl"
    target.write_text("previous\n")

    class Boom(Exception):
        """Raised by the patched converter half way through the write."""

    import ueba.export.ocsf as mod

    def explode(row: dict, **_: Any) -> dict:  # type: ignore[type-arg]
        raise Boom

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mod, "finding_to_ocsf", explode)
        with pytest.raises(Boom):
            write_ocsf(findings, target)
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.jsonl"]
