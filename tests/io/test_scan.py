"""The compiled scanner gives exactly the pure-Python parser's tables, or refuses the file.

A refused file is read by the pure path (see ``Worker._process``), so "identical, or refused"
is the whole contract; the tests also insist that ordinary records are *accepted*, so they
exercise the compiled code rather than its refusals.
"""

from __future__ import annotations

import copy
import gzip
import json
import sys
import warnings
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io._decode import gunzip
from ueba.io._native import ScanBatch, ScanUnavailable, load_scanner
from ueba.io._redact import NEEDLES
from ueba.io.cloudtrail import parse_bytes

from .conftest import BASE_RECORD

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
scan_module = load_scanner(warn=False)
compiled = pytest.mark.skipif(scan_module is None, reason="the compiled scanner is not built")


def _scan(document: bytes, name: str = "f.json") -> pa.Table | None:
    batch = ScanBatch(scan_module)
    if batch.scan(document, name) < 0:
        assert batch.rows == 0, "a refused file must leave nothing behind"
        return None
    return batch.take()


def _assert_same(document: bytes, name: str = "f.json") -> pa.Table | None:
    """The compiled table of ``document`` equals the pure one (None when refused)."""
    table = _scan(document, name)
    if table is not None:
        pure = parse_bytes(document, name)
        assert pure.errors.num_rows == 0
        for column in pure.events.column_names:
            assert table.column(column).equals(pure.events.column(column)), column
        assert table.schema.equals(pure.events.schema)
    return table


def _sample_documents() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix in (".json", ".gz"))


@compiled
@pytest.mark.parametrize("path", _sample_documents(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_real_sample_scans_to_the_pure_table(path: Path) -> None:
    data = path.read_bytes()
    document = gunzip(data, 1 << 30)[0] if data[:2] == b"\x1f\x8b" else data
    _assert_same(document, str(path))


@compiled
def test_real_samples_are_accepted_not_refused() -> None:
    refused = []
    for path in _sample_documents():
        data = path.read_bytes()
        document = gunzip(data, 1 << 30)[0] if data[:2] == b"\x1f\x8b" else data
        if _scan(document, str(path)) is None:
            refused.append(path.name)
    assert len(refused) <= len(_sample_documents()) // 10, refused


# -- generated records --------------------------------------------------------------------

_TEXT_KEYS = [
    "eventVersion",
    "eventSource",
    "awsRegion",
    "sourceIPAddress",
    "userAgent",
    "errorCode",
    "errorMessage",
    "eventCategory",
    "recipientAccountId",
    "requestID",
    "sharedEventID",
    "vpcEndpointId",
    "eventType",
]
_FREE_FORM = [
    "requestParameters",
    "responseElements",
    "resources",
    "additionalEventData",
    "serviceEventDetails",
]
_SECRET_KEYS = [
    "password",
    "SessionToken",
    "secretAccessKey",
    "newPassword",
    "private_key",
    "clientSecret",
    "sessionName",
    "Passphrase",
]

# Text with everything JSON escapes: quotes, backslashes, controls, non-BMP, lone surrogates.
_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(['"', "\\", "/", "\n", "\t", "\x00", "\x1f", "é", "😀", "\u2028"]),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    ),
    max_size=20,
)
_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    _text,
)
_json = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(_text, st.sampled_from(_SECRET_KEYS)), inner, max_size=4),
    ),
    max_leaves=25,
)


def _deep(depth: int) -> Any:
    value: Any = {"password": "hunter2"}
    for _ in range(depth):
        value = [value]
    return value


_time = st.one_of(
    st.builds(
        "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}Z".format,
        st.integers(1970, 2100),
        st.integers(1, 12),
        st.integers(1, 31),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.sampled_from(["", ".1", ".123", ".123456", ".1234567"]),
    ),
    st.sampled_from(["2024-07-01T10:00:00+02:00", "2024-07-01 10:00:00", "not a time", ""]),
    st.integers(0, 2**40),
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    record = copy.deepcopy(BASE_RECORD)
    for key in draw(st.lists(st.sampled_from(_TEXT_KEYS), max_size=5, unique=True)):
        record[key] = draw(st.one_of(_text, st.none(), st.integers(), st.booleans()))
    for key in draw(st.lists(st.sampled_from(_FREE_FORM), max_size=5, unique=True)):
        record[key] = draw(st.one_of(_json, st.builds(_deep, st.integers(0, 300))))
    if draw(st.booleans()):
        record["eventTime"] = draw(_time)
    if draw(st.integers(0, 9)) == 0:
        record.pop("eventTime")
        record["@timestamp"] = draw(_time)
    for key in ("readOnly", "managementEvent", "sessionCredentialFromConsole"):
        if draw(st.booleans()):
            record[key] = draw(st.sampled_from([True, False, None, "true", "False", "yes", 1]))
    identity = record["userIdentity"]
    if draw(st.integers(0, 4)) == 0:
        identity["accessKeyId"] = draw(st.one_of(_text, st.none(), st.integers()))
    if draw(st.integers(0, 4)) == 0:
        identity["sessionContext"]["attributes"]["creationDate"] = draw(st.one_of(_time, st.none()))
    if draw(st.integers(0, 9)) == 0:
        identity[draw(st.sampled_from(["inScopeOf", "unknownKey", "onBehalfOf"]))] = draw(_json)
    if draw(st.integers(0, 9)) == 0:
        record[draw(st.sampled_from(["apiVersion", "addendum", "@version", "brandNewKey"]))] = draw(
            _json
        )
    if draw(st.integers(0, 19)) == 0:
        record["userIdentity"] = draw(st.one_of(st.none(), _text))
    return record


def _encode(value: Any, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


@compiled
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch=st.lists(records(), min_size=1, max_size=4),
    shape=st.sampled_from(["s3", "array", "ndjson"]),
    ascii_only=st.booleans(),
)
def test_generated_records_scan_to_the_pure_table(
    batch: list[dict[str, Any]], shape: str, ascii_only: bool
) -> None:
    if shape == "s3":
        document = _encode({"Records": batch}, ascii_only)
    elif shape == "array":
        document = _encode(batch, ascii_only)
    else:
        document = b"\n".join(_encode(record, ascii_only) for record in batch) + b"\n"
    _assert_same(document)


@compiled
@settings(max_examples=150, deadline=None)
@given(
    batch=st.lists(
        st.fixed_dictionaries(
            {"eventName": _text, "requestParameters": _json, "userAgent": _text}
        ).map(lambda extra: {**copy.deepcopy(BASE_RECORD), **extra}),
        min_size=1,
        max_size=3,
    )
)
def test_records_of_valid_text_are_accepted(batch: list[dict[str, Any]]) -> None:
    document = json.dumps({"Records": batch}, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        document.decode("utf-8")
    except UnicodeDecodeError:
        return  # a lone surrogate (hypothesis draws them): the pure path's to quarantine
    table = _assert_same(document)
    assert table is not None and table.num_rows == len(batch)


@compiled
def test_secrets_in_free_form_members_are_redacted_by_the_shared_rules() -> None:
    record = {
        **copy.deepcopy(BASE_RECORD),
        "responseElements": {
            "credentials": {"sessionToken": "IQoJb3JpZ2lu", "accessKeyId": "ASIAX"}
        },
        "requestParameters": {"Password": "hunter2", "passwordLength": 12},
        "apiVersion": {"clientSecret": "s3cr3t"},
    }
    table = _assert_same(json.dumps({"Records": [record]}).encode())
    assert table is not None
    text = json.dumps(table.to_pylist()[0], default=str)
    for secret in ("IQoJb3JpZ2lu", "hunter2", "s3cr3t"):
        assert secret not in text
    assert "ASIAX" in text and "12" in text


@compiled
@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"   ",
        b"{",
        b'{"Records": [',
        b'{"Records": [{"eventName": "A", "eventTime": "2024-07-01T00:00:00Z"}',
        b'{"Records": []} trailing',
        b'{"Records": [{"eventName": "A", "eventTime": "2024-07-01T00:00:00Z"}], "x": 1}',
        b'[{"eventName": "A", "eventTime": "2024-07-01T00:00:00Z", "eventName": "B"}]',
        b'[{"eventName": "A", "eventTime": "2024-07-01T00:00:00Z", "requestParameters": {"a": 01}}]',
        b'[{"eventName": "\xff", "eventTime": "2024-07-01T00:00:00Z"}]',
        b'[{"eventName": "\\ud800", "eventTime": "2024-07-01T00:00:00Z"}]',
        b'[{"eventName": "A", "eventTime": "2024-02-30T00:00:00Z"}]',
        b'[{"eventType": "AwsCloudTrailInsight", "eventTime": "2024-07-01T00:00:00Z", "eventName": "A"}]',
        b'{"eventName": "A",\n "eventTime": "2024-07-01T00:00:00Z"}',
        b'[{"eventName": "A", "eventTime": "2024-07-01T00:00:00Z", "resources": '
        + b"[" * 400
        + b"]" * 400
        + b"}]",
    ],
)
def test_damaged_or_unusual_documents_are_refused_whole(document: bytes) -> None:
    batch = ScanBatch(scan_module)
    good = b'[{"eventName": "Kept", "eventID": "e1", "eventTime": "2024-07-01T00:00:00Z"}]'
    assert batch.scan(good, "good.json") == 1
    assert batch.scan(document, "bad.json") == -1
    table = batch.take()
    assert table.column("event_name").to_pylist() == ["Kept"]


@compiled
def test_many_files_become_one_batch_with_each_file_named() -> None:
    batch = ScanBatch(scan_module)
    for k in range(50):
        record = {**copy.deepcopy(BASE_RECORD), "eventID": f"id-{k}"}
        assert batch.scan(json.dumps({"Records": [record, record]}).encode(), f"f{k}.json") == 2
    table = batch.take()
    assert table.num_rows == 100
    assert table.column("source_file").to_pylist()[::2] == [f"f{k}.json" for k in range(50)]
    assert batch.rows == 0


def test_without_the_compiled_scanner_ingest_warns_once_and_reads_the_pure_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ueba

    monkeypatch.delenv("UEBA_SCANNER", raising=False)
    monkeypatch.setitem(sys.modules, "ueba.io._scan", None)  # makes the import fail
    path = tmp_path / "in" / "a.json.gz"
    path.parent.mkdir()
    batch = [{**BASE_RECORD, "eventID": f"id-{k}"} for k in range(3)]
    path.write_bytes(gzip.compress(json.dumps({"Records": batch}).encode()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = ueba.ingest([path.parent], tmp_path / "lake", workers=1)
    assert report.events == 3
    assert [w.category for w in caught].count(ScanUnavailable) == 1


@compiled
def test_compiled_and_pure_ingest_write_the_same_lake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import polars as pl

    import ueba

    frames = []
    for switch in ("on", "off"):
        monkeypatch.setenv("UEBA_SCANNER", switch)
        lake = tmp_path / switch
        ueba.ingest([SAMPLES], lake, workers=1)
        frames.append(
            pl.read_parquet(lake / "events" / "**" / "*.parquet", hive_partitioning=False)
            .drop("ingested_at", strict=False)
            .sort("event_id", "source_file", "event_time", nulls_last=True)
        )
    assert frames[0].height > 0
    assert frames[0].equals(frames[1])


@compiled
@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([n.decode() for n in NEEDLES]).map(
                lambda n: "".join(c.upper() if i % 2 else c for i, c in enumerate(n))
            ),
            st.text(alphabet='pasTOKENsecretPRIVATEmaterialSHARED\\u0_-"{}:', max_size=12),
        ),
        max_size=8,
    ),
)
def test_the_needle_prefilter_finds_exactly_the_needles_in_lower_case(pieces: list[str]) -> None:
    span = "".join(pieces).encode()
    builder = scan_module.Builder(lambda member: member, NEEDLES, None)
    assert builder.has_needle(span) == any(n in span.lower() for n in NEEDLES)


@compiled
@pytest.mark.parametrize("needles", [NEEDLES, (b"key", *NEEDLES)], ids=["four-plus", "three"])
def test_the_needle_prefilter_finds_a_needle_at_every_offset_and_length(
    needles: tuple[bytes, ...],
) -> None:
    # The prefilter looks at every second offset when every needle has four bytes or more
    # (each needle has two probe windows a byte apart), at every offset otherwise: a needle
    # is found wherever it starts, up to the span's last byte, and a needle with one byte
    # changed is not.
    builder = scan_module.Builder(lambda member: member, needles, None)
    for needle in needles:
        spelled = bytes(c - 32 if 0x61 <= c <= 0x7A and k % 2 else c for k, c in enumerate(needle))
        for before in range(7):
            for after in range(3):
                span = b"x" * before + spelled + b"y" * after
                assert builder.has_needle(span), span
                broken = span[: before + len(needle) - 1] + b"#" + span[before + len(needle) :]
                assert builder.has_needle(broken) == any(n in broken.lower() for n in needles)
