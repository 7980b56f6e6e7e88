"""The Parquet lake: ``ingest`` CloudTrail into it, ``scan_lake`` it back.

Layout::

    lake/events/event_date=YYYY-MM-DD/account_id=<recipient account>/part-*.parquet
    lake/_manifest/manifest-<run>.parquet      one row per source file a run looked at
    lake/_quarantine/errors-<run>.parquet      ERRORS rows: what could not be read, and why
    lake/_quarantine/duplicates-<run>.parquet  eventIDs seen again with different content

Parts are zstd Parquet with INT64 microsecond UTC timestamps and row groups of ~32k events.
A run stages its parts on local disk, stores each eventID once, uploads the parts under unique
names and commits them, with its manifest and quarantine, in one entry of ``_log/`` (see
:mod:`ueba.io._log`). Readers see only files named by committed entries: a crash leaves nothing
visible, and the next run completes the work. Several writers, on several hosts, may ingest into
one lake at once: each event is stored once. ``lake`` is a directory or a URI (``s3://bucket/
prefix``, or any pyarrow.fs / fsspec URI).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, date, datetime

import polars as pl

from ueba.io import _log
from ueba.io._arrow import EVENTS_ARROW
from ueba.io._check import CORRUPT_DIR, LakeCheck, check_lake, part_key, readable_parts, stray_dirs
from ueba.io._entry import ingest
from ueba.io._fs import LakeFS, open_lake
from ueba.io._ingest import IngestReport
from ueba.io._writer import account_dir
from ueba.schema import EVENTS, UTC_US


def _as_date(value: str | date | datetime | None) -> date | None:
    if value is None or isinstance(value, datetime):
        return value.date() if isinstance(value, datetime) else None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def scan_lake(
    lake: str | os.PathLike[str],
    *,
    start: str | date | datetime | None = None,
    end: str | date | datetime | None = None,
    accounts: Iterable[str] | None = None,
) -> pl.LazyFrame:
    """A LazyFrame of exactly the EVENTS columns, reading only the partitions asked for.

    ``start`` is inclusive. ``end`` given as a date (``"2024-07-31"``) includes that whole day;
    given as a datetime it is exclusive. ``accounts`` keeps those account IDs (the partition's
    recipient account). Partitions are chosen by listing directories, so a year-long lake
    costs nothing for a one-day query.

    Examples
    --------
    >>> import ueba
    >>> ueba.scan_lake("lake/", start="2018-11-28", end="2018-11-28").collect().height  # doctest: +SKIP
    37
    """
    fs = open_lake(lake)
    stray_dirs(fs)
    parts = committed_parts(fs, start=_as_date(start), end=_as_date(end), accounts=accounts)
    frame = scan_parts(fs, [rel for _, _, rel in parts])
    if isinstance(start, datetime):
        frame = frame.filter(pl.col("event_time") >= pl.lit(_utc(start), UTC_US))
    if isinstance(end, datetime):
        frame = frame.filter(pl.col("event_time") < pl.lit(_utc(end), UTC_US))
    return frame


def scan_parts(lake: str | os.PathLike[str] | LakeFS, parts: list[str]) -> pl.LazyFrame:
    """A LazyFrame of exactly the EVENTS columns of the given parts (paths relative to the lake).

    Engines use it to read the parts a task was given; :func:`scan_lake` chooses the parts."""
    fs = open_lake(lake)
    if not parts:
        return pl.LazyFrame(schema=dict(EVENTS))
    if fs.local:
        files = [str(fs.local_path(rel)) for rel in parts]
        frame = pl.scan_parquet(files, schema=dict(EVENTS), hive_partitioning=False)
    else:
        import pyarrow.dataset as ds

        dataset = ds.dataset(
            [fs.full(rel) for rel in parts],
            schema=EVENTS_ARROW,
            format="parquet",
            filesystem=fs.filesystem,
        )
        frame = pl.scan_pyarrow_dataset(dataset)
    return frame.select(list(EVENTS))


def committed_parts(
    lake: str | os.PathLike[str] | LakeFS,
    *,
    start: date | None = None,
    end: date | None = None,
    accounts: Iterable[str] | None = None,
) -> list[tuple[date, str, str]]:
    """(day, account directory, part) of the lake's committed parts between ``start`` and ``end``
    (inclusive dates) for ``accounts``; parts whose footer does not read are skipped (warned)."""
    fs = open_lake(lake)
    wanted = None if accounts is None else {account_dir(a) for a in accounts}
    chosen: list[tuple[date, str, str]] = []
    for rel in _log.read_state(fs).parts:
        key = part_key(rel)
        if key is None or (start is not None and key[0] < start):
            continue
        if (end is not None and key[0] > end) or (wanted is not None and key[1] not in wanted):
            continue
        chosen.append((key[0], key[1], rel))
    good = set(readable_parts(fs, [rel for _, _, rel in chosen])[0])
    return [row for row in chosen if row[2] in good]


def lake_partitions(lake: str | os.PathLike[str]) -> list[tuple[date, str]]:
    """(day, account_id) of every partition holding at least one committed part.

    A directory under ``events/`` that is not ``event_date=YYYY-MM-DD`` is skipped with a
    :class:`~ueba.exceptions.LakeWarning`.
    """
    fs = open_lake(lake)
    stray_dirs(fs)
    keys = {part_key(rel) for rel in _log.read_state(fs).parts}
    return sorted(key for key in keys if key is not None)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


__all__ = [
    "CORRUPT_DIR",
    "IngestReport",
    "LakeCheck",
    "check_lake",
    "committed_parts",
    "ingest",
    "lake_partitions",
    "scan_lake",
    "scan_parts",
]
