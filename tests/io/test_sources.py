"""Local sources: files, directories (recursive), globs; hidden entries skipped; clear errors."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.exceptions import InputError, UebaError
from ueba.io.sources import list_sources


def _touch(root: Path, relative: str, data: bytes = b"{}") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_directory_is_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    layout = [
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/07/01/a.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/07/02/b.json.gz",
        "AWSLogs/444455556666/CloudTrail/eu-west-1/2024/07/01/c.json",
        "top.json",
    ]
    for relative in layout:
        _touch(tmp_path, relative)
    listed = list_sources([tmp_path])
    assert sorted(item.path for item in listed) == sorted(str(tmp_path / r) for r in layout)
    assert [item.path for item in listed] == [item.path for item in list_sources([tmp_path])]


def test_hidden_and_underscore_entries_are_skipped(tmp_path: Path) -> None:
    keep = _touch(tmp_path, "AWSLogs/1/keep.json.gz")
    for relative in (
        ".DS_Store",
        "AWSLogs/1/.partial.json.gz.tmp",
        ".git/config",
        "_manifest/files.parquet",
        "AWSLogs/_quarantine/x.json",
        "AWSLogs/1/_SUCCESS",
    ):
        _touch(tmp_path, relative)
    assert [item.path for item in list_sources([tmp_path])] == [str(keep)]


def test_a_file_carries_its_size_and_mtime_version_and_reads_its_bytes(tmp_path: Path) -> None:
    path = _touch(tmp_path, "one.json.gz", b"\x1f\x8b not really gzip")
    (item,) = list_sources([path])
    assert item.path == str(path) and item.size == path.stat().st_size
    assert item.version == str(path.stat().st_mtime_ns)
    assert item.read_bytes() == b"\x1f\x8b not really gzip"  # raw bytes: the parser decides
    assert item.refused is None
    os.utime(path, ns=(1, 2))
    (touched,) = list_sources([path])
    assert touched.version != item.version


def test_a_glob_matches_files_and_walks_matched_directories(tmp_path: Path) -> None:
    a = _touch(tmp_path, "AWSLogs/1/CloudTrail/us-east-1/2024/07/01/a.json.gz")
    b = _touch(tmp_path, "AWSLogs/2/CloudTrail/us-east-1/2024/07/01/b.json.gz")
    _touch(tmp_path, "AWSLogs/2/CloudTrail/us-east-1/2024/07/01/notes.txt")
    assert [i.path for i in list_sources([f"{tmp_path}/AWSLogs/**/*.json.gz"])] == [str(a), str(b)]
    walked = list_sources([f"{tmp_path}/AWSLogs/[12]"])
    assert len(walked) == 3


def test_a_file_named_twice_or_inside_a_named_directory_is_listed_once(tmp_path: Path) -> None:
    a = _touch(tmp_path, "d/a.json")
    _touch(tmp_path, "d/b.json")
    listed = list_sources([a, tmp_path / "d", str(a), f"{tmp_path}/d/*.json"])
    assert [item.path for item in listed] == [str(a), str(tmp_path / "d" / "b.json")]


def test_a_missing_path_error_reads_like_a_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir"
    with pytest.raises(InputError) as caught:
        list_sources([missing])
    message = str(caught.value)
    assert message.startswith(f"{missing}: no such file or directory.")
    assert "glob" in message and message.endswith(".")
    assert isinstance(caught.value, UebaError) and caught.value.path == str(missing)


@pytest.mark.parametrize("pattern", ["empty-dir", "*.nothing"])
def test_a_source_that_matches_nothing_is_an_error_naming_it(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "empty-dir").mkdir()
    source = str(tmp_path / pattern)
    with pytest.raises(InputError, match="matched no files") as caught:
        list_sources([source])
    assert caught.value.path == source


# Names with the characters CloudTrail keys and people's folders use, some hidden.
_name = st.from_regex(r"[._]?[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True)
_tree = st.lists(st.lists(_name, min_size=1, max_size=4), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(_tree)
def test_walking_lists_exactly_the_visible_files(paths: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        created: set[str] = set()
        for parts in paths:
            target = root.joinpath(*parts)
            # a name used both as a file and as a folder cannot exist on disk: keep the first
            if (
                any(root.joinpath(*parts[:i]).is_file() for i in range(1, len(parts) + 1))
                or target.is_dir()
            ):
                continue
            _touch(root, "/".join(parts))
            created.add(str(target))
        visible = {
            p
            for p in created
            if not any(part.startswith((".", "_")) for part in Path(p).relative_to(root).parts)
        }
        if not visible:
            with pytest.raises(InputError):
                list_sources([root])
            return
        listed = [item.path for item in list_sources([root])]
        assert len(listed) == len(set(listed))
        assert set(listed) == visible
        assert listed == [item.path for item in list_sources([root, root])]


def test_a_walked_file_equals_the_one_its_path_names(tmp_path: Path) -> None:
    """A directory walk builds its ``SourceFile``s without the dataclass's ``__init__``: each
    must be the very value a named file gives (every field, the hash, the repr, pickling)."""
    import dataclasses
    import pickle

    _touch(tmp_path, "AWSLogs/1/a.json.gz", b"x" * 17)
    _touch(tmp_path, "AWSLogs/1/b.json")
    walked = list_sources([tmp_path])
    for item in walked:
        (named,) = list_sources([item.path])
        assert item == named
        assert hash(item) == hash(named)
        assert repr(item) == repr(named)
        for f in dataclasses.fields(named):
            assert getattr(item, f.name) == getattr(named, f.name)
        assert not hasattr(item, "__dict__")  # slots: no dictionary per listed file
        assert pickle.loads(pickle.dumps(item)) == named
        with pytest.raises(dataclasses.FrozenInstanceError):
            item.size = 0  # type: ignore[misc]
    assert [item.size for item in walked] == [17, 2]


def test_read_small_reads_a_whole_regular_file_and_nothing_else(tmp_path: Path) -> None:
    data = b'{"Records": []}'
    path = _touch(tmp_path, "f.json", data)
    (source,) = list_sources([str(path)])
    assert source.read_small(len(data) + 1) == data
    assert source.read_small(len(data)) is None  # at the limit: read the usual way
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)  # opened without blocking, never read: no writer, no hang
    pipe = type(source)(path=str(fifo), size=0, version="0")
    assert pipe.read_small(1 << 20) is None
    gone = type(source)(path=str(tmp_path / "gone.json"), size=1, version="0")
    assert gone.read_small(1 << 20) is None
