"""threat_intel: a call from an address on a user-supplied threat list.

GuardDuty's ``MaliciousIPCaller.Custom`` idea. The lists come from the configuration
(``[intel] threat = ["feeds/bad.txt", "203.0.113.0/24"]``: files of one address or CIDR per
line, or inline CIDRs); ``ueba`` never downloads a feed. Trusted lists (``[intel] trusted``) are
applied by the scorer and suppress every hit from those addresses, this rule's included.
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._ipmatch import NetworkSet
from ueba.detect.features import add_features
from ueba.detect.rules._base import Rule


class ThreatIntel(Rule):
    """A source address inside one of the configured threat networks."""

    name = "threat_intel"
    family = "threat_intel"
    basis = "self"
    severity = "high"
    weight = 0.85
    description = "source address on a configured threat list"
    params: ClassVar[dict[str, Any]] = {"networks": [], "list_name": "the threat list"}

    def check_params(self) -> ThreatIntel:
        super().check_params()
        # a bad CIDR is a configuration error (raised by build_rules), not a scoring failure
        NetworkSet(self["networks"], where="intel.threat")
        return self

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        nets = NetworkSet(self["networks"], where="intel.threat")
        lf = nets.rows_in(add_features(today))
        return self.emit(
            lf,
            signal="threat_list",
            reason=pl.format(
                "{} called {} from {}, an address on {}",
                pl.col("principal_label"),
                pl.col("event_name"),
                pl.col("source_ip_address"),
                pl.lit(str(self["list_name"])),
            ),
            baseline=pl.lit("not on a threat list"),
            observed=pl.col("source_ip_address"),
        )
