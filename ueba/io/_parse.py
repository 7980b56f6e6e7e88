"""Recognise what a file holds by its content and collect its records.

Shapes, tried in this order: gzip (magic bytes, any number of members), base64 text, an S3
delivery object ``{"Records": [...]}``, a CloudTrail-Digest object (skipped), a CloudWatch Logs
subscription payload (``logEvents[].message``; CONTROL_MESSAGE skipped), a Lambda ``awslogs``
event, a Firehose transformation event (``records[].data``) or Kinesis records
(``Records[].kinesis.data``), an EventBridge event (``detail``), a single record, a top-level array of any of these,
and NDJSON or concatenated JSON values. The fast path decodes an S3 object in one msgspec call;
anything unusual falls back to per-record decoding so one bad record is quarantined alone.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pyarrow as pa
import pyarrow.compute as pc

from ueba.io._decode import (
    GZIP_MAGIC,
    find_records_array,
    first_char,
    gunzip,
    maybe_base64,
    split_array,
    split_values,
    strip_bom,
    too_large,
)
from ueba.io._records import (
    BadRecord,
    Record,
    S3File,
    derived_event_id,
    known_extra,
    lenient_record,
    looks_like_cloudtrail,
)
from ueba.io._redact import excerpt
from ueba.io._table import InvalidRows, records_table

_OBJECT = dict[str, msgspec.Raw]
_RECORD_KEYS = frozenset({"eventName", "eventSource", "eventID", "eventTime", "@timestamp"})
_INSIGHT = "AwsCloudTrailInsight"
# msgspec raises UnicodeDecodeError (not DecodeError) for invalid UTF-8 inside strings.
_BROKEN = (msgspec.DecodeError, RecursionError, UnicodeDecodeError)


# The times a lake partition (a calendar date) can hold: Python's and ISO 8601's years 1-9999.
# In microseconds: 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z. Made into Arrow
# scalars where used, not at import: ``pa.scalar`` imports pandas (0.3 s of CPU in every
# worker process, which the compiled scanner's path otherwise never needs).
_FIRST_US = -62_135_596_800_000_000
_LAST_US = 253_402_300_799_999_999


class LogEvent(msgspec.Struct):
    message: str
    id: str | None = None
    timestamp: int | None = None


class AwsLogs(msgspec.Struct):
    data: str


class DataRecord(msgspec.Struct):
    """A Firehose transformation record or a Kinesis record: base64 ``data`` (other keys ignored)."""

    data: str


def _decode_problem(exc: Exception) -> tuple[str, str]:
    if isinstance(exc, RecursionError):
        return "too_deep", "the JSON is nested more deeply than can be decoded"
    message = str(exc)
    if isinstance(exc, UnicodeDecodeError) or "utf-8" in message.lower():
        return "invalid_utf8", f"the file is not valid UTF-8 ({message}); re-export it as UTF-8"
    return "not_json", f"the file is not valid JSON ({message})"


class Collector:
    """Records and errors of one file, in reading order."""

    def __init__(self, source_file: str, cap: int) -> None:
        self.source_file = source_file
        self.cap = cap
        self.records: list[Record] = []
        self.extras: list[dict[str, Any] | None] = []
        self.indexes: list[int] = []
        self.errors: list[tuple[str, int | None, str, str, str]] = []
        self.skip_reasons: list[str] = []
        self.notes: list[str] = []
        self.insights = 0
        self.counter = 0
        self.decompressed_bytes = 0

    # -- outcomes ------------------------------------------------------------------------
    def file_error(self, kind: str, reason: str, raw: bytes | bytearray = b"") -> None:
        self.errors.append((self.source_file, None, kind, reason, excerpt(raw)))

    def record_error(self, index: int, kind: str, reason: str, raw: bytes | bytearray) -> None:
        self.errors.append((self.source_file, index, kind, reason, excerpt(raw)))

    def add(
        self, record: Record, extra: dict[str, Any] | None, index: int, raw: bytes | bytearray
    ) -> None:
        if record.eventType == _INSIGHT:
            self.insights += 1
        elif not looks_like_cloudtrail(record):
            self.record_error(
                index,
                "not_cloudtrail",
                "a JSON object without eventName, eventSource or eventID is not a CloudTrail record",
                raw,
            )
        else:
            self.records.append(record)
            self.extras.append(extra)
            self.indexes.append(index)

    # -- entry ---------------------------------------------------------------------------
    def read(self, data: bytes | bytearray, depth: int = 0) -> None:
        if data[:2] == GZIP_MAGIC:
            data, problem = gunzip(data, self.cap)
            if problem is not None:
                self.file_error(*problem)
                if problem[0] == "too_large":
                    return
        elif len(data) > self.cap:
            self.file_error(*too_large(self.cap))
            return
        self.decoded(data, depth)

    def decoded(self, data: bytes | bytearray, depth: int = 0) -> None:
        """Read content that is no longer gzip (the loader may have gunzipped it already)."""
        data = strip_bom(data)
        self.decompressed_bytes += len(data)
        self.document(data, depth)

    def document(self, data: bytes | bytearray, depth: int) -> None:
        pos, char = first_char(data)
        if pos < 0:
            self.file_error(
                "empty_file",
                "the file is empty (0 bytes or only whitespace); there is nothing to read",
            )
        elif char == 0x7B:  # {
            self.object_document(data)
        elif char == 0x5B:  # [
            self.array_document(data, pos)
        else:
            decoded = maybe_base64(data) if depth < 2 else None
            if decoded is not None:
                self.read(decoded, depth + 1)
            else:
                self.file_error(
                    "not_json",
                    "the content is neither gzip, base64 nor JSON; CloudTrail files are JSON",
                    data,
                )

    def object_document(self, data: bytes | bytearray) -> None:
        try:
            fast = msgspec.json.decode(data, type=S3File)
        except (msgspec.ValidationError, *_BROKEN):
            pass
        else:
            self.add_fast(fast.Records)
            return
        try:
            members = msgspec.json.decode(data, type=_OBJECT)
        except _BROKEN as exc:
            if "trailing characters" in str(exc):
                self.stream(data)
            elif not self.recover(data, find_records_array(data)):
                self.file_error(*_decode_problem(exc), raw=data)
            return
        if self.container(members):
            return
        if "detail" in members or _RECORD_KEYS.intersection(members):
            self.item(data)
            return
        self.file_error(
            "not_cloudtrail",
            "a JSON object that is not CloudTrail (no Records, eventName, detail or logEvents key)",
            data,
        )

    def array_document(self, data: bytes | bytearray, pos: int) -> None:
        try:
            items = msgspec.json.decode(data, type=list[msgspec.Raw])
        except _BROKEN as exc:
            if "trailing characters" in str(exc):
                self.stream(data)
            elif not self.recover(data, pos):
                self.file_error(*_decode_problem(exc), raw=data)
            return
        for raw in items:
            self.item(bytes(raw))

    def recover(self, data: bytes | bytearray, open_at: int) -> bool:
        """Decode the elements of a damaged array one by one; False when there is no array."""
        if open_at < 0:
            return False
        spans, closed = split_array(data, open_at)
        for start, end in spans:
            self.item(data[start:end])
        if not closed and not any(error[2] == "truncated_gzip" for error in self.errors):
            self.file_error(
                "truncated_json",
                "the JSON ends before its records array is closed; complete records were kept",
                data[-200:],
            )
        return True

    def stream(self, data: bytes | bytearray) -> None:
        lines = [line for line in data.split(b"\n") if line.strip()]
        try:
            msgspec.json.decode(lines[0])
            ndjson = True
        except _BROKEN:
            ndjson = False
        if ndjson:
            for line in lines:
                self.item(line)
        else:
            for start, end in split_values(data):
                self.item(data[start:end])

    # -- containers ----------------------------------------------------------------------
    def container(self, members: dict[str, msgspec.Raw]) -> bool:
        """Handle an object that holds records rather than being one. False if it is not."""
        if "Records" in members:
            self.records_member(members["Records"])
        elif "logFiles" in members and "digestStartTime" in members:
            self.skip_reasons.append(
                "a CloudTrail-Digest file (hashes of log files for integrity checks, no events)"
            )
        elif "logEvents" in members and "messageType" in members:
            self.cloudwatch(members)
        elif "awslogs" in members:
            self.awslogs(members["awslogs"])
        elif "records" in members and ("invocationId" in members or "deliveryStreamArn" in members):
            self.data_records(members["records"], "Firehose records")
        elif "kinesis" in members and bytes(members["kinesis"])[:1] == b"{":
            self.data_records(b"[" + bytes(members["kinesis"]) + b"]", "kinesis")
        else:
            return False
        return True

    def records_member(self, raw: msgspec.Raw) -> None:
        try:
            items = msgspec.json.decode(raw, type=list[msgspec.Raw])
        except (msgspec.ValidationError, *_BROKEN):
            self.file_error("not_cloudtrail", "the Records member is not a JSON array", bytes(raw))
            return
        for item in items:
            self.item(bytes(item))

    def cloudwatch(self, members: dict[str, msgspec.Raw]) -> None:
        kind = bytes(members["messageType"]).strip(b'"')
        if kind == b"CONTROL_MESSAGE":
            self.skip_reasons.append("a CloudWatch Logs control message (a connectivity check)")
            return
        try:
            events = msgspec.json.decode(members["logEvents"], type=list[LogEvent])
        except (msgspec.ValidationError, *_BROKEN):
            self.file_error(
                "not_cloudtrail",
                "logEvents is not a list of {message: text} objects",
                bytes(members["logEvents"]),
            )
            return
        for event in events:
            self.item(event.message.encode())

    def awslogs(self, raw: msgspec.Raw) -> None:
        try:
            wrapper = msgspec.json.decode(raw, type=AwsLogs)
        except (msgspec.ValidationError, msgspec.DecodeError):
            self.file_error("not_cloudtrail", "awslogs has no base64 data member", bytes(raw))
            return
        decoded = maybe_base64(wrapper.data.encode())
        if decoded is None:
            self.file_error("not_cloudtrail", "awslogs.data is not base64", bytes(raw))
            return
        self.read(decoded, depth=1)

    def data_records(self, raw: bytes | msgspec.Raw, what: str) -> None:
        """Firehose transformation / Kinesis records: each ``data`` is base64 of a document."""
        try:
            records = msgspec.json.decode(raw, type=list[DataRecord])
        except (msgspec.ValidationError, *_BROKEN):
            self.file_error(
                "not_cloudtrail", f"{what} are not objects with base64 data", bytes(raw)
            )
            return
        for record in records:
            decoded = maybe_base64(record.data.encode())
            if decoded is None:
                self.file_error(
                    "not_cloudtrail", f"{what} data is not base64", record.data.encode()
                )
            else:
                self.read(decoded, depth=1)

    # -- records -------------------------------------------------------------------------
    def add_fast(self, records: list[Record]) -> None:
        start = self.counter
        self.counter += len(records)
        odd = [
            i
            for i, r in enumerate(records)
            if r.eventType == _INSIGHT
            or (r.eventName is None and r.eventSource is None and r.eventID is None)
        ]
        if not odd:
            self.records.extend(records)
            self.extras.extend([None] * len(records))  # records_table fills in known_extra
            self.indexes.extend(range(start, start + len(records)))
            return
        for i, record in enumerate(records):
            self.add(record, known_extra(record), start + i, msgspec.json.encode(record))

    def item(self, raw: bytes | bytearray, envelope: dict[str, Any] | None = None) -> None:
        """One element: a record, an EventBridge event, or a container of records."""
        try:
            record = msgspec.json.decode(raw, type=Record)
        except msgspec.ValidationError:
            try:
                members = msgspec.json.decode(raw, type=_OBJECT)
            except (msgspec.ValidationError, *_BROKEN):
                members = None
            if members is not None and envelope is None:
                if self.container(members):
                    return
                detail = members.get("detail")
                if detail is not None and bytes(detail)[:1] == b"{":
                    wrapper = {key: value for key, value in members.items() if key != "detail"}
                    self.item(bytes(detail), {"eventBridge": wrapper})
                    return
        except _BROKEN:
            pass
        else:
            extra = known_extra(record)
            if envelope:
                extra = {**(extra or {}), **envelope}
            self.counter += 1
            self.add(record, extra, self.counter - 1, raw)
            return
        index = self.counter
        self.counter += 1
        try:
            record, extra = lenient_record(raw)
        except BadRecord as bad:
            self.record_error(index, bad.kind, bad.reason, raw)
            return
        if envelope:
            extra = {**(extra or {}), **envelope}
        self.add(record, extra, index, raw)

    # -- result --------------------------------------------------------------------------
    def _placeable(self, table: pa.Table) -> pa.Table:
        """Rows whose time can name a partition; the others quarantined as ``bad_time``."""
        times = table.column("event_time").combine_chunks()
        first = pa.scalar(_FIRST_US, times.type)
        last = pa.scalar(_LAST_US, times.type)
        placeable = pc.fill_null(
            pc.and_(pc.greater_equal(times, first), pc.less_equal(times, last)), False
        )
        if pc.all(placeable).as_py():
            return table
        bad = pc.indices_nonzero(pc.invert(placeable)).to_pylist()
        for row in bad:
            record = self.records[row]
            value = record.eventTime if record.eventTime is not None else record.timestamp
            if value is None:
                what = "has no eventTime"
            elif times[row].is_valid:
                what = f"has eventTime {value!r}, outside the years 0001-9999 (UTC)"
            else:
                what = f"has eventTime {value!r}, not ISO 8601"
            self.record_error(
                self.indexes[row],
                "bad_time",
                f"the record {what}; it cannot be placed in time",
                msgspec.json.encode({"eventID": record.eventID, "eventTime": value}),
            )
        for row in reversed(bad):  # keep records, extras and indexes aligned with the table
            del self.records[row], self.extras[row], self.indexes[row]
        return table.filter(placeable)

    def _identify(self, table: pa.Table) -> pa.Table:
        """Give records without an eventID one derived from where and what they are.

        The ID hashes the file's identity (its absolute path or URL), the record's index in
        the file and the record's content, so reading the file again (after a crash, or once
        a record was appended) yields the same IDs and the lake stores each record once.
        """
        ids = table.column("event_id").combine_chunks()
        if not ids.null_count:
            return table
        missing = pc.is_null(ids)
        derived = [
            derived_event_id(
                self.source_file, self.indexes[row], msgspec.json.encode(self.records[row])
            )
            for row in pc.indices_nonzero(missing).to_pylist()
        ]
        filled = pc.replace_with_mask(ids, missing, pa.array(derived, pa.large_string()))
        column = table.schema.get_field_index("event_id")
        return table.set_column(column, "event_id", filled)

    def drop_invalid(self, invalid: InvalidRows) -> None:
        for row in sorted(invalid.rows, reverse=True):
            record = self.records.pop(row)
            self.extras.pop(row)
            index = self.indexes.pop(row)
            self.record_error(
                index,
                invalid.kind,
                invalid.reason,
                msgspec.json.encode({"eventID": record.eventID, "eventName": record.eventName}),
            )

    def table(self) -> pa.Table:
        """The EVENTS table of the good records; records without a usable time become errors."""
        while True:
            try:
                table, naive = records_table(self.records, self.extras, self.source_file)
                break
            except InvalidRows as invalid:
                self.drop_invalid(invalid)
        table = self._placeable(table)
        table = self._identify(table)
        if naive:
            self.notes.append(f"{naive} event time(s) had no time zone and were read as UTC")
        if self.insights:
            self.notes.append(f"{self.insights} CloudTrail Insights event(s) skipped")
            if not self.records and not self.errors:
                self.skip_reasons.append(
                    "a CloudTrail Insights file (insight events, not API calls)"
                )
        return table


__all__ = ["Collector"]
