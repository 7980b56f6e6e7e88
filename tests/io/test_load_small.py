"""A file within one chunk is read in one call and, when it is one whole gzip member, inflated
in one call sized by its trailer (``ueba.io._load._one_member``); everything else takes the
:class:`Inflater` as before. Both ways must give the same ``Loaded``: data, content hash,
problem."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import ClassVar

import pytest
from blake3 import blake3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from isal import igzip_lib

from ueba.io import _load
from ueba.io._decode import gunzip
from ueba.io._load import CHUNK_BYTES, HASH_BYTES, HASH_PREFIX, SMALL_BYTES, load_source
from ueba.io.sources import SourceFile

CAP = 512 << 20
_DECOMPRESSOR = igzip_lib.IgzipDecompressor


def _source(path: Path) -> SourceFile:
    return SourceFile(path=str(path), size=path.stat().st_size, version="1")


def _expected(stored: bytes, cap: int) -> tuple[bytes, str, tuple[str, str] | None]:
    """What the Inflater alone makes of ``stored`` (the path every file took before)."""
    digest = HASH_PREFIX + blake3(stored).hexdigest(HASH_BYTES)
    if stored[:2] != b"\x1f\x8b":
        return stored, digest, None
    data, problem = gunzip(stored, cap)
    return bytes(data), digest, problem


def _shapes() -> st.SearchStrategy[bytes]:
    text = st.binary(max_size=4_000)
    one = text.map(gzip.compress)
    several = st.lists(text, min_size=2, max_size=4).map(
        lambda parts: b"".join(gzip.compress(p) for p in parts)
    )
    padded = st.tuples(text, st.sampled_from([b"\x00", b"\n\n", b" "])).map(
        lambda pair: gzip.compress(pair[0]) + pair[1]
    )
    cut = st.tuples(text, st.integers(1, 40)).map(lambda pair: gzip.compress(pair[0])[: -pair[1]])
    flipped = st.tuples(text, st.integers(10, 200)).map(
        lambda pair: _flip(gzip.compress(pair[0]), pair[1])
    )
    junk_after = text.map(lambda t: gzip.compress(t) + b"not gzip")
    # the trailer's size (ISIZE) says anything: the one call is sized by it and must not trust it
    lying = st.tuples(text, st.integers(0, (1 << 32) - 1)).map(
        lambda pair: gzip.compress(pair[0])[:-4] + pair[1].to_bytes(4, "little")
    )
    near = st.tuples(text, st.integers(-2, 2)).map(
        lambda pair: _resize_trailer(gzip.compress(pair[0]), pair[1])
    )
    return st.one_of(one, several, padded, cut, flipped, junk_after, lying, near, text)


def _resize_trailer(data: bytes, by: int) -> bytes:
    size = (int.from_bytes(data[-4:], "little") + by) % (1 << 32)
    return data[:-4] + size.to_bytes(4, "little")


def _flip(data: bytes, at: int) -> bytes:
    if len(data) <= 12:
        return data
    at = 10 + at % (len(data) - 10)
    return data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stored=_shapes())
def test_a_small_file_loads_as_the_inflater_alone_reads_it(tmp_path: Path, stored: bytes) -> None:
    path = tmp_path / "f.json.gz"
    path.write_bytes(stored)
    loaded = load_source(_source(path), CAP)
    data, digest, problem = _expected(stored, CAP)
    assert bytes(loaded.data) == data
    assert loaded.problem == problem
    if problem is None or problem[0] != "too_large":
        assert loaded.content_hash == digest


def test_one_whole_member_takes_the_one_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.json.gz"
    path.write_bytes(gzip.compress(b'{"Records": []}' * 50))

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Inflater was used")

    monkeypatch.setattr(_load, "Inflater", refused)
    assert load_source(_source(path), CAP).data == b'{"Records": []}' * 50
    # two members are the Inflater's
    path.write_bytes(gzip.compress(b"a") + gzip.compress(b"b"))
    with pytest.raises(AssertionError, match="Inflater"):
        load_source(_source(path), CAP)


class _Sized:
    """``IgzipDecompressor`` recording the output bound of each one-call inflate."""

    bounds: ClassVar[list[int]] = []

    def __init__(self, **kwargs: object) -> None:
        self._inner = _DECOMPRESSOR(**kwargs)  # type: ignore[arg-type]

    def decompress(self, data: bytes, max_length: int) -> bytes:
        self.bounds.append(max_length)
        out: bytes = self._inner.decompress(data, max_length)
        assert len(out) <= max_length
        return out

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


@pytest.fixture
def sized(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """isal's one call, recording its bounds (libdeflate's, where built, is bounded by
    ``tests/io/test_inflate.py``)."""
    _Sized.bounds = []
    monkeypatch.setattr(_load, "_WHOLE_MEMBER", _load.isal_member)
    monkeypatch.setattr(igzip_lib, "IgzipDecompressor", _Sized)
    return _Sized.bounds


def test_a_file_whose_trailer_says_past_the_cap_is_streamed(
    tmp_path: Path, sized: list[int]
) -> None:
    # 4 MiB of zeros compress to about 4 KB: past a 1 MiB cap, so never one call.
    stored = zlib.compress(b"\x00" * (4 << 20), wbits=31)
    assert len(stored) < SMALL_BYTES
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(stored)
    loaded = load_source(_source(path), 1 << 20)
    assert sized == []
    assert loaded.problem is not None and loaded.problem[0] == "too_large"
    assert loaded.data == b""
    # with room for it, the same file is one call, sized once by its trailer
    assert bytes(load_source(_source(path), 8 << 30).data) == b"\x00" * (4 << 20)
    assert sized == [(4 << 20) + 1]


def test_a_trailer_that_lies_bounds_the_one_call_and_the_inflater_decides(
    tmp_path: Path, sized: list[int]
) -> None:
    stored = zlib.compress(b"\x00" * (4 << 20), wbits=31)
    lying = stored[:-4] + (100).to_bytes(4, "little")  # a bomb that says 100 bytes
    path = tmp_path / "bomb.json.gz"
    path.write_bytes(lying)
    loaded = load_source(_source(path), 1 << 20)
    assert sized == [101]  # the one call held at most 101 bytes, then gave up
    assert loaded.problem is not None and loaded.problem[0] == "too_large"
    assert loaded.data == b""
    # with room for all of it, the Inflater reads it and finds the trailer wrong
    sized.clear()
    loaded = load_source(_source(path), 8 << 30)
    assert sized == [101]
    assert loaded.problem is not None and loaded.problem[0] == "corrupt_gzip"
    assert (loaded.data, loaded.problem) == tuple(gunzip(lying, 8 << 30))


def test_a_file_within_one_chunk_is_one_call(tmp_path: Path, sized: list[int]) -> None:
    # about 600 KB stored: past the small-file size, within a chunk (the 1 GB corpus's
    # largest files are 658 KB)
    text = b"".join(b'{"eventID": "%d", "n": %d}' % (i, i * 7919 % 104729) for i in range(60_000))
    stored = gzip.compress(text, compresslevel=1)
    assert SMALL_BYTES < len(stored) < CHUNK_BYTES
    path = tmp_path / "big.json.gz"
    path.write_bytes(stored)
    loaded = load_source(_source(path), CAP)
    assert sized == [len(text) + 1]
    assert bytes(loaded.data) == text and loaded.problem is None
    assert loaded.content_hash == HASH_PREFIX + blake3(stored).hexdigest(HASH_BYTES)


def test_a_file_that_grew_after_it_was_listed_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.json.gz"
    path.write_bytes(gzip.compress(b"x" * 100))
    source = _source(path)
    grown = gzip.compress(b"x" * 100) + gzip.compress(b"y" * 5000)
    path.write_bytes(grown)
    loaded = load_source(source, CAP)
    assert loaded.problem is None and loaded.data == b"x" * 100 + b"y" * 5000
    assert loaded.content_hash == HASH_PREFIX + blake3(grown).hexdigest(HASH_BYTES)
