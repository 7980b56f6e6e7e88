"""leaked_long_term_key: an ``AKIA…`` key from a new network with a new client.

Long-term keys leak through code, CI logs and laptops. The giveaway is the pair: a network the
key (or, for a key with no history, its user) has not used, AND a client it has not used -
the same key from a new network with the usual agent is a person travelling; a new agent on the
usual network is an upgrade. Starting the day with ``GetCallerIdentity`` (the first call anyone
makes with a found key) weighs more. With no history for the key nor its user, only the
GetCallerIdentity opening from outside AWS counts, once per key, at lower weight, and only
``low`` (issue 8): Terraform's AWS provider, CI jobs and SDK credential checks open with
``GetCallerIdentity`` too, so the opening alone is what a new trail shows for every automation
user. An attack distribution's client (Kali, Parrot...) on that opening makes it
``cold_offensive_severity`` (medium).

A *seasoned* key (used on ``seasoned_min_days`` days over at least ``seasoned_min_age_days``
calendar days) is judged against its own record even while its principal is still learning
(basis ``self``): the sparse, forgotten keys are the ones that leak.

A key whose whole history (the key's, else its user's) came over private paths only (source
kinds ``private_kinds``: Direct Connect or VPN addresses, VPC endpoints) used from a new public
network is the same theft even with its usual client (``private_key_on_internet``): an
on-premises job's key does not wander onto the Internet; copied off its host, it does.

An application's key (a history of SDKs alone) used with an interactive client it never used
(the aws-cli, the console) to enumerate its own identity and rights, some of it denied, is
the key found on a host and sized up by hand, from whatever network (``sdk_key_probed``,
medium; :mod:`._sdk_key`). A key with no history opened and probed from a hosting provider
is medium too (``found_key_sized_up``, :mod:`._sdk_key`), and so is a key reading data it never
read, from a network it never used, while its usual network uses it the same day
(``key_read_elsewhere``, :mod:`._key_reader`).
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import ATTACK_DISTROS, OUTSIDE_KINDS, Rule
from ueba.detect.rules._key_reader import key_read_elsewhere
from ueba.detect.rules._sdk_key import found_key_sized_up, sdk_key_probed

_EMPTY = pl.lit([], dtype=pl.List(pl.String))


class LeakedLongTermKey(Rule):
    """A long-term access key used from a new network with a new user agent."""

    name = "leaked_long_term_key"
    family = "credential_misuse"
    severity = "high"
    weight = 0.75
    description = "AKIA key from a new network with a new user agent"
    signal_titles: ClassVar[dict[str, str]] = {
        "gci_opener_outside_aws": (
            "AKIA key with no history opened with GetCallerIdentity outside AWS"
        ),
        "private_key_on_internet": (
            "AKIA key only ever used over private paths, now from the Internet"
        ),
        "sdk_key_probed": "an application's AKIA key enumerating its rights with a new CLI",
        "found_key_sized_up": "AKIA key with no history sized up from a hosting provider",
        "key_read_elsewhere": "AKIA key reading new data from elsewhere while its host uses it",
    }
    params: ClassVar[dict[str, Any]] = {
        "gci_factor": 1.3,  # the key's first call is GetCallerIdentity
        "no_baseline_weight": 0.45,
        "cold_severity": "low",
        "cold_offensive_severity": "medium",
        "offensive_distros": list(ATTACK_DISTROS),
        # source kinds of a key that never touches the Internet (see "private_key_on_internet")
        "private_kinds": ["private", "vpc_endpoint"],
        "private_factor": 1.0,
        # a key with a record of its own: used on this many days over this many calendar days
        # (see "seasoned" in the module docstring)
        "seasoned_min_days": 3,
        "seasoned_min_age_days": 7,
        # an application's key probed by hand (see "sdk_key_probed" in the module docstring)
        "sdk_probe_min_calls": 2,
        "sdk_probe_severity": "medium",
        "sdk_probe_factor": 0.8,
        # a key with no history opened and probed from a hosting provider (._sdk_key)
        "found_probe_min_calls": 2,
        "found_probe_severity": "medium",
        # ... that then has SES grant production access or new sending identities
        "found_ses_severity": "high",
        "found_probe_factor": 0.8,
        # a key's copy reading in bulk from elsewhere while its host uses it (._key_reader)
        "reader_min_calls": 10,
        "reader_severity": "medium",
        "reader_factor": 0.8,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        lf = add_features(today).filter(
            pl.col("access_key_id").str.starts_with("AKIA").fill_null(False)
            & ~pl.col("is_service_call")
        )
        # a group-by and a join, not a window followed by a filter: polars 2.1's streaming
        # engine panics on the latter (issue 8). The trail does not order calls within a
        # second, so a key opens with GetCallerIdentity when any call of its first second is one.
        opener = (
            lf.filter(pl.col("key_opening"))
            .group_by("access_key_id")
            .agg(
                pl.when((pl.col("event_name") == "GetCallerIdentity").any())
                .then(pl.lit("GetCallerIdentity"))
                .otherwise(pl.col("event_name").sort().first())
                .alias("opener")
            )
        )
        lf = lf.join(opener, on="access_key_id", how="left")
        outside = pl.col("source_kind").is_in(OUTSIDE_KINDS)

        if not baseline.present:
            return self._cold(lf.filter(outside & (pl.col("opener") == "GetCallerIdentity")))
        return self._warm(lf, baseline)

    def _cold(self, cold: pl.LazyFrame) -> pl.LazyFrame:
        """No history for the key nor its user: only the GetCallerIdentity opening counts,
        and the probes of a key opened from a hosting provider (``found_key_sized_up``)."""
        sized, cold = found_key_sized_up(self, cold)
        offensive = pl.col("ua_distro").is_in(list(self["offensive_distros"])).fill_null(False)
        opening = self.emit(
            # the opening itself, not every later call of the key
            cold.filter(pl.col("key_opening")),
            signal="gci_opener_outside_aws",
            reason=pl.format(
                "long-term key {} of {} opened with GetCallerIdentity from {}{} (no history: "
                "automation opens this way too)",
                pl.col("access_key_id"),
                pl.col("principal_label"),
                pl.col("source_ip_address").fill_null("?"),
                pl.when(offensive)
                .then(
                    pl.format(
                        " with {} on {}, an attack distribution",
                        pl.col("ua_family"),
                        pl.col("ua_distro"),
                    )
                )
                .otherwise(pl.lit("")),
            ),
            baseline=pl.lit("no baseline"),
            observed=pl.format("{} {}", pl.col("source_ip_address"), pl.col("ua_family")),
            weight=float(self["no_baseline_weight"]) / float(self["weight"]),
            severity=pl.when(offensive)
            .then(pl.lit(str(self["cold_offensive_severity"])))
            .otherwise(pl.lit(str(self["cold_severity"]))),
            basis="self",  # the key against itself: its first call, from outside AWS
        )
        return pl.concat([opening, sized], how="vertical")

    def _warm(self, lf: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        outside = pl.col("source_kind").is_in(OUTSIDE_KINDS)

        def known(scope: str, dim: str, key: str, alias: str) -> pl.LazyFrame:
            return (
                baseline.known(scope, dim)
                .group_by("entity")
                # sorted: the baseline text of a hit must not depend on the group order
                .agg(pl.col("value").sort().alias(alias))
                .rename({"entity": key})
            )

        lf = (
            lf.join(
                known("credential", "network_key", "access_key_id", "k_nets"),
                on="access_key_id",
                how="left",
            )
            .join(
                known("credential", "ua_family", "access_key_id", "k_uas"),
                on="access_key_id",
                how="left",
            )
            .join(
                known("principal", "network_key", "principal", "p_nets"), on="principal", how="left"
            )
            .join(known("principal", "ua_family", "principal", "p_uas"), on="principal", how="left")
            .join(
                known("credential", "ua_os_family", "access_key_id", "k_oss"),
                on="access_key_id",
                how="left",
            )
            .join(
                known("principal", "ua_os_family", "principal", "p_oss"), on="principal", how="left"
            )
            .join(
                known("credential", "source_kind", "access_key_id", "k_sides"),
                on="access_key_id",
                how="left",
            )
            .join(
                known("principal", "source_kind", "principal", "p_sides"),
                on="principal",
                how="left",
            )
        )
        # why: leaked keys are mostly the forgotten, rarely used ones (Sysdig's and Permiso's
        # LLMjacking write-ups: a proof-of-concept user's key from a public repository; AWS's
        # IAM best practices: "regularly review and remove unused users ... credentials"). A
        # key used a few days a week is too sparse for the maturity rule, so the scorer would
        # silence its novelty hits, yet its weeks of calls are its own record: judged against
        # it (basis "self"), a sparse key is never treated more leniently than a key with no
        # history at all (whose GetCallerIdentity opening _cold reports)
        seasoned = (
            baseline.seasoned(
                "credential",
                min_days=int(self["seasoned_min_days"]),
                min_age_days=int(self["seasoned_min_age_days"]),
            )
            # one row per key already (seasoned groups by entity)
            .select(pl.col("entity").alias("access_key_id"), _seasoned=pl.lit(True))
        )
        lf = lf.join(seasoned, on="access_key_id", how="left")
        basis = (
            pl.when(pl.col("_seasoned").fill_null(False))
            .then(pl.lit("self"))
            .otherwise(pl.lit("novelty"))
        )
        key_known = pl.col("k_nets").is_not_null()
        nets = (
            pl.when(key_known).then(pl.col("k_nets")).otherwise(pl.col("p_nets")).fill_null(_EMPTY)
        )
        uas = pl.when(key_known).then(pl.col("k_uas")).otherwise(pl.col("p_uas")).fill_null(_EMPTY)
        oss = pl.when(key_known).then(pl.col("k_oss")).otherwise(pl.col("p_oss")).fill_null(_EMPTY)
        sides = (
            pl.when(key_known)
            .then(pl.col("k_sides"))
            .otherwise(pl.col("p_sides"))
            .fill_null(_EMPTY)
        )
        lf = lf.with_columns(
            nets.alias("nets"), uas.alias("uas"), oss.alias("oss"), sides.alias("sides")
        )
        new_net = ~pl.col("nets").list.contains(pl.col("network_key").fill_null("?"))
        # a new client: a new tool, a new operating system, or an offensive distribution
        # (the same aws-cli from Kali Linux is not the user's aws-cli)
        offensive = pl.col("ua_distro").is_in(list(self["offensive_distros"])).fill_null(False)
        new_ua = (
            ~pl.col("uas").list.contains(pl.col("ua_family").fill_null("?"))
            | (
                pl.col("ua_os_family").is_not_null()
                & (pl.col("oss").list.len() > 0)
                & ~pl.col("oss").list.contains(pl.col("ua_os_family").fill_null("?"))
            )
            | offensive
        )
        gci = pl.col("opener") == "GetCallerIdentity"
        has_history = key_known | pl.col("p_nets").is_not_null()
        cold = self._cold(lf.filter(outside & gci & ~has_history))
        hits = lf.filter(outside & new_net & new_ua & has_history)
        # why: a key that only ever came over private paths (Direct Connect, VPN, VPC
        # endpoints) is an on-premises job's; from the Internet, whatever client it names, it
        # was copied off that host (a build server's key in a leaked config)
        # (calls AWS made for the key, aws_service / aws_internal, say nothing of where it is)
        own = pl.col("sides").list.set_difference(pl.lit(["aws_service", "aws_internal"]))
        private_only = own.list.eval(pl.element().is_in(list(self["private_kinds"]))).list.all() & (
            own.list.len() > 0
        )
        escaped = self.emit(
            lf.filter(outside & new_net & ~new_ua & private_only),
            signal="private_key_on_internet",
            reason=pl.format(
                "long-term key {} of {} used from {} ({}): {} only ever used it from private "
                "addresses ({})",
                pl.col("access_key_id"),
                pl.col("principal_label"),
                pl.col("source_ip_address").fill_null("?"),
                pl.coalesce("as_org", "network_key", pl.lit("unknown network")),
                pl.when(key_known).then(pl.lit("the key was")).otherwise(pl.lit("its user was")),
                pl.col("sides").list.join(", "),
            ),
            baseline=pl.format("source kinds {}", pl.col("sides").list.join(", ")),
            observed=pl.format("{} / {}", pl.col("network_key"), pl.col("source_kind")),
            weight=float(self["private_factor"]),
            basis=basis,
        )
        warm = self.emit(
            hits,
            signal="new_network_and_client",
            reason=pl.format(
                "long-term key {} of {} used from {} ({}) with {}: neither seen for {}{}",
                pl.col("access_key_id"),
                pl.col("principal_label"),
                pl.col("source_ip_address").fill_null("?"),
                pl.coalesce("as_org", "network_key", pl.lit("unknown network")),
                pl.format(
                    "{} on {}{}",
                    pl.col("ua_family").fill_null("an unknown client"),
                    pl.col("ua_os_family").fill_null("an unknown OS"),
                    pl.when(offensive)
                    .then(pl.format(" ({}, an attack distribution)", pl.col("ua_distro")))
                    .otherwise(pl.lit("")),
                ),
                pl.when(key_known).then(pl.lit("the key")).otherwise(pl.lit("the user")),
                pl.when(gci)
                .then(pl.lit("; it opened with GetCallerIdentity"))
                .otherwise(pl.lit("")),
            ),
            baseline=pl.format(
                "networks {}; clients {} on {}",
                pl.col("nets").list.join(", "),
                pl.col("uas").list.join(", "),
                pl.col("oss").list.join(", "),
            ),
            observed=pl.format("{} / {}", pl.col("network_key"), pl.col("ua_family")),
            weight=pl.when(gci).then(pl.lit(float(self["gci_factor"]))).otherwise(pl.lit(1.0)),
            basis=basis,
        )
        # why: an application's key sized up by hand, even from its usual network (._sdk_key)
        probed = sdk_key_probed(self, lf.filter(has_history), basis=basis)
        # why: a copy of the key reading in bulk while its host still uses it (._key_reader)
        reader = key_read_elsewhere(self, lf, baseline, basis=basis)
        return pl.concat([warm, escaped, cold, probed, reader], how="vertical")
