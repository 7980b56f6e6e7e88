"""Saving and loading a baseline: Parquet files plus a signed JSON manifest, never pickle.

The manifest lists every file with its SHA-256 and carries an HMAC-SHA256 over its own canonical
JSON. The HMAC key comes from ``key=``, else the environment variable ``UEBA_MODEL_KEY``, else the
project's fixed, public ``DEFAULT_MODEL_KEY``. With the default key the HMAC detects accidental
or careless edits (a changed file, a hand-edited manifest) but not a deliberate forgery: anyone
can read the key here. Set ``UEBA_MODEL_KEY`` to a secret to make forgery hard. It is integrity,
not secrecy: the data itself is not encrypted.

Layout: each save writes a new version directory ``<model>/v-<UTC time>-<random>/`` (the Parquet
files and ``manifest.json``), then atomically replaces the one-line pointer ``<model>/CURRENT``
naming it. A crash at any step leaves ``CURRENT`` naming the old version or the new one, both
complete. The version before the current one is kept (a reader that has just followed the old
pointer can finish); older ones are removed. A model saved before versioning (files directly in
``<model>/``) still loads, and its first versioned save replaces it the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from ueba import __version__
from ueba._files import fsync_path, write_text
from ueba._time import to_utc
from ueba.exceptions import ModelError
from ueba.schema import (
    BASELINE_FORMAT_VERSION,
    MATURITY,
    PROFILE,
    SCHEMA_VERSION,
    SUMMARY,
    VOLUME,
    VOLUME_STATS,
)

FORMAT = "ueba-baseline"
FORMAT_VERSION = BASELINE_FORMAT_VERSION
# Format 1 knew no cycle: its maturity was min_days active days alone (cycle_active_days=None).
_CYCLE_OF_FORMAT_1: dict[str, Any] = {"cycle_days": 7, "cycle_active_days": None}
MANIFEST = "manifest.json"
POINTER = "CURRENT"
KEY_ENV = "UEBA_MODEL_KEY"
DEFAULT_MODEL_KEY = b"ueba-default-model-key:integrity-not-secrecy"

# The files of a saved baseline and the columns each must have.
SCHEMAS: Mapping[str, Mapping[str, pl.DataType]] = {
    "summary": SUMMARY,
    "volume": VOLUME,
    "profile": PROFILE,
    "maturity": MATURITY,
    "volume_stats": VOLUME_STATS,
}

REBUILD = "rebuild it with `ueba baseline --lake LAKE --until DATE --out DIR` (or Baseline().fit(...).save(DIR))"


def resolve_key(key: str | bytes | None) -> tuple[bytes, str]:
    """The HMAC key and where it came from (``argument``, ``env`` or ``default``)."""
    if key is not None:
        return (key.encode() if isinstance(key, str) else key), "argument"
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode(), "env"
    return DEFAULT_MODEL_KEY, "default"


def _canonical(manifest: Mapping[str, Any]) -> bytes:
    body = {name: value for name, value in manifest.items() if name != "hmac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _sign(manifest: Mapping[str, Any], key: bytes) -> str:
    return hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


_VERSION = re.compile(r"v-\d{8}T\d{6}\.\d{6}Z-[0-9a-f]{12}")


def model_dir(directory: str | os.PathLike[str]) -> Path:
    """The directory holding the current version's ``manifest.json`` (``CURRENT``, else legacy)."""
    root = Path(directory)
    pointer = root / POINTER
    try:
        name = pointer.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return root  # a model saved before versioning, or no model at all
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(
            f"cannot read the model's pointer ({exc})", path=str(pointer), fix=REBUILD
        ) from exc
    if not _VERSION.fullmatch(name):
        raise ModelError(
            f"the pointer names {name[:60]!r}, not a version directory",
            path=str(pointer),
            fix=REBUILD,
        )
    return root / name


def model_absent(directory: str | os.PathLike[str]) -> bool:
    """True when nothing is saved at ``directory`` yet: no such path, or an empty directory.

    Anything else must load (or fail loudly): a model whose manifest was deleted is damaged,
    not absent, and must never be replaced by one learnt silently from scratch.
    """
    root = Path(directory)
    if not root.exists():
        return True
    return root.is_dir() and not any(root.iterdir())


def _write_pointer(root: Path, name: str) -> None:
    write_text(root / POINTER, f"{name}\n")


def _prune(root: Path, keep: set[str]) -> None:
    """Remove versions not in ``keep``, pointer temp files and a legacy model's files."""
    for entry in root.iterdir():
        if entry.name in keep or entry.name == POINTER:
            continue
        if entry.is_dir() and _VERSION.fullmatch(entry.name):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_file() and (
            (entry.name.startswith(f".{POINTER}.") and entry.name.endswith(".tmp"))
            or entry.name.startswith(f".{POINTER}.tmp-")
            or entry.name == MANIFEST
            or (entry.suffix == ".parquet" and entry.stem in SCHEMAS)
        ):
            entry.unlink(missing_ok=True)


def write_model(
    directory: str | os.PathLike[str],
    frames: Mapping[str, pl.DataFrame],
    manifest: Mapping[str, Any],
    *,
    key: str | bytes | None = None,
) -> Path:
    """Write ``frames`` as ``<name>.parquet`` and the signed manifest as a new version.

    The version directory is complete (every file written and synced) before the ``CURRENT``
    pointer is atomically replaced to name it, so a reader, or a crash at any point, sees the
    old model or the new one, never half of one. Returns the model directory.
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    previous = model_dir(target).name if (target / POINTER).is_file() else None
    secret, source = resolve_key(key)
    name = f"v-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S.%f}Z-{secrets.token_hex(6)}"
    # os.mkdir (not mkdtemp, which is private 0700) so the model gets the umask's permissions.
    version = target / name
    version.mkdir()
    try:
        files: dict[str, dict[str, Any]] = {}
        for frame_name, frame in frames.items():
            path = version / f"{frame_name}.parquet"
            frame.write_parquet(path, compression="zstd", statistics=False)
            fsync_path(path)
            files[path.name] = {"sha256": _sha256(path), "rows": frame.height}
        full = {**manifest, "files": files, "hmac_key": source}
        full["hmac"] = _sign(full, secret)
        (version / MANIFEST).write_text(json.dumps(full, indent=2, sort_keys=True) + "\n")
        fsync_path(version / MANIFEST)
        fsync_path(version)
        _write_pointer(target, name)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    _prune(target, {name} | ({previous} if previous else set()))
    return target


def read_manifest(
    directory: str | os.PathLike[str], *, key: str | bytes | None = None
) -> dict[str, Any]:
    """Read and verify the manifest (format, HMAC); raise ``ModelError`` naming the fix."""
    if not Path(directory).is_dir():
        raise ModelError(
            "no saved baseline here (not a directory)", path=str(directory), fix=REBUILD
        )
    root = model_dir(directory)
    path = root / MANIFEST
    if not root.is_dir():
        raise ModelError(
            "the model's CURRENT pointer names a version that is missing",
            path=str(root),
            fix=REBUILD,
        )
    if not path.is_file():
        raise ModelError("the model has no manifest.json", path=str(path), fix=REBUILD)
    try:
        manifest = json.loads(path.read_text())
    except RecursionError:
        raise ModelError(
            "manifest.json is not valid JSON (nested too deeply)", path=str(path), fix=REBUILD
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelError(
            f"manifest.json is not valid JSON ({exc})", path=str(path), fix=REBUILD
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelError(f"manifest.json is not a {FORMAT} manifest", path=str(path), fix=REBUILD)
    if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("hmac"), str):
        raise ModelError("manifest.json lacks its file list or HMAC", path=str(path), fix=REBUILD)
    secret, source = resolve_key(key)
    if not hmac.compare_digest(_sign(manifest, secret), manifest["hmac"]):
        hint = (
            f"set {KEY_ENV} to the key it was saved with"
            if manifest.get("hmac_key") != "default" or source != "default"
            else "do not edit manifest.json by hand"
        )
        raise ModelError(
            "the manifest's HMAC does not match: it was edited or signed with another key",
            path=str(path),
            fix=f"{hint}, or {REBUILD}",
        )
    return manifest


# Frames scoring never reads (the summaries ``Baseline.update`` folds the next day into): kept as
# their verified Parquet bytes, a LazyFrame that decodes them when first collected. On a 1M-event
# day's 30-day baseline they are 1.2 GB decoded and 218 MB as bytes (branch score25).
DEFERRED = ("summary", "volume")


def read_frames(
    directory: str | os.PathLike[str],
    manifest: Mapping[str, Any],
    schemas: Mapping[str, Mapping[str, pl.DataType]],
    *,
    deferred: tuple[str, ...] = (),
) -> dict[str, pl.DataFrame | pl.LazyFrame]:
    """Each ``<name>.parquet`` after checking its SHA-256 against the manifest and its columns
    against ``schemas``: read now, or for the names in ``deferred`` a LazyFrame over the checked
    bytes, decoded when collected (the bytes are held, so what is decoded is what was checked)."""
    root = model_dir(directory)
    frames: dict[str, pl.DataFrame | pl.LazyFrame] = {}
    for name, schema in schemas.items():
        path = root / f"{name}.parquet"
        entry = manifest["files"].get(path.name)
        if not isinstance(entry, dict) or "sha256" not in entry:
            raise ModelError(
                f"manifest.json does not list {path.name}", path=str(root / MANIFEST), fix=REBUILD
            )
        if not path.is_file():
            raise ModelError("a file of the model is missing", path=str(path), fix=REBUILD)
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise ModelError(
                "the file's SHA-256 differs from the manifest: it was modified or corrupted",
                path=str(path),
                fix=REBUILD,
            )
        source = io.BytesIO(data)
        try:
            frame = pl.scan_parquet(source) if name in deferred else pl.read_parquet(source)
            columns = dict(frame.collect_schema())
        except Exception as exc:  # polars raises several types for a bad Parquet file
            raise ModelError(
                f"the file is not readable Parquet ({exc})", path=str(path), fix=REBUILD
            ) from exc
        if columns != dict(schema):
            raise ModelError(
                "the file's columns differ from what this ueba version expects",
                path=str(path),
                fix=REBUILD,
            )
        frames[name] = frame
    return frames


def feeds(
    ip_ranges: Any,
    ip_ranges_sync_token: str | None,
    ip_ranges_create_date: str | None,
    mmdb_build_dates: Mapping[str, str] | None,
) -> dict[str, Any]:
    """The feed provenance recorded in the manifest."""
    # ip_ranges is duck-typed (ueba.enrichment.AwsIpRanges has .sync_token and .create_date) so that
    # the baseline does not import the enrichment stage.
    token = ip_ranges_sync_token or getattr(ip_ranges, "sync_token", None)
    created = ip_ranges_create_date or getattr(ip_ranges, "create_date", None)
    feeds: dict[str, Any] = {}
    if token is not None or created is not None:
        feeds["ip_ranges"] = {
            "sync_token": None if token is None else str(token),
            "create_date": None if created is None else str(created),
        }
    if mmdb_build_dates:
        feeds["mmdb_build_dates"] = {str(k): str(v) for k, v in sorted(mmdb_build_dates.items())}
    return feeds


def stable_order(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` in a fixed row order, so the same baseline saves to the same bytes.

    Group-by output order varies between runs; one hash sort is several times cheaper than
    sorting by six string columns.
    """
    return frame.sort(pl.struct(frame.columns).hash(0), maintain_order=True)


def save_model(
    directory: str | os.PathLike[str],
    frames: Mapping[str, pl.DataFrame],
    *,
    params: Mapping[str, Any],
    window: tuple[dt.datetime, dt.datetime],
    feeds: Mapping[str, Any],
    key: str | bytes | None = None,
) -> Path:
    """Write a baseline's frames with a manifest of versions, parameters, window and feeds."""
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "ueba_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "params": dict(params),
        "window_start": window[0].isoformat(),
        "window_end": window[1].isoformat(),
        "feeds": dict(feeds),
    }
    ordered = {name: stable_order(frame) for name, frame in frames.items()}
    return write_model(directory, ordered, manifest, key=key)


@dataclass(frozen=True)
class SavedModel:
    """What ``load_model`` read and verified."""

    manifest: dict[str, Any]
    frames: dict[str, pl.DataFrame]
    # DEFERRED's frames, decoded when first collected
    summaries: dict[str, pl.LazyFrame]
    window: str
    min_days: int
    cycle_days: int
    cycle_active_days: int | None
    min_events: int
    session_key_days: int
    window_start: dt.datetime
    window_end: dt.datetime
    feeds: dict[str, Any]
    # the first instant whose S3 buckets the baseline learnt (format 4): a baseline saved before
    # format 4 learns them from its next update on, so until the window has slid past this
    # instant its bucket rows cover part of the window only
    buckets_since: dt.datetime


def load_model(directory: str | os.PathLike[str], *, key: str | bytes | None = None) -> SavedModel:
    """Read and verify a saved baseline: manifest, HMAC, schema version, every file's hash."""
    manifest = read_manifest(directory, key=key)
    path = str(model_dir(directory) / MANIFEST)
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise ModelError(
            f"the model was saved with schema {manifest.get('schema_version')!r}; "
            f"this ueba uses schema {SCHEMA_VERSION!r}",
            path=path,
            fix=f"rebuild it with this ueba version: {REBUILD}",
        )
    version = manifest.get("format_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ModelError(
            f"manifest.json has no valid format_version ({version!r})", path=path, fix=REBUILD
        )
    if version > FORMAT_VERSION:
        raise ModelError(
            f"the baseline was saved in format {version} by a newer ueba "
            f"({manifest.get('ueba_version')}); this ueba reads formats up to {FORMAT_VERSION}",
            path=path,
            fix=f"upgrade ueba to read it, or {REBUILD}",
        )
    read = read_frames(directory, manifest, SCHEMAS, deferred=DEFERRED)
    frames = {name: frame for name, frame in read.items() if isinstance(frame, pl.DataFrame)}
    summaries = {name: frame for name, frame in read.items() if isinstance(frame, pl.LazyFrame)}
    try:
        params = manifest["params"]
        cycle = params if version >= 2 else _CYCLE_OF_FORMAT_1
        active = cycle["cycle_active_days"]
        return SavedModel(
            manifest=manifest,
            frames=frames,
            summaries=summaries,
            window=str(params["window"]),
            min_days=int(params["min_days"]),
            cycle_days=int(cycle["cycle_days"]),
            cycle_active_days=None if active is None else int(active),
            min_events=int(params["min_events"]),
            session_key_days=int(params["session_key_days"]),
            window_start=to_utc(manifest["window_start"], what="window_start"),
            window_end=to_utc(manifest["window_end"], what="window_end"),
            feeds=dict(manifest.get("feeds") or {}),
            buckets_since=_buckets_since(manifest, version),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"manifest.json lacks a valid {exc}", path=path, fix=REBUILD) from exc


def _buckets_since(manifest: dict[str, Any], version: int) -> dt.datetime:
    """When the saved baseline began learning buckets: its window's start from format 4 on (or
    the instant it recorded), the end of its window before (nothing before it was learnt)."""
    recorded: str | None = manifest["params"].get("buckets_since")
    if recorded is not None:
        return to_utc(recorded, what="buckets_since")
    field = "window_start" if version >= 4 else "window_end"
    instant: str = manifest[field]
    return to_utc(instant, what=field)


__all__ = [
    "DEFAULT_MODEL_KEY",
    "DEFERRED",
    "FORMAT",
    "FORMAT_VERSION",
    "KEY_ENV",
    "MANIFEST",
    "POINTER",
    "SCHEMAS",
    "SavedModel",
    "feeds",
    "load_model",
    "model_absent",
    "model_dir",
    "read_frames",
    "read_manifest",
    "resolve_key",
    "save_model",
    "stable_order",
    "write_model",
]
