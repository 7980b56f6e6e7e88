"""Security Lake (OCSF API Activity Parquet) into EVENTS, built from a few records in the test."""

from __future__ import annotations

import ipaddress
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import iter_corpus_files
from ueba.exceptions import InputError
from ueba.io._ocsf_fields import json_string, redact_json_text
from ueba.io._redact import is_secret_key
from ueba.io.cloudtrail import parse_bytes, read_cloudtrail
from ueba.io.ocsf import read_security_lake, scan_security_lake
from ueba.schema import EVENTS

TOKEN = "IQoJb3JpZ2luX2VjEPLANTEDSESSIONTOKENmustNeverBeWritten=="
T0 = datetime(2018, 11, 28, 23, 9, 28, tzinfo=UTC)
CREATED = datetime(2018, 11, 28, 22, 31, 59, tzinfo=UTC)

_S = pa.string()
_USER = pa.struct(
    [
        ("type", _S),
        ("name", _S),
        ("uid", _S),
        ("uid_alt", _S),
        ("credential_uid", _S),
        ("account", pa.struct([("uid", _S)])),
    ]
)
V2 = pa.schema(
    [
        (
            "metadata",
            pa.struct(
                [
                    (
                        "product",
                        pa.struct(
                            [
                                ("version", _S),
                                ("name", _S),
                                ("vendor_name", _S),
                                ("feature", pa.struct([("name", _S)])),
                            ]
                        ),
                    ),
                    ("uid", _S),
                    ("event_code", _S),
                    ("version", _S),
                ]
            ),
        ),
        ("time", pa.int64()),
        ("time_dt", pa.timestamp("ms", tz="UTC")),
        ("class_uid", pa.int32()),
        ("cloud", pa.struct([("region", _S), ("provider", _S)])),
        (
            "api",
            pa.struct(
                [
                    ("operation", _S),
                    ("service", pa.struct([("name", _S)])),
                    ("request", pa.struct([("uid", _S), ("data", _S)])),
                    ("response", pa.struct([("error", _S), ("message", _S), ("data", _S)])),
                ]
            ),
        ),
        (
            "actor",
            pa.struct(
                [
                    ("user", _USER),
                    ("invoked_by", _S),
                    ("idp", pa.struct([("name", _S)])),
                    (
                        "session",
                        pa.struct(
                            [
                                ("created_time_dt", pa.timestamp("ms", tz="UTC")),
                                ("is_mfa", pa.bool_()),
                                ("issuer", _S),
                            ]
                        ),
                    ),
                ]
            ),
        ),
        ("http_request", pa.struct([("user_agent", _S)])),
        ("src_endpoint", pa.struct([("uid", _S), ("ip", _S), ("domain", _S)])),
        ("dst_endpoint", pa.struct([("svc_name", _S)])),
        (
            "resources",
            pa.list_(
                pa.struct(
                    [
                        ("uid", _S),
                        ("type", _S),
                        ("owner", pa.struct([("account", pa.struct([("uid", _S)]))])),
                    ]
                )
            ),
        ),
        ("unmapped", pa.map_(_S, _S)),
    ]
)


def _v2(**over: Any) -> dict[str, Any]:
    """The flaws2 ListBuckets call with the stolen ECS task-role key, as Security Lake maps it."""
    record: dict[str, Any] = {
        "metadata": {
            "product": {
                "version": "1.05",
                "name": "CloudTrail",
                "vendor_name": "AWS",
                "feature": {"name": "Management"},
            },
            "uid": "event-listbuckets",
            "event_code": "AwsApiCall",
            "version": "1.1.0",
        },
        "time": int(T0.timestamp() * 1000),
        "time_dt": T0,
        "class_uid": 6003,
        "cloud": {"region": "us-east-1", "provider": "AWS"},
        "api": {
            "operation": "ListBuckets",
            "service": {"name": "s3.amazonaws.com"},
            "request": {"uid": "request-1", "data": None},
            "response": None,
        },
        "actor": {
            "user": {
                "type": "AssumedRole",
                "name": None,
                "uid": "arn:aws:sts::653711331788:assumed-role/level3/d190d14a",
                "uid_alt": "AROAJQMBDNUMIKLZKMF64:d190d14a",
                "credential_uid": "ASIAZQNB3KHGNXWXBSJS",
                "account": {"uid": "653711331788"},
            },
            "invoked_by": None,
            "idp": None,
            "session": {
                "created_time_dt": CREATED,
                "is_mfa": False,
                "issuer": "arn:aws:iam::653711331788:role/level3",
            },
        },
        "http_request": {
            "user_agent": "[aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9]"
        },
        "src_endpoint": {"uid": None, "ip": "104.102.221.250", "domain": None},
        "dst_endpoint": None,
        "resources": None,
        "unmapped": [
            ("recipientAccountId", "653711331788"),
            ("readOnly", "true"),
            ("managementEvent", "true"),
            ("sharedEventId", "shared-1"),
            ("userIdentity.sessionContext.sessionIssuer.type", "Role"),
            ("userIdentity.sessionContext.sessionIssuer.userName", "level3"),
            ("userIdentity.sessionContext.sessionIssuer.accountId", "653711331788"),
            ("tlsDetails.tlsVersion", "TLSv1.2"),
            ("additionalEventData.SignatureVersion", "SigV4"),
            ("someFutureField", "kept"),
        ],
    }
    record.update(over)
    return record


def _assume_role() -> dict[str, Any]:
    response = {
        "credentials": {
            "accessKeyId": "ASIAZQNB3KHGNXWXBSJS",
            "sessionToken": TOKEN,
            "expiration": "Nov 29, 2018 4:31:59 AM",
        }
    }
    return _v2(
        metadata={
            "product": {
                "version": "1.05",
                "name": "CloudTrail",
                "vendor_name": "AWS",
                "feature": {"name": "Management"},
            },
            "uid": "event-assumerole",
            "event_code": "AwsApiCall",
            "version": "1.1.0",
        },
        api={
            "operation": "AssumeRole",
            "service": {"name": "sts.amazonaws.com"},
            "request": {
                "uid": "request-2",
                "data": json.dumps({"roleArn": "arn:aws:iam::653711331788:role/level3"}),
            },
            "response": {"error": None, "message": None, "data": json.dumps(response)},
        },
        actor={
            "user": {
                "type": "AWSService",
                "name": None,
                "uid": None,
                "uid_alt": None,
                "credential_uid": None,
                "account": None,
            },
            "invoked_by": "ecs-tasks.amazonaws.com",
            "idp": None,
            "session": None,
        },
        src_endpoint={"uid": None, "ip": None, "domain": "ecs-tasks.amazonaws.com"},
        resources=[
            {
                "uid": "arn:aws:iam::653711331788:role/level3",
                "type": "AWS::IAM::Role",
                "owner": {"account": {"uid": "653711331788"}},
            }
        ],
        unmapped=[
            ("recipientAccountId", "653711331788"),
            ("responseElements.credentials.sessionToken", TOKEN),
        ],
    )


def _denied() -> dict[str, Any]:
    return _v2(
        metadata={
            "product": {
                "version": "1.10",
                "name": "CloudTrail",
                "vendor_name": "AWS",
                "feature": {"name": "Management"},
            },
            "uid": "event-denied",
            "event_code": "AwsApiCall",
            "version": "1.1.0",
        },
        api={
            "operation": "GetObject",
            "service": {"name": "s3.amazonaws.com"},
            "request": None,
            "response": {"error": "AccessDenied", "message": "Access Denied", "data": None},
        },
        actor={
            "user": {
                "type": "AssumedRole",
                "name": None,
                "uid": "arn:aws:sts::1:assumed-role/AWSReservedSSO_x/ann",
                "uid_alt": "AROA:ann",
                "credential_uid": "a1b2c3-identity-center-credential",
                "account": {"uid": "111122223333"},
            },
            "invoked_by": None,
            "idp": {"name": "arn:aws:iam::1:saml-provider/AWSSSO"},
            "session": None,
        },
        src_endpoint={"uid": "vpce-0abc", "ip": "10.0.1.7", "domain": None},
        dst_endpoint={"svc_name": "https://console.aws.amazon.com/"},
        unmapped=None,
    )


def _write(path: Path, records: list[dict[str, Any]], schema: pa.Schema = V2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(records, schema=schema), path)
    return path


@pytest.fixture
def lake_dir(tmp_path: Path) -> Path:
    root = (
        tmp_path
        / "aws"
        / "CLOUD_TRAIL_MGMT"
        / "2.0"
        / "region=us-east-1"
        / "accountId=653711331788"
    )
    _write(root / "eventDay=20181128" / "part-0.parquet", [_v2(), _assume_role(), _denied()])
    return tmp_path / "aws"


def test_output_is_exactly_the_events_schema(lake_dir: Path) -> None:
    events = read_security_lake(lake_dir)
    assert dict(events.schema) == dict(EVENTS)
    assert events.height == 3
    assert dict(scan_security_lake(lake_dir).collect_schema()) == dict(EVENTS)


def test_the_stolen_key_call_maps_to_the_cloudtrail_columns(lake_dir: Path) -> None:
    row = (
        read_security_lake(lake_dir)
        .filter(pl.col("event_id") == "event-listbuckets")
        .row(0, named=True)
    )
    assert row["event_time"] == T0 and row["session_creation_date"] == CREATED
    assert (row["event_name"], row["event_source"], row["aws_region"]) == (
        "ListBuckets",
        "s3.amazonaws.com",
        "us-east-1",
    )
    assert row["source_ip_address"] == "104.102.221.250"
    assert row["user_agent"].startswith("[aws-cli/1.16.19")
    assert row["identity_type"] == "AssumedRole"
    assert row["identity_arn"] == "arn:aws:sts::653711331788:assumed-role/level3/d190d14a"
    assert row["identity_principal_id"] == "AROAJQMBDNUMIKLZKMF64:d190d14a"
    assert row["access_key_id"] == "ASIAZQNB3KHGNXWXBSJS" and row["credential_id"] is None
    assert row["session_issuer_arn"] == "arn:aws:iam::653711331788:role/level3"
    assert (row["session_issuer_type"], row["session_issuer_user_name"]) == ("Role", "level3")
    assert row["mfa_authenticated"] is False
    assert (row["read_only"], row["management_event"]) == (True, True)
    assert (row["recipient_account_id"], row["shared_event_id"]) == ("653711331788", "shared-1")
    assert (row["event_version"], row["event_type"], row["event_category"]) == (
        "1.05",
        "AwsApiCall",
        "Management",
    )
    assert row["tls_version"] == "TLSv1.2"
    assert json.loads(row["additional_event_data"]) == {"SignatureVersion": "SigV4"}
    assert json.loads(row["extra"]) == {"someFutureField": "kept"}  # nothing unknown is dropped
    assert row["source_file"].endswith("eventDay=20181128/part-0.parquet")


def test_service_hostnames_errors_vpc_endpoints_and_resources(lake_dir: Path) -> None:
    events = read_security_lake(lake_dir)
    assume = events.filter(pl.col("event_id") == "event-assumerole").row(0, named=True)
    assert assume["source_ip_address"] == "ecs-tasks.amazonaws.com"
    assert (
        assume["invoked_by"] == "ecs-tasks.amazonaws.com"
        and assume["identity_type"] == "AWSService"
    )
    assert json.loads(assume["resources"]) == [
        {
            "ARN": "arn:aws:iam::653711331788:role/level3",
            "accountId": "653711331788",
            "type": "AWS::IAM::Role",
        }
    ]
    denied = events.filter(pl.col("event_id") == "event-denied").row(0, named=True)
    assert (denied["error_code"], denied["error_message"]) == ("AccessDenied", "Access Denied")
    assert (denied["vpc_endpoint_id"], denied["source_ip_address"]) == ("vpce-0abc", "10.0.1.7")
    # an Identity Center credential ID is not an access key
    assert (
        denied["access_key_id"] is None
        and denied["credential_id"] == "a1b2c3-identity-center-credential"
    )
    assert denied["identity_provider"] == "arn:aws:iam::1:saml-provider/AWSSSO"
    assert json.loads(denied["additional_event_data"]) == {
        "LoginTo": "https://console.aws.amazon.com/"
    }
    assert denied["extra"] is None and denied["read_only"] is None


def test_session_tokens_are_redacted_everywhere(lake_dir: Path) -> None:
    events = read_security_lake(lake_dir)
    assert TOKEN not in events.write_ndjson()
    assume = events.filter(pl.col("event_id") == "event-assumerole").row(0, named=True)
    credentials = json.loads(assume["response_elements"])["credentials"]
    assert credentials == {
        "accessKeyId": "ASIAZQNB3KHGNXWXBSJS",
        "sessionToken": "<redacted>",
        "expiration": "Nov 29, 2018 4:31:59 AM",
    }
    assert json.loads(assume["extra"]) == {
        "responseElements.credentials.sessionToken": "<redacted>"
    }


def test_agrees_with_the_cloudtrail_parser_on_the_same_event(lake_dir: Path) -> None:
    cloudtrail = {
        "Records": [
            {
                "eventVersion": "1.05",
                "eventTime": "2018-11-28T23:09:28Z",
                "eventSource": "s3.amazonaws.com",
                "eventName": "ListBuckets",
                "awsRegion": "us-east-1",
                "sourceIPAddress": "104.102.221.250",
                "userAgent": "[aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9]",
                "userIdentity": {
                    "type": "AssumedRole",
                    "principalId": "AROAJQMBDNUMIKLZKMF64:d190d14a",
                    "arn": "arn:aws:sts::653711331788:assumed-role/level3/d190d14a",
                    "accountId": "653711331788",
                    "accessKeyId": "ASIAZQNB3KHGNXWXBSJS",
                    "sessionContext": {
                        "attributes": {
                            "mfaAuthenticated": "false",
                            "creationDate": "2018-11-28T22:31:59Z",
                        },
                        "sessionIssuer": {
                            "type": "Role",
                            "userName": "level3",
                            "arn": "arn:aws:iam::653711331788:role/level3",
                            "accountId": "653711331788",
                        },
                    },
                },
                "requestID": "request-1",
                "eventID": "event-listbuckets",
                "eventType": "AwsApiCall",
                "readOnly": True,
                "managementEvent": True,
                "eventCategory": "Management",
                "recipientAccountId": "653711331788",
                "sharedEventID": "shared-1",
                "tlsDetails": {"tlsVersion": "TLSv1.2"},
            }
        ]
    }
    parsed = pl.from_arrow(parse_bytes(json.dumps(cloudtrail).encode(), "x.json").events)
    assert isinstance(parsed, pl.DataFrame)
    ocsf = read_security_lake(lake_dir).filter(pl.col("event_id") == "event-listbuckets")
    same = [
        c
        for c in EVENTS
        if c not in {"source_file", "extra", "additional_event_data", "request_parameters"}
    ]
    assert ocsf.select(same).to_dicts() == parsed.select(same).to_dicts()


def test_first_mapping_version_and_second_read_together(lake_dir: Path) -> None:
    v1 = pa.schema(
        [
            (
                "metadata",
                pa.struct([("product", pa.struct([("version", _S), ("name", _S)])), ("uid", _S)]),
            ),
            ("time", pa.int64()),
            ("cloud", pa.struct([("region", _S)])),
            ("api", pa.struct([("operation", _S), ("service", pa.struct([("name", _S)]))])),
            (
                "actor",
                pa.struct(
                    [
                        (
                            "user",
                            pa.struct(
                                [
                                    ("type", _S),
                                    ("uid", _S),
                                    ("uuid", _S),
                                    ("account_uid", _S),
                                    ("credential_uid", _S),
                                ]
                            ),
                        ),
                        ("session", pa.struct([("created_time", pa.int64()), ("mfa", pa.bool_())])),
                    ]
                ),
            ),
        ]
    )
    old = {
        "metadata": {"product": {"version": "1.08", "name": "CloudTrail"}, "uid": "event-v1"},
        "time": int(T0.timestamp() * 1000),
        "cloud": {"region": "eu-west-1"},
        "api": {"operation": "GetCallerIdentity", "service": {"name": "sts.amazonaws.com"}},
        "actor": {
            "user": {
                "type": "IAMUser",
                "uid": "AIDAEXAMPLE",
                "uuid": "arn:aws:iam::1:user/bob",
                "account_uid": "111122223333",
                "credential_uid": "AKIAIOSFODNN7EXAMPLE",
            },
            "session": {"created_time": int(CREATED.timestamp() * 1000), "mfa": True},
        },
    }
    _write(lake_dir / "CLOUD_TRAIL_MGMT" / "1.0" / "part-0.parquet", [old], schema=v1)
    events = read_security_lake(lake_dir)
    assert events.height == 4
    row = events.filter(pl.col("event_id") == "event-v1").row(0, named=True)
    assert (row["identity_arn"], row["identity_principal_id"]) == (
        "arn:aws:iam::1:user/bob",
        "AIDAEXAMPLE",
    )
    assert (row["identity_account_id"], row["access_key_id"]) == (
        "111122223333",
        "AKIAIOSFODNN7EXAMPLE",
    )
    assert (row["event_time"], row["session_creation_date"], row["mfa_authenticated"]) == (
        T0,
        CREATED,
        True,
    )


def test_rows_from_other_products_are_left_out(tmp_path: Path) -> None:
    other = _v2(
        metadata={
            "product": {"version": "1", "name": "Route 53", "vendor_name": "AWS", "feature": None},
            "uid": "dns",
            "event_code": None,
            "version": "1.1.0",
        }
    )
    _write(tmp_path / "mixed.parquet", [_v2(), other])
    assert read_security_lake(tmp_path / "mixed.parquet")["event_id"].to_list() == [
        "event-listbuckets"
    ]


def test_a_scan_reads_only_what_a_filter_keeps(lake_dir: Path) -> None:
    lf = (
        scan_security_lake([lake_dir])
        .filter(pl.col("error_code") == "AccessDenied")
        .select("event_id")
    )
    assert lf.collect()["event_id"].to_list() == ["event-denied"]


def test_a_file_that_is_not_parquet_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "part-1.parquet"
    bad.write_bytes(b'{"Records": []}')
    with pytest.raises(InputError) as caught:
        read_security_lake(tmp_path)
    assert str(caught.value).startswith(f"{bad}: not a Parquet file")
    assert "read_cloudtrail" in str(caught.value)


def test_reads_security_lake_from_s3(moto_endpoint: str, lake_dir: Path) -> None:
    boto3 = pytest.importorskip("boto3", reason="boto3 is a dev dependency")
    s3 = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    bucket = f"aws-security-data-lake-us-east-1-{uuid.uuid4().hex[:10]}"
    s3.create_bucket(Bucket=bucket)
    for path in lake_dir.rglob("*.parquet"):
        s3.put_object(
            Bucket=bucket, Key=f"aws/{path.relative_to(lake_dir)}", Body=path.read_bytes()
        )
    remote = read_security_lake(f"s3://{bucket}/aws/CLOUD_TRAIL_MGMT/", s3_endpoint=moto_endpoint)
    local = read_security_lake(lake_dir)
    assert remote.drop("source_file").equals(local.drop("source_file"))
    assert remote["source_file"].str.starts_with(f"s3://{bucket}/aws/CLOUD_TRAIL_MGMT/2.0/").all()


@settings(max_examples=80, deadline=None)
@given(st.text())
def test_json_string_quotes_any_text(text: str) -> None:
    encoded = pl.select(json_string(pl.lit(text, dtype=pl.String))).item()
    assert json.loads(encoded) == text


_KEYS = st.sampled_from(
    [
        "sessionToken",
        "SecretAccessKey",
        "newPassword",
        "accessKeyId",
        "note",
        "expiration",
        "clientSecretArn",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(_KEYS, st.text(), min_size=1), st.text(), st.booleans())
def test_redaction_replaces_exactly_the_secret_values(
    members: dict[str, str], other: str, ascii_only: bool
) -> None:
    text = json.dumps({"credentials": members, "other": other}, ensure_ascii=ascii_only)
    redacted = json.loads(pl.select(redact_json_text(pl.lit(text))).item())
    assert redacted["other"] == other
    for key, value in members.items():
        expected = "<redacted>" if is_secret_key(key) else value
        assert redacted["credentials"][key] == expected


# ---- a whole varied corpus through Security Lake's mapping and back ----
def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}", inner, out)
    elif value is not None:
        out.append((prefix, value if isinstance(value, str) else json.dumps(value)))


def _to_ocsf(r: dict[str, Any]) -> dict[str, Any]:
    """Security Lake's CloudTrail -> OCSF 1.1 mapping, written out per record for the test."""
    ui = r["userIdentity"]
    context = ui.get("sessionContext") or {}
    attributes, issuer = context.get("attributes") or {}, context.get("sessionIssuer") or {}
    try:
        ip, domain = str(ipaddress.ip_address(r["sourceIPAddress"])), None
    except ValueError:
        ip, domain = None, r["sourceIPAddress"]
    unmapped: list[tuple[str, str]] = [
        (k, r[k])
        for k in (
            "recipientAccountId",
            "sharedEventID",
            "vpcEndpointAccountId",
            "sessionCredentialFromConsole",
        )
        if k in r
    ]
    unmapped += [(k, str(r[k]).lower()) for k in ("readOnly", "managementEvent") if k in r]
    _flatten("tlsDetails", r.get("tlsDetails"), unmapped)
    _flatten("additionalEventData", r.get("additionalEventData"), unmapped)
    unmapped += [
        (f"userIdentity.sessionContext.sessionIssuer.{k}", issuer[k])
        for k in ("type", "principalId", "userName", "accountId")
        if k in issuer
    ]
    if "ec2RoleDelivery" in context:
        unmapped.append(("userIdentity.sessionContext.ec2RoleDelivery", context["ec2RoleDelivery"]))
    as_json = lambda v: None if v is None else json.dumps(v)  # noqa: E731
    return {
        "metadata": {
            "product": {
                "version": r["eventVersion"],
                "name": "CloudTrail",
                "vendor_name": "AWS",
                "feature": {"name": r.get("eventCategory")},
            },
            "uid": r["eventID"],
            "event_code": r.get("eventType"),
            "version": "1.1.0",
        },
        "time": int(_time(r["eventTime"]).timestamp() * 1000),
        "time_dt": _time(r["eventTime"]),
        "class_uid": 6003,
        "cloud": {"region": r["awsRegion"], "provider": "AWS"},
        "api": {
            "operation": r["eventName"],
            "service": {"name": r["eventSource"]},
            "request": {"uid": r.get("requestID"), "data": as_json(r.get("requestParameters"))},
            "response": {
                "error": r.get("errorCode"),
                "message": r.get("errorMessage"),
                "data": as_json(r.get("responseElements")),
            },
        },
        "actor": {
            "user": {
                "type": ui.get("type"),
                "name": ui.get("userName"),
                "uid": ui.get("arn"),
                "uid_alt": ui.get("principalId"),
                "credential_uid": ui.get("accessKeyId"),
                "account": {"uid": ui.get("accountId")},
            },
            "invoked_by": ui.get("invokedBy"),
            "idp": {"name": ui.get("identityProvider")},
            "session": {
                "created_time_dt": _time(attributes["creationDate"])
                if "creationDate" in attributes
                else None,
                "is_mfa": attributes["mfaAuthenticated"] == "true"
                if "mfaAuthenticated" in attributes
                else None,
                "issuer": issuer.get("arn"),
            },
        },
        "http_request": {"user_agent": r.get("userAgent")},
        "src_endpoint": {"uid": r.get("vpcEndpointId"), "ip": ip, "domain": domain},
        "dst_endpoint": None,
        "resources": [
            {
                "uid": x.get("ARN"),
                "type": x.get("type"),
                "owner": {"account": {"uid": x.get("accountId")}},
            }
            for x in r["resources"]
        ]
        if "resources" in r
        else None,
        "unmapped": unmapped,
    }


def _json(column: pl.Series, *, text_values: bool = False) -> list[Any]:
    def load(text: str | None) -> Any:
        if text is None:
            return None
        value = json.loads(text)
        if text_values and isinstance(value, dict):  # unmapped values are text in Security Lake
            return {k: v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}
        return value

    return [load(text) for text in column.to_list()]


def test_a_varied_corpus_reads_back_like_the_raw_cloudtrail(tmp_path: Path) -> None:
    records = []
    for key, data in iter_corpus_files(target_bytes=1_500_000, seed=3):
        (tmp_path / "raw" / key).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "raw" / key).write_bytes(data)
        records.extend(json.loads(data)["Records"])
    pq.write_table(
        pa.Table.from_pylist([_to_ocsf(r) for r in records], schema=V2), tmp_path / "sl.parquet"
    )

    ocsf = read_security_lake(tmp_path / "sl.parquet").sort("event_id")
    raw = read_cloudtrail(tmp_path / "raw").sort("event_id")
    assert ocsf.height == raw.height == len(records)
    assert {"IAMUser", "AssumedRole", "AWSService", "SAMLUser"} <= set(raw["identity_type"])
    json_columns = {"request_parameters", "response_elements", "resources", "additional_event_data"}
    same = [c for c in raw.columns if c not in json_columns | {"source_file", "extra"}]
    assert ocsf.select(same).equals(raw.select(same))
    for column in ("request_parameters", "response_elements", "resources"):
        assert _json(ocsf[column]) == _json(raw[column]), column
    assert _json(ocsf["additional_event_data"]) == _json(
        raw["additional_event_data"], text_values=True
    )


def test_start_end_and_accounts_prune_partitions_before_opening_them(tmp_path: Path) -> None:
    base = tmp_path / "CLOUD_TRAIL_MGMT" / "2.0" / "region=us-east-1"
    _write(base / "accountId=653711331788" / "eventDay=20181128" / "a.parquet", [_v2()])
    later = _v2(
        time=int(T0.timestamp() * 1000) + 86_400_000,
        time_dt=datetime(2018, 11, 29, 1, tzinfo=UTC),
        metadata={**_v2()["metadata"], "uid": "event-next-day"},
    )
    _write(base / "accountId=653711331788" / "eventDay=20181129" / "b.parquet", [later])
    # unreadable files in partitions outside the query: an error if they were opened
    (base / "accountId=653711331788" / "eventDay=20181201").mkdir(parents=True)
    (base / "accountId=653711331788" / "eventDay=20181201" / "c.parquet").write_bytes(
        b"not parquet"
    )
    (base / "accountId=999999999999" / "eventDay=20181128").mkdir(parents=True)
    (base / "accountId=999999999999" / "eventDay=20181128" / "d.parquet").write_bytes(
        b"not parquet"
    )

    def ids(**options: Any) -> list[str]:
        return sorted(
            read_security_lake(tmp_path, accounts=["653711331788"], **options)["event_id"]
        )

    assert ids(start="2018-11-28", end="2018-11-29") == ["event-listbuckets", "event-next-day"]
    assert ids(end="2018-11-28") == ["event-listbuckets"]  # a date end includes its whole day
    assert ids(start="2018-11-29", end="2018-11-30") == ["event-next-day"]
    assert ids(start=datetime(2018, 11, 28, 23, 10, tzinfo=UTC), end="2018-11-29") == [
        "event-next-day"
    ]
    assert (
        ids(start="2018-11-28", end=datetime(2018, 11, 28, 23, 9, 28, tzinfo=UTC)) == []
    )  # exclusive
    with pytest.raises(InputError, match="not a Parquet file"):
        read_security_lake(tmp_path, end="2018-11-29")  # another account's partition is opened
