"""attack_distribution_client: a call made from an attack distribution the principal never used.

Kali, Parrot, BlackArch and Pentoo are penetration-testing distributions; their builds of the AWS
CLI and SDKs name them in the user agent (``Linux/6.5.0-kali3-amd64``, ``exe/x86_64.kali.2023``:
enrichment's ``ua_distro``). Amazon GuardDuty reports exactly this as
``PenTest:IAMUser/KaliLinux``, ``PenTest:IAMUser/ParrotLinux`` and ``PenTest:IAMUser/PentooLinux``
("an API was invoked from a ... Linux computer", medium severity): a workload, a vendor or an
administrator does not drive AWS from one. A principal whose own history holds such a client (a
penetration-testing team's role, an authorised red team) is not a hit: its fingerprints
(``ua_fingerprint`` keeps the distribution a build string names) already name it. With no
history at all the call is still a hit (basis ``self``), as GuardDuty's finding needs none.

Family ``credential_misuse``: the credential is in hands that are not its owner's. The hit carries
the principal's incident to ``medium``; with a tactic (``sensitive_api``) of medium or above it is
the second family that corroborates (the fold's promotion).
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import ATTACK_DISTROS, Rule


class AttackDistributionClient(Rule):
    """A call from an attack distribution's client the principal never used."""

    name = "attack_distribution_client"
    family = "credential_misuse"
    basis = "self"
    severity = "medium"
    weight = 0.5
    description = "a call from an attack distribution (Kali, Parrot...) the principal never used"
    params: ClassVar[dict[str, Any]] = {
        "distros": list(ATTACK_DISTROS),
        "skip_principal_types": ["aws_service", "aws_account"],
    }

    def requires(self) -> pl.Expr:
        """Every hit is a principal's own call whose client names an attack distribution."""
        distros = [str(d).lower() for d in self["distros"]]
        return (
            ~pl.col("is_service_call")
            & pl.col("principal").is_not_null()
            & (
                pl.col("ua_distro").str.to_lowercase().is_in(distros)
                | pl.col("ua_os_family").str.to_lowercase().is_in(distros)
            )
        )

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        distros = [str(d).lower() for d in self["distros"]]
        distro = (
            pl.when(pl.col("ua_distro").str.to_lowercase().is_in(distros))
            .then(pl.col("ua_distro").str.to_lowercase())
            .when(pl.col("ua_os_family").str.to_lowercase().is_in(distros))
            .then(pl.col("ua_os_family").str.to_lowercase())
        )
        # one filter with the distribution in it: the rows are gathered once, the few of an
        # attack distribution, not first every call of the day and then those few
        lf = (
            add_features(today)
            .filter(
                ~pl.col("is_service_call")
                & pl.col("principal").is_not_null()
                & ~pl.col("principal_type")
                .is_in(list(self["skip_principal_types"]))
                .fill_null(False)
                & distro.is_not_null()
            )
            .with_columns(distro.alias("_distro"))
        )
        # why: a red team's or pentest role's own client is its routine; the principal's
        # fingerprints keep the distribution a build string names (``Linux/6.5~kali``)
        fingerprint = pl.col("value").str.to_lowercase()
        used = pl.concat(
            [
                baseline.known("principal", "ua_fingerprint")
                .filter(fingerprint.str.contains(d, literal=True))
                .select(pl.col("entity").alias("principal"), _distro=pl.lit(d))
                for d in distros
            ]
        ).unique()
        lf = lf.join(used, on=["principal", "_distro"], how="anti")
        return self.emit(
            lf,
            signal="attack_distribution_client",
            reason=pl.format(
                "{} called {} from {} with {} on {}, an attack distribution it never used "
                "(GuardDuty: PenTest:IAMUser)",
                pl.col("principal_label"),
                pl.col("event_name"),
                pl.col("source_ip_address").fill_null("?"),
                pl.col("ua_family").fill_null("an unknown client"),
                pl.col("_distro"),
            ),
            baseline=pl.lit("no attack-distribution client in its history"),
            observed=pl.format("{} on {}", pl.col("ua_family"), pl.col("_distro")),
        )


__all__ = ["AttackDistributionClient"]
