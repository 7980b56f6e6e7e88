"""The one query surface the rules read a baseline through: ``Baseline.view()``.

Rules never reach into :class:`ueba.baseline.profile.Baseline`'s frames: they ask this view for
"the values of dimension D that entity E of scope S used within W days" (:meth:`known`), which
entities are mature (:meth:`mature`, :meth:`maturity_of`) and hourly volume statistics
(:meth:`volume`). The baseline builds the view from its own learned frames (schemas PROFILE,
MATURITY, VOLUME_STATS of :mod:`ueba.schema`), so the names the rules see are defined once.
``BaselineView.of(None)`` is the empty view of a first run with no history, on which rules that
need a baseline stay silent and the others still fire.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.schema import MATURITY, PROFILE, UTC_US, VOLUME

PROFILE_SCHEMA: dict[str, pl.DataType] = dict(PROFILE)
MATURITY_SCHEMA: dict[str, pl.DataType] = dict(MATURITY)
VOLUME_SCHEMA: dict[str, pl.DataType] = dict(VOLUME)
# The rules' names for an entity's hourly statistics (a robust centre and spread: see
# from_baseline_stats), derived from the baseline's VOLUME_STATS.
VOLUME_STATS_SCHEMA: dict[str, pl.DataType] = {
    "scope": pl.String(),
    "entity": pl.String(),
    "hours": pl.Int64(),
    "mean_events": pl.Float64(),
    "std_events": pl.Float64(),
    "max_events": pl.Int64(),
    "mean_errors": pl.Float64(),
    "std_errors": pl.Float64(),
    "max_errors": pl.Int64(),
    "max_access_denied": pl.Int64(),
}


def _lazy(frame: Any, schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    if frame is None:
        return pl.LazyFrame(schema=schema)
    lf = frame.lazy() if isinstance(frame, pl.DataFrame) else frame
    if not isinstance(lf, pl.LazyFrame):
        raise TypeError(f"expected a polars frame, got {type(frame).__name__}")
    have = lf.collect_schema()
    return lf.select(
        [(pl.col(c) if c in have else pl.lit(None)).cast(t).alias(c) for c, t in schema.items()]
    )


def hourly_stats(volume: pl.LazyFrame) -> pl.LazyFrame:
    """Per entity: mean, standard deviation and maximum of events/errors per *active* hour."""
    return (
        volume.group_by("scope", "entity")
        .agg(
            pl.len().cast(pl.Int64).alias("hours"),
            pl.col("events").mean().alias("mean_events"),
            pl.col("events").std().fill_null(0.0).alias("std_events"),
            pl.col("events").max().alias("max_events"),
            pl.col("errors").mean().alias("mean_errors"),
            pl.col("errors").std().fill_null(0.0).alias("std_errors"),
            pl.col("errors").max().alias("max_errors"),
            pl.col("access_denied").max().alias("max_access_denied"),
        )
        .select([pl.col(c).cast(t) for c, t in VOLUME_STATS_SCHEMA.items()])
    )


@dataclass(frozen=True)
class BaselineView:
    """Profiles, maturity and volume of a baseline as LazyFrames (empty when there is none)."""

    profile: pl.LazyFrame = field(default_factory=lambda: pl.LazyFrame(schema=PROFILE_SCHEMA))
    maturity: pl.LazyFrame = field(default_factory=lambda: pl.LazyFrame(schema=MATURITY_SCHEMA))
    volume_stats: pl.LazyFrame = field(
        default_factory=lambda: pl.LazyFrame(schema=VOLUME_STATS_SCHEMA)
    )
    window_days: int = 30
    min_days: int = 7
    as_of: dt.datetime | None = None  # the last instant the baseline covers
    present: bool = False
    # every day of the window had its S3 buckets learnt (``Baseline.buckets_since_``): the rules
    # that read buckets judge nothing on a baseline saved before format 4 until it has
    buckets: bool = True
    # Plans the rules of one scoring share (e.g. the day's fleet tables), keyed by the day's
    # frame; the Scorer gives each scoring a fresh one (``for_entities``) so nothing outlives it.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # The engine one scoring collects its shared tables with (``for_entities`` sets it): with
    # one, ``known`` and the day's fleet tables are collected once, when first asked, and every
    # rule reads the same frames in memory; without one (a rule run alone) they stay lazy plans.
    engine: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_frames(
        cls,
        *,
        profile: Any = None,
        maturity: Any = None,
        volume: Any = None,
        volume_stats: Any = None,
        window_days: int = 30,
        min_days: int = 7,
        as_of: dt.datetime | None = None,
        buckets: bool = True,
    ) -> BaselineView:
        """A view from frames: ``profile`` (long: scope, entity, dimension, value, ...),
        ``maturity``, and hourly ``volume`` (VOLUME) or precomputed ``volume_stats``."""
        prof = _lazy(profile, PROFILE_SCHEMA)
        if volume_stats is not None:
            stats = _lazy(volume_stats, VOLUME_STATS_SCHEMA)
        else:
            stats = hourly_stats(_lazy(volume, VOLUME_SCHEMA))
        if as_of is None and profile is not None:
            last = prof.select(pl.col("last_seen").max()).collect(engine=ENGINE).item()
            as_of = last if isinstance(last, dt.datetime) else None
        return cls(
            profile=prof,
            maturity=_with_maturity(_lazy(maturity, MATURITY_SCHEMA), min_days),
            volume_stats=stats,
            window_days=window_days,
            min_days=min_days,
            as_of=as_of,
            present=profile is not None,
            buckets=buckets,
        )

    @classmethod
    def of(cls, baseline: Any) -> BaselineView:
        """The view of a fitted ``ueba.baseline.profile.Baseline`` (``baseline.view()``), of a
        view (itself), or of ``None`` (empty)."""
        if baseline is None:
            return cls()
        if isinstance(baseline, BaselineView):
            return baseline
        view = getattr(baseline, "view", None)
        if view is None:
            raise TypeError(
                f"expected a Baseline, a BaselineView or None, got {type(baseline).__name__}"
            )
        result = view()
        if not isinstance(result, BaselineView):
            raise TypeError(f"{type(baseline).__name__}.view() did not return a BaselineView")
        return result

    def for_entities(self, entities: pl.LazyFrame, *, engine: Any) -> BaselineView:
        """This view for one scoring: a fresh ``memo``, ``engine`` set, and a profile that keeps
        only the rows of ``entities`` (one ``entity`` column: every principal, account, key and
        workload a day names).

        Every rule joins what :meth:`known` returns on today's entity columns, so a profile row
        of an entity today does not name can never match: dropping it changes no answer, and
        the rules then group a few hundred thousand rows instead of the millions of every key
        the history saw (hourly session keys never come back). The smaller profile is collected
        here, once, with ``engine`` (never polars' default; see ``ueba.detect.scorer.ENGINE``).
        """
        if not self.present:
            return replace(self, memo={}, engine=engine)
        names = entities.select(pl.col("entity").cast(pl.String)).drop_nulls().unique()
        # is_in on the collected names: half the time of a semi join on the 2.66M-row profile
        wanted = names.collect(engine=engine).to_series().implode()
        profile = self.profile.filter(pl.col("entity").is_in(wanted)).collect(engine=engine)
        return replace(self, profile=profile.lazy(), memo={}, engine=engine)

    def materialize(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """``frame`` collected once when this view belongs to a scoring (``engine`` set), else
        ``frame`` itself.

        A rule that reads one derived frame of the day from several branches (the rows it
        judges, then the same rows again to join its verdicts back) would otherwise recompute
        it per branch: polars' common-subplan elimination misses branches that projection
        pushdown has narrowed differently. Same rows, same order, computed once.
        """
        if self.engine is None:
            return frame
        return frame.collect(engine=self.engine).lazy()

    # -- queries the rules use -------------------------------------------------------------
    def known(self, scope: str, dimension: str, *, window_days: int | None = None) -> pl.LazyFrame:
        """(entity, value, count, days_seen, first_seen, last_seen) seen within the window.

        Within a scoring the profile holds only the entities the day names
        (:meth:`for_entities`): join the answer on the day's ``principal``, ``account_id``,
        ``access_key_id`` or ``workload_entity``, never count across entities with it.
        """
        days = window_days or self.window_days
        key = ("known", scope, dimension, days)
        kept = self.memo.get(key)
        if kept is None:
            # the rules ask for the same few (scope, dimension) pairs again and again (48 asks,
            # 20 distinct, on a default scoring): one cached plan each scans the profile once,
            # or within a scoring one collected frame
            plan = self._known(scope, dimension, days)
            if self.engine is not None:
                kept = plan.collect(engine=self.engine).lazy()
            else:
                kept = plan.cache()
            self.memo[key] = kept
        # not the cache node itself: polars 2.1 may panic collecting a plan rooted at a cache
        return kept.select(pl.all())

    def _dimension_rows(self, dimension: str) -> pl.LazyFrame:
        """The profile's rows of ``dimension``, within a scoring collected once per dimension:
        the rules ask ~27 (scope, dimension) pairs of ~12 dimensions, and two string compares
        over the whole profile per pair cost more than one per dimension plus the scope's over
        its few rows."""
        rows = self.profile.filter(pl.col("dimension") == dimension)
        if self.engine is None:
            return rows
        key = ("dimension_rows", dimension)
        kept = self.memo.get(key)
        if kept is None:
            kept = rows.collect(engine=self.engine).lazy()
            self.memo[key] = kept
        return kept

    def _known(self, scope: str, dimension: str, days: int) -> pl.LazyFrame:
        rows = self._dimension_rows(dimension).filter(pl.col("scope") == scope)
        return self._summed(rows, days)

    def _summed(self, rows: pl.LazyFrame, days: int) -> pl.LazyFrame:
        """``rows`` (PROFILE) seen within ``days`` of the baseline's end, one per (entity,
        value)."""
        if self.as_of is not None:
            since = self.as_of - dt.timedelta(days=days)
            rows = rows.filter(pl.col("last_seen") >= pl.lit(since).cast(UTC_US))
        return rows.group_by("entity", "value").agg(
            pl.col("count").sum(),
            pl.col("days_seen").max(),
            pl.col("first_seen").min(),
            pl.col("last_seen").max(),
        )

    def known_of(self, scope: str, dimension: str, entities: list[str]) -> pl.LazyFrame:
        """:meth:`known` for the few ``entities`` named only, within the window, never memoised:
        for a caller outside a scoring (the incident store asking which addresses an actor used
        before an incident opened), which must not group the whole profile to read a few rows.
        """
        wanted = pl.Series(entities, dtype=pl.String).implode()
        rows = self.profile.filter(
            (pl.col("dimension") == dimension)
            & (pl.col("scope") == scope)
            & pl.col("entity").is_in(wanted)
        )
        return self._summed(rows, self.window_days)

    def mature(self, scope: str) -> pl.LazyFrame:
        """(entity, days_observed, mature) of every entity of ``scope`` the baseline observed;
        ``mature`` follows the baseline's maturity rule (``Baseline`` docstring)."""
        return (
            self.maturity.filter(pl.col("scope") == scope)
            .group_by("entity")
            .agg(
                pl.col("days_observed").max(),
                (pl.col("maturity") == "mature").all().alias("mature"),
            )
        )

    def mature_accounts(self, flag: str | None = None) -> pl.LazyFrame:
        """(account_id,) of every account the baseline holds as mature, plus a ``flag`` column
        of True when named (for a left join): where novelty can be judged at the account level;
        a trail's first days and a new account are learning."""
        rows = self.mature("account").filter("mature").select(pl.col("entity").alias("account_id"))
        return rows if flag is None else rows.with_columns(pl.lit(True).alias(flag))

    def mature_principals(self, flag: str | None = None) -> pl.LazyFrame:
        """(principal,) of every principal the baseline holds as mature, plus a ``flag`` column
        of True when named (for a left join): the principals whose novelty can be judged.
        Mature in *every* account the principal was seen in (:meth:`mature`): a rule comparing a
        person with his history in one account reads :meth:`mature_in_account` instead
        (``elsewhere_recon``, ``rented_recon``, ``paced_recon``, ``job_document_outside``), so a
        person newly seen in a joined account is not learning at home."""
        rows = self.mature("principal").filter("mature").select(pl.col("entity").alias("principal"))
        return rows if flag is None else rows.with_columns(pl.lit(True).alias(flag))

    def seasoned(self, scope: str, *, min_days: int, min_age_days: int) -> pl.LazyFrame:
        """(entity,) of every entity of ``scope`` used on at least ``min_days`` distinct days
        over a history at least ``min_age_days`` calendar days long, mature or not: a key used a
        few days a week for weeks has a record of its own even while its routine is too sparse
        for the maturity rule (a proof-of-concept user's key, a vendor's support days)."""
        return (
            self.maturity.filter(pl.col("scope") == scope)
            .group_by("entity")
            .agg(pl.col("days_observed").max(), pl.col("age_days").max())
            .filter(
                (pl.col("days_observed") >= min_days)
                & (pl.col("age_days").fill_null(0) >= min_age_days)
            )
            .select("entity")
        )

    def maturity_of(self, scope: str) -> pl.LazyFrame:
        """(account_id, entity, maturity) of every entity of ``scope`` the baseline observed;
        an entity it never saw is ``learning`` (left-join and fill)."""
        return self.maturity.filter(pl.col("scope") == scope).select(
            "account_id", "entity", "maturity"
        )

    def mature_in_account(self) -> pl.LazyFrame:
        """(account_id, principal) of every principal mature in that account: a person is
        judged against his history where he works (a person new in a joined account is still
        mature at home)."""
        return (
            self.maturity_of("principal")
            .filter(pl.col("maturity") == "mature")
            .select("account_id", pl.col("entity").alias("principal"))
            .unique()
        )

    def workload_networks(self, flag: str) -> pl.LazyFrame:
        """(workload_entity, network_key, ``flag`` = True) of every network a workload (a
        person: one workload in every account) used in the window, in any account: joined on a
        day's rows, ``flag`` says the network is theirs."""
        return (
            self.known("workload", "network_key")
            .select(
                pl.col("entity").alias("workload_entity"),
                pl.col("value").alias("network_key"),
                pl.lit(True).alias(flag),
            )
            .unique()
        )

    def volume(self, scope: str) -> pl.LazyFrame:
        return self.volume_stats.filter(pl.col("scope") == scope).drop("scope")


def _with_maturity(maturity: pl.LazyFrame, min_days: int) -> pl.LazyFrame:
    """Frames built by hand (tests) may lack ``maturity``: derive it from ``cold_start`` and the
    days observed, as ``Baseline`` does."""
    derived = (
        pl.when(
            (pl.col("days_observed").fill_null(0) >= min_days)
            & ~pl.col("cold_start").fill_null(False)
        )
        .then(pl.lit("mature"))
        .otherwise(pl.lit("learning"))
    )
    return maturity.with_columns(pl.coalesce(pl.col("maturity"), derived).alias("maturity"))


def from_baseline_stats(stats: Any) -> pl.LazyFrame:
    """``ueba.baseline`` names its statistics ``events_mean``, ``events_mad``...; the rules use
    mean / spread / max. The robust spread (MAD x 1.4826) stands in for the standard deviation,
    so one past burst does not hide the next."""
    lf = stats.lazy() if isinstance(stats, pl.DataFrame) else stats
    have = set(lf.collect_schema().names())

    def col(name: str) -> pl.Expr:
        return pl.col(name) if name in have else pl.lit(None)

    return lf.select(
        "scope",
        "entity",
        col("hours_observed").cast(pl.Int64).alias("hours"),
        # robust centre: the median active hour, not the mean a past burst inflates
        pl.coalesce(col("events_median"), col("events_mean")).cast(pl.Float64).alias("mean_events"),
        (col("events_mad").cast(pl.Float64) * 1.4826).alias("std_events"),
        col("events_max").cast(pl.Int64).alias("max_events"),
        pl.coalesce(col("errors_median"), col("errors_mean")).cast(pl.Float64).alias("mean_errors"),
        (col("errors_mad").cast(pl.Float64) * 1.4826).alias("std_errors"),
        col("errors_max").cast(pl.Int64).alias("max_errors"),
        col("access_denied_max").cast(pl.Int64).alias("max_access_denied"),
    )


__all__ = ["BaselineView", "hourly_stats"]
