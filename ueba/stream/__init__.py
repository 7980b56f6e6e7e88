"""Score CloudTrail as it arrives, in micro-batches, with state kept beside the model.

>>> import ueba.stream
>>> stream = ueba.stream.Stream("models/prod")          # doctest: +SKIP
>>> changes = stream.process(lambda_event)               # doctest: +SKIP
>>> changes.select("finding_id", "activity", "severity")  # doctest: +SKIP

A batch is whatever an AWS integration hands a function: an EventBridge event (``detail``), a
CloudWatch Logs subscription payload (``awslogs.data`` or its decoded ``logEvents``), a Firehose
transformation event (``records[].data``), Kinesis records (``Records[].kinesis.data``), an S3
delivery object (``Records``), as ``bytes``/``str`` or as the ``dict`` the Lambda runtime gives,
or a list of them. The envelopes are read by the same parser as ``ueba ingest``
(:func:`ueba.io.cloudtrail.parse_bytes`); unreadable input is quarantined in the state, not raised.

What :meth:`Stream.process` returns are the *changes* the batch made: findings that opened
(``activity="create"``), grew or changed severity (``"update"``, same ``finding_id``) or were
withdrawn (``"close"``: e.g. a fleet-wide deploy later explained a network). After the last
batch of a day, :meth:`Stream.findings` equals what the daily job (``ueba score --day``) gives for
that day, with the same IDs and severities: each batch re-scores the touched accounts' day from
the state (:mod:`ueba.stream._store`), so verdicts that depend on earlier batches (the AssumeRole
that bound a key, the key's first network, hourly counts, fleet shares) are the batch job's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeAlias

import polars as pl
import pyarrow as pa

from ueba._collect import ENGINE
from ueba._time import parse_day
from ueba.config import Config
from ueba.schema import ERRORS, EVENTS, FINDINGS, SEVERITIES, conform
from ueba.stream._store import StateStore, account_expr

Batch: TypeAlias = (
    bytes | bytearray | memoryview | str | Mapping[str, Any] | pl.DataFrame | pa.Table
)
_COMPARED = [c for c in FINDINGS if c != "activity"]


class Stream:
    """Micro-batch scoring against a saved model, with state that survives restarts.

    Parameters
    ----------
    model_dir
        A saved baseline (``ueba baseline --out DIR``); ``None`` or a directory without one
        scores with the rules that need no history, as ``ueba score`` without ``--model``.
    state_dir
        Where the state lives (default ``<model_dir>/stream``; required without a model).
        One writer at a time: a second process waits for the lock.
    config
        A :class:`ueba.config.Config` (default ``Config()``), as for the daily job.
    enrich_options
        Keyword arguments of :func:`ueba.enrichment.enrich` (feeds, a geo reader); default the
        installed feeds, else the bundled ones, as for the daily job.
    keep_days
        Days kept in full behind the newest (events arriving later than that are still scored,
        against the minting context that remains).

    Examples
    --------
    >>> stream = Stream("models/prod")                               # doctest: +SKIP
    >>> for event in eventbridge_events:                             # doctest: +SKIP
    ...     for finding in stream.process(event).iter_rows(named=True):
    ...         print(finding["activity"], finding["severity"], finding["title"])
    """

    def __init__(
        self,
        model_dir: str | os.PathLike[str] | None,
        *,
        state_dir: str | os.PathLike[str] | None = None,
        config: Config | None = None,
        enrich_options: Mapping[str, Any] | None = None,
        keep_days: int = 2,
    ) -> None:
        self.model_dir = model_dir
        self.state_dir = state_dir
        self.config = config
        self.enrich_options = enrich_options
        self.keep_days = keep_days
        self._fitted: tuple[Any, Path, dict[str, Any]] | None = None
        self.errors_ = pl.DataFrame(schema=dict(ERRORS))

    # -- set-up, once per process --------------------------------------------------------
    def _state_path(self) -> Path:
        from ueba.exceptions import ConfigError

        if self.state_dir is None and self.model_dir is None:
            raise ConfigError(
                "a Stream without a model needs a state_dir",
                fix="pass Stream(None, state_dir='stream-state/') or a model directory",
            )
        return Path(self.state_dir or Path(str(self.model_dir)) / "stream")

    def _setup(self) -> tuple[Any, Path, dict[str, Any]]:
        if self._fitted is None:
            from ueba.enrichment import default_feeds
            from ueba.pipeline import load_model

            state = self._state_path()
            options = dict(self.enrich_options or {})
            options["ip_ranges"], options["asn_table"] = default_feeds(
                ip_ranges=options.get("ip_ranges"), asn_table=options.get("asn_table")
            )
            model = None if self.model_dir is None else Path(self.model_dir)
            self._fitted = (load_model(model), state, options)
        return self._fitted

    # -- the public API ------------------------------------------------------------------
    def process(self, batch: Batch | Sequence[Batch]) -> pl.DataFrame:
        """Read ``batch``, update the state, return the findings it created, updated or closed.

        The result has the FINDINGS schema, most severe first; ``activity`` says what changed.
        Events already seen (by ``event_id``) are ignored, so a re-delivered batch returns
        nothing new. What cannot be read is in :attr:`errors_` and the state's quarantine.
        """
        baseline, state_dir, options = self._setup()
        events, self.errors_ = _read(batch)
        store = StateStore(state_dir, keep_days=self.keep_days)
        with store.locked():
            store = StateStore.open(state_dir, keep_days=self.keep_days)
            if self.errors_.height:
                store.quarantine(self.errors_)
            new = _new_events(store, events)
            changes = [
                self._rescore(store, baseline, options, day, accounts)
                for day, accounts in _touched(new, store)
            ]
            store.prune()
            store.commit()
        if not changes:
            return pl.DataFrame(schema=dict(FINDINGS))
        return _most_severe_first(pl.concat(changes, how="vertical"))

    def findings(self, day: dt.date | str | None = None) -> pl.DataFrame:
        """The current findings (of ``day``, else of every retained day), most severe first:
        what the daily job gives for a day once all its events have arrived."""
        state_dir = self._state_path()  # reading needs neither the model nor the feeds
        with StateStore(state_dir).locked():  # a concurrent commit removes superseded files
            current = StateStore.open(state_dir, keep_days=self.keep_days).findings_
        if day is not None:
            date = parse_day(day, what="day")
            current = current.filter(pl.col("day") == date)
        return _most_severe_first(conform(current.lazy(), FINDINGS).collect(engine=ENGINE))

    # -- internals -----------------------------------------------------------------------
    def _rescore(
        self,
        store: StateStore,
        baseline: Any,
        options: dict[str, Any],
        day: dt.date,
        accounts: list[str],
    ) -> pl.DataFrame:
        """Score (``day``, ``accounts``) from the state as the daily job would; the changes."""
        from ueba.detect.scorer import Scorer
        from ueba.enrichment import enrich

        midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        context = store.events(day - dt.timedelta(days=1), accounts)
        events = pl.concat([context, store.events(day, accounts)], how="vertical")
        # collected with the scorer's engine, as the daily job does (``ueba.detect.scorer.ENGINE``):
        # polars' default engine costs ~6x the CPU on a day's scoring plan, a fixed cost that
        # every micro-batch paid, and is not the engine the batch job's findings come from
        scorer = Scorer(baseline, config=self.config).fit()
        today = enrich(events, **options).filter(pl.col("event_time") >= pl.lit(midnight))
        day_events = today.collect(engine=scorer.engine_)
        found = scorer.score(day_events.lazy()).collect(engine=scorer.engine_)
        before = store.findings_.filter(
            (pl.col("day") == day) & pl.col("account_id").is_in(accounts)
        )
        store.replace_findings(day, accounts, found)
        return _changes(conform(before.lazy(), FINDINGS).collect(engine=ENGINE), found)


def _read(batch: Batch | Sequence[Batch]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """EVENTS and ERRORS of a batch, through the io parser for every envelope.

    Consecutive dicts (EventBridge events, say) are read as one JSON array document, so a
    batch of 500 events is one parse, not 500; error rows cite ``stream:item-<first>``.
    """
    from ueba.io.cloudtrail import parse_bytes

    items: list[Batch] = list(batch) if isinstance(batch, list | tuple) else [batch]  # type: ignore[arg-type]
    documents: list[tuple[str, bytes]] = []
    frames: list[pl.DataFrame] = []
    pending: list[Any] = []
    for i, item in enumerate([*items, None]):
        if isinstance(item, Mapping | list):
            if not pending:
                first = i
            pending.append(item)
            continue
        if pending:
            documents.append((f"stream:item-{first}", json.dumps(pending).encode()))
            pending = []
        if item is None:
            continue
        if isinstance(item, pl.DataFrame | pa.Table):
            frame = item if isinstance(item, pl.DataFrame) else pl.DataFrame(pl.from_arrow(item))
            frames.append(conform(frame.lazy(), EVENTS).collect(engine=ENGINE))
        else:
            data = item.encode() if isinstance(item, str) else bytes(item)
            documents.append((f"stream:item-{i}", data))
    errors: list[pl.DataFrame] = []
    for name, data in documents:
        parsed = parse_bytes(data, name)
        frames.append(pl.DataFrame(pl.from_arrow(parsed.events)))
        errors.append(pl.DataFrame(pl.from_arrow(parsed.errors)))
    out_events = pl.concat(frames) if frames else pl.DataFrame(schema=dict(EVENTS))
    out_errors = pl.concat(errors) if errors else pl.DataFrame(schema=dict(ERRORS))
    return (
        conform(out_events.lazy(), EVENTS).collect(engine=ENGINE),
        conform(out_errors.lazy(), ERRORS).collect(engine=ENGINE),
    )


def _new_events(store: StateStore, events: pl.DataFrame) -> pl.DataFrame:
    """The events of the batch not seen before, added to the state (uncommitted)."""
    if events.height == 0:
        return events
    with_id = events.filter(pl.col("event_id").is_not_null()).unique(
        "event_id", keep="first", maintain_order=True
    )
    events = pl.concat([with_id, events.filter(pl.col("event_id").is_null())])
    days = events.select(pl.col("event_time").dt.date().unique()).to_series().to_list()
    fresh = []
    for day in sorted(days):
        of_day = events.filter(pl.col("event_time").dt.date() == day)
        of_day = of_day.filter(~pl.col("event_id").is_in(store.known_event_ids(day).implode()))
        if of_day.height:
            store.add_events(day, of_day)
            fresh.append(of_day)
    return pl.concat(fresh) if fresh else events.clear()


def _touched(new: pl.DataFrame, store: StateStore) -> list[tuple[dt.date, list[str]]]:
    """(day, accounts) to re-score: the new events' days, and the next day where the state
    holds it (a late minting event can bind tomorrow's keys)."""
    pairs = new.select(pl.col("event_time").dt.date().alias("day"), account_expr().alias("acc"))
    plan: dict[dt.date, set[str]] = {}
    for day, account in pairs.unique().iter_rows():
        plan.setdefault(day, set()).add(account)
        following = day + dt.timedelta(days=1)
        if following.isoformat() in store.days:
            plan.setdefault(following, set()).add(account)
    return [(day, sorted(accounts)) for day, accounts in sorted(plan.items())]


def _changes(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """Findings of ``after`` that are new (create) or differ (update); those of ``before``
    that are gone (close)."""
    old = before.select("finding_id", before.select(_COMPARED).hash_rows().alias("_old"))
    new = after.with_columns(after.select(_COMPARED).hash_rows().alias("_new"))
    joined = new.join(old, on="finding_id", how="left")
    created = joined.filter(pl.col("_old").is_null()).with_columns(activity=pl.lit("create"))
    updated = joined.filter(pl.col("_old").is_not_null() & (pl.col("_old") != pl.col("_new")))
    updated = updated.with_columns(activity=pl.lit("update"))
    closed = before.join(after.select("finding_id"), on="finding_id", how="anti")
    closed = closed.with_columns(activity=pl.lit("close"))
    parts = [conform(f.lazy(), FINDINGS).collect(engine=ENGINE) for f in (created, updated, closed)]
    return pl.concat(parts, how="vertical")


def _most_severe_first(findings: pl.DataFrame) -> pl.DataFrame:
    rank = pl.col("severity").replace_strict(
        {s: i for i, s in enumerate(SEVERITIES)}, default=0, return_dtype=pl.Int64
    )
    return findings.sort(
        [rank, "score", "first_seen", "finding_id"], descending=[True, True, False, False]
    )


__all__ = ["Stream"]
