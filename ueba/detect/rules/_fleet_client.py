"""A person's first infrastructure-as-code run with the account's own tool.

Issue 8's calibration: new for the principal but known to the fleet is at most low. A person
whose colleagues in the account run Terraform (or Pulumi) from the same networks, running it
for the first time from a network of theirs, brings no client the account has not seen: the
tool is the team's, the person new to it. :func:`mark_account_iac` flags such rows
``_account_iac``; ``chores`` reads it where it would read the usual client for a role's trust
kept home and an EKS cluster's identity provider (at most low), never for housekeeping (info)
nor for anything naming an outsider.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._sensitive_calls import IAC_CLIENTS


def mark_account_iac(named: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``named`` plus ``_account_iac``: the row's client is an infrastructure-as-code tool
    (``IAC_CLIENTS``) that the account's history knows (its other principals ran it), and the
    row comes from a network of the principal's own (``_usual_place``, from ``_in_context``).
    Needs ``account_id``, ``ua_family``, ``_usual_place``."""
    known = (
        baseline.known("account", "ua_family")
        .filter(pl.col("value").is_in(list(IAC_CLIENTS)))
        .select(
            pl.col("entity").alias("account_id"),
            pl.col("value").alias("ua_family"),
            _account_iac=pl.lit(True),
        )
        .unique()
    )
    return named.join(known, on=["account_id", "ua_family"], how="left").with_columns(
        (pl.col("_account_iac").fill_null(False) & pl.col("_usual_place")).alias("_account_iac")
    )


__all__ = ["mark_account_iac"]
