"""One input file (:class:`SourceFile`) and how a local one is read: without blocking, by its
descriptor, a small one whole in one ``read``. :mod:`ueba.io.sources` lists them (and
re-exports these names); :mod:`ueba.io._s3_sources` lists S3 objects as them."""

from __future__ import annotations

import os
import stat
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, BinaryIO, cast, overload

# Names that are never CloudTrail: hidden files and the lake's own bookkeeping.
_IGNORED_PREFIXES = (".", "_")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file. ``path`` is what findings and the manifest cite (``s3://`` kept)."""

    path: str
    size: int
    # The modification time in ns; for S3 the object's Last-Modified (pyarrow's listing has no
    # ETag, and a HEAD per object would cost a request per file on every run).
    version: str
    # Why the file must not be read (an S3 key with ``..``); ingest quarantines it with this.
    refused: str | None = None
    # Why the entry is not read although that is no error (a FIFO, a device, a symlink loop).
    skipped: str | None = None
    _filesystem: Any = field(default=None, repr=False, compare=False)
    _fs_path: str = field(default="", repr=False, compare=False)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # Sent to every helper, tens of thousands at once: the fields as one tuple, rebuilt
        # without ``__init__`` (the slotted dataclass's own state functions look its fields up
        # per instance: twice the time to pickle and to load). A subclass keeps its own.
        if type(self) is not SourceFile:
            return object.__reduce_ex__(self, protocol)  # not super(): a slotted dataclass
        return _source_file, (
            self.path,
            self.size,
            self.version,
            self.refused,
            self.skipped,
            self._filesystem,
            self._fs_path,
        )

    @property
    def plain_local(self) -> bool:
        """Whether this is a local path read the default way: not an object store's key, and
        not a subclass, which may read its files its own way (``read_small``, ``open``). Only
        such a file may be read by the compiled call that stands for :meth:`read_small`."""
        return self._filesystem is None and type(self) is SourceFile

    def read_small(self, limit: int) -> bytes | None:
        """The whole of a local regular file under ``limit`` bytes, in one ``read`` of its
        size + 1 on its descriptor; None for anything else (an object store's key, a larger
        file, one that grew while read, anything but a regular file, any error), which
        :meth:`open` then reads or explains. Opened without blocking (a FIFO put in the
        file's place cannot hang the run) and read only when it is a regular file, which
        ignores the flag: an open, an ``fstat``, a ``read`` and a ``close`` per file."""
        if self._filesystem is not None:
            return None
        try:
            fd = os.open(self.path, _READ_FLAGS)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            size = info.st_size
            if not stat.S_ISREG(info.st_mode) or size >= limit:
                return None
            data = os.read(fd, size + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        return data if len(data) <= size else None

    def open(self) -> tuple[BinaryIO, int]:
        """The file opened for reading and its size now.

        Raises :class:`NotRegularFile` when a local path no longer names a regular file (it
        is opened without blocking, so a FIFO put in its place cannot hang the run), and
        ``OSError`` or ``pyarrow.ArrowException`` when it cannot be opened.
        """
        if self._filesystem is None:
            fd = os.open(self.path, _READ_FLAGS)
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    raise NotRegularFile(_kind(info.st_mode))
                if hasattr(os, "O_NONBLOCK"):
                    os.set_blocking(fd, True)
            except BaseException:
                os.close(fd)
                raise
            return cast(BinaryIO, _Descriptor(fd)), info.st_size
        # compression=None: pyarrow would otherwise gunzip ``.gz`` keys itself, by name and
        # without the parser's cap on decompressed bytes (a gzip bomb), and the manifest's
        # content hash would differ from the same file read locally.
        stream = self._filesystem.open_input_stream(self._fs_path, compression=None)
        return stream, self.size

    def read_bytes(self) -> bytes:
        stream, _ = self.open()
        with stream:
            data: bytes = stream.read()
            return data


# Each slot's own setter: a frozen dataclass refuses ``setattr``, and ``object.__setattr__``
# looks the slot up by name on every call (0.71 against 0.47 µs a file made, 41,160 files a
# listing and again in each helper as it reads them).
_PATH = SourceFile.__dict__["path"].__set__
_SIZE = SourceFile.__dict__["size"].__set__
_VERSION = SourceFile.__dict__["version"].__set__
_REFUSED = SourceFile.__dict__["refused"].__set__
_SKIPPED = SourceFile.__dict__["skipped"].__set__
_FILESYSTEM = SourceFile.__dict__["_filesystem"].__set__
_FS_PATH = SourceFile.__dict__["_fs_path"].__set__
_NEW = object.__new__


def _source_file(
    path: str,
    size: int,
    version: str,
    refused: str | None,
    skipped: str | None,
    filesystem: Any,
    fs_path: str,
) -> SourceFile:
    """A :class:`SourceFile` from its fields, without ``__init__`` (listing, unpickling)."""
    made = _NEW(SourceFile)
    _PATH(made, path)
    _SIZE(made, size)
    _VERSION(made, version)
    _REFUSED(made, refused)
    _SKIPPED(made, skipped)
    _FILESYSTEM(made, filesystem)
    _FS_PATH(made, fs_path)
    return made


class FileColumns(Sequence[SourceFile]):
    """Plain local files (:attr:`SourceFile.plain_local`, neither refused nor skipped) held as
    three columns, each file made again when it is asked for: how a helper is sent its job.

    41,160 ``SourceFile`` objects took 0.05-0.06 CPU s to pickle in the calling process and
    0.04-0.05 s to load in the helper, both after the plan, while the helper waited for its
    job; three lists of strings and integers pickle and load in C. A helper then makes only
    the files it reads, one at a time.
    """

    __slots__ = ("origin", "paths", "sizes", "versions")

    def __init__(self, paths: list[str], sizes: list[int], versions: list[str]) -> None:
        self.paths = paths
        self.sizes = sizes
        self.versions = versions
        # (the columns, positions) this was taken from (``take``); not sent along.
        self.origin: tuple[FileColumns, array[int]] | None = None

    def take(self, positions: array[int]) -> FileColumns:
        """The files at ``positions`` (in their order), remembering where they came from."""
        taken = FileColumns(
            [self.paths[i] for i in positions],
            [self.sizes[i] for i in positions],
            [self.versions[i] for i in positions],
        )
        taken.origin = (self, positions)
        return taken

    def __len__(self) -> int:
        return len(self.paths)

    @overload
    def __getitem__(self, index: int) -> SourceFile: ...

    @overload
    def __getitem__(self, index: slice) -> FileColumns: ...

    def __getitem__(self, index: int | slice) -> SourceFile | FileColumns:
        if isinstance(index, slice):
            return FileColumns(self.paths[index], self.sizes[index], self.versions[index])
        return _source_file(
            self.paths[index], self.sizes[index], self.versions[index], None, None, None, ""
        )

    def __iter__(self) -> Iterator[SourceFile]:
        # Sequence's own iterator calls ``__getitem__`` per file; this makes them in C's loop.
        none = repeat(None)
        return map(
            _source_file, self.paths, self.sizes, self.versions, none, none, none, repeat("")
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return FileColumns, (self.paths, self.sizes, self.versions)


def paths_of(files: Sequence[SourceFile]) -> list[str]:
    """Each file's path: a column of :class:`FileColumns` as it is, else read per file."""
    return files.paths if isinstance(files, FileColumns) else [item.path for item in files]


def sizes_of(files: Sequence[SourceFile]) -> list[int]:
    """Each file's size (as :func:`paths_of`)."""
    return files.sizes if isinstance(files, FileColumns) else [item.size for item in files]


def versions_of(files: Sequence[SourceFile]) -> list[str]:
    """Each file's version (as :func:`paths_of`)."""
    return files.versions if isinstance(files, FileColumns) else [item.version for item in files]


def as_columns(files: Sequence[SourceFile]) -> Sequence[SourceFile]:
    """``files`` as :class:`FileColumns` when every one is a plain local file neither refused
    nor skipped (equal file by file); otherwise ``files`` as given."""
    if isinstance(files, FileColumns):
        return files
    for item in files:
        if type(item) is not SourceFile or item._filesystem is not None:
            return files
        if item.refused is not None or item.skipped is not None:
            return files
    return FileColumns(
        [item.path for item in files],
        [item.size for item in files],
        [item.version for item in files],
    )


class _Descriptor:
    """A local file's descriptor read with ``os.read``: what :meth:`SourceFile.open` hands out.

    As an unbuffered ``FileIO`` reads (one ``read`` call per :meth:`read` of a size), without
    what ``os.fdopen`` costs per file: a second ``fstat`` and a file object (2.2 of 8 µs per
    five-minute file, open to close; ingest opens tens of thousands of them)."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def read(self, size: int = -1) -> bytes:
        if size >= 0:
            return os.read(self.fd, size)
        pieces = []
        while piece := os.read(self.fd, 1 << 20):
            pieces.append(piece)
        return b"".join(pieces)

    def close(self) -> None:
        if self.fd >= 0:
            fd, self.fd = self.fd, -1
            os.close(fd)

    def __enter__(self) -> _Descriptor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # as a file object does: a reader dropped unclosed leaks no fd
        self.close()


class NotRegularFile(OSError):
    """A path that names a FIFO, a device or a socket: never read."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"{kind}, not a regular file; only regular files are read")
        self.kind = kind


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "a special file"


__all__ = [
    "FileColumns",
    "NotRegularFile",
    "SourceFile",
    "as_columns",
    "paths_of",
    "sizes_of",
    "versions_of",
]
