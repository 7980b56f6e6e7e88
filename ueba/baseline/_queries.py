"""The query surface ``Baseline`` owns: the vectorised helpers every rule reads a baseline
through (issue 8, item 6). A mixin so that ``profile.py`` keeps learning and storage; each helper
joins the learned frames onto the caller's frame, LazyFrame in, LazyFrame out."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import polars as pl

from ueba._time import parse_window
from ueba.baseline import _query, _view
from ueba.baseline._view import BaselineView
from ueba.exceptions import ModelError

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


class BaselineQueries:
    """``known``, ``entity_maturity``, ``volume_expectation``, ``top_values`` and ``view`` of a
    fitted :class:`~ueba.baseline.Baseline` (see its docstring for the learned state)."""

    window: Any
    min_days: int
    profile_: pl.DataFrame
    maturity_: pl.DataFrame
    volume_stats_: pl.DataFrame
    window_end_: dt.datetime
    window_start_: dt.datetime

    def _check_fitted(self) -> None:
        if not hasattr(self, "profile_"):
            raise ModelError(
                "this Baseline is not fitted yet",
                fix="call fit(history) or use Baseline.load(DIR) before querying or saving it",
            )

    def known(
        self,
        frame: FrameT,
        *,
        scope: str,
        dimension: str,
        entity_col: str | None = None,
        value_col: str | None = None,
        account_col: str = "recipient_account_id",
        prefix: str = "",
    ) -> FrameT:
        """Add whether each row's value of ``dimension`` is known for its entity and account.

        ``frame`` is usually today's ENRICHED events: the entity (per ``scope``) and the value are
        then computed exactly as the baseline computed them (``entity_expr``, ``dimension_expr``);
        pass ``entity_col`` / ``value_col`` to use columns of your own instead. Added columns
        (each name preceded by ``prefix``):

        * ``is_known_for_entity``: the entity used this value in the window ("new for this role"
          when False); null when the row has no value or no entity.
        * ``is_known_for_account``: any identity of the account used it ("new for the whole
          account" when False).
        * ``value_count``, ``value_days_seen``, ``value_first_seen``, ``value_last_seen``: the
          entity's history of this value (0 / null when unknown).
        * ``account_value_first_seen``: when the account first used it.
        * ``entity_days_observed`` (0 for an unseen entity), ``entity_cold_start`` (True when
          observed on fewer than ``min_days`` days, or never).

        Examples
        --------
        >>> today = baseline.known(enriched_today, scope="principal", dimension="api")  # doctest: +SKIP
        >>> today.filter(~pl.col("is_known_for_entity") & ~pl.col("entity_cold_start"))  # doctest: +SKIP
        >>> baseline.known(today, scope="workload", dimension="network_key", prefix="net_")  # doctest: +SKIP
        """
        self._check_fitted()
        return _query.known(
            frame,
            self.profile_,
            self.maturity_,
            scope=scope,
            dimension=dimension,
            entity_col=entity_col,
            value_col=value_col,
            account_col=account_col,
            prefix=prefix,
        )

    def entity_maturity(
        self,
        frame: FrameT,
        *,
        scope: str,
        entity_col: str | None = None,
        account_col: str = "recipient_account_id",
        prefix: str = "",
    ) -> FrameT:
        """Add how long and how much each row's entity has been observed.

        Added columns (after ``prefix``): ``entity_days_observed``, ``entity_events``,
        ``entity_first_seen``, ``entity_last_seen``, ``entity_age_days`` (days from first seen to
        the end of the window), ``entity_cold_start`` and ``entity_is_new`` (never seen in the
        window). Null when the row has no entity for that scope.

        Examples
        --------
        >>> baseline.entity_maturity(enriched_today, scope="credential")  # doctest: +SKIP
        """
        self._check_fitted()
        return _query.entity_maturity(
            frame,
            self.maturity_,
            scope=scope,
            entity_col=entity_col,
            account_col=account_col,
            prefix=prefix,
        )

    def volume_expectation(
        self,
        volume: FrameT,
        *,
        scope: str | None = None,
        entity_col: str = "entity",
        account_col: str = "account_id",
        prefix: str = "baseline_",
    ) -> FrameT:
        """Join the hourly volume statistics of each row's entity onto a VOLUME-like frame.

        Typical use: today's ``summarize_volume(enriched_today)`` rows. Adds (after ``prefix``)
        ``hours_observed`` (0 when the entity has no history) and, for ``events``, ``errors`` and
        ``access_denied``, ``_median``, ``_mad``, ``_mean``, ``_p95``, ``_max`` (null without
        history). Statistics are over the entity's active hours in the window. A robust z-score is
        ``(events - baseline_events_median) / max(1.4826 * baseline_events_mad, 1)``.

        Examples
        --------
        >>> hourly = summarize_volume(enriched_today)  # doctest: +SKIP
        >>> baseline.volume_expectation(hourly.filter(pl.col("scope") == "principal"))  # doctest: +SKIP
        """
        self._check_fitted()
        return _query.volume_expectation(
            volume,
            self.volume_stats_,
            scope=scope,
            entity_col=entity_col,
            account_col=account_col,
            prefix=prefix,
        )

    def top_values(
        self,
        frame: FrameT,
        *,
        scope: str,
        dimension: str,
        entity_col: str | None = None,
        account_col: str = "recipient_account_id",
        n: int = 5,
        column: str = "known_values",
    ) -> FrameT:
        """Add a list of the entity's ``n`` most used values of ``dimension``, for evidence text.

        Examples
        --------
        >>> baseline.top_values(today, scope="principal", dimension="network_key")  # doctest: +SKIP
        """
        self._check_fitted()
        return _query.top_values(
            frame,
            self.profile_,
            scope=scope,
            dimension=dimension,
            entity_col=entity_col,
            account_col=account_col,
            n=n,
            column=column,
        )

    def view(self) -> BaselineView:
        """The query surface the rules read this baseline through (:class:`BaselineView`):
        ``known(scope, dimension)``, ``mature(scope)``, ``maturity_of(scope)``,
        ``volume(scope)``, all LazyFrames over this baseline's learned frames.

        Examples
        --------
        >>> baseline.view().maturity_of("principal").collect()  # doctest: +SKIP
        """
        self._check_fitted()
        return BaselineView.from_frames(
            profile=self.profile_,
            maturity=self.maturity_,
            volume_stats=_view.from_baseline_stats(self.volume_stats_),
            window_days=parse_window(self.window),
            min_days=self.min_days,
            as_of=self.window_end_,
            # a baseline saved before buckets were learnt knows them for part of its window only
            buckets=getattr(self, "buckets_since_", self.window_end_) <= self.window_start_,
        )


__all__ = ["BaselineQueries"]
