"""Where CloudTrail comes from: a file, a directory (recursive), a glob, or ``s3://bucket/prefix``.

Sources are listed, not read: each :class:`SourceFile` carries what the lake manifest needs to
tell a new file from one already ingested (size and modification time) and reads its bytes on
demand.
Files are recognised later by content, never by name, so listing keeps every regular file and
leaves the decision to the parser.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from ueba.exceptions import InputError

# Names that are never CloudTrail: hidden files and the lake's own bookkeeping.
_IGNORED_PREFIXES = (".", "_")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
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


def _listed(path: str, size: int, version: str) -> SourceFile:
    """``SourceFile(path, size, version)`` without the frozen dataclass's ``__init__``, which
    sets each of the eight fields through ``object.__setattr__`` (a fifth of a listing's CPU).
    The instance dictionary is filled as unpickling fills it; equal to the constructor's."""
    made = object.__new__(SourceFile)
    made.__dict__.update(
        path=path,
        size=size,
        version=version,
        refused=None,
        skipped=None,
        _filesystem=None,
        _fs_path="",
    )
    return made


def _version(path: str) -> str:
    try:
        return str(os.lstat(path).st_mtime_ns)
    except OSError:
        return "0"


def _skip(path: str, reason: str) -> SourceFile:
    return SourceFile(path=path, size=0, version=_version(path), skipped=reason)


def _local_entry(path: str) -> SourceFile | None:
    """A listed path: a regular file (symlinks followed), or why it is skipped."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _skip(path, "a symbolic link loop; it leads back to itself and is not read")
        if os.path.islink(path):
            return _skip(path, f"a broken symbolic link (to {os.readlink(path)!r}); not read")
        return _skip(path, f"cannot be examined ({exc.strerror}); not read")
    if stat.S_ISREG(info.st_mode):
        return SourceFile(path=path, size=info.st_size, version=str(info.st_mtime_ns))
    if stat.S_ISDIR(info.st_mode):
        return None
    return _skip(path, f"{_kind(info.st_mode)}, not a regular file; only regular files are read")


# The marks of a ueba lake: its own parts are never CloudTrail input.
_LAKE_MARKS = frozenset({"_manifest", "_quarantine", "_staging", "_lock"})


def _is_lake(names: set[str]) -> bool:
    return "events" in names and not names.isdisjoint(_LAKE_MARKS)


def _walk_local(
    root: Path, pattern: re.Pattern[str] | None = None, depth: int | None = None
) -> Iterator[SourceFile]:
    """Regular files under ``root`` in a stable order, each directory once.

    Symbolic links to directories are followed, but a directory already walked is not walked
    again, and one that is its own ancestor (a loop) is listed as skipped with the reason.
    Hidden and ``_`` entries and the tree of a ueba lake are left out. With ``pattern`` (a
    glob's remainder), a file is kept when its path relative to ``root`` or one of its
    directories matches; ``depth`` bounds the descent when the glob has no ``**``.
    """
    top = str(root)
    seen: dict[tuple[int, int], str] = {}
    # (directory, path relative to root, identities of its ancestors, inside a matched directory)
    stack: list[tuple[str, str, frozenset[tuple[int, int]], bool]] = [
        (top, "", frozenset(), pattern is None)
    ]
    while stack:
        directory, rel, ancestors, inside = stack.pop()
        try:
            here = os.stat(directory)
        except OSError:
            unreadable = _local_entry(directory)
            if unreadable is not None:
                yield unreadable
            continue
        identity = (here.st_dev, here.st_ino)
        if identity in ancestors:
            yield _skip(
                directory,
                f"a symbolic link loop: it leads back to {seen.get(identity, 'a parent')!r}; "
                "not walked again",
            )
            continue
        if identity in seen:
            continue  # reached through a second link: its files are listed already
        seen[identity] = directory
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            yield _skip(directory, f"the directory cannot be listed ({exc.strerror})")
            continue
        if _is_lake({e.name for e in entries}):
            continue
        below = ancestors | {identity}
        subdirs = []
        for entry in entries:
            name = entry.name
            if name.startswith(_IGNORED_PREFIXES):
                continue
            path = entry.path  # ``directory`` joined with the name, as ``os.path.join`` does
            child = f"{rel}/{name}" if rel else name
            matched = inside or (pattern is not None and pattern.fullmatch(child) is not None)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if matched or depth is None or child.count("/") + 1 < depth:
                    subdirs.append((path, child, below, matched))
                continue
            if not matched:
                continue
            # The common case inline (a regular file: one stat, symlinks followed); anything
            # else is explained by ``_local_entry``. 41,160 five-minute files were listed in
            # 0.25 CPU s, a bare walk with the same stats in 0.14, before the heavy imports
            # and with the helpers waiting for their job.
            try:
                info = os.stat(path)
            except OSError:
                info = None
            if info is not None and stat.S_ISREG(info.st_mode):
                yield _listed(path, info.st_size, str(info.st_mtime_ns))
                continue
            listed = _local_entry(path)
            if listed is not None:
                yield listed
        stack.extend(reversed(subdirs))


def _component(part: str) -> str:
    """The regex of one glob path component: ``*`` and ``?`` never cross a ``/``."""
    out: list[str] = []
    i = 0
    while i < len(part):
        char = part[i]
        i += 1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            j = i + 1 if part[i : i + 1] == "!" else i
            close = part.find("]", j + 1 if part[j : j + 1] == "]" else j)
            if close < 0:
                out.append(re.escape(char))
                continue
            body = part[i:close].replace("\\", "\\\\")
            i = close + 1
            if body.startswith("!"):
                out.append("[^" + body[1:] + "/]")
            else:
                out.append("[" + ("\\" + body if body.startswith(("^", "[")) else body) + "]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _translate(parts: list[str]) -> tuple[re.Pattern[str], int | None]:
    """A regex for relative paths matching glob ``parts`` (``**`` spans directories), and the
    number of components a match has when there is no ``**``."""
    pieces: list[str] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "**":
            pieces.append(".*" if last else "(?:[^/]*/)*")
        else:
            pieces.append(_component(part) + ("" if last else "/"))
    depth = None if "**" in parts else len(parts)
    return re.compile("".join(pieces), re.DOTALL), depth


def _glob(text: str) -> list[SourceFile]:
    """What a glob names, walked without following loops (``glob.glob`` would never end)."""
    parts = text.split(os.sep)
    first = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    base = os.sep.join(parts[:first]) or ("." if not text.startswith(os.sep) else os.sep)
    pattern, depth = _translate(parts[first:])
    found = list(_walk_local(Path(base), pattern, depth))
    if base == ".":  # name files as glob.glob would: "a.json", not "./a.json"
        found = [replace(item, path=item.path[2:]) for item in found]
    return found


def _s3_filesystem(endpoint_override: str | None) -> Any:
    from pyarrow import fs as pafs

    options: dict[str, Any] = {}
    endpoint = (
        endpoint_override
        or os.environ.get("AWS_ENDPOINT_URL_S3")
        or os.environ.get("AWS_ENDPOINT_URL")
    )
    if endpoint:
        options["endpoint_override"] = endpoint
        if endpoint.startswith("http://"):
            options["scheme"] = "http"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        options["region"] = region
    return pafs.S3FileSystem(**options)


def _walk_s3(url: str, endpoint_override: str | None) -> Iterator[SourceFile]:
    from pyarrow import ArrowException
    from pyarrow import fs as pafs

    filesystem = _s3_filesystem(endpoint_override)
    base = url[len("s3://") :].rstrip("/")
    if ".." in base.split("/"):
        raise InputError(
            "an S3 prefix may not contain '..'",
            path=url,
            fix="Name the prefix without parent references",
        )
    try:
        info = filesystem.get_file_info(base)
        if info.type == pafs.FileType.File:
            infos = [info]
        else:
            selector = pafs.FileSelector(base, recursive=True, allow_not_found=True)
            infos = filesystem.get_file_info(selector)
    except (OSError, ArrowException) as exc:
        # pyarrow's message names the AWS error (NoSuchBucket, AccessDenied, a refused
        # connection); the fix lists every knob that decides where and as whom we connect.
        raise InputError(
            f"the S3 objects cannot be listed ({exc})",
            path=url,
            fix="Check the bucket name, the credentials (AWS_PROFILE or AWS_ACCESS_KEY_ID), "
            "the region (AWS_REGION) and the endpoint (--s3-endpoint or AWS_ENDPOINT_URL_S3)",
        ) from exc
    for item in sorted(infos, key=lambda i: i.path):
        if item.type != pafs.FileType.File:
            continue
        # Hidden and ``_`` entries below the prefix are skipped, as in a local directory walk
        # (a lake or a tool's scratch files may share the bucket); the prefix itself may use them.
        below = item.path[len(base) :].strip("/").split("/") if item.path != base else []
        if any(part.startswith(_IGNORED_PREFIXES) and part != ".." for part in below):
            continue
        mtime = item.mtime_ns if item.mtime_ns is not None else 0
        if "" in item.path.split("/"):
            # pyarrow's S3 client refuses to open a key with an empty segment (ArrowInvalid).
            yield SourceFile(
                path=f"s3://{item.path}",
                size=int(item.size or 0),
                version=str(mtime),
                refused="an S3 key with an empty segment ('//') cannot be read by the S3 "
                "client; copy the object to a key without '//' to ingest it",
            )
            continue
        if ".." in item.path.split("/"):
            # Path-normalising clients would read a different object: list it, refuse it, and
            # let ingest quarantine it with the reason rather than silently skipping it.
            yield SourceFile(
                path=f"s3://{item.path}",
                size=int(item.size or 0),
                version=str(mtime),
                refused="an S3 key with a '..' segment is not read, since it could resolve to "
                "another object; copy the object to a key without '..' to ingest it",
            )
            continue
        yield SourceFile(
            path=f"s3://{item.path}",
            size=int(item.size or 0),
            version=str(mtime),
            _filesystem=filesystem,
            _fs_path=item.path,
        )


def list_sources(
    sources: Iterable[str | os.PathLike[str]], *, s3_endpoint: str | None = None
) -> list[SourceFile]:
    """List every file under ``sources``, each once, in a stable order.

    A source is a file, a directory (walked recursively; hidden and ``_``-prefixed entries
    skipped), a glob (``AWSLogs/**/*.json.gz``) or an ``s3://bucket/prefix`` URL. ``s3_endpoint``
    (or ``AWS_ENDPOINT_URL_S3``) points at an S3-compatible server. A source that matches
    nothing raises :class:`InputError` naming it.
    """
    seen: set[str] = set()
    out: list[SourceFile] = []

    def add(item: SourceFile) -> None:
        if item.path not in seen:
            seen.add(item.path)
            out.append(item)

    for raw in sources:
        text = os.fspath(raw)
        if text.startswith("s3://"):
            found = list(_walk_s3(text, s3_endpoint))
        elif glob.has_magic(text):
            found = _glob(text)
        elif os.path.isdir(text):
            found = list(_walk_local(Path(text)))
        elif os.path.lexists(text):
            entry = _local_entry(text)
            found = [entry] if entry is not None else []
        else:
            raise InputError(
                "no such file or directory",
                path=text,
                fix="Check the path, or quote a glob so the shell does not expand it",
            )
        if not found and text.startswith("s3://"):
            raise InputError(
                "matched no S3 objects",
                path=text,
                fix="Check the bucket and prefix (a prefix is a folder such as AWSLogs/, not "
                "the start of a file name), and --s3-endpoint or AWS_ENDPOINT_URL_S3",
            )
        if not found:
            raise InputError("matched no files", path=text, fix="Check the path or glob")
        for item in found:
            add(item)
    return out


def listed_sources(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str] | SourceFile],
    s3_endpoint: str | None,
) -> list[SourceFile]:
    """The files named by ``sources``: given ``SourceFile`` items first, then the listing."""
    items = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    given = [item for item in items if isinstance(item, SourceFile)]
    names = [item for item in items if not isinstance(item, SourceFile)]
    listed = list_sources(names, s3_endpoint=s3_endpoint) if names else []
    return [*given, *listed]


__all__ = ["NotRegularFile", "SourceFile", "list_sources", "listed_sources"]
