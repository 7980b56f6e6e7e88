"""Secret redaction, done before anything is written.

A key is secret when its lower-cased name contains one of :data:`SECRET_KEY_PARTS`
(``sessionToken``, ``secretAccessKey``, ``password``, ``newPassword``, ``PasswordData`` ...).
Access key IDs are identifiers and stay. Checking bytes for a hint first keeps the common case
(no secret anywhere in a file) free: JSON is only decoded and rewritten where a hint is found.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

REDACTED = "<redacted>"

SECRET_KEY_PARTS = (
    "password",
    "passphrase",
    "sessiontoken",
    "secretaccesskey",
    "secretstring",
    "secretbinary",
    "privatekey",
    "clientsecret",
)
_HINTS = tuple(part.encode() for part in SECRET_KEY_PARTS)

# For text that is not valid JSON (quarantine excerpts): the value after a secret key.
_TEXT_SECRET = re.compile(
    rb'("[^"]*(?i:' + b"|".join(_HINTS) + rb')[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"?)'
)


def maybe_secret(data: bytes | memoryview) -> bool:
    """Cheap test: could ``data`` contain a secret key? False means it certainly does not."""
    low = bytes(data).lower()
    return any(hint in low for hint in _HINTS)


def is_secret_key(key: str) -> bool:
    low = key.lower()
    return any(part in low for part in SECRET_KEY_PARTS)


def _walk(value: Any, depth: int = 0) -> Any:
    if depth > 200:  # msgspec refuses deeper documents anyway; stop well before Python's limit
        return value
    if isinstance(value, dict):
        return {
            # Only string values: passwordResetRequired (a bool) or minimumPasswordLength (a
            # number) are settings a detector wants, not secrets.
            key: (REDACTED if isinstance(item, str) and is_secret_key(key) else _walk(item, depth + 1))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_walk(item, depth + 1) for item in value]
    return value


def redact_json(raw: bytes) -> bytes:
    """``raw`` JSON with every secret value replaced by ``"<redacted>"``.

    Falls back to :func:`redact_text` when ``raw`` does not decode, so nothing secret slips
    through on malformed input.
    """
    try:
        value = msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return redact_text(raw)
    return msgspec.json.encode(_walk(value))


def redact_text(raw: bytes) -> bytes:
    """Regex redaction for text that may not be JSON (excerpts of broken records)."""
    return _TEXT_SECRET.sub(rb'\1"' + REDACTED.encode() + rb'"', raw)


def excerpt(raw: bytes, limit: int = 200) -> str:
    """Up to ``limit`` characters of ``raw`` for a quarantine row, secrets redacted first."""
    text = redact_text(raw[: limit * 8]).decode("utf-8", errors="replace")
    return text[:limit]


__all__ = [
    "REDACTED",
    "SECRET_KEY_PARTS",
    "excerpt",
    "is_secret_key",
    "maybe_secret",
    "redact_json",
    "redact_text",
]
