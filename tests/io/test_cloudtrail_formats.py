"""Every form CloudTrail reaches a user in is recognised by content, never by file name."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ueba.exceptions import InputError
from ueba.io.cloudtrail import parse_bytes, read_cloudtrail

MakeRecord = Callable[..., dict[str, Any]]


def _ids(data: bytes, name: str = "input") -> list[str]:
    parsed = parse_bytes(data, name)
    assert parsed.errors.num_rows == 0, parsed.errors.to_pylist()
    return sorted(parsed.events.column("event_id").to_pylist())


def _eventbridge(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.s3",
        "account": "111122223333",
        "time": record["eventTime"],
        "region": "us-east-1",
        "resources": [],
        "detail": record,
    }


def _cloudwatch(records: list[dict[str, Any]], kind: str = "DATA_MESSAGE") -> bytes:
    payload = {
        "messageType": kind,
        "owner": "111122223333",
        "logGroup": "aws-cloudtrail-logs",
        "logStream": "111122223333_CloudTrail_us-east-1",
        "subscriptionFilters": ["to-firehose"],
        "logEvents": [
            {"id": str(i), "timestamp": 1719828000000, "message": json.dumps(r)}
            for i, r in enumerate(records)
        ],
    }
    return json.dumps(payload).encode()


def test_s3_delivery_file_plain_and_gzipped(make_record: MakeRecord) -> None:
    data = json.dumps({"Records": [make_record(1), make_record(2)]}).encode()
    assert (
        _ids(data)
        == _ids(gzip.compress(data))
        == [make_record(1)["eventID"], make_record(2)["eventID"]]
    )


def test_multi_member_gzip_reads_every_member(make_record: MakeRecord) -> None:
    first = gzip.compress(json.dumps({"Records": [make_record(1)]}).encode())
    second = gzip.compress(json.dumps({"Records": [make_record(2), make_record(3)]}).encode())
    assert len(_ids(first + second)) == 3


def test_format_comes_from_content_not_from_the_file_name(make_record: MakeRecord) -> None:
    data = json.dumps([make_record(1)]).encode()
    assert _ids(data, "looks-gzipped.json.gz") == _ids(gzip.compress(data), "plain.txt")


def test_top_level_array_as_stratus_writes_it(make_record: MakeRecord) -> None:
    data = json.dumps([make_record(1), make_record(2)], indent=3).encode()
    assert len(_ids(data)) == 2


def test_ndjson_with_logstash_timestamp_and_no_event_time(make_record: MakeRecord) -> None:
    lines = []
    for n in (1, 2):
        record = make_record(n)
        del record["eventTime"]
        record["@timestamp"] = "2020-09-14T01:00:04.000Z"
        record["@version"] = "1"
        lines.append(json.dumps(record))
    parsed = parse_bytes(("\n".join(lines) + "\n").encode(), "otrf.json")
    frame = pl.from_arrow(parsed.events)
    assert isinstance(frame, pl.DataFrame)
    assert frame.height == 2
    expected = datetime(2020, 9, 14, 1, 0, 4, tzinfo=UTC)
    assert frame.get_column("event_time").to_list() == [expected, expected]
    assert all(json.loads(e) == {"@version": "1"} for e in frame.get_column("extra"))


def test_pretty_printed_concatenated_records(make_record: MakeRecord) -> None:
    data = (
        json.dumps(make_record(1), indent=2) + "\n" + json.dumps(make_record(2), indent=2)
    ).encode()
    assert len(_ids(data)) == 2


def test_eventbridge_single_ndjson_and_array_keep_the_envelope(make_record: MakeRecord) -> None:
    events = [_eventbridge(make_record(1)), _eventbridge(make_record(2))]
    single = parse_bytes(json.dumps(events[0]).encode(), "eb.json")
    assert single.events.num_rows == 1
    extra = json.loads(single.events.column("extra")[0].as_py())
    assert extra["eventBridge"]["detail-type"] == "AWS API Call via CloudTrail"
    assert len(_ids("\n".join(json.dumps(e) for e in events).encode())) == 2
    assert len(_ids(json.dumps(events).encode())) == 2


def test_cloudwatch_subscription_payload_gzip_base64_and_lambda_event(
    make_record: MakeRecord,
) -> None:
    payload = gzip.compress(_cloudwatch([make_record(1), make_record(2)]))
    assert len(_ids(payload)) == 2
    assert len(_ids(base64.b64encode(payload))) == 2
    lambda_event = {"awslogs": {"data": base64.b64encode(payload).decode()}}
    assert len(_ids(json.dumps(lambda_event).encode())) == 2


def test_firehose_concatenated_cloudwatch_payloads(make_record: MakeRecord) -> None:
    data = _cloudwatch([make_record(1)]) + _cloudwatch([make_record(2)])
    assert len(_ids(gzip.compress(data))) == 2


def test_cloudwatch_control_message_is_skipped_with_a_reason() -> None:
    data = gzip.compress(_cloudwatch([], kind="CONTROL_MESSAGE"))
    parsed = parse_bytes(data, "control.gz")
    assert parsed.events.num_rows == 0 and parsed.errors.num_rows == 0
    assert parsed.skipped_reason is not None and "control message" in parsed.skipped_reason


def test_digest_file_is_skipped_not_an_error() -> None:
    digest = {
        "awsAccountId": "111122223333",
        "digestStartTime": "2024-07-01T09:00:00Z",
        "digestEndTime": "2024-07-01T10:00:00Z",
        "digestS3Bucket": "trail",
        "digestS3Object": "AWSLogs/111122223333/CloudTrail-Digest/x.json.gz",
        "digestSignatureAlgorithm": "SHA256withRSA",
        "logFiles": [],
    }
    parsed = parse_bytes(gzip.compress(json.dumps(digest).encode()), "digest.json.gz")
    assert parsed.errors.num_rows == 0
    assert parsed.skipped_reason is not None and "Digest" in parsed.skipped_reason


def test_insights_file_is_skipped_not_an_error(make_record: MakeRecord) -> None:
    insight = make_record(1, eventType="AwsCloudTrailInsight", insightDetails={"state": "Start"})
    parsed = parse_bytes(json.dumps({"Records": [insight]}).encode(), "insight.json")
    assert parsed.events.num_rows == 0 and parsed.errors.num_rows == 0
    assert parsed.skipped_reason is not None and "Insights" in parsed.skipped_reason


def test_empty_records_list_is_a_clean_file_with_no_events() -> None:
    parsed = parse_bytes(b'{"Records": []}', "empty-records.json")
    assert parsed.events.num_rows == 0 and parsed.errors.num_rows == 0


def test_read_cloudtrail_warns_or_raises_on_unreadable_input(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps([make_record(1)]))
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"")
    with pytest.warns(UserWarning, match="1 unreadable"):
        frame = read_cloudtrail(tmp_path)
    assert frame.height == 1
    with pytest.raises(InputError, match=r"bad\.json.*empty"):
        read_cloudtrail(tmp_path, errors="raise")
    assert read_cloudtrail(good, errors="raise").height == 1
