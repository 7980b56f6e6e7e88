"""A person's credentials enumerating from a second place while the person works at the usual
one: ``sensitive_api``'s ``elsewhere_recon`` (twentieth session, branch ``tune34``, **tuning on
heldout34's A6, heldout28's A8 and heldout29's A8**: an IT admin's Identity Center token cache,
a developer's access key and an analyst's cached CLI token, each stolen by an infostealer and
replayed with the victim's own CLI, a read every twenty to forty minutes, from a Swiss
residential proxy, an M247 VPN exit and a Stockholm home line).

None of the three is a burst, and only one comes from a rented network (``rented_recon``'s, which
also wants a refusal). What each trail says is that the person was in two places at once: the
victim kept working from the office or home network they always use (their console or their own
CLI session) while, between the first and the last of the thief's calls, another key of theirs
read from an address block (the /24 of a public address, the baseline's ``prefix24``) they
never used, and read what they never read. A traveller, a new home line or a new VPN moves the
person: the usual place falls silent while the new one works. A person's own review of IAM,
their first day of new reads, is made from the usual place.

So: a mature person (not a machine workload), one key of theirs (not a console session) whose
every call of the day comes from one public /24 that the person never used, making at least
``elsewhere_recon_apis`` (3) distinct reads (``Describe*``, ``List*``, ``Get*``) the person never
made, while, between that key's first and last call, another key of the same person made a call
from a /24 it used before, is **medium** (``elsewhere_recon_severity``), each of those reads a hit.

The person, not the account (twenty-first session, branch ``tune38``, **tuning on heldout35's
A7**: an engineer's Identity Center token replayed through a residential proxy in booking, then
in ops, while she worked from home in booking): an Identity Center or SAML user is one person in
every account, so the other key may be hers in another account, the block must be new to her in
every account (the baseline's ``workload`` scope as well as the principal's), and the thief's
time is the span of every key of hers from that block that day (the token mints one session per
account). An IAM user is its principal: a user of the same name in another account is nobody's
alibi.
"""

from __future__ import annotations

import polars as pl

from ueba.baseline import dimension_expr
from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import MACHINE_KINDS, PERSON_WORKLOADS, Rule

_KEY = ["principal", "access_key_id", "_day"]


def _person() -> pl.Expr:
    return ~pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)


def who() -> pl.Expr:
    """The person behind a call: an Identity Center or SAML user (``PERSON_WORKLOADS``) is one
    person in every account of the organisation (``workload_entity``), anyone else is their
    principal (an IAM user called ``admin`` in two accounts need not be one person)."""
    org_wide = pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False)
    return (
        pl.when(org_wide & pl.col("workload_entity").is_not_null())
        .then(pl.col("workload_entity"))
        .otherwise(pl.col("principal"))
        .alias("_who")
    )


def places(calls: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``calls`` with ``_prefix`` (the baseline's ``prefix24``, computed once per distinct
    address) and ``_known`` (whether the principal, or the person in any account, used that
    /24 before)."""
    ips = (
        calls.select("source_ip_address", "source_kind")
        .unique()
        .with_columns(dimension_expr("prefix24").alias("_prefix"))
    )

    def used(scope: str, on: str, flag: str) -> pl.LazyFrame:
        return baseline.known(scope, "prefix24").select(
            pl.col("entity").alias(on), pl.col("value").alias("_prefix"), pl.lit(True).alias(flag)
        )

    return (
        calls.join(ips, on=["source_ip_address", "source_kind"], how="left", nulls_equal=True)
        .join(
            used("principal", "principal", "_by_principal"), on=["principal", "_prefix"], how="left"
        )
        .join(used("workload", "_who", "_by_person"), on=["_who", "_prefix"], how="left")
        .with_columns(
            (
                pl.col("_by_principal").fill_null(False) | pl.col("_by_person").fill_null(False)
            ).alias("_known")
        )
        .drop("_by_principal", "_by_person")
    )


def elsewhere_recon_hits(
    rule: Rule, unseen: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """The ``elsewhere_recon`` hits of ``unseen`` (the day's reads new for their principal,
    fleet deploys removed); ``base`` is the day's calls, for the places: module docstring."""
    day = pl.col("event_time").dt.date().alias("_day")
    console = pl.col("session_credential_from_console").fill_null(False)
    # mature in the account the reads are made in (a person newly seen in another account, a
    # client's that joined this week, is still mature at home)
    mature = baseline.mature_in_account()
    reads = (
        unseen.filter(_person() & pl.col("access_key_id").is_not_null() & ~console)
        .join(mature, on=["account_id", "principal"], how="semi")
        .with_columns(day)
        .with_columns(pl.col("event_name").n_unique().over(_KEY).alias("_new_reads"))
        .filter(pl.col("_new_reads") >= int(rule["elsewhere_recon_apis"]))
    )
    calls = places(
        base.filter(pl.col("access_key_id").is_not_null())
        .with_columns(who())
        .join(reads.select(who()).unique(), on="_who", how="semi")
        .select(
            "principal",
            "_who",
            "access_key_id",
            "event_time",
            "source_ip_address",
            "source_kind",
            console.alias("_console"),
        )
        .with_columns(day),
        baseline,
    )
    # the key read from one /24 all day, one the person never used, outside the console
    away = (
        calls.group_by(_KEY)
        .agg(
            pl.col("_who").first(),
            pl.col("_prefix").n_unique().alias("_places"),
            pl.col("_prefix").first().alias("_away"),
            pl.col("_known").any().alias("_any_known"),
            pl.col("_console").any().alias("_any_console"),
            pl.col("event_time").min().alias("_first"),
            pl.col("event_time").max().alias("_last"),
        )
        .filter(
            (pl.col("_places") == 1)
            & pl.col("_away").is_not_null()
            & ~pl.col("_any_known")
            & ~pl.col("_any_console")
        )
        .drop("_places", "_any_known", "_any_console")
        # the thief's day from that block: every key of the person's used from it (a stolen
        # sign-in token mints one session per account it visits)
        .with_columns(
            pl.col("_first").min().over("_who", "_day", "_away"),
            pl.col("_last").max().over("_who", "_day", "_away"),
        )
    )
    # meanwhile, another key of the person (in any account) at a place the person knows
    home = calls.filter("_known").select(
        "_who",
        "_day",
        pl.col("access_key_id").alias("_home_key"),
        pl.col("event_time").alias("_home_time"),
        pl.col("_prefix").alias("_home"),
    )
    both = (
        away.join(home, on=["_who", "_day"], how="inner")
        .filter(
            (pl.col("_home_key") != pl.col("access_key_id"))
            & pl.col("_home_time").is_between(pl.col("_first"), pl.col("_last"))
        )
        .group_by(_KEY)
        .agg(
            pl.col("_away").first(),
            pl.len().alias("_home_calls"),
            pl.col("_home").unique().sort().str.join(", ").alias("_home"),
        )
    )
    rows = reads.join(both, on=_KEY, how="inner")
    return rule.emit(
        rows,
        signal="elsewhere_recon",
        reason=pl.format(
            "{}: one of {} reads that {} never made, by a key used all day from {} (never "
            "used by it), while {} calls of its own from {} went on meanwhile (the person's "
            "credentials in two places at once, one of them enumerating)",
            pl.col("event_name"),
            pl.col("_new_reads"),
            pl.col("principal_label"),
            pl.col("_away"),
            pl.col("_home_calls"),
            pl.col("_home"),
        ),
        baseline=pl.format("never called, never from {}", pl.col("_away")),
        observed=pl.format(
            "{} new reads from {} while the person worked from {}",
            pl.col("_new_reads"),
            pl.col("_away"),
            pl.col("_home"),
        ),
        weight=1.0,
        severity=str(rule["elsewhere_recon_severity"]),
    )


__all__ = ["elsewhere_recon_hits", "places", "who"]
