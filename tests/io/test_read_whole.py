"""A small local file read and inflated in one compiled call (``Members.read_whole``) against
what it replaces: ``SourceFile.read_small`` then the one-call inflate, from Python. For any
bytes, any size limit and any cap, the same stored bytes and the same member (or the same
refusal); for anything that is not a regular file, None, as ``read_small`` gives; and a file
loads to the same ``Loaded`` either way. One ``Members`` reads a worker's files one after
another with one decompressor, so no answer may depend on the files read before it."""

from __future__ import annotations

import gzip
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.io.test_inflate import _STORED
from ueba.io import _load
from ueba.io._load import load_source, whole_reader
from ueba.io._work import Worker
from ueba.io.sources import SourceFile

_inflate = pytest.importorskip("ueba.io._inflate", reason="the libdeflate extension is not built")
CAP = 512 << 20
_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _source(path: Path) -> SourceFile:
    return SourceFile(path=str(path), size=path.stat().st_size, version="1")


def _python_way(source: SourceFile, limit: int, cap: int) -> tuple[bytes, bytes | None] | None:
    """What ``load_source`` did from Python: ``read_small``, then the one-call inflate."""
    data = source.read_small(limit)
    if data is None:
        return None
    return data, _load._inflate_member(data, cap, _inflate.gzip_member)


# The limit and the cap around the file's own sizes: under, at and past each edge.
_EDGES = st.sampled_from([-1, 0, 0, 1, 1 << 20])


@_SETTINGS
@given(files=st.lists(st.tuples(_STORED, _EDGES, _EDGES), min_size=1, max_size=10))
def test_the_compiled_read_gives_what_read_small_and_the_inflate_gave(
    tmp_path: Path, files: list[tuple[bytes, int, int]]
) -> None:
    kept = _inflate.Members()  # one decompressor for every file, as a worker's
    for k, (stored, by_limit, by_cap) in enumerate(files):
        path = tmp_path / f"{k}.json.gz"
        path.write_bytes(stored)
        source = _source(path)
        announced = int.from_bytes(stored[-4:], "little") if len(stored) >= 4 else 0
        limit = max(1, len(stored) + 1 + by_limit)
        cap = max(0, min(CAP, announced + by_cap))
        assert kept.read_whole(str(path), limit, cap) == _python_way(source, limit, cap)
        assert load_source(source, cap, read_whole=kept.read_whole) == load_source(source, cap)


def test_files_of_every_size_one_after_another_are_read_exactly(
    tmp_path: Path,
) -> None:
    kept = _inflate.Members()
    texts = [b"a" * 200_000 + bytes(range(256)) * 300, b'{"Records": []}', b"", b"xy" * 5_000]
    for k, text in enumerate([*texts, *reversed(texts)]):
        path = tmp_path / f"{k}.json.gz"
        path.write_bytes(gzip.compress(text, 1 + k % 9))
        got = kept.read_whole(str(path), 1 << 20, CAP)
        assert got == (path.read_bytes(), text)
        plain = tmp_path / f"{k}.json"
        plain.write_bytes(text)
        assert kept.read_whole(str(plain), 1 << 20, CAP) == (text, None)


def test_what_is_not_a_regular_file_is_not_read_here(tmp_path: Path) -> None:
    kept = _inflate.Members()
    fifo = tmp_path / "pipe.json.gz"
    os.mkfifo(fifo)  # opened without blocking: no writer, no hang
    assert kept.read_whole(str(fifo), 1 << 20, CAP) is None
    assert _source_like(fifo).read_small(1 << 20) is None
    assert kept.read_whole(str(tmp_path), 1 << 20, CAP) is None
    assert kept.read_whole(str(tmp_path / "missing.json.gz"), 1 << 20, CAP) is None
    assert kept.read_whole(str(tmp_path) + "/a\x00b", 1 << 20, CAP) is None
    target = tmp_path / "real.json.gz"
    target.write_bytes(gzip.compress(b"abc"))
    link = tmp_path / "link.json.gz"
    link.symlink_to(target)  # followed, as os.open follows it
    assert kept.read_whole(str(link), 1 << 20, CAP) == (target.read_bytes(), b"abc")
    # A name that is not UTF-8 (os.fsencode's surrogate escapes) names the same file.
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/\xff.json"))
    odd.write_bytes(b"plain")
    assert kept.read_whole(str(odd), 1 << 20, CAP) == (b"plain", None)


def _source_like(path: Path) -> SourceFile:
    return SourceFile(path=str(path), size=0, version="1")


def test_a_file_at_the_limit_or_past_it_is_left_to_python(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * 100)
    kept = _inflate.Members()
    assert kept.read_whole(str(path), 100, CAP) is None  # ``read_small``: size >= limit
    assert kept.read_whole(str(path), 101, CAP) == (b"x" * 100, None)
    stored = gzip.compress(b"y" * 1000)
    path.write_bytes(stored)
    assert kept.read_whole(str(path), 1 << 20, 999) == (stored, None)  # past the cap: streamed
    assert kept.read_whole(str(path), 1 << 20, 1000) == (stored, b"y" * 1000)


def test_an_object_store_key_is_never_read_as_a_local_path(tmp_path: Path) -> None:
    # ``s3://b/k`` is also a relative local path: only local sources take the compiled read.
    path = tmp_path / "f.json"
    path.write_bytes(b'{"Records": []}')
    asked: list[str] = []

    def read_whole(name: str, limit: int, cap: int) -> tuple[bytes, bytes | None] | None:
        asked.append(name)
        return None

    remote = SourceFile(path=str(path), size=15, version="1", _filesystem=_NoFilesystem())
    with pytest.raises(_Opened):
        load_source(remote, CAP, read_whole=read_whole)
    assert asked == []
    load_source(_source(path), CAP, read_whole=read_whole)
    assert asked == [str(path)]


def test_a_subclass_that_reads_its_own_way_is_read_its_own_way(tmp_path: Path) -> None:
    # A SourceFile subclass may override ``read_small`` (tests inject a helper's death there):
    # the compiled read must not go around it.
    path = tmp_path / "f.json"
    path.write_bytes(b"on disk")

    class Own(SourceFile):
        def read_small(self, limit: int) -> bytes | None:
            return b"its own"

    kept = _inflate.Members()
    own = Own(path=str(path), size=7, version="1")
    assert load_source(own, CAP, read_whole=kept.read_whole).data == b"its own"
    assert load_source(_source(path), CAP, read_whole=kept.read_whole).data == b"on disk"


class _Opened(Exception):
    """Raised by :class:`_NoFilesystem` when a read goes through the filesystem."""


class _NoFilesystem:
    def open_input_stream(self, path: str, compression: object = None) -> object:
        raise _Opened(path)


def test_threads_sharing_one_reader_each_get_their_own_file_or_none(tmp_path: Path) -> None:
    # The read and the inflate run without the GIL with the object's one decompressor: a call
    # made while another is inside gets None (the file is then read from Python), never
    # another file's bytes or a member inflated with tables being built for another.
    files = []
    for k in range(4):
        text = bytes([65 + k]) * 200_000 + bytes(range(256)) * (300 * (k + 1))
        path = tmp_path / f"{k}.json.gz"
        path.write_bytes(gzip.compress(text, k + 1))
        files.append((str(path), path.read_bytes(), text))
    kept = _inflate.Members()
    wrong: list[int] = []

    def run(k: int) -> None:
        name, stored, text = files[k]
        for _ in range(30):
            got = kept.read_whole(name, 1 << 20, CAP)
            if got is not None and got != (stored, text):
                wrong.append(k)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_a_worker_reads_small_files_through_its_decompressor(tmp_path: Path) -> None:
    worker = Worker(
        tmp_path, "w", known_hashes=frozenset(), max_decompressed_bytes=CAP, row_group_rows=1024
    )
    assert isinstance(worker.inflate, _inflate.Members)
    assert worker.read_whole == worker.inflate.read_whole
    assert whole_reader(_load.isal_member) is None  # where libdeflate is not built
