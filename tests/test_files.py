"""``ueba._files``: every file ueba writes is the old one or the whole new one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import polars as pl
import pytest

from ueba import _files
from ueba._files import atomic_target, atomic_write, write_bytes, write_text


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "findings.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.jsonl"]


def test_a_write_creates_missing_folders_and_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "report.html"
    write_text(target, "<p>one</p>")
    write_text(target, "<p>two</p>")
    assert target.read_text(encoding="utf-8") == "<p>two</p>"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]


def test_bytes_and_path_writers_are_atomic_too(tmp_path: Path) -> None:
    write_bytes(tmp_path / "blob", b"\x00\x01")
    assert (tmp_path / "blob").read_bytes() == b"\x00\x01"
    with atomic_target(tmp_path / "frame.parquet") as temp:
        assert temp.parent == tmp_path and temp.name.startswith(".frame.parquet.")
        pl.DataFrame({"a": [1, 2]}).write_parquet(temp)
    assert pl.read_parquet(tmp_path / "frame.parquet")["a"].to_list() == [1, 2]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_the_file_gets_the_permissions_of_an_ordinary_open(tmp_path: Path) -> None:
    # mkstemp would make it 0o600: a report or a feed others must read would be private.
    old = os.umask(0o022)
    try:
        write_text(tmp_path / "feeds.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "feeds.json").stat().st_mode) == 0o644


def test_the_file_and_its_folder_are_flushed_before_and_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[str] = []
    real_replace = os.replace

    def spy_fsync(path: str | os.PathLike[str]) -> None:
        flushed.append(Path(path).name)

    def spy_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        flushed.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(_files, "fsync_path", spy_fsync)
    monkeypatch.setattr(_files.os, "replace", spy_replace)
    write_text(tmp_path / "out.txt", "x")
    assert flushed[0].startswith(".out.txt.") and flushed[1:] == ["rename", tmp_path.name]


def test_fsync_of_a_folder_or_a_missing_path_does_not_fail(tmp_path: Path) -> None:
    _files.fsync_path(tmp_path)
    _files.fsync_path(tmp_path / "missing")
