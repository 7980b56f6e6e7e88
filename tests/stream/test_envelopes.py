"""Every envelope a stream receives is read by the one io parser, to the same events."""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stream.conftest import ENVELOPES, RECORDED, SAMPLES, sample_records
from ueba.io.cloudtrail import parse_bytes
from ueba.stream import _read

RECORDS = sample_records(SAMPLES / "flaws2")


def _ids(batch: Any) -> list[str]:
    events, errors = _read(batch)
    assert errors.height == 0, errors.to_dicts()
    return sorted(events["event_id"].to_list())


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.sampled_from(range(len(RECORDS))), min_size=1, max_size=20, unique=True),
    st.sampled_from(sorted(ENVELOPES)),
)
def test_any_envelope_of_any_records_reads_as_the_records(picks: list[int], envelope: str) -> None:
    records = [RECORDS[i] for i in picks]
    expected = sorted(r["eventID"] for r in records)
    assert _ids(ENVELOPES[envelope](records)) == expected


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["firehose", "kinesis"]))
def test_undecodable_firehose_or_kinesis_data_is_an_error_row_not_a_crash(
    junk: bytes, kind: str
) -> None:
    data = base64.b64encode(junk).decode() if junk else "!!not base64!!"
    if kind == "firehose":
        doc: dict[str, Any] = {"invocationId": "i", "records": [{"recordId": "0", "data": data}]}
    else:
        doc = {"Records": [{"kinesis": {"data": data}, "eventSource": "aws:kinesis"}]}
    parsed = parse_bytes(json.dumps(doc).encode(), "x")
    assert parsed.errors.num_rows >= 1 or parsed.events.num_rows == 0  # an error row, no raise
    assert not [n for n in parsed.events.column("event_source").to_pylist() if n == "aws:kinesis"]


def test_kinesis_wrapper_is_not_mistaken_for_a_cloudtrail_record() -> None:
    doc = ENVELOPES["kinesis"](RECORDS[:3])
    events, _ = _read(doc)
    assert set(events["event_source"]) != {"aws:kinesis"}
    assert events.height == 3


def test_recorded_lambda_events_all_read() -> None:
    files = sorted(RECORDED.glob("*.json"))
    assert {f.stem for f in files} >= {"eventbridge", "cloudwatch-logs", "firehose", "kinesis"}
    for file in files:
        events, errors = _read(json.loads(file.read_text()))
        assert events.height >= 1 and errors.height == 0, file.name
