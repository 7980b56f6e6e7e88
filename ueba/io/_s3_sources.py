"""Listing an ``s3://bucket/prefix`` source (or an S3-compatible server's): each object as a
:class:`~ueba.io.sources.SourceFile` that reads itself through pyarrow's S3 filesystem. Used by
:mod:`ueba.io.sources`, which lists local files and globs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ueba.exceptions import InputError
from ueba.io._source_file import _IGNORED_PREFIXES, SourceFile


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


def walk_s3(url: str, endpoint_override: str | None) -> Iterator[SourceFile]:
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


__all__ = ["walk_s3"]
