"""An IsolationForest second opinion on principal-hours (``pip install 'ueba[ml]'``).

The rules say *why*; this model only says *how unusual* an hour of a principal looks next to
all the principal-hours it was trained on, from shape features the rules do not combine:
calls, errors, AccessDenied, distinct APIs, networks and user agents, the share of calls from
outside AWS. Its hits are low-severity by default (a second opinion): they raise a finding's
score when the rules already see something, and seldom make one on their own.

Scores are calibrated: an hour's ``anomaly`` is the fraction of training hours that looked more
normal than it (0.99 = stranger than 99% of the history). Saved with skops, never pickle.

>>> model = IsolationForestModel(random_state=0).fit(enriched_history)  # doctest: +SKIP
>>> Scorer(baseline, models=[model]).score(enriched_today)             # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl

from ueba._collect import ENGINE, engine_or_default
from ueba._expr import hour_of, hourly_volume, volume_flags
from ueba._files import atomic_target
from ueba._frame import FrameT, as_lazy, same_kind
from ueba.detect.features import add_features, principal_label
from ueba.detect.rules._base import as_hits
from ueba.exceptions import ModelError
from ueba.schema import EVIDENCE, UTC_US

FEATURES = (
    "events",
    "errors",
    "access_denied",
    "distinct_apis",
    "distinct_networks",
    "distinct_user_agents",
    "outside_share",
)
_TRUSTED = ["sklearn.tree._tree.Tree"]


def _sklearn() -> Any:
    try:
        from sklearn.ensemble import IsolationForest
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the IsolationForest model needs scikit-learn: pip install 'ueba[ml]'"
        ) from exc
    return IsolationForest


def hourly_features(enriched: FrameT) -> FrameT:
    """One row per (principal, hour) with the FEATURES columns, from ENRICHED events; of the
    kind given (LazyFrame or DataFrame)."""
    return same_kind(enriched, _hourly_features(as_lazy(enriched)))


def _hourly_features(enriched: pl.LazyFrame) -> pl.LazyFrame:
    lf = (
        add_features(enriched)
        .filter(~pl.col("is_service_call") & pl.col("principal").is_not_null())
        .with_columns(*volume_flags())
    )
    return lf.group_by("principal", hour_of().alias("hour")).agg(
        *(measure.cast(pl.Float64) for measure in hourly_volume()),
        pl.col("api").n_unique().cast(pl.Float64).alias("distinct_apis"),
        pl.col("network_key").n_unique().cast(pl.Float64).alias("distinct_networks"),
        pl.col("user_agent").n_unique().cast(pl.Float64).alias("distinct_user_agents"),
        pl.col("source_kind")
        .is_in(["public", "invalid"])
        .fill_null(False)
        .mean()
        .alias("outside_share"),
        pl.col("event_id").sort_by("event_time", "event_id").first().alias("first_event_id"),
        pl.col("event_time").min().alias("first_time"),
    )


class IsolationForestModel:
    """IsolationForest over principal-hours, with calibrated anomaly scores.

    Parameters are scikit-learn's (``n_estimators``, ``max_samples``, ``random_state``) plus
    ``threshold`` (the calibrated anomaly above which an hour becomes a hit) and ``weight``
    (the hit weight at anomaly 1.0).
    """

    name = "isolation_forest"
    title = "Unusual hour (IsolationForest)"

    def __init__(
        self,
        *,
        n_estimators: int = 100,
        max_samples: int | str = "auto",
        random_state: int | None = 0,
        threshold: float = 0.99,
        weight: float = 0.3,
    ) -> None:
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.random_state = random_state
        self.threshold = threshold
        self.weight = weight

    def get_params(self) -> dict[str, Any]:
        return {
            "n_estimators": self.n_estimators,
            "max_samples": self.max_samples,
            "random_state": self.random_state,
            "threshold": self.threshold,
            "weight": self.weight,
        }

    def features(self, enriched: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
        """What :meth:`fit_features` learns from: :func:`hourly_features` of ENRICHED events.
        Frames of separate days concatenate."""
        return hourly_features(enriched.lazy()).collect(engine=ENGINE)

    def fit(self, history: pl.LazyFrame | pl.DataFrame) -> IsolationForestModel:
        """Learn from ENRICHED history (collects its hourly features once)."""
        return self.fit_features(self.features(history))

    def fit_features(self, feats: pl.DataFrame) -> IsolationForestModel:
        """Learn from :meth:`features` frames (concatenated)."""
        import numpy as np

        if feats.height < 10:
            raise ModelError(
                f"only {feats.height} principal-hour(s) to learn from",
                fix="fit on at least a few days of history",
            )
        x = feats.select(FEATURES).to_numpy()
        forest = _sklearn()(
            n_estimators=self.n_estimators,
            max_samples=self.max_samples,
            random_state=self.random_state,
        )
        self.estimator_ = forest.fit(x)
        self.train_scores_ = np.sort(self.estimator_.score_samples(x))
        self.feature_max_ = x.max(axis=0)
        self.n_hours_ = feats.height
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "estimator_"):
            raise ModelError("the model is not fitted", fix="call fit(history) or load(path)")

    def score_samples(
        self, today: pl.LazyFrame | pl.DataFrame, *, engine: Any = None
    ) -> pl.DataFrame:
        """Hourly features of ``today`` with ``anomaly`` in [0, 1] (higher = stranger)."""
        import numpy as np

        self._check_fitted()
        feats = hourly_features(today.lazy()).collect(engine=engine_or_default(engine))
        if feats.height == 0:
            return feats.with_columns(pl.lit(None, dtype=pl.Float64).alias("anomaly"))
        raw = self.estimator_.score_samples(feats.select(FEATURES).to_numpy())
        # fraction of training hours scoring higher (= more normal) than each hour
        more_normal = len(self.train_scores_) - np.searchsorted(self.train_scores_, raw, "right")
        anomaly = more_normal / len(self.train_scores_)
        # Trees never split on a feature that did not vary in training, so an hour far beyond
        # the learnt range (40 AccessDenied where there were none) can look only mildly odd:
        # beyond 1.5x the training maximum (+1) on any feature counts as stranger than all.
        x = feats.select(FEATURES).to_numpy()
        beyond = (x > self.feature_max_ * 1.5 + 1.0).any(axis=1)
        anomaly = np.where(beyond, 1.0, anomaly)
        return feats.with_columns(pl.Series("anomaly", anomaly, dtype=pl.Float64))

    def hits(self, today: pl.LazyFrame | pl.DataFrame, *, engine: Any = None) -> pl.LazyFrame:
        """HITS for the hours above ``threshold``: one per hour, on its first event."""
        scored = self.score_samples(today, engine=engine).filter(
            pl.col("anomaly") >= self.threshold
        )
        events = add_features(today.lazy()).select(
            "event_id",
            "event_name",
            "account_id",
            "principal",
            "principal_type",
            "access_key_id",
            "workload_kind",
            "workload_id",
            "source_ip_address",
            "user_agent",
            principal_label().alias("principal_label"),
        )
        joined = scored.lazy().join(events, left_on="first_event_id", right_on="event_id")
        shape = pl.format(
            "{} calls, {} errors, {} APIs, {} networks",
            pl.col("events").cast(pl.Int64),
            pl.col("errors").cast(pl.Int64),
            pl.col("distinct_apis").cast(pl.Int64),
            pl.col("distinct_networks").cast(pl.Int64),
        )
        return joined.select(
            pl.lit(self.name).alias("rule"),
            pl.lit("model").alias("family"),
            pl.lit("low").alias("severity"),
            (pl.col("anomaly") * self.weight).clip(1e-6, 1.0).alias("weight"),
            pl.lit("unusual_hour").alias("signal"),
            pl.col("first_event_id").alias("event_id"),
            pl.col("first_time").cast(UTC_US).alias("event_time"),
            "event_name",
            "account_id",
            pl.col("principal").alias("principal_arn"),
            "principal_type",
            "access_key_id",
            "workload_kind",
            "workload_id",
            pl.col("source_ip_address").alias("source_ip"),
            "user_agent",
            pl.format(
                "the hour from {} of {} is stranger than {}% of the {} hours learnt ({})",
                pl.col("hour").dt.strftime("%H:00Z"),
                pl.col("principal_label"),
                (pl.col("anomaly") * 100).floor().cast(pl.Int64),
                pl.lit(self.n_hours_),
                shape,
            ).alias("reason"),
            pl.struct(
                pl.lit(self.name).alias("rule"),
                pl.lit("unusual_hour").alias("signal"),
                pl.lit("IsolationForest over principal-hours").alias("baseline"),
                shape.alias("observed"),
            )
            .cast(EVIDENCE)
            .alias("evidence"),
        ).pipe(as_hits)

    def save(self, path: str | os.PathLike[str]) -> str:
        """Write the fitted model with skops (no pickle), atomically."""
        import skops.io as sio

        self._check_fitted()
        target = Path(path)
        state = {
            "params": self.get_params(),
            "estimator": self.estimator_,
            "train_scores": self.train_scores_,
            "feature_max": self.feature_max_,
            "n_hours": self.n_hours_,
        }
        with atomic_target(target) as temp:
            sio.dump(state, temp)
        return str(target)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> IsolationForestModel:
        """Load a model saved by :meth:`save`, refusing any type it does not expect."""
        import skops.io as sio

        untrusted = sio.get_untrusted_types(file=str(path))
        unexpected = sorted(set(untrusted) - set(_TRUSTED))
        if unexpected:
            raise ModelError(
                f"the model file holds unexpected types {unexpected}",
                path=str(path),
                fix="only load models saved by ueba",
            )
        state = sio.load(str(path), trusted=_TRUSTED)
        model = cls(**state["params"])
        model.estimator_ = state["estimator"]
        model.train_scores_ = state["train_scores"]
        model.feature_max_ = state["feature_max"]
        model.n_hours_ = int(state["n_hours"])
        return model


# the registry and the model directory live in _model_store; re-exported here
from ueba.detect._model_store import (  # noqa: E402
    DEFAULT_MODELS,
    MODELS,
    DailyFeatures,
    build_models,
    default_models,
    fit_models,
    load_models,
    save_models,
)

__all__ = [
    "DEFAULT_MODELS",
    "FEATURES",
    "MODELS",
    "DailyFeatures",
    "IsolationForestModel",
    "build_models",
    "default_models",
    "fit_models",
    "hourly_features",
    "load_models",
    "save_models",
]
