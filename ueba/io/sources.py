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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from ueba.exceptions import InputError
from ueba.io._s3_sources import walk_s3
from ueba.io._source_file import (
    _IGNORED_PREFIXES,
    FileColumns,
    NotRegularFile,
    SourceFile,
    _kind,
    _source_file,
)


def _listed(path: str, size: int, version: str) -> SourceFile:
    """``SourceFile(path, size, version)`` without the frozen dataclass's ``__init__`` and its
    keyword handling (a fifth of a listing's CPU). Equal to the constructor's. Slots, not an
    instance dictionary: 412 bytes a listed file instead of 651 (41,160 five-minute files held
    26.8 MB in each process to the end of the run, now 16.9)."""
    return _source_file(path, size, version, None, None, None, "")


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
    """:func:`_walk_entries` with every regular file as its ``SourceFile``."""
    for item in _walk_entries(root, pattern, depth):
        yield _listed(*item) if isinstance(item, tuple) else item


def _walk_entries(
    root: Path, pattern: re.Pattern[str] | None = None, depth: int | None = None
) -> Iterator[SourceFile | tuple[str, int, str]]:
    """Regular files under ``root`` in a stable order, each directory once: a regular file as
    its (path, size, version), anything else listed as a ``SourceFile`` saying why it is
    skipped.

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
                yield path, info.st_size, str(info.st_mtime_ns)
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
            found = list(walk_s3(text, s3_endpoint))
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


def list_columns(names: list[str]) -> Sequence[SourceFile]:
    """:func:`list_sources` of local ``names``, equal file by file, as :class:`FileColumns`
    when every file is a plain regular one (a list as :func:`list_sources` makes otherwise).

    A directory's regular files go straight into the three columns, with no object per file:
    how a helper lists the sources for the calling process (``ueba.io._listing``). Anything
    else (a glob, a file, a path that does not exist) is listed by :func:`list_sources`, which
    raises as it does.
    """
    seen: set[str] = set()
    found: list[SourceFile | tuple[str, int, str]] = []
    for text in names:
        walked: list[SourceFile | tuple[str, int, str]] = []
        if not glob.has_magic(text) and os.path.isdir(text):
            walked = list(_walk_entries(Path(text)))
        if not walked:  # not a directory, or nothing in it: listed (or refused) as usual
            walked = [_plain(item) for item in list_sources([text])]
        for item in walked:
            path = item[0] if isinstance(item, tuple) else item.path
            if path not in seen:
                seen.add(path)
                found.append(item)
    if found and all(isinstance(item, tuple) for item in found):
        paths, sizes, versions = (list(column) for column in zip(*found, strict=True))
        return FileColumns(paths, sizes, versions)  # type: ignore[arg-type]
    return [_listed(*item) if isinstance(item, tuple) else item for item in found]


def _plain(item: SourceFile) -> SourceFile | tuple[str, int, str]:
    """A plain local file as its (path, size, version); anything else as it is."""
    if item.plain_local and item.refused is None and item.skipped is None:
        return item.path, item.size, item.version
    return item


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


__all__ = ["NotRegularFile", "SourceFile", "list_columns", "list_sources", "listed_sources"]
