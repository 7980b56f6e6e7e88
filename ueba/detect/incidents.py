"""Open incidents kept beside a model, so a finding that goes on keeps its ``finding_id``.

The Scorer folds one day (or one file, or one micro-batch) of hits into incidents: one per actor
and cause (:mod:`ueba.detect._grouping`). Without memory, the same stolen key seen again tomorrow
would be a new finding. :class:`IncidentStore` remembers every incident still open and, when a
fold reports the same (account, actor_kind, actor_id, cause) again within ``idle_days`` of its
last event, hands it the incident's first ``finding_id`` and ``activity="update"``. An incident
idle for longer is closed: a new one opens (``activity="create"``, a new id, as its opening day
is part of the id).

The store is one small Parquet file (schema INCIDENTS in :mod:`ueba.schema`), ``incidents.parquet``
in the model directory, written to a temporary file and renamed, so a crash leaves the old file
whole. It is separate from the baseline's signed files: a model can be rebuilt without losing the
incidents, and the incidents can be reset by deleting the file.

The whole API, for the daily job and for streaming::

    store = IncidentStore.load("models/prod")      # empty when nothing is saved yet
    findings = store.assign(findings)              # ids and activity; remembers them
    store.save()                                   # atomic; to the directory it was loaded from

>>> import polars as pl
>>> store = IncidentStore()
>>> store.open_.height
0
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TypeVar

import polars as pl

from ueba._files import atomic_target
from ueba.detect._grouping import INCIDENT_KEY, incident_home
from ueba.exceptions import ModelError
from ueba.schema import FINDINGS, INCIDENTS, SEVERITIES, conform

FILE = "incidents.parquet"
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
_SEV_RANK = {s: i for i, s in enumerate(SEVERITIES)}


class IncidentStore:
    """The open incidents of one model directory.

    Parameters
    ----------
    directory
        Where ``incidents.parquet`` lives (the model directory); ``None`` for an in-memory store
        (tests, notebooks) that :meth:`save` must then be given a directory for.
    idle_days
        An incident with no event for more than this many days is closed; the next finding of
        the same actor and cause opens a new incident.

    Attributes
    ----------
    open_ : DataFrame
        The incidents (schema INCIDENTS), one row per ``finding_id``.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, idle_days: int = 3):
        self.directory = None if directory is None else Path(directory)
        self.idle_days = idle_days
        self.open_ = pl.DataFrame(schema=dict(INCIDENTS))

    @classmethod
    def load(cls, directory: str | os.PathLike[str], *, idle_days: int = 3) -> IncidentStore:
        """The store saved in ``directory``; an empty one when nothing is saved there yet."""
        store = cls(directory, idle_days=idle_days)
        path = Path(directory) / FILE
        if path.exists():
            try:
                frame = pl.read_parquet(path)
            except (OSError, pl.exceptions.PolarsError) as exc:
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise ModelError(
                    f"{path}: the incident store cannot be read ({first_line})",
                    fix="delete the file to start a fresh store (open incidents get new ids)",
                ) from exc
            missing = [c for c in INCIDENTS if c not in frame.columns]
            if missing:
                raise ModelError(
                    f"{path}: the incident store lacks the columns {', '.join(missing)}",
                    fix="delete the file to start a fresh store (open incidents get new ids)",
                )
            store.open_ = conform(frame.lazy(), INCIDENTS).collect()
        return store

    def assign(self, findings: FrameT) -> FrameT:
        """``findings`` (FINDINGS) with continuing incidents' ``finding_id`` and ``activity``.

        A finding continues an open incident of the same account, actor and cause whose last
        event is at most ``idle_days`` before the finding's first: it takes that incident's id
        and ``activity="update"``. Others keep their id and ``create``. The store then remembers
        them all (first and last seen, highest severity and score, events, reports). Collects
        ``findings`` (they are few).
        """
        lazy = isinstance(findings, pl.LazyFrame)
        frame = findings.collect() if isinstance(findings, pl.LazyFrame) else findings
        frame = conform(frame.lazy(), FINDINGS).collect()
        # why: an organisation's actor (an Identity Center person) continues whatever account
        # its strongest hit was logged in today, as its finding_id does
        key = ["_home", *INCIDENT_KEY[1:]]
        frame = frame.with_columns(incident_home().alias("_home"))
        idle = dt.timedelta(days=self.idle_days)
        latest = (
            self.open_.with_columns(incident_home().alias("_home"))
            .sort("last_seen", "finding_id")
            .group_by(key, maintain_order=True)
            .last()
            .select(
                *key,
                pl.col("finding_id").alias("_open_id"),
                pl.col("last_seen").alias("_open_last"),
            )
        )
        joined = frame.join(latest, on=key, how="left", nulls_equal=True)
        continues = pl.col("_open_id").is_not_null() & (
            pl.col("first_seen") <= pl.col("_open_last") + pl.lit(idle)
        )
        out = joined.with_columns(
            pl.when(continues).then(pl.col("_open_id")).otherwise("finding_id").alias("finding_id"),
            pl.when(continues)
            .then(pl.lit("update"))
            .otherwise(pl.col("activity").fill_null("create"))
            .alias("activity"),
        ).drop("_open_id", "_open_last", "_home")
        self._remember(out)
        result = conform(out.lazy(), FINDINGS)
        return result if lazy else result.collect()  # type: ignore[return-value]

    def _remember(self, findings: pl.DataFrame) -> None:
        rank = pl.col("severity").replace_strict(_SEV_RANK, default=0, return_dtype=pl.Int64)
        new = findings.select(
            "finding_id",
            *INCIDENT_KEY,
            pl.col("first_seen").dt.date().alias("opened"),
            "first_seen",
            "last_seen",
            "severity",
            "score",
            "event_count",
            pl.lit(1, dtype=pl.Int64).alias("updates"),
        )
        both = pl.concat([conform(self.open_.lazy(), INCIDENTS).collect(), new], how="vertical")
        self.open_ = (
            both.with_columns(rank.alias("_rank"))
            .group_by("finding_id")
            .agg(
                *[pl.col(c).first() for c in INCIDENT_KEY],
                pl.col("opened").min(),
                pl.col("first_seen").min(),
                pl.col("last_seen").max(),
                pl.col("severity").sort_by("_rank").last(),
                pl.col("score").max(),
                pl.col("event_count").sum(),
                pl.col("updates").sum(),
            )
            .select(list(INCIDENTS))
            .sort("first_seen", "finding_id")
        )

    def close_idle(self, as_of: dt.datetime) -> pl.DataFrame:
        """Forget incidents with no event for more than ``idle_days`` before ``as_of``; returns
        them (schema INCIDENTS), so that a caller can report them closed."""
        cutoff = pl.lit(as_of - dt.timedelta(days=self.idle_days)).cast(INCIDENTS["last_seen"])
        closed = self.open_.filter(pl.col("last_seen") < cutoff)
        self.open_ = self.open_.filter(pl.col("last_seen") >= cutoff)
        return closed

    def save(self, directory: str | os.PathLike[str] | None = None) -> Path:
        """Write the store to ``directory`` (default: the one it was loaded from), atomically."""
        target_dir = Path(directory) if directory is not None else self.directory
        if target_dir is None:
            raise ModelError(
                "this IncidentStore has no directory to save to",
                fix="pass save(directory) or create it with IncidentStore(directory)",
            )
        target = target_dir / FILE
        with atomic_target(target) as temp:
            self.open_.write_parquet(temp)
        return target


__all__ = ["FILE", "IncidentStore"]
