"""Open incidents kept beside a model, so a finding that goes on keeps its ``finding_id``.

The Scorer folds one day (or one file, or one micro-batch) of hits into incidents: one per actor
and cause (:mod:`ueba.detect._grouping`). Without memory, the same stolen key seen again tomorrow
would be a new finding. :class:`IncidentStore` remembers every incident still open and, when a
fold reports the same (account, actor_kind, actor_id, cause) again, and the finding goes on
with the incident (see :meth:`IncidentStore.assign`: the same day, the next day with a shared
key, new address or signal, or a shared access key or new address within ``idle_days`` of its
last event), hands it the incident's
first ``finding_id`` and ``activity="update"``. Otherwise a new one opens (``activity="create"``,
a new id, as its opening day is part of the id).

The store is one small Parquet file (schema INCIDENTS in :mod:`ueba.schema`, its format
INCIDENTS_FORMAT_VERSION recorded in the file's metadata), ``incidents.parquet`` in the model
directory, written to a temporary file and renamed, so a crash leaves the old file whole. It is separate from the baseline's signed files: a model can be rebuilt without losing the
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
from typing import Any, TypeVar

import polars as pl

from ueba._collect import ENGINE, engine_or_default
from ueba._files import atomic_target
from ueba.detect._baseline import BaselineView
from ueba.detect._grouping import INCIDENT_KEY, incident_home
from ueba.exceptions import ModelError
from ueba.schema import (
    FINDINGS,
    INCIDENTS,
    INCIDENTS_FORMAT_VERSION,
    SEVERITY_RANK,
    conform,
)

FILE = "incidents.parquet"
FORMAT_KEY = "ueba.incidents_format"  # the Parquet metadata key of the store's format
_FRESH = "delete the file to start a fresh store (open incidents get new ids)"
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
_SEV_RANK = SEVERITY_RANK
_ONE_DAY = pl.duration(days=1)
# what a later finding must share with an open incident to continue it after a quiet day
_EVIDENCE = ("access_key_ids", "source_ips")
# ... and, on the next day, this too will do (the same rule and signal seen again)
_SIGNALS = "signals"


# why: a first-seen signal names a kind of novelty ("new_api"), and each day's novelty is another
# value by definition (the baseline learns yesterday's). A fleet's benign new API on Monday and
# one instance's recon calls on Tuesday are both "new_api" and nothing alike; the same value new
# again (the same API, the same country) is the same thing going on.
_NOVELTY_RULES = ("first_seen", "fleet_change")


def _signals() -> pl.Expr:
    """A finding's evidence as distinct, sorted ``"rule/signal"`` pairs (its signal kinds); a
    novelty rule's pair also names the value that was new (``"first_seen/new_api/ListUsers"``).
    """
    rule = pl.element().struct.field("rule")
    pair = pl.format("{}/{}", rule, pl.element().struct.field("signal"))
    valued = pl.format("{}/{}", pair, pl.element().struct.field("observed").fill_null(""))
    pairs = pl.col("evidence").list.eval(
        pl.when(rule.is_in(list(_NOVELTY_RULES))).then(valued).otherwise(pair)
    )
    return (
        pairs.fill_null(pl.lit([], dtype=pl.List(pl.String)))
        .list.drop_nulls()
        .list.unique()
        .list.sort()
    )


def _listed(column: str, also: str | None = None) -> pl.Expr:
    """A FINDINGS list column (plus ``also``'s value), without nulls, as a distinct list."""
    values = pl.col(column).fill_null(pl.lit([], dtype=pl.List(pl.String)))
    if also is not None:
        values = pl.concat_list(values, pl.col(also))
    return values.list.drop_nulls().list.unique().list.sort().alias(column)


def _union(column: str) -> pl.Expr:
    """The distinct values of a list column over a group, as one sorted list."""
    return (
        pl.col(column)
        .list.explode(keep_nulls=False, empty_as_null=False)
        .drop_nulls()
        .unique()
        .sort()
    )


# why: an address inside AWS (a NAT gateway, an AWS service, a VPC endpoint, a private address)
# is a fleet's usual path or a provider's shared one, not a tie between two incidents: every
# finding of a workload role would share its NAT address
def _public_ips() -> pl.Expr:
    """A finding's Internet addresses (``source_networks`` of kind ``public``; its ``source_ips``
    when it has no network facts), distinct and sorted.
    """
    facts = pl.col("source_networks")
    public = facts.list.eval(
        pl.element().filter(pl.element().struct.field("source_kind") == "public").struct.field("ip")
    )
    has_facts = facts.list.len().fill_null(0) > 0
    listed = pl.when(has_facts).then(public).otherwise(pl.col("source_ips"))
    return (
        listed.fill_null(pl.lit([], dtype=pl.List(pl.String)))
        .list.drop_nulls()
        .list.unique()
        .list.sort()
    )


# why: a person's home or office address is on every finding of hers, benign or not: an
# administrator's key rotation on Friday and an attacker's use of her role on Monday (her own
# Monday sessions folded in) share it and nothing else. An address the actor used before the
# incident opened says nothing about which incident a later finding belongs to; an address new
# when the incident opened (an attacker's, a traveller's hotel) seen again does.
def _with_usual(joined: pl.DataFrame, baseline: Any, engine: Any) -> pl.DataFrame:
    """``joined`` with ``_usual``: the source addresses the finding's principal used in the
    baseline on a day before the open incident it may continue opened (empty when there is no
    baseline or no open incident)."""
    empty = pl.lit([], dtype=pl.List(pl.String))
    view = BaselineView.of(baseline)
    rows = joined.with_row_index("_row")
    candidates = rows.filter(
        pl.col("_open_opened").is_not_null() & pl.col("principal_arn").is_not_null()
    )
    if not view.present or candidates.is_empty():
        return joined.with_columns(empty.alias("_usual"))
    principals = candidates["principal_arn"].unique().to_list()
    history = view.known_of("principal", "source_ip", principals).select(
        pl.col("entity").alias("principal_arn"), pl.col("value").alias("_ip"), "first_seen"
    )
    usual = (
        candidates.lazy()
        .select("_row", "principal_arn", "_open_opened")
        .join(history, on="principal_arn", how="inner")
        .filter(pl.col("first_seen").dt.date() < pl.col("_open_opened"))
        .group_by("_row")
        .agg(pl.col("_ip").unique().alias("_usual"))
        .collect(engine=engine)
    )
    return (
        rows.join(usual, on="_row", how="left")
        .with_columns(pl.col("_usual").fill_null(empty))
        .drop("_row")
    )


def _shares(column: str, other: str) -> pl.Expr:
    """Whether two list columns have a value in common (false when either is empty or null)."""
    both = pl.col(column).list.set_intersection(pl.col(other)).list.len() > 0
    return both.fill_null(False)


class IncidentStore:
    """The open incidents of one model directory.

    Parameters
    ----------
    directory
        Where ``incidents.parquet`` lives (the model directory); ``None`` for an in-memory store
        (tests, notebooks) that :meth:`save` must then be given a directory for.
    idle_days
        An incident with no event for more than this many days is closed; the next finding of
        the same actor and cause opens a new incident. Within it, a finding after a whole quiet
        day continues the incident only when it shares an access key or a source address.

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
                recorded = pl.read_parquet_metadata(path).get(FORMAT_KEY, "1")
                frame = pl.read_parquet(path)
            except (OSError, pl.exceptions.PolarsError) as exc:
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise ModelError(
                    f"{path}: the incident store cannot be read ({first_line})", fix=_FRESH
                ) from exc
            if _format(path, recorded) < 2:
                # saved before the evidence columns: its incidents continue day to day only
                frame = frame.with_columns(
                    pl.lit([], dtype=INCIDENTS[c]).alias(c)
                    for c in _EVIDENCE
                    if c not in frame.columns
                )
            if _format(path, recorded) < 3 and _SIGNALS not in frame.columns:
                # saved before signals: unknown (null), so its incidents continue the next day
                # as they did when it was saved
                frame = frame.with_columns(pl.lit(None, dtype=INCIDENTS[_SIGNALS]).alias(_SIGNALS))
            missing = [c for c in INCIDENTS if c not in frame.columns]
            if missing:
                raise ModelError(
                    f"{path}: the incident store lacks the columns {', '.join(missing)}",
                    fix=_FRESH,
                )
            store.open_ = conform(frame.lazy(), INCIDENTS).collect(engine=ENGINE)
        return store

    def assign(self, findings: FrameT, *, baseline: Any = None, engine: Any = None) -> FrameT:
        """``findings`` (FINDINGS) with continuing incidents' ``finding_id`` and ``activity``.

        A finding continues an open incident of the same account, actor and cause when it goes
        on with it: it starts on the day of the incident's last event; or the next day and
        shares one of its access keys, new source addresses or ``"rule/signal"`` pairs (a run
        that goes on day after day: the same key, the same recon); or it shares a key or a new
        address and starts at most ``idle_days`` after its last event. It then takes that
        incident's id and ``activity="update"``. Others keep their id and ``create``. The store
        then remembers them all (first and last seen, highest severity and score, events,
        reports, keys and addresses). Collects ``findings`` (they are few).

        ``baseline`` (a fitted ``Baseline`` or its ``BaselineView``; ``None``: none) is the
        history of the day scored: a source address the finding's principal used there on a day
        before the open incident opened (her usual home or office) ties nothing, as every
        finding of hers holds it; an address first seen with the incident does.

        ``engine``: the polars engine it collects with (the Scorer's), else ``ueba._collect``'s.
        """
        engine = engine_or_default(engine)
        lazy = isinstance(findings, pl.LazyFrame)
        frame = findings.collect(engine=engine) if isinstance(findings, pl.LazyFrame) else findings
        frame = conform(frame.lazy(), FINDINGS).collect(engine=engine)
        # why: an organisation's actor (an Identity Center person) continues whatever account
        # its strongest hit was logged in today, as its finding_id does
        key = ["_home", *INCIDENT_KEY[1:]]
        frame = frame.with_columns(
            incident_home().alias("_home"),
            _public_ips().alias("_public_ips"),
            _signals().alias("_signals"),
        )
        idle = dt.timedelta(days=self.idle_days)
        latest = (
            self.open_.with_columns(incident_home().alias("_home"))
            .sort("last_seen", "finding_id")
            .group_by(key, maintain_order=True)
            .last()
            .select(
                *key,
                pl.col("finding_id").alias("_open_id"),
                pl.col("opened").alias("_open_opened"),
                pl.col("last_seen").alias("_open_last"),
                pl.col("access_key_ids").alias("_open_keys"),
                pl.col("source_ips").alias("_open_ips"),
                pl.col(_SIGNALS).alias("_open_signals"),
            )
        )
        joined = _with_usual(
            frame.join(latest, on=key, how="left", nulls_equal=True), baseline, engine
        )
        # why: the same actor and cause days later is the same incident only when something
        # ties them: a stolen key or a traveller's hotel address seen again, or a run that never
        # stopped for a whole day. A person's or a pipeline's benign change on Tuesday and an
        # attacker's use of the same identity from elsewhere on Friday are two incidents; one
        # id would file the attack under the change the reader already closed.
        # why: the next day is no tie by itself either. A fleet role's benign volume spike on
        # Monday and one instance's slow recon from 01:00 on Tuesday share the actor and the
        # cause word but no key (hourly instance keys), no address (inside AWS) and no signal;
        # one id would credit the recon with the spike's severity and hide the spike. A run
        # that really goes on shows the same key, a new address again or the same signal (the
        # same recon two nights running from keys that rotate hourly).
        last_day = pl.col("_open_last").dt.date()
        same_day = pl.col("first_seen").dt.date() <= last_day
        next_day = pl.col("first_seen").dt.date() <= last_day + _ONE_DAY
        new_ips = pl.col("_public_ips").list.set_difference(pl.col("_usual"))
        shares = _shares("access_key_ids", "_open_keys") | _shares("_new_ips", "_open_ips")
        # a store saved before format 3 knows no signals (null): its incidents tie the next day
        same_signal = _shares("_signals", "_open_signals") | pl.col("_open_signals").is_null()
        continues = (
            pl.col("_open_id").is_not_null()
            & (pl.col("first_seen") <= pl.col("_open_last") + pl.lit(idle))
            & (same_day | (next_day & same_signal) | shares)
        )
        out = (
            joined.with_columns(new_ips.alias("_new_ips"))
            .with_columns(
                pl.when(continues)
                .then(pl.col("_open_id"))
                .otherwise("finding_id")
                .alias("finding_id"),
                pl.when(continues)
                .then(pl.lit("update"))
                .otherwise(pl.col("activity").fill_null("create"))
                .alias("activity"),
            )
            .drop(
                "_open_id",
                "_open_opened",
                "_open_last",
                "_open_keys",
                "_open_ips",
                "_open_signals",
                "_signals",
                "_home",
                "_public_ips",
                "_new_ips",
                "_usual",
            )
        )
        self._remember(out, engine)
        result = conform(out.lazy(), FINDINGS)
        return result if lazy else result.collect(engine=engine)  # type: ignore[return-value]

    def _remember(self, findings: pl.DataFrame, engine: Any) -> None:
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
            _listed("access_key_ids", "access_key_id"),
            _public_ips().alias("source_ips"),
            _signals().alias(_SIGNALS),
        )
        both = pl.concat(
            [conform(self.open_.lazy(), INCIDENTS).collect(engine=engine), new], how="vertical"
        )
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
                *[_union(c) for c in _EVIDENCE],
                # null (unknown, an old store's) stays null: it keeps tying the next day
                pl.when(pl.col(_SIGNALS).is_null().any())
                .then(pl.lit(None, dtype=INCIDENTS[_SIGNALS]))
                .otherwise(_union(_SIGNALS).implode())
                .first()
                .alias(_SIGNALS),
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
            self.open_.write_parquet(temp, metadata={FORMAT_KEY: str(INCIDENTS_FORMAT_VERSION)})
        return target


def _format(path: Path, recorded: str) -> int:
    """The format a store's metadata records (1 when none: every store saved before format 2);
    refuses one this ueba cannot read."""
    version = int(recorded) if recorded.isascii() and recorded.isdigit() else 0
    if version < 1:
        raise ModelError(
            f"{path}: the incident store's format {recorded[:20]!r} is not a format number",
            fix=_FRESH,
        )
    if version > INCIDENTS_FORMAT_VERSION:
        raise ModelError(
            f"{path}: the incident store is format {version}, saved by a newer ueba; this ueba "
            f"reads formats up to {INCIDENTS_FORMAT_VERSION}",
            fix="upgrade ueba, or " + _FRESH,
        )
    return version


__all__ = ["FILE", "FORMAT_KEY", "IncidentStore"]
