"""A helper's job names its files as three columns when they are plain local files."""

from __future__ import annotations

import pickle
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.io._source_file import FileColumns, SourceFile, _source_file, as_columns
from ueba.io.sources import list_sources

_PLAIN = st.builds(
    lambda path, size, version: _source_file(path, size, version, None, None, None, ""),
    st.text(min_size=1, max_size=30),
    st.integers(min_value=0, max_value=2**62),
    st.text(alphabet="0123456789", min_size=1, max_size=20),
)


@settings(max_examples=100, deadline=None)
@given(files=st.lists(_PLAIN, max_size=40))
def test_plain_files_go_as_columns_and_come_back_equal_after_pickling(
    files: list[SourceFile],
) -> None:
    sent = as_columns(files)
    assert isinstance(sent, FileColumns)
    back = pickle.loads(pickle.dumps(sent, protocol=5))
    assert len(back) == len(files)
    assert [back[i] for i in range(len(files))] == files
    assert all(type(back[i]) is SourceFile and back[i].plain_local for i in range(len(files)))
    assert list(back[1:3]) == files[1:3]


class _Own(SourceFile):
    """A subclass reads its files its own way: it must reach the helper as itself."""


def test_files_that_are_not_plain_go_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").write_text("{}")
    listed = list_sources([tmp_path])
    assert [f.path for f in as_columns(listed)] == [f.path for f in listed]
    skipped = SourceFile(path="c", size=0, version="1", skipped="a FIFO")
    refused = SourceFile(path="d", size=1, version="1", refused="a key with ..")
    remote = _source_file("s3://b/k", 3, "1", None, None, object(), "b/k")
    own = _Own(path="e", size=1, version="1")
    for odd in (skipped, refused, remote, own):
        files = [*listed, odd]
        assert as_columns(files) is files
