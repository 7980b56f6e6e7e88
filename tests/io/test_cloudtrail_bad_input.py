"""Bad input never crashes the parser, loses nothing readable, and says what is wrong."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import pytest

from ueba.io.cloudtrail import ParsedFile, parse_bytes

MakeRecord = Callable[..., dict[str, Any]]


def _kinds(parsed: ParsedFile) -> list[tuple[int | None, str]]:
    return [(row["record_index"], row["error_kind"]) for row in parsed.errors.to_pylist()]


def _records(*parts: bytes) -> bytes:
    return b'{"Records": [' + b", ".join(parts) + b"]}"


def test_truncated_gzip_keeps_complete_records_and_names_the_cut(make_record: MakeRecord) -> None:
    data = gzip.compress(json.dumps({"Records": [make_record(n) for n in range(200)]}).encode())
    parsed = parse_bytes(data[: len(data) // 2], "cut.json.gz")
    assert 0 < parsed.events.num_rows < 200
    kinds = _kinds(parsed)
    assert (None, "truncated_gzip") in kinds
    # the one record the cut went through is reported at its index, nothing else is lost
    assert kinds == [(None, "truncated_gzip"), (parsed.events.num_rows, "not_json")]
    assert "fetch the file again" in parsed.errors.column("reason")[0].as_py()


def test_zero_byte_file_is_quarantined_as_empty() -> None:
    parsed = parse_bytes(b"", "empty.json.gz")
    assert _kinds(parsed) == [(None, "empty_file")]
    assert parsed.events.num_rows == 0


def test_gzip_bomb_is_refused_at_the_configured_cap() -> None:
    bomb = gzip.compress(b"[" + b" " * (4 * 1024 * 1024) + b"]")
    assert len(bomb) < 10_000
    parsed = parse_bytes(bomb, "bomb.json.gz", max_decompressed_bytes=1024 * 1024)
    assert _kinds(parsed) == [(None, "too_large")]
    assert "max_decompressed_bytes" in parsed.errors.column("reason")[0].as_py()
    assert parsed.decompressed_bytes == 0


def test_plain_file_over_the_cap_is_refused_too(make_record: MakeRecord) -> None:
    data = json.dumps([make_record(n) for n in range(50)]).encode()
    assert _kinds(parse_bytes(data, "big.json", max_decompressed_bytes=1000)) == [
        (None, "too_large")
    ]


def test_json_that_is_not_cloudtrail_is_named_so() -> None:
    parsed = parse_bytes(b'{"name": "package.json", "version": "1.0.0"}', "package.json")
    assert _kinds(parsed) == [(None, "not_cloudtrail")]
    array = parse_bytes(b'[{"a": 1}, 2]', "numbers.json")
    assert _kinds(array) == [(0, "not_cloudtrail"), (1, "not_cloudtrail")]


def test_text_that_is_not_json_at_all() -> None:
    parsed = parse_bytes(b"# README\nnot a log\n", "README.md")
    assert _kinds(parsed) == [(None, "not_json")]


def test_invalid_utf8_record_is_quarantined_alone(make_record: MakeRecord) -> None:
    bad = (
        b'{"eventName": "List\xff\xfeBuckets", "eventTime": "2024-07-01T10:00:00Z", "eventID": "x"}'
    )
    parsed = parse_bytes(_records(json.dumps(make_record(1)).encode(), bad), "latin1.json")
    assert parsed.events.num_rows == 1
    assert _kinds(parsed) == [(1, "invalid_utf8")]
    assert "UTF-8" in parsed.errors.column("reason")[0].as_py()


def test_nan_literal_is_quarantined_alone(make_record: MakeRecord) -> None:
    bad = b'{"eventName": "GetObject", "eventTime": "2024-07-01T10:00:00Z", "bytes": NaN}'
    parsed = parse_bytes(_records(bad, json.dumps(make_record(1)).encode()), "nan.json")
    assert parsed.events.num_rows == 1
    assert _kinds(parsed) == [(0, "not_json")]
    assert "NaN" in parsed.errors.column("excerpt")[0].as_py()


def test_ten_thousand_deep_nesting_does_not_crash(make_record: MakeRecord) -> None:
    deep = b"[" * 10_000 + b"]" * 10_000
    assert _kinds(parse_bytes(deep, "deep.json")) == [(0, "too_deep")]
    deep_object = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
    assert _kinds(parse_bytes(deep_object, "deep-object.json")) == [(None, "too_deep")]
    record = (
        b'{"eventName": "x", "eventTime": "2024-07-01T10:00:00Z", "requestParameters": '
        + deep
        + b"}"
    )
    parsed = parse_bytes(_records(json.dumps(make_record(1)).encode(), record), "deep-record.json")
    assert parsed.events.num_rows == 1
    assert _kinds(parsed) == [(1, "too_deep")]


def test_one_good_record_among_bad_ones_is_kept(make_record: MakeRecord) -> None:
    good = make_record(7)
    data = _records(b"NaN", b'"text"', json.dumps(good).encode(), b'{"eventName": }', b"{}")
    parsed = parse_bytes(data, "mixed.json")
    assert parsed.events.column("event_id").to_pylist() == [good["eventID"]]
    assert [index for index, _ in _kinds(parsed)] == [0, 1, 3, 4]
    assert all(reason for reason in parsed.errors.column("reason").to_pylist())


@pytest.mark.parametrize(
    "value",
    [
        "2024-07-01T10:00:00Z",
        "2024-07-01T10:00:00+00:00",
        "2024-07-01T12:00:00+02:00",
        "2024-07-01T10:00:00.000Z",
        "2024-07-01T10:00:00.000000+00:00",
    ],
)
def test_event_time_spellings_all_mean_the_same_instant(
    make_record: MakeRecord, value: str
) -> None:
    parsed = parse_bytes(json.dumps([make_record(1, eventTime=value)]).encode(), "t.json")
    assert str(parsed.events.column("event_time")[0].as_py()) == "2024-07-01 10:00:00+00:00"
    assert parsed.notes == ()


def test_event_time_with_fractional_seconds_keeps_microseconds(make_record: MakeRecord) -> None:
    parsed = parse_bytes(
        json.dumps([make_record(1, eventTime="2024-07-01T10:00:00.123456Z")]).encode(), "t"
    )
    assert parsed.events.column("event_time")[0].as_py().microsecond == 123456


def test_event_time_without_zone_is_read_as_utc_and_noted(make_record: MakeRecord) -> None:
    parsed = parse_bytes(
        json.dumps([make_record(1, eventTime="2024-07-01T10:00:00")]).encode(), "t"
    )
    assert str(parsed.events.column("event_time")[0].as_py()) == "2024-07-01 10:00:00+00:00"
    assert any("no time zone" in note for note in parsed.notes)


def test_record_without_a_usable_time_is_quarantined(make_record: MakeRecord) -> None:
    missing = make_record(2)
    del missing["eventTime"]
    records = [make_record(1), make_record(3, eventTime="yesterday"), missing]
    parsed = parse_bytes(json.dumps(records).encode(), "t.json")
    assert parsed.events.num_rows == 1
    assert _kinds(parsed) == [(1, "bad_time"), (2, "bad_time")]
    assert "'yesterday'" in parsed.errors.column("reason")[0].as_py()


def test_unknown_top_level_field_is_kept_in_extra(make_record: MakeRecord) -> None:
    record = make_record(1, brandNewField={"nested": [1, 2]})
    record["userIdentity"]["newIdentityKey"] = "v"
    record["userIdentity"]["sessionContext"]["newContextKey"] = True
    parsed = parse_bytes(json.dumps([record]).encode(), "new.json")
    assert parsed.errors.num_rows == 0
    extra = json.loads(parsed.events.column("extra")[0].as_py())
    assert extra["brandNewField"] == {"nested": [1, 2]}
    assert extra["userIdentity"]["newIdentityKey"] == "v"
    assert extra["userIdentity"]["sessionContext"]["newContextKey"] is True
    # the known fields still land in their columns
    assert (
        parsed.events.column("session_issuer_arn")[0].as_py()
        == "arn:aws:iam::111122223333:role/app"
    )


def test_event_version_1_10_stays_the_text_1_10(make_record: MakeRecord) -> None:
    as_text = json.dumps([make_record(1, eventVersion="1.10")]).encode()
    as_number = as_text.replace(b'"eventVersion": "1.10"', b'"eventVersion": 1.10')
    assert b"1.10," in as_number
    for data in (as_text, as_number):
        parsed = parse_bytes(data, "v.json")
        assert parsed.events.column("event_version").to_pylist() == ["1.10"]


def test_planted_secrets_are_redacted_everywhere_but_key_ids_stay(make_record: MakeRecord) -> None:
    token = "IQoJb3JpZ2luX2VjEPLANTEDTOKEN"
    record = make_record(
        1,
        requestParameters={
            "userName": "bob",
            "newPassword": "hunter2",
            "passwordResetRequired": True,
        },
        responseElements={
            "credentials": {
                "accessKeyId": "ASIAKEEPME",
                "sessionToken": token,
                "secretAccessKey": "wJalrSECRET",
            }
        },
        futureField={"Password": "p4ss"},
    )
    parsed = parse_bytes(json.dumps([record]).encode(), "secret.json")
    text = json.dumps(parsed.events.to_pylist(), default=str)
    for secret in (token, "hunter2", "wJalrSECRET", "p4ss"):
        assert secret not in text
    assert "ASIAKEEPME" in text
    request = json.loads(parsed.events.column("request_parameters")[0].as_py())
    assert request == {
        "userName": "bob",
        "newPassword": "<redacted>",
        "passwordResetRequired": True,
    }


def test_secret_in_a_broken_record_is_redacted_in_the_excerpt() -> None:
    token = "IQoJb3JpZ2luX2VjBROKENTOKEN"
    bad = (
        '{"eventName": "AssumeRole", "responseElements": {"credentials": {"sessionToken": "'
        + token
        + '"}}, "bytes": NaN}'
    ).encode()
    parsed = parse_bytes(_records(bad), "broken.json")
    assert parsed.errors.num_rows == 1
    assert token not in parsed.errors.column("excerpt")[0].as_py()


def test_invalid_utf8_inside_a_free_form_member_is_caught(make_record: MakeRecord) -> None:
    # Regression: msgspec.Raw members are sliced without UTF-8 checks; found by hypothesis.
    bad = json.dumps(make_record(2, requestParameters={"key": "PLACEHOLDER"})).encode()
    bad = bad.replace(b"PLACEHOLDER", b"caf\xe9")
    parsed = parse_bytes(_records(json.dumps(make_record(1)).encode(), bad), "raw-latin1.json")
    assert parsed.events.column("event_id").to_pylist() == [make_record(1)["eventID"]]
    assert _kinds(parsed) == [(1, "invalid_utf8")]


def test_non_object_element_inside_records_is_not_json_or_not_cloudtrail() -> None:
    # Regression: a string element followed by garbage crashed the lenient path.
    parsed = parse_bytes(b'{"Records": ["text" garbage, {"eventName": "x"}]', "odd.json")
    assert parsed.events.num_rows == 0
    assert all(
        kind in ("not_json", "not_cloudtrail", "bad_time", "truncated_json")
        for _, kind in _kinds(parsed)
    )
