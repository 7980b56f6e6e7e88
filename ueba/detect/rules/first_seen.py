"""first_seen: a principal doing something it has not done within the window.

One rule, several dimensions, each with its own window and weight: the network (``network_key``:
ASN or /24 for non-AWS addresses), ``country``, ``ua_os_family``, ``ua_family``, ``api``
(``event_source:event_name``) and ``region``. A value new for the principal weighs
``weights[dim]``; one that is also new for the whole account weighs ``account_weights[dim]``
("new for this role" is weaker evidence than "new for everyone").

Cold-start care: a principal seen on fewer than the baseline's ``min_days`` days is not judged
(everything it does is new), and with no baseline the rule is silent. Calls AWS makes for you
(``invokedBy``, service hostnames) are skipped: their network and agent say nothing about the
key holder. Network and country only count for non-AWS addresses (AWS addresses churn; the
credential_ip_lock rule judges those).
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import OUTSIDE_KINDS, Rule

DIMENSIONS = ("network_key", "country", "ua_os_family", "ua_family", "api", "region")
_LABEL = {
    "network_key": "network",
    "country": "country",
    "ua_os_family": "operating system",
    "ua_family": "client",
    "api": "API",
    "region": "region",
}


class FirstSeen(Rule):
    """A value of a behaviour dimension never seen for the principal in the window."""

    name = "first_seen"
    family = "novelty"
    severity = "low"
    weight = 1.0  # the per-dimension weights below carry the strength
    needs_baseline = True
    description = "network, country, OS, client, API or region new for the principal"
    params: ClassVar[dict[str, Any]] = {
        "dimensions": list(DIMENSIONS),
        "weights": {
            "network_key": 0.2,
            "country": 0.3,
            "ua_os_family": 0.3,
            "ua_family": 0.15,
            "api": 0.1,
            "region": 0.2,
        },
        "account_weights": {
            "network_key": 0.3,
            "country": 0.45,
            "ua_os_family": 0.4,
            "ua_family": 0.2,
            "api": 0.15,
            "region": 0.35,
        },
        "windows": {},  # per-dimension window, e.g. {api = "90d"}; default: the baseline's
        "ignore_values": [],  # "dimension=value" pairs never reported, e.g. "ua_family=console"
        "skip_principal_types": ["aws_service", "aws_account", "anonymous"],
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        from ueba.detect.rules._base import window_days

        lf = add_features(today).filter(
            ~pl.col("is_service_call")
            & pl.col("principal").is_not_null()
            & ~pl.col("principal_type").is_in(list(self["skip_principal_types"])).fill_null(False)
        )
        mature = (
            baseline.mature("principal")
            .filter("mature")
            .select(pl.col("entity").alias("principal"), "days_observed")
        )
        lf = lf.join(mature, on="principal", how="inner")
        ignored = {tuple(v.split("=", 1)) for v in self["ignore_values"] if "=" in v}
        parts: list[pl.LazyFrame] = []
        for dim in self["dimensions"]:
            days = window_days(
                str(self["windows"].get(dim, f"{baseline.window_days}d")),
                where=f"detect.rules.first_seen.windows.{dim}",
            )
            rows = lf.with_columns(pl.col(dim).cast(pl.String).alias("value")).filter(
                pl.col("value").is_not_null() & (pl.col("value") != "")
            )
            if dim in ("network_key", "country"):
                rows = rows.filter(pl.col("source_kind").is_in(OUTSIDE_KINDS))
            skip = [v for d, v in ignored if d == dim]
            if skip:
                rows = rows.filter(~pl.col("value").is_in(skip))
            seen_p = baseline.known("principal", dim, window_days=days).select(
                pl.col("entity").alias("principal"), "value"
            )
            seen_a = baseline.known("account", dim, window_days=days).select(
                pl.col("entity").alias("account_id"), "value", seen_a=pl.lit(True)
            )
            # judge each distinct (principal, account, value) once, then join back
            fresh = (
                rows.select("principal", "account_id", "value")
                .unique()
                .join(seen_p, on=["principal", "value"], how="anti")
                .join(seen_a, on=["account_id", "value"], how="left")
            )
            new = rows.join(
                fresh, on=["principal", "account_id", "value"], how="inner", nulls_equal=True
            )
            new_for_account = pl.col("seen_a").is_null()
            shown = pl.col("event_name") if dim == "api" else pl.col("value")
            if dim == "network_key":
                shown = pl.format(
                    "{} ({})", pl.col("source_ip_address"), pl.coalesce("as_org", "value")
                )
            label = _LABEL.get(dim, dim)
            verb = "never called by" if dim == "api" else "never seen for"
            prefix = pl.lit("") if dim == "api" else pl.lit(label + " ")
            reason = pl.format(
                "{}{}: {} {} in {} days{}",
                prefix,
                shown,
                pl.lit(verb),
                pl.col("principal_label"),
                pl.lit(days),
                pl.when(new_for_account)
                .then(pl.lit(", nor by anyone in the account"))
                .otherwise(pl.lit("")),
            )
            w_p = float(self["weights"].get(dim, 0.1))
            w_a = float(self["account_weights"].get(dim, w_p))
            parts.append(
                self.emit(
                    new,
                    signal=f"new_{dim}",
                    reason=reason,
                    baseline=pl.lit(f"not in {days}-day profile of the principal"),
                    observed=pl.col("value"),
                    weight=pl.when(new_for_account).then(pl.lit(w_a)).otherwise(pl.lit(w_p)),
                    severity=pl.when(new_for_account)
                    .then(pl.lit(str(self["severity"])))
                    .otherwise(pl.lit("info")),
                )
            )
        if not parts:
            return self.emit(lf.head(0), signal="", reason=pl.lit(""), observed=pl.lit(""))
        return pl.concat(parts, how="vertical")
