"""The one-call inflate by libdeflate (``ueba.io._inflate``) against isal's, which it replaces
where it is built: for any bytes and any size, the same output or the same refusal (None),
and every file it takes read exactly as gzip reads it. A refusal sends the file to the
streaming path, so a second member or bytes after the member are never dropped.

One difference, found by the fuzz harness: a header with reserved flag bits set (RFC 1952:
they must be zero) is refused by libdeflate and read by isal; refused, the file takes the
streaming path (isal's), so it loads the same either way (asserted below)."""

from __future__ import annotations

import gzip
import struct
import threading
import tracemalloc
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io import _load
from ueba.io._load import isal_member, load_source
from ueba.io._work import Worker
from ueba.io.sources import SourceFile

_inflate = pytest.importorskip("ueba.io._inflate", reason="the libdeflate extension is not built")
gzip_member = _inflate.gzip_member
CAP = 512 << 20
RESERVED_FLAGS = 0xE0


def _member(text: bytes, level: int, flags: int, name: bytes, extra: bytes) -> bytes:
    """A gzip member with the header's optional fields (FEXTRA, FNAME, FCOMMENT, FHCRC)."""
    header = bytearray(b"\x1f\x8b\x08" + bytes([flags]) + b"\x00\x00\x00\x00\x00\xff")
    if flags & 4:
        header += struct.pack("<H", len(extra)) + extra
    if flags & 8:
        header += name + b"\x00"
    if flags & 16:
        header += b"a comment\x00"
    if flags & 2:
        header += struct.pack("<H", zlib.crc32(header) & 0xFFFF)
    body = zlib.compressobj(level, zlib.DEFLATED, -15)
    deflated = body.compress(text) + body.flush()
    trailer = struct.pack("<II", zlib.crc32(text), len(text) & 0xFFFFFFFF)
    return bytes(header) + deflated + trailer


_TEXT = st.one_of(
    st.binary(max_size=3_000),
    st.lists(st.sampled_from([b'{"eventName": "GetObject", ', b'"awsRegion": "us-east-1"}, '])).map(
        b"".join
    ),
)
_MEMBERS = st.builds(
    _member,
    _TEXT,
    st.integers(0, 9),
    st.sampled_from([0, 2, 4, 8, 16, 30, 0x20, 0x42, 0x80]),
    st.binary(max_size=12).map(lambda b: b.replace(b"\x00", b"n")),
    st.binary(max_size=20),
)


def _damaged(draw: st.DrawFn) -> bytes:
    one = draw(_MEMBERS)
    how = draw(st.sampled_from(["one", "two", "garbage", "padding", "cut", "crc", "isize", "flip"]))
    if how == "two":
        return one + draw(_MEMBERS)
    if how == "garbage":
        return one + draw(st.binary(min_size=1, max_size=30))
    if how == "padding":
        return one + b"\x00" * draw(st.integers(1, 8))
    if how == "cut":
        return one[: -draw(st.integers(1, min(len(one), 40)))]
    if how == "crc":
        crc = int.from_bytes(one[-8:-4], "little") ^ (1 << draw(st.integers(0, 31)))
        return one[:-8] + crc.to_bytes(4, "little") + one[-4:]
    if how == "isize":
        size = (int.from_bytes(one[-4:], "little") + draw(st.integers(-3, 3))) % (1 << 32)
        return one[:-4] + size.to_bytes(4, "little")
    if how == "flip":
        at = draw(st.integers(0, len(one) - 1))
        return one[:at] + bytes([one[at] ^ draw(st.integers(1, 255))]) + one[at + 1 :]
    return one


_STORED = st.one_of(st.composite(_damaged)(), st.binary(max_size=64), st.just(b""))
_SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _announced(stored: bytes) -> int:
    return int.from_bytes(stored[-4:], "little") if len(stored) >= 4 else 0


@_SETTINGS
@given(stored=_STORED, by=st.sampled_from([0, 0, 0, -1, 1, 100]))
def test_libdeflate_and_isal_give_the_same_bytes_or_the_same_refusal(
    stored: bytes, by: int
) -> None:
    size = max(0, _announced(stored) + by)
    if size > CAP:
        return  # the caller never asks past the cap
    got = gzip_member(stored, size)
    if len(stored) > 3 and stored[3] & RESERVED_FLAGS:
        assert got is None  # libdeflate's refusal; the streaming path reads it as before
        return
    assert got == isal_member(stored, size)
    if got is not None:
        # taken only when the file is exactly one member of that size, read as gzip reads it
        assert got == gzip.decompress(stored)
        assert len(got) == size


@_SETTINGS
@given(stored=_STORED)
def test_a_file_loads_the_same_whichever_inflates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored: bytes
) -> None:
    path = tmp_path / "f.json.gz"
    path.write_bytes(stored)
    source = SourceFile(path=str(path), size=len(stored), version="1")
    monkeypatch.setattr(_load, "_WHOLE_MEMBER", gzip_member)
    compiled = load_source(source, CAP)
    monkeypatch.setattr(_load, "_WHOLE_MEMBER", isal_member)
    assert load_source(source, CAP) == compiled


def test_the_compiled_one_call_is_used_where_it_is_built() -> None:
    assert _load._WHOLE_MEMBER is gzip_member


def test_a_second_member_or_trailing_bytes_are_refused_not_dropped(tmp_path: Path) -> None:
    one, two = gzip.compress(b"first " * 100), gzip.compress(b"second " * 100)
    assert gzip_member(one, 600) == b"first " * 100
    assert gzip_member(one + two, 600) is None
    assert gzip_member(one + two, 1300) is None
    assert gzip_member(one + b"\n", 600) is None
    # so the whole file is read, both members and nothing lost
    path = tmp_path / "two.json.gz"
    path.write_bytes(one + two)
    loaded = load_source(SourceFile(path=str(path), size=path.stat().st_size, version="1"), CAP)
    assert loaded.problem is None and bytes(loaded.data) == b"first " * 100 + b"second " * 100


def test_a_bomb_whose_trailer_lies_holds_no_more_than_the_trailer_says() -> None:
    stored = zlib.compress(b"\x00" * (8 << 20), wbits=31)
    lying = stored[:-4] + (100).to_bytes(4, "little")
    tracemalloc.start()
    try:
        assert gzip_member(lying, 100) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 << 10  # never the 8 MiB the member holds
    assert gzip_member(stored, 8 << 20) == b"\x00" * (8 << 20)


def test_empty_members_and_empty_files() -> None:
    assert gzip_member(gzip.compress(b""), 0) == b""
    assert gzip_member(b"", 0) is None
    assert gzip_member(gzip.compress(b"")[:-1], 0) is None
    assert gzip_member(bytearray(gzip.compress(b"abc")), 3) == b"abc"
    assert gzip_member(gzip.compress(b"abc"), -1) is None


@settings(_SETTINGS, max_examples=150)
@given(files=st.lists(st.tuples(_STORED, st.sampled_from([0, 0, 0, -1, 1])), max_size=12))
def test_one_decompressor_kept_across_files_answers_as_a_new_one_per_file(
    files: list[tuple[bytes, int]],
) -> None:
    # A worker's files go through one ``Members``: what one member leaves in the decompressor
    # (its tables, the fixed codes' tables, a refusal halfway) must not change the next's answer.
    kept = _inflate.Members()
    for stored, by in files:
        size = max(0, _announced(stored) + by)
        if size <= CAP:
            assert kept(stored, size) == gzip_member(stored, size)


def test_one_decompressor_shared_by_threads_gives_each_its_own_member() -> None:
    # The call runs without the GIL: a second thread inside it at once gets a decompressor of
    # its own instead of sharing tables being built.
    texts = [bytes([65 + k]) * 300_000 + bytes(range(256)) * (400 * (k + 1)) for k in range(4)]
    members = [(gzip.compress(text, k + 1), text) for k, text in enumerate(texts)]
    kept = _inflate.Members()
    wrong: list[int] = []

    def run(k: int) -> None:
        stored, text = members[k]
        for _ in range(30):
            if kept(stored, len(text)) != text:
                wrong.append(k)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_a_worker_keeps_one_decompressor_and_loads_files_as_before(tmp_path: Path) -> None:
    inflate = _load.member_inflater()
    assert isinstance(inflate, _inflate.Members)
    assert isinstance(
        Worker(
            tmp_path, "w", known_hashes=frozenset(), max_decompressed_bytes=CAP, row_group_rows=1024
        ).inflate,
        _inflate.Members,
    )
    for k, text in enumerate([b'{"Records": []}', b"x" * 70_000, b"", b"not gzip"]):
        path = tmp_path / f"{k}.json.gz"
        path.write_bytes(gzip.compress(text) if k < 3 else text)
        source = SourceFile(path=str(path), size=path.stat().st_size, version="1")
        assert load_source(source, CAP, inflate=inflate) == load_source(source, CAP)
        assert load_source(source, CAP, inflate=inflate).data == text
