"""Secret redaction, done before anything is written: the one place its rules live.

A key is secret when its *normalised* name (lower-cased, ``_`` and ``-`` removed, JSON escapes
decoded) contains one of :data:`SECRET_NAMES` and is not one of :data:`NOT_SECRET`. Its value,
whatever its type (text, number, list, object), becomes ``"<redacted>"``; ``true``, ``false``
and ``null`` stay, since one bit is no secret and flags such as ``passwordResetRequired`` are
what a detector reads. A text value that itself holds JSON (a CloudFormation template, an SSM
document) is decoded, redacted by the same rules and re-encoded. Access key IDs stay: they are
identifiers, not secrets.

Two entry points serve both the Python parser and the native scanner, which hand over raw JSON
spans: :func:`needs_redaction` (a cheap byte test, False means certainly nothing to redact) and
:func:`redact_json` (the redacted text). The walk is iterative, so depth is no limit; text too
deep for the JSON decoder raises :class:`TooDeepToRedact` and the caller quarantines it.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

REDACTED = "<redacted>"

#: Normalised names (lower case, no ``_`` or ``-``) that mark a key as secret when the key's
#: normalised name contains them. Each starts with, or holds, one of :data:`NEEDLES`.
SECRET_NAMES = (
    "password",  # password, newPassword, MasterUserPassword, PasswordData, db_password
    "passphrase",
    "passwd",
    "sessiontoken",  # sessionToken, session_token, AWS_SESSION_TOKEN
    "securitytoken",  # X-Amz-Security-Token
    "refreshtoken",  # Cognito, SSO OIDC
    "accesstoken",
    "idtoken",
    "authtoken",
    "authorizationtoken",  # ECR GetAuthorizationToken
    "secretaccesskey",
    "secretkey",
    "secretstring",  # Secrets Manager GetSecretValue / PutSecretValue
    "secretbinary",
    "clientsecret",
    "privatekey",  # ACM ExportCertificate, IoT CreateKeysAndCertificate
    "keymaterial",  # EC2 CreateKeyPair, KMS ImportKeyMaterial
    "presharedkey",  # site-to-site VPN tunnel options
)

#: Normalised names that contain a secret name but hold settings, not secrets (the account
#: password policy): kept so that a weakened policy stays visible.
NOT_SECRET = frozenset(
    {
        "minimumpasswordlength",
        "maxpasswordage",
        "passwordreuseprevention",
        "allowuserstochangepassword",
        "passwordresetrequired",
        "passwordlastused",
        "passwordpolicy",
        "expirepasswords",
        "hardexpiry",
    }
)

#: Byte strings that every spelling of every secret name contains once lower-cased (words are
#: searched whole, so ``session_token`` and ``SessionToken`` both hold ``token``), plus ``\u00``:
#: a key whose ASCII letters are written as JSON escapes hides them from a byte search. Each is one pass of
#: ``bytes.find`` over a whole column, so the list is kept short.
NEEDLES = (b"pass", b"token", b"secret", b"private", b"material", b"shared", b"\\u00")

_NAME_IN_KEY = re.compile("|".join(SECRET_NAMES))
# On lower-cased text with ``_`` and ``-`` removed: any secret name.
_NAME_IN_COMPACT = re.compile(b"|".join(name.encode() for name in SECRET_NAMES))

# On lower-cased text: a secret name with optional separators between its letters.
_NAME_IN_LOWER = re.compile(
    b"|".join(b"[-_]*".join(re.escape(bytes([c])) for c in name.encode()) for name in SECRET_NAMES)
)

#: For engines that only have regular expressions (polars, over OCSF JSON text): a member whose
#: key holds a secret name and whose value is a string; group 1 is the key and the colon.
TEXT_SECRET_MEMBER = (
    r'("[^"\\]*(?i:'
    + "|".join("[-_]*".join(name) for name in SECRET_NAMES)
    + r')[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"'
)

# For text that is not valid JSON (quarantine excerpts): a quoted secret key and its value.
_TEXT_SECRET = re.compile(
    rb'("[^"]*(?i:' + _NAME_IN_LOWER.pattern + rb')[^"]*"\s*:\s*)'
    rb'("(?:[^"\\]|\\.)*"?|-?[0-9][0-9.eE+-]*|\[[^\]]*\]?)'
)

_SEPARATORS = str.maketrans("", "", "_-")


class TooDeepToRedact(ValueError):
    """JSON nested too deeply to decode, so it cannot be inspected for secrets."""


def normalise(name: str) -> str:
    """``X-Amz-Security-Token`` -> ``xamzsecuritytoken``: how key names are compared."""
    return name.lower().translate(_SEPARATORS)


def is_secret_key(name: str) -> bool:
    """Whether the value under key ``name`` is redacted (when it is not a bool or null)."""
    key = normalise(name)
    return _NAME_IN_KEY.search(key) is not None and key not in NOT_SECRET


def needs_redaction(data: bytes | bytearray | memoryview) -> bool:
    """Cheap byte test on raw JSON: could it hold a secret? False means it certainly does not."""
    low = bytes(data).lower()
    if b"\\u00" in low:
        return True
    # Substring searches on the text without separators: far faster than one regex allowing a
    # separator between any two letters, and it finds the same names.
    return _NAME_IN_COMPACT.search(low.translate(None, b"_-")) is not None


def maybe_secret(data: bytes | bytearray | memoryview) -> bool:
    """Alias of :func:`needs_redaction`, kept for callers of the earlier name."""
    return needs_redaction(data)


def _is_json_text(value: str) -> bool:
    head = value.lstrip()[:1]
    return head in ("{", "[") and needs_redaction(value.encode())


def _redact_string(value: str) -> str:
    """A text value holding JSON, redacted; any other text unchanged."""
    try:
        inner = msgspec.json.decode(value)
    except (msgspec.DecodeError, RecursionError):
        return value
    if not isinstance(inner, dict | list):
        return value
    return msgspec.json.encode(redact_value(inner)).decode()


def _hidden(key: str, item: Any) -> Any:
    if item is None or isinstance(item, bool) or not is_secret_key(key):
        return item
    return REDACTED


def redact_value(value: Any) -> Any:
    """``value`` (decoded JSON) with every secret replaced; an iterative walk, in place.

    Containers are rewritten in place (they come from a decoder and belong to the caller);
    the return value is what to encode, which differs from ``value`` only for a top-level
    text.
    """
    if isinstance(value, str):
        return _redact_string(value) if _is_json_text(value) else value
    stack: list[Any] = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, item in node.items():
                hidden = _hidden(key, item)
                if hidden is not item:
                    node[key] = hidden
                elif isinstance(item, dict | list):
                    stack.append(item)
                elif isinstance(item, str) and _is_json_text(item):
                    node[key] = _redact_string(item)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, dict | list):
                    stack.append(item)
                elif isinstance(item, str) and _is_json_text(item):
                    node[index] = _redact_string(item)
    return value


def redact_json(raw: bytes | bytearray | memoryview) -> bytes:
    """``raw`` JSON with every secret value replaced by ``"<redacted>"``.

    Raises :class:`TooDeepToRedact` when ``raw`` is nested too deeply to decode; falls back to
    :func:`redact_text` when it is not JSON at all, so nothing secret slips through.
    """
    try:
        value = msgspec.json.decode(raw)
    except RecursionError:
        raise TooDeepToRedact("the JSON is nested too deeply to be inspected for secrets") from None
    except (msgspec.DecodeError, UnicodeDecodeError):
        return redact_text(bytes(raw))
    try:
        return msgspec.json.encode(redact_value(value))
    except RecursionError:
        raise TooDeepToRedact("the JSON is nested too deeply to be inspected for secrets") from None


def redact_text(raw: bytes) -> bytes:
    """Regex redaction for text that may not be JSON (excerpts of broken records)."""
    return _TEXT_SECRET.sub(rb'\1"' + REDACTED.encode() + rb'"', raw)


def excerpt(raw: bytes | bytearray, limit: int = 200) -> str:
    """Up to ``limit`` characters of ``raw`` for a quarantine row, secrets redacted first."""
    text = redact_text(bytes(raw[: limit * 8])).decode("utf-8", errors="replace")
    return text[:limit]


__all__ = [
    "NEEDLES",
    "NOT_SECRET",
    "REDACTED",
    "SECRET_NAMES",
    "TEXT_SECRET_MEMBER",
    "TooDeepToRedact",
    "excerpt",
    "is_secret_key",
    "maybe_secret",
    "needs_redaction",
    "normalise",
    "redact_json",
    "redact_text",
    "redact_value",
]
