"""The streaming state beside a model: what a verdict needs from earlier micro-batches.

Layout of ``<model>/stream/`` (the default ``state_dir``)::

    manifest.json                         the commit point: everything else is named from here
    events/day=YYYY-MM-DD/part-NNNNNN.parquet   EVENTS of the retained days, one file per batch
    findings-NNNNNN.parquet               the current findings of the retained days (FINDINGS + day)
    quarantine/part-NNNNNN.parquet        what could not be read (ERRORS), append-only
    .lock                                 one writer at a time (fcntl)

What is kept, and why: the key-to-workload bindings are the minting events (``AssumeRole``,
``GetSessionToken``, ...) of the day before, so keys minted yesterday stay bound to their
workload; the first-IP locks, per-hour and per-day counters, fleet shares and address-change
explanations are functions of the day's events, so the day's events are kept (compressed
Parquet) until the day is ``keep_days`` behind the newest one, and only its minting events after
that; the open incidents are the current findings with their IDs, against which each batch's
re-scored findings are compared (create / update / close).

Crash safety: a batch writes new files under fresh names, then replaces ``manifest.json``
atomically (temporary file + rename). A crash before the rename leaves the previous state whole
(files it does not name are removed on the next open); a crash after it is a committed batch.
Re-delivering a batch (Lambda retries) changes nothing: events are deduplicated by ``event_id``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba._files import atomic_target, atomic_write
from ueba.enrichment._binding import MINTING_EVENTS
from ueba.exceptions import ModelError
from ueba.schema import ERRORS, EVENTS, FINDINGS, SCHEMA_VERSION, conform

MANIFEST = "manifest.json"
FORMAT = "ueba-stream-state"
STATE_VERSION = 1
STATE_FINDINGS = {**FINDINGS, "day": pl.Date()}
# a day's batch files are merged into one once there are this many (fewer files to scan)
COMPACT_AT = 16


def _write_parquet(frame: pl.DataFrame, target: Path) -> None:
    with atomic_target(target) as temp:
        frame.write_parquet(temp, compression="zstd")


class StateStore:
    """The files of one ``state_dir``; see the module docstring for what they hold."""

    def __init__(self, directory: str | os.PathLike[str], *, keep_days: int = 2) -> None:
        self.directory = Path(directory)
        self.keep_days = keep_days
        self.sequence = 0
        self.days: dict[str, list[str]] = {}
        self.findings_file: str | None = None
        self.findings_ = pl.DataFrame(schema=STATE_FINDINGS)
        self.pending = 1  # the sequence number of the batch being written

    # -- open / lock -------------------------------------------------------------------
    @classmethod
    def open(cls, directory: str | os.PathLike[str], *, keep_days: int = 2) -> StateStore:
        """The committed state in ``directory`` (empty when there is none yet)."""
        store = cls(directory, keep_days=keep_days)
        path = store.directory / MANIFEST
        if path.exists():
            store._read_manifest(path)
        store._remove_uncommitted()
        return store

    def _read_manifest(self, path: Path) -> None:
        try:
            manifest = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"{path}: the stream state cannot be read ({exc})",
                fix="delete the stream state directory to start afresh (open incidents get new ids)",
            ) from exc
        if manifest.get("format") != FORMAT or manifest.get("schema") != SCHEMA_VERSION:
            raise ModelError(
                f"{path}: stream state of format {manifest.get('format')!r} / schema "
                f"{manifest.get('schema')!r}, this ueba writes {FORMAT!r} / {SCHEMA_VERSION!r}",
                fix="delete the stream state directory to start afresh",
            )
        self.sequence = int(manifest["sequence"])
        self.pending = self.sequence + 1
        self.days = {day: list(files) for day, files in manifest["days"].items()}
        self.findings_file = manifest.get("findings")
        if self.findings_file:
            frame = pl.read_parquet(self.directory / self.findings_file)
            self.findings_ = conform(frame.lazy(), STATE_FINDINGS).collect(engine=ENGINE)

    def _named(self) -> set[Path]:
        files = {self.directory / f for files in self.days.values() for f in files}
        if self.findings_file:
            files.add(self.directory / self.findings_file)
        return files

    def _remove_uncommitted(self) -> None:
        # files of a batch that crashed before its manifest was written
        named = self._named()
        for path in [*self.directory.glob("events/day=*/*"), *self.directory.glob("findings-*")]:
            if path not in named:
                path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the state's lock (one writer per ``state_dir``, across processes)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- reading -----------------------------------------------------------------------
    def events(self, day: dt.date, accounts: list[str] | None = None) -> pl.LazyFrame:
        """EVENTS of ``day`` kept in the state (for ``accounts``, the account of each event
        being its recipient account, else its caller's account)."""
        files = [str(self.directory / f) for f in self.days.get(day.isoformat(), [])]
        if not files:
            return pl.LazyFrame(schema=dict(EVENTS))
        frame = pl.scan_parquet(files, schema=dict(EVENTS))
        if accounts is not None:
            frame = frame.filter(account_expr().is_in(accounts))
        return frame

    def known_event_ids(self, day: dt.date) -> pl.Series:
        return self.events(day).select("event_id").drop_nulls().collect(engine=ENGINE).to_series()

    # -- writing (not visible until commit) ----------------------------------------------
    def add_events(self, day: dt.date, events: pl.DataFrame) -> None:
        name = f"events/day={day.isoformat()}/part-{self.pending:06d}.parquet"
        _write_parquet(conform(events.lazy(), EVENTS).collect(engine=ENGINE), self.directory / name)
        self.days.setdefault(day.isoformat(), []).append(name)

    def quarantine(self, errors: pl.DataFrame) -> Path:
        target = self.directory / "quarantine" / f"part-{self.pending:06d}.parquet"
        _write_parquet(conform(errors.lazy(), ERRORS).collect(engine=ENGINE), target)
        return target

    def replace_findings(self, day: dt.date, accounts: list[str], findings: pl.DataFrame) -> None:
        """The current findings of (``day``, ``accounts``) become ``findings``."""
        keep = self.findings_.filter((pl.col("day") != day) | ~pl.col("account_id").is_in(accounts))
        new = conform(findings.lazy().with_columns(pl.lit(day).alias("day")), STATE_FINDINGS)
        self.findings_ = pl.concat([keep, new.collect(engine=ENGINE)], how="vertical")

    def prune(self) -> None:
        """Keep full days within ``keep_days`` of the newest, one day more as minting context;
        merge a day's batch files once there are ``COMPACT_AT``."""
        if not self.days:
            return
        newest = max(dt.date.fromisoformat(d) for d in self.days)
        full_from = newest - dt.timedelta(days=self.keep_days - 1)
        context_day = full_from - dt.timedelta(days=1)
        for day in sorted(self.days):
            date = dt.date.fromisoformat(day)
            if date < context_day:
                del self.days[day]
            elif date == context_day and not day_is_context(self.days[day]):
                minting = self.events(date).filter(pl.col("event_name").is_in(MINTING_EVENTS))
                name = f"events/day={day}/context-{self.pending:06d}.parquet"
                _write_parquet(minting.collect(engine=ENGINE), self.directory / name)
                self.days[day] = [name]
            elif len(self.days[day]) >= COMPACT_AT:
                name = f"events/day={day}/compact-{self.pending:06d}.parquet"
                _write_parquet(self.events(date).collect(engine=ENGINE), self.directory / name)
                self.days[day] = [name]
        self.findings_ = self.findings_.filter(pl.col("day") >= full_from)

    def commit(self) -> None:
        """Make this batch's files the state (atomic), then remove files no longer named."""
        self.sequence = self.pending
        self.findings_file = f"findings-{self.sequence:06d}.parquet"
        _write_parquet(self.findings_, self.directory / self.findings_file)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": STATE_VERSION,
            "schema": SCHEMA_VERSION,
            "sequence": self.sequence,
            "days": self.days,
            "findings": self.findings_file,
        }
        with atomic_write(self.directory / MANIFEST) as fh:
            json.dump(manifest, fh, indent=1, sort_keys=True)
        self.pending = self.sequence + 1
        self._remove_uncommitted()


def day_is_context(files: list[str]) -> bool:
    return len(files) == 1 and "/context-" in files[0]


def account_expr() -> pl.Expr:
    """The account an event belongs to, as the lake partitions it."""
    return pl.coalesce("recipient_account_id", "identity_account_id", pl.lit("unknown"))


__all__ = ["StateStore", "account_expr"]
