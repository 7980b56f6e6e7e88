"""The compiled redaction (``_scan.Secrets``) gives exactly ``_redact``'s result, or defers.

``Secrets.redact(span)`` returns the bytes ``redact_member`` would store, or None when only the
Python rules can say (the scanner then calls them). Spans reach it validated by the scanner
(JSON, UTF-8), so the generated spans here are valid JSON and UTF-8 too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io._native import load_scanner
from ueba.io._redact import NOT_SECRET, SECRET_NAMES, needs_redaction
from ueba.io._table import redact_member

scan_module = load_scanner(warn=False)
pytestmark = pytest.mark.skipif(scan_module is None, reason="the compiled scanner is not built")


def _secrets() -> Any:
    assert scan_module is not None
    return scan_module.Secrets(SECRET_NAMES, NOT_SECRET)


_KEYS = [
    "password",
    "SessionToken",
    "sessionToken",
    "secretAccessKey",
    "secret_access_key",
    "Secret-Key",
    "newPassword",
    "private_key",
    "clientSecret",
    "KeyMaterial",
    "PreSharedKey",
    "X-Amz-Security-Token",
    "passwordResetRequired",
    "MinimumPasswordLength",
    "PasswordLastUsed",
    "sessionName",
    "accessKeyId",
    "tokenCode",
    "Passphrase",
    "\u212aeyMaterial",  # KELVIN SIGN: lower() makes it a "k"
    "pässword",
    "idToken",
    "",
]

_fragment = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(['"', "\\", "/", "\n", "\t", "\x00", "\x1f", "\x7f", "é", "😀", "\u2028"]),
    st.sampled_from([" ", "{", "[", "_", "-", "\\u00", "pass", "token", "word", "secret"]),
)
_text = st.one_of(st.lists(_fragment, max_size=12).map("".join), st.sampled_from(_KEYS))
_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**80), 2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    _text,
)
_json = st.recursive(
    _leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(_KEYS), _text), inner, max_size=5),
        # JSON held in a text value (a policy, a template): redacted inside too
        st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3).map(json.dumps),
        st.lists(inner, max_size=3).map(lambda items: " " + json.dumps(items)),
    ),
    max_leaves=30,
)


def _spellings(value: Any) -> st.SearchStrategy[bytes]:
    return st.sampled_from(
        [
            json.dumps(value).encode(),
            json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"),
            json.dumps(value, indent=2).encode(),
            json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode(
                "utf-8", "surrogatepass"
            ),
        ]
    )


def _check(span: bytes) -> bytes | None:
    try:
        span.decode("utf-8")
    except UnicodeDecodeError:
        return None  # the scanner refuses such a file before any span is redacted
    secrets = _secrets()
    assert secrets.needs(span) == needs_redaction(span)
    got: bytes | None = secrets.redact(span)
    if got is not None:
        assert got == redact_member(span), span
    return got


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    span=st.one_of(st.dictionaries(_text, _json, max_size=6), st.lists(_json)).flatmap(_spellings)
)
def test_compiled_redaction_equals_the_python_rules_or_defers(span: bytes) -> None:
    _check(span)


# Without floats and with plain keys: spans the C code answers itself, not defers.
_plain = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(_KEYS), _text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(_KEYS[:-3]), inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(span=st.dictionaries(st.sampled_from(_KEYS[:-3]), _plain, max_size=6).flatmap(_spellings))
def test_compiled_redaction_of_plain_members_equals_the_python_rules(span: bytes) -> None:
    _check(span)


@settings(max_examples=200, deadline=None)
@given(
    key=st.sampled_from(_KEYS),
    first=_leaf,
    second=_leaf,
    raw=st.sampled_from([b"-0", b"0", b"12345678901234567890123", b"1.5", b"1e3", b"-7"]),
)
def test_repeated_keys_and_number_spellings_match_the_python_rules(
    key: str, first: Any, second: Any, raw: bytes
) -> None:
    encoded = json.dumps(key).encode()
    span = b'{"a":[' + raw + b"]," + encoded + b":" + json.dumps(first).encode()
    span += b"," + encoded + b":" + json.dumps(second).encode() + b',"b":' + raw + b"}"
    _check(span)


def test_ordinary_secrets_are_redacted_in_c() -> None:
    spans = [
        b'{"credentials": {"accessKeyId": "ASIAEXAMPLE", "sessionToken": "IQoJ/+=",'
        b' "expiration": "Jul 1, 2024 10:00:00 PM"}, "assumedRoleUser": {"arn": "a"}}',
        b'{"userName": "bob", "password": "hunter2", "passwordResetRequired": true}',
        b'{"SecretString": {"nested": [1, -0, "x\\u00e9\\ud83d\\ude00\\/\\u0001"]}}',
        b'[{"private_key": null, "Key-Material": 42}, "tokenish", {"names": ["/db/password"]}]',
        b'{"MinimumPasswordLength": 8, "PresharedKey": ["a", {"b": 1}]}',
    ]
    for span in spans:
        got = _check(span)
        assert got is not None, span
        assert got != span  # re-encoded (compact) at least, and redacted where secret
    assert b"hunter2" not in (_check(spans[1]) or b"hunter2")
    assert b"IQoJ" not in (_check(spans[0]) or b"IQoJ")


def test_spans_without_a_secret_name_are_kept_as_they_came() -> None:
    span = b'{"bucketName" : "logs",  "key": "a/b\\/c"}'
    assert _secrets().redact(span) == span


def test_what_c_cannot_reproduce_is_left_to_python() -> None:
    secrets = _secrets()
    # a float (msgspec re-spells it), a repeated key, an escaped key, JSON text holding a
    # secret name, a top-level scalar
    for span in [
        b'{"password": "x", "ratio": 1.50}',
        b'{"password": "x", "password": "y"}',
        b'{"pass\\u0077ord": "x"}',
        b'{"policy": "{\\"password\\": \\"x\\"}"}',
        b'"{\\"password\\": 1}"',
    ]:
        assert secrets.redact(span) is None, span
        assert _check(span) is None


def test_secret_names_must_be_normalised() -> None:
    assert scan_module is not None
    with pytest.raises(ValueError, match="normalised"):
        scan_module.Secrets(("Password",), ())
    with pytest.raises(ValueError, match="two letters"):
        scan_module.Secrets(("p",), ())
