"""credential_ip_lock: pin a workload key to the networks its workload uses (the Netflix method).

Per workload and key, the "lock" is the set of networks (``network_key``: the AWS prefix for AWS
addresses, the ASN or /24 for others) the workload used in the baseline plus those the key used
before today. With no history, the lock is the first network the key is seen from today: a
comparison of the key with itself, which needs no baseline. Calls from any other network are
hits:

- ``new_network``: a later call from a network outside the lock;
- ``attacker_first``: the key's *first* use is already away from the workload's known networks
  (the attacker used it before the workload did, so "pin the first IP" alone would miss it);
- ``concurrent_networks``: the key goes on being used from its lock after the other network
  appeared - two places at once, which no address change explains;
- ``other_region``: a key an AWS service minted for an instance or a function (``AssumeRole``
  by ``ec2.amazonaws.com`` or ``lambda.amazonaws.com``, logged in its region) used from another
  region's EC2 ranges, lock or not: its addresses are in its own region, so that is another
  host (even when it came first and the lock is its network).

Moves inside AWS are graded by what explains them (seed 001's edge cases):

- the trail: an ``AssociateAddress`` / ``DisassociateAddress`` / ``AttachNetworkInterface`` /
  ``StartInstances`` / NAT gateway / route event of the account at or before the move (within
  ``explain_hours``), naming the instance or in the same region, with the new address in that
  region's EC2 ranges (``ip-ranges.json``): **info**, and the reason names the event's ID. A
  public address the trail names as the account's own Elastic IP (BYOIP) likewise;
- the fleet: a network most of the role's instances moved to today with their usual client (a
  new NAT gateway, a release) is **info** (:mod:`ueba.detect.fleet`); one another instance of
  the role used before, or the role's baseline knows, is at most ``fleet_known_severity``
  (low): new to the instance, known to the fleet;
- nothing: another AWS network, another region or another account's address space, is
  ``inside_aws_severity`` (medium): stolen instance credentials replayed from an attacker's
  own EC2 instance look exactly like this on day one.

Lambda functions run on churning AWS addresses: for them only non-AWS networks count, and
``other_region`` (a function calls out from its own region's addresses, however they churn).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import (
    add_features,
    coded,
    decoded,
    first_by_time,
    order_of,
    workload_who,
)
from ueba.detect.rules._base import OUTSIDE_KINDS, WORKLOAD_KINDS, Rule, first_event_rows, rows_at
from ueba.detect.rules._instance_twin import instance_key_elsewhere
from ueba.detect.rules._ip_lock_fleet import fleet_known
from ueba.detect.rules._trail import address_changes, explain_moves, minted_by_service

_EMPTY = pl.lit([], dtype=pl.List(pl.String))


# ip-ranges.json services an instance's own addresses are listed under
_EC2_SERVICES = ("EC2",)


class CredentialIpLock(Rule):
    """A workload key used from a network its workload has not used."""

    name = "credential_ip_lock"
    family = "credential_misuse"
    basis = "self"
    severity = "high"
    weight = 0.7
    description = "workload key used from a network outside its lock (first network seen)"
    params: ClassVar[dict[str, Any]] = {
        "workload_kinds": list(WORKLOAD_KINDS),
        "inside_aws_factor": 0.7,
        "inside_aws_severity": "medium",
        "fleet_known_factor": 0.3,
        "fleet_known_severity": "low",
        "concurrent_severity": "high",
        "address_change_factor": 0.1,
        "explain_hours": 12,
        "fleet_min_actors": 2,
        "fleet_min_share": 0.5,
        "twin_hours": 2,  # an instance's key elsewhere while it stays home (._instance_twin)
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        # the row index: the few flagged rows are fetched from the day by position (below)
        day = add_features(today).with_row_index("_row")
        lf = day.filter(
            pl.col("workload_kind").is_in(list(self["workload_kinds"]))
            & pl.col("access_key_id").is_not_null()
            & ~pl.col("is_service_call")
            & pl.col("source_kind").is_in(["aws", *OUTSIDE_KINDS])
            & pl.col("network_key").is_not_null()
        )
        # Decide per distinct (key, workload, network) - a key makes many calls from few
        # networks - then join the verdict back to the events.
        keys = ["access_key_id", "workload_entity", "workload_kind", "source_kind", "network_key"]
        # read twice below (the first network per key, the verdicts): grouped once in a scoring
        # (on the day's codes when the Scorer made them: features.coded)
        combos = baseline.materialize(
            decoded(
                lf.group_by(*coded(lf, *keys))
                .agg(
                    pl.col("event_time").min().alias("seen_at"),
                    pl.col("event_time").max().alias("last_at"),
                    pl.col("event_id").min().alias("first_id"),
                    pl.col("aws_service").is_in(list(_EC2_SERVICES)).any().alias("_ec2_range"),
                    # the first event's region and issuer: one sort per group for both
                    first_by_time(
                        lf,
                        pl.struct(
                            pl.col("ip_aws_region").alias("_ip_region"),
                            pl.col("key_issuer_event_id").alias("_issuer"),
                        ),
                    ).alias("_first"),
                )
                .unnest("_first"),
                *keys,
            )
        )
        first = (
            combos.sort("seen_at", "first_id")
            .group_by("access_key_id")
            .agg(
                pl.col("network_key").first().alias("first_net"),
                pl.col("last_at").first().alias("first_net_last"),
            )
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
        combos = (
            combos.join(first, on="access_key_id", how="left")
            .join(wk_pairs, on=["workload_entity", "network_key"], how="left")
            .join(kk_pairs, on=["access_key_id", "network_key"], how="left")
            .join(wk, left_on="workload_entity", right_on="entity", how="left")
            .join(kk, left_on="access_key_id", right_on="entity", how="left")
            .join(minted_by_service(today), on="_issuer", how="left")
            .with_columns(
                (pl.col("workload_nets").is_not_null() | pl.col("key_nets").is_not_null()).alias(
                    "has_history"
                ),
                # why: an instance's addresses are in its own region's EC2 ranges, and the
                # service mints its key in that region: another region's EC2 range is another
                # host (GuardDuty's InstanceCredentialExfiltration.InsideAWS), lock or not
                (
                    (pl.col("source_kind") == "aws")
                    & pl.col("_ec2_range")
                    & (pl.col("_ip_region") != pl.col("_mint_region"))
                )
                .fill_null(False)
                .alias("other_region"),
            )
        )
        has_history = pl.col("has_history")
        in_lock = (
            pl.when(has_history)
            .then(pl.col("in_wk").is_not_null() | pl.col("in_kk").is_not_null())
            .otherwise(pl.col("network_key") == pl.col("first_net"))
        )
        inside = pl.col("source_kind") == "aws"
        flagged = combos.filter(
            (~in_lock | pl.col("other_region"))
            # Lambda: AWS addresses churn by design; only non-AWS networks break its lock, or
            # another region's EC2 range (a function runs, and calls out, in its own region)
            & ~((pl.col("workload_kind") == "lambda") & inside & ~pl.col("other_region"))
        ).select(
            *keys,
            "seen_at",
            "first_net",
            "first_net_last",
            "has_history",
            pl.col("key_nets").is_null().alias("key_unseen"),
            "other_region",
            "_mint_region",
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
        # The flagged rows matched on the keys alone, then fetched whole by position: joining
        # the filtered day itself gathered every column of its ~560k rows first (0.24 s of
        # CPU on a 600k-event day) to keep a hundred. In the day's order.
        flagged_rows = lf.select("_row", *keys).join(flagged, on=keys, how="inner").drop(keys)
        # cache(): the steps below read the (few) hit rows several times each; without it the
        # plan repeats the whole day's grouping once per reference
        hits = rows_at(day, flagged_rows).drop("_row").cache()
        hits = self._explained(hits, today).cache()
        hits = fleet_known(
            hits,
            lf,
            today,
            baseline,
            min_actors=int(self["fleet_min_actors"]),
            min_share=float(self["fleet_min_share"]),
        )
        twins = instance_key_elsewhere(self, day, baseline)
        return pl.concat([self._emit(hits), twins], how="vertical")

    def _explained(self, hits: pl.LazyFrame, today: pl.LazyFrame) -> pl.LazyFrame:
        """Add ``explained_by`` / ``explained_name``: the address change the trail records for
        the move (inside AWS: same region's EC2 ranges), or the Elastic IP event naming a
        public address as the account's own."""
        changes = address_changes(today)
        within = dt.timedelta(hours=int(self["explain_hours"]))
        moves = hits.select(
            "access_key_id",
            "network_key",
            "account_id",
            "workload_id",
            "ip_aws_region",
            "seen_at",
            pl.col("aws_service").is_in(list(_EC2_SERVICES)).fill_null(False).alias("_ec2"),
            (pl.col("source_kind") == "aws").alias("_inside"),
            "event_time",
            "event_id",
            *order_of(hits),
        ).pipe(first_event_rows, ["access_key_id", "network_key"])
        inside = explain_moves(moves.filter("_inside" & pl.col("_ec2")), changes, within=within)
        own = (
            changes.drop_nulls("public_ip")
            .sort("changed_at", "change_event_id")
            .unique(["account_id", "public_ip"], keep="first")
            .select(
                "account_id",
                pl.col("public_ip").alias("source_ip_address"),
                pl.col("change_event_id").alias("_own_id"),
                pl.col("change_event_name").alias("_own_name"),
            )
        )
        verdict = inside.select(
            "access_key_id", "network_key", "explained_by", "explained_name"
        ).filter(pl.col("explained_by").is_not_null())
        return (
            hits.join(verdict, on=["access_key_id", "network_key"], how="left")
            .join(own, on=["account_id", "source_ip_address"], how="left")
            .with_columns(
                pl.coalesce("explained_by", "_own_id").alias("explained_by"),
                pl.coalesce("explained_name", "_own_name").alias("explained_name"),
            )
            .drop("_own_id", "_own_name")
        )

    def _emit(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        has_history = pl.col("has_history")
        attacker_first = (
            (pl.col("network_key") == pl.col("first_net")) & pl.col("key_unseen") & has_history
        )
        inside = pl.col("source_kind") == "aws"
        away = pl.col("other_region")
        explained = pl.col("explained_by").is_not_null() & ~away
        deploy = pl.col("fleet_actors").is_not_null() & ~away
        known = pl.col("fleet_known") & ~away
        # still used from its first network after the other one appeared: two places at once
        concurrent = (
            ~attacker_first
            & (pl.col("first_net_last") > pl.col("seen_at")).fill_null(False)
            & (pl.col("network_key") != pl.col("first_net"))
        )
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
            pl.when(away)
            .then(pl.format("{} used from {}", workload_who(), where))
            .when(attacker_first)
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
        why = (
            pl.when(away)
            .then(
                pl.format(
                    "; the key was minted for it in {}: another region's EC2 range is another host",
                    pl.col("_mint_region"),
                )
            )
            .when(explained)
            .then(
                pl.format(
                    "; explained by {} (event {}) in the account's trail",
                    pl.col("explained_name"),
                    pl.col("explained_by"),
                )
            )
            .when(deploy)
            .then(
                pl.format(
                    " (the role's fleet moved there today: {} of {} of its instances/sessions)",
                    pl.col("fleet_actors"),
                    pl.col("fleet_active"),
                )
            )
            .when(concurrent)
            .then(pl.lit(" while still in use from its first network: two places at once"))
            .when(known)
            .then(pl.lit(" (a network the role's other instances use: known to the fleet)"))
            .otherwise(pl.lit(""))
        )
        quiet = explained | deploy
        factor = (
            pl.when(quiet)
            .then(pl.lit(float(self["address_change_factor"])))
            .when(concurrent)
            .then(pl.lit(1.0))
            .when(known)
            .then(pl.lit(float(self["fleet_known_factor"])))
            .when(inside)
            .then(pl.lit(float(self["inside_aws_factor"])))
            .otherwise(pl.lit(1.0))
        )
        severity = (
            pl.when(quiet)
            .then(pl.lit("info"))
            .when(concurrent)
            .then(pl.lit(str(self["concurrent_severity"])))
            .when(known)
            .then(pl.lit(str(self["fleet_known_severity"])))
            .when(inside)
            .then(pl.lit(str(self["inside_aws_severity"])))
            .otherwise(pl.lit(str(self["severity"])))
        )
        signal = (
            pl.when(attacker_first)
            .then(pl.lit("attacker_first"))
            .when(concurrent)
            .then(pl.lit("concurrent_networks"))
            .when(away)
            .then(pl.lit("other_region"))
            .when(inside)
            .then(pl.lit("inside_aws_other_network"))
            .otherwise(pl.lit("new_network"))
        )
        return self.emit(
            lf,
            signal=signal,
            reason=reason + why,
            baseline=pl.format("networks: {}", lock_text),
            observed=pl.col("network_key"),
            weight=factor,
            severity=severity,
        )
