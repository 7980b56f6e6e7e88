"""Where CloudTrail comes from: a file, a directory (recursive), a glob, or ``s3://bucket/prefix``.

Sources are listed, not read: each :class:`SourceFile` carries what the lake manifest needs to
tell a new file from one already ingested (size and modification time) and reads its bytes on
demand.
Files are recognised later by content, never by name, so listing keeps every regular file and
leaves the decision to the parser.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ueba.exceptions import InputError

# Names that are never CloudTrail: hidden files and the lake's own bookkeeping.
_IGNORED_PREFIXES = (".", "_")


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
    _filesystem: Any = field(default=None, repr=False, compare=False)
    _fs_path: str = field(default="", repr=False, compare=False)

    def read_bytes(self) -> bytes:
        if self._filesystem is None:
            return Path(self.path).read_bytes()
        # compression=None: pyarrow would otherwise gunzip ``.gz`` keys itself, by name and
        # without the parser's cap on decompressed bytes (a gzip bomb), and the manifest's
        # content hash would differ from the same file read locally.
        with self._filesystem.open_input_stream(self._fs_path, compression=None) as stream:
            data: bytes = stream.read()
            return data


def _local_file(path: Path) -> SourceFile:
    stat = path.stat()
    return SourceFile(path=str(path), size=stat.st_size, version=str(stat.st_mtime_ns))


def _walk_local(root: Path) -> Iterator[SourceFile]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(_IGNORED_PREFIXES))
        for name in sorted(filenames):
            if name.startswith(_IGNORED_PREFIXES):
                continue
            candidate = Path(dirpath) / name
            if candidate.is_file():
                yield _local_file(candidate)


def _s3_filesystem(endpoint_override: str | None) -> Any:
    from pyarrow import fs as pafs

    options: dict[str, Any] = {}
    endpoint = endpoint_override or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get(
        "AWS_ENDPOINT_URL"
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
    except OSError as exc:
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
        elif any(ch in text for ch in "*?["):
            found = [
                item
                for match in sorted(glob.glob(text, recursive=True))
                for item in (_walk_local(Path(match)) if Path(match).is_dir() else [_local_file(Path(match))])
            ]
        else:
            path = Path(text)
            if path.is_dir():
                found = list(_walk_local(path))
            elif path.is_file():
                found = [_local_file(path)]
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


__all__ = ["SourceFile", "list_sources"]
