"""key_origin: a session key used away from where it was minted.

``AssumeRole``, ``GetSessionToken``, ``AssumeRoleWithSAML`` and ``AssumeRoleWithWebIdentity``
hand out a key to whoever called them, from where they called: a laptop, a CI runner. The
trail records both the minting call and every use of the key (identity enrichment binds them:
``key_issuer_event_id``), so the key can be compared with its own origin, with no history at all
(``basis = "self"``): the first-IP lock of keys that people and pipelines mint.

A use from a public network other than the minting call's is ``low`` (a laptop changing Wi-Fi
does that); from another network *and* with another client family, ``medium`` (a key copied
from a CI log and replayed from a desktop). Keys of EC2/ECS/Lambda workloads are minted by AWS
and judged by ``credential_outside_workload`` and ``credential_ip_lock``; calls AWS makes for
you and minting calls made by a service are skipped.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import OUTSIDE_KINDS, WORKLOAD_KINDS, Rule, rows_among


class KeyOrigin(Rule):
    """A minted session key used from a network other than the one that minted it."""

    name = "key_origin"
    family = "credential_misuse"
    basis = "self"
    severity = "medium"
    weight = 0.6
    description = "session key used away from the network that minted it"
    params: ClassVar[dict[str, Any]] = {
        "network_only_severity": "low",
        "network_only_factor": 0.5,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today)
        issuers = lf.filter(
            pl.col("error_code").is_null()
            & ~pl.col("is_service_call")
            & pl.col("source_kind").is_in(["aws", *OUTSIDE_KINDS])
        ).select(
            pl.col("event_id").alias("key_issuer_event_id"),
            pl.col("event_name").alias("issuer_event"),
            pl.col("network_key").alias("issuer_network"),
            pl.col("source_ip_address").alias("issuer_ip"),
            pl.col("ua_family").alias("issuer_client"),
        )
        chosen = lf.filter(
            pl.col("key_issuer_event_id").is_not_null()
            & pl.col("access_key_id").is_not_null()
            & ~pl.col("is_service_call")
            & ~pl.col("workload_kind").is_in(list(WORKLOAD_KINDS)).fill_null(False)
            & pl.col("source_kind").is_in(OUTSIDE_KINDS)
            & pl.col("network_key").is_not_null()
        )
        # only these keys' issuing calls: the day's other rows are never gathered for the join
        minted = rows_among(
            issuers, chosen.select("key_issuer_event_id"), ["key_issuer_event_id"], baseline
        )
        uses = chosen.join(minted, on="key_issuer_event_id", how="inner").filter(
            pl.col("network_key") != pl.col("issuer_network")
        )
        other_client = (
            pl.col("ua_family").is_not_null()
            & pl.col("issuer_client").is_not_null()
            & (pl.col("ua_family") != pl.col("issuer_client"))
        )
        return self.emit(
            uses,
            signal=pl.when(other_client)
            .then(pl.lit("away_from_origin_new_client"))
            .otherwise(pl.lit("away_from_origin")),
            reason=pl.format(
                "session key {} of {} minted by {} (event {}) from {} ({}) is used from {} ({}){}",
                pl.col("access_key_id"),
                pl.col("principal_label"),
                pl.col("issuer_event"),
                pl.col("key_issuer_event_id"),
                pl.col("issuer_ip").fill_null("?"),
                pl.col("issuer_network"),
                pl.col("source_ip_address").fill_null("?"),
                pl.coalesce("as_org", "network_key"),
                pl.when(other_client)
                .then(
                    pl.format(
                        " with {} instead of {}", pl.col("ua_family"), pl.col("issuer_client")
                    )
                )
                .otherwise(pl.lit("")),
            ),
            baseline=pl.format("minted from {}", pl.col("issuer_network")),
            observed=pl.col("network_key"),
            weight=pl.when(other_client)
            .then(pl.lit(1.0))
            .otherwise(pl.lit(float(self["network_only_factor"]))),
            severity=pl.when(other_client)
            .then(pl.lit(str(self["severity"])))
            .otherwise(pl.lit(str(self["network_only_severity"]))),
        )
