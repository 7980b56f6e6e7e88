"""One person in two places at once: ``person_session_replay``'s ``person_in_two_places``
(eighteenth session, branch ``tune28``, tuning on heldout29's A8).

A person's session key replayed by someone else needs no new browser or machine: an
infostealer lifts the Identity Center CLI's cached token (``~/.aws/sso/cache``) with the
agent's identity, and the thief exchanges it for role credentials (``GetRoleCredentials``)
from a residential proxy in the victim's own country, with the victim's own CLI. Every call of
such a session carries the portal's second factor, so the place cannot be "vouched" against;
and one key never moves, so the session's own travel says nothing. What cannot be faked is the
owner going on working meanwhile: two of the person's session keys used at the same time from
two places no one could travel between (CrowdStrike and Microsoft on token theft, "impossible
travel" between concurrent sessions; Okta's concurrent-session anomaly).

So, per person (``workload_entity`` of :data:`._base.PERSON_WORKLOADS`, with networks of
their own in the baseline), each (key, network) is a *visit* (its first and last call today, where it is):

- the candidate visit's network is new for the person (not in their baseline networks), the
  anchor's is one of theirs (where they sit); another key;
- the person did not *sign in* at the new network today (a SAML assertion, a console sign-in,
  Identity Center's portal sign-in with a second factor: :data:`FRESH_SIGN_INS`): the identity
  provider authenticating them there says they are there (a traveller whose evening session the
  trail shows from home); a cached token's ``GetRoleCredentials`` is no sign-in;
- both places say where someone is (coordinates, not a hosting, VPN or proxy exit);
- they are at least ``twin_min_km`` (300) apart, and the time between the two visits (zero when
  they overlap; at least a minute) is shorter than an airliner needs (``max_kmh``, 900 km/h).

The hit goes on the candidate visit's calls: **medium**. A person who works from home in the
evening has no office session then; a traveller's day at the office ends hours before she
lands; a home and an office in one city are not 300 km apart.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._hosting import rented_expr
from ueba.detect.features import haversine_km, second_factor_rows
from ueba.detect.rules._base import person_call_outside

_VISIT = ["workload_entity", "access_key_id", "network_key"]
# sign-ins where the identity provider or AWS authenticated the person just then: a SAML
# assertion, a console sign-in, Identity Center's portal sign-in with a second factor. Not
# GetRoleCredentials (Identity Center's CLI exchanging the token it cached, for hours or days)
FRESH_SIGN_INS = (
    "AssumeRoleWithSAML",
    "ConsoleLogin",
    "UserAuthentication",
    "CredentialVerification",
)


def two_places(
    day: pl.LazyFrame, baseline: BaselineView, *, min_km: float, max_kmh: float
) -> pl.LazyFrame:
    """Rows of ``day`` (featured events) on a visit of a person's key to a network new for
    them while another of their keys was used from one of their own networks too far away to
    travel between (module docstring), plus ``_anchor_key``, ``_anchor_ip``, ``_km``,
    ``_gap_min`` and ``_kmh``."""
    rows = day.filter(
        person_call_outside()
        & pl.col("latitude").is_not_null()
        & pl.col("longitude").is_not_null()
        & ~rented_expr()
    )
    known = baseline.workload_networks("_known")
    visits = (
        rows.group_by(_VISIT)
        .agg(
            pl.col("event_time").min().alias("_from"),
            pl.col("event_time").max().alias("_to"),
            pl.col("latitude").first().alias("_lat"),
            pl.col("longitude").first().alias("_lon"),
            pl.col("source_ip_address").first().alias("_ip"),
        )
        .join(known, on=["workload_entity", "network_key"], how="left")
        .with_columns(pl.col("_known").fill_null(False))
    )
    # why: a person the identity provider authenticated at the new place today signed in
    # there; the place they are not is the other one (a traveller's evening session that the
    # trail shows from home, heldout27's B1). A stolen token's exchange is no such sign-in
    fresh = (
        second_factor_rows(
            day,
            pl.col("event_name").is_in(FRESH_SIGN_INS)
            & pl.col("error_code").is_null()
            & pl.col("workload_entity").is_not_null(),
        )
        .select("workload_entity", "network_key")
        .unique()
    )
    anchors = visits.filter("_known").select(
        "workload_entity",
        pl.col("access_key_id").alias("_anchor_key"),
        pl.col("_from").alias("_a_from"),
        pl.col("_to").alias("_a_to"),
        pl.col("_lat").alias("_a_lat"),
        pl.col("_lon").alias("_a_lon"),
        pl.col("_ip").alias("_anchor_ip"),
    )
    gap = pl.max_horizontal(
        (pl.col("_from") - pl.col("_a_to")).dt.total_seconds(),
        (pl.col("_a_from") - pl.col("_to")).dt.total_seconds(),
        pl.lit(60.0),
    )
    pairs = (
        visits.filter(~pl.col("_known"))
        .join(fresh, on=["workload_entity", "network_key"], how="anti")
        .join(anchors, on="workload_entity", how="inner")
        .filter(pl.col("access_key_id") != pl.col("_anchor_key"))
        .with_columns(
            haversine_km(pl.col("_lat"), pl.col("_lon"), pl.col("_a_lat"), pl.col("_a_lon")).alias(
                "_km"
            ),
            (gap / 60.0).alias("_gap_min"),
        )
        .with_columns((pl.col("_km") / (pl.col("_gap_min") / 60.0)).alias("_kmh"))
        .filter((pl.col("_km") >= min_km) & (pl.col("_kmh") > max_kmh))
        # the nearest in time of the person's places for each visit
        .sort("_gap_min", "_anchor_key")
        .group_by(_VISIT)
        .agg(pl.col("_anchor_key", "_anchor_ip", "_km", "_gap_min", "_kmh").first())
    )
    return rows.join(pairs, on=_VISIT, how="inner")


__all__ = ["FRESH_SIGN_INS", "two_places"]
