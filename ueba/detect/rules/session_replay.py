"""person_session_replay: a person's session key used from a second place on another machine.

A person's role session (an IAM Identity Center permission set, or a role federated from an
external IdP by SAML, :data:`ueba.detect.rules._base.PERSON_WORKLOADS`) starts where the person
signed in. An adversary-in-the-middle phishing kit (Evilginx and its kin) steals the signed-in
session cookie and replays it from the attacker's own machine, usually behind a VPN: the same
session key, minutes later, from another network **and** another operating system. A traveller
or a VPN switch keeps the machine (the same OS); a second device signs in on its own (a new
session key). So, per session key of a person, compared with the key's own first public use
today:

- the call comes from another network *and* another operating system than the session began on;
- the network is new for the person (their own history in the baseline, as the workload
  ``saml_user:<session name>`` or ``sso_user:<user name>``: not their colleagues' in the role);
- the person did not sign in from that network today (an ``AssumeRoleWithSAML``, a console
  sign-in with MFA, Identity Center's portal with a second factor: :func:`second_factor`).

That is someone else holding the session: ``credential_misuse``, **medium**. With no history for
the person the network cannot be called new: ``no_history_severity`` (low).
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features, second_factor_rows
from ueba.detect.rules._base import OUTSIDE_KINDS, PERSON_WORKLOADS, Rule


class PersonSessionReplay(Rule):
    """A person's session key used from a new network on another operating system."""

    name = "person_session_replay"
    family = "credential_misuse"
    basis = "self"
    severity = "medium"
    weight = 0.6
    description = "a person's session key replayed from a new network on another OS"
    params: ClassVar[dict[str, Any]] = {"no_history_severity": "low"}

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        day = add_features(today)
        lf = day.filter(
            pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False)
            & pl.col("access_key_id").is_not_null()
            & ~pl.col("is_service_call")
            & pl.col("source_kind").is_in(OUTSIDE_KINDS).fill_null(False)
            & pl.col("network_key").is_not_null()
            & pl.col("ua_os_family").is_not_null()
        )
        order = ["event_time", "event_id"]
        # where and on what the session began (a group-by, not a window followed by a filter:
        # polars 2.1's streaming engine panics on the latter, issue 8)
        start = lf.group_by("access_key_id").agg(
            pl.col("network_key").sort_by(order).first().alias("_start_net"),
            pl.col("ua_os_family").sort_by(order).first().alias("_start_os"),
            pl.col("source_ip_address").sort_by(order).first().alias("_start_ip"),
        )
        moved = lf.join(start, on="access_key_id", how="inner").filter(
            (pl.col("network_key") != pl.col("_start_net"))
            & (pl.col("ua_os_family") != pl.col("_start_os"))
        )
        nets = baseline.known("workload", "network_key")
        known_net = nets.select(
            pl.col("entity").alias("workload_entity"),
            pl.col("value").alias("network_key"),
            _known_net=pl.lit(True),
        ).unique()
        has_history = nets.select(
            pl.col("entity").alias("workload_entity"), _history=pl.lit(True)
        ).unique()
        signed_in = (
            second_factor_rows(day, pl.col("workload_entity").is_not_null())
            .select("workload_entity", "network_key", _signed_in=pl.lit(True))
            .unique()
        )
        hits = (
            moved.join(known_net, on=["workload_entity", "network_key"], how="left")
            .join(has_history, on="workload_entity", how="left")
            .join(signed_in, on=["workload_entity", "network_key"], how="left")
            .filter(pl.col("_known_net").is_null() & pl.col("_signed_in").is_null())
        )
        history = pl.col("_history").fill_null(False)
        return self.emit(
            hits,
            signal="session_replayed",
            reason=pl.format(
                "session key {} of {} ({}) used from {} ({}) on {}; it began at {} on {}, "
                "and {} did not sign in from there today{}",
                pl.col("access_key_id"),
                pl.col("workload_id"),
                pl.col("principal_label"),
                pl.col("source_ip_address"),
                pl.coalesce("as_org", "network_key"),
                pl.col("ua_os_family"),
                pl.col("_start_ip"),
                pl.col("_start_os"),
                pl.col("workload_id"),
                pl.when(history)
                .then(pl.lit(": a network new for the person (a stolen session replayed)"))
                .otherwise(pl.lit(" (no history for the person)")),
            ),
            baseline=pl.format("began at {} on {}", pl.col("_start_net"), pl.col("_start_os")),
            observed=pl.format("{} on {}", pl.col("network_key"), pl.col("ua_os_family")),
            severity=pl.when(history)
            .then(pl.lit(str(self["severity"])))
            .otherwise(pl.lit(str(self["no_history_severity"]))),
        )
