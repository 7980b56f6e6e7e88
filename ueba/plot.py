"""Charts for notebooks (``pip install 'ueba[plot]'``: altair). Data in, an altair chart out.

* :func:`hourly_volume`: a principal's calls per hour against what its baseline expects;
* :func:`new_vs_known`: a principal's values of each dimension (network, ASN, client, OS, API,
  region), coloured by whether its baseline knows them;
* :func:`evaluation_curves`: precision and recall against the score threshold, and precision
  against recall, from any frame with ``threshold`` (or ``score``), ``precision`` and ``recall``
  columns (``ueba evaluate``'s sweep, or :func:`threshold_sweep` of graded findings).

The frames are prepared with polars (the chart gets a few hundred rows at most) and every
function returns the chart unrendered: ``chart`` in a notebook cell shows it,
``chart.save("x.html")`` writes it.

>>> import ueba.plot
>>> ueba.plot.hourly_volume(baseline, enriched_today, "arn:aws:iam::1:role/app")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba._expr import hour_of

DIMENSIONS = ("network_key", "asn", "ua_family", "ua_os_family", "api", "region")


def _altair() -> Any:
    try:
        import altair as alt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("ueba.plot needs altair: pip install 'ueba[plot]'") from exc
    return alt


def _frame(data: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return data.collect(engine=ENGINE) if isinstance(data, pl.LazyFrame) else data


def _values(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows for Vega-Lite: times as ISO 8601 text (UTC), everything else as is."""
    times = [c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)]
    return frame.with_columns(
        pl.col(c).dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ") for c in times
    ).to_dicts()


def hourly_volume(baseline: Any, events: pl.DataFrame | pl.LazyFrame, principal_arn: str) -> Any:
    """Calls per hour of ``principal_arn`` in ``events`` (EVENTS or ENRICHED), over the band its
    baseline learnt for an active hour (median to 95th percentile; the dashed line is the
    largest hour learnt)."""
    alt = _altair()
    lf = events.lazy()
    has_principal = "principal_arn" in lf.collect_schema().names()
    who = pl.col("principal_arn") if has_principal else pl.col("identity_arn")
    hourly = _frame(
        lf.filter(who == principal_arn)
        .group_by(hour_of().alias("hour"))
        .agg(pl.len().alias("calls"))
        .sort("hour")
    )
    stats = baseline.volume_stats_.filter(
        (pl.col("scope") == "principal") & (pl.col("entity") == principal_arn)
    )
    title = f"{principal_arn.rsplit('/', 1)[-1]}: calls per hour"
    bars = (
        alt.Chart(alt.Data(values=_values(hourly)))
        .mark_bar()
        .encode(
            x=alt.X("hour:T", title="hour (UTC)"),
            y=alt.Y("calls:Q", title="calls"),
            tooltip=["hour:T", "calls:Q"],
        )
    )
    if stats.is_empty():
        return bars.properties(title=f"{title} (the baseline has no hours of it)")
    band = stats.select(
        pl.col("events_median").alias("median"),
        pl.col("events_p95").alias("p95"),
        pl.col("events_max").alias("max"),
    )
    base = alt.Chart(alt.Data(values=band.to_dicts()))
    rule = base.mark_rect(opacity=0.2, color="#2e7d32").encode(y="median:Q", y2="p95:Q")
    top = base.mark_rule(strokeDash=[4, 3], color="#2e7d32").encode(y="max:Q")
    return alt.layer(rule, top, bars).properties(title=title, width=560, height=200)


def known_values(
    baseline: Any,
    enriched: pl.DataFrame | pl.LazyFrame,
    principal_arn: str,
    *,
    dimensions: Sequence[str] = DIMENSIONS,
) -> pl.DataFrame:
    """(dimension, value, calls, known) of ``principal_arn`` in ENRICHED ``enriched``: known =
    its baseline has the value for the principal. The data behind :func:`new_vs_known`."""
    from ueba.detect.features import add_features

    lf = add_features(enriched.lazy()).filter(pl.col("principal") == principal_arn)
    have = lf.collect_schema().names()
    dims = [d for d in dimensions if d in have]
    today = _frame(
        lf.select([pl.col(d).cast(pl.String) for d in dims])
        .unpivot(on=dims, variable_name="dimension", value_name="value")
        .drop_nulls("value")
        .group_by("dimension", "value")
        .agg(pl.len().alias("calls"))
    )
    learnt = baseline.profile_.filter(
        (pl.col("scope") == "principal") & (pl.col("entity") == principal_arn)
    ).select("dimension", pl.col("value").cast(pl.String), pl.lit(True).alias("known"))
    return (
        today.join(learnt.unique(["dimension", "value"]), on=["dimension", "value"], how="left")
        .with_columns(pl.col("known").fill_null(False))
        .sort("dimension", "calls", descending=[False, True])
    )


def new_vs_known(
    baseline: Any,
    enriched: pl.DataFrame | pl.LazyFrame,
    principal_arn: str,
    *,
    dimensions: Sequence[str] = DIMENSIONS,
    top: int = 12,
) -> Any:
    """Bars of calls per value of each dimension, red where the baseline never saw the value."""
    alt = _altair()
    data = (
        known_values(baseline, enriched, principal_arn, dimensions=dimensions)
        .with_columns(
            pl.when(pl.col("known")).then(pl.lit("known")).otherwise(pl.lit("new")).alias("status")
        )
        .group_by("dimension", maintain_order=True)
        .head(top)
    )
    return (
        alt.Chart(alt.Data(values=_values(data)))
        .mark_bar()
        .encode(
            x=alt.X("calls:Q"),
            y=alt.Y("value:N", sort="-x", title=None),
            color=alt.Color(
                "status:N", scale=alt.Scale(domain=["known", "new"], range=["#90a4ae", "#c62828"])
            ),
            row=alt.Row("dimension:N", title=None),
            tooltip=["dimension:N", "value:N", "calls:Q", "status:N"],
        )
        .resolve_scale(y="independent")
        .properties(title=f"{principal_arn.rsplit('/', 1)[-1]}: new vs known", width=420)
    )


def threshold_sweep(findings: pl.DataFrame, attacks: pl.DataFrame) -> pl.DataFrame:
    """Precision and recall at every score threshold, from graded findings.

    ``findings`` has ``score`` and ``incident`` (the attack it belongs to; null = a false
    finding; findings of benign changes should be dropped or left null); ``attacks`` lists the
    attack incidents in an ``id`` column. At threshold t: precision = findings with score >= t
    that belong to an attack / findings with score >= t; recall = attacks with such a finding /
    attacks. One row per distinct score, highest first.
    """
    ids = attacks.select(pl.col("id").alias("incident"), pl.lit(True).alias("_attack"))
    graded = (
        findings.select("score", "incident")
        .join(ids, on="incident", how="left")
        .with_columns(pl.col("_attack").fill_null(False))
    )
    thresholds = graded.select(pl.col("score").unique().alias("threshold"))
    above = thresholds.join(graded, how="cross").filter(pl.col("score") >= pl.col("threshold"))
    total = max(attacks.height, 1)
    return (
        above.group_by("threshold")
        .agg(
            pl.len().alias("findings"),
            pl.col("_attack").sum().alias("true_findings"),
            pl.col("incident").filter(pl.col("_attack")).n_unique().alias("attacks_found"),
        )
        .with_columns(
            (pl.col("true_findings") / pl.col("findings")).alias("precision"),
            (pl.col("attacks_found") / total).alias("recall"),
        )
        .sort("threshold", descending=True)
    )


def evaluation_curves(sweep: Any) -> Any:
    """Precision and recall against the threshold, and precision against recall.

    ``sweep`` is a frame with ``precision`` and ``recall`` and a ``threshold`` or ``score``
    column (a ``severity`` column, when present, labels each severity's operating point), or
    anything with such a frame as its ``sweep`` attribute (the result of ``ueba.evaluate``).
    """
    alt = _altair()
    frame = _frame(sweep.sweep if hasattr(sweep, "sweep") else sweep)
    if "threshold" not in frame.columns and "score" in frame.columns:
        frame = frame.rename({"score": "threshold"})
    missing = {"threshold", "precision", "recall"} - set(frame.columns)
    if missing:
        raise ValueError(
            f"the sweep has no {', '.join(sorted(missing))} column(s): give a frame with "
            "threshold (or score), precision and recall, e.g. ueba.plot.threshold_sweep(...)"
        )
    frame = frame.sort("threshold")
    long = frame.unpivot(on=["precision", "recall"], index="threshold", variable_name="measure")
    by_threshold = (
        alt.Chart(alt.Data(values=_values(long)))
        .mark_line(point=True, interpolate="step-after")
        .encode(
            x=alt.X("threshold:Q", title="score threshold"),
            y=alt.Y("value:Q", scale=alt.Scale(domain=[0, 1])),
            color="measure:N",
            tooltip=["threshold:Q", "measure:N", "value:Q"],
        )
        .properties(title="precision and recall by threshold", width=300, height=220)
    )
    pr = alt.Chart(alt.Data(values=_values(frame))).encode(
        x=alt.X("recall:Q", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("precision:Q", scale=alt.Scale(domain=[0, 1])),
        tooltip=["threshold:Q", "precision:Q", "recall:Q"],
    )
    curve = pr.mark_line(point=True, interpolate="step-before")
    if "severity" in frame.columns:
        labels = (
            pr.transform_filter("datum.severity != null")
            .mark_text(dx=8, align="left")
            .encode(text="severity:N")
        )
        curve = alt.layer(curve, labels)
    return alt.hconcat(
        by_threshold, curve.properties(title="precision / recall", width=240, height=220)
    )


__all__ = [
    "DIMENSIONS",
    "evaluation_curves",
    "hourly_volume",
    "known_values",
    "new_vs_known",
    "threshold_sweep",
]
