"""Suppressions: drop the rule hits a configuration says are expected (allow-listed
principals and keys, trusted networks, and ``[[detect.suppress]]`` entries whose every given
field matches), before hits fold into findings (:mod:`ueba.detect._grouping`)."""

from __future__ import annotations

import re

import polars as pl

from ueba.config import Config, Suppression
from ueba.detect._ipmatch import NetworkSet


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


__all__ = ["suppress"]
