"""Grade findings against labelled incidents: ``ueba.evaluate(findings, truth, population=...)``.

The same figures for any run, whoever labelled it: recall of attacks and false findings per
1,000 principal-days per severity tier, findings per incident, each rule's contribution, and a
threshold sweep over ``score``. Matching is strict and documented in :mod:`ueba.evaluation._match`
and ``docs/evaluation.md``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from ueba.evaluation._io import parse_times, population_from_lake, read_findings
from ueba.evaluation._match import MATCH_KINDS, grade_updates, merge_findings
from ueba.evaluation._metrics import TIERS, incident_table, rule_table, threshold_sweep, tier_table
from ueba.evaluation._report import to_html, to_text
from ueba.evaluation._truth import LABELS, read_truth
from ueba.exceptions import ConfigError

Truth = str | os.PathLike[str] | pl.DataFrame | Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class Evaluation:
    """The graded result. Frames, so a notebook can slice them; ``to_dict`` for JSON."""

    tiers: pl.DataFrame  # EVALUATION, one row per tier (info .. critical, "this or above")
    incidents: pl.DataFrame  # per labelled incident: findings, max severity/score, rules
    rules: pl.DataFrame  # per rule: alone / removed, any severity and medium+
    sweep: pl.DataFrame  # per score threshold: precision, recall, false per 1,000
    findings: pl.DataFrame  # FINDINGS per finding_id and incident + incident, label, matched_by
    population: int  # principal-days
    slack: dt.timedelta

    def tier(self, name: str) -> dict[str, Any]:
        """The figures of one tier as a dict (``evaluation.tier("medium")["recall"]``)."""
        rows = self.tiers.filter(pl.col("tier") == name).to_dicts()
        if not rows:
            raise ConfigError(f"{name!r} is not a tier", fix=f"use one of {', '.join(TIERS)}")
        return rows[0]

    @property
    def false_findings(self) -> pl.DataFrame:
        """Findings that belong to no attack (benign changes and unlabelled)."""
        return self.findings.filter(pl.col("label").fill_null("") != "attack")

    def operating_points(self) -> dict[str, dict[str, Any]]:
        """Where each severity sits on the threshold sweep: its lowest score, precision, recall."""
        return {
            row["tier"]: {k: row[k] for k in ("min_score", "precision", "recall", "false_per_1000")}
            for row in self.tiers.iter_rows(named=True)
        }

    def to_dict(self) -> dict[str, Any]:
        """One JSON-ready object (``ueba evaluate --format json``)."""

        def ready(frame: pl.DataFrame) -> list[dict[str, Any]]:
            return frame.to_dicts()

        return {
            "population": {"principal_days": self.population},
            "matching": {"slack_seconds": self.slack.total_seconds(), "kinds": list(MATCH_KINDS)},
            "findings": self.findings.height,
            "tiers": {row.pop("tier"): row for row in self.tiers.to_dicts()},
            "incidents": ready(self.incidents),
            "rules": ready(self.rules),
            "operating_points": self.operating_points(),
            "sweep": ready(self.sweep),
        }

    def to_text(self) -> str:
        """The tables for a terminal or a Markdown file."""
        return to_text(self)

    def to_html(self) -> str:
        """A self-contained HTML ``<section>``: tables and the precision/recall curve (SVG)."""
        return to_html(self)


def evaluate(
    findings: pl.LazyFrame | pl.DataFrame | str | os.PathLike[str],
    truth: Truth,
    *,
    population: int | None = None,
    lake: str | os.PathLike[str] | None = None,
    days: tuple[str | dt.date, str | dt.date] | None = None,
    slack: str | dt.timedelta = dt.timedelta(0),
) -> Evaluation:
    """Grade ``findings`` against labelled incidents.

    Parameters
    ----------
    findings
        FINDINGS (LazyFrame or DataFrame), or a findings file (ueba JSONL, OCSF JSONL, Parquet).
        Rows sharing a ``finding_id`` (a finding updated on later days) count once per
        incident their own evidence matches, at the severity of those rows.
    truth
        Labelled incidents: a CSV/JSON/Parquet path, a DataFrame or a list of dicts; see
        :func:`read_truth`.
    population
        Principal-days observed, the denominator of false findings per 1,000 principal-days.
        ``None`` with ``lake``: counted in the lake over ``days`` (first, last; inclusive),
        by default the days the findings span.
    slack
        Widen every incident's time range by this much on both sides (``"1h"`` or a
        timedelta); strict (0) by default.

    Examples
    --------
    >>> result = ueba.evaluate("findings.jsonl", "truth.csv", population=4200)  # doctest: +SKIP
    >>> result.tier("medium")["attacks_found"], result.tier("medium")["false_per_1000"]  # doctest: +SKIP
    (6, 0.24)
    """
    if isinstance(findings, (str, os.PathLike)):
        frame: pl.LazyFrame | pl.DataFrame = read_findings(findings)
    elif isinstance(findings, pl.DataFrame):
        frame = parse_times(findings)
    else:
        frame = findings
    merged = merge_findings(frame)
    incidents = read_truth(truth)
    width = _slack(slack)
    if population is None and lake is not None:
        if days is None:
            span = merged.select(
                pl.col("first_seen").min().dt.date(), pl.col("last_seen").max().dt.date()
            ).row(0)
            days = (span[0], span[1]) if span[0] is not None else None
        population = population_from_lake(lake, start=days[0], end=days[1]) if days else 0
    if population is not None and population < 0:
        raise ConfigError(
            f"population {population} is negative", fix="give the principal-days observed"
        )
    pop = int(population or 0)
    matched = grade_updates(frame, incidents, slack=width)
    return Evaluation(
        tiers=tier_table(matched, incidents, pop),
        incidents=incident_table(matched, incidents),
        rules=rule_table(matched),
        sweep=threshold_sweep(matched, incidents, pop),
        findings=matched,
        population=pop,
        slack=width,
    )


def _slack(value: str | dt.timedelta) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    text = value.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    if text[-1:] in units and text[:-1].isdigit():
        return dt.timedelta(seconds=int(text[:-1]) * units[text[-1]])
    if text.isdigit():
        return dt.timedelta(seconds=int(text))
    raise ConfigError(f"slack {value!r} is not a duration", fix="write e.g. 30m, 1h or 0")


__all__ = [
    "LABELS",
    "MATCH_KINDS",
    "TIERS",
    "Evaluation",
    "evaluate",
    "population_from_lake",
    "read_findings",
    "read_truth",
]
