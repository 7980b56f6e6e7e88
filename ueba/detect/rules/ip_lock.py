"""credential_ip_lock: pin a workload key to the networks its workload uses (the Netflix method).

Per workload and key, the "lock" is the set of networks (``network_key``: the AWS prefix for AWS
addresses, the ASN or /24 for others) the workload used in the baseline plus those the key used
before today. With no history, the lock is the first network the key is seen from today. Calls
from any other network are hits:

- ``new_network``: a later call from a network outside the lock;
- ``attacker_first``: the key's *first* use is already away from the workload's known networks
  (the attacker used it before the workload did, so "pin the first IP" alone would miss it);
- InsideAWS: the other network is an AWS address (another account's instance, say) - lower
  severity, since Elastic IPs and new ENIs also move an instance within AWS. An
  ``AssociateAddress`` / ``AttachNetworkInterface`` for the instance (or, when the request names
  none, the account) today makes an AWS move informational.

Lambda functions run on churning AWS addresses: for them only non-AWS networks count.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features, address_changes, workload_who
from ueba.detect.rules._base import OUTSIDE_KINDS, WORKLOAD_KINDS, Rule

_EMPTY = pl.lit([], dtype=pl.List(pl.String))


class CredentialIpLock(Rule):
    """A workload key used from a network its workload has not used."""

    name = "credential_ip_lock"
    family = "credential_misuse"
    severity = "high"
    weight = 0.7
    description = "workload key used from a network outside its lock (first network seen)"
    params: ClassVar[dict[str, Any]] = {
        "workload_kinds": list(WORKLOAD_KINDS),
        "inside_aws_factor": 0.45,
        "inside_aws_severity": "low",
        "address_change_factor": 0.1,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today).filter(
            pl.col("workload_kind").is_in(list(self["workload_kinds"]))
            & pl.col("access_key_id").is_not_null()
            & ~pl.col("is_service_call")
            & pl.col("source_kind").is_in(["aws", *OUTSIDE_KINDS])
            & pl.col("network_key").is_not_null()
        )
        # Decide per distinct (key, workload, network) - a key makes many calls from few
        # networks - then join the verdict back to the events.
        keys = ["access_key_id", "workload_entity", "workload_kind", "source_kind", "network_key"]
        combos = lf.group_by(keys).agg(
            pl.col("event_time").min().alias("seen_at"), pl.col("event_id").min().alias("first_id")
        )
        first = (
            combos.sort("seen_at", "first_id")
            .group_by("access_key_id")
            .agg(pl.col("network_key").first().alias("first_net"))
        )
        # membership by joins on (entity, network) pairs; lists only for the few hits
        wk_known = baseline.known("workload", "network_key")
        kk_known = baseline.known("credential", "network_key")
        wk_pairs = wk_known.select(
            pl.col("entity").alias("workload_entity"),
            pl.col("value").alias("network_key"),
            in_wk=pl.lit(True),
        )
        kk_pairs = kk_known.select(
            pl.col("entity").alias("access_key_id"),
            pl.col("value").alias("network_key"),
            in_kk=pl.lit(True),
        )
        wk = wk_known.group_by("entity").agg(pl.col("value").sort().alias("workload_nets"))
        kk = kk_known.group_by("entity").agg(pl.col("value").sort().alias("key_nets"))
        moved = address_changes(today)
        by_instance = (
            moved.drop_nulls("instance_id")
            .group_by("account_id", "instance_id")
            .agg(pl.col("changed_at").min().alias("moved_at"))
        )
        by_account = (
            moved.filter(pl.col("instance_id").is_null())
            .group_by("account_id")
            .agg(pl.col("changed_at").min().alias("account_moved_at"))
        )
        combos = (
            combos.join(first, on="access_key_id", how="left")
            .join(wk_pairs, on=["workload_entity", "network_key"], how="left")
            .join(kk_pairs, on=["access_key_id", "network_key"], how="left")
            .join(wk, left_on="workload_entity", right_on="entity", how="left")
            .join(kk, left_on="access_key_id", right_on="entity", how="left")
            .with_columns(
                (pl.col("workload_nets").is_not_null() | pl.col("key_nets").is_not_null()).alias(
                    "has_history"
                )
            )
        )
        has_history = pl.col("has_history")
        in_lock = (
            pl.when(has_history)
            .then(pl.col("in_wk").is_not_null() | pl.col("in_kk").is_not_null())
            .otherwise(pl.col("network_key") == pl.col("first_net"))
        )
        flagged = combos.filter(
            ~in_lock
            # Lambda: AWS addresses churn by design; only non-AWS networks break its lock
            & ~((pl.col("workload_kind") == "lambda") & (pl.col("source_kind") == "aws"))
        ).select(
            *keys,
            "first_net",
            "has_history",
            pl.col("key_nets").is_null().alias("key_unseen"),
            pl.when(has_history)
            .then(
                pl.concat_list(
                    pl.col("workload_nets").fill_null(_EMPTY), pl.col("key_nets").fill_null(_EMPTY)
                )
                .list.unique()
                .list.sort()
            )
            .otherwise(pl.concat_list(pl.col("first_net")))
            .alias("lock"),
        )
        lf = (
            lf.join(flagged, on=keys, how="inner")
            .join(
                by_instance,
                left_on=["account_id", "workload_id"],
                right_on=["account_id", "instance_id"],
                how="left",
            )
            .join(by_account, on="account_id", how="left")
        )
        attacker_first = (
            (pl.col("network_key") == pl.col("first_net")) & pl.col("key_unseen") & has_history
        )
        inside = pl.col("source_kind") == "aws"
        moved_before = (pl.col("moved_at") <= pl.col("event_time")).fill_null(False) | (
            pl.col("account_moved_at") <= pl.col("event_time")
        ).fill_null(False)
        lock_text = pl.col("lock").list.join(", ")
        where = pl.format(
            "{} ({})",
            pl.col("source_ip_address").fill_null("?"),
            pl.coalesce(
                pl.when(inside).then(
                    pl.format(
                        "AWS {} {}",
                        pl.col("aws_service").fill_null(""),
                        pl.col("ip_aws_region").fill_null(""),
                    )
                ),
                pl.col("as_org"),
                pl.col("network_key"),
            ),
        )
        reason = (
            pl.when(attacker_first)
            .then(
                pl.format(
                    "{} first used from {}, not a network the workload uses ({})",
                    workload_who(),
                    where,
                    lock_text,
                )
            )
            .otherwise(
                pl.format(
                    "{} used from {}; the key is locked to {}", workload_who(), where, lock_text
                )
            )
        )
        reason = (
            pl.when(inside & moved_before)
            .then(reason + pl.lit(" (after an address/ENI change, likely benign)"))
            .otherwise(reason)
        )
        factor = (
            pl.when(inside & moved_before)
            .then(pl.lit(float(self["address_change_factor"])))
            .when(inside)
            .then(pl.lit(float(self["inside_aws_factor"])))
            .otherwise(pl.lit(1.0))
        )
        severity = (
            pl.when(inside & moved_before)
            .then(pl.lit("info"))
            .when(inside)
            .then(pl.lit(str(self["inside_aws_severity"])))
            .otherwise(pl.lit(str(self["severity"])))
        )
        return self.emit(
            lf,
            signal=pl.when(attacker_first)
            .then(pl.lit("attacker_first"))
            .when(inside)
            .then(pl.lit("inside_aws_other_network"))
            .otherwise(pl.lit("new_network")),
            reason=reason,
            baseline=pl.format("networks: {}", lock_text),
            observed=pl.col("network_key"),
            weight=factor,
            severity=severity,
        )
