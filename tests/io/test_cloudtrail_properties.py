"""Property tests for the parser: fields round-trip, nothing is dropped, no input crashes it."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io._records import Record
from ueba.io._redact import SECRET_NAMES, is_secret_key
from ueba.io.cloudtrail import parse_bytes
from ueba.schema import EVENTS

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
plain_keys = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=12
).filter(lambda k: not is_secret_key(k))
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(plain_keys, inner, max_size=4),
    max_leaves=12,
)
times = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
KNOWN_TOP = set(Record.__struct_encode_fields__) | {"@timestamp", "@version"}


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "eventVersion": draw(st.sampled_from(["1.05", "1.08", "1.10", "1.11"])),
        "eventTime": draw(times).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "eventName": draw(text),
        "eventSource": draw(text),
        "awsRegion": draw(text),
        "sourceIPAddress": draw(text),
        "userAgent": draw(text),
        "eventID": draw(text),
        "readOnly": draw(st.booleans()),
        "recipientAccountId": draw(text),
        "userIdentity": {
            "type": draw(text),
            "arn": draw(text),
            "accessKeyId": draw(text),
            "sessionContext": {
                "attributes": {"mfaAuthenticated": draw(st.sampled_from(["true", "false"]))}
            },
        },
        "requestParameters": draw(st.dictionaries(plain_keys, json_values, max_size=5) | st.none()),
        "resources": draw(st.lists(st.dictionaries(plain_keys, text, max_size=3), max_size=3)),
    }


@SETTINGS
@given(record=records())
def test_any_record_round_trips_its_fields(record: dict[str, Any]) -> None:
    parsed = parse_bytes(json.dumps({"Records": [record]}).encode(), "p.json")
    assert parsed.errors.num_rows == 0
    row = parsed.events.to_pylist()[0]
    assert list(row) == list(EVENTS)
    assert row["event_version"] == record["eventVersion"]
    assert row["event_name"] == record["eventName"]
    assert row["event_source"] == record["eventSource"]
    assert row["source_ip_address"] == record["sourceIPAddress"]
    assert row["user_agent"] == record["userAgent"]
    assert row["event_id"] == record["eventID"]
    assert row["read_only"] is record["readOnly"]
    assert row["access_key_id"] == record["userIdentity"]["accessKeyId"]
    assert row["mfa_authenticated"] is (
        record["userIdentity"]["sessionContext"]["attributes"]["mfaAuthenticated"] == "true"
    )
    assert row["event_time"].strftime("%Y-%m-%dT%H:%M:%S.%fZ") == record["eventTime"]
    if record["requestParameters"] is None:
        assert row["request_parameters"] is None
    else:
        assert json.loads(row["request_parameters"]) == record["requestParameters"]
    assert json.loads(row["resources"]) == record["resources"]
    assert row["extra"] is None


@SETTINGS
@given(
    record=records(),
    unknown=st.dictionaries(
        plain_keys.filter(lambda k: k not in KNOWN_TOP), json_values, min_size=1, max_size=4
    ),
)
def test_unknown_top_level_keys_all_land_in_extra(
    record: dict[str, Any], unknown: dict[str, Any]
) -> None:
    parsed = parse_bytes(json.dumps([{**record, **unknown}]).encode(), "p.json")
    assert parsed.errors.num_rows == 0
    assert json.loads(parsed.events.column("extra")[0].as_py()) == unknown
    assert parsed.events.column("event_name")[0].as_py() == record["eventName"]


@SETTINGS
@given(
    record=records(),
    part=st.sampled_from(SECRET_NAMES),
    secret=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=16, max_size=40),
    path=st.lists(plain_keys, min_size=0, max_size=3),
    where=st.sampled_from(
        ["requestParameters", "responseElements", "additionalEventData", "brandNew"]
    ),
)
def test_a_secret_key_at_any_depth_never_reaches_the_output(
    record: dict[str, Any], part: str, secret: str, path: list[str], where: str
) -> None:
    secret = f"PLANTED-{secret}"  # generated text elsewhere in the record can never contain it
    value: Any = {f"my{part.upper()}" if len(path) % 2 else part: secret}
    for key in reversed(path):
        value = {key: value}
    parsed = parse_bytes(json.dumps([{**record, where: value}]).encode(), "p.json")
    assert parsed.events.num_rows == 1
    assert secret not in json.dumps(parsed.events.to_pylist(), default=str)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000))
def test_any_bytes_never_crash_parse_bytes(data: bytes) -> None:
    parsed = parse_bytes(data, "fuzz.bin", max_decompressed_bytes=100_000)
    assert parsed.events.schema.names == list(EVENTS)
    assert all(parsed.errors.column("reason").to_pylist())


@SETTINGS
@given(
    rows=st.lists(records(), min_size=1, max_size=4),
    cut=st.integers(min_value=0),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=3),
    zipped=st.booleans(),
)
def test_damaged_real_files_never_crash_and_never_invent_events(
    rows: list[dict[str, Any]], cut: int, flips: list[tuple[int, int]], zipped: bool
) -> None:
    data = bytearray(json.dumps({"Records": rows}).encode())
    if zipped:
        data = bytearray(gzip.compress(bytes(data)))
    for position, byte in flips:
        data[position % len(data)] = byte
    removed = cut % len(data)
    data = data[: len(data) - removed]
    parsed = parse_bytes(bytes(data), "damaged.json")
    assert parsed.events.num_rows <= len(rows)
    if not flips and removed == 0:
        assert parsed.events.num_rows == len(rows) and parsed.errors.num_rows == 0
    else:
        assert parsed.events.num_rows + parsed.errors.num_rows >= 1 or parsed.skipped_reason
