"""The principal view: how an identity behaved recently, against how it usually behaves.

For one principal (IAM user or role ARN) this puts the recent window (by default the last day
it was active) beside its baseline, dimension by dimension (networks, ASNs, countries, user
agents, APIs, regions, source IPs), and hour by hour (volume against the baseline's median and
95th percentile). A value the baseline never saw for this principal is ``is_new``: that is what
an analyst looks at first.

The baseline is a saved model (``Baseline.load(dir)``) or, without one, learnt on the spot from
the lake's previous ``baseline_days`` of this principal's events, the same way.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import polars as pl

from ueba._collect import ENGINE, STREAMING
from ueba.exceptions import UebaError
from ueba.investigate._source import Source, TimeLike, scan_events, to_utc
from ueba.schema import ENRICHED, EVENTS, UTC_US, conform

if TYPE_CHECKING:
    from ueba.baseline.profile import Baseline

# The EVENTS columns the view reads from raw events: all but the bulky free-form JSON, which
# neither enrichment of the principal's own calls nor the summaries look at.
RAW_COLUMNS = tuple(
    c
    for c in EVENTS
    if c
    not in (
        "request_parameters",
        "response_elements",
        "resources",
        "additional_event_data",
        "service_event_details",
        "extra",
        "source_file",
    )
)

VIEW_DIMENSIONS = (
    "network_key",
    "asn",
    "country",
    "ua_family",
    "ua_os_family",
    "ua_fingerprint",
    "api",
    "region",
    "source_ip",
)


@dataclass(frozen=True)
class PrincipalView:
    """Recent behaviour of one principal beside its baseline.

    Attributes
    ----------
    values
        One row per dimension and value seen recently or in the baseline: ``recent_count``,
        ``recent_first_seen``, ``baseline_count``, ``baseline_days_seen``,
        ``baseline_first_seen``, ``baseline_last_seen``, ``is_new`` (seen recently, never in
        the baseline).
    hourly
        One row per recent hour: ``events``, ``errors``, ``access_denied`` and the baseline's
        ``baseline_events_median``, ``baseline_events_p95``, ``baseline_events_max``.
    maturity
        How long the baseline has observed the principal (``days_observed``, ``cold_start``).
    """

    principal_arn: str
    recent_start: datetime
    recent_end: datetime
    values: pl.DataFrame
    hourly: pl.DataFrame
    maturity: pl.DataFrame

    @property
    def new_values(self) -> pl.DataFrame:
        """The values seen recently that the baseline never saw for this principal."""
        return self.values.filter(pl.col("is_new"))


def _enriched(frame: pl.LazyFrame, arn: str, enrich_options: dict[str, Any]) -> pl.LazyFrame:
    """This principal's events with the ENRICHED columns (enriching raw EVENTS if needed)."""
    have = frame.collect_schema()
    if "principal_arn" in have:
        return frame.filter(pl.col("principal_arn") == arn).collect(engine=ENGINE).lazy()
    # Pre-filter on the raw identity (a role's principal is its session issuer) so only this
    # principal's events are enriched.
    mine = (pl.col("identity_arn") == arn) | (pl.col("session_issuer_arn") == arn)
    from ueba.enrichment import enrich

    # The free-form JSON columns were not read (see RAW_COLUMNS): null columns stand in.
    enriched: pl.LazyFrame = enrich(conform(frame.filter(mine), EVENTS), **enrich_options)
    # One principal's events are few: materialise them once, so the many summaries built on
    # top do not each re-plan the scan and the enrichment.
    return enriched.filter(pl.col("principal_arn") == arn).collect(engine=ENGINE).lazy()


def _load_model(model: Baseline | str | os.PathLike[str]) -> Baseline:
    from ueba.baseline.profile import Baseline

    return model if isinstance(model, Baseline) else Baseline.load(model)


def principal_view(
    source: Source,
    principal_arn: str,
    *,
    model: Baseline | str | os.PathLike[str] | None = None,
    end: TimeLike = None,
    recent: timedelta = timedelta(days=1),
    baseline_days: int = 30,
    accounts: Sequence[str] | None = None,
    **enrich_options: Any,
) -> PrincipalView:
    """Recent behaviour of ``principal_arn`` against its baseline, new values highlighted.

    Parameters
    ----------
    source
        A lake directory, or a frame of EVENTS or ENRICHED events.
    principal_arn
        An IAM user ARN or a role ARN (``arn:aws:iam::1:role/level3``), as ENRICHED's
        ``principal_arn``.
    model
        A fitted :class:`ueba.baseline.profile.Baseline` or the directory it was saved to.
        Without one, the baseline is learnt from the ``baseline_days`` before the recent window.
    end, recent
        The recent window is ``[end - recent, end)``; ``end`` defaults to the end of the last
        day the principal was active.
    **enrich_options
        Passed to :func:`ueba.enrichment.enrich` when the source holds raw EVENTS (``ip_ranges=``,
        ``geo=``, ``asn_table=``).

    Examples
    --------
    >>> view = principal_view("lake/", "arn:aws:iam::653711331788:role/level3", model="models/demo")  # doctest: +SKIP
    >>> view.new_values.select("dimension", "value", "recent_count")  # doctest: +SKIP
    """
    frame = source if isinstance(source, pl.LazyFrame | pl.DataFrame) else None
    enriched_input = frame is not None and "principal_arn" in frame.lazy().collect_schema()
    columns = list(ENRICHED) if enriched_input else list(RAW_COLUMNS)
    hi = to_utc(end, end_of_day=True)
    if hi is None:
        last = (
            _enriched(
                scan_events(source, columns, accounts=accounts), principal_arn, enrich_options
            )
            .select(pl.col("event_time").max())
            .collect(engine=ENGINE)
            .item()
        )
        if last is None:
            raise UebaError(
                f"no events of {principal_arn} in this source",
                fix="check the ARN (a role is arn:aws:iam::ACCOUNT:role/NAME) and the lake",
            )
        hi = datetime(last.year, last.month, last.day, tzinfo=last.tzinfo) + timedelta(days=1)
    lo = hi - recent
    recent_events = _enriched(
        scan_events(
            source, columns, start=lo, end=hi - timedelta(microseconds=1), accounts=accounts
        ),
        principal_arn,
        enrich_options,
    )
    if model is not None:
        baseline = _load_model(model)
    else:
        from ueba.baseline.profile import Baseline

        history = _enriched(
            scan_events(
                source,
                columns,
                start=lo - timedelta(days=baseline_days),
                end=lo - timedelta(microseconds=1),
                accounts=accounts,
            ),
            principal_arn,
            enrich_options,
        )
        baseline = Baseline(window=f"{baseline_days}d", min_days=1).fit(history, until=lo)
    return _compare(principal_arn, recent_events, baseline, lo, hi)


def _compare(
    arn: str, recent: pl.LazyFrame, baseline: Baseline, lo: datetime, hi: datetime
) -> PrincipalView:
    from ueba.baseline.summaries import summarize

    summary, volume = summarize(recent).collect(engine=STREAMING)
    mine = (pl.col("scope") == "principal") & (pl.col("entity") == arn)
    now = (
        summary.filter(mine & pl.col("dimension").is_in(VIEW_DIMENSIONS))
        .group_by("dimension", "value")
        .agg(
            recent_count=pl.col("count").sum(),
            recent_first_seen=pl.col("first_seen").min(),
            recent_last_seen=pl.col("last_seen").max(),
        )
    )
    then = (
        baseline.profile_.lazy()
        .filter(mine & pl.col("dimension").is_in(VIEW_DIMENSIONS))
        .group_by("dimension", "value")
        .agg(
            baseline_count=pl.col("count").sum(),
            baseline_days_seen=pl.col("days_seen").max(),
            baseline_first_seen=pl.col("first_seen").min(),
            baseline_last_seen=pl.col("last_seen").max(),
        )
    )
    order = {d: i for i, d in enumerate(VIEW_DIMENSIONS)}
    values = (
        now.join(then, on=["dimension", "value"], how="full", coalesce=True)
        .with_columns(
            pl.col("recent_count").fill_null(0),
            pl.col("baseline_count").fill_null(0),
            pl.col("baseline_days_seen").fill_null(0),
        )
        .with_columns(is_new=(pl.col("recent_count") > 0) & (pl.col("baseline_count") == 0))
        .with_columns(_order=pl.col("dimension").replace_strict(order, return_dtype=pl.Int64))
        .sort(
            "_order",
            "is_new",
            "recent_count",
            "baseline_count",
            descending=[False, True, True, True],
        )
        .drop("_order")
        .collect(engine=ENGINE)
    )
    stats = baseline.volume_stats_.filter(mine).select(
        baseline_events_median=pl.col("events_median").max(),
        baseline_events_p95=pl.col("events_p95").max(),
        baseline_events_max=pl.col("events_max").max(),
    )
    hours = pl.datetime_range(lo, hi - timedelta(hours=1), "1h", time_zone="UTC", eager=True)
    hourly = (
        pl.DataFrame({"hour": hours.cast(UTC_US)})
        .join(
            volume.lazy()
            .filter(mine)
            .group_by("hour")
            .agg(pl.col("events").sum(), pl.col("errors").sum(), pl.col("access_denied").sum())
            .collect(engine=ENGINE),
            on="hour",
            how="left",
        )
        .with_columns(pl.col("events", "errors", "access_denied").fill_null(0))
        .join(stats, how="cross")
    )
    maturity = baseline.maturity_.filter(mine)
    return PrincipalView(
        principal_arn=arn,
        recent_start=lo,
        recent_end=hi,
        values=values,
        hourly=hourly,
        maturity=maturity,
    )


__all__ = ["VIEW_DIMENSIONS", "PrincipalView", "principal_view"]
