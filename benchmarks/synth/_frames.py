"""Vectorised building blocks of the synthetic organisation: ids, keys, IPs and event rows.

Everything here turns numpy arrays into polars Series without a per-event Python loop, so the
generator scales to millions of events a day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa

from ueba.schema import EVENTS, UTC_US, conform

_BASE32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", dtype=np.uint8)
US_PER_SECOND = 1_000_000
US_PER_HOUR = 3_600 * US_PER_SECOND
US_PER_DAY = 24 * US_PER_HOUR


def _fixed_width(matrix: np.ndarray, *, text: bool = True) -> pl.Series:
    """Rows of a (n, width) uint8 matrix as a String Series (ASCII), or Binary if not ``text``."""
    n, width = matrix.shape
    data = np.ascontiguousarray(matrix, dtype=np.uint8).tobytes()
    arr = pa.FixedSizeBinaryArray.from_buffers(pa.binary(width), n, [None, pa.py_buffer(data)])
    arr = arr.cast(pa.binary())
    series = pl.from_arrow(arr.cast(pa.string()) if text else arr)
    assert isinstance(series, pl.Series)
    return series


def access_keys(rng: np.random.Generator, n: int, prefix: str) -> pl.Series:
    """``n`` random access key ids like ``ASIA`` + 16 base-32 characters."""
    body = _fixed_width(_BASE32[rng.integers(0, 32, size=(n, 16))])
    return pl.select(pl.lit(prefix) + pl.lit(body)).to_series().alias("access_key_id")


def uuids(rng: np.random.Generator, n: int) -> pl.Series:
    """``n`` random UUID-shaped strings (CloudTrail eventID / requestID)."""
    raw = np.frombuffer(rng.bytes(16 * n), dtype=np.uint8).reshape(n, 16)
    hexed = _fixed_width(raw, text=False).bin.encode("hex")
    frame = pl.DataFrame({"h": hexed})
    parts = [
        pl.col("h").str.slice(a, b - a) for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
    ]
    return frame.select(pl.concat_str(parts, separator="-")).to_series()


def hex_ids(rng: np.random.Generator, n: int, width: int) -> pl.Series:
    """``n`` random lowercase hex strings of ``width`` characters."""
    alphabet = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    return _fixed_width(alphabet[rng.integers(0, 16, size=(n, width))])


def ip_strings(ints: np.ndarray) -> pl.Series:
    """Dotted-quad text of IPv4 addresses given as integers."""
    values = pl.Series(values=np.asarray(ints, dtype=np.int64))
    frame = pl.DataFrame({"ip": values})
    octets = [((pl.col("ip") // (1 << s)) % 256).cast(pl.String) for s in (24, 16, 8, 0)]
    return frame.select(pl.concat_str(octets, separator=".")).to_series()


def times(us: np.ndarray) -> pl.Series:
    """UTC datetimes from epoch microseconds, to the whole second as CloudTrail writes them."""
    whole = np.asarray(us, dtype=np.int64) // US_PER_SECOND * US_PER_SECOND
    return pl.Series(values=whole).cast(UTC_US)


def gather(table: Sequence[Any] | pl.Series, index: np.ndarray) -> pl.Series:
    """``table[index]`` for a small lookup table of strings (or other values), vectorised."""
    series = table if isinstance(table, pl.Series) else pl.Series(values=list(table))
    return series.gather(pl.Series(values=np.asarray(index, dtype=np.int64)))


def masked(mask: np.ndarray, value: str) -> pl.Series:
    """``value`` where ``mask`` is true, else null."""
    return pl.select(pl.when(pl.Series(values=mask)).then(pl.lit(value))).to_series()


def rows(n: int, columns: Mapping[str, Any]) -> pl.DataFrame:
    """An ``n``-row frame: Series are taken as they are, scalars broadcast (None stays null)."""
    full = {k: v.alias(k) for k, v in columns.items() if isinstance(v, pl.Series) and len(v) == n}
    frame = pl.DataFrame(full) if full else pl.DataFrame({"_n": np.zeros(n, dtype=np.int8)})
    scalars = [
        (
            pl.lit(v.alias(k)).first()
            if isinstance(v, pl.Series)
            else pl.lit(v, dtype=EVENTS.get(k))
        ).alias(k)
        for k, v in columns.items()
        if k not in full
    ]
    if scalars:
        frame = frame.with_columns(scalars)
    return frame.drop("_n", strict=False)


def to_events(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    """Concatenate partial event frames and conform them to exactly the EVENTS schema."""
    present = [f for f in frames if f.height]
    if not present:
        return pl.DataFrame(schema=dict(EVENTS))
    lazy = [conform(f.lazy(), EVENTS) for f in present]
    return pl.concat(lazy, how="vertical").sort("event_time", maintain_order=True).collect()


def ip_in(cidr_start: np.ndarray, cidr_size: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One random host address (as int) inside each given network."""
    usable = np.maximum(np.asarray(cidr_size, dtype=np.int64) - 2, 1)
    return (
        np.asarray(cidr_start, dtype=np.int64)
        + 1
        + (rng.random(len(usable)) * usable).astype(np.int64)
    )
