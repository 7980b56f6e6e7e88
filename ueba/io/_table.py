"""Typed records to an Arrow table of EVENTS: one transpose per struct level, then Arrow.

This is the parser's hot path, so each level of struct (record, identity, session context...)
is turned into per-field tuples by one C-level transpose (``zip(*map(astuple, ...))``),
builds each free-form column from one joined buffer of the members' JSON text, and parses
timestamps with Arrow's vectorised ISO 8601 cast (polars formats only when that refuses).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

import msgspec
import numpy as np
import pyarrow as pa
from msgspec.structs import astuple

from ueba.io._records import (
    EMPTY_ATTRIBUTES,
    EMPTY_CONTEXT,
    EMPTY_IDENTITY,
    EMPTY_ISSUER,
    EMPTY_OBO,
    EMPTY_TLS,
    EMPTY_WEB,
    NULL,
    Attributes,
    Identity,
    Issuer,
    OnBehalfOf,
    Record,
    SessionContext,
    Tls,
    WebIdentity,
    known_extra,
)

if TYPE_CHECKING:
    import polars as pl

from ueba.io._arrow import ERRORS_ARROW, EVENTS_ARROW
from ueba.io._redact import NEEDLES, TooDeepToRedact, maybe_secret, needs_redaction, redact_json

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


def secret_needles() -> tuple[bytes, ...]:
    """``_redact``'s prefilter needles: a member holding none of them is never decoded."""
    return NEEDLES


def redact_member(member: bytes) -> bytes:
    """``member`` (JSON text) with secret values redacted, per ``_redact``'s rules.

    Raises :class:`TooDeepToRedact` like :func:`redact_json` (the record is quarantined)."""
    return redact_json(member) if needs_redaction(member) else member


class InvalidRows(ValueError):
    """Records to quarantine: free-form members that are not valid UTF-8 (msgspec.Raw does not
    check) or that are nested too deeply to be inspected for secrets."""

    def __init__(
        self,
        rows: list[int],
        kind: str = "invalid_utf8",
        reason: str = "the record is not valid UTF-8; re-export the source as UTF-8",
    ) -> None:
        super().__init__(f"{len(rows)} record(s): {reason}")
        self.rows = rows
        self.kind = kind
        self.reason = reason


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


def _timestamps(values: Sequence[str | None]) -> tuple[pa.Array, int]:
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


def _candidate_rows(low: bytes, offsets: np.ndarray, needles: tuple[bytes, ...]) -> list[int]:
    """Rows whose lower-cased text holds a needle; one search per needle per such row."""
    rows: set[int] = set()
    ends = offsets[1:]
    for needle in needles:
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
    rows = _candidate_rows(joined[0].lower(), joined[1], secret_needles())
    if not rows:
        return _text_array(values, joined)
    redacted: list[Any] = list(values)
    too_deep = []
    for row in rows:
        member = bytes(redacted[row])
        if needs_redaction(member):
            try:
                redacted[row] = redact_json(member)
            except TooDeepToRedact as exc:
                too_deep.append(row)
                reason = f"{exc}; it is quarantined rather than stored unchecked"
    if too_deep:
        raise InvalidRows(too_deep, "too_deep", reason)
    return _text_array(redacted)


_Columns = dict[str, tuple[Any, ...]]
_TOP_EXTRA = ("version", "apiVersion", "addendum", "edgeDeviceDetails", "insightDetails")


def _rows_with_extra(
    top: _Columns, identity: _Columns, context: _Columns, obo: _Columns, web: _Columns
) -> set[int]:
    """Rows where a rarely-set member ``known_extra`` keeps may be present (a superset).

    Absent members are the shared ``NULL`` (or ``None``), so ``tuple.count`` (identity first,
    a C loop) settles the common case of a column without any; only columns with one are
    walked, and ``known_extra`` decides on the rows found.
    """
    rows: set[int] = set()
    raws = [
        *(top[name] for name in _TOP_EXTRA),
        identity["inScopeOf"],
        context["assumedRoot"],
        web["attributes"],
    ]
    for column in raws:
        if column.count(NULL) != len(column):
            rows.update(i for i, value in enumerate(column) if value != NULL)
    store = obo["identityStoreArn"]
    if store.count(None) != len(store):
        rows.update(i for i, value in enumerate(store) if value is not None)
    return rows


def _encode_extra(extra: dict[str, Any]) -> bytes:
    data = msgspec.json.encode(extra)
    if maybe_secret(data):
        data = redact_json(data)
    return data


def _fields(structs: Sequence[Any], names: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """Each named field of ``structs`` as one tuple: one C-level transpose, no loop per field."""
    if not structs:
        return {name: () for name in names}
    transposed = zip(*map(astuple, structs), strict=True)
    columns = dict(zip(type(structs[0]).__struct_fields__, transposed, strict=True))
    return {name: columns[name] for name in names}


_TEXT_FIELDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "record",
        (
            ("event_version", "eventVersion"),
            ("event_source", "eventSource"),
            ("event_name", "eventName"),
            ("aws_region", "awsRegion"),
            ("source_ip_address", "sourceIPAddress"),
            ("user_agent", "userAgent"),
            ("error_code", "errorCode"),
            ("error_message", "errorMessage"),
            ("event_type", "eventType"),
            ("event_category", "eventCategory"),
            ("recipient_account_id", "recipientAccountId"),
            ("event_id", "eventID"),
            ("request_id", "requestID"),
            ("shared_event_id", "sharedEventID"),
            ("vpc_endpoint_id", "vpcEndpointId"),
            ("vpc_endpoint_account_id", "vpcEndpointAccountId"),
        ),
    ),
    (
        "tls",
        (
            ("tls_version", "tlsVersion"),
            ("tls_cipher_suite", "cipherSuite"),
            ("tls_client_provided_host_header", "clientProvidedHostHeader"),
        ),
    ),
    (
        "identity",
        (
            ("identity_type", "type"),
            ("identity_arn", "arn"),
            ("identity_principal_id", "principalId"),
            ("identity_account_id", "accountId"),
            ("access_key_id", "accessKeyId"),
            ("identity_user_name", "userName"),
            ("invoked_by", "invokedBy"),
            ("identity_provider", "identityProvider"),
            ("credential_id", "credentialId"),
        ),
    ),
    ("obo", (("on_behalf_of_user_id", "userId"),)),
    (
        "issuer",
        (
            ("session_issuer_type", "type"),
            ("session_issuer_arn", "arn"),
            ("session_issuer_principal_id", "principalId"),
            ("session_issuer_user_name", "userName"),
            ("session_issuer_account_id", "accountId"),
        ),
    ),
    ("context", (("source_identity", "sourceIdentity"), ("ec2_role_delivery", "ec2RoleDelivery"))),
    ("web", (("web_id_federation_provider", "federatedProvider"),)),
)


# The text columns in the order the compiled scanner (ueba/io/_scan.pyx) fills them.
TEXT_COLUMNS = tuple(column for _, fields in _TEXT_FIELDS for column, _ in fields)


def _present_or(values: Sequence[Any], empty: Any) -> list[Any]:
    return [empty if v is None else v for v in values]


def _text_columns(sources: dict[str, _Columns], count: int) -> dict[str, pa.Array]:
    """All text columns from one ``pa.array`` call, sliced (zero-copy) into columns.

    Each ``pa.array`` call has a fixed cost (an environment look-up among it); on a
    five-minute file of a dozen events, 37 calls cost more than the strings themselves."""
    values = [sources[source][field] for source, fields in _TEXT_FIELDS for _, field in fields]
    flat = pa.array(list(chain.from_iterable(values)), pa.large_string())
    return {name: flat.slice(k * count, count) for k, name in enumerate(TEXT_COLUMNS)}


def records_table(
    records: Sequence[Record],
    extras: Sequence[dict[str, Any] | None],
    source_file: str,
) -> tuple[pa.Table, int]:
    """EVENTS table of ``records`` (``event_time`` may be null: the caller quarantines those)
    and how many event times had no zone."""
    top = _fields(records, Record.__struct_fields__)
    ids = _present_or(top["userIdentity"], EMPTY_IDENTITY)
    identity = _fields(ids, ("sessionContext", "onBehalfOf", *Identity.__struct_fields__))
    ctx = _present_or(identity["sessionContext"], EMPTY_CONTEXT)
    context = _fields(ctx, SessionContext.__struct_fields__)
    attrs = _fields(
        _present_or(context["attributes"], EMPTY_ATTRIBUTES), Attributes.__struct_fields__
    )
    sources = {
        "record": top,
        "tls": _fields(_present_or(top["tlsDetails"], EMPTY_TLS), Tls.__struct_fields__),
        "identity": identity,
        "obo": _fields(
            _present_or(identity["onBehalfOf"], EMPTY_OBO), OnBehalfOf.__struct_fields__
        ),
        "issuer": _fields(
            _present_or(context["sessionIssuer"], EMPTY_ISSUER), Issuer.__struct_fields__
        ),
        "context": context,
        "web": _fields(
            _present_or(context["webIdFederationData"], EMPTY_WEB), WebIdentity.__struct_fields__
        ),
    }
    # Records from the fast path come with extra None: known_extra decides where a rarely-set
    # member is present (other paths computed theirs already, None meaning it found nothing).
    rows = _rows_with_extra(top, identity, context, sources["obo"], sources["web"])
    if rows:
        extras = list(extras)
        for row in rows:
            if extras[row] is None:
                extras[row] = known_extra(records[row])
    columns = _text_columns(sources, len(records))
    times = top["eventTime"]
    if times.count(None):
        times = tuple(
            t if t is not None else s for t, s in zip(times, top["timestamp"], strict=True)
        )
    columns["event_time"], naive = _timestamps(times)
    columns["session_creation_date"] = _timestamps(attrs["creationDate"])[0]
    columns["read_only"] = _bools(top["readOnly"])
    columns["management_event"] = _bools(top["managementEvent"])
    columns["session_credential_from_console"] = _bools(top["sessionCredentialFromConsole"])
    columns["mfa_authenticated"] = _bools(attrs["mfaAuthenticated"])
    for column, member in FREE_FORM:
        columns[column] = _raws(top[member])
    columns["extra"] = _text_array([b"null" if e is None else _encode_extra(e) for e in extras])
    columns["source_file"] = pa.array([source_file] * len(records), pa.large_string())
    table = pa.Table.from_arrays(
        [columns[name] for name in EVENTS_ARROW.names], schema=EVENTS_ARROW
    )
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
    "TEXT_COLUMNS",
    "InvalidRows",
    "empty_events",
    "errors_arrow",
    "parse_timestamps",
    "records_table",
    "redact_member",
    "secret_needles",
]
