"""Records dated after their file was delivered: quarantined as ``clock_skew``, never stored.

CloudTrail writes a record after the call it describes, and delivers the file after that; a
record dated later than its file's delivery (the S3 object's Last-Modified, a local file's
modification time, and in any case the moment of ingest) comes from a wrong clock or was
planted. Stored, it would create a day "in the future" that ``--day latest`` would score
instead of the real one: anyone able to drop a file into the trail bucket could hide a day.

The check runs on a run's staged parts, before they are committed: only the two columns it
needs are read, and a part is rewritten only when it holds such a record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ueba._collect import STREAMING
from ueba.io._arrow import ERRORS_ARROW, EVENTS_ARROW
from ueba.io._source_file import paths_of, versions_of
from ueba.io._writer import StagedPart, read_part, write_atomic
from ueba.io.sources import SourceFile
from ueba.schema import ERRORS, UTC_US

DEFAULT_TOLERANCE = timedelta(hours=1)


def delivery_times(sources: Sequence[SourceFile], now: datetime) -> pl.DataFrame:
    """``source_file`` -> the latest instant its records may carry (delivery, at most now).

    A source's version is its modification time in ns (S3: Last-Modified); any other version
    (none, zero, not a number) counts as delivered now. Computed on columns: one run may list
    hundreds of thousands of files.
    """
    frame = pl.DataFrame(
        {
            "source_file": paths_of(sources),
            "_ns": versions_of(sources),
        },
        schema={"source_file": pl.String, "_ns": pl.String},
    )
    ns = pl.col("_ns").str.strip_chars().cast(pl.Int64, strict=False)
    cap = pl.lit(now, UTC_US)
    delivered = pl.when(ns > 0).then(pl.from_epoch(ns, "ns").dt.replace_time_zone("UTC"))
    return frame.select(
        "source_file",
        _delivered=pl.min_horizontal(delivered.cast(UTC_US), cap).fill_null(cap),
    )


def quarantine_skewed(
    staged: list[StagedPart],
    delivered: pl.DataFrame,
    *,
    tolerance: timedelta = DEFAULT_TOLERANCE,
    now: datetime | None = None,
) -> pa.Table | None:
    """Remove records dated beyond delivery + ``tolerance`` from ``staged`` (in place, on disk).

    Returns them as ERRORS rows (``clock_skew``, with the reason), or ``None`` when there are
    none. A part left empty is deleted, so no partition is created for a day in the future.
    """
    detected = now or datetime.now(UTC)
    errors: list[pl.DataFrame] = []
    earliest = delivered.get_column("_delivered").min() if delivered.height else None
    floor = min(earliest, detected) if isinstance(earliest, datetime) else detected
    # A part whose latest event_time (its footer's statistics) is within the earliest limit of
    # any file cannot hold a skewed record: neither read nor joined. A bulk load of past days
    # is all such parts, and the query below then holds nothing per event.
    present = [
        part for part in staged if part.path.exists() and not _within(part, floor + tolerance)
    ]
    if not present:
        return None
    # One look at every part's two columns at once (a query per part cost a join each, and
    # five-minute files make about a hundred parts): only parts holding a record dated past
    # its delivery are read whole and rewritten.
    limit = pl.coalesce(pl.col("_delivered"), pl.lit(detected, UTC_US)) + tolerance
    flagged = set(
        pl.scan_parquet(
            [part.path for part in present],
            include_file_paths="_part",
        )
        .select("event_time", "source_file", "_part")
        .join(delivered.lazy(), on="source_file", how="left")
        .filter(pl.col("event_time") > limit)
        .select(pl.col("_part").unique())
        .collect(engine=STREAMING)  # a batch at a time: parts of a 5 GB run hold 3 M rows
        .get_column("_part")
        .to_list()
    )
    for part in present:
        if str(part.path) not in flagged:
            continue
        times = pl.read_parquet(part.path, columns=["event_time", "source_file"])
        checked = times.with_row_index("_row").join(delivered, on="source_file", how="left")
        skewed = checked.filter(pl.col("event_time") > limit)
        if skewed.height == 0:
            continue
        table = read_part(part.path)
        keep = pl.Series(range(table.num_rows)).is_in(skewed["_row"].implode()).not_()
        bad = pl.from_arrow(table.filter(pa.array((~keep).to_numpy())))
        assert isinstance(bad, pl.DataFrame)
        errors.append(_errors(bad, delivered, tolerance, detected))
        kept = table.filter(pa.array(keep.to_numpy()))
        if kept.num_rows:
            write_atomic(kept, part.path, EVENTS_ARROW)
        else:
            Path(part.path).unlink()
        part.rows = kept.num_rows  # the commit counts a part's rows from here
    if not errors:
        return None
    frame = pl.concat(errors)
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest()).cast(ERRORS_ARROW)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _within(part: StagedPart, limit: datetime) -> bool:
    """Whether every ``event_time`` of ``part`` is at most ``limit``: told from the largest
    its writer wrote (``StagedPart.latest``), else from its footer's statistics (False when a
    row group has none, or the unit is not µs)."""
    bound = (limit - _EPOCH) // timedelta(microseconds=1)
    if part.latest is not None:
        return part.latest <= bound
    metadata = pq.read_metadata(part.path)
    names = metadata.schema.names
    if "event_time" not in names:
        return False
    column = names.index("event_time")
    if '"microseconds"' not in metadata.schema.column(column).logical_type.to_json():
        return False
    for group in range(metadata.num_row_groups):
        stats = metadata.row_group(group).column(column).statistics
        if stats is None or not stats.has_min_max or not isinstance(stats.max_raw, int):
            return False
        if stats.max_raw > bound:
            return False
    return True


def _errors(
    bad: pl.DataFrame, delivered: pl.DataFrame, tolerance: timedelta, detected: datetime
) -> pl.DataFrame:
    limit = pl.coalesce(pl.col("_delivered"), pl.lit(detected, UTC_US))
    hours = (pl.col("event_time") - limit).dt.total_seconds() / 3600
    ahead = (
        pl.when(hours >= 48)
        .then(pl.format("{} days", (hours / 24).round(1)))
        .otherwise(pl.format("{} h", hours.round(1)))
    )
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    return (
        bad.select("source_file", "event_time", "event_id", "event_name")
        .join(delivered, on="source_file", how="left")
        .select(
            "source_file",
            record_index=pl.lit(None, pl.Int64),
            error_kind=pl.lit("clock_skew"),
            reason=pl.format(
                "eventTime {} is {} after the file was delivered ({}; tolerance {} h): a wrong "
                "clock or a planted record, not stored. Check where this file came from",
                pl.col("event_time").dt.strftime(stamp),
                ahead,
                limit.dt.strftime(stamp),
                pl.lit(round(tolerance.total_seconds() / 3600, 2)),
            ),
            excerpt=pl.struct(eventID="event_id", eventName="event_name")
            .struct.json_encode()
            .str.slice(0, 200),
            detected_at=pl.lit(detected, UTC_US),
        )
        .cast(dict(ERRORS))  # type: ignore[arg-type]
    )


__all__ = ["DEFAULT_TOLERANCE", "delivery_times", "quarantine_skewed"]
