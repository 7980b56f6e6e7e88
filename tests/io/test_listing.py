"""The first helper lists local sources while the calling process imports (``ueba.io._listing``)."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import pickle
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ueba.io._entry as entry
from tests.io.conftest import MakeRecord
from ueba.exceptions import InputError
from ueba.io._ingest import _new_files
from ueba.io._listing import OwnListing, local_names, positions
from ueba.io._manifest import Known, read_manifest
from ueba.io._parallel import Claims
from ueba.io._source_file import FileColumns, SourceFile, _source_file, as_columns
from ueba.io._spawn import Helpers
from ueba.io.lake import ingest, scan_lake
from ueba.io.sources import list_columns, list_sources, listed_sources

_PLAIN = st.builds(
    lambda path, size, version: _source_file(path, size, version, None, None, None, ""),
    st.text(min_size=1, max_size=20),
    st.integers(min_value=0, max_value=2**62),
    st.text(alphabet="0123456789", min_size=1, max_size=20),
)


def test_only_local_paths_are_listed_by_a_helper(tmp_path: Path) -> None:
    assert local_names(["a", tmp_path, "b/**/*.gz"]) == ["a", str(tmp_path), "b/**/*.gz"]
    assert local_names(["a", "s3://bucket/AWSLogs/"]) is None  # listed where its errors show
    assert local_names(["a", SourceFile(path="x", size=1, version="1")]) is None
    assert local_names([]) is None


@settings(max_examples=100, deadline=None)
@given(
    listing=st.lists(_PLAIN, max_size=40),
    keep=st.lists(st.booleans(), min_size=40, max_size=40),
    columns=st.booleans(),
)
def test_a_jobs_files_by_position_are_the_plans_files_one_for_one(
    listing: list[SourceFile], keep: list[bool], columns: bool
) -> None:
    # The plan keeps the new files of the listing, in its order: a job naming them by their
    # positions in the helper's own copy gives that helper exactly these files.
    todo = [item for item, kept in zip(listing, keep, strict=False) if kept]
    found = positions(listing, todo)
    assert found is not None
    assert (found.positions is None) == (len(todo) == len(listing))
    sent = pickle.loads(pickle.dumps(found, protocol=5))
    own = as_columns(listing) if columns else list(listing)
    assert list(sent.files(own)) == todo


@settings(max_examples=60, deadline=None)
@given(
    listing=st.lists(_PLAIN, max_size=30, unique_by=lambda f: f.path),
    known=st.lists(st.booleans(), min_size=30, max_size=30),
    failed=st.lists(st.booleans(), min_size=30, max_size=30),
    retry=st.booleans(),
)
def test_the_plans_new_files_are_the_same_from_columns_and_named_by_position(
    listing: list[SourceFile], known: list[bool], failed: list[bool], retry: bool
) -> None:
    keys = [(f.path, f.size, f.version) for f in listing]
    seen = Known(
        files=frozenset(k for k, x in zip(keys, known, strict=False) if x),
        failed=frozenset(k for k, x, y in zip(keys, known, failed, strict=False) if y and not x),
        hashes=frozenset(),
    )
    expected = [
        f
        for f, k in zip(listing, keys, strict=True)
        if k not in seen.files and (retry or k not in seen.failed)
    ]
    columns = as_columns(listing)
    assert isinstance(columns, FileColumns)
    todo = _new_files(columns, seen, retry)
    assert list(todo) == list(_new_files(listing, seen, retry)) == expected
    # The job names them by position in the listing the helper keeps (columns of its own).
    found = positions(columns, todo)
    assert found is not None
    own = pickle.loads(pickle.dumps(columns, protocol=5))
    assert list(found.files(own)) == expected


def test_files_not_of_the_listing_are_not_named_by_position() -> None:
    listing = [_source_file(f"f{n}", n, "1", None, None, None, "") for n in range(4)]
    equal_copy = _source_file("f1", 1, "1", None, None, None, "")
    assert positions(listing, [listing[0], equal_copy]) is None  # by object, not by value
    assert positions(listing, [listing[2], listing[1]]) is None  # out of listing order
    with pytest.raises(RuntimeError):
        OwnListing(None).files(None)


def _write(directory: Path, make_record: MakeRecord, names: list[str], first: int) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(names):
        records = [make_record(first + n * 50 + k) for k in range(50)]
        (directory / name).write_bytes(gzip.compress(json.dumps({"Records": records}).encode()))


def test_a_helper_sends_the_listing_the_calling_process_would_make(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    _write(tmp_path / "in" / "sub", make_record, ["a.json.gz", "b.json.gz"], 0)
    (tmp_path / "in" / ".hidden.json.gz").write_bytes(b"")
    helpers = Helpers(1, [str(tmp_path / "in")])
    try:
        got = helpers.listing()
    finally:
        helpers.close()
    assert isinstance(got, FileColumns)  # as columns: the plan keeps them so
    assert list(got) == listed_sources([str(tmp_path / "in")], None)
    assert [p.exitcode for p in helpers.processes] == [0]


@pytest.mark.slow
def test_new_files_between_known_ones_are_each_read_once_by_position(
    tmp_path: Path, make_record: MakeRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The calling process must not list at all: the helper did.
    def refuse(*_: object) -> list[SourceFile]:
        raise AssertionError("the calling process listed the sources")

    monkeypatch.setattr(entry, "listed_sources", refuse)
    # The calling process claims only after the helper has (or none is left alive), so the
    # helper reads files by position in each run, however fast this process is.
    take = Claims.take

    def after_the_helper(self: Claims, counter: Any) -> list[int]:
        while counter.value == 0 and multiprocessing.active_children():
            time.sleep(0.01)
        return take(self, counter)

    monkeypatch.setattr(Claims, "take", after_the_helper)
    _write(tmp_path / "in", make_record, [f"{n:02d}.json.gz" for n in range(0, 16, 2)], 0)
    first = ingest(tmp_path / "in", tmp_path / "lake", workers=2)
    assert (first.events, first.files_read) == (400, 8)
    # New files sorted between the known ones: the job names positions 1, 3, 5, 7 ... of the
    # helper's listing; one off would read a known file again or a new one twice.
    _write(tmp_path / "in", make_record, [f"{n:02d}.json.gz" for n in range(1, 16, 4)], 1000)
    again = ingest(tmp_path / "in", tmp_path / "lake", workers=2)
    assert (again.files, again.files_read, again.files_unchanged) == (12, 4, 8)
    assert (again.events, again.duplicates, again.exit_code) == (200, 0, 0)
    manifest = read_manifest(tmp_path / "lake")
    assert manifest.height == manifest["path"].n_unique() == 12
    ids = scan_lake(tmp_path / "lake").select("event_id").collect().to_series()
    assert ids.len() == ids.n_unique() == 600


def test_a_listing_the_helper_cannot_make_fails_in_the_calling_process(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as raised:
        ingest(tmp_path / "missing", tmp_path / "lake", workers=2)
    assert str(tmp_path / "missing") in str(raised.value)


def test_file_columns_iterate_as_the_files_they_hold() -> None:
    files = [_source_file(f"p{n}", n, str(n), None, None, None, "") for n in range(5)]
    columns = as_columns(files)
    assert isinstance(columns, FileColumns)
    assert list(columns) == files == [columns[n] for n in range(5)]


def test_a_helpers_columns_listing_equals_the_listing_file_for_file(tmp_path: Path) -> None:
    for rel in ("a/1.json.gz", "a/b/2.json.gz", "a/b/3.json", "c/4.json.gz", "a/.hidden", "a/_x"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x" * len(rel))
    a, c = str(tmp_path / "a"), str(tmp_path / "c")
    cases = [
        [a],
        [a, c],
        [c, a, str(tmp_path / "a" / "b" / "2.json.gz")],  # a file listed twice: kept once
        [str(tmp_path / "a" / "b" / "3.json")],  # a file
        [str(tmp_path / "*" / "*.gz"), a],  # a glob
    ]
    for names in cases:
        columns = list_columns(names)
        assert isinstance(columns, FileColumns)
        assert list(columns) == list_sources(names)
    if hasattr(os, "mkfifo"):  # a FIFO is listed as skipped: the files go as objects
        os.mkfifo(tmp_path / "a" / "pipe")
        listed = list_columns([a])
        assert not isinstance(listed, FileColumns)
        assert listed == list_sources([a])
        assert any(item.skipped for item in listed)
    with pytest.raises(InputError):
        list_columns([str(tmp_path / "missing")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="matched no files"):
        list_columns([str(tmp_path / "empty")])
