"""Read CloudTrail in every form it reaches a user, into the EVENTS schema.

Forms are recognised by content, never by file name: S3 delivery files ``{"Records": [...]}``
(gzipped or not, multi-member gzip included), top-level arrays, NDJSON (Logstash lines with
``@timestamp`` and no ``eventTime`` included), EventBridge events (``detail``), CloudWatch Logs
subscription payloads (base64 and/or gzip), one record per file. CloudTrail-Digest and Insights
files are skipped with a reason. Secrets (``sessionToken``, ``secretAccessKey``, password-like
keys) are redacted before a frame is returned.

>>> import ueba
>>> events = ueba.read_cloudtrail("data/samples/flaws2")  # doctest: +SKIP
>>> events.height  # doctest: +SKIP
37
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pyarrow as pa

from ueba.exceptions import InputError
from ueba.io._decode import DEFAULT_MAX_DECOMPRESSED_BYTES
from ueba.io._load import Loaded, load_source
from ueba.io._parse import Collector
from ueba.io._table import errors_arrow
from ueba.io.sources import SourceFile, list_sources

if TYPE_CHECKING:
    import polars as pl

# polars is imported inside the functions that return frames: worker processes only parse.

Sources = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


@dataclass(frozen=True)
class ParsedFile:
    """What one file held.

    ``events`` is an Arrow table of exactly EVENTS; ``errors`` one of ERRORS (a row per record
    or file that could not be read, with the reason); ``skipped_reason`` says why a file with
    no events is not an error (a CloudTrail-Digest file, an Insights file, a CloudWatch control
    message); ``notes`` are things a reader should know (event times without a zone).
    """

    source_file: str
    events: pa.Table
    errors: pa.Table
    skipped_reason: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    decompressed_bytes: int = 0


def parse_bytes(
    data: bytes,
    source_file: str,
    *,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
) -> ParsedFile:
    """Parse one file's bytes. Never raises on bad input: it becomes rows of ``errors``.

    Parameters
    ----------
    data
        The file's bytes as stored (gzip or not).
    source_file
        What ``source_file`` and the error rows cite.
    max_decompressed_bytes
        A file that decompresses to more is refused whole (``too_large``): the guard against
        gzip bombs.

    Examples
    --------
    >>> parsed = parse_bytes(b'[{"eventTime": "2024-07-01T00:00:00Z", "eventName": "ListBuckets"}]', "x.json")
    >>> parsed.events.num_rows, parsed.errors.num_rows
    (1, 0)
    """
    collector = Collector(source_file, max_decompressed_bytes)
    collector.read(data)
    return _parsed(collector)


def _parsed(collector: Collector, skipped: str | None = None) -> ParsedFile:
    events = collector.table()
    errors = errors_arrow(collector.errors)
    if skipped is None and events.num_rows == 0 and errors.num_rows == 0:
        skipped = collector.skip_reasons[0] if collector.skip_reasons else None
    return ParsedFile(
        source_file=collector.source_file,
        events=events,
        errors=errors,
        skipped_reason=skipped,
        notes=tuple(collector.notes),
        decompressed_bytes=collector.decompressed_bytes,
    )


def parse_loaded(
    loaded: Loaded,
    source_file: str,
    *,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
) -> ParsedFile:
    """:func:`parse_bytes` of what :func:`~ueba.io._load.load_source` read (already gunzipped)."""
    collector = Collector(source_file, max_decompressed_bytes)
    if loaded.problem is not None:
        collector.file_error(*loaded.problem)
    if loaded.readable:
        collector.decoded(loaded.data)
    return _parsed(collector, loaded.skipped)


def parse_source(
    source: SourceFile, *, max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES
) -> ParsedFile:
    """:func:`parse_bytes` of a listed source, read against the cap without reading a file
    over it; a file that cannot be opened is an error row, a FIFO or a device is skipped."""
    loaded = load_source(source, max_decompressed_bytes)
    return parse_loaded(loaded, source.path, max_decompressed_bytes=max_decompressed_bytes)


def _as_list(sources: Sources) -> list[str | os.PathLike[str]]:
    if isinstance(sources, str | os.PathLike):
        return [sources]
    return list(sources)


def read_cloudtrail(
    sources: Sources,
    *,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
    s3_endpoint: str | None = None,
    errors: Literal["warn", "raise", "ignore"] = "warn",
) -> pl.DataFrame:
    """Read CloudTrail files (no lake) into a DataFrame of exactly the EVENTS schema.

    Parameters
    ----------
    sources
        A file, a directory (recursive), a glob or ``s3://bucket/prefix``, or a list of them.
    max_decompressed_bytes
        Per-file limit on decompressed size.
    s3_endpoint
        An S3-compatible endpoint URL for ``s3://`` sources.
    errors
        What to do with unreadable files or records: ``"warn"`` (one warning with the count),
        ``"raise"`` (:class:`~ueba.exceptions.InputError` for the first), ``"ignore"``.

    Examples
    --------
    >>> import ueba
    >>> events = ueba.read_cloudtrail(["data/samples/stratus"])  # doctest: +SKIP
    >>> events.select("event_name").head(1)  # doctest: +SKIP
    """
    import polars as pl

    from ueba.schema import EVENTS

    frames: list[pa.Table] = []
    bad: list[pa.Table] = []
    for source in list_sources(_as_list(sources), s3_endpoint=s3_endpoint):
        parsed = parse_source(source, max_decompressed_bytes=max_decompressed_bytes)
        if parsed.errors.num_rows:
            if errors == "raise":
                first = parsed.errors.slice(0, 1).to_pylist()[0]
                raise InputError(
                    first["reason"],
                    path=first["source_file"],
                    record=first["record_index"],
                    fix="use errors='warn' to read the rest, or `ueba ingest` to quarantine it",
                )
            bad.append(parsed.errors)
        frames.append(parsed.events)
    if bad and errors == "warn":
        count = sum(t.num_rows for t in bad)
        warnings.warn(
            f"{count} unreadable file(s) or record(s) were left out; "
            "`ueba ingest` quarantines them with the reason",
            stacklevel=2,
        )
    if not frames:
        return pl.DataFrame(schema=dict(EVENTS))
    out = pl.from_arrow(pa.concat_tables(frames))
    assert isinstance(out, pl.DataFrame)
    return out


def scan_cloudtrail(
    sources: Sources,
    *,
    max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES,
    s3_endpoint: str | None = None,
) -> pl.LazyFrame:
    """A LazyFrame of EVENTS over ``sources``; files are read when it is collected.

    Examples
    --------
    >>> import ueba
    >>> lf = ueba.scan_cloudtrail("data/samples/otrf")  # doctest: +SKIP
    >>> lf.filter(pl.col("event_name") == "ListBuckets").collect()  # doctest: +SKIP
    """
    import polars as pl

    from ueba.schema import EVENTS

    listed = _as_list(sources)

    def load() -> pl.DataFrame:
        return read_cloudtrail(
            listed, max_decompressed_bytes=max_decompressed_bytes, s3_endpoint=s3_endpoint
        )

    return pl.defer(load, schema=dict(EVENTS))


def read_errors(parsed: Iterable[ParsedFile]) -> pl.DataFrame:
    """All ``errors`` of several parsed files as one ERRORS frame."""
    import polars as pl

    from ueba.schema import ERRORS

    tables = [p.errors for p in parsed]
    if not tables:
        return pl.DataFrame(schema=dict(ERRORS))
    out = pl.from_arrow(pa.concat_tables(tables))
    assert isinstance(out, pl.DataFrame)
    return out


__all__ = [
    "ParsedFile",
    "parse_bytes",
    "parse_loaded",
    "parse_source",
    "read_cloudtrail",
    "read_errors",
    "scan_cloudtrail",
]
