"""DataFrame in, DataFrame out; LazyFrame in, LazyFrame out: the one rule every stage keeps.

Stage functions are written once, over LazyFrames; these two helpers give them the other kind::

    def enrich_identity(events: FrameT) -> FrameT:
        out = _identity(as_lazy(events))
        return same_kind(events, out)
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from ueba._collect import ENGINE

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


def as_lazy(frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` as a LazyFrame; a TypeError that names what was given for anything else.

    >>> as_lazy(pl.DataFrame({"a": [1]})).collect().height
    1
    """
    if isinstance(frame, pl.LazyFrame):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.lazy()
    raise TypeError(
        f"expected a polars DataFrame or LazyFrame, got {type(frame).__name__}; "
        "read events with ueba.scan_lake, ueba.scan_cloudtrail or ueba.read_cloudtrail"
    )


def same_kind(like: FrameT, result: pl.LazyFrame) -> FrameT:
    """``result`` collected when ``like`` is a DataFrame, left lazy when it is a LazyFrame.

    >>> same_kind(pl.DataFrame(), pl.LazyFrame({"a": [1]})).height
    1
    >>> type(same_kind(pl.LazyFrame(), pl.LazyFrame({"a": [1]}))).__name__
    'LazyFrame'
    """
    if isinstance(like, pl.DataFrame):
        return result.collect(engine=ENGINE)
    return result


__all__ = ["FrameT", "as_lazy", "same_kind"]
