"""volume_spike and error_spike: hourly counts per principal against the baseline.

A robust-enough test with floors, so that a quiet principal doing 12 calls instead of 2 is not
news: an hour is a spike when its count is at least ``min_events`` AND above
``mean + z * std`` of the principal's active hours AND above ``max_ratio`` times its busiest
baseline hour. Errors work the same way on failed calls; an AccessDenied burst (many denials
over several distinct APIs within an hour: permission probing, as enumeration tools do) fires
even with no baseline. Each spike reports up to ``max_events`` of its hour's events as evidence.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba._expr import access_denied
from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import Rule


def _hourly(today: pl.LazyFrame) -> pl.LazyFrame:
    return (
        add_features(today)
        .filter(~pl.col("is_service_call") & pl.col("principal").is_not_null())
        .with_columns(pl.col("event_time").dt.truncate("1h").alias("hour"))
        .with_columns(
            pl.len().over("principal", "hour").alias("hour_events"),
            pl.col("error_code").is_not_null().sum().over("principal", "hour").alias("hour_errors"),
            access_denied().sum().over("principal", "hour").alias("hour_denied"),
            pl.col("event_name")
            .filter(pl.col("error_code").is_not_null())
            .n_unique()
            .over("principal", "hour")
            .alias("hour_denied_apis"),
            pl.col("event_time").rank("ordinal").over("principal", "hour").alias("nth"),
        )
    )


class VolumeSpike(Rule):
    """An hour with far more calls than the principal ever makes."""

    name = "volume_spike"
    family = "volume"
    severity = "low"
    weight = 0.3
    needs_baseline = True
    description = "hourly call volume far above the principal's baseline"
    params: ClassVar[dict[str, Any]] = {
        "min_events": 200,
        "z": 4.0,
        "max_ratio": 2.0,
        "max_events": 50,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        stats = baseline.volume("principal").rename({"entity": "principal"})
        lf = _hourly(today).join(stats, on="principal", how="inner")
        spike = (
            (pl.col("hour_events") >= int(self["min_events"]))
            & (
                pl.col("hour_events")
                > pl.col("mean_events") + float(self["z"]) * pl.col("std_events")
            )
            & (pl.col("hour_events") > float(self["max_ratio"]) * pl.col("max_events"))
            & (pl.col("nth") <= int(self["max_events"]))
        )
        return self.emit(
            lf.filter(spike),
            signal="volume_spike",
            reason=pl.format(
                "{} calls by {} in the hour from {}; its busiest hour in the baseline had {} (mean {})",
                pl.col("hour_events"),
                pl.col("principal_label"),
                pl.col("hour").dt.strftime("%Y-%m-%d %H:00Z"),
                pl.col("max_events"),
                pl.col("mean_events").round(1),
            ),
            baseline=pl.format("max {} per hour", pl.col("max_events")),
            observed=pl.format("{} in one hour", pl.col("hour_events")),
        )


class ErrorSpike(Rule):
    """An hour of failed calls, or an AccessDenied burst across many APIs."""

    name = "error_spike"
    family = "volume"
    severity = "medium"
    weight = 0.4
    description = "failed calls / AccessDenied bursts above the principal's baseline"
    params: ClassVar[dict[str, Any]] = {
        "min_errors": 10,
        "z": 4.0,
        "max_ratio": 2.0,
        "denied_burst": 20,
        "denied_distinct_apis": 5,
        "max_events": 50,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        stats = baseline.volume("principal").rename({"entity": "principal"})
        lf = (
            _hourly(today)
            .join(stats, on="principal", how="left")
            .filter(pl.col("error_code").is_not_null())
        )
        has_stats = pl.col("hours").is_not_null()
        above = (
            (pl.col("hour_errors") >= int(self["min_errors"]))
            & (
                pl.col("hour_errors")
                > pl.col("mean_errors") + float(self["z"]) * pl.col("std_errors")
            )
            & (pl.col("hour_errors") > float(self["max_ratio"]) * pl.col("max_errors"))
        )
        burst = (
            (pl.col("hour_denied") >= int(self["denied_burst"]))
            & (pl.col("hour_denied_apis") >= int(self["denied_distinct_apis"]))
            & (
                ~has_stats
                | (
                    pl.col("hour_denied")
                    > float(self["max_ratio"]) * pl.col("max_access_denied").fill_null(0)
                )
            )
        )
        hit = ((has_stats & above) | burst) & (pl.col("nth") <= int(self["max_events"]))
        return self.emit(
            lf.filter(hit),
            signal=pl.when(burst)
            .then(pl.lit("access_denied_burst"))
            .otherwise(pl.lit("error_spike")),
            reason=pl.when(burst)
            .then(
                pl.format(
                    "{} AccessDenied errors over {} APIs by {} within an hour (permission probing)",
                    pl.col("hour_denied"),
                    pl.col("hour_denied_apis"),
                    pl.col("principal_label"),
                )
            )
            .otherwise(
                pl.format(
                    "{} failed calls by {} in the hour from {}; its worst hour in the baseline had {}",
                    pl.col("hour_errors"),
                    pl.col("principal_label"),
                    pl.col("hour").dt.strftime("%Y-%m-%d %H:00Z"),
                    pl.col("max_errors"),
                )
            ),
            baseline=pl.format("max {} errors per hour", pl.col("max_errors").fill_null(0)),
            # permission probing is evident in the hour itself; a spike needs the history
            basis=pl.when(burst).then(pl.lit("self")).otherwise(pl.lit("novelty")),
            observed=pl.format(
                "{} errors, {} denied", pl.col("hour_errors"), pl.col("hour_denied")
            ),
        )
