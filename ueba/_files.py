"""Atomic writes: a file is either the old one or the whole new one, never half of either.

Every file ``ueba`` writes for a person or for a later run (findings, reports, summaries, feeds,
models, caches) goes through here: write a temporary file in the target's directory, flush it
to disk, rename it over the target, then flush the directory so the rename itself survives a
crash. The temporary file is created with mode ``0o666`` less the umask, so the result has the
permissions an ordinary ``open(path, "w")`` would give (``mkstemp`` would make it private).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_write(folder / "out.txt") as handle:
...     _ = handle.write("done\\n")
>>> (folder / "out.txt").read_text()
'done\\n'
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

PathLike = str | os.PathLike[str]


def _temp_beside(target: Path) -> Path:
    """A new, empty file next to ``target`` that no one else can have opened."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    os.close(fd)
    return temp


def fsync_path(path: PathLike) -> None:
    """Flush a file's or a directory's contents to disk (directories: where the OS allows)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if os.path.isdir(path) else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return  # a directory cannot be opened on Windows; its rename is durable there anyway
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (and directories on some OSes) refuse fsync: nothing to flush
    finally:
        os.close(fd)


def _commit(temp: Path, target: Path) -> None:
    fsync_path(temp)
    os.replace(temp, target)
    fsync_path(target.parent)


@contextmanager
def atomic_target(path: PathLike) -> Iterator[Path]:
    """A temporary path next to ``path`` for a writer that wants a file name (Parquet, skops);
    it replaces ``path`` only when the block succeeds.

    >>> import polars as pl, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "frame.parquet"
    >>> with atomic_target(out) as temp:
    ...     pl.DataFrame({"a": [1]}).write_parquet(temp)
    >>> pl.read_parquet(out).height
    1
    """
    target = Path(path)
    temp = _temp_beside(target)
    try:
        yield temp
        _commit(temp, target)
    finally:
        temp.unlink(missing_ok=True)


@contextmanager
def atomic_write(path: PathLike, *, binary: bool = False) -> Iterator[IO[Any]]:
    """An open file (text in UTF-8, or ``binary``) that replaces ``path`` when the block ends
    without an exception; on an exception ``path`` is left as it was."""
    # The handle closes (inner) before atomic_target flushes and renames the file (outer).
    with (
        atomic_target(path) as temp,
        temp.open("wb") if binary else temp.open("w", encoding="utf-8") as handle,
    ):
        yield handle


def write_text(path: PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_write(path) as handle:
        handle.write(text)


def write_bytes(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, binary=True) as handle:
        handle.write(data)


__all__ = ["atomic_target", "atomic_write", "fsync_path", "write_bytes", "write_text"]
