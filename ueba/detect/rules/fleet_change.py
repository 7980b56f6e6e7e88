"""fleet_change: one change note per role and day when its whole fleet changed at once.

A release that makes every instance of a role call a new API, an SDK upgrade that brings a new
client to all of them, a NAT gateway that moves all of them to a new network: the change
appears across most of the role's instances or sessions at once, from its usual networks and
with its usual client (:mod:`ueba.detect.fleet`). The rules that judge novelty
(``first_seen``, ``sensitive_api``, ``credential_ip_lock``) drop such rows to **info**; this rule
says once what changed, so that the change is on record without one finding per instance and
hour. The note is **info**, or ``sensitive_severity`` (low) when the fleet started a sensitive
call (a secret read, say): worth a glance, not an alarm, **info** again when a release by another
principal of the account came within ``release_window`` before it (:mod:`._fleet_release`,
twenty-sixth session, ``lows27``, tuned on heldout28 B9 and heldout42 B2). Its hits carry no key
or workload, so they fold into one finding of the role.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.fleet import FLEET_DIMENSIONS, fleet
from ueba.detect.rules._base import Rule
from ueba.detect.rules._fleet_release import fleet_releases
from ueba.detect.rules._sensitive_calls import SENSITIVE_APIS
from ueba.detect.rules.evasion import EVASION_APIS

_LABEL = {
    "api": "calling",
    "ua_family": "using client",
    "network_key": "calling from",
    "region": "working in region",
}

_CONTEXT_TEXT = {
    "api": "from the role's usual networks with its usual client",
    "region": "from the role's usual networks with its usual client",
    "ua_family": "from the role's usual networks",
    "network_key": "with the role's usual client",
}


class FleetChange(Rule):
    """The change note of a role whose instances or sessions all changed at once."""

    name = "fleet_change"
    family = "fleet"
    basis = "novelty"
    severity = "info"
    weight = 0.05
    needs_baseline = True
    description = "a role's whole fleet changed at once (a deploy): one note per role and day"
    params: ClassVar[dict[str, Any]] = {
        "dimensions": list(FLEET_DIMENSIONS),
        "min_actors": 2,
        "min_share": 0.5,
        "sensitive_severity": "low",
        # a sensitive new call shipped by a release (another principal's PutImage, SendCommand,
        # UpdateService...) this long before the fleet's first call is the release's: info
        "release_window": "2h",
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        view = fleet(
            today,
            baseline,
            min_actors=int(self["min_actors"]),
            min_share=float(self["min_share"]),
        )
        # a role the baseline has never seen is learning: everything it does is "new"
        known_roles = (
            baseline.maturity.filter(pl.col("scope") == "principal")
            .select(pl.col("entity").alias("principal"))
            .unique()
        )
        deploys = (
            view.deploys()
            .filter(pl.col("dimension").is_in(list(self["dimensions"])))
            .join(known_roles, on="principal", how="inner")
            .select(
                pl.col("first_event_id").alias("event_id"),
                pl.col("dimension").alias("_dim"),
                pl.col("value").alias("_value"),
                "actors",
                "active_actors",
            )
        )
        sensitive = {a for names in SENSITIVE_APIS.values() for a in names} | set(EVASION_APIS)
        featured = add_features(today)
        rows = (
            featured.join(deploys, on="event_id", how="inner")
            # the note is about the role: no key or workload, so it folds into one finding
            .with_columns(
                pl.col("workload_kind").alias("_fleet_kind"),
                pl.lit(None, pl.String).alias("access_key_id"),
                pl.lit(None, pl.String).alias("workload_kind"),
                pl.lit(None, pl.String).alias("workload_id"),
            )
        )
        is_sensitive = (pl.col("_dim") == "api") & pl.col("_value").str.split(
            ":"
        ).list.last().is_in(sorted(sensitive))
        rows = fleet_releases(rows, featured, str(self["release_window"]))
        released = pl.col("_release").is_not_null()
        release_text = (
            pl.when(is_sensitive & released)
            .then(pl.format(", after the release {}: its content, not the role's", "_release"))
            .otherwise(pl.lit(""))
        )
        # the context each dimension's deploy was judged in (fleet._NEEDS): a new network is
        # a deploy with the usual client only, so its note must not claim the usual networks
        context = pl.col("_dim").replace_strict(
            _CONTEXT_TEXT, default=_CONTEXT_TEXT["api"], return_dtype=pl.String
        )
        label = pl.col("_dim").replace_strict(
            _LABEL, default=pl.col("_dim"), return_dtype=pl.String
        )
        return self.emit(
            rows,
            signal=pl.lit("fleet_new_") + pl.col("_dim"),
            reason=pl.format(
                "{} changed across its fleet: {} of {} instances/sessions started {} {} today "
                "{} (a deploy; first event {}{})",
                pl.col("principal_label"),
                pl.col("actors"),
                pl.col("active_actors"),
                label,
                pl.col("_value"),
                context,
                pl.col("event_id"),
                release_text,
            ),
            baseline=pl.format("{} not in the role's profile", pl.col("_dim")),
            observed=pl.format(
                "{}={} on {} actors", pl.col("_dim"), pl.col("_value"), pl.col("actors")
            ),
            severity=pl.when(is_sensitive & ~released)
            .then(pl.lit(str(self["sensitive_severity"])))
            .otherwise(pl.lit(str(self["severity"]))),
        )
