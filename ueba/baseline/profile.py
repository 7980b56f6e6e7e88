"""``Baseline``: what each principal, credential, workload and account normally does.

Scikit-learn style: ``__init__`` stores keyword-only parameters; ``fit`` learns state whose names
end in ``_``; ``update`` adds a day; ``save`` / ``load`` keep it as Parquet plus a signed
manifest. Rules query it through vectorised helpers (``known``, ``entity_maturity``,
``volume_expectation``, ``top_values``) that join the baseline onto the caller's frame.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any, TypeVar

import polars as pl

from ueba._collect import ENGINE
from ueba._time import parse_window, to_utc
from ueba.baseline import _stats, _store
from ueba.baseline._queries import BaselineQueries
from ueba.baseline.summaries import (
    Summaries,
    check_enriched,
    collect_summaries,
    merge_summaries,
    summarize,
)
from ueba.exceptions import ConfigError, InputError, ModelError
from ueba.schema import UTC_US

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


class Baseline(BaselineQueries):
    """Per-entity behaviour profiles over a sliding window of days.

    Parameters
    ----------
    window : str, int or timedelta, default "30d"
        Whole days of history kept: ``"30d"``, ``"4w"``, ``30``.
    min_days : int, default 7
    cycle_days : int, default 7
    cycle_active_days : int or None, default 5
    min_events : int, default 20
        The maturity rule: the entity's routine observed. An entity is ``mature`` when it has
        at least ``min_events`` events in the window, and was active on at least ``min_days``
        distinct days *or* went through one whole cycle at work (its history spans at least
        ``cycle_days`` calendar days and some ``cycle_days`` consecutive days hold
        ``cycle_active_days`` of its active days: a person who works weekdays, after her
        first full week), and (principals, credentials, workloads) its account is mature too;
        else it is ``learning`` (its ``cold_start`` flag is set). ``cycle_active_days=None``
        counts days alone. While a principal is learning, the Scorer silences the hits that
        judge it against its own history (``basis="novelty"``); the rules that compare a key
        with itself or with the trail keep firing. See ``docs/baselines.md``.
    session_key_days : int, default 2
        Days a session key's (``ASIA…``) own ``credential`` profile is kept. Session keys expire
        within 36 hours, so older ones can never be used again, yet an EC2 role rotating keys
        hourly would otherwise make them most of the baseline. Long-term keys (``AKIA…``) and
        every other scope keep the whole window.

    Attributes (after ``fit``)
    --------------------------
    profile_ : DataFrame
        scope, entity, account_id, dimension, value, count, days_seen, first_seen, last_seen.
    maturity_ : DataFrame
        scope, entity, account_id, days_observed, events, first_seen, last_seen, age_days,
        cold_start, maturity (schema MATURITY: ``learning`` or ``mature``).
    volume_stats_ : DataFrame
        scope, entity, account_id, hours_observed and, for events / errors / access_denied,
        ``_median``, ``_mad``, ``_mean``, ``_p95``, ``_max`` of hourly counts over active hours.
    window_start_, window_end_ : datetime
        The window ``[start, end)`` in UTC.
    buckets_since_ : datetime
        The first instant whose S3 buckets were learnt (the window's start after ``fit``; the
        window's end for a baseline saved before format 4: it learns buckets from its next
        ``update`` on). The bucket rules read buckets only once this is at or before
        ``window_start_``.
    summaries_ : Summaries
        The daily summaries in the window (what ``update`` merges into).
    feeds_ : dict
        Feed provenance recorded in the manifest (ip-ranges syncToken, mmdb build dates).

    Examples
    --------
    >>> baseline = Baseline(window="30d", min_days=7).fit(enriched_history)  # doctest: +SKIP
    >>> baseline.update(enriched_yesterday).save("models/prod")  # doctest: +SKIP
    >>> baseline = Baseline.load("models/prod")  # doctest: +SKIP
    >>> baseline.known(enriched_today, scope="principal", dimension="api")  # doctest: +SKIP
    """

    # Learned state, set by fit / update / load (annotated here for type checkers only; the
    # frames the queries read, profile_, maturity_, volume_stats_ and window_end_, are
    # annotated on BaselineQueries).
    summaries_: Summaries
    window_start_: dt.datetime
    buckets_since_: dt.datetime
    feeds_: dict[str, Any]
    manifest_: dict[str, Any]
    # a loaded baseline's summary files, until their first use decodes them (_decoded_summaries)
    _summary_files: dict[str, str] | None

    def __init__(
        self,
        *,
        window: str | int | dt.timedelta = "30d",
        min_days: int = 7,
        cycle_days: int = 7,
        cycle_active_days: int | None = 5,
        min_events: int = 20,
        session_key_days: int = 2,
    ) -> None:
        self.window = window
        self.min_days = min_days
        self.cycle_days = cycle_days
        self.cycle_active_days = cycle_active_days
        self.min_events = min_events
        self.session_key_days = session_key_days

    def __repr__(self) -> str:
        return (
            f"Baseline(window={self.window!r}, min_days={self.min_days!r}, "
            f"cycle_days={self.cycle_days!r}, cycle_active_days={self.cycle_active_days!r}, "
            f"min_events={self.min_events!r}, "
            f"session_key_days={self.session_key_days!r})"
        )

    def _repr_html_(self) -> str:
        """The notebook view (window, maturity, top networks and clients per principal)."""
        from ueba._html import baseline_html

        return baseline_html(self)

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters, as scikit-learn's ``get_params``."""
        return {
            "window": self.window,
            "min_days": self.min_days,
            "cycle_days": self.cycle_days,
            "cycle_active_days": self.cycle_active_days,
            "min_events": self.min_events,
            "session_key_days": self.session_key_days,
        }

    # ---------------------------------------------------------------------------- learning
    def _validate(self) -> int:
        days = parse_window(self.window)
        for name, example, least in (
            ("min_days", 7, 1),
            ("cycle_days", 7, 1),
            ("cycle_active_days", 5, 1),
            ("min_events", 20, 0),
            ("session_key_days", 2, 1),
        ):
            value = getattr(self, name)
            if name == "cycle_active_days" and value is None:
                continue  # days alone
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ConfigError(
                    f"{name}={value!r} must be a whole number of at least {least}",
                    fix=f"use e.g. {name}={example}",
                )
        if self.cycle_active_days is not None and self.cycle_active_days > self.cycle_days:
            raise ConfigError(
                f"cycle_active_days={self.cycle_active_days} can never fit in "
                f"cycle_days={self.cycle_days} consecutive days",
                fix="use e.g. cycle_days=7, cycle_active_days=5 (a working week)",
            )
        return days

    def fit(
        self,
        history: pl.LazyFrame | pl.DataFrame | Summaries,
        *,
        until: str | dt.date | dt.datetime | None = None,
        ip_ranges: Any = None,
        ip_ranges_sync_token: str | None = None,
        ip_ranges_create_date: str | None = None,
        mmdb_build_dates: Mapping[str, str] | None = None,
    ) -> Baseline:
        """Learn the baseline from ENRICHED history (or from already computed ``Summaries``).

        ``until`` (exclusive) ends the window: ``"2024-07-31"`` learns from days before July 31,
        so that July 31 can be scored against it. Without it the window ends at the midnight
        after the last event. Only the last ``window`` days before ``until`` are kept. Feed
        provenance (``ip_ranges`` object or its sync token / create date, mmdb build dates) is
        recorded in the saved manifest. Collects the history once.

        Examples
        --------
        >>> baseline = Baseline(window="30d").fit(enriched, until="2024-07-31")  # doctest: +SKIP
        """
        days = self._validate()
        end = None if until is None else to_utc(until, what="until")
        summaries = self._summaries_of(history, end=end, days=days, what="history")
        summary, volume = collect_summaries(summaries)
        if end is None:
            last = volume.select(pl.col("hour").max()).item()
            if last is None:
                raise InputError(
                    "the history has no events to learn from, so the window cannot end after them",
                    fix='pass until="YYYY-MM-DD" to fit an empty baseline, or check the lake dates',
                )
            end = _stats.next_midnight(last)
        self.feeds_ = _store.feeds(
            ip_ranges, ip_ranges_sync_token, ip_ranges_create_date, mmdb_build_dates
        )
        self._learn(summary, volume, end, days)
        self.buckets_since_ = self.window_start_  # every day of the window had its buckets learnt
        return self

    def update(
        self,
        day: pl.LazyFrame | pl.DataFrame | Summaries,
        *,
        until: str | dt.date | dt.datetime | None = None,
    ) -> Baseline:
        """Add new events (typically one day), slide the window, and drop what left it.

        The new summaries are merged into ``summaries_``; the window then ends at ``until`` (or
        at the midnight after the newest event), never earlier than before, and days older than
        the window are dropped, so memory stays bounded by the window, not by history. Counts
        add up: pass each event once (events at or after ``until`` are ignored).

        Examples
        --------
        >>> baseline.update(enriched_yesterday)  # doctest: +SKIP
        """
        self._check_fitted()
        days = self._validate()
        end = None if until is None else to_utc(until, what="until")
        new = self._summaries_of(day, end=end, days=None, what="day")
        merged = merge_summaries(self._decoded_summaries(), new)
        summary, volume = collect_summaries(merged)
        if end is None:
            last = volume.select(pl.col("hour").max()).item()
            end = (
                self.window_end_
                if last is None
                else max(self.window_end_, _stats.next_midnight(last))
            )
        # The window never moves back: an earlier ``until`` only bounds the new events.
        self._learn(summary, volume, max(end, self.window_end_), days)
        return self

    def _summaries_of(
        self,
        data: pl.LazyFrame | pl.DataFrame | Summaries,
        *,
        end: dt.datetime | None,
        days: int | None,
        what: str,
    ) -> Summaries:
        if isinstance(data, Summaries):
            return merge_summaries(data)
        if not isinstance(data, (pl.LazyFrame, pl.DataFrame)):
            raise TypeError(
                f"{what} must be a polars LazyFrame/DataFrame of ENRICHED events or Summaries"
            )
        lf = data.lazy()
        check_enriched(lf, what=what)
        time = pl.col("event_time").cast(UTC_US)
        if end is not None:
            # Filtering before summarising lets a lake scan prune partitions outside the window.
            lf = lf.filter(time < pl.lit(end, dtype=UTC_US))
            if days is not None:
                start, _ = _stats.window_bounds(end, days)
                lf = lf.filter(time >= pl.lit(start, dtype=UTC_US))
        return summarize(lf)

    def _decoded_summaries(self) -> Summaries:
        """``summaries_``. A loaded baseline holds them as scans of the saved files' checked
        bytes (``_store.DEFERRED``: scoring never reads them), decoded here at their first use
        (``update``, ``save``); a file whose data does not decode (its hash and columns were
        checked at load, so only a manifest re-signed over a broken file gets here) is refused
        naming the file."""
        files: dict[str, str] | None = getattr(self, "_summary_files", None)
        if not files:
            return self.summaries_
        frames = {}
        for name, frame in self.summaries_._asdict().items():
            try:
                frames[name] = frame.collect(engine=ENGINE)
            except pl.exceptions.PolarsError as exc:
                raise ModelError(
                    f"the file's data is not readable Parquet ({exc})",
                    path=files[name],
                    fix=_store.REBUILD,
                ) from exc
        self.summaries_ = Summaries(frames["summary"].lazy(), frames["volume"].lazy())
        self._summary_files = None
        return self.summaries_

    def _learn(
        self, summary: pl.DataFrame, volume: pl.DataFrame, end: dt.datetime, days: int
    ) -> None:
        start, end = _stats.window_bounds(end, days)
        summary, volume = _stats.prune(summary, volume, start, end)
        summary, volume = _stats.prune_session_keys(summary, volume, end, self.session_key_days)
        self.window_start_ = start
        self.window_end_ = end
        self.summaries_ = Summaries(summary.lazy(), volume.lazy())
        self.profile_ = _stats.profile(summary)
        self.maturity_ = _stats.maturity(
            summary,
            min_days=self.min_days,
            cycle_days=self.cycle_days,
            cycle_active_days=self.cycle_active_days,
            min_events=self.min_events,
            window_end=end,
        )
        self.volume_stats_ = _stats.volume_stats(volume)
        if not hasattr(self, "feeds_"):
            self.feeds_ = {}

    @property
    def is_fitted(self) -> bool:
        """Whether ``fit`` or ``load`` has run."""
        return hasattr(self, "profile_")

    # ---------------------------------------------------------------------------- storage
    def save(self, directory: str | os.PathLike[str], *, key: str | bytes | None = None) -> str:
        """Write the baseline under ``directory`` (Parquet + signed ``manifest.json``), atomically.

        ``key`` signs the manifest (default: env ``UEBA_MODEL_KEY``, else the public project key).
        Returns the directory.

        Examples
        --------
        >>> baseline.save("models/prod")  # doctest: +SKIP
        'models/prod'
        """
        self._check_fitted()
        saved = self._decoded_summaries()
        summary, volume = pl.collect_all([saved.summary, saved.volume], engine=ENGINE)
        frames = {
            "summary": summary,
            "volume": volume,
            "profile": self.profile_,
            "maturity": self.maturity_,
            "volume_stats": self.volume_stats_,
        }
        params = {
            **self.get_params(),
            "window": str(self.window),
            "window_days": parse_window(self.window),
            "buckets_since": self.buckets_since_.isoformat(),
        }
        _store.save_model(
            directory,
            frames,
            params=params,
            window=(self.window_start_, self.window_end_),
            feeds=self.feeds_,
            key=key,
        )
        return str(directory)

    @classmethod
    def load(cls, directory: str | os.PathLike[str], *, key: str | bytes | None = None) -> Baseline:
        """Load a saved baseline, refusing a tampered, incomplete or incompatible one.

        Raises ``ModelError`` (naming the file and the fix) when the manifest is missing or
        corrupt, its HMAC does not verify, a file is missing or changed, or the model was saved
        with another schema version or a newer format. The summaries (``summaries_``, read by
        ``update`` and ``save``, never by scoring) are checked at load (hash, columns) but held
        as their bytes and decoded at their first use, which refuses a file whose data does not
        decode (``ModelError`` naming it). A baseline saved in format 1 (before the
        weekly cycle) loads with the rule it was saved with, ``min_days`` active days alone
        (``cycle_active_days=None``), so its ``maturity_`` means what it meant; set
        ``cycle_active_days=5`` on it before the next ``update`` (or refit) to adopt the cycle
        (``docs/baselines.md``, "Saved models").

        Examples
        --------
        >>> baseline = Baseline.load("models/demo")  # doctest: +SKIP
        """
        model = _store.load_model(directory, key=key)
        baseline = cls(
            window=model.window,
            min_days=model.min_days,
            cycle_days=model.cycle_days,
            cycle_active_days=model.cycle_active_days,
            min_events=model.min_events,
            session_key_days=model.session_key_days,
        )
        baseline.window_start_ = model.window_start
        baseline.window_end_ = model.window_end
        baseline.feeds_ = model.feeds
        baseline.buckets_since_ = model.buckets_since
        frames = model.frames
        baseline.summaries_ = Summaries(model.summaries["summary"], model.summaries["volume"])
        root = _store.model_dir(directory)
        baseline._summary_files = {name: str(root / f"{name}.parquet") for name in _store.DEFERRED}
        baseline.profile_ = frames["profile"]
        baseline.maturity_ = frames["maturity"]
        baseline.volume_stats_ = frames["volume_stats"]
        baseline.manifest_ = model.manifest
        return baseline


__all__ = ["Baseline"]
