"""ueba.plot: the data behind each chart is right, and the charts are valid Vega-Lite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

pytest.importorskip("altair")

import ueba.plot
from ueba.baseline.profile import Baseline
from ueba.enrich import enrich
from ueba.enrich.aws_ranges import AwsIpRanges
from ueba.testing.synth import generate_org


@pytest.fixture(scope="module")
def org() -> tuple[Baseline, pl.DataFrame, dict[str, Any]]:
    """A 5-day organisation: a baseline of days 0-3, day 4 with the incidents (C1 = an
    instance's key used from a home address with a macOS aws-cli)."""
    made = generate_org(days=5, seed=0, scale=0.2, accounts=1, inject_days=1)
    enriched = enrich(made.events.lazy(), ip_ranges=AwsIpRanges.bundled()).collect()
    last = made.day(4)
    cut = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC)
    baseline = Baseline(window="30d", min_days=2).fit(
        enriched.filter(pl.col("event_time") < cut).lazy(), until=last
    )
    c1 = made.truth.filter(pl.col("id") == "C1").row(0, named=True)
    return baseline, enriched.filter(pl.col("event_time") >= cut), c1


def test_known_values_flag_what_the_baseline_never_saw(
    org: tuple[Baseline, pl.DataFrame, dict[str, Any]],
) -> None:
    baseline, today, c1 = org
    values = ueba.plot.known_values(baseline, today, c1["principal_arn"])
    new = values.filter(~pl.col("known"))
    assert {"ua_os_family", "network_key"} <= set(new["dimension"])
    assert values.filter(pl.col("known") & (pl.col("dimension") == "api")).height > 0
    chart = ueba.plot.new_vs_known(baseline, today, c1["principal_arn"]).to_dict()
    statuses = {row["status"] for row in chart["data"]["values"]}
    assert statuses == {"known", "new"}


def test_hourly_volume_draws_the_day_over_the_learnt_band(
    org: tuple[Baseline, pl.DataFrame, dict[str, Any]],
) -> None:
    baseline, today, c1 = org
    spec = ueba.plot.hourly_volume(baseline, today, c1["principal_arn"]).to_dict()
    layers = spec["layer"]
    assert [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in layers
    ] == ["rect", "rule", "bar"]
    hours = layers[2]["data"]["values"]
    expected = today.filter(pl.col("principal_arn") == c1["principal_arn"]).height
    assert sum(h["calls"] for h in hours) == expected
    assert all(h["hour"].endswith("Z") for h in hours)
    unknown = ueba.plot.hourly_volume(baseline, today, "arn:aws:iam::1:role/nobody").to_dict()
    assert "no hours" in unknown["title"]


def test_threshold_sweep_counts_precision_and_recall_per_threshold() -> None:
    findings = pl.DataFrame(
        {"score": [0.9, 0.8, 0.5, 0.3], "incident": ["A", None, "B", "A"]},
        schema={"score": pl.Float64, "incident": pl.String},
    )
    sweep = ueba.plot.threshold_sweep(findings, pl.DataFrame({"id": ["A", "B", "C"]}))
    rows = {r["threshold"]: (r["precision"], r["recall"]) for r in sweep.iter_rows(named=True)}
    assert rows[0.9] == (1.0, pytest.approx(1 / 3))
    assert rows[0.8] == (0.5, pytest.approx(1 / 3))
    assert rows[0.5] == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert rows[0.3] == (0.75, pytest.approx(2 / 3))


def test_evaluation_curves_take_a_plain_frame_with_score_or_threshold() -> None:
    plain = pl.DataFrame(
        {
            "score": [0.2, 0.6, 0.9],
            "precision": [0.4, 0.7, 1.0],
            "recall": [1.0, 0.8, 0.3],
            "severity": [None, "medium", "high"],
        }
    )
    spec = ueba.plot.evaluation_curves(plain).to_dict()
    assert len(spec["hconcat"]) == 2

    class Graded:  # what ueba.evaluate returns carries its sweep as an attribute
        sweep = plain.rename({"score": "threshold"})

    assert ueba.plot.evaluation_curves(Graded()).to_dict()["hconcat"]
    with pytest.raises(ValueError, match="precision"):
        ueba.plot.evaluation_curves(pl.DataFrame({"threshold": [0.1], "recall": [1.0]}))
