"""CloudTrail records as typed msgspec Structs, and a lenient path for records that do not fit.

The fast path decodes a whole file straight into :class:`Record` objects: only the fields the
EVENTS schema needs are materialised, free-form members stay :class:`msgspec.Raw` (their JSON
text, sliced out of the input without re-encoding). Every Struct forbids unknown fields, so a
record with a key we do not know fails the fast path and takes :func:`lenient_record`, which
keeps the unknown keys for ``extra``: nothing is dropped, and the common case stays fast.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import msgspec

NULL = msgspec.Raw(b"null")


class Attributes(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    creationDate: str | None = None
    mfaAuthenticated: str | bool | None = None


class Issuer(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    type: str | None = None
    principalId: str | None = None
    arn: str | None = None
    accountId: str | None = None
    userName: str | None = None


class WebIdentity(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    federatedProvider: str | None = None
    attributes: msgspec.Raw = NULL


class SessionContext(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    attributes: Attributes | None = None
    sessionIssuer: Issuer | None = None
    webIdFederationData: WebIdentity | None = None
    sourceIdentity: str | None = None
    ec2RoleDelivery: str | None = None
    assumedRoot: msgspec.Raw = NULL


class OnBehalfOf(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    userId: str | None = None
    identityStoreArn: str | None = None


class Identity(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    type: str | None = None
    principalId: str | None = None
    arn: str | None = None
    accountId: str | None = None
    accessKeyId: str | None = None
    userName: str | None = None
    invokedBy: str | None = None
    identityProvider: str | None = None
    credentialId: str | None = None
    sessionContext: SessionContext | None = None
    onBehalfOf: OnBehalfOf | None = None
    inScopeOf: msgspec.Raw = NULL


class Tls(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    tlsVersion: str | None = None
    cipherSuite: str | None = None
    clientProvidedHostHeader: str | None = None


class Record(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    eventVersion: str | None = None
    eventTime: str | None = None
    timestamp: str | None = msgspec.field(default=None, name="@timestamp")
    version: msgspec.Raw = msgspec.field(default=NULL, name="@version")
    eventSource: str | None = None
    eventName: str | None = None
    awsRegion: str | None = None
    sourceIPAddress: str | None = None
    userAgent: str | None = None
    errorCode: str | None = None
    errorMessage: str | None = None
    readOnly: bool | str | None = None
    eventType: str | None = None
    managementEvent: bool | str | None = None
    eventCategory: str | None = None
    recipientAccountId: str | None = None
    eventID: str | None = None
    requestID: str | None = None
    sharedEventID: str | None = None
    vpcEndpointId: str | None = None
    vpcEndpointAccountId: str | None = None
    sessionCredentialFromConsole: bool | str | None = None
    tlsDetails: Tls | None = None
    userIdentity: Identity | None = None
    requestParameters: msgspec.Raw = NULL
    responseElements: msgspec.Raw = NULL
    resources: msgspec.Raw = NULL
    additionalEventData: msgspec.Raw = NULL
    serviceEventDetails: msgspec.Raw = NULL
    # Known to CloudTrail but without a column: kept in ``extra``.
    apiVersion: msgspec.Raw = NULL
    addendum: msgspec.Raw = NULL
    edgeDeviceDetails: msgspec.Raw = NULL
    insightDetails: msgspec.Raw = NULL


class S3File(msgspec.Struct, gc=False):
    Records: list[Record]


EMPTY_IDENTITY = Identity()
EMPTY_CONTEXT = SessionContext()
EMPTY_ATTRIBUTES = Attributes()
EMPTY_ISSUER = Issuer()
EMPTY_WEB = WebIdentity()
EMPTY_OBO = OnBehalfOf()
EMPTY_TLS = Tls()

# JSON key -> msgspec field name where they differ
_RENAMED = {"@timestamp": "timestamp", "@version": "version"}
# ... and those field names, which are not the JSON keys: a plain "timestamp" is unknown
_NOT_KEYS = frozenset(_RENAMED.values())


def _present(raw: msgspec.Raw) -> bool:
    return raw is not NULL and bytes(raw) != b"null"


def known_extra(record: Record) -> dict[str, Any] | None:
    """Members CloudTrail defines but EVENTS has no column for (``@version``, ``addendum``...)."""
    out: dict[str, Any] = {}
    for key, raw in (
        ("@version", record.version),
        ("apiVersion", record.apiVersion),
        ("addendum", record.addendum),
        ("edgeDeviceDetails", record.edgeDeviceDetails),
        ("insightDetails", record.insightDetails),
    ):
        if _present(raw):
            out[key] = raw
    identity = record.userIdentity
    if identity is not None:
        nested: dict[str, Any] = {}
        if _present(identity.inScopeOf):
            nested["inScopeOf"] = identity.inScopeOf
        if identity.onBehalfOf is not None and identity.onBehalfOf.identityStoreArn is not None:
            nested["onBehalfOf"] = {"identityStoreArn": identity.onBehalfOf.identityStoreArn}
        context = identity.sessionContext
        if context is not None:
            inner: dict[str, Any] = {}
            if _present(context.assumedRoot):
                inner["assumedRoot"] = context.assumedRoot
            web = context.webIdFederationData
            if web is not None and _present(web.attributes) and bytes(web.attributes) != b"{}":
                inner["webIdFederationData"] = {"attributes": web.attributes}
            if inner:
                nested["sessionContext"] = inner
        if nested:
            out["userIdentity"] = nested
    return out or None


# ---------------------------------------------------------------------------------------------
# Lenient path: any JSON object, one key at a time, unknown keys kept.
# ---------------------------------------------------------------------------------------------


class BadRecord(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


_OBJECT = dict[str, msgspec.Raw]


def _as_str(raw: msgspec.Raw) -> str | None:
    data = bytes(raw)
    if data == b"null":
        return None
    if data[:1] == b'"':
        value: str = msgspec.json.decode(data, type=str)
        return value
    # A number or bool where text was expected (eventVersion 1.10): keep the literal as written,
    # never via float, so "1.10" stays "1.10".
    return data.decode()


def _as_bool(raw: msgspec.Raw) -> bool | str | None:
    data = bytes(raw).strip().lower()
    if data in (b"true", b'"true"'):
        return True
    if data in (b"false", b'"false"'):
        return False
    if data == b"null":
        return None
    raise ValueError(data)


def _decode_object(raw: msgspec.Raw) -> dict[str, msgspec.Raw] | None:
    try:
        value = msgspec.json.decode(raw, type=_OBJECT)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError, RecursionError):
        return None
    return value


def _build(cls: type[msgspec.Struct], raw: msgspec.Raw, extra: dict[str, Any], key: str) -> Any:
    """A Struct of ``cls`` from the JSON object ``raw``; what does not fit goes to ``extra``."""
    members = _decode_object(raw)
    if members is None:
        if bytes(raw) != b"null":
            extra[key] = raw
        return None
    return _build_from(cls, members, extra, key)


def _build_from(
    cls: type[msgspec.Struct], members: dict[str, msgspec.Raw], extra: dict[str, Any], key: str
) -> Any:
    fields: dict[str, str] = dict(cls.__annotations__)
    kwargs: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    for name, value in members.items():
        field = _RENAMED.get(name, name)
        hint = None if name in _NOT_KEYS else fields.get(field)
        if hint is None:
            unknown[name] = value
            continue
        try:
            kwargs[field] = _convert(hint, value, unknown, name)
        except (ValueError, msgspec.DecodeError, msgspec.ValidationError):
            unknown[name] = value
    if unknown:
        extra[key] = unknown
    return cls(**kwargs)


_NESTED: dict[str, type[msgspec.Struct]] = {
    "Identity | None": Identity,
    "SessionContext | None": SessionContext,
    "Attributes | None": Attributes,
    "Issuer | None": Issuer,
    "WebIdentity | None": WebIdentity,
    "OnBehalfOf | None": OnBehalfOf,
    "Tls | None": Tls,
}


def _convert(hint: str, value: msgspec.Raw, unknown: dict[str, Any], name: str) -> Any:
    if hint == "msgspec.Raw":
        return value
    if hint == "str | None":
        return _as_str(value)
    if hint in ("bool | str | None", "str | bool | None"):
        return _as_bool(value)
    nested = _NESTED.get(hint)
    if nested is not None:
        holder: dict[str, Any] = {}
        built = _build(nested, value, holder, name)
        if holder:
            unknown.update(holder)
        return built
    raise ValueError(hint)


def lenient_record(raw: bytes | bytearray | msgspec.Raw) -> tuple[Record, dict[str, Any] | None]:
    """Decode one record whatever its keys; raise :class:`BadRecord` when it is not usable."""
    try:
        bytes(raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        # RFC 8259 JSON is UTF-8; guessing an encoding would silently change values.
        raise BadRecord(
            "invalid_utf8",
            f"the record is not valid UTF-8 (byte {exc.start}); re-export the source as UTF-8",
        ) from None
    try:
        members = msgspec.json.decode(raw, type=_OBJECT)
    except RecursionError:
        raise BadRecord(
            "too_deep", "the record is nested more deeply than JSON decoding allows"
        ) from None
    except msgspec.ValidationError:
        try:
            msgspec.json.decode(raw)
        except RecursionError:
            raise BadRecord(
                "too_deep", "the record is nested more deeply than JSON decoding allows"
            ) from None
        except msgspec.DecodeError as exc:
            raise BadRecord("not_json", f"the record is not valid JSON ({exc})") from None
        raise BadRecord("not_cloudtrail", "the record is JSON but not an object") from None
    except msgspec.DecodeError as exc:
        raise BadRecord("not_json", f"the record is not valid JSON ({exc})") from None
    holder: dict[str, Any] = {}
    record: Record = _build_from(Record, members, holder, "_")
    extra: dict[str, Any] = dict(holder.get("_", {}))
    for key, value in (known_extra(record) or {}).items():
        if isinstance(value, dict) and isinstance(extra.get(key), dict):
            extra[key] = {**value, **extra[key]}
        else:
            extra.setdefault(key, value)
    return record, extra or None


DERIVED_ID_PREFIX = "ueba:"


def derived_event_id(source_file: str, index: int, content: bytes) -> str:
    """The eventID given to a record that has none: ``ueba:`` and 32 hex digits.

    ``source_file`` is made absolute (URLs are kept), so the same file named from another
    working directory gives the same IDs.
    """
    where = source_file if "://" in source_file else os.path.abspath(source_file)
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{where}\0{index}\0".encode())
    digest.update(content)
    return DERIVED_ID_PREFIX + digest.hexdigest()


def looks_like_cloudtrail(record: Record) -> bool:
    return (
        record.eventName is not None or record.eventSource is not None or record.eventID is not None
    )


__all__ = [
    "DERIVED_ID_PREFIX",
    "EMPTY_ATTRIBUTES",
    "EMPTY_CONTEXT",
    "EMPTY_IDENTITY",
    "EMPTY_ISSUER",
    "EMPTY_OBO",
    "EMPTY_TLS",
    "EMPTY_WEB",
    "NULL",
    "BadRecord",
    "Record",
    "S3File",
    "derived_event_id",
    "known_extra",
    "lenient_record",
    "looks_like_cloudtrail",
]
