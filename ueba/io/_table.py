"""Typed records to an Arrow table of EVENTS: one list comprehension per column, then Arrow.

This is the parser's hot path, so it walks the records once per column (no dict per row) and
leaves timestamps, booleans and ``"null"`` members to vectorised polars expressions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
import polars as pl
import pyarrow as pa

from ueba.io._records import (
    EMPTY_ATTRIBUTES,
    EMPTY_CONTEXT,
    EMPTY_IDENTITY,
    EMPTY_ISSUER,
    EMPTY_OBO,
    EMPTY_TLS,
    EMPTY_WEB,
    Record,
)
from ueba.io._redact import maybe_secret, redact_json
from ueba.schema import ERRORS, EVENTS, UTC_US, conform

FREE_FORM = (
    ("request_parameters", "requestParameters"),
    ("response_elements", "responseElements"),
    ("resources", "resources"),
    ("additional_event_data", "additionalEventData"),
    ("service_event_details", "serviceEventDetails"),
)

# Accepted spellings of eventTime, most common first. The last has no zone: read as UTC.
_TIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M:%S%.f%:z",
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%:z",
)
_NAIVE_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f")

EVENTS_ARROW: pa.Schema = pl.DataFrame(schema=dict(EVENTS)).to_arrow(
    compat_level=pl.CompatLevel.oldest()
).schema
ERRORS_ARROW: pa.Schema = pl.DataFrame(schema=dict(ERRORS)).to_arrow(
    compat_level=pl.CompatLevel.oldest()
).schema


def parse_timestamps(column: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(UTC timestamp, parsed-without-zone flag) for a column of ISO 8601 text."""
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
    return pl.coalesce([zoned, naive]).cast(UTC_US), zoned.is_null() & naive.is_not_null()


_BOOL_TEXT = {"true": True, "false": False, "True": True, "False": False}


def _bools(values: Sequence[bool | str | None]) -> list[bool | None]:
    # CloudTrail writes readOnly as a JSON bool but mfaAuthenticated as the text "true".
    return [v if v is None or v is True or v is False else _BOOL_TEXT.get(v) for v in values]


class InvalidRows(ValueError):
    """Records whose free-form members are not valid UTF-8 (msgspec.Raw does not check)."""

    def __init__(self, rows: list[int]) -> None:
        super().__init__(f"{len(rows)} record(s) with invalid UTF-8")
        self.rows = rows


def _invalid(values: Sequence[Any]) -> list[int]:
    bad = []
    for index, value in enumerate(values):
        try:
            bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            bad.append(index)
    return bad


def _raws(values: Sequence[msgspec.Raw], redact: bool) -> pa.Array:
    if redact:
        views: list[Any] = [
            redact_json(bytes(v)) if maybe_secret(v) else memoryview(v) for v in values
        ]
    else:
        views = [memoryview(v) for v in values]
    try:
        return pa.array(views, type=pa.binary()).cast(pa.string())
    except pa.ArrowInvalid:
        raise InvalidRows(_invalid(views)) from None


def records_table(
    records: Sequence[Record],
    extras: Sequence[dict[str, Any] | None],
    source_file: str,
    *,
    redact: bool,
) -> tuple[pl.DataFrame, int]:
    """EVENTS frame of ``records`` (event_time may be null: the caller quarantines those) and
    how many event times had no zone."""
    ids = [r.userIdentity or EMPTY_IDENTITY for r in records]
    ctx = [i.sessionContext or EMPTY_CONTEXT for i in ids]
    attrs = [c.attributes or EMPTY_ATTRIBUTES for c in ctx]
    issuer = [c.sessionIssuer or EMPTY_ISSUER for c in ctx]
    web = [c.webIdFederationData or EMPTY_WEB for c in ctx]
    obo = [i.onBehalfOf or EMPTY_OBO for i in ids]
    tls = [r.tlsDetails or EMPTY_TLS for r in records]
    text: dict[str, list[str | None]] = {
        "_time": [r.eventTime if r.eventTime is not None else r.timestamp for r in records],
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
        "_creation": [a.creationDate for a in attrs],
        "source_identity": [c.sourceIdentity for c in ctx],
        "ec2_role_delivery": [c.ec2RoleDelivery for c in ctx],
        "web_id_federation_provider": [w.federatedProvider for w in web],
    }
    columns: dict[str, Any] = {name: pa.array(values, pa.string()) for name, values in text.items()}
    columns["read_only"] = pa.array(_bools([r.readOnly for r in records]), pa.bool_())
    columns["management_event"] = pa.array(
        _bools([r.managementEvent for r in records]), pa.bool_()
    )
    columns["session_credential_from_console"] = pa.array(
        _bools([r.sessionCredentialFromConsole for r in records]), pa.bool_()
    )
    columns["mfa_authenticated"] = pa.array(_bools([a.mfaAuthenticated for a in attrs]), pa.bool_())
    for column, member in FREE_FORM:
        columns[column] = _raws([getattr(r, member) for r in records], redact)
    encoded = [None if e is None else _encode_extra(e, redact) for e in extras]
    try:
        columns["extra"] = pa.array(encoded, pa.binary()).cast(pa.string())
    except pa.ArrowInvalid:
        raise InvalidRows(_invalid([b"" if e is None else e for e in encoded])) from None
    frame = pl.from_arrow(pa.table(columns))
    assert isinstance(frame, pl.DataFrame)
    event_time, naive = parse_timestamps(pl.col("_time"))
    creation, _ = parse_timestamps(pl.col("_creation"))
    frame = frame.with_columns(
        event_time=event_time,
        session_creation_date=creation,
        _naive=naive,
        source_file=pl.lit(source_file, pl.String),
        **{
            column: pl.when(pl.col(column) != "null").then(pl.col(column))
            for column, _ in FREE_FORM
        },
    )
    naive_count = int(frame.get_column("_naive").sum())
    return frame, naive_count


def _encode_extra(extra: dict[str, Any], redact: bool) -> bytes:
    data = msgspec.json.encode(extra)
    if redact or maybe_secret(data):
        data = redact_json(data)
    return data


def events_arrow(frame: pl.DataFrame) -> pa.Table:
    """``frame`` as an Arrow table of exactly EVENTS (portable string types)."""
    out = conform(frame.lazy(), EVENTS).collect()
    return out.to_arrow(compat_level=pl.CompatLevel.oldest())


def errors_arrow(rows: Sequence[tuple[str, int | None, str, str, str]]) -> pa.Table:
    """ERRORS table from (source_file, record_index, kind, reason, excerpt) tuples."""
    now = datetime.now(UTC)
    frame = pl.DataFrame(
        {
            "source_file": [r[0] for r in rows],
            "record_index": [r[1] for r in rows],
            "error_kind": [r[2] for r in rows],
            "reason": [r[3] for r in rows],
            "excerpt": [r[4] for r in rows],
            "detected_at": [now] * len(rows),
        },
        schema=dict(ERRORS),
    )
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


__all__ = [
    "ERRORS_ARROW",
    "EVENTS_ARROW",
    "FREE_FORM",
    "InvalidRows",
    "errors_arrow",
    "events_arrow",
    "parse_timestamps",
    "records_table",
]
