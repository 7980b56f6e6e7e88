"""Where a lake lives: a local directory, ``s3://bucket/prefix``, or any pyarrow.fs / fsspec URI.

Every lake module goes through :class:`LakeFS`, which names files by their path relative to the
lake root (``events/event_date=…/part-….parquet``) and offers the few operations the lake needs:
list, read, write a whole object, create an object only if it is absent, delete.

Object stores have no rename, so nothing relies on one: parts are written under unique names and
become visible only when a commit entry of the lake's log names them (see :mod:`ueba.io._log`).
The one operation that must be atomic across hosts is :meth:`LakeFS.create` (create-if-absent):
``os.link`` on a local disk, ``PUT`` with ``If-None-Match: *`` on S3 (through boto3, the only
client that sends the header; extra ``s3``). On other stores it is check-then-write, safe for one
writer at a time only, and the lake says so with a :class:`~ueba.exceptions.LakeWarning`.
"""

from __future__ import annotations

import contextlib
import io
import os
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs as pafs

from ueba.exceptions import LakeError, LakeWarning

_LOG_DIR = "_log"  # ueba.io._log.LOG_DIR (that module imports this one)


def _s3_options(endpoint: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    endpoint = (
        endpoint or os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    )
    if endpoint:
        options["endpoint_override"] = endpoint
        if endpoint.startswith("http://"):
            options["scheme"] = "http"
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        options["region"] = region
    return options


@dataclass(frozen=True)
class LakeFS:
    """A lake's root on a filesystem. Paths given to methods are relative to the root."""

    filesystem: pafs.FileSystem
    root: str  # the root as the filesystem names it (no scheme, no trailing slash)
    uri: str  # the lake as the user gave it, for messages
    s3_endpoint: str | None = None

    @property
    def local(self) -> bool:
        return isinstance(self.filesystem, pafs.LocalFileSystem)

    @property
    def s3(self) -> bool:
        return isinstance(self.filesystem, pafs.S3FileSystem)

    def full(self, rel: str) -> str:
        return f"{self.root}/{rel}" if rel else self.root

    def local_path(self, rel: str = "") -> Path:
        """The local path of ``rel`` (local lakes only)."""
        return Path(self.full(rel))

    def display(self, rel: str) -> str:
        """``rel`` as a user would type it: a local path or a URI."""
        if self.local:
            return str(self.local_path(rel))
        return f"{self.uri.rstrip('/')}/{rel}"

    def exists(self, rel: str = "") -> bool:
        info = self.filesystem.get_file_info(self.full(rel))
        return bool(info.type != pafs.FileType.NotFound)

    def is_dir(self, rel: str = "") -> bool:
        if not self.local and not rel:
            return True  # a bucket prefix exists as soon as anything is under it
        return bool(self.filesystem.get_file_info(self.full(rel)).type == pafs.FileType.Directory)

    def is_lake(self) -> bool:
        """Whether anything is there: a local directory, or any object under the prefix."""
        if self.local:
            return bool(self.local_path().is_dir())
        return bool(self.listdir(_LOG_DIR)) or bool(self.listdir("events", recursive=True))

    def listdir(self, rel: str, *, recursive: bool = False) -> list[str]:
        """Relative paths of the files under ``rel`` (empty when it does not exist), sorted."""
        selector = pafs.FileSelector(self.full(rel), allow_not_found=True, recursive=recursive)
        start = len(self.root) + 1
        return sorted(
            info.path[start:]
            for info in self.filesystem.get_file_info(selector)
            if info.type == pafs.FileType.File
        )

    def read_bytes(self, rel: str) -> bytes:
        with self.filesystem.open_input_stream(self.full(rel)) as stream:
            return bytes(stream.read())

    def read_table(self, rel: str, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(self.full(rel), columns=columns, filesystem=self.filesystem)

    def read_metadata(self, rel: str) -> pq.FileMetaData:
        with self.filesystem.open_input_file(self.full(rel)) as handle:
            return pq.read_metadata(handle)

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write a whole object. Locally through a temp file and a rename: never half a file."""
        if self.local:
            path = self.local_path(rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
            try:
                temp.write_bytes(data)
                os.replace(temp, path)
            finally:
                temp.unlink(missing_ok=True)
            return
        if self.s3:
            self._s3_put(rel, data, exclusive=False)
            return
        with self.filesystem.open_output_stream(self.full(rel)) as stream:  # one PUT on stores
            stream.write(data)

    def upload(self, source: Path, rel: str) -> None:
        """Copy a local file to ``rel``; a local lake moves it (same disk: a rename)."""
        if self.local:
            target = self.local_path(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            return
        self.write_bytes(rel, source.read_bytes())

    def create(self, rel: str, data: bytes) -> bool:
        """Create ``rel`` holding ``data`` only if absent: ``False`` when it already exists."""
        if self.local:
            path = self.local_path(rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
            temp.write_bytes(data)
            try:
                os.link(temp, path)  # atomic, fails if the name exists, even over NFS v3+
            except FileExistsError:
                return False
            finally:
                temp.unlink(missing_ok=True)
            return True
        if self.s3:
            return self._s3_put(rel, data, exclusive=True)
        warnings.warn(
            f"{self.uri}: this filesystem has no create-if-absent; commits are safe for one "
            "writer at a time only. Use a local disk or S3 for concurrent ingests",
            LakeWarning,
            stacklevel=3,
        )
        if self.exists(rel):
            return False
        self.write_bytes(rel, data)
        return True

    def delete(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.filesystem.delete_file(self.full(rel))

    def _s3_put(self, rel: str, data: bytes, *, exclusive: bool) -> bool:
        try:
            import boto3
            from botocore.exceptions import ClientError
        except ImportError as exc:
            raise ImportError("writing a lake on S3 needs boto3: pip install 'ueba[s3]'") from exc
        bucket, _, key = self.full(rel).partition("/")
        endpoint = _s3_options(self.s3_endpoint).get("endpoint_override")
        client = boto3.client("s3", endpoint_url=endpoint)
        extra = {"IfNoneMatch": "*"} if exclusive else {}
        try:
            client.put_object(Bucket=bucket, Key=key, Body=data, **extra)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if exclusive and code in ("PreconditionFailed", "ConditionalRequestConflict", "412"):
                return False
            raise LakeError(
                f"cannot write {key} ({code or exc})",
                path=self.uri,
                fix="check the bucket's "
                "permissions (s3:PutObject) and the endpoint (--s3-endpoint or AWS_ENDPOINT_URL_S3)",
            ) from exc
        return True


def parquet_bytes(table: pa.Table, schema: pa.Schema | None = None) -> bytes:
    """``table`` as Parquet bytes with the lake's settings (see :func:`parquet_writer`)."""
    from ueba.io._writer import parquet_writer

    sink = io.BytesIO()
    with parquet_writer(sink, schema or table.schema) as writer:
        writer.write_table(table.cast(schema) if schema is not None else table)
    return sink.getvalue()


def open_lake(lake: str | os.PathLike[str] | LakeFS, *, s3_endpoint: str | None = None) -> LakeFS:
    """The :class:`LakeFS` for a path or URI (``s3://``, ``gs://``, ``file://``, fsspec's)."""
    if isinstance(lake, LakeFS):
        return lake
    text = os.fspath(lake)
    if "://" not in text:
        root = os.path.abspath(text)
        return LakeFS(pafs.LocalFileSystem(), root.rstrip("/") or "/", text)
    if text.startswith("s3://"):
        location = text[len("s3://") :].strip("/")
        if not location:
            raise LakeError("an S3 lake needs a bucket", path=text, fix="give s3://bucket/prefix")
        filesystem = pafs.S3FileSystem(**_s3_options(s3_endpoint))
        return LakeFS(filesystem, location, text, s3_endpoint)
    try:
        filesystem, root = pafs.FileSystem.from_uri(text)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
        filesystem, root = _fsspec(text)
    return LakeFS(filesystem, root.rstrip("/"), text)


def _fsspec(uri: str) -> tuple[pafs.FileSystem, str]:
    try:
        import fsspec
    except ImportError as exc:
        raise LakeError(
            "pyarrow does not know this kind of URI",
            path=uri,
            fix="pip install fsspec and the package for the scheme (gcsfs, adlfs, ...)",
        ) from exc
    filesystem, root = fsspec.core.url_to_fs(uri)
    return pafs.PyFileSystem(pafs.FSSpecHandler(filesystem)), str(root)


def lake_exists(lake: str | os.PathLike[str]) -> bool:
    """Whether ``lake`` (a directory or a URI) holds a lake or at least exists."""
    return open_lake(lake).is_lake()


__all__ = ["LakeFS", "lake_exists", "open_lake", "parquet_bytes"]
