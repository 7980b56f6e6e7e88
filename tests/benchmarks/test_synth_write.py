"""Writers of the synthetic organisation: CloudTrail files the real reader reads back, GeoIP data."""

from __future__ import annotations

import gzip
import ipaddress
import json
from pathlib import Path

import polars as pl
import pytest

from benchmarks.synth import NETWORKS, SynthOrg, generate_org, write_cloudtrail, write_geoip_mmdb
from benchmarks.synth._plan import _aws_prefixes

COMPARED = [
    "event_time",
    "event_source",
    "event_name",
    "aws_region",
    "source_ip_address",
    "user_agent",
    "error_code",
    "read_only",
    "recipient_account_id",
    "identity_type",
    "identity_arn",
    "identity_principal_id",
    "access_key_id",
    "invoked_by",
    "session_issuer_arn",
    "session_creation_date",
    "mfa_authenticated",
    "vpc_endpoint_id",
    "ec2_role_delivery",
    "session_credential_from_console",
]


@pytest.fixture(scope="module")
def org() -> SynthOrg:
    return generate_org(days=3, seed=4, scale=0.2, accounts=2, inject_days=1)


def test_files_are_in_the_s3_layout_with_a_records_array(org: SynthOrg, tmp_path: Path) -> None:
    paths = write_cloudtrail(org.events, tmp_path)
    assert paths
    for path in paths:
        rel = path.relative_to(tmp_path).parts
        assert rel[0] == "AWSLogs" and rel[2] == "CloudTrail" and rel[1] in org.accounts
        assert path.name.startswith(f"{rel[1]}_CloudTrail_{rel[3]}_") and path.name.endswith(
            ".json.gz"
        )
    total = sum(len(json.loads(gzip.decompress(p.read_bytes()))["Records"]) for p in paths)
    assert total == org.events.height
    assert not list(tmp_path.rglob(".tmp-*"))


def test_records_are_camel_case_and_leave_absent_keys_out(org: SynthOrg, tmp_path: Path) -> None:
    paths = write_cloudtrail(org.events, tmp_path)
    records = [r for p in paths for r in json.loads(gzip.decompress(p.read_bytes()))["Records"]]
    assume = next(
        r
        for r in records
        if r["eventName"] == "AssumeRole"
        and r["userIdentity"].get("invokedBy") == "ec2.amazonaws.com"
    )
    assert assume["userIdentity"] == {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}
    assert assume["responseElements"]["credentials"]["accessKeyId"].startswith("ASIA")
    assert assume["requestParameters"]["roleSessionName"].startswith("i-")
    used = next(
        r
        for r in records
        if r["userIdentity"].get("accessKeyId")
        == assume["responseElements"]["credentials"]["accessKeyId"]
    )
    context = used["userIdentity"]["sessionContext"]
    assert context["sessionIssuer"]["arn"] == assume["requestParameters"]["roleArn"]
    assert context["attributes"]["mfaAuthenticated"] == "false"
    assert "errorCode" not in used or used["errorCode"] in {"AccessDenied", "ThrottlingException"}
    assert all(
        value is not None
        for r in records
        for key, value in r.items()
        if key not in {"requestParameters", "responseElements"}
    )


def test_the_real_reader_reads_back_what_was_written(org: SynthOrg, tmp_path: Path) -> None:
    from ueba.io.cloudtrail import read_cloudtrail

    write_cloudtrail(org.events, tmp_path)
    back = read_cloudtrail([str(tmp_path)])
    assert back.height == org.events.height
    left = org.events.select(["event_id", *COMPARED]).sort("event_id")
    right = back.select(["event_id", *COMPARED]).sort("event_id")
    assert left.equals(right)
    keys = back.filter(pl.col("event_name") == "AssumeRole")[
        "response_elements"
    ].str.json_path_match("$.credentials.accessKeyId")
    assert keys.str.starts_with("ASIA").all()


def test_geoip_databases_describe_the_ip_plan(tmp_path: Path) -> None:
    import maxminddb

    asn_path, city_path = write_geoip_mmdb(tmp_path)
    with (
        maxminddb.open_database(str(asn_path)) as asn,
        maxminddb.open_database(str(city_path)) as city,
    ):
        for net in NETWORKS:
            probe = str(ipaddress.ip_network(net.cidr)[5])
            assert asn.get(probe)["autonomous_system_number"] == net.asn  # type: ignore[index]
            assert city.get(probe)["country"]["iso_code"] == net.country  # type: ignore[index]
        pool = _aws_prefixes()["us-east-1"]
        aws_ip = str(ipaddress.ip_network(pool[0][2])[10])
        assert asn.get(aws_ip)["autonomous_system_organization"] == "AMAZON-AES"  # type: ignore[index]
        assert asn.get("192.0.2.1") is None
