"""Suppressions, and folding rule hits into one finding per incident.

An incident is one credential on one day: hits are grouped by (account, access key - or the
principal when the event carries no key, e.g. a failed console sign-in - , UTC day). Session
keys live about an hour, so for them this is the session; a long-term key's day is its window.
"""

from __future__ import annotations

import re
import uuid

import polars as pl

from ueba.config import Config, Suppression
from ueba.detect._ipmatch import NetworkSet
from ueba.schema import EVIDENCE, FINDINGS, SEVERITIES, conform

# uuid5 namespace of ueba findings (uuid5(NAMESPACE_URL, "https://github.com/ueba/findings"))
FINDING_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/ueba/findings")
_SEV_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def _glob_regex(pattern: str) -> str:
    # fnmatch.translate emits Python-only syntax (\Z); polars' regex engine wants ^...$
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return f"^{body}$"


def _glob(column: str, pattern: str) -> pl.Expr:
    regex = _glob_regex(pattern)
    return pl.col(column).str.contains(regex).fill_null(False)


def suppress(hits: pl.LazyFrame, config: Config) -> pl.LazyFrame:
    """Drop hits the configuration says are expected: allow-lists, trusted networks,
    suppressions (every field given must match)."""
    keep = pl.lit(True)
    for pattern in config.allow_principals:
        keep = keep & ~_glob("principal_arn", pattern)
    for pattern in config.allow_access_keys:
        keep = keep & ~_glob("access_key_id", pattern)
    hits = hits.filter(keep)
    if config.trusted_networks:
        trusted = NetworkSet(config.trusted_networks, where="intel.trusted")
        hits = (
            trusted.mark(hits, column="source_ip", alias="_trusted")
            .filter(~pl.col("_trusted"))
            .drop("_trusted")
        )
    for i, rule in enumerate(config.suppressions):
        hits = _apply(hits, rule, i)
    return hits


def _apply(hits: pl.LazyFrame, rule: Suppression, i: int) -> pl.LazyFrame:
    fields = {
        "rule": "rule",
        "signal": "signal",
        "principal": "principal_arn",
        "access_key_id": "access_key_id",
        "account_id": "account_id",
        "event_name": "event_name",
        "user_agent": "user_agent",
    }
    match = pl.lit(True)
    for attr, column in fields.items():
        pattern = getattr(rule, attr)
        if pattern is not None:
            match = match & _glob(column, pattern)
    if rule.source_ip:
        nets = NetworkSet(rule.source_ip, where=f"detect.suppress[{i}].source_ip")
        hits = nets.mark(hits, column="source_ip", alias="_in")
        match = match & pl.col("_in")
        return hits.filter(~match).drop("_in")
    return hits.filter(~match)


def fold(
    hits: pl.LazyFrame,
    *,
    rule_titles: dict[str, str],
    promote_score: float = 0.9,
    min_severity: str = "low",
    max_reasons: int = 12,
) -> pl.LazyFrame:
    """HITS -> FINDINGS, one row per incident.

    ``score`` is the noisy-OR of the incident's distinct signals, each at its strongest hit:
    ``1 - prod(1 - w)``. Many events repeating one signal therefore count once, and independent
    evidence compounds. ``severity`` is the highest severity among the hits, raised one level
    when the score reaches ``promote_score`` and at least two rule families each contributed a
    hit of medium or above (corroboration).
    """
    sev_rank = pl.col("severity").replace_strict(_SEV_RANK, default=0, return_dtype=pl.Int64)
    h = hits.with_columns(
        pl.coalesce("access_key_id", "principal_arn", pl.lit("unknown")).alias("incident_key"),
        pl.col("event_time").dt.date().cast(pl.String).alias("day"),
        sev_rank.alias("sev_rank"),
    ).cache()  # three aggregations below read the hits: compute them once
    incident = ["account_id", "incident_key", "day"]
    # Ties (equal weight, same second) are broken by event id and text so that a finding does
    # not depend on the order the rules' hits arrive in (which the engine does not fix).
    strongest_first = h.sort(
        "weight", "event_time", "event_id", "reason", descending=[True, False, False, False]
    )
    signals = strongest_first.group_by(
        [*incident, "rule", "family", "signal"], maintain_order=True
    ).agg(
        pl.col("weight").first(),
        pl.col("sev_rank").max(),
        pl.col("evidence").first(),
    )
    per_signal = signals.group_by(incident).agg(
        (1.0 - (1.0 - pl.col("weight")).product()).alias("score"),
        pl.col("sev_rank").max().alias("max_rank"),
        pl.col("rule").sort_by("weight", "rule", descending=[True, False]).first().alias("rule"),
        pl.col("rule").unique().sort().alias("rules"),
        pl.col("family")
        .filter(pl.col("sev_rank") >= _SEV_RANK["medium"])
        .n_unique()
        .alias("strong_families"),
        pl.col("evidence")
        .sort_by("weight", "rule", "signal", descending=[True, False, False])
        .alias("evidence"),
    )
    reasons = (
        strongest_first.group_by([*incident, "reason"], maintain_order=True)
        .agg(pl.col("weight").first())
        .group_by(incident)
        .agg(
            pl.col("reason")
            .sort_by("weight", "reason", descending=[True, False])
            .head(max_reasons)
            .alias("reasons")
        )
    )
    context = h.group_by(incident).agg(
        pl.col("principal_arn").drop_nulls().first(),
        pl.col("principal_type").drop_nulls().first(),
        pl.col("access_key_id").drop_nulls().first(),
        pl.col("workload_kind").drop_nulls().first(),
        pl.col("workload_id").drop_nulls().first(),
        pl.col("source_ip").drop_nulls().unique().sort().alias("source_ips"),
        pl.col("user_agent").drop_nulls().unique().sort().alias("user_agents"),
        pl.col("event_time").min().alias("first_seen"),
        pl.col("event_time").max().alias("last_seen"),
        pl.col("event_id").drop_nulls().unique().sort().alias("event_ids"),
    )
    promote = (pl.col("score") >= promote_score) & (pl.col("strong_families") >= 2)
    top = len(SEVERITIES) - 1
    rank = (
        pl.when(promote)
        .then((pl.col("max_rank") + 1).clip(upper_bound=top))
        .otherwise(pl.col("max_rank"))
    )
    out = (
        per_signal.join(reasons, on=incident, how="left")
        .join(context, on=incident, how="left")
        .with_columns(rank.alias("rank"))
        .filter(pl.col("rank") >= _SEV_RANK[min_severity])
        .with_columns(
            pl.col("rank")
            .replace_strict(dict(enumerate(SEVERITIES)), return_dtype=pl.String)
            .alias("severity"),
            pl.col("score").clip(0.0, 1.0).round(4),
            pl.col("event_ids").list.len().cast(pl.Int64).alias("event_count"),
            pl.format(
                "{}: {}",
                pl.col("rule").replace_strict(
                    rule_titles, default=pl.col("rule"), return_dtype=pl.String
                ),
                pl.coalesce(
                    pl.col("principal_arn").str.split("/").list.last(), pl.col("incident_key")
                ),
            ).alias("title"),
            pl.concat_str(
                pl.col("rules").list.join(","),
                "account_id",
                pl.col("principal_arn").fill_null(""),
                pl.col("access_key_id").fill_null(""),
                "day",
                separator="|",
            ).alias("_id_text"),
        )
        .with_columns(
            pl.col("_id_text").map_batches(_uuid5, return_dtype=pl.String).alias("finding_id"),
            pl.col("evidence").cast(pl.List(EVIDENCE)),
        )
        .sort(["rank", "score", "first_seen"], descending=[True, True, False])
    )
    return conform(out, FINDINGS)


def _uuid5(texts: pl.Series) -> pl.Series:
    # one call per finding (not per event): findings are few
    return pl.Series(
        [None if t is None else str(uuid.uuid5(FINDING_NAMESPACE, t)) for t in texts.to_list()],
        dtype=pl.String,
    )


def severity_at_least(findings: pl.LazyFrame, severity: str) -> pl.LazyFrame:
    """Findings whose severity is ``severity`` or above."""
    ok = [s for s in SEVERITIES if _SEV_RANK[s] >= _SEV_RANK[severity]]
    return findings.filter(pl.col("severity").is_in(ok))


__all__ = ["FINDING_NAMESPACE", "fold", "severity_at_least", "suppress"]
