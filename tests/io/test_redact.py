"""Issue 11 items 11 and 12: redaction has no depth limit and matches names however spelled."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.io.conftest import MakeRecord
from ueba.io._redact import (
    NEEDLES,
    NOT_SECRET,
    REDACTED,
    SECRET_NAMES,
    is_secret_key,
    needs_redaction,
    normalise,
    redact_json,
)
from ueba.io.cloudtrail import parse_bytes

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FREE_FORM = [
    "requestParameters",
    "responseElements",
    "additionalEventData",
    "serviceEventDetails",
    "brandNew",
]

# The names of the issue, as written by AWS and by people.
ISSUE_NAMES = [
    ["session", "token"],
    ["refresh", "token"],
    ["key", "material"],
    ["x", "amz", "security", "token"],
    ["private", "key"],
    ["secret", "string"],
    ["secret", "binary"],
    ["password"],
    ["new", "password"],
    ["secret", "access", "key"],
    ["client", "secret"],
]


@st.composite
def spellings(draw: st.DrawFn) -> str:
    words = draw(st.sampled_from(ISSUE_NAMES))
    out = ""
    for index, word in enumerate(words):
        if index:
            out += draw(st.sampled_from(["", "_", "-", "__"]))
        out += "".join(c.upper() if draw(st.booleans()) else c for c in word)
    return out


def _output(parsed: Any) -> str:
    return json.dumps([parsed.events.to_pylist(), parsed.errors.to_pylist()], default=str)


# ---- 11. any depth --------------------------------------------------------------------------
@SETTINGS
@given(
    depth=st.integers(1, 900),
    lists=st.lists(st.booleans(), max_size=8),
    where=st.sampled_from(FREE_FORM),
)
def test_a_secret_at_any_decodable_depth_is_redacted(
    make_record: MakeRecord, depth: int, lists: list[bool], where: str
) -> None:
    value: Any = {"password": "PLANTED-DEEP-SECRET"}  # stored in clear 250 levels down
    for level in range(depth):
        value = [value] if lists and lists[level % len(lists)] else {"k": value}
    parsed = parse_bytes(json.dumps([make_record(1, **{where: value})]).encode(), "deep.json")
    assert parsed.events.num_rows + parsed.errors.num_rows == 1
    assert "PLANTED-DEEP-SECRET" not in _output(parsed)


def test_a_record_too_deep_to_inspect_is_quarantined_with_its_secret_redacted(
    make_record: MakeRecord,
) -> None:
    deep = '{"k": ' * 5_000 + '{"password": "PLANTED-DEEP-SECRET"}' + "}" * 5_000
    record = json.dumps([make_record(1, requestParameters="HERE")]).replace('"HERE"', deep)
    parsed = parse_bytes(record.encode(), "deeper.json")
    assert (parsed.events.num_rows, parsed.errors.column("error_kind").to_pylist()) == (
        0,
        ["too_deep"],
    )
    assert "PLANTED-DEEP-SECRET" not in _output(parsed)


# ---- 12. names, values, JSON in text --------------------------------------------------------
@SETTINGS
@given(
    name=spellings(),
    kind=st.sampled_from(["text", "number", "list", "object", "json_in_text"]),
    where=st.sampled_from(FREE_FORM),
    nest=st.lists(st.sampled_from(["parameters", "items", "Config"]), max_size=3),
)
def test_a_secret_name_in_any_spelling_hides_any_value(
    make_record: MakeRecord, name: str, kind: str, where: str, nest: list[str]
) -> None:
    value: Any = {
        "text": "PLANTED-SECRET-TEXT",
        "number": 987654321987654,
        "list": ["PLANTED-SECRET-TEXT", 987654321987654],
        "object": {"kty": "RSA", "d": "PLANTED-SECRET-TEXT"},
        "json_in_text": "PLANTED-SECRET-TEXT",
    }[kind]
    member: Any = {name: value, "keep": "visible"}
    if kind == "json_in_text":  # a template or document held as a string value
        member = {"templateBody": json.dumps({"Resources": {"Db": {"Properties": {name: value}}}})}
    for key in nest:
        member = {key: member}
    parsed = parse_bytes(json.dumps([make_record(1, **{where: member})]).encode(), "s.json")
    assert parsed.events.num_rows == 1
    text = _output(parsed)
    assert "PLANTED-SECRET-TEXT" not in text and "987654321987654" not in text
    assert kind == "json_in_text" or "visible" in text


def test_flags_and_password_policy_settings_stay(make_record: MakeRecord) -> None:
    policy = {
        "minimumPasswordLength": 6,
        "passwordReusePrevention": 1,
        "maxPasswordAge": 400,
        "passwordResetRequired": True,
        "requireSymbols": False,
        "newPassword": None,
    }
    parsed = parse_bytes(json.dumps([make_record(1, requestParameters=policy)]).encode(), "p.json")
    assert json.loads(parsed.events.column("request_parameters")[0].as_py()) == policy


def test_a_key_written_with_json_escapes_is_still_a_secret(make_record: MakeRecord) -> None:
    data = json.dumps([make_record(1, requestParameters={"KEY": "PLANTED-SECRET-TEXT"})]).encode()
    data = data.replace(b'"KEY"', b'"session\\u0054oken"')
    assert "PLANTED-SECRET-TEXT" not in _output(parse_bytes(data, "e.json"))


def test_access_key_ids_and_similar_identifiers_stay() -> None:
    for key in (
        "accessKeyId",
        "secretId",
        "SecretArn",
        "nextToken",
        "tokenCode",
        "keyId",
        "passwordLastUsed",
    ):
        assert not is_secret_key(key), key
    out = json.loads(
        redact_json(b'{"accessKeyId": "ASIAKEEP", "secretId": "arn:aws:x", "SecretString": "s"}')
    )
    assert out == {"accessKeyId": "ASIAKEEP", "secretId": "arn:aws:x", "SecretString": REDACTED}


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_every_listed_name_is_found_by_the_byte_test_and_the_walk(name: str) -> None:
    assert normalise(name) == name and name not in NOT_SECRET
    assert any(needle.decode() in name for needle in NEEDLES)
    for spelling in (name, name.upper(), f"my_{name}", f"x-{name}-value"):
        raw = json.dumps({spelling: "PLANTED"}).encode()
        assert is_secret_key(spelling) and needs_redaction(raw)
        assert b"PLANTED" not in redact_json(raw)


@given(st.text(max_size=40))
def test_a_text_without_a_needle_never_needs_redaction(text: str) -> None:
    raw = json.dumps({"k": text}, ensure_ascii=False).encode()
    if not any(needle in raw.lower() for needle in NEEDLES):
        assert not needs_redaction(raw)
