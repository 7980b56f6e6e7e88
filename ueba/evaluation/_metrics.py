"""The figures of an evaluation, from matched findings: per tier, per rule, per score threshold.

Every function takes the matched findings (``merge_findings`` then ``match``: FINDINGS plus
``incident``, ``label``) and the truth, and returns a small DataFrame.
"""

from __future__ import annotations

import polars as pl

from ueba.evaluation._match import SEVERITY_RANK, severity_rank
from ueba.schema import EVALUATION, SEVERITIES

TIERS = SEVERITIES  # each tier means "this severity or above"; info = every finding
MEDIUM = SEVERITY_RANK["medium"]


def _incidents(truth: pl.DataFrame, label: str) -> pl.Series:
    return truth.filter(pl.col("label") == label).get_column("id").unique()


def tier_table(matched: pl.DataFrame, truth: pl.DataFrame, population: int) -> pl.DataFrame:
    """One EVALUATION row per tier."""
    attacks, benign = _incidents(truth, "attack"), _incidents(truth, "benign")
    ranked = matched.with_columns(_rank=severity_rank().fill_null(0))
    rows = []
    for tier in TIERS:
        at = ranked.filter(pl.col("_rank") >= SEVERITY_RANK[tier])
        is_attack = pl.col("label") == "attack"
        per_incident = (
            at.filter(pl.col("incident").is_not_null()).group_by("incident", "label").len()
        )
        found = per_incident.filter(pl.col("label") == "attack").height
        flagged = per_incident.filter(pl.col("label") == "benign").height
        true = at.filter(is_attack.fill_null(False)).height
        false = at.height - true
        rows.append(
            {
                "tier": tier,
                "attacks": attacks.len(),
                "attacks_found": found,
                "recall": found / attacks.len() if attacks.len() else None,
                "benign": benign.len(),
                "benign_flagged": flagged,
                "findings": at.height,
                "false_findings": false,
                "unlabelled_findings": at.filter(pl.col("incident").is_null()).height,
                "precision": true / at.height if at.height else None,
                "false_per_1000": 1000.0 * false / population if population else None,
                "findings_per_incident": per_incident.get_column("len").mean()
                if per_incident.height
                else None,
                "max_findings_per_incident": per_incident.get_column("len").max()
                if per_incident.height
                else None,
                "min_score": at.get_column("score").min() if at.height else None,
            }
        )
    return pl.DataFrame(rows, schema=dict(EVALUATION), orient="row")


def incident_table(matched: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    """One row per labelled incident: findings, highest severity and score, rules, how matched."""
    ranked = matched.filter(pl.col("incident").is_not_null()).with_columns(
        _rank=severity_rank().fill_null(0)
    )
    per = ranked.group_by("incident").agg(
        pl.len().alias("findings"),
        pl.col("_rank").max().alias("_max_rank"),
        pl.col("score").max().alias("max_score"),
        pl.col("rules")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .drop_nulls()
        .unique()
        .sort()
        .alias("rules"),
        pl.col("matched_by").unique().sort().alias("matched_by"),
    )
    names = truth.group_by("id", maintain_order=True).agg(
        pl.col("label").first(), pl.col("name").drop_nulls().first()
    )
    return (
        names.join(per, left_on="id", right_on="incident", how="left")
        .with_columns(
            pl.col("findings").fill_null(0),
            pl.col("_max_rank")
            .replace_strict(dict(enumerate(SEVERITIES)), default=None, return_dtype=pl.String)
            .alias("max_severity"),
        )
        .drop("_max_rank")
        .sort("label", "id")
    )


def rule_table(matched: pl.DataFrame) -> pl.DataFrame:
    """Each rule alone (the findings it took part in) and each rule removed (the findings some
    other rule also raised), at any severity and at medium and above.

    Severity is the finding's as reported: a finding is not re-scored without the rule, so
    "removed" is an upper bound on what remains (the other rules might have scored lower)."""
    ranked = matched.with_columns(
        _rank=severity_rank().fill_null(0), _rules=pl.col("rules").fill_null([])
    )
    names = sorted(set(ranked.get_column("_rules").explode().drop_nulls().to_list()))
    rows = []
    for rule in names:
        has = pl.col("_rules").list.contains(pl.lit(rule))
        others = pl.col("_rules").list.set_difference(pl.lit([rule])).list.len() > 0
        row: dict[str, object] = {"rule": rule, "findings": ranked.filter(has).height}
        for part, keep in (("alone", has), ("removed", others)):
            for tier, floor in (("any", 0), ("medium", MEDIUM)):
                sub = ranked.filter(keep & (pl.col("_rank") >= floor))
                found = sub.filter(pl.col("label") == "attack").get_column("incident").n_unique()
                false = sub.filter(pl.col("label").fill_null("") != "attack").height
                row[f"{part}_attacks_found_{tier}"] = found
                row[f"{part}_false_{tier}"] = false
        row["only_rule_for"] = (
            ranked.filter((pl.col("label") == "attack") & (pl.col("_rank") >= MEDIUM))
            .group_by("incident")
            .agg(
                pl.col("_rules")
                .list.explode(keep_nulls=False, empty_as_null=False)
                .unique()
                .alias("_all")
            )
            .filter(pl.col("_all").list.len() == 1, pl.col("_all").list.first() == rule)
            .height
        )
        rows.append(row)
    schema = {"rule": pl.String(), "findings": pl.Int64()}
    for part in ("alone", "removed"):
        for tier in ("any", "medium"):
            schema[f"{part}_attacks_found_{tier}"] = pl.Int64()
            schema[f"{part}_false_{tier}"] = pl.Int64()
    schema["only_rule_for"] = pl.Int64()
    out = pl.DataFrame(rows, schema=schema, orient="row")
    return out.sort("alone_attacks_found_medium", "findings", descending=True)


def threshold_sweep(matched: pl.DataFrame, truth: pl.DataFrame, population: int) -> pl.DataFrame:
    """Precision and recall of keeping the findings with ``score >= threshold``, for every
    distinct score (highest first): ``threshold, findings, true_findings, false_findings,
    attacks_found, precision, recall, false_per_1000``."""
    attacks = _incidents(truth, "attack").len()
    scored = matched.filter(pl.col("score").is_not_null()).with_columns(
        _true=(pl.col("label") == "attack").fill_null(False)
    )
    by_score = scored.group_by("score").agg(
        pl.len().alias("_n"), pl.col("_true").sum().alias("_tp")
    )
    incident_max = (
        scored.filter(pl.col("_true"))
        .group_by("incident")
        .agg(pl.col("score").max())
        .group_by("score")
        .len()
        .rename({"len": "_found"})
    )
    steps = (
        by_score.join(incident_max, on="score", how="full", coalesce=True)
        .fill_null(0)
        .sort("score", descending=True)
        .select(
            pl.col("score").alias("threshold"),
            pl.col("_n").cum_sum().cast(pl.Int64).alias("findings"),
            pl.col("_tp").cum_sum().cast(pl.Int64).alias("true_findings"),
            pl.col("_found").cum_sum().cast(pl.Int64).alias("attacks_found"),
        )
        .with_columns(false_findings=pl.col("findings") - pl.col("true_findings"))
    )
    return steps.with_columns(
        precision=pl.when(pl.col("findings") > 0).then(
            pl.col("true_findings") / pl.col("findings")
        ),
        recall=(pl.col("attacks_found") / attacks) if attacks else pl.lit(None, pl.Float64),
        false_per_1000=(1000.0 * pl.col("false_findings") / population)
        if population
        else pl.lit(None, pl.Float64),
    ).select(
        "threshold",
        "findings",
        "true_findings",
        "false_findings",
        "attacks_found",
        "precision",
        "recall",
        "false_per_1000",
    )


__all__ = ["TIERS", "incident_table", "rule_table", "threshold_sweep", "tier_table"]
