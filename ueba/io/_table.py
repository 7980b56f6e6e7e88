"""Typed records to an Arrow table of EVENTS: one list comprehension per column, then Arrow.

This is the parser's hot path, so it walks the records once per column (no dict per row),
builds each free-form column from one joined buffer of the members' JSON text, and parses
timestamps with Arrow's vectorised ISO 8601 cast (polars formats only when that refuses).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec
import numpy as np
import pyarrow as pa

from ueba.io._records import (
    EMPTY_ATTRIBUTES,
    EMPTY_CONTEXT,
    EMPTY_IDENTITY,
    EMPTY_ISSUER,
    EMPTY_OBO,
    EMPTY_TLS,
    EMPTY_WEB,
    NULL,
    Record,
    known_extra,
)

if TYPE_CHECKING:
    import polars as pl

from ueba.io._arrow import ERRORS_ARROW, EVENTS_ARROW
from ueba.io._redact import maybe_secret, redact_json

FREE_FORM = (
    ("request_parameters", "requestParameters"),
    ("response_elements", "responseElements"),
    ("resources", "resources"),
    ("additional_event_data", "additionalEventData"),
    ("service_event_details", "serviceEventDetails"),
)

# Accepted spellings of eventTime, most common first. The naive ones are read as UTC.
_TIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
)
_NAIVE_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f")

# Every name in _redact.SECRET_KEY_PARTS contains one of these (searched first, fast), and
# matches this pattern (checked on the few members with a needle).
_NEEDLES = (b"pass", b"token", b"secret", b"privatekey")
_SECRET_IN_LOWER = re.compile(
    rb"pass(?:word|phrase)|sessiontoken|secret(?:accesskey|string|binary)|privatekey|clientsecret"
)



class InvalidRows(ValueError):
    """Records whose free-form members are not valid UTF-8 (msgspec.Raw does not check)."""

    def __init__(self, rows: list[int]) -> None:
        super().__init__(f"{len(rows)} record(s) with invalid UTF-8")
        self.rows = rows


def parse_timestamps(column: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(UTC timestamp, parsed-without-zone flag) for a column of ISO 8601 text."""
    import polars as pl  # only for spellings Arrow refuses: workers otherwise never load it
    zoned = pl.coalesce(
        [
            column.str.to_datetime(fmt, time_unit="us", time_zone="UTC", strict=False)
            for fmt in _TIME_FORMATS
        ]
    )
    naive = pl.coalesce(
        [
            column.str.to_datetime(fmt, time_unit="us", strict=False).dt.replace_time_zone("UTC")
            for fmt in _NAIVE_FORMATS
        ]
    )
    utc_us = pl.Datetime("us", "UTC")
    return pl.coalesce([zoned, naive]).cast(utc_us), zoned.is_null() & naive.is_not_null()


def _timestamps(values: list[str | None]) -> tuple[pa.Array, int]:
    """UTC microsecond timestamps and how many had no zone; unparseable text becomes null."""
    array = pa.array(values, pa.large_string())
    try:
        return array.cast(pa.timestamp("us", "UTC")), 0
    except pa.ArrowInvalid:
        pass  # a spelling Arrow's ISO 8601 cast refuses: try each known format with polars
    import polars as pl

    column, naive = parse_timestamps(pl.col("t"))
    frame = pl.DataFrame({"t": values}, schema={"t": pl.String}).select(t=column, naive=naive)
    parsed = frame.get_column("t").to_arrow().cast(pa.timestamp("us", "UTC"))
    return parsed, int(frame.get_column("naive").sum())


_BOOL_TEXT = {"true": True, "false": False, "True": True, "False": False}


def _bools(values: Sequence[bool | str | None]) -> pa.Array:
    # CloudTrail writes readOnly as a JSON bool but mfaAuthenticated as the text "true".
    return pa.array(
        [v if v is None or v is True or v is False else _BOOL_TEXT.get(v) for v in values],
        pa.bool_(),
    )


def _invalid(values: Sequence[Any]) -> list[int]:
    bad = []
    for index, value in enumerate(values):
        try:
            bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            bad.append(index)
    return bad


def _joined(values: Sequence[Any]) -> tuple[bytes, np.ndarray]:
    count = len(values)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=count), out=offsets[1:])
    return b"".join(values), offsets


def _text_array(values: Sequence[Any], joined: tuple[bytes, np.ndarray] | None = None) -> pa.Array:
    """Arrow large_string of bytes-like ``values``; the JSON text ``null`` becomes a null."""
    data, offsets = joined if joined is not None else _joined(values)
    count = len(values)
    # Null where the text is JSON null: the only 4-byte JSON text that starts with "n".
    lengths = np.diff(offsets)
    nonempty = lengths > 0
    first = np.zeros(count, dtype=np.uint8)
    first[nonempty] = np.frombuffer(data, dtype=np.uint8)[offsets[:-1][nonempty]]
    valid = ~((lengths == 4) & (first == 0x6E))
    array = pa.LargeStringArray.from_buffers(
        count,
        pa.py_buffer(offsets),
        pa.py_buffer(data),
        pa.py_buffer(np.packbits(valid, bitorder="little")),
        count - int(valid.sum()),
    )
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        raise InvalidRows(_invalid(values)) from None
    return array


def _candidate_rows(low: bytes, offsets: np.ndarray) -> list[int]:
    """Rows whose lower-cased text holds a needle; one search per needle per such row."""
    rows: set[int] = set()
    ends = offsets[1:]
    for needle in _NEEDLES:
        at = low.find(needle)
        while at >= 0:
            row = int(np.searchsorted(ends, at, side="right"))
            rows.add(row)
            at = low.find(needle, int(ends[row]))
    return sorted(rows)


def _raws(values: Sequence[msgspec.Raw]) -> pa.Array:
    """One column of members as JSON text, secrets redacted.

    The column is searched once, joined and lower-cased, for the short needles secret key
    names contain; only members with a hit are checked precisely and rewritten.
    """
    joined = _joined(values)
    rows = _candidate_rows(joined[0].lower(), joined[1])
    if not rows:
        return _text_array(values, joined)
    redacted: list[Any] = list(values)
    for row in rows:
        member = bytes(redacted[row])
        if _SECRET_IN_LOWER.search(member.lower()) is not None:
            redacted[row] = redact_json(member)
    return _text_array(redacted)


def _has_known_extra(r: Record) -> bool:
    identity = r.userIdentity
    if (
        r.version is not NULL
        or r.apiVersion is not NULL
        or r.addendum is not NULL
        or r.edgeDeviceDetails is not NULL
        or r.insightDetails is not NULL
    ):
        return True
    if identity is None:
        return False
    if identity.inScopeOf is not NULL or (
        identity.onBehalfOf is not None and identity.onBehalfOf.identityStoreArn is not None
    ):
        return True
    context = identity.sessionContext
    return context is not None and (
        context.assumedRoot is not NULL
        or (
            context.webIdFederationData is not None
            and context.webIdFederationData.attributes is not NULL
        )
    )


def fast_extras(records: Sequence[Record]) -> list[dict[str, Any] | None]:
    """``known_extra`` of each record, called only where a rarely-set member is present."""
    return [known_extra(r) if _has_known_extra(r) else None for r in records]


def _encode_extra(extra: dict[str, Any]) -> bytes:
    data = msgspec.json.encode(extra)
    if maybe_secret(data):
        data = redact_json(data)
    return data


def records_table(
    records: Sequence[Record],
    extras: Sequence[dict[str, Any] | None],
    source_file: str,
) -> tuple[pa.Table, int]:
    """EVENTS table of ``records`` (``event_time`` may be null: the caller quarantines those)
    and how many event times had no zone."""
    ids = [r.userIdentity or EMPTY_IDENTITY for r in records]
    ctx = [i.sessionContext or EMPTY_CONTEXT for i in ids]
    attrs = [c.attributes or EMPTY_ATTRIBUTES for c in ctx]
    issuer = [c.sessionIssuer or EMPTY_ISSUER for c in ctx]
    web = [c.webIdFederationData or EMPTY_WEB for c in ctx]
    obo = [i.onBehalfOf or EMPTY_OBO for i in ids]
    tls = [r.tlsDetails or EMPTY_TLS for r in records]
    event_time, naive = _timestamps(
        [r.eventTime if r.eventTime is not None else r.timestamp for r in records]
    )
    text: dict[str, list[str | None]] = {
        "event_version": [r.eventVersion for r in records],
        "event_source": [r.eventSource for r in records],
        "event_name": [r.eventName for r in records],
        "aws_region": [r.awsRegion for r in records],
        "source_ip_address": [r.sourceIPAddress for r in records],
        "user_agent": [r.userAgent for r in records],
        "error_code": [r.errorCode for r in records],
        "error_message": [r.errorMessage for r in records],
        "event_type": [r.eventType for r in records],
        "event_category": [r.eventCategory for r in records],
        "recipient_account_id": [r.recipientAccountId for r in records],
        "event_id": [r.eventID for r in records],
        "request_id": [r.requestID for r in records],
        "shared_event_id": [r.sharedEventID for r in records],
        "vpc_endpoint_id": [r.vpcEndpointId for r in records],
        "vpc_endpoint_account_id": [r.vpcEndpointAccountId for r in records],
        "tls_version": [t.tlsVersion for t in tls],
        "tls_cipher_suite": [t.cipherSuite for t in tls],
        "tls_client_provided_host_header": [t.clientProvidedHostHeader for t in tls],
        "identity_type": [i.type for i in ids],
        "identity_arn": [i.arn for i in ids],
        "identity_principal_id": [i.principalId for i in ids],
        "identity_account_id": [i.accountId for i in ids],
        "access_key_id": [i.accessKeyId for i in ids],
        "identity_user_name": [i.userName for i in ids],
        "invoked_by": [i.invokedBy for i in ids],
        "identity_provider": [i.identityProvider for i in ids],
        "credential_id": [i.credentialId for i in ids],
        "on_behalf_of_user_id": [o.userId for o in obo],
        "session_issuer_type": [s.type for s in issuer],
        "session_issuer_arn": [s.arn for s in issuer],
        "session_issuer_principal_id": [s.principalId for s in issuer],
        "session_issuer_user_name": [s.userName for s in issuer],
        "session_issuer_account_id": [s.accountId for s in issuer],
        "source_identity": [c.sourceIdentity for c in ctx],
        "ec2_role_delivery": [c.ec2RoleDelivery for c in ctx],
        "web_id_federation_provider": [w.federatedProvider for w in web],
    }
    count = len(records)
    columns: dict[str, pa.Array] = {
        # all-null columns (VPC endpoint, web identity...) are common: list.count is a C loop
        name: pa.nulls(count, pa.large_string())
        if values.count(None) == count
        else pa.array(values, pa.large_string())
        for name, values in text.items()
    }
    columns["event_time"] = event_time
    columns["session_creation_date"] = _timestamps([a.creationDate for a in attrs])[0]
    columns["read_only"] = _bools([r.readOnly for r in records])
    columns["management_event"] = _bools([r.managementEvent for r in records])
    columns["session_credential_from_console"] = _bools(
        [r.sessionCredentialFromConsole for r in records]
    )
    columns["mfa_authenticated"] = _bools([a.mfaAuthenticated for a in attrs])
    columns["request_parameters"] = _raws([r.requestParameters for r in records])
    columns["response_elements"] = _raws([r.responseElements for r in records])
    columns["resources"] = _raws([r.resources for r in records])
    columns["additional_event_data"] = _raws([r.additionalEventData for r in records])
    columns["service_event_details"] = _raws([r.serviceEventDetails for r in records])
    columns["extra"] = _text_array(
        [b"null" if e is None else _encode_extra(e) for e in extras]
    )
    columns["source_file"] = pa.array([source_file] * len(records), pa.large_string())
    table = pa.Table.from_arrays([columns[name] for name in EVENTS_ARROW.names], schema=EVENTS_ARROW)
    return table, naive


def empty_events() -> pa.Table:
    return EVENTS_ARROW.empty_table()


def errors_arrow(rows: Sequence[tuple[str, int | None, str, str, str]]) -> pa.Table:
    """ERRORS table from (source_file, record_index, kind, reason, excerpt) tuples."""
    now = datetime.now(UTC)
    return pa.Table.from_pydict(
        {
            "source_file": [r[0] for r in rows],
            "record_index": [r[1] for r in rows],
            "error_kind": [r[2] for r in rows],
            "reason": [r[3] for r in rows],
            "excerpt": [r[4] for r in rows],
            "detected_at": [now] * len(rows),
        },
        schema=ERRORS_ARROW,
    )


__all__ = [
    "ERRORS_ARROW",
    "EVENTS_ARROW",
    "FREE_FORM",
    "InvalidRows",
    "empty_events",
    "errors_arrow",
    "fast_extras",
    "parse_timestamps",
    "records_table",
]
